"""Use cases shared by the REST API, the UI state and the Celery tasks."""
