"""Which scenarios a run takes: by requirement, by tag expression, by path, by scenario key.

Criteria combine with AND; several requirements or paths combine with OR among themselves.
Tag expressions follow Cucumber's syntax: ``@smoke and not (@wip or @slow)``. Tags are compared
without their ``@`` (pytest-bdd drops it), so ``@EXG-004`` and ``EXG-004`` are the same tag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from amoa_workflow.domain.scenario_keys import is_shortened
from amoa_workflow.errors import TagExpressionError

_TOKEN = re.compile(r"\s*(?:(?P<paren>[()])|(?P<word>[^\s()]+))")
_OPERATORS = ("and", "or", "not")


@dataclass(frozen=True)
class TagExpression:
    """A parsed tag expression; :meth:`matches` says whether a set of tags satisfies it."""

    text: str
    tree: tuple[Any, ...]

    def matches(self, tags: Iterable[str]) -> bool:
        return _evaluate(self.tree, frozenset(t.lstrip("@") for t in tags))


@functools.lru_cache(maxsize=64)
def parse_tag_expression(text: str) -> TagExpression:
    """Parse ``text``; a mistake raises :class:`TagExpressionError` naming the column."""
    tokens: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        tokens.append((match.group("paren") or match.group("word"), match.start(match.lastindex or 0) + 1))
        position = match.end()
    if not tokens:
        raise TagExpressionError(text, 1, "empty", "vide")
    parser = _Parser(text, tokens)
    tree = parser.disjunction()
    if parser.index < len(tokens):
        word, column = tokens[parser.index]
        raise TagExpressionError(text, column, f"unexpected « {word} »", f"« {word} » inattendu")
    return TagExpression(text, tree)


class _Parser:
    """Recursive descent: or → and → not → ( … ) | tag."""

    def __init__(self, text: str, tokens: list[tuple[str, int]]) -> None:
        self.text, self.tokens, self.index = text, tokens, 0

    def _peek(self) -> str | None:
        return self.tokens[self.index][0] if self.index < len(self.tokens) else None

    def disjunction(self) -> tuple[Any, ...]:
        tree = self.conjunction()
        while self._peek() == "or":
            self.index += 1
            tree = ("or", tree, self.conjunction())
        return tree

    def conjunction(self) -> tuple[Any, ...]:
        tree = self.negation()
        while self._peek() == "and":
            self.index += 1
            tree = ("and", tree, self.negation())
        return tree

    def negation(self) -> tuple[Any, ...]:
        if self._peek() == "not":
            self.index += 1
            return ("not", self.negation())
        return self.primary()

    def primary(self) -> tuple[Any, ...]:
        if self.index >= len(self.tokens):
            raise TagExpressionError(
                self.text,
                len(self.text) + 1,
                "a tag or '(' is missing at the end",
                "il manque un tag ou « ( » à la fin",
            )
        word, column = self.tokens[self.index]
        self.index += 1
        if word == "(":
            tree = self.disjunction()
            if self._peek() != ")":
                raise TagExpressionError(self.text, column, "'(' is never closed", "« ( » jamais refermée")
            self.index += 1
            return tree
        if word == ")" or word in _OPERATORS:
            raise TagExpressionError(
                self.text,
                column,
                f"a tag is expected before « {word} »",
                f"un tag est attendu avant « {word} »",
            )
        return ("tag", word.lstrip("@"))


def _evaluate(tree: tuple[Any, ...], tags: frozenset[str]) -> bool:
    kind = tree[0]
    if kind == "tag":
        return tree[1] in tags
    if kind == "not":
        return not _evaluate(tree[1], tags)
    if kind == "and":
        return _evaluate(tree[1], tags) and _evaluate(tree[2], tags)
    return _evaluate(tree[1], tags) or _evaluate(tree[2], tags)


@dataclass(frozen=True)
class Selection:
    """What to run. The empty selection runs everything."""

    requirements: frozenset[str] = frozenset()
    tags: str | None = None
    paths: tuple[str, ...] = ()
    keys: frozenset[str] | None = None
    origin: str = ""  # how these keys were chosen, e.g. "--rerun-failed 3"

    def __post_init__(self) -> None:
        if self.tags is not None:
            parse_tag_expression(self.tags)  # fail early, in the caller's process

    @property
    def is_everything(self) -> bool:
        return not (self.requirements or self.tags or self.paths) and self.keys is None

    def matches(self, key: str, tags: Iterable[str]) -> bool:
        """Whether the scenario (or outline row) ``key`` with its merged ``tags`` is selected."""
        tag_set = frozenset(t.lstrip("@") for t in tags)
        if self.keys is not None and key not in self.keys:
            return False
        if self.requirements and not self.requirements & tag_set:
            return False
        if self.paths and not any(_under(key.split("::", 1)[0], path) for path in self.paths):
            return False
        return self.tags is None or parse_tag_expression(self.tags).matches(tag_set)

    def may_select(self, feature_path: str, scenario: str, tags: Iterable[str]) -> bool:
        """Whether some row of ``scenario`` in ``feature_path`` may be selected, ``tags`` being every
        tag its rows can carry: what a sharding plan weighs (the run itself checks each row)."""
        key = f"{feature_path}::{scenario}"
        # A shortened key names its file, not which scenario of it: the run checks each row.
        named = self.keys is None or key in _scenarios_of_keys(self.keys)
        if not named and feature_path not in _files_of_shortened(self.keys or frozenset()):
            return False
        return Selection(self.requirements, self.tags, self.paths).matches(key, tags)

    def files_of_keys(self) -> tuple[str, ...]:
        """The feature files the selected keys live in (empty when not selecting by key)."""
        return tuple(sorted({key.split("::", 1)[0] for key in self.keys or ()}))

    def describe(self) -> str:
        """The selection as the options of ``amoa run`` that make it (``all`` for everything)."""
        parts = [f"--requirement {code}" for code in sorted(self.requirements)]
        if self.tags:
            parts.append(f'--tags "{self.tags}"')
        parts += [f"--path {path}" for path in self.paths]
        if self.keys is not None:
            parts.append(self.origin or f"--keys {len(self.keys)}")
        return " ".join(parts) or "all"

    def to_json(self) -> dict[str, Any]:
        return {
            "requirements": sorted(self.requirements),
            "tags": self.tags,
            "paths": list(self.paths),
            "keys": None if self.keys is None else sorted(self.keys),
            "origin": self.origin,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Selection:
        keys = data.get("keys")
        return cls(
            requirements=frozenset(data.get("requirements", ())),
            tags=data.get("tags"),
            paths=tuple(data.get("paths", ())),
            keys=None if keys is None else frozenset(keys),
            origin=data.get("origin", ""),
        )


@functools.lru_cache(maxsize=8)
def _scenarios_of_keys(keys: frozenset[str]) -> frozenset[str]:
    """The ``file::scenario`` of each key, an outline row's ``[…]`` taken off (and the key itself)."""
    return keys | frozenset(key[: key.rindex("[")] for key in keys if key.endswith("]") and "[" in key)


def _files_of_shortened(keys: frozenset[str]) -> frozenset[str]:
    """The feature files of the keys shortened for their length (:func:`scenario_key`)."""
    return frozenset(key.split("::", 1)[0] for key in keys if is_shortened(key))


def _under(feature_path: str, path: str) -> bool:
    path = path.rstrip("/")
    return feature_path == path or feature_path.startswith(path + "/")


EVERYTHING = Selection()
