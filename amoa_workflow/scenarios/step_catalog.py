"""The catalog of steps an analyst can write: phrase in French and English, parameters, example.

Built from the step registry; a built-in step defined twice (``api_fr`` / ``api_en``) is one
entry with both phrases. Rendered as text, JSON, Markdown or a standalone HTML page.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from amoa_workflow.escaping import code_filter, inert_markdown
from amoa_workflow.scenarios.step_registry import StepDefinition, StepRegistry

_EXAMPLE = re.compile(r"(?:Exemple|Example)\s*:\s*(?P<example>.+)", re.DOTALL)
_KEYWORDS = {"given": ("Étant donné", "Given"), "when": ("Quand", "When"), "then": ("Alors", "Then")}


@dataclass(frozen=True)
class CatalogEntry:
    type: str
    phrase_fr: str | None
    phrase_en: str | None
    description_fr: str
    description_en: str
    example_fr: str | None
    example_en: str | None
    params: tuple[tuple[str, str], ...]
    location: str
    builtin: bool


def build_catalog(registry: StepRegistry, project_dir: Path | None = None) -> list[CatalogEntry]:
    groups: dict[str, list[StepDefinition]] = {}
    for definition in registry.definitions:
        base = re.sub(r"_(fr|en)$", "", definition.function)
        groups.setdefault(base, []).append(definition)
    entries = []
    for definitions in groups.values():
        french = next((d for d in definitions if d.function.endswith("_fr")), None)
        english = next((d for d in definitions if d.function.endswith("_en")), None)
        if french is None and english is None:
            for definition in definitions:
                entries.append(_entry(definition, definition, None, project_dir))
        else:
            entries.append(_entry(french or english, french, english, project_dir))  # type: ignore[arg-type]
    return sorted(entries, key=_order)


def _order(entry: CatalogEntry) -> tuple[bool, str, int]:
    path, _, line = entry.location.rpartition(":")
    return (not entry.builtin, path, int(line) if line.isdigit() else 0)


def _entry(
    main: StepDefinition,
    french: StepDefinition | None,
    english: StepDefinition | None,
    project_dir: Path | None,
) -> CatalogEntry:
    location = main.path
    if project_dir is not None and Path(location).is_relative_to(project_dir):
        location = str(Path(location).relative_to(project_dir))
    builtin = main.function.startswith("amoa_workflow.")
    if builtin:
        location = main.function.rsplit(".", 1)[0]
    description_fr, example_fr = _split(french.doc if french else "")
    description_en, example_en = _split(english.doc if english else "")
    return CatalogEntry(
        type=main.type,
        phrase_fr=readable(french.phrase) if french else None,
        phrase_en=readable(english.phrase) if english else None,
        description_fr=description_fr,
        description_en=description_en,
        example_fr=example_fr,
        example_en=example_en,
        params=main.params,
        location=f"{location}:{main.line}",
        builtin=builtin,
    )


def _split(doc: str) -> tuple[str, str | None]:
    match = _EXAMPLE.search(doc)
    description = doc[: match.start()] if match else doc
    example = " ".join(match.group("example").split()) if match else None
    return " ".join(description.split()), example


def keyword(entry: CatalogEntry, lang: str) -> str:
    words = _KEYWORDS.get(entry.type)
    if words is None:  # a step of any type
        return "Étant donné / Quand" if lang == "fr" else "Given / When"
    return words[0] if lang == "fr" else words[1]


def readable(phrase: str) -> str:
    """A step pattern as an analyst reads it: ``{status:d}`` → ``<status>``, regex syntax removed."""
    text = re.sub(r"\{(\w+)(?::[^}]*)?\}", r"<\1>", phrase.replace("['’]", "'"))
    text = re.sub(
        r"\(\?P<(\w+)>([\w|]+)\)", lambda m: f"<{m.group(1)}: {m.group(2).replace('|', ' | ')}>", text
    )
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)
    text = re.sub(r"\(\?:([^)]*)\)", lambda m: m.group(1).replace("|", " / "), text)
    return text.replace(":?", ":").replace('\\"', '"').replace("\\", "")


def as_json(entries: list[CatalogEntry]) -> str:
    return json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2)


def as_text(entries: list[CatalogEntry], lang: str) -> str:
    lines = []
    for entry in entries:
        phrase = (entry.phrase_fr if lang == "fr" else entry.phrase_en) or entry.phrase_fr or entry.phrase_en
        other = entry.phrase_en if lang == "fr" else entry.phrase_fr
        lines.append(f"{keyword(entry, lang)} {phrase}")
        if other and other != phrase:
            lines.append(f"    ({other})")
        if entry.params:
            lines.append("    " + ", ".join(f"{name}: {kind}" for name, kind in entry.params))
        lines.append(f"    {entry.location}")
    return "\n".join(lines) + "\n"


def as_document(entries: list[CatalogEntry], lang: str, markup: str) -> str:
    """The catalog as a Markdown (``md``) or standalone HTML (``html``) page."""
    environment = Environment(
        loader=PackageLoader("amoa_workflow", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=inert_markdown if markup == "md" else None,
    )
    environment.filters["code"] = code_filter
    template = environment.get_template(f"steps.{markup}.j2")
    return template.render(entries=entries, lang=lang, keyword=keyword)
