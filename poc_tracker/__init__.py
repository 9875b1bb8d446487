"""POC Tracker: the domain core and the Reflex app entry."""
