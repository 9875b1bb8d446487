"""The production profile on one machine: web processes behind HAProxy, workers per queue family, beat."""
