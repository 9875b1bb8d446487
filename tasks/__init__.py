"""Celery tasks: thin wrappers that call services."""
