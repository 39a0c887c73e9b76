"""New release notes, told to the Prefect server: a checkpoint starts for the new release.

``amoa ingest`` stores the notes of a release; when they are new or changed (not ``unchanged``)
and a Prefect server is set (``PREFECT_API_URL``), it emits the event ``amoa.release.ingested``
about the resource ``amoa.release.<version>`` (label ``amoa.release``: the version). The
deployment ``checkpoint-on-new-release`` of ``prefect.yaml`` has a trigger on that event: it runs
the checkpoint with ``release`` taken from the event, so a new release needs no hand edit. The
event is sent before the command returns (the events queue is drained). A server that does not
answer is :class:`~amoa_workflow.errors.PrefectServerUnavailable`, raised for the command to say
in one line of its own that no checkpoint will start, the notes being stored all the same;
Prefect's own lines about the events it could not send are kept out of the console.

May import: errors, prefect_api.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from amoa_workflow.errors import PrefectServerUnavailable
from amoa_workflow.prefect_api import answers

INGESTED = "amoa.release.ingested"
logger = logging.getLogger(__name__)
# Prefect's loggers that say, in their own words, that events could not be sent.
EVENT_LOGGERS = ("prefect.events.clients", "EventsWorker")


def announce_release(
    release: str, notes: str, revision: int, environ: Mapping[str, str] | None = None
) -> bool:
    """Emit ``amoa.release.ingested`` for new or changed notes; True when the event was sent, False
    when there is nothing to tell or no server to tell it; :class:`PrefectServerUnavailable` when
    the server set does not answer."""
    env = os.environ if environ is None else environ
    url = env.get("PREFECT_API_URL")
    if notes == "unchanged" or not url:
        return False
    if not answers(url):
        raise PrefectServerUnavailable(url)
    from prefect.events import emit_event
    from prefect.events.worker import EventsWorker

    try:
        with _failures_kept_quiet() as failures:
            sent = emit_event(
                INGESTED,
                resource={"prefect.resource.id": f"amoa.release.{release}", "amoa.release": release},
                payload={"release": release, "notes": notes, "revision": revision},
            )
            EventsWorker.drain_all(timeout=15)
    except Exception as exc:  # the notes are stored: the event is best effort, and said
        logger.warning("release %s stored, but the Prefect server was not told (%s: %s)", release,
                       type(exc).__name__, exc)  # fmt: skip
        return False
    if failures:  # it answered, then did not take the event
        raise PrefectServerUnavailable(url)
    return sent is not None


class _Failures(logging.Filter):
    """Keeps Prefect's warnings about events it could not send, instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            self.kept.append(record)
            return False
        return True


@contextmanager
def _failures_kept_quiet() -> Iterator[list[logging.LogRecord]]:
    failures = _Failures()
    loggers = [logging.getLogger(name) for name in EVENT_LOGGERS]
    for logger in loggers:
        logger.addFilter(failures)
    try:
        yield failures.kept
    finally:
        for logger in loggers:
            logger.removeFilter(failures)
