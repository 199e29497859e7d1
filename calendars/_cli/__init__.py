"""The `samverkan` command line: argument parsing and the commands."""

from calendars._cli.parser import _parser, main

__all__ = ["_parser", "main"]
