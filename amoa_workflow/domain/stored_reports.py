"""A report kept in the database as it was rendered: the PV (HTML, PDF) or the evidence pack of one
run of a campaign, with the SHA-256 of its bytes, so that any host serves exactly what was rendered
and shows when it is not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.errors import StoredReportAltered

KINDS = ("html", "pdf", "evidence")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "evidence": "application/zip",
}
SUFFIXES = {"html": ".html", "pdf": ".pdf", "evidence": "-preuves.zip"}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class StoredReport:
    release: str
    campaign: str
    attempt: int
    kind: str  # one of KINDS
    content: bytes
    sha256: str  # of ``content`` when it was stored
    created_at: datetime

    @property
    def file_name(self) -> str:
        """``recette-1.1.0.html``, ``recette-1.1.0.pdf``, ``recette-1.1.0-preuves.zip``: as rendered."""
        return f"{self.campaign}{SUFFIXES[self.kind]}"

    def verified(self) -> bytes:
        """The content, once its SHA-256 is checked against the one stored with it."""
        actual = sha256(self.content)
        if actual != self.sha256:
            raise StoredReportAltered(
                release=self.release, kind=self.kind, expected=self.sha256, actual=actual
            )
        return self.content
