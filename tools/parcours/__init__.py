"""The project's developer tool behind ``./parcours`` (standard library only)."""
