"""The step definitions a project offers its analysts, found without running pytest.

The project's ``conftest.py`` files (from the project root down to and under the features
folder) and its test modules that bind scenarios are imported as a run imports them (one rule,
:func:`amoa_workflow.scenarios.bindings.search_path`), and every pytest-bdd step definition they
define or import (the built-in library included) is read from pytest-bdd's own registry: its
type, its phrase and parser, its parameters and their types, where it is defined. The modules
those imports added are removed afterwards, so two projects can be loaded in one process.

Each definition remembers the folders whose ``conftest.py`` offers it: pytest shows a
conftest's fixtures (so its steps) only to the features in that folder and below. A test module
binding scenarios shows its steps, and those of the ``conftest.py`` files above it, to the
scenarios it binds only: each definition remembers those feature files too. Lookups go
through an index of the literal text each phrase starts with (the same prefixes as the run's
:mod:`amoa_workflow.scenarios.step_index`), so checking thousands of steps stays fast as the library grows.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_bdd import parsers
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from amoa_workflow.errors import StepDefinitionsError
from amoa_workflow.scenarios.bindings import binding_modules, conftests_above, search_path
from amoa_workflow.scenarios.run_configuration import run_configuration
from amoa_workflow.scenarios.step_index import PrefixTable, parser_prefix

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
    # The folders whose conftest.py offers it (resolved); none here nor in features: everywhere.
    folders: tuple[Path, ...] = field(default=(), compare=False)
    # The feature files (resolved) a test module binding them offers it to, each with the depth of
    # the file offering it there: the module itself, or a conftest.py above it.
    features: tuple[tuple[Path, int], ...] = field(default=(), compare=False)

    def accepts(self, step_type: str, text: str) -> bool:
        return self.type in ("*", step_type) and self.matcher.is_matching(text)

    def depth_from(self, feature: Path) -> int | None:
        """Depth of what offers it to the feature file ``feature`` (resolved); None when not offered there."""
        if not self.folders and not self.features:
            return 0
        depths = [len(f.parts) for f in self.folders if feature.is_relative_to(f)]
        depths += [depth for bound, depth in self.features if bound == feature]
        return max(depths) if depths else None


@dataclass(frozen=True)
class StepRegistry:
    definitions: tuple[StepDefinition, ...]

    def matching(self, step_type: str, text: str, feature: Path | None = None) -> list[StepDefinition]:
        """Every definition that accepts this step: none is undefined, several are ambiguous.

        With ``feature`` (resolved), only the definitions that feature file can see.
        """
        return [
            d
            for d in (self.definitions[p] for p in self._prefixes.positions(text))
            if d.accepts(step_type, text) and (feature is None or d.depth_from(feature) is not None)
        ]

    @cached_property
    def bound_features(self) -> frozenset[Path]:
        """The feature files a test module offers steps to: the others see what their folder sees."""
        return frozenset(bound for d in self.definitions for bound, _ in d.features)

    @cached_property
    def _prefixes(self) -> PrefixTable:
        return _prefix_table(self.definitions)


def _prefix_table(definitions: tuple[StepDefinition, ...]) -> PrefixTable:
    table = PrefixTable()
    for position, definition in enumerate(definitions):
        table.add(position, *parser_prefix(definition.matcher))
    return table


def load_registry(features_dir: Path, project_dir: Path | None = None) -> StepRegistry:
    """The step definitions visible to the features under ``features_dir``.

    As a run sees them (:mod:`amoa_workflow.scenarios.bindings`): the ``conftest.py`` files from
    the project root down, those under the features, and the project's test modules that bind
    scenarios with the ``conftest.py`` files above them (offered to the feature files they bind).
    """
    project = (project_dir or features_dir).resolve()
    inside = sorted(features_dir.resolve().rglob("conftest.py"), key=lambda p: (len(p.parts), str(p)))
    conftests = [*conftests_above(project, features_dir / "conftest.py"), *inside]
    modules = [project / m for m in binding_modules(project, features_dir)] if project_dir is not None else []
    reading = _Reading(project)
    with run_configuration(project):
        for conftest in dict.fromkeys(conftests):
            reading.offer(reading.load(conftest).definitions, folders=[conftest.parent.resolve()])
        for module in modules:
            above = [reading.load(c) for c in conftests_above(project, module)]
            loaded = reading.load(module)
            for source in [*above, loaded]:
                reading.offer(source.definitions, features=[(f, source.depth) for f in loaded.binds])
    return reading.registry()


@dataclass(frozen=True)
class _Loaded:
    definitions: list[int]  # ids of its step function contexts
    binds: list[Path]  # the feature files it binds (resolved)
    depth: int  # a conftest's folder's, a module's own (below its folder's conftest): deeper wins


@dataclass
class _Reading:
    """The project's files read so far (each imported once), and to what each definition is offered."""

    project: Path
    found: dict[int, StepDefinition] = field(default_factory=dict)
    folders: dict[int, list[Path]] = field(default_factory=dict)
    features: dict[int, list[tuple[Path, int]]] = field(default_factory=dict)
    loaded: dict[Path, _Loaded] = field(default_factory=dict)
    alive: list[StepFunctionContext] = field(default_factory=list)  # ids stay unique only while they live

    def load(self, source: Path) -> _Loaded:
        if source not in self.loaded:
            with _isolated_import(source, self.project) as module:
                contexts = [c for c in map(_context_of, _step_values(module)) if c is not None]
                for context in contexts:
                    if id(context) not in self.found:
                        self.found[id(context)] = describe(context)
                        self.alive.append(context)
                        self.folders[id(context)], self.features[id(context)] = [], []
                definitions = list(dict.fromkeys(id(c) for c in contexts))
                depth = len(source.resolve().parts) - (source.name == "conftest.py")  # its folder's
                self.loaded[source] = _Loaded(definitions, _bound_features(module), depth)
        return self.loaded[source]

    def offer(
        self, definitions: list[int], folders: Sequence[Path] = (), features: Sequence[tuple[Path, int]] = ()
    ) -> None:
        for key in definitions:
            self.folders[key] += [f for f in folders if f not in self.folders[key]]
            self.features[key] += [f for f in features if f not in self.features[key]]

    def registry(self) -> StepRegistry:
        described = [
            replace(d, folders=tuple(self.folders[key]), features=tuple(self.features[key]))
            for key, d in self.found.items()
        ]
        return StepRegistry(tuple(sorted(described, key=lambda d: (d.path, d.line, d.type, d.phrase))))


def _bound_features(module: ModuleType) -> list[Path]:
    """The feature files a test module binds (its steps are its own fixtures)."""
    templates = (scenario_wrapper_template_registry.get(value) for value in vars(module).values()
                 if callable(value))  # fmt: skip
    return sorted({Path(t.feature.filename).resolve() for t in templates if t is not None})


def _step_values(module: ModuleType) -> list[object]:
    """What a module offers: its names, and those of the plugins it lists in ``pytest_plugins``."""
    values = list(vars(module).values())
    plugins = getattr(module, "pytest_plugins", ())
    for name in [plugins] if isinstance(plugins, str) else plugins:
        with contextlib.suppress(Exception):  # a plugin that does not import offers nothing here
            values += list(vars(importlib.import_module(str(name))).values())
    return values


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
def _isolated_import(source: Path, root: Path) -> Iterator[ModuleType]:
    entries = search_path(root, source)
    before = set(sys.modules)
    sys.path[:0] = entries
    name = f"amoa_conftest_{abs(hash(str(source)))}"
    try:
        spec = importlib.util.spec_from_file_location(name, source)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except pytest.skip.Exception:  # pytest.importorskip…: a run collects nothing from it either
            module = importlib.util.module_from_spec(spec)
        except (Exception, pytest.fail.Exception, SystemExit) as exc:  # the user's code: where it broke
            raise StepDefinitionsError(
                source,
                line=_line_in(source, exc),
                why_en=f"cannot load the step definitions ({type(exc).__name__}: {exc})",
                why_fr=f"chargement des définitions d'étapes impossible ({type(exc).__name__} : {exc})",
            ) from None
        yield module
    finally:
        for entry in entries:
            sys.path.remove(entry)
        # Decide for every new module before removing any: a namespace package's ``__path__`` is
        # recomputed from its parent's, which must still be there when it is read.
        places = {added: _places(sys.modules[added]) for added in set(sys.modules) - before}
        for added, where in places.items():
            if added == name or any(p and Path(p).resolve().is_relative_to(root.resolve()) for p in where):
                del sys.modules[added]  # the project's own modules (features/support/…), not libraries


def _places(module: object) -> list[str | None]:
    try:
        return [getattr(module, "__file__", None), *list(getattr(module, "__path__", []) or [])]
    except KeyError:  # a namespace package whose parent is already gone: not the project's
        return [getattr(module, "__file__", None)]


def _line_in(path: Path, exc: BaseException) -> int | None:
    frames = inspect.getinnerframes(exc.__traceback__) if exc.__traceback__ else []
    frames = [f for f in frames if f.filename == str(path)]
    if frames:
        return frames[-1].lineno
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def definitions_in(module: ModuleType) -> StepRegistry:
    """The step definitions a module offers (once each), offered everywhere."""
    contexts = {id(c): c for c in map(_context_of, vars(module).values()) if c is not None}
    return StepRegistry(tuple(describe(context) for context in contexts.values()))
