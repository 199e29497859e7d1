"""What `calendars` shows is public all the way down (model: trio's test_exports).

A public signature names only public types; no module reaches into
another package's private names; public values are frozen.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import calendars
import rotations

ROOTS = {"calendars": Path(calendars.__file__).parent, "rotations": Path(rotations.__file__).parent}
PUBLIC_TYPES = {
    obj
    for package in (calendars, rotations)
    for name in package.__all__
    if isinstance(obj := getattr(package, name), type)
}


def _types_in(hint: object) -> Iterator[type]:
    origin = typing.get_origin(hint)
    if origin is not None:
        if isinstance(origin, type):
            yield origin
        for arg in typing.get_args(hint):
            yield from _types_in(arg)
    elif isinstance(hint, type):
        yield hint


def _signatures(obj: object) -> Iterator[tuple[str, Callable[..., object] | type]]:
    """The annotated things `obj` shows: itself, and a class's public methods and properties."""
    if inspect.isfunction(obj):
        yield "", obj
        return
    if not isinstance(obj, type):
        return
    if dataclasses.is_dataclass(obj):
        yield "", obj  # its fields
    for name, member in vars(obj).items():
        if name.startswith("_") and name != "__init__":
            continue
        function = member
        if isinstance(function, staticmethod | classmethod):
            function = function.__func__
        if isinstance(function, property):
            function = function.fget
        if inspect.isfunction(function):
            yield f".{name}", function


@pytest.mark.parametrize("name", calendars.__all__)
def test_no_private_type_in_a_public_signature(name: str) -> None:
    obj = getattr(calendars, name)
    private = []
    for where, thing in _signatures(obj):
        for key, hint in typing.get_type_hints(thing).items():
            for found in _types_in(hint):
                ours = found.__module__.split(".")[0] in ROOTS
                if ours and found not in PUBLIC_TYPES:
                    private.append(f"{name}{where} {key}: {found.__module__}.{found.__qualname__}")
    assert private == []


def _private_imports() -> Iterator[tuple[str, str, str]]:
    """(importing module, imported module, name) for each private name imported."""
    for package, root in ROOTS.items():
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            module = ".".join((package, *parts)).removesuffix(".__init__")
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    if node.module.split(".")[0] not in ROOTS:
                        continue
                    for alias in node.names:
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            yield module, node.module, alias.name
                        elif any(p.startswith("_") for p in node.module.split(".")[1:]):
                            yield module, node.module, ""
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if any(p.startswith("_") for p in alias.name.split(".")[1:]):
                            yield module, alias.name, ""


def _layer(module: str) -> str:
    """The package, and in `calendars` the layer: "rotations", "calendars._planning"."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "calendars" else parts[0]


def test_no_private_module_of_another_package_is_imported() -> None:
    found = [
        f"{mine} imports {theirs}"
        for mine, theirs, _ in _private_imports()
        if mine.split(".")[0] != theirs.split(".")[0]
    ]
    assert found == []


def test_no_private_name_crosses_a_layer() -> None:
    found = [
        f"{mine} imports {name} from {theirs}"
        for mine, theirs, name in _private_imports()
        if name and _layer(mine) != _layer(theirs)
    ]
    assert found == []


def test_no_private_name_is_shared_between_modules_of_calendars() -> None:
    found = [
        f"{mine} imports {name} from {theirs}"
        for mine, theirs, name in _private_imports()
        if name and mine.startswith("calendars") and mine != theirs
    ]
    assert found == []


def test_the_checks_catch_what_they_should() -> None:
    class _Hidden:
        pass

    def shows(x: list[_Hidden]) -> None:
        del x

    hints = typing.get_type_hints(shows, localns={"_Hidden": _Hidden})
    assert _Hidden in set(_types_in(hints["x"]))
    assert _layer("calendars._planning.roles") != _layer("calendars._formats.ical")
    assert _layer("rotations._engine") == _layer("rotations._units")


@pytest.mark.parametrize(
    "name",
    [n for n in calendars.__all__ if dataclasses.is_dataclass(getattr(calendars, n))],
)
def test_public_values_are_frozen_and_slotted(name: str) -> None:
    cls = getattr(calendars, name)
    assert cls.__dataclass_params__.frozen, f"{name} is not frozen"
    assert "__slots__" in vars(cls), f"{name} has no slots"
