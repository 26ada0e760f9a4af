"""Slash command groups, one module each. They only translate: options in, neutral replies out."""
