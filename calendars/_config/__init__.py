"""_config layer."""
