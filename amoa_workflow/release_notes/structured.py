"""The release-notes format of our own, in YAML or JSON, validated against ``schema.json``.

format: amoa-release-notes/1
releases:
  - version: 1.2.0
    date: 2025-05-01
    items:
      - kind: fixed
        text: Les heures supplémentaires sont majorées de 25 %
        requirements: [EXG-004]
        anomalies: [ANO-042]
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

from amoa_workflow import inputs
from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.errors import ReleaseNotesError
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import normalize, read_date

FORMAT = "amoa-release-notes/1"


@cache
def schema() -> dict[str, Any]:
    text = resources.files("amoa_workflow.release_notes").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def claims(root: yaml.Node | None) -> bool:
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value in ("format", "releases") for k, _ in root.value
    )


def validated(document: Document, root: yaml.Node) -> dict[str, Any]:
    """The data, its types checked against the schema as written: ``42`` or ``null`` is not text."""
    import jsonschema  # a tenth of a second: only for structured notes, not on every command's start

    data = inputs.load(document.text)  # dates stay text; numbers, booleans and null are not text
    validator = jsonschema.Draft202012Validator(schema())
    # At one place, a field written wrong first: it tells why another one is missing.
    errors = sorted(
        validator.iter_errors(data),
        key=lambda e: (list(e.absolute_path), e.validator != "additionalProperties"),
    )
    if errors:
        error = errors[0]
        path = list(error.absolute_path)
        where = "/".join(str(p) for p in path) or "(root)"
        node = _node_at(root, path)
        written = node.value if isinstance(node, yaml.ScalarNode) else None
        if error.validator == "type" and "string" in str(error.validator_value) and written is not None:
            why_en = f"{where}: {written} is read as {_kind_en(error.instance)}, not text: write it in quotes"
            why_fr = f"{where} : {written} est lu comme {_kind_fr(error.instance)}, pas comme du texte : " \
                     "écrivez-le entre guillemets"  # fmt: skip
        else:
            why_en, why_fr = _explained(error, where)
        raise ReleaseNotesError(document.path, line=node.start_mark.line + 1, why_en=why_en, why_fr=why_fr)
    assert isinstance(data, dict)
    return data


_TYPES = {"array": ("a list", "une liste"), "object": ("fields (name: value)", "des champs (nom : valeur)"),
          "string": ("text", "du texte")}  # fmt: skip


def _explained(error: Any, where: str) -> tuple[str, str]:
    """What the schema refuses, in English and in French, for the rules a vendor meets."""
    rule, expected, found = error.validator, error.validator_value, error.instance
    if rule == "enum":
        values = ", ".join(str(v) for v in expected)
        return (f"{where}: '{found}' is not one of {values}",
                f"{where} : « {found} » n'est pas une valeur permise ({values})")  # fmt: skip
    if rule == "required":
        missing = ", ".join(str(p) for p in expected if p not in found)
        return f"{where}: '{missing}' is missing", f"{where} : « {missing} » est obligatoire et absent"
    if rule == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = ", ".join(sorted(str(k) for k in found if k not in known))
        return (f"{where}: unknown field '{unknown}' (known: {', '.join(known)})",
                f"{where} : champ inconnu « {unknown} » (champs connus : {', '.join(known)})")  # fmt: skip
    if rule == "type" and expected in _TYPES:
        en, fr = _TYPES[expected]
        return f"{where}: {en} expected", f"{where} : {fr} attendu(e)"
    if rule in ("minItems", "minLength"):
        return f"{where}: empty, something expected", f"{where} : vide, une valeur est attendue"
    if rule == "const":
        return f"{where}: '{expected}' expected", f"{where} : « {expected} » attendu"
    return f"{where}: {error.message}", f"{where} : valeur refusée par le format {FORMAT} ({error.message})"


def _kind_en(value: object) -> str:
    return "empty (null)" if value is None else "a yes/no value" if isinstance(value, bool) else "a number"


def _kind_fr(value: object) -> str:
    return "vide (null)" if value is None else "un oui/non" if isinstance(value, bool) else "un nombre"


def versions(data: dict[str, Any]) -> list[str]:
    return [str(r["version"]) for r in data["releases"]]


def release(
    document: Document, root: yaml.Node, data: dict[str, Any], version: str, patterns: ReferencePatterns
) -> Release | None:
    for index, entry in enumerate(data["releases"]):
        if normalize(str(entry["version"])) != normalize(version):
            continue
        released_on, unreadable = read_date(str(entry.get("date", "")))
        if unreadable:
            document.warn(
                _line_of(root, ["releases", index, "date"]),
                f"unreadable date '{unreadable}': ignored",
                f"date illisible « {unreadable} » : ignorée",
            )
        items = [
            _item(raw, _line_of(root, ["releases", index, "items", position]) or 0, patterns)
            for position, raw in enumerate(entry["items"])
        ]
        return Release(str(entry["version"]), released_on, tuple(items), str(document.path))
    return None


def _item(raw: dict[str, Any], line: int, patterns: ReferencePatterns) -> ReleaseNoteItem:
    found = make_item(ItemKind(raw["kind"]), raw["kind"], raw["text"], line, patterns)
    return ReleaseNoteItem(
        kind=found.kind,
        heading=found.heading,
        text=found.text,
        line=line,
        requirement_refs=tuple(dict.fromkeys([*raw.get("requirements", []), *found.requirement_refs])),
        anomaly_refs=tuple(dict.fromkeys([*raw.get("anomalies", []), *found.anomaly_refs])),
        tickets=tuple(dict.fromkeys([*raw.get("tickets", []), *found.tickets])),
        issue_numbers=found.issue_numbers,
        links=tuple(dict.fromkeys([*raw.get("links", []), *found.links])),
    )


def _line_of(root: yaml.Node, path: list[str | int]) -> int | None:
    """The 1-based line of the node at ``path`` in the composed YAML/JSON tree."""
    return _node_at(root, path).start_mark.line + 1


def _node_at(root: yaml.Node, path: list[str | int]) -> yaml.Node:
    """The node at ``path`` in the composed YAML/JSON tree (or the deepest one found on the way)."""
    node: yaml.Node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next(
                (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None
            )
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            break
        node = found
    return node
