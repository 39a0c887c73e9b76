"""The server's access log without the approvers' links: ``/l/<token>`` is written ``/l/***``.

Installed on uvicorn's handlers by ``amoa web`` (:func:`log_config`): a token in a log file would
open the decision form for whoever reads the log.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

_LINK = re.compile(r"/l/[^\s\"'?#]+")
MASKED = "/l/***"


def mask_links(text: str) -> str:
    return _LINK.sub(MASKED, text)


class LinkTokens(logging.Filter):
    """Masks link tokens in a record's message and arguments (uvicorn passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_links(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_links(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask_links(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def log_config(base: dict[str, Any]) -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`LinkTokens` on every handler."""
    config = copy.deepcopy(base)
    config.setdefault("filters", {})["link_tokens"] = {"()": f"{__name__}.LinkTokens"}
    for handler in config.get("handlers", {}).values():
        handler["filters"] = [*handler.get("filters", []), "link_tokens"]
    return config
