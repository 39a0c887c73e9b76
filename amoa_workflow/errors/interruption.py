"""A stop asked by the user or the system (Ctrl-C, SIGTERM): :class:`Interrupted`, not an error.

:class:`Interrupted` is a ``KeyboardInterrupt``, not an ``Exception``: it passes through every
``except Exception`` up to the entry point, which exits with 128 + the signal's number.
"""

from __future__ import annotations

from typing import ClassVar

from amoa_workflow.errors.base import Language


class Interrupted(KeyboardInterrupt):
    """The user or the system asked us to stop (SIGINT: Ctrl-C, SIGTERM: ``kill``, a scheduler)."""

    fr: ClassVar[str] = "Interrompu ({signal}) : {detail}"
    en: ClassVar[str] = "Interrupted ({signal}): {detail}"

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        return signal_name(self.signum)

    def render(self, lang: Language = "en", detail: str = "") -> str:
        template = self.fr if lang == "fr" else self.en
        return template.format(signal=self.signal_name, detail=detail).rstrip(" :")


SIGINT, SIGTERM = 2, 15
SIGNAL_NAMES = {SIGINT: "Ctrl-C", SIGTERM: "SIGTERM"}


def signal_name(signum: int) -> str:
    """How a stop signal is named to users, in messages and in a run's history line."""
    return SIGNAL_NAMES.get(signum, f"signal {signum}")


def signal_of(stop: BaseException) -> int:
    """The signal that stopped us: an :class:`Interrupted`'s, the ``signal`` of an orchestrator's
    termination exception (Prefect's ``TerminationSignal``), else Ctrl-C (a bare ``KeyboardInterrupt``)."""
    for attribute in ("signum", "signal"):
        number = getattr(stop, attribute, None)
        if isinstance(number, int):
            return number
    return SIGINT
