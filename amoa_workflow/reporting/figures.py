"""Figures in the templates as their reader writes them (``{{ c.actual | decimal }}``: ``66,7`` in a
French PV or page, ``66.7`` in an English one), the language read from the template's ``lang``."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from amoa_workflow.i18n import decimal


@pass_context
def decimal_filter(context: Context, value: float, digits: int = 1) -> str:
    return decimal(value, str(context.get("lang", "en")), digits)


def with_figures(filters: dict[str, Any]) -> None:
    """Add the ``decimal`` filter to a Jinja environment's ``filters``."""
    filters["decimal"] = decimal_filter
