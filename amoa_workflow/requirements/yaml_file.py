"""Requirements written in YAML (``exigences:`` or ``requirements:``, French or English keys)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from amoa_workflow import inputs
from amoa_workflow.domain.model import Requirement
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements.fields import build, field_name

NULL = "tag:yaml.org,2002:null"


def read_yaml(path: Path, text: str, id_pattern: re.Pattern[str]) -> list[tuple[int, Requirement]]:
    try:
        root = inputs.compose(text)
    except yaml.YAMLError as exc:
        raise RequirementsError(
            path,
            line=inputs.line_of(exc),
            why_en=f"invalid YAML: {inputs.problem_en(exc)}",
            why_fr=f"YAML invalide : {inputs.problem_fr(exc)}",
        ) from None
    found = []
    for node in _entries(path, root):
        line = node.start_mark.line + 1
        raw: dict[str, str] = {}
        for key, value in node.value:
            name = field_name(str(key.value))
            if name is None:
                raise RequirementsError(
                    path,
                    line=key.start_mark.line + 1,
                    why_en=f"unknown field '{key.value}'",
                    why_fr=f"champ inconnu « {key.value} »",
                )
            if not isinstance(value, yaml.ScalarNode):
                raise RequirementsError(
                    path,
                    line=value.start_mark.line + 1,
                    why_en=f"field '{key.value}' must be text",
                    why_fr=f"le champ « {key.value} » doit être du texte",
                )
            raw[name] = "" if value.tag == NULL else str(value.value)  # "titre: null" is no title
        found.append((line, build(path, line, raw, id_pattern)))
    return found


def _entries(path: Path, root: yaml.Node | None) -> list[yaml.MappingNode]:
    sequence = root
    if isinstance(root, yaml.MappingNode):
        sequence = next(
            (
                v
                for k, v in root.value
                if isinstance(k, yaml.ScalarNode) and k.value in ("exigences", "requirements")
            ),
            None,
        )
    if not isinstance(sequence, yaml.SequenceNode) or not sequence.value:
        raise RequirementsError(
            path,
            why_en="expected a non-empty list under 'requirements:' (or 'exigences:')",
            why_fr="une liste non vide est attendue sous « exigences: » (ou « requirements: »)",
        )
    for node in sequence.value:
        if not isinstance(node, yaml.MappingNode):
            raise RequirementsError(
                path,
                line=node.start_mark.line + 1,
                why_en="each requirement must be a mapping (id, title, criticality, domain)",
                why_fr="chaque exigence doit être un dictionnaire (id, titre, criticite, domaine)",
            )
    return list(sequence.value)
