"""The step an analyst probably meant when theirs has no definition.

Candidates are the project's definitions and the built-in library's (a project that does not
enable it yet still learns the phrase exists); quoted values, numbers and parameters are masked on
both sides, case, accents and apostrophes ignored, so ``je envoie une requete get sur "/x"`` finds
``j'envoie une requête <method> sur "<path>"``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache

from amoa_workflow.lint.keywords import normalized
from amoa_workflow.scenarios.step_catalog import readable
from amoa_workflow.scenarios.step_registry import StepDefinition, StepRegistry, definitions_in

_PARAMETER = re.compile(r"<[^>]*>")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
CUTOFF = 0.75


def _shape(text: str) -> str:
    return normalized(_NUMBER.sub("0", _PARAMETER.sub("x", _QUOTED.sub('""', text))))


def nearest(step_type: str, text: str, definitions: Iterable[StepDefinition]) -> str | None:
    """The phrase (as ``amoa steps`` shows it) closest to ``text``, if one is close enough."""
    shapes: dict[str, str] = {}
    for definition in definitions:
        if definition.type in ("*", step_type):
            phrase = readable(definition.phrase)
            shapes.setdefault(_shape(phrase), phrase)
    found = difflib.get_close_matches(_shape(text), list(shapes), n=1, cutoff=CUTOFF)
    return shapes[found[0]] if found else None


@cache
def builtin_registry() -> StepRegistry:
    """The built-in REST/JSON steps (:mod:`amoa_workflow.steps.rest`)."""
    from amoa_workflow.steps import rest

    return definitions_in(rest)
