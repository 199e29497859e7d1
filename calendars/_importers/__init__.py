"""_importers layer."""
