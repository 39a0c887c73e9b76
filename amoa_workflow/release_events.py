"""New release notes, told to the Prefect server: a checkpoint starts for the new release.

``amoa ingest`` stores the notes of a release; when they are new or changed (not ``unchanged``)
and a Prefect server is set (``PREFECT_API_URL``), it emits the event ``amoa.release.ingested``
about the resource ``amoa.release.<version>`` (label ``amoa.release``: the version). The
deployment ``checkpoint-on-new-release`` of ``prefect.yaml`` has a trigger on that event: it runs
the checkpoint with ``release`` taken from the event, so a new release needs no hand edit. The
event is sent before the command returns (the events queue is drained); a server that cannot be
reached is one warning line, the notes being stored all the same.

May import: nothing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

INGESTED = "amoa.release.ingested"
logger = logging.getLogger(__name__)


def announce_release(
    release: str, notes: str, revision: int, environ: Mapping[str, str] | None = None
) -> bool:
    """Emit ``amoa.release.ingested`` for new or changed notes; True when the event was sent."""
    env = os.environ if environ is None else environ
    if notes == "unchanged" or not env.get("PREFECT_API_URL"):
        return False
    try:
        from prefect.events import emit_event
        from prefect.events.worker import EventsWorker

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
    return sent is not None
