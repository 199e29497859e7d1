"""`python -m calendars._cli`: the `samverkan` command."""

import sys

from calendars._cli.parser import main

sys.exit(main())
