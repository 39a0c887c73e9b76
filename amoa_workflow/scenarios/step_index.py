"""Step lookup that does not slow down as the step library grows.

pytest-bdd 9.0 finds the definition of each step by walking every fixture of the session and
trying every step parser on the step's text: linear in the size of the library (2000 extra
definitions make a run about 10× slower). This index, built once per session, keeps for each
definition the literal text its matches must start with (``"le salarié "`` for
``parsers.parse("le salarié {nom}")``), so a step only tries the few definitions whose prefix
it starts with, plus those with no literal prefix.

The answer is the same as pytest-bdd's: the candidates go through pytest-bdd's own checks
(visibility from the scenario's node, step type, ``is_matching``), in pytest-bdd's order, so
overrides and ambiguous steps resolve exactly as without the index. Prefixes are only ever
shortened when in doubt (regular-expression syntax, characters whose case folding is not
one-to-one), never wrong. Installed by the results plugin; ``--amoa-no-step-index`` turns it off.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from _pytest.fixtures import FixtureDef, FixtureManager
from _pytest.nodes import Node
from pytest_bdd import parsers
from pytest_bdd.compat import get_fixture_names, getfixturedefs
from pytest_bdd.parser import Step
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

# Characters whose case-insensitive matching by ``re`` is plain ``lower()`` equality.
SAFE = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset(
    chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷ßÿ"
)
MAX_PREFIX = 32  # longer prefixes add little selectivity and more lookups per step
_META = frozenset(".^$*+?{}[]\\|()")
_QUANTIFIERS = frozenset("*+?{")
_ATTRIBUTE = "_amoa_step_index"
# The module, not the ``scenario`` function pytest_bdd exports under the same name.
bdd_scenario = importlib.import_module("pytest_bdd.scenario")


def literal_prefix(pattern: str, flags: int = 0) -> str:
    """Text every match of ``pattern`` (anchored at the start) begins with; may be too short, never wrong."""
    if flags & re.VERBOSE or _top_level_alternation(pattern):
        return ""
    ignore_case = bool(flags & re.IGNORECASE)
    position = 2 if pattern.startswith("\\A") else 1 if pattern.startswith("^") else 0
    prefix: list[str] = []
    while position < len(pattern) and len(prefix) < MAX_PREFIX:
        char = pattern[position]
        if char == "\\":
            escaped = pattern[position + 1 : position + 2]
            if not escaped or escaped.isalnum() or escaped.isspace():
                break
            literal, width = escaped, 2
        elif char in _META:
            break
        else:
            literal, width = char, 1
        if pattern[position + width : position + width + 1] in _QUANTIFIERS:
            break  # "ab?" only promises "a"
        if ignore_case and literal not in SAFE:
            break
        prefix.append(literal)
        position += width
    return "".join(prefix)


def _top_level_alternation(pattern: str) -> bool:
    depth, position, in_class = 0, 0, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            after = position + 1 + (pattern[position + 1 : position + 2] == "^")
            if pattern[after : after + 1] == "]":
                position = after  # a "]" right after "[" or "[^" is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        position += 1
    return False


@functools.cache
def parser_prefix(parser: Any) -> tuple[str, bool]:
    """``(prefix, ignore_case)`` for a pytest-bdd step parser; ``("", False)`` when unknown."""
    if isinstance(parser, parsers.string):
        return parser.name[:MAX_PREFIX], False
    if isinstance(parser, parsers.re):
        pattern: Any = parser.regex.pattern
        flags: Any = parser.regex.flags
    elif isinstance(parser, parsers.parse):  # cfparse too: the expression it matches with, not compiled here
        pattern = getattr(parser.parser, "_expression", None)
        flags = getattr(parser.parser, "_re_flags", None)
    else:
        return "", False
    if not isinstance(pattern, str) or not isinstance(flags, int):
        return "", False
    return literal_prefix(pattern, flags), bool(flags & re.IGNORECASE)


def _all_fixturedefs(manager: FixtureManager, name: str) -> Iterator[FixtureDef[Any]]:
    for registry in ("_arg2node2fixturedefs", "_arg2nodeid2fixturedefs"):
        for fixturedefs in getattr(manager, registry, {}).get(name, {}).values():
            yield from fixturedefs
    yield from getattr(manager, "_arg2fixturedefs", {}).get(name, ())  # pytest < 9.2


def _size(manager: FixtureManager) -> int:
    return sum(
        len(getattr(manager, registry, ()))
        for registry in ("_arg2node2fixturedefs", "_arg2nodeid2fixturedefs", "_arg2fixturedefs")
    )


class PrefixTable:
    """Positions (of step definitions) by the literal prefix their matches must start with.

    ``positions(text)`` gives every position whose definition may match ``text`` (never misses
    one): those whose prefix ``text`` starts with, plus those with no literal prefix.
    """

    def __init__(self) -> None:
        self.exact: dict[str, set[int]] = {}  # case-sensitive prefix → positions
        self.folded: dict[str, set[int]] = {}  # lower-cased prefix → positions
        self.folded_by_length: dict[int, set[int]] = {}
        self.always: set[int] = set()
        self.exact_lengths: list[int] = []
        self.folded_lengths: list[int] = []

    def add(self, position: int, prefix: str, ignore_case: bool) -> None:
        if not prefix:
            self.always.add(position)
        elif ignore_case:
            self.folded.setdefault(prefix.lower(), set()).add(position)
            self.folded_by_length.setdefault(len(prefix), set()).add(position)
        else:
            self.exact.setdefault(prefix, set()).add(position)
        lengths = self.folded_lengths if ignore_case else self.exact_lengths
        if prefix and len(prefix) not in lengths:
            bisect.insort(lengths, len(prefix))

    def positions(self, text: str) -> list[int]:
        found = set(self.always)
        for length in self.exact_lengths:
            if length > len(text):
                break
            found.update(self.exact.get(text[:length], ()))
        unsafe = next((i for i, char in enumerate(text) if char not in SAFE), len(text))
        for length in self.folded_lengths:
            if length > len(text):
                break
            if length > unsafe:  # case folding of these characters is not plain lower(): try them all
                found.update(self.folded_by_length[length])
            else:
                found.update(self.folded.get(text[:length].lower(), ()))
        return sorted(found)


class StepIndex:
    """The step-definition fixtures of a session, by the literal prefix of their parsers."""

    def __init__(self, manager: FixtureManager) -> None:
        self.size = 0
        self.names: list[str] = []
        self.contexts: list[list[StepFunctionContext]] = []
        self.table = PrefixTable()
        self.update(manager)

    def update(self, manager: FixtureManager) -> bool:
        """Take in the fixtures registered since; False if some disappeared (build a new index)."""
        names = get_fixture_names(fixturemanager=manager)
        if names[: len(self.names)] != self.names:
            return False
        for position, name in enumerate(names[len(self.names) :], start=len(self.names)):
            self.names.append(name)
            self.contexts.append([])
            for fixturedef in _all_fixturedefs(manager, name):
                context = step_function_context_registry.get(fixturedef.func)
                if context is not None:
                    self.contexts[position].append(context)
                    self.table.add(position, *parser_prefix(context.parser))
        self.size = _size(manager)
        return True

    def candidates(self, step: Step) -> Iterator[str]:
        """Names of the fixtures that define a step like this one somewhere, in pytest-bdd's order.

        Whether a definition is visible from the scenario is left to pytest (the costly part):
        only for the few names whose parsers do match the step.
        """
        for position in self.table.positions(step.name):
            if any(
                (context.type is None or context.type == step.type) and context.parser.is_matching(step.name)
                for context in self.contexts[position]
            ):
                yield self.names[position]


def index_of(manager: FixtureManager) -> StepIndex:
    """The session's index, brought up to date if fixtures were registered since.

    Step definitions are fixtures registered while pytest collects (conftest.py files, modules);
    later registrations (pytest-bdd's ``target_fixture`` values) add names at the end.
    """
    index: StepIndex | None = getattr(manager, _ATTRIBUTE, None)
    if index is None or (index.size != _size(manager) and not index.update(manager)):
        index = StepIndex(manager)
        setattr(manager, _ATTRIBUTE, index)
    return index


def find_fixturedefs_for_step(
    step: Step, fixturemanager: FixtureManager, node: Node
) -> Iterable[FixtureDef[object]]:
    """Drop-in for ``pytest_bdd.scenario.find_fixturedefs_for_step`` with the same answers."""
    for name in index_of(fixturemanager).candidates(step):
        for fixturedef in getfixturedefs(fixturemanager, name, node) or []:
            context = step_function_context_registry.get(fixturedef.func)
            if context is None:
                continue
            if context.type is not None and context.type != step.type:
                continue
            if context.parser.is_matching(step.name):
                yield fixturedef


_ORIGINAL = getattr(bdd_scenario, "find_fixturedefs_for_step", None)


def install() -> bool:
    """Use the index for step lookup; False (nothing changed) if pytest-bdd is not the expected one."""
    if getattr(bdd_scenario, "find_fixturedefs_for_step", None) not in (_ORIGINAL, find_fixturedefs_for_step):
        return False
    setattr(bdd_scenario, "find_fixturedefs_for_step", find_fixturedefs_for_step)  # noqa: B010 - module attribute
    return True
