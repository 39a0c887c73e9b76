"""Security headers on every response of the approvers' page.

No JavaScript at all: the policy allows no script. Pages are never framed, send no referrer (a
link carries a token) and are never cached (they show who decided and the form token). An error
nobody foresaw is answered here too: a plain 500 with the same headers, the error in the log.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
REPORT_POLICY = (  # the self-contained PV: its own inline styles and SVG, still no script
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """ASGI middleware: adds the headers, keeping a page's own Content-Security-Policy if it set one."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = dict(HEADERS)
                wanted["content-security-policy"] = PAGE_POLICY
                wanted["cache-control"] = "public, max-age=3600" if static else "no-store"
                if self.hsts:
                    wanted["strict-transport-security"] = "max-age=31536000"
                headers += [(k.encode(), v.encode()) for k, v in wanted.items() if k.encode() not in present]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logging.getLogger("amoa_workflow.web").exception("unexpected error")
            if started:
                raise
            plain = [(b"content-type", b"text/plain; charset=utf-8")]
            await send_with_headers({"type": "http.response.start", "status": 500, "headers": plain})
            await send_with_headers({"type": "http.response.body", "body": b"500"})
