"""What every page shares: its dependencies, the reader's language, rendering and refusals, and the
door signed links go through.

Access: ``GET /l/<token>`` checks the link, puts it in an HttpOnly cookie and redirects to the gate's
page, so the token leaves the address bar and the history. Every page needs a genuine, unexpired
link in that cookie, neither used nor revoked: once the approver has decided (or the link is
revoked), it reads nothing more. A form must come from this site (:func:`same_origin`).

The approvers' pages are in ``gate_pages.py``, the testers' in ``execution_pages.py``, the stored
PV in ``stored_pages.py``, the testers' files in ``attachment_pages.py``: each uses a :class:`Pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from amoa_workflow.errors import (
    AmoaError,
    CampaignNotFound,
    GateNotFound,
    LinkRefused,
    ReleaseNotFound,
    StoredReportMissing,
    UserError,
)
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.signatures.links import DECIDE
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
        elif isinstance(error, CampaignNotFound | GateNotFound | ReleaseNotFound | StoredReportMissing):
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

    # -- the door
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

    # -- the gate a page is about
    def gate_view(self, release: str, gate: str) -> GateView:
        """The gate's view, or :class:`GateNotFound` naming the release's gates pending."""
        view = self.deps.desk.gate(release, gate)
        if view is None:
            raise GateNotFound(
                gate, release, [g.name for g in self.deps.desk.pending() if g.release == release]
            )
        return view


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
