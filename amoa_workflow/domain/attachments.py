"""Files a tester attaches to a step result (screenshots, a scanned payslip): checked, named, typed.

What a file is comes from its first bytes (:func:`sniff`), never from its name or the type the
browser declared: a PNG named ``bulletin.html`` is a PNG, an HTML page named ``capture.png`` is
refused. Only the project's allowed types are kept, up to its size limit. An SVG image is always
refused, whatever a policy lists: it is a document that can run scripts and fetch other sites
(animations setting ``href`` or handlers, styles importing URLs, entities…), no list of forbidden
pieces covers it, and the evidence pack would carry it to whoever unzips it; screenshots are PNG
or JPEG. The name shown and served is
neutralised (:func:`neutral_name`): no folder, no control or bidirectional character, ASCII
letters, digits, ``.``, ``_`` and ``-`` only, and the extension of the type found.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.errors import AttachmentRefused

KB = 1024
DEFAULT_MAX_BYTES = 5 * KB * KB
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "text/plain": "txt",
}
SVG = "image/svg+xml"  # recognised, to be named in the refusal, and never kept
DEFAULT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain")
SHOWN_INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})  # raster images only
MAX_NAME = 80
_MARKUP = re.compile(rb"\s*(<\?xml|<!doctype|<html|<svg|<script|<\w+[\s>])", re.IGNORECASE)


DEFAULT_MAX_PER_TESTER = 50


@dataclass(frozen=True)
class AttachmentPolicy:
    max_bytes: int = DEFAULT_MAX_BYTES
    types: tuple[str, ...] = DEFAULT_TYPES
    max_per_tester: int = DEFAULT_MAX_PER_TESTER  # files a tester keeps in one campaign


DEFAULT_POLICY = AttachmentPolicy()


@dataclass(frozen=True)
class Attachment:
    """A file attached to step ``position`` of a manual scenario, as kept (its bytes apart)."""

    scenario_key: str
    position: int
    tester: str
    name: str  # neutralised
    media_type: str  # sniffed
    size: int
    sha256: str
    recorded_at: datetime
    id: int = 0  # the store's, once kept

    @property
    def file(self) -> str:
        """Its file name in links and in the evidence pack: unique (the id) and safe (the name)."""
        return f"{self.id}-{self.name}"

    @property
    def inline(self) -> bool:
        return self.media_type in SHOWN_INLINE


def sniff(content: bytes) -> str | None:
    """The type of ``content`` from its bytes; None when it is none of the known ones."""
    head = content[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    text = content.removeprefix(b"\xef\xbb\xbf")
    if re.search(rb"<svg[\s>]", text[:4096], re.IGNORECASE) and _MARKUP.match(text):
        return SVG
    if _MARKUP.match(text):
        return None  # HTML, XML: markup a browser could run
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in decoded):
        return None
    return "text/plain"


def neutral_name(given: str, media_type: str) -> str:
    """A name that is only a name: the last part of any path, folded to safe ASCII, the right
    extension; ``piece-jointe.<ext>`` when nothing of the given name is left."""
    base = re.split(r"[/\\]", given)[-1]
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", folded)
    stem = safe.rsplit(".", 1)[0] if "." in safe.lstrip(".") else safe
    stem = re.sub(r"\.{2,}", ".", stem).strip("._-")
    extension = EXTENSIONS[media_type]
    stem = stem[: MAX_NAME - len(extension) - 1] or "piece-jointe"
    return f"{stem}.{extension}"


def checked(
    policy: AttachmentPolicy, filename: str, content: bytes, scenario_key: str, position: int, tester: str,
    at: datetime,
) -> Attachment:  # fmt: skip
    """The attachment to keep for an uploaded file; else :class:`AttachmentRefused`."""
    shown = neutral_name(filename, "text/plain").rsplit(".", 1)[0]
    if not content:
        raise AttachmentRefused("empty", shown)
    if len(content) > policy.max_bytes:
        raise AttachmentRefused("too_large", shown)
    media_type = sniff(content)
    if media_type == SVG:
        raise AttachmentRefused("svg", shown)
    if media_type is None or media_type not in policy.types:
        raise AttachmentRefused("type", shown)
    name = neutral_name(filename, media_type)
    digest = hashlib.sha256(content).hexdigest()
    return Attachment(scenario_key, position, tester, name, media_type, len(content), digest, at)


def new_files(
    policy: AttachmentPolicy, kept: Sequence[Attachment], offered: Sequence[Attachment], tester: str
) -> list[int]:
    """Which of ``offered`` (checked files of ``tester``) to keep, by index, beside those ``kept`` in
    the campaign: a file whose bytes are already on the same step is kept once; past the policy's
    number of files per tester, :class:`AttachmentRefused` (``quota``) and nothing is kept."""
    seen = {(a.scenario_key, a.position, a.sha256) for a in kept}
    count = sum(1 for a in kept if a.tester == tester)
    chosen: list[int] = []
    for index, attachment in enumerate(offered):
        identity = (attachment.scenario_key, attachment.position, attachment.sha256)
        if identity in seen:
            continue
        if count >= policy.max_per_tester:
            raise AttachmentRefused("quota", attachment.name.rsplit(".", 1)[0], limit=policy.max_per_tester)
        seen.add(identity)
        count += 1
        chosen.append(index)
    return chosen


def allowed_extensions(types: Sequence[str]) -> str:
    """What the file input accepts, as a hint to the browser (the server checks the content)."""
    return ",".join(f".{EXTENSIONS[t]}" for t in types if t in EXTENSIONS)
