"""The acceptance report (PV de recette) as a self-contained HTML page, rendered with Jinja2.

Autoescaping is on: scenario names and messages come from user files and are shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from amoa_workflow.i18n import translator
from amoa_workflow.services import CampaignOutcome

_STATUS_COLOURS = {
    "passed": "#2e7d32",
    "failed": "#c62828",
    "error": "#6a1b9a",
    "undefined": "#ef6c00",
    "skipped": "#9e9e9e",
}


@dataclass(frozen=True)
class HtmlReport:
    lang: str

    def render(self, outcome: CampaignOutcome, target: Path) -> Path:
        environment = Environment(
            loader=PackageLoader("amoa_workflow", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        template = environment.get_template("report.html.j2")
        html = template.render(
            o=outcome,
            t=translator(self.lang),
            lang=self.lang,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            bar=status_bar(outcome.counts),
            colours=_STATUS_COLOURS,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(html, encoding="utf-8")
        temporary.replace(target)
        return target


def status_bar(counts: dict[str, int], width: int = 600) -> list[dict[str, object]]:
    """Segments of a stacked bar (x, width, colour, status, count) for the inline SVG."""
    total = sum(counts.values())
    segments: list[dict[str, object]] = []
    x = 0.0
    for status, colour in _STATUS_COLOURS.items():
        count = counts.get(status, 0)
        if not count or not total:
            continue
        share = width * count / total
        segments.append({"x": round(x, 2), "width": round(share, 2), "colour": colour,
                         "status": status, "count": count})  # fmt: skip
        x += share
    return segments
