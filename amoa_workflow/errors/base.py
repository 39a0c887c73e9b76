"""The root of the exception tree and its two branches, one exit code each.

:class:`AmoaError` (exit code 1) carries its message in French and English; :class:`UserError`
(exit code 2: fix your input and rerun) and :class:`ServiceUnavailable` (exit code 3: something
around us is down) are the branches every other error derives from.
"""

from __future__ import annotations

from typing import ClassVar

Language = str  # "fr" or "en"


class AmoaError(Exception):
    """Base of every error raised on purpose by amoa-workflow."""

    exit_code: ClassVar[int] = 1
    fr: ClassVar[str] = "{detail}"
    en: ClassVar[str] = "{detail}"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: Language = "en") -> str:
        template = self.fr if lang == "fr" else self.en
        return template.format(**self.params)


class UserError(AmoaError):
    """The input is wrong; the user can fix it."""

    exit_code = 2


class ServiceUnavailable(AmoaError):
    """Something the tool depends on is not available; the input may be fine."""

    exit_code = 3
