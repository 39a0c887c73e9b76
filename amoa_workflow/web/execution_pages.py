"""The testers' pages: their manual scenarios of a campaign, one scenario's steps to mark, no script.

Access, as for approvers: ``GET /l/<token>`` with a tester's link (purpose ``execute``) checks it,
puts it in an HttpOnly cookie of its own and redirects to ``/manual``, so the token leaves the
address bar. Every page needs a genuine, unexpired, unrevoked tester's link in that cookie; an
approver's link opens none of them (nor a tester's link a decision form). Unlike a decision, an
execution can be saved and resumed: the link stays usable until it expires or is revoked. A form
carries the token derived from the link's id (``csrf``) and must come from this site.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from amoa_workflow.domain.attachments import allowed_extensions
from amoa_workflow.errors import AmoaError, LinkRefused
from amoa_workflow.manual.execution import TesterScenario, TesterWork
from amoa_workflow.signatures.links import EXECUTE, claims_of
from amoa_workflow.web.execution_forms import MAX_FILES, VERDICTS, read_execution
from amoa_workflow.web.forms import parse_body
from amoa_workflow.web.links import LinkClaims
from amoa_workflow.web.multipart import Upload, parse_multipart
from amoa_workflow.web.pages import Door, Pages, same_origin
from amoa_workflow.web.views import ManualDesk

TESTER_COOKIE = "amoa_tester"
HOME = "/manual"
TESTERS_DOOR = Door(EXECUTE, TESTER_COOKIE, lambda _claims: HOME, other_purpose="not_tester")
MAX_FORM = 256 * 1024  # the fields; files add up to MAX_FILES times the project's size limit


def is_tester_link(token: str) -> bool:
    """What the token says its purpose is, unchecked: only to choose which door checks it."""
    claims = claims_of(token.partition(".")[0])
    return claims is not None and claims.purpose == EXECUTE


class ExecutionPages:
    def __init__(self, pages: Pages, desk: ManualDesk) -> None:
        self.pages = pages
        self.desk = desk

    # -- the link
    def claims(self, request: Request) -> LinkClaims:
        return self.pages.claims(request, TESTERS_DOOR)

    def open_link(self, request: Request, token: str) -> Response:
        return self.pages.open_link(request, token, TESTERS_DOOR)

    # -- routes
    def listing(self, request: Request) -> Response:
        try:
            claims = self.claims(request)
            work = self.desk.work(claims.gate, claims.approver)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        saved = request.query_params.get("saved", "")
        return self.pages.page(
            request, "manual.html.j2", work=work, claims_release=claims.release,
            expires=claims.expires.strftime("%Y-%m-%d %H:%M UTC"), saved=work.find(saved),
            done=sum(s.status != "pending" for s in work.scenarios),
        )  # fmt: skip

    def scenario(self, request: Request, ref: str) -> Response:
        try:
            claims = self.claims(request)
            work = self.desk.work(claims.gate, claims.approver)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        chosen = work.find(ref)
        if chosen is None:
            return self.pages.not_found(request, "web.manual.not_yours")
        return self._form(request, work, chosen, claims, _recorded(chosen))

    async def record(self, request: Request, ref: str) -> Response:
        """Whose form, from where, before a byte of its body is read: a POST without a tester's link
        or from another site is answered at once, whatever it carries."""
        try:
            claims = await run_in_threadpool(self.claims, request)
            if not same_origin(request):
                raise LinkRefused(reason="csrf")
        except AmoaError as error:
            return self.pages.refusal(request, error)
        body = bytearray()
        limit = MAX_FORM + MAX_FILES * self.desk.policy.max_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return self._too_large(request)
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return self._too_large(request)
        return await run_in_threadpool(self._record, request, ref, claims, bytes(body))

    def _too_large(self, request: Request) -> Response:
        t = self.pages.t(request)
        return self.pages.page(request, "message.html.j2", 413, heading=t("web.too_large"),
                               message=t("web.problem.too_large"), tone="bad")  # fmt: skip

    def _record(self, request: Request, ref: str, claims: LinkClaims, body: bytes) -> Response:
        try:
            content_type = request.headers.get("content-type", "")
            uploads: tuple[Upload, ...] = ()
            if content_type.startswith("multipart/form-data"):
                sent = parse_multipart(body, content_type)
                values, uploads = sent.fields, sent.uploads
            else:
                values = parse_body(body)
            if not self.pages.deps.signer.csrf_ok(claims.link_id, values.get("csrf", "")):
                raise LinkRefused(reason="csrf")
            work = self.desk.work(claims.gate, claims.approver)
            chosen = work.find(ref)
            if chosen is None:
                return self.pages.not_found(request, "web.manual.not_yours")
            positions = [s.position for s in chosen.scenario.steps]
            reading = read_execution(values, positions, uploads, self.desk.policy)
            if reading.outcomes is None:
                return self._form(request, work, chosen, claims, reading.values, reading.problems)
            self.desk.record(work, ref, reading.outcomes, claims.link_id, reading.files)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        return RedirectResponse(f"{HOME}?saved={ref}", status_code=303)

    # -- pages
    def _form(
        self, request: Request, work: TesterWork, chosen: TesterScenario, claims: LinkClaims,
        values: Mapping[str, str], problems: tuple[str, ...] = (),
    ) -> Response:  # fmt: skip
        return self.pages.page(
            request, "execution.html.j2", 422 if problems else 200, work=work, s=chosen,
            values=values, problems=problems, verdicts=VERDICTS, max_files=MAX_FILES,
            accept=allowed_extensions(self.desk.policy.types),
            max_mb=f"{self.desk.policy.max_bytes / 2**20:g}",
            csrf=self.pages.deps.signer.csrf_token(claims.link_id), post_href=f"{HOME}/{chosen.ref}",
        )  # fmt: skip


def _recorded(chosen: TesterScenario) -> dict[str, Any]:
    """The form filled in with what the tester recorded before: an execution is resumed."""
    values: dict[str, Any] = {}
    for step in chosen.scenario.steps:
        outcome = chosen.outcome(step.position)
        if outcome is not None:
            values[f"s-{step.position}-verdict"] = outcome.verdict.value if outcome.verdict else ""
            values[f"s-{step.position}-comment"] = outcome.comment
    return values
