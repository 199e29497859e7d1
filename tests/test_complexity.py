"""No function in calendars/ or rotations/ over complexity 15 or over 80 lines (issue 20).

Complexity is radon's cyclomatic complexity, which counts boolean operators and
comprehensions as well as branches: stricter than ruff's C901, and the measure
issue 20 gives its figures in. A function's length runs from its `def` line to
its last line, decorators and docstring included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import need

try:
    from radon.complexity import cc_visit
    from radon.visitors import Function
except ImportError:  # pragma: no cover - radon is in the test extra
    cc_visit = None

ROOT = Path(__file__).parents[1]
MAX_COMPLEXITY = 15
MAX_LINES = 80
FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for d in ("calendars", "rotations")
    for p in (ROOT / d).rglob("*.py")
)


def _offenders(path: str) -> list[str]:
    """Each function of `path` over the limits, as file:line name (complexity, lines)."""
    assert cc_visit is not None
    found: dict[str, None] = {}  # radon lists a method in its class and on its own: once
    for block in cc_visit((ROOT / path).read_text(encoding="utf-8")):
        functions = [block] if isinstance(block, Function) else list(block.methods)
        for f in functions:
            lines = f.endline - f.lineno + 1
            if f.complexity > MAX_COMPLEXITY or lines > MAX_LINES:
                found[f"{path}:{f.lineno} {f.fullname} ({f.complexity}, {lines} lines)"] = None
    return list(found)


@pytest.mark.parametrize("path", FILES)
def test_no_function_is_too_complex_or_too_long(path: str) -> None:
    need(cc_visit is not None, "radon")
    offenders = _offenders(path)
    assert not offenders, (
        f"over complexity {MAX_COMPLEXITY} or {MAX_LINES} lines (radon cc): " + "; ".join(offenders)
    )


def test_the_limits_catch_a_long_complex_function(tmp_path: Path) -> None:
    """The measure itself: 16 branches and 81 lines are each one too many."""
    need(cc_visit is not None, "radon")
    assert cc_visit is not None
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(15))
    (complex_, short) = cc_visit(f"def f(x):\n{branches}    return -1\n\n\ndef g():\n    pass\n")
    assert (complex_.complexity, short.complexity) == (16, 1)
    body = "".join(f"    y = {i}\n" for i in range(80))
    (long_,) = cc_visit(f"def h():\n{body}")
    assert long_.endline - long_.lineno + 1 == 81
