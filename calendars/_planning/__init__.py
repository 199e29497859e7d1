"""_planning layer."""
