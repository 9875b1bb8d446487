"""Passwords, tokens, roles."""
