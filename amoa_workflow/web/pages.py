"""The pages: pending gates, a gate's report and decision form, the full PV, the signed link's door.

Access: ``GET /l/<token>`` checks the link, puts it in an HttpOnly cookie and redirects to the gate's
page, so the token leaves the address bar and the history. Every page needs a genuine, unexpired
link in that cookie, neither used nor revoked: once the approver has decided (or the link is
revoked), it reads nothing more. Only the gate of the link can be decided on, once. A form carries a
token derived from the link's id with the server's secret (``csrf``): another site cannot make one,
and the fingerprint of the PV shown (``pv``): a decision on a PV that changed meanwhile is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from amoa_workflow.checkpoint.outcomes import pv_fingerprint
from amoa_workflow.domain.model import Status, Verdict
from amoa_workflow.errors import (
    AmoaError,
    CampaignNotFound,
    LinkRefused,
    ReleaseNotFound,
    StoredReportMissing,
    UserError,
)
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
from amoa_workflow.signatures.links import DECIDE
from amoa_workflow.web.forms import parse_body, read_decision
from amoa_workflow.web.headers import REPORT_POLICY
from amoa_workflow.web.links import LinkClaims, LinkSigner
from amoa_workflow.web.views import ApprovalDesk, GateView, ManualDesk
from amoa_workflow.web.words import choose_lang, translator

LINK_COOKIE = "amoa_link"
LANG_COOKIE = "amoa_lang"


@dataclass(frozen=True)
class WebDependencies:
    """What the page needs, built by the composition root (:func:`amoa_workflow.bootstrap.web_app`)."""

    desk: ApprovalDesk
    signer: LinkSigner
    project: str
    lang: str  # the project's language, when the browser says nothing
    renderer: HtmlReport
    clock: Callable[[], datetime]
    approver_names: Mapping[str, str] = field(default_factory=dict)
    secure_cookies: bool = False  # behind HTTPS: cookies are Secure, HSTS is sent
    manual: ManualDesk | None = None  # the testers' pages (tests utilisateurs), when testers are configured


def gate_href(release: str, gate: str) -> str:
    return f"/gates/{quote(release, safe='')}/{quote(gate, safe='')}"


@dataclass(frozen=True)
class Door:
    """Which links open a set of pages: their purpose, the cookie that keeps the link, where the
    link leads once checked, and how a link for another purpose is refused."""

    purpose: str
    cookie: str
    home: Callable[[LinkClaims], str]
    other_purpose: str = "wrong_purpose"


APPROVERS_DOOR = Door(DECIDE, LINK_COOKIE, lambda claims: gate_href(claims.release, claims.gate))


class Pages:
    def __init__(self, deps: WebDependencies, templates: Environment) -> None:
        self.deps = deps
        self.templates = templates

    # -- helpers of every page
    def lang(self, request: Request) -> str:
        return choose_lang(
            request.query_params.get("lang"),
            request.cookies.get(LANG_COOKIE),
            request.headers.get("accept-language", ""),
            self.deps.lang,
        )

    def t(self, request: Request) -> Callable[..., str]:
        return translator(self.lang(request))

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = self.lang(request)
        html = self.templates.get_template(name).render(
            t=translator(lang), lang=lang, project=self.deps.project, **context
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in ("fr", "en"):
            response.set_cookie(LANG_COOKIE, lang, max_age=31_536_000, httponly=True, samesite="lax",
                                secure=self.deps.secure_cookies)  # fmt: skip
        return response

    def refusal(self, request: Request, error: AmoaError) -> HTMLResponse:
        lang = self.lang(request)
        if isinstance(error, LinkRefused):
            status, heading = (401 if error.reason == "missing" else 403), "web.refused"
        elif isinstance(error, CampaignNotFound | ReleaseNotFound | StoredReportMissing):
            status, heading = 404, "web.not_found"
        else:
            status, heading = (409 if isinstance(error, UserError) else 503), "web.error"
        t = translator(lang)
        return self.page(request, "message.html.j2", status, heading=t(heading),
                         message=error.render(lang), tone="bad")  # fmt: skip

    def not_found(self, request: Request, message: str = "") -> HTMLResponse:
        """The one "not found" page (no such route, scenario, file), ``message`` an i18n key."""
        t = self.t(request)
        return self.page(request, "message.html.j2", 404, heading=t("web.not_found"),
                         message=t(message) if message else "—", tone="bad")  # fmt: skip

    def claims(self, request: Request, door: Door = APPROVERS_DOOR) -> LinkClaims:
        return self.token_claims(request, door)[1]

    def gate_claims(self, request: Request, release: str, gate: str) -> LinkClaims:
        """The link of the cookie, usable and for this very gate: what a gate keeps (files testers
        attached, the stored PV and evidence pack) is read with its own gate's link only."""
        claims = self.claims(request)
        if (claims.release, claims.gate) != (release, gate):
            raise LinkRefused(reason="other_gate")
        return claims

    def token_claims(self, request: Request, door: Door = APPROVERS_DOOR) -> tuple[str, LinkClaims]:
        """The link of the door's cookie and what it allows: genuine, unexpired, for the door's
        purpose, neither used nor revoked."""
        token = request.cookies.get(door.cookie)
        if not token:
            raise LinkRefused(reason="missing")
        return token, self.usable(token, door)

    def usable(self, token: str, door: Door = APPROVERS_DOOR) -> LinkClaims:
        try:
            claims = self.deps.signer.verify(token, self.deps.clock(), purpose=door.purpose)
        except LinkRefused as refused:
            if refused.reason == "wrong_purpose":
                raise LinkRefused(reason=door.other_purpose) from None
            raise
        state = self.deps.desk.link_state(claims.link_id)
        if state is not None:
            raise LinkRefused(reason=state)
        return claims

    # -- routes
    def open_link(self, request: Request, token: str, door: Door = APPROVERS_DOOR) -> Response:
        """``/l/<token>``: the link checked, kept in the door's HttpOnly cookie, the address bar
        left for the door's page (the token leaves the history)."""
        try:
            claims = self.usable(token, door)
        except AmoaError as error:
            return self.refusal(request, error)
        response = RedirectResponse(door.home(claims), status_code=303)
        lifetime = int((claims.expires - self.deps.clock()).total_seconds())
        response.set_cookie(door.cookie, token, max_age=max(lifetime, 1), httponly=True, samesite="lax",
                            secure=self.deps.secure_cookies, path="/")  # fmt: skip
        return response

    def pending(self, request: Request) -> Response:
        try:
            claims = self.claims(request)
            gates = self.deps.desk.pending()
        except AmoaError as error:
            return self.refusal(request, error)
        listed = [{"view": g, "href": gate_href(g.release, g.name)} for g in gates]
        name = self.deps.approver_names.get(claims.approver, claims.approver)
        return self.page(request, "gates.html.j2", gates=listed, approver_name=name)

    def gate(self, request: Request, release: str, gate: str) -> Response:
        try:
            return self._gate_page(request, release, gate, self.claims(request))
        except AmoaError as error:
            return self.refusal(request, error)

    def report(self, request: Request, release: str, gate: str) -> Response:
        try:
            self.claims(request)
            view = self._view(release, gate)
            outcome = self.deps.desk.report(view)
        except AmoaError as error:
            return self.refusal(request, error)
        renderer = HtmlReport(lang=self.lang(request))
        html = renderer.render_html(renderer.context(outcome, view.decisions))
        return HTMLResponse(html, headers={"content-security-policy": REPORT_POLICY})

    def requirements(self, request: Request, release: str, gate: str) -> Response:
        """Every requirement of the gate's campaign, filtered and paginated by the server."""
        return self._list(request, release, gate, "requirements")

    def scenarios(self, request: Request, release: str, gate: str) -> Response:
        """Every scenario result of the gate's campaign, filtered and paginated by the server."""
        return self._list(request, release, gate, "scenarios")

    def _list(self, request: Request, release: str, gate: str, kind: str) -> Response:
        try:
            self.claims(request)
            view = self._view(release, gate)
            outcome = self.deps.desk.report(view)
        except AmoaError as error:
            return self.refusal(request, error)
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
        return self.page(
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
            token, claims = self.token_claims(request)
            if not same_origin(request):
                raise LinkRefused(reason="csrf")
            if (claims.release, claims.gate) != (release, gate):
                raise LinkRefused(reason="other_gate")
            values = parse_body(body)
            if not self.deps.signer.csrf_ok(claims.link_id, values.get("csrf", "")):
                raise LinkRefused(reason="csrf")
            view = self._view(release, gate)
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
            return self.refusal(request, error)
        response.delete_cookie(LINK_COOKIE, path="/", secure=self.deps.secure_cookies, httponly=True,
                               samesite="lax")  # fmt: skip
        return response

    # -- the gate page
    def _view(self, release: str, gate: str) -> GateView:
        view = self.deps.desk.gate(release, gate)
        if view is None:
            raise CampaignNotFound(
                f"{gate}-{release}", [g.name + "-" + g.release for g in self.deps.desk.pending()]
            )
        return view

    def _gate_page(
        self, request: Request, release: str, gate: str, claims: LinkClaims,
        values: Mapping[str, str] | None = None, problems: tuple[str, ...] = (), view: GateView | None = None,
        used: bool = False, unreached: tuple[str, ...] = (),
    ) -> Response:  # fmt: skip
        view = view or self._view(release, gate)
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
        return self.page(
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


def same_origin(request: Request) -> bool:
    """The browser's word that the form comes from this site (the form token is the proof).

    ``Sec-Fetch-Site`` must not say another site; ``Origin``, when it names one, must be this one
    (under ``Referrer-Policy: no-referrer`` browsers send ``Origin: null``, which proves nothing).
    """
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")
