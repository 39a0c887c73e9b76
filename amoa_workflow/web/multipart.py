"""A ``multipart/form-data`` body read without a server: its fields and its files, bytes as sent.

Only the tester's execution form is sent this way (it may carry screenshots). The body has been
read whole under a size limit before it gets here; a body that is not well formed gives nothing.
Parts' headers are read with the standard library; their content is kept byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from email.utils import collapse_rfc2231_value

MAX_PARTS = 400


@dataclass(frozen=True)
class Upload:
    field: str
    filename: str  # as the browser sent it: never trusted as a path (see attachments)
    declared_type: str  # as the browser sent it: never trusted (the content is sniffed)
    content: bytes


@dataclass(frozen=True)
class MultipartBody:
    fields: dict[str, str]
    uploads: tuple[Upload, ...]


def boundary_of(content_type: str) -> str | None:
    message = Message()
    message["content-type"] = content_type
    if message.get_content_type() != "multipart/form-data":
        return None
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not 1 <= len(boundary) <= 70:
        return None
    return boundary


def parse_multipart(body: bytes, content_type: str) -> MultipartBody:
    """The fields (the first value of each, UTF-8) and the files (non-empty ones) of ``body``."""
    boundary = boundary_of(content_type)
    if boundary is None:
        return MultipartBody({}, ())
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or len(chunks) > MAX_PARTS + 2 or not chunks[-1].startswith(b"--"):
        return MultipartBody({}, ())
    fields: dict[str, str] = {}
    uploads: list[Upload] = []
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n") or not chunk.endswith(b"\r\n"):
            return MultipartBody({}, ())
        head, separator, content = chunk[2:-2].partition(b"\r\n\r\n")
        if not separator:
            return MultipartBody({}, ())
        headers = HeaderParser().parsestr(head.decode("utf-8", "replace"))
        name = headers.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            continue
        filename = headers.get_param("filename", header="content-disposition")
        if isinstance(filename, tuple):  # filename*=UTF-8''…
            filename = collapse_rfc2231_value(filename)
        if isinstance(filename, str):
            if content:
                uploads.append(Upload(name, filename, headers.get_content_type(), content))
            continue
        try:
            fields.setdefault(name, content.decode("utf-8"))
        except UnicodeDecodeError:
            return MultipartBody({}, ())
    return MultipartBody(fields, tuple(uploads))
