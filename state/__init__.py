"""Reflex State classes: thin UI state that calls services."""
