"""The step definitions a project offers its analysts, found without running pytest.

The project's ``conftest.py`` files (under the features folder) are imported as pytest would
import them (their folder first on ``sys.path``), and every pytest-bdd step definition they
define or import (the built-in library included) is read from pytest-bdd's own registry: its
type, its phrase and parser, its parameters and their types, where it is defined. The modules
those imports added are removed afterwards, so two projects can be loaded in one process.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_bdd import parsers
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from amoa_workflow.errors import StepDefinitionsError

_PARSE_TYPES = {"d": "int", "n": "int", "f": "float", "F": "float", "g": "float", "e": "float", "w": "word"}


@dataclass(frozen=True)
class StepDefinition:
    type: str  # given, when, then, or * (any)
    phrase: str
    parser: str  # string, parse, cfparse, re
    function: str
    path: str
    line: int
    doc: str
    params: tuple[tuple[str, str], ...]
    target_fixture: str | None
    matcher: parsers.StepParser = field(compare=False, repr=False)

    def accepts(self, step_type: str, text: str) -> bool:
        return self.type in ("*", step_type) and self.matcher.is_matching(text)


@dataclass(frozen=True)
class StepRegistry:
    definitions: tuple[StepDefinition, ...]

    def matching(self, step_type: str, text: str) -> list[StepDefinition]:
        """Every definition that accepts this step: none is undefined, several are ambiguous."""
        return [d for d in self.definitions if d.accepts(step_type, text)]


def load_registry(features_dir: Path) -> StepRegistry:
    """The step definitions visible to the features under ``features_dir``."""
    conftests = sorted(features_dir.rglob("conftest.py"), key=lambda p: (len(p.parts), str(p)))
    found: dict[int, StepDefinition] = {}
    for conftest in conftests:
        with _isolated_import(conftest, features_dir) as module:
            for value in vars(module).values():
                context = _context_of(value)
                if context is not None and id(context) not in found:
                    found[id(context)] = describe(context)
    ordered = sorted(found.values(), key=lambda d: (d.path, d.line, d.type, d.phrase))
    return StepRegistry(tuple(ordered))


def describe(context: StepFunctionContext) -> StepDefinition:
    func = context.step_func
    try:
        path, line = inspect.getsourcefile(func) or "?", inspect.getsourcelines(func)[1]
    except (OSError, TypeError):
        path, line = "?", 0
    parser = context.parser
    return StepDefinition(
        type=context.type or "*",
        phrase=parser.name if isinstance(parser.name, str) else str(parser.name),
        parser=type(parser).__name__,
        function=f"{func.__module__}.{func.__qualname__}",
        path=path,
        line=line,
        doc=inspect.cleandoc(func.__doc__ or ""),
        params=_params(parser, context.converters),
        target_fixture=context.target_fixture,
        matcher=parser,
    )


def _params(parser: parsers.StepParser, converters: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    names: dict[str, str] = {}
    if isinstance(parser, parsers.re):
        names = dict.fromkeys(parser.regex.groupindex, "text")
    elif isinstance(parser, parsers.parse | parsers.cfparse):
        compiled = parser.parser
        for name in compiled.named_fields:
            spec = str(compiled._name_types.get(name, "") or "")  # the format after ':' in "{n:d}"
            if re.fullmatch(r"[A-Za-z_]\w+", spec):
                names[name] = spec  # a custom type, e.g. {montant:Montant}
            else:
                names[name] = _PARSE_TYPES.get(spec[-1:], "text")
    for name, converter in converters.items():
        names[name] = getattr(converter, "__name__", "text")
    return tuple(names.items())


def _context_of(value: object) -> StepFunctionContext | None:
    wrapped = getattr(value, "__wrapped__", None)
    if wrapped is None or not callable(wrapped):
        return None
    try:
        return step_function_context_registry.get(wrapped)
    except TypeError:  # not weak-referenceable
        return None


@contextmanager
def _isolated_import(conftest: Path, root: Path) -> Iterator[ModuleType]:
    folder = str(conftest.parent)
    before = set(sys.modules)
    sys.path.insert(0, folder)
    name = f"amoa_conftest_{abs(hash(str(conftest)))}"
    try:
        spec = importlib.util.spec_from_file_location(name, conftest)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # the user's code: say where it broke, in one line
            line = _line_in(conftest, exc)
            raise StepDefinitionsError(
                conftest,
                line=line,
                why_en=f"cannot load the step definitions ({type(exc).__name__}: {exc})",
                why_fr=f"chargement des définitions d'étapes impossible ({type(exc).__name__} : {exc})",
            ) from None
        yield module
    finally:
        sys.path.remove(folder)
        for added in set(sys.modules) - before:
            module_ = sys.modules[added]
            places = [getattr(module_, "__file__", None), *list(getattr(module_, "__path__", []) or [])]
            if added == name or any(p and Path(p).resolve().is_relative_to(root.resolve()) for p in places):
                del sys.modules[added]  # the project's own modules (features/support/…), not libraries


def _line_in(path: Path, exc: BaseException) -> int | None:
    frames = inspect.getinnerframes(exc.__traceback__) if exc.__traceback__ else []
    frames = [f for f in frames if f.filename == str(path)]
    if frames:
        return frames[-1].lineno
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None
