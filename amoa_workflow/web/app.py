"""The approvers' web application (FastAPI), built from dependencies by :func:`create_app`.

Nothing is built at import time; ``amoa web`` (uvicorn) and the tests call :func:`create_app`
with what the composition root (:func:`amoa_workflow.bootstrap.web_app`) or a test made.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from amoa_workflow.reporting.figures import with_figures
from amoa_workflow.web.attachment_pages import AttachmentPages
from amoa_workflow.web.execution_pages import ExecutionPages, is_tester_link
from amoa_workflow.web.gate_pages import GatePages
from amoa_workflow.web.headers import SecurityHeaders
from amoa_workflow.web.pages import Pages, WebDependencies
from amoa_workflow.web.stored_pages import StoredReportPages


def templates() -> Environment:
    """The pages' templates, autoescaped: gap names, comments and titles are shown as text."""
    environment = Environment(
        loader=PackageLoader("amoa_workflow", "templates/web"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    with_figures(environment.filters)
    return environment


def create_app(deps: WebDependencies) -> FastAPI:
    app = FastAPI(title="amoa-workflow", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SecurityHeaders, hsts=deps.secure_cookies)
    pages = Pages(deps, templates())
    gates = GatePages(pages)
    stylesheet = files("amoa_workflow.web").joinpath("static/web.css").read_text(encoding="utf-8")

    def css() -> Response:
        return Response(stylesheet, media_type="text/css; charset=utf-8")

    def health() -> Response:
        return PlainTextResponse("ok")

    def robots() -> Response:
        return PlainTextResponse("User-agent: *\nDisallow: /\n")

    app.add_api_route("/static/web.css", css, methods=["GET"], include_in_schema=False)
    app.add_api_route("/healthz", health, methods=["GET"], include_in_schema=False)
    app.add_api_route("/robots.txt", robots, methods=["GET"], include_in_schema=False)
    app.add_api_route("/", gates.pending, methods=["GET"], include_in_schema=False)
    testers = ExecutionPages(pages, deps.manual) if deps.manual is not None else None

    def open_link(request: Request, token: str) -> Response:
        if testers is not None and is_tester_link(token):
            return testers.open_link(request, token)
        return pages.open_link(request, token)

    app.add_api_route("/l/{token}", open_link, methods=["GET"], include_in_schema=False)
    if testers is not None and deps.manual is not None:
        attached = AttachmentPages(pages, testers, deps.manual)
        app.add_api_route("/manual", testers.listing, methods=["GET"], include_in_schema=False)
        app.add_api_route(
            "/manual/attachments/{file}", attached.for_tester, methods=["GET"], include_in_schema=False
        )
        for under in ("", "/stored"):  # the live PV's relative links, and the stored PV's
            app.add_api_route(
                "/gates/{release}/{gate}" + under + "/attachments/{file}", attached.for_approver,
                methods=["GET"], include_in_schema=False,
            )  # fmt: skip
        app.add_api_route("/manual/{ref}", testers.scenario, methods=["GET"], include_in_schema=False)
        app.add_api_route("/manual/{ref}", testers.record, methods=["POST"], include_in_schema=False)
    app.add_api_route("/gates/{release}/{gate}", gates.gate, methods=["GET"], include_in_schema=False)
    app.add_api_route("/gates/{release}/{gate}", gates.decide, methods=["POST"], include_in_schema=False)
    app.add_api_route("/gates/{release}/{gate}/pv", gates.report, methods=["GET"], include_in_schema=False)
    stored = StoredReportPages(pages)
    app.add_api_route(
        "/gates/{release}/{gate}/stored/{kind}", stored.stored, methods=["GET"], include_in_schema=False
    )
    app.add_api_route(
        "/gates/{release}/{gate}/requirements", gates.requirements, methods=["GET"], include_in_schema=False
    )
    app.add_api_route(
        "/gates/{release}/{gate}/scenarios", gates.scenarios, methods=["GET"], include_in_schema=False
    )

    async def not_found(request: Request, _error: Exception) -> Response:
        return pages.not_found(request)

    app.add_exception_handler(404, not_found)
    return app
