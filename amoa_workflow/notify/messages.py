"""Notification messages, rendered with Jinja2 in French or English, as HTML and as plain text.

One template per event and format under ``templates/notifications/`` (``<event>.html.j2``,
``<event>.txt.j2``), words from :mod:`amoa_workflow.i18n`. HTML is autoescaped: scenario names,
comments and gap details come from people and files and are shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from amoa_workflow.domain.decisions import FREE_TEXT
from amoa_workflow.domain.model import GapType
from amoa_workflow.domain.notifications import Event
from amoa_workflow.i18n import translator
from amoa_workflow.ports import Message

TRANSLATED_FACTS = ("decision", "outcome", "recommendation")  # values shown in words: go, no_go, …
# A gap's identity in a fact ("regression:EXG-002", "reservation:<text> (owner, due)"): shown in words.
_GAP_ID = re.compile(rf"(?<![\w:])({'|'.join(sorted(t.value for t in GapType))}):([A-Z][\w.-]*)")
_FREE_TEXT = re.compile(rf"^{re.escape(FREE_TEXT)}(.*?)(?= \([^()]*\)$|$)")
MAX_TITLE = 200  # a subject line longer than this is refused by some mail servers (and unreadable)


class MessageTemplates:
    def __init__(self, project: str) -> None:
        self.project = project
        self._environment = Environment(
            loader=PackageLoader("amoa_workflow", "templates/notifications"),
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._environment.filters["in_words"] = in_words

    def render(self, event: Event, lang: str, recipient: str) -> Message:
        t = translator(lang)
        facts = {**event.facts, **{k: _word(t, event.facts[k]) for k in TRANSLATED_FACTS if k in event.facts}}
        title_key = (
            "notify.escalation.title" if event.facts.get("escalation") else f"notify.{event.kind}.title"
        )
        title = _short(t(title_key, **{"project": self.project, **_flat(facts)}))
        context = {
            "e": facts,
            "t": t,
            "lang": lang,
            "project": self.project,
            "recipient": recipient,
            "link": event.link,
            "attachment": Path(event.attachment).name if event.attachment else None,
            "title": title,
        }
        text = self._environment.get_template(f"{event.kind}.txt.j2").render(context)
        html = self._environment.get_template(f"{event.kind}.html.j2").render(context)
        return Message(title=title, text=text.strip() + "\n", html=html)


def in_words(text: object, t: Callable[..., str]) -> str:
    """``text`` with the gap identities it holds in words: ``regression:EXG-002`` becomes
    "Regression — EXG-002", a free-text reservation its text in quotes."""
    value = _FREE_TEXT.sub(lambda m: f"« {m.group(1).strip()} »", str(text))
    return _GAP_ID.sub(lambda m: f"{t(m.group(1))} — {m.group(2)}", value)


def _short(title: str) -> str:
    """A title fit for an e-mail subject line: one line, at most ``MAX_TITLE`` characters."""
    one_line = " ".join(title.split())
    return one_line if len(one_line) <= MAX_TITLE else one_line[: MAX_TITLE - 1] + "…"


def _word(t: Callable[..., str], value: object) -> object:
    if not isinstance(value, str):
        return value
    key = f"notify.verdict.{value}"
    word = t(key)
    return value if word == key else word


def _flat(facts: Mapping[str, object]) -> dict[str, object]:
    """What a title may show: numbers and words (lists are counted)."""
    return {k: len(v) if isinstance(v, list | tuple) else v for k, v in facts.items()}
