"""User-facing words in French and English, shared by the console, the reports and the CLI.

The catalogue is kept by concept; a key's first part names the module that holds it:
``notify.*`` in ``notifications.py``; ``run.*`` and ``flow.*`` in ``runs.py``; ``cli.*``, ``init.*``
and ``ingest.*`` in ``commands.py``; ``manual.*`` in ``manual.py``; ``report.*``, ``col.*``,
``criterion.*``, ``gate.*`` and ``docs.*`` in ``reports.py``; words without a prefix (statuses,
verdicts, kinds, gap types) and ``gap.*`` in ``vocabulary.py``. :func:`translator` looks a key up
in all of them.

May import: nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from amoa_workflow.i18n import commands, manual, notifications, reports, runs, vocabulary

_TEXTS: dict[str, tuple[str, str]] = {
    **vocabulary.TEXTS,
    **reports.TEXTS,
    **manual.TEXTS,
    **commands.TEXTS,
    **runs.TEXTS,
    **notifications.TEXTS,
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``; an unknown key is shown as is."""
    index = 0 if lang == "fr" else 1

    def t(key: str, **params: object) -> str:
        text = _TEXTS[key][index] if key in _TEXTS else key
        return text.format(**params) if params else text

    return t


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals as the reader writes it: ``66,7`` in French, ``66.7`` in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text
