"""One requirement from the fields an analyst wrote, whatever the file: checked, with its location."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from amoa_workflow.domain.model import CODE_LENGTH, DOMAIN_LENGTH, Criticality, Requirement
from amoa_workflow.domain.planning import has_version_number
from amoa_workflow.errors import RequirementsError

CRITICALITY = {
    "critique": Criticality.CRITICAL, "critical": Criticality.CRITICAL, "bloquante": Criticality.CRITICAL,
    "majeure": Criticality.MAJOR, "majeur": Criticality.MAJOR, "major": Criticality.MAJOR,
    "mineure": Criticality.MINOR, "mineur": Criticality.MINOR, "minor": Criticality.MINOR,
}  # fmt: skip
_KEYS = {
    "id": "id", "identifiant": "id", "code": "id", "exigence": "id", "reference": "id",
    "titre": "title", "title": "title", "intitule": "title", "libelle": "title",
    "criticite": "criticality", "criticality": "criticality", "priorite": "criticality",
    "domaine": "domain", "domain": "domain", "domaine metier": "domain",
    "description": "description", "detail": "description",
    "lot": "target", "version cible": "target", "target": "target", "target release": "target",
    "release cible": "target", "cible": "target",
}  # fmt: skip
_REQUIRED = (("id", "id"), ("title", "titre"), ("criticality", "criticite"), ("domain", "domaine"))


def fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", ascii_text.strip().lower().replace("_", " "))


def field_name(header: str) -> str | None:
    """The field a column header or YAML key names (« Criticité » → criticality), or None."""
    return _KEYS.get(fold(header))


def build(path: Path, line: int, raw: Mapping[str, str], id_pattern: re.Pattern[str]) -> Requirement:
    """A valid requirement, or an error naming the file and the line (row) and what is wrong."""
    fields = {name: value.strip() for name, value in raw.items()}
    for name, french in _REQUIRED:
        if not fields.get(name):
            raise RequirementsError(
                path,
                line=line,
                why_en=f"requirement {fields.get('id') or '?'}: '{name}' is missing or empty",
                why_fr=f"exigence {fields.get('id') or '?'} : « {french} » est absent ou vide",
            )
    code = fields["id"]
    if not id_pattern.fullmatch(code):
        raise RequirementsError(
            path,
            line=line,
            why_en=f"id '{code}' does not match the requirement pattern {id_pattern.pattern}",
            why_fr=f"l'id « {code} » ne respecte pas le motif d'exigence {id_pattern.pattern}",
        )
    if len(code) > CODE_LENGTH:
        raise RequirementsError(
            path,
            line=line,
            why_en=f"id '{_start(code)}' is {len(code)} characters long, at most {CODE_LENGTH}",
            why_fr=f"l'id « {_start(code)} » fait {len(code)} caractères, {CODE_LENGTH} au plus",
        )
    domain = fields["domain"]
    if len(domain) > DOMAIN_LENGTH:
        raise RequirementsError(
            path,
            line=line,
            why_en=f"{code}: domain '{_start(domain)}' is {len(domain)} characters long, "
            f"at most {DOMAIN_LENGTH}",
            why_fr=f"{code} : le domaine « {_start(domain)} » fait {len(domain)} caractères, "
            f"{DOMAIN_LENGTH} au plus",
        )
    criticality = CRITICALITY.get(fold(fields["criticality"]))
    if criticality is None:
        raise RequirementsError(
            path,
            line=line,
            why_en=f"{code}: unknown criticality '{fields['criticality']}' (critical, major, minor)",
            why_fr=f"{code} : criticité inconnue « {fields['criticality']} » (critique, majeure, mineure)",
        )
    target = fields.get("target") or None
    if target is not None and (len(target) > CODE_LENGTH or not has_version_number(target)):
        raise RequirementsError(
            path,
            line=line,
            why_en=f"{code}: target lot or release '{target}' has no version number (e.g. 2.1, Lot 2)",
            why_fr=f"{code} : le lot ou la version cible « {target} » n'a pas de numéro (ex. 2.1, Lot 2)",
        )
    return Requirement(
        code=code,
        title=fields["title"],
        criticality=criticality,
        domain=domain,
        description=fields.get("description", ""),
        target=target,
    )


def _start(text: str, shown: int = 30) -> str:
    """The beginning of a long value, enough to find it in the file."""
    return text if len(text) <= shown else f"{text[:shown]}…"
