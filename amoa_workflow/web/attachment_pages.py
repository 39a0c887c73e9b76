"""Files testers attached, served to the tester (``/manual/attachments/<file>``) and to approvers
from the gate's pages and PV (``/gates/<release>/<gate>/attachments/<file>``, and
``/gates/<release>/<gate>/stored/attachments/<file>`` where the stored PV's links lead), ``<file>`` being
``<id>-<name>`` as the PV and the evidence pack write it. A tester reads only the files they
attached; an approver only those of the gate of their link.

Never served with an active type: raster images (PNG, JPEG, GIF, WebP) are shown as such; any
other file (PDF, text) is sent as a download (``Content-Disposition: attachment``),
text as ``text/plain``, the rest as ``application/octet-stream``. Every answer also says
``nosniff`` and a sandboxing Content-Security-Policy, so nothing in a file runs even if opened.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from amoa_workflow.checkpoint.services import campaign_key
from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.errors import AmoaError
from amoa_workflow.web.execution_pages import ExecutionPages
from amoa_workflow.web.pages import Pages
from amoa_workflow.web.views import ManualDesk

FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
_FILE = re.compile(r"([1-9][0-9]{0,17})-([A-Za-z0-9._-]{1,128})")


def file_response(attachment: Attachment, content: bytes) -> Response:
    """The file's bytes with headers that keep it inert."""
    if attachment.inline:
        media_type, disposition = attachment.media_type, "inline"
    elif attachment.media_type == "text/plain":
        media_type, disposition = "text/plain; charset=utf-8", "attachment"
    else:
        media_type, disposition = "application/octet-stream", "attachment"
    headers = {
        "content-disposition": f'{disposition}; filename="{attachment.name}"; '
        f"filename*=UTF-8''{quote(attachment.name)}",
        "content-security-policy": FILE_POLICY,
        "x-content-type-options": "nosniff",
        "cross-origin-resource-policy": "same-origin",
    }
    return Response(content, media_type=media_type, headers=headers)


class AttachmentPages:
    def __init__(self, pages: Pages, testers: ExecutionPages, desk: ManualDesk) -> None:
        self.pages, self.testers, self.desk = pages, testers, desk

    def for_tester(self, request: Request, file: str) -> Response:
        """A file the tester of the link attached themselves: another tester's is not found."""
        try:
            claims = self.testers.claims(request)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        return self._serve(request, claims.gate, file, tester=claims.approver)

    def for_approver(self, request: Request, release: str, gate: str, file: str) -> Response:
        try:
            self.pages.gate_claims(request, release, gate)
            view = self.pages.gate_view(release, gate)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        return self._serve(request, campaign_key(view.checkpoint, release), file)

    def _serve(self, request: Request, campaign: str, file: str, tester: str | None = None) -> Response:
        match = _FILE.fullmatch(file)
        found = self.desk.attachment(campaign, int(match.group(1))) if match else None
        if (
            match is None or found is None or found[0].name != match.group(2)
            or (tester is not None and found[0].tester != tester)
        ):  # fmt: skip
            return self.pages.not_found(request)
        return file_response(*found)
