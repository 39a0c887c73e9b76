"""The evidence pack of a campaign: the report, the raw results, exports, and a SHA-256 manifest,
tied to the audit log.

A zip an approver or an auditor can keep: ``sha256sum -c MANIFEST.sha256`` checks that nothing in
it was changed. A manifest can be made again after an edit, so the pack is also tied to the audit
log: when it is written, the manifest's SHA-256 goes into an ``evidence.written`` entry, and the
log's head at that moment is in the pack (``audit-head.txt``, and printed in its PV).
:func:`verify_evidence` (``amoa evidence verify PACK``) checks the files against the manifest, the
manifest against the audit entry, and the audit log itself (with the pack's head as an anchor).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.domain.audit import Anchor
from amoa_workflow.domain.audit_review import Problem, SignatureCheck
from amoa_workflow.errors import InputFileError
from amoa_workflow.gates import audit_trail
from amoa_workflow.ports import ApprovalUnitOfWork

MANIFEST = "MANIFEST.sha256"
AUDIT_HEAD = "audit-head.txt"
_MAX_MEMBER = 512 * 1024 * 1024


def write_pack(target: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (name → content) and their manifest into the zip ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    contents = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}
    manifest = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(contents.items())
    )
    temporary = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        for name, data in sorted(contents.items()):
            pack.writestr(name, data)
        pack.writestr(MANIFEST, manifest)
    temporary.replace(target)
    return target


@dataclass(frozen=True)
class PackContents:
    manifest_sha256: str
    listed: int  # files the manifest lists
    changed: tuple[str, ...]  # listed, content differs
    missing: tuple[str, ...]  # listed, absent
    unlisted: tuple[str, ...]  # present, not in the manifest
    audit_head: str | None  # the log's head when the pack was written


def read_pack(path: Path) -> PackContents:
    """What the pack holds against its manifest; an unreadable pack is one clear error."""
    try:
        with zipfile.ZipFile(path) as pack:
            raw = pack.read(MANIFEST)
            expected: dict[str, str] = {}
            for line in raw.decode("utf-8").splitlines():
                digest, _, name = line.partition("  ")
                expected[name] = digest
            names = set(pack.namelist())
            changed = [
                name for name, digest in expected.items() if name in names and _digest(pack, name) != digest
            ]
            head = pack.read(AUDIT_HEAD).decode("ascii", "replace").strip() if AUDIT_HEAD in names else None
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        why = "no MANIFEST.sha256 in it" if isinstance(exc, KeyError) else f"not a readable zip ({exc})"
        raise InputFileError(path, why_en=why, why_fr=f"pack de preuves illisible ({why})") from None
    return PackContents(
        hashlib.sha256(raw).hexdigest(),
        len(expected),
        tuple(sorted(changed)),
        tuple(sorted(set(expected) - names)),
        tuple(sorted(names - set(expected) - {MANIFEST})),
        head if head and head != "None" else None,
    )


def verify_pack(path: Path) -> list[str]:
    """The names whose content no longer matches the manifest (empty when the pack is intact)."""
    contents = read_pack(path)
    return sorted(contents.changed + contents.missing)


def manifest_sha256(path: Path) -> str:
    return read_pack(path).manifest_sha256


@dataclass(frozen=True)
class EvidenceCheck:
    contents: PackContents
    recorded: tuple[int, ...]  # audit entries that recorded this manifest
    log: audit_trail.ChainCheck
    problems: tuple[Problem, ...]


def verify_evidence(
    uow: ApprovalUnitOfWork,
    path: Path,
    signature_ok: SignatureCheck,
    key: bytes | None = None,
    anchors: Sequence[Anchor] = (),
) -> EvidenceCheck:
    """Files against the manifest, the manifest against its audit entry, the audit log itself."""
    contents = read_pack(path)
    problems: list[Problem] = []
    for name in contents.changed + contents.missing:
        problems.append(
            Problem(
                "pack_file",
                None,
                f"{path}: {name} does not match the manifest",
                f"{path} : {name} ne correspond pas au manifeste",
            )
        )
    for name in contents.unlisted:
        problems.append(
            Problem(
                "pack_file",
                None,
                f"{path}: {name} is not in the manifest",
                f"{path} : {name} n'est pas dans le manifeste",
            )
        )
    recorded = tuple(e.id for e in audit_trail.evidence_entries(uow, contents.manifest_sha256))
    if not recorded:
        problems.append(
            Problem(
                "pack_unrecorded",
                None,
                f"{path}: its manifest ({contents.manifest_sha256[:16]}…) is not the one recorded in the "
                "audit log (made again after an edit, or not written by amoa)",
                f"{path} : son manifeste ({contents.manifest_sha256[:16]}…) n'est pas celui enregistré au "
                "journal d'audit (refait après une modification, ou pas écrit par amoa)",
            )
        )
    pack_anchor = _anchor(contents.audit_head, str(path))
    log = audit_trail.verify_log(uow, signature_ok, key, [*anchors, *pack_anchor])
    return EvidenceCheck(contents, recorded, log, (*problems, *log.problems))


def _anchor(head: str | None, where: str) -> list[Anchor]:
    ident, _, digest = (head or "").partition(":")
    return (
        [Anchor(int(ident), digest, f"{where}:{AUDIT_HEAD}")] if ident.isdigit() and len(digest) == 64 else []
    )


def _digest(pack: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with pack.open(name) as member:
        read = 0
        while chunk := member.read(1 << 20):
            read += len(chunk)
            if read > _MAX_MEMBER:
                return "too large"
            digest.update(chunk)
    return digest.hexdigest()


def results_json(records: list[dict[str, object]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)
