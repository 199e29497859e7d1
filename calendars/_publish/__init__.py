"""_publish layer."""
