"""Use-cases: the core plus storage, answering with platform-neutral replies (no discord import)."""
