"""Ed25519 key pairs in OpenSSH's formats: the private key file an approver keeps, the public key
line ``config/approvers.toml`` records, and its fingerprint as ``ssh-keygen -l`` prints it.

Why Ed25519 and OpenSSH's formats: a small, fast, deterministic signature with no parameter to get
wrong, supported by the audited ``cryptography`` package and by OpenSSH itself, so an approver may
sign with an SSH key they already have (or ``ssh-keygen -Y sign`` and ssh-agent) and anyone may
verify with ``ssh-keygen -Y verify``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from amoa_workflow.errors import KeyFileError

KEY_TYPE = b"ssh-ed25519"
KEYS_DIR_VARIABLE = "AMOA_KEYS_DIR"
PASSPHRASE_VARIABLE = "AMOA_KEY_PASSPHRASE"


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def read_strings(blob: bytes) -> list[bytes]:
    """The SSH wire strings of ``blob`` (ValueError when it is not made of them)."""
    found, at = [], 0
    while at < len(blob):
        if at + 4 > len(blob):
            raise ValueError("truncated")
        (length,) = struct.unpack(">I", blob[at : at + 4])
        if at + 4 + length > len(blob):
            raise ValueError("truncated")
        found.append(blob[at + 4 : at + 4 + length])
        at += 4 + length
    return found


@dataclass(frozen=True)
class PublicKey:
    raw: bytes  # the 32 bytes of the Ed25519 key
    comment: str = ""

    @property
    def blob(self) -> bytes:
        return ssh_string(KEY_TYPE) + ssh_string(self.raw)

    @property
    def line(self) -> str:
        """``ssh-ed25519 AAAA… comment``: what ``config/approvers.toml`` and ``allowed_signers`` hold."""
        text = f"{KEY_TYPE.decode()} {base64.b64encode(self.blob).decode()}"
        return f"{text} {self.comment}" if self.comment else text

    @property
    def fingerprint(self) -> str:
        """``SHA256:…``, as ``ssh-keygen -l -f key.pub`` prints it."""
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"

    def key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.raw)

    def same_key(self, other: PublicKey) -> bool:
        return self.raw == other.raw


def from_blob(blob: bytes, comment: str = "") -> PublicKey:
    """The key of an SSH public key blob; ValueError unless it is an Ed25519 key."""
    parts = read_strings(blob)
    if len(parts) != 2 or parts[0] != KEY_TYPE or len(parts[1]) != 32:
        raise ValueError("not an ssh-ed25519 key")
    return PublicKey(parts[1], comment)


def parse_public_key(text: str) -> PublicKey:
    """``ssh-ed25519 AAAA… [comment]``; ValueError with the reason otherwise."""
    fields = text.strip().split(maxsplit=2)
    if len(fields) < 2 or fields[0] != KEY_TYPE.decode():
        raise ValueError("expected 'ssh-ed25519 AAAA…' (the line 'amoa keys generate' prints)")
    try:
        blob = base64.b64decode(fields[1], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the key is not base64") from None
    return from_blob(blob, fields[2] if len(fields) > 2 else "")


def public_of(private: Ed25519PrivateKey, comment: str = "") -> PublicKey:
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublicKey(raw, comment)


def new_key_pair(comment: str) -> tuple[bytes, PublicKey]:
    """A fresh private key (OpenSSH file format, unencrypted) and its public key."""
    private = Ed25519PrivateKey.generate()
    data = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    return data, public_of(private, comment)


def default_key_path(approver: str, environ: dict[str, str] | os._Environ[str]) -> Path:
    """Where ``amoa keys generate`` writes ``approver``'s key and ``amoa approve`` looks for it."""
    folder = environ.get(KEYS_DIR_VARIABLE)
    if not folder:
        config = environ.get("XDG_CONFIG_HOME") or str(
            Path(environ.get("HOME", "~")).expanduser() / ".config"
        )
        folder = str(Path(config) / "amoa" / "keys")
    return Path(folder) / f"{approver}.key"


def write_private_key(path: Path, data: bytes, public: PublicKey, replace: bool = False) -> None:
    """Write the private key readable by its owner only (0600), and ``<path>.pub`` beside it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists() and not replace:
        raise KeyFileError(
            path,
            why_en="a key is already there (--force replaces it)",
            why_fr="une clé y est déjà (--force la remplace)",
        )
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if replace else os.O_EXCL)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    path.chmod(0o600)
    path.with_name(path.name + ".pub").write_text(public.line + "\n", encoding="utf-8")


def load_private_key(path: Path, passphrase: str | None = None) -> Ed25519PrivateKey:
    """The Ed25519 private key of ``path`` (OpenSSH or PKCS#8 PEM), refused if others can read it."""
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(
            path,
            why_en="no private key here (amoa keys generate --approver ID, or --key FILE)",
            why_fr="pas de clé privée ici (amoa keys generate --approver ID, ou --key FICHIER)",
        ) from None
    except OSError as exc:
        raise KeyFileError(
            path, why_en=f"unreadable ({exc.strerror})", why_fr=f"illisible ({exc.strerror})"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            path,
            why_en="other users can read this private key: chmod 600 it",
            why_fr="d'autres comptes peuvent lire cette clé privée : chmod 600",
        )
    password = passphrase.encode() if passphrase else None
    key: object
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, password)
        else:
            key = serialization.load_pem_private_key(data, password)
    except TypeError:
        raise KeyFileError(
            path,
            why_en=f"the key is protected by a passphrase: set {PASSPHRASE_VARIABLE}",
            why_fr=f"la clé est protégée par une phrase secrète : définissez {PASSPHRASE_VARIABLE}",
        ) from None
    except ValueError:
        raise KeyFileError(
            path,
            why_en="not a private key (or a wrong passphrase)",
            why_fr="pas une clé privée (ou mauvaise phrase secrète)",
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(
            path,
            why_en="not an Ed25519 key (ssh-keygen -t ed25519)",
            why_fr="pas une clé Ed25519 (ssh-keygen -t ed25519)",
        )
    return key
