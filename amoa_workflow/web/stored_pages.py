"""The PV and the evidence pack as they were rendered and kept in the database, served to an
approver whose link opens the gate: ``/gates/<release>/<gate>/stored/html`` (the PV, shown under the
PV's own no-script policy), ``…/stored/pdf`` and ``…/stored/evidence`` (downloads), with a link
for that very gate. The SHA-256 kept
with them is checked before anything is sent, and given in ``Repr-Digest`` and the ``ETag``.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from amoa_workflow.domain.stored_reports import KINDS, MEDIA_TYPES
from amoa_workflow.errors import AmoaError, StoredReportMissing
from amoa_workflow.web.headers import REPORT_POLICY
from amoa_workflow.web.pages import Pages


class StoredReportPages:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    def stored(self, request: Request, release: str, gate: str, kind: str) -> Response:
        try:
            self.pages.gate_claims(request, release, gate)
            view = self.pages.gate_view(release, gate)
            if kind not in KINDS:
                raise StoredReportMissing(release, kind)
            report = self.pages.deps.desk.stored(view, kind)
            content = report.verified()
        except AmoaError as error:
            return self.pages.refusal(request, error)
        disposition = "inline" if kind == "html" else "attachment"
        digest = base64.b64encode(bytes.fromhex(report.sha256)).decode("ascii")
        headers = {
            "content-disposition": f"{disposition}; filename*=UTF-8''{quote(report.file_name)}",
            "repr-digest": f"sha-256=:{digest}:",
            "etag": f'"{report.sha256}"',
        }
        if kind == "html":
            headers["content-security-policy"] = REPORT_POLICY
        else:  # nothing to run or show in the page's origin: a download, sandboxed if opened
            headers["content-security-policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
        return Response(content, media_type=MEDIA_TYPES[kind], headers=headers)
