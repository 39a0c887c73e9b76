"""The approvers' pages: pending gates, a gate's report and decision form, the full PV, the
requirements and scenario results of its campaign listed, filtered and paginated by the server.

Each needs the approver's link in its cookie (:class:`~amoa_workflow.web.pages.Pages` checks it).
Only the gate of the link can be decided on, once. A form carries a token derived from the link's
id with the server's secret (``csrf``): another site cannot make one, and the fingerprint of the
PV shown (``pv``): a decision on a PV that changed meanwhile is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from amoa_workflow.checkpoint.outcomes import CampaignOutcome, pv_fingerprint
from amoa_workflow.domain.model import Status, Verdict
from amoa_workflow.errors import AmoaError, LinkRefused
from amoa_workflow.reporting import traceability
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.reporting.pv_listing import (
    LIST_LIMIT,
    Page,
    by_domain,
    requirement_page,
    reservation_rows,
    scenario_page,
)
from amoa_workflow.web.forms import parse_body, read_decision
from amoa_workflow.web.headers import REPORT_POLICY
from amoa_workflow.web.links import LinkClaims
from amoa_workflow.web.pages import LINK_COOKIE, Pages, gate_href, same_origin
from amoa_workflow.web.views import GateView


class GatePages:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.deps = pages.deps

    def pending(self, request: Request) -> Response:
        try:
            claims = self.pages.claims(request)
            gates = self.deps.desk.pending()
        except AmoaError as error:
            return self.pages.refusal(request, error)
        listed = [{"view": g, "href": gate_href(g.release, g.name)} for g in gates]
        name = self.deps.approver_names.get(claims.approver, claims.approver)
        return self.pages.page(request, "gates.html.j2", gates=listed, approver_name=name)

    def gate(self, request: Request, release: str, gate: str) -> Response:
        try:
            return self._gate_page(request, release, gate, self.pages.claims(request))
        except AmoaError as error:
            return self.pages.refusal(request, error)

    def report(self, request: Request, release: str, gate: str) -> Response:
        try:
            view, outcome = self._campaign(request, release, gate)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        renderer = HtmlReport(lang=self.pages.lang(request))
        html = renderer.render_html(renderer.context(outcome, view.decisions))
        return HTMLResponse(html, headers={"content-security-policy": REPORT_POLICY})

    def requirements(self, request: Request, release: str, gate: str) -> Response:
        """Every requirement of the gate's campaign, filtered and paginated by the server."""
        return self._list(request, release, gate, "requirements")

    def scenarios(self, request: Request, release: str, gate: str) -> Response:
        """Every scenario result of the gate's campaign, filtered and paginated by the server."""
        return self._list(request, release, gate, "scenarios")

    def _campaign(self, request: Request, release: str, gate: str) -> tuple[GateView, CampaignOutcome]:
        """The gate and its campaign, for an approver whose link opens the page (or why not)."""
        self.pages.claims(request)
        view = self.pages.gate_view(release, gate)
        return view, self.deps.desk.report(view)

    def _list(self, request: Request, release: str, gate: str, kind: str) -> Response:
        try:
            view, outcome = self._campaign(request, release, gate)
        except AmoaError as error:
            return self.pages.refusal(request, error)
        asked = request.query_params
        number = int(asked["page"]) if asked.get("page", "").isdigit() else 1
        query = asked.get("q", "")[:200]
        if kind == "requirements":
            choice = asked.get("verdict", "")
            found: Page[Any] = requirement_page(
                outcome.coverage, query, choice, asked.get("domain", ""), number
            )
            choices = [v.value for v in Verdict]
        else:
            choice = asked.get("status", "")
            found = scenario_page(outcome.results, query, choice, number)
            choices = [s.value for s in Status]
        base = gate_href(release, gate) + "/" + kind
        filter_name = "verdict" if kind == "requirements" else "status"
        filters = {"q": query, filter_name: choice}
        return self.pages.page(
            request, "listing.html.j2", gate=view, kind=kind, found=found, query=query, choice=choice,
            choices=choices, filter_name=filter_name, gate_href=gate_href(release, gate),
            previous=_href(base, filters, found.number - 1) if found.number > 1 else None,
            next=_href(base, filters, found.number + 1) if found.number < found.pages else None,
        )  # fmt: skip

    async def decide(self, request: Request, release: str, gate: str) -> Response:
        body = await request.body()
        return await run_in_threadpool(self._decide, request, release, gate, body)

    def _decide(self, request: Request, release: str, gate: str, body: bytes) -> Response:
        try:
            token, claims = self.pages.token_claims(request)
            if not same_origin(request):
                raise LinkRefused(reason="csrf")
            if (claims.release, claims.gate) != (release, gate):
                raise LinkRefused(reason="other_gate")
            values = parse_body(body)
            if not self.deps.signer.csrf_ok(claims.link_id, values.get("csrf", "")):
                raise LinkRefused(reason="csrf")
            view = self.pages.gate_view(release, gate)
            outcome = self.deps.desk.report(view)
            reading = read_decision(values, self.deps.clock().date(), [g.identity for g in outcome.gaps])
            if reading.form is None:
                return self._gate_page(request, release, gate, claims, values, reading.problems, view)
            decided = self.deps.desk.decide(token, claims, reading.form)
            # The link is used up: this answer is the last page it shows; the cookie goes.
            response = self._gate_page(
                request, release, gate, claims, view=decided.view, used=True, unreached=decided.unreached
            )
        except AmoaError as error:
            return self.pages.refusal(request, error)
        response.delete_cookie(LINK_COOKIE, path="/", secure=self.deps.secure_cookies, httponly=True,
                               samesite="lax")  # fmt: skip
        return response

    # -- the gate page
    def _gate_page(
        self, request: Request, release: str, gate: str, claims: LinkClaims,
        values: Mapping[str, str] | None = None, problems: tuple[str, ...] = (), view: GateView | None = None,
        used: bool = False, unreached: tuple[str, ...] = (),
    ) -> Response:  # fmt: skip
        view = view or self.pages.gate_view(release, gate)
        outcome = self.deps.desk.report(view)
        if (claims.release, claims.gate) != (release, gate):
            state = "other_gate"
        elif used:
            state = "used"
        elif not view.pending:
            state = "closed"
        elif claims.approver not in view.approvers:
            state = "not_approver"
        else:
            state = "open"
        assessment = outcome.assessment
        reserved = (
            reservation_rows(assessment.tracked, assessment.free_reservations, self.deps.clock().date())
            if assessment
            else []
        )
        return self.pages.page(
            request, "gate.html.j2", 422 if problems else 200,
            gate=view, o=outcome, a=assessment,
            trace=traceability.rows(outcome) if len(outcome.coverage) <= LIST_LIMIT else None,
            domains=by_domain(outcome.coverage, outcome.results),
            reservations=reserved,
            tracked_by_identity={g.identity: g for g in assessment.tracked} if assessment else {},
            form_state=state, csrf=self.deps.signer.csrf_token(claims.link_id),
            values=values or {}, problems=problems,
            decided=view.decided.get(claims.approver) if state == "used" else None,
            unreached=[self.deps.approver_names.get(who, who) for who in unreached],
            approver_name=self.deps.approver_names.get(claims.approver, claims.approver),
            expires=claims.expires.strftime("%Y-%m-%d %H:%M UTC"),
            link_gate=claims.gate, link_release=claims.release,
            post_href=gate_href(release, gate), pv_href=gate_href(release, gate) + "/pv",
            stored_href=gate_href(release, gate) + "/stored",
            pv=pv_fingerprint(outcome),
        )  # fmt: skip


def _href(base: str, filters: Mapping[str, str], number: int) -> str:
    return base + "?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": number})
