"""The Retrospectiva: a year of POCs told as a short video (story, templates, frames, sound, encoder)."""
