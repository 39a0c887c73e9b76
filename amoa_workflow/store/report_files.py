"""The bytes of stored reports in a file or object store instead of the database: ``[reports]
store`` in ``config/amoa.toml``, any fsspec URL (``file:///srv/amoa/pv``, ``s3://bucket/pv`` with
the matching fsspec package installed). Files are named by content
(``<release>/<campaign>/<attempt>/<sha256><suffix>``), written once, never overwritten; the row in
the database keeps where and the SHA-256, checked on every read.
"""

from __future__ import annotations

from typing import Any

from amoa_workflow.domain.file_names import file_name
from amoa_workflow.domain.stored_reports import SUFFIXES, StoredReport
from amoa_workflow.errors import StorageUnavailable


class ReportFiles:
    """Writes under ``base`` (an fsspec URL; empty: nothing is written, bytes stay in the database)
    and reads any location a row names."""

    def __init__(self, base: str = "") -> None:
        self.base = base.rstrip("/")

    def put(self, report: StoredReport) -> str | None:
        """Where ``report``'s bytes were written, or None when they belong in the database."""
        if not self.base:
            return None
        names = (
            file_name(report.release, "release", self.base),
            file_name(report.campaign, "campaign", self.base),
            str(report.attempt),
            f"{report.sha256}{SUFFIXES[report.kind]}",
        )
        location = "/".join((self.base, *names))
        try:
            filesystem, path = _open(location)
            if not filesystem.exists(path):
                filesystem.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
                filesystem.pipe_file(path, report.content)
        except OSError as error:
            raise StorageUnavailable(location, str(error), str(error)) from None
        return location

    def get(self, location: str) -> bytes:
        try:
            filesystem, path = _open(location)
            return bytes(filesystem.cat_file(path))
        except FileNotFoundError:
            missing = (
                "no such file in the report store",
                "aucun fichier de ce nom dans le dépôt des rapports",
            )
            raise StorageUnavailable(location, *missing) from None
        except OSError as error:
            raise StorageUnavailable(location, str(error), str(error)) from None


def _open(location: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs  # imported when a store is used: most commands never need it

    filesystem, path = url_to_fs(location)
    return filesystem, str(path)
