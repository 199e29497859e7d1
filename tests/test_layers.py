"""The layers of `calendars` import only what they stand on (docs/design.md draws the fan).

From the bottom: the words and error roots; the model; then four siblings
that stand on the model alone and never import each other (the
configuration, planning, formats, importers); publishing, on planning and
formats; the command line, on everything. The front door
(`calendars/__init__.py`) may import any layer. Imports inside functions
count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

import calendars

ROOT = Path(calendars.__file__).parent
LAYERS = ("base", "_model", "_config", "_planning", "_formats", "_publish", "_importers", "_cli")
BASE = ("_errors", "_words")
SIBLINGS = ("_config", "_planning", "_formats", "_importers")
"""The fan: each stands on the model and the base only, and imports no other."""
_BELOW = {
    "base": (),
    "_model": ("base",),
    **dict.fromkeys(SIBLINGS, ("base", "_model")),
    "_publish": ("base", "_model", "_planning", "_formats"),
    "_cli": ("base", "_model", *SIBLINGS, "_publish"),
}
STANDS_ON = {layer: frozenset((layer, *below)) for layer, below in _BELOW.items()}
"""What each layer may import: itself and the layers it stands on."""


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name inside `calendars`, or None for the front door."""
    parts = module.split(".")
    if parts[0] != "calendars" or len(parts) == 1:
        return None
    return "base" if parts[1] in BASE else parts[1]


def imports_of(source: str, module: str) -> list[tuple[int, str]]:
    """Every `calendars` module that `source` imports, with its line."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("calendars")]
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{name}" if name else base
            if name == "calendars":  # `from calendars import _x` (a layer) or `load` (the door)
                found += [
                    (node.lineno, f"calendars.{a.name}" if a.name.startswith("_") else name)
                    for a in node.names
                ]
            elif name.startswith("calendars."):
                found.append((node.lineno, name))
    return found


def upward_imports(source: str, module: str) -> list[str]:
    """The imports of `source` (module `module`) that reach a layer it does not stand on.

    That is a layer above it, or a sibling of the fan (a format importing planning).
    """
    mine = layer_of(module)
    if mine is None:
        return []
    bad = []
    for line, target in imports_of(source, module):
        theirs = layer_of(target)
        if theirs is None:
            bad.append(f"{module}:{line} imports the front door {target}")
        elif theirs not in LAYERS:
            bad.append(f"{module}:{line} imports {target}, which is in no layer")
        elif theirs not in STANDS_ON[mine]:
            bad.append(f"{module}:{line} ({mine}) imports {target} ({theirs})")
    return bad


def _modules(layer: str) -> list[tuple[str, Path]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(("calendars", *parts)).removesuffix(".__init__")
        if layer_of(module) == layer:
            found.append((module, path))
    return found


def test_every_layer_has_its_place_in_the_fan() -> None:
    assert set(STANDS_ON) == set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_layers_below(layer: str) -> None:
    modules = _modules(layer)
    assert modules, f"the layer {layer} has no modules"
    bad = [b for module, path in modules for b in upward_imports(path.read_text(), module)]
    assert bad == []


def test_every_module_is_in_a_layer() -> None:
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts == ("__init__",):
            continue
        module = ".".join(("calendars", *parts))
        assert layer_of(module) in LAYERS, f"{module} is in no layer"


def test_the_model_imports_nothing_of_ours_but_rotations() -> None:
    for module, path in _modules("_model"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                assert top not in {"icalendar", "urllib", "http"}, f"{module} imports {top}"


@pytest.mark.parametrize(
    ("module", "source", "words"),
    [
        ("calendars._model.meeting", "from calendars._planning.planner import plan\n", "_planning"),
        ("calendars._config.body", "def f():\n    import calendars._formats.ical\n", "_formats"),
        ("calendars._formats.html", "from calendars import load\n", "front door"),
        ("calendars._planning.feedset", "from .._publish import files\n", "_publish"),
        # Siblings of the fan, which a line of layers would let through:
        ("calendars._formats.html", "from calendars._planning.feedset import x\n", "_planning"),
        ("calendars._planning.roles", "from calendars._config.body import x\n", "_config"),
        (
            "calendars._config.body",
            "def f():\n    from calendars._formats import ical\n",
            "_formats",
        ),
        ("calendars._importers.ics", "from calendars._formats.previous import x\n", "_formats"),
        ("calendars._formats.ical", "import calendars._importers.ics\n", "_importers"),
        ("calendars._publish.export", "from calendars._importers.ics import x\n", "_importers"),
        ("calendars._publish.export", "from calendars._config.cooperation import x\n", "_config"),
    ],
)
def test_an_upward_import_is_caught(module: str, source: str, words: str) -> None:
    bad = upward_imports(source, module)
    assert len(bad) == 1
    assert words in bad[0]


def test_a_downward_import_passes() -> None:
    assert upward_imports("from calendars._model.key import MeetingKey\n", "calendars._cli.x") == []


def _public_dataclasses() -> list[type]:
    return [
        obj
        for name in calendars.__all__
        if inspect.isclass(obj := getattr(calendars, name)) and dataclasses.is_dataclass(obj)
    ]


@pytest.mark.parametrize("cls", _public_dataclasses(), ids=lambda c: c.__name__)
def test_public_values_are_frozen(cls: type) -> None:
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen, f"{cls.__name__} is not frozen"


def test_no_module_level_caches() -> None:
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        assert "lru_cache" not in text, path
        assert "functools.cache" not in text, path


def test_the_front_door_loads_every_public_name_lazily() -> None:
    import subprocess
    import sys

    assert set(calendars._WHERE) == set(calendars.__all__)
    code = (
        "import sys, calendars; before = set(sys.modules); calendars.load; "
        "print('icalendar' in sys.modules, 'http.server' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
