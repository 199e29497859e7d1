"""Every public name imports and says what it is (model: trio's test_exports)."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["rotations", "calendars", "rotations.testing"])
def test_public_names_import_and_have_docstrings(package: str) -> None:
    module = importlib.import_module(package)
    names = module.__all__
    assert names == sorted(names)
    for name in names:
        obj = getattr(module, name)
        if isinstance(obj, tuple):  # constants document themselves in the module
            continue
        assert (obj.__doc__ or "").strip(), f"{package}.{name} has no docstring"


def test_rotations_does_not_import_calendars() -> None:
    import subprocess
    import sys

    code = "import sys, rotations, rotations.testing; print('calendars' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
