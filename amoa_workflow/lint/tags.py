"""Tags that pytest will not treat as plain labels.

pytest-bdd turns every tag into a pytest marker (``getattr(pytest.mark, tag)``). Measured with
pytest 9.2 and pytest-bdd 9.0.1:

* a tag starting with ``_`` (AttributeError) or spelled ``parametrize`` / ``parameterize`` /
  ``parametrise`` / ``parameterise`` makes the whole file fail to collect;
* ``@skip`` and ``@skipif`` skip the scenario, ``@xfail`` expects it to fail: pytest's own markers;
* ``pytest -m`` reads identifiers made of letters, digits, ``_ - . : + / \\ [ ]``, so requirement
  tags such as ``EXG-001`` or ``v1.2`` select fine; ``not``, ``and``, ``or`` and tags with other
  characters (``#``, ``,``, ``=``, ``(``, quotes…) cannot be selected with ``-m``. Our own runner
  selects by requirement and by tag expression without ``-m``, so that last case is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.model import FeatureDocument, Tag

_SELECTABLE = re.compile(r"[\w:+\-.\[\]\\/]+")
_RESERVED = frozenset({"not", "and", "or"})
_BREAKING = frozenset({"parametrize", "parameterize", "parametrise", "parameterise"})
_PYTEST_OUTCOME = {"skip": "skip", "skipif": "skip", "xfail": "xfail"}


def all_tags(document: FeatureDocument) -> list[Tag]:
    """Every tag written in the file, once per place."""
    tags = list(document.tags)
    for scenario in document.scenarios:
        tags += scenario.rule_tags + scenario.tags
        for examples in scenario.examples:
            tags += examples.tags
    return sorted(set(tags), key=lambda t: (t.line, t.column))


def check_tags(document: FeatureDocument, shown: str) -> Iterator[Finding]:
    for tag in all_tags(document):
        name = tag.name
        if not name or name.startswith("_") or name in _BREAKING:
            key = "tag-breaks-collection.parametrize" if name in _BREAKING else "tag-breaks-collection"
            yield finding("AMOA013", shown, tag.line, tag.column, key, tag=name)
        elif name in _PYTEST_OUTCOME:
            yield finding(
                "AMOA015", shown, tag.line, tag.column, f"tag-pytest-marker.{_PYTEST_OUTCOME[name]}", tag=name
            )
        elif name in _RESERVED:
            yield finding("AMOA014", shown, tag.line, tag.column, "tag-not-selectable.reserved", tag=name)
        elif not _SELECTABLE.fullmatch(name):
            bad = next(c for c in name if not _SELECTABLE.fullmatch(c))
            yield finding("AMOA014", shown, tag.line, tag.column, tag=name, char=bad)
