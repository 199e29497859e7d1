"""The `samverkan` command line: argument parsing and the commands."""

from calendars._cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
