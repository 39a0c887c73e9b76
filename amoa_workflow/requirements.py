"""Read the requirements repository (YAML), naming the file and line of any mistake.

Accepted shape, with French or English keys::

    exigences:                # or: requirements
      - id: EXG-001
        titre: Calcul du salaire net     # or: title
        criticite: critique              # critique|majeure|mineure or critical|major|minor
        domaine: Paie                    # or: domain
        description: …
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from amoa_workflow.domain.model import Criticality, Requirement
from amoa_workflow.errors import FileMissing, RequirementsError

_CRITICALITY = {
    "critique": Criticality.CRITICAL,
    "critical": Criticality.CRITICAL,
    "majeure": Criticality.MAJOR,
    "majeur": Criticality.MAJOR,
    "major": Criticality.MAJOR,
    "mineure": Criticality.MINOR,
    "mineur": Criticality.MINOR,
    "minor": Criticality.MINOR,
}
_KEYS = {
    "id": "id",
    "titre": "title",
    "title": "title",
    "criticite": "criticality",
    "criticité": "criticality",
    "criticality": "criticality",
    "domaine": "domain",
    "domain": "domain",
    "description": "description",
}


def read_requirements(path: Path, id_pattern: str) -> list[Requirement]:
    if not path.is_file():
        raise FileMissing(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise RequirementsError(path, why_en="not valid UTF-8", why_fr="encodage UTF-8 invalide") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RequirementsError(
            path, line=line, why_en=f"invalid YAML: {exc.problem}", why_fr=f"YAML invalide : {exc.problem}"
        ) from None
    entries = _entries(path, root)
    seen: dict[str, int] = {}
    requirements = []
    for node in entries:
        line = node.start_mark.line + 1
        requirement = _requirement(path, line, node, re.compile(id_pattern))
        if requirement.code in seen:
            raise RequirementsError(
                path,
                line=line,
                why_en=f"{requirement.code} is already defined at line {seen[requirement.code]}",
                why_fr=f"{requirement.code} est déjà définie ligne {seen[requirement.code]}",
            )
        seen[requirement.code] = line
        requirements.append(requirement)
    return requirements


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


def _requirement(path: Path, line: int, node: yaml.MappingNode, id_pattern: re.Pattern[str]) -> Requirement:
    fields: dict[str, str] = {}
    for key, value in node.value:
        name = _KEYS.get(str(key.value).strip().lower())
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
        fields[name] = str(value.value).strip()
    for name, french in (
        ("id", "id"),
        ("title", "titre"),
        ("criticality", "criticite"),
        ("domain", "domaine"),
    ):
        if not fields.get(name):
            raise RequirementsError(
                path,
                line=line,
                why_en=f"requirement {fields.get('id', '?')}: '{name}' is missing or empty",
                why_fr=f"exigence {fields.get('id', '?')} : « {french} » est absent ou vide",
            )
    code = fields["id"]
    if not id_pattern.fullmatch(code):
        raise RequirementsError(
            path,
            line=line,
            why_en=f"id '{code}' does not match the requirement pattern {id_pattern.pattern}",
            why_fr=f"l'id « {code} » ne respecte pas le motif d'exigence {id_pattern.pattern}",
        )
    criticality = _CRITICALITY.get(fields["criticality"].lower())
    if criticality is None:
        raise RequirementsError(
            path,
            line=line,
            why_en=f"{code}: unknown criticality '{fields['criticality']}' (critical, major, minor)",
            why_fr=f"{code} : criticité inconnue « {fields['criticality']} » (critique, majeure, mineure)",
        )
    return Requirement(
        code=code,
        title=fields["title"],
        criticality=criticality,
        domain=fields["domain"],
        description=fields.get("description", ""),
    )
