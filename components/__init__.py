"""Reusable Reflex components (no data access)."""
