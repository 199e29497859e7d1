"""_formats layer."""
