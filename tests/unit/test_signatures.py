"""Approvers' signatures: Ed25519 in OpenSSH's formats, checked by us and by ``ssh-keygen`` alike.

A decision is signed as ``ssh-keygen -Y sign -n amoa-decision`` would sign it, so OpenSSH verifies
ours and we verify OpenSSH's (an approver may sign with ssh-agent or a key they already have).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amoa_workflow.domain.decisions import Reservation
from amoa_workflow.domain.proofs import Proof, ProofKind, Statement
from amoa_workflow.errors import ConfigError, KeyFileError
from amoa_workflow.settings.approver_keys import register_public_key
from amoa_workflow.settings.gates import load_gates
from amoa_workflow.signatures import sshsig
from amoa_workflow.signatures.keys import (
    load_private_key,
    new_key_pair,
    parse_public_key,
    public_of,
    write_private_key,
)

RESERVED = (Reservation("requirement_uncovered:EXG-013", "MOE", date(2025, 7, 31)),)
STATEMENT = Statement(
    "1.1.0", "vabf", 1, 1, "dupont", "approve_with_reservations", "DSN à livrer", RESERVED, "ab" * 32
)
KEY = Ed25519PrivateKey.generate()


def keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        pytest.skip("ssh-keygen (OpenSSH) is not installed here")
    return found


def test_a_signature_verifies_with_its_key_and_only_for_its_statement() -> None:
    signature = sshsig.sign(KEY, STATEMENT.message())
    assert sshsig.verify(signature, STATEMENT.message(), public_of(KEY)) is None
    other = Statement(**{**STATEMENT.__dict__, "decision": "approve"})
    assert sshsig.verify(signature, other.message(), public_of(KEY)) is sshsig.Flaw.INVALID
    assert sshsig.verify(signature, STATEMENT.message(), public_of(Ed25519PrivateKey.generate())) is (
        sshsig.Flaw.OTHER_KEY
    )
    assert sshsig.verify(
        sshsig.sign(KEY, STATEMENT.message(), "git"), STATEMENT.message(), public_of(KEY)
    ) is (sshsig.Flaw.NAMESPACE)
    for garbage in ("", "je suis dupont", "U1NIU0lH", "-----BEGIN SSH SIGNATURE-----\n!!\n"):
        assert sshsig.verify(garbage, STATEMENT.message(), public_of(KEY)) is sshsig.Flaw.UNREADABLE


def test_the_statement_is_canonical_and_reads_back() -> None:
    text = STATEMENT.text()
    assert text.endswith("}\n") and "\n" not in text[:-1] and '"kind":"amoa-decision/v1"' in text
    assert Statement.from_text(text) == STATEMENT


def test_openssh_verifies_our_signatures_with_the_public_key_alone(tmp_path: Path) -> None:
    program = keygen()
    (tmp_path / "decision").write_bytes(STATEMENT.message())
    (tmp_path / "decision.sig").write_text(sshsig.sign(KEY, STATEMENT.message()))
    (tmp_path / "allowed").write_text(f'dupont namespaces="amoa-decision" {public_of(KEY).line}\n')
    checked = subprocess.run(
        [program, "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", "dupont", "-n", "amoa-decision",
         "-s", str(tmp_path / "decision.sig")],
        input=STATEMENT.message(), capture_output=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0 and b'Good "amoa-decision" signature for dupont' in checked.stdout


def test_we_verify_what_ssh_keygen_signs_and_read_its_keys(tmp_path: Path) -> None:
    program = keygen()
    key = tmp_path / "id_ed25519"
    subprocess.run([program, "-q", "-t", "ed25519", "-N", "", "-C", "dupont", "-f", str(key)], check=True)
    (tmp_path / "decision").write_bytes(STATEMENT.message())
    subprocess.run([program, "-Y", "sign", "-f", str(key), "-n", "amoa-decision", str(tmp_path / "decision")],
                   check=True, capture_output=True)  # fmt: skip
    public = parse_public_key((tmp_path / "id_ed25519.pub").read_text())
    signature = (tmp_path / "decision.sig").read_text()
    assert sshsig.verify(signature, STATEMENT.message(), public) is None
    fingerprint = subprocess.run(
        [program, "-l", "-f", str(key) + ".pub"], capture_output=True, text=True
    ).stdout
    assert public.fingerprint in fingerprint
    assert public_of(load_private_key(key)).same_key(public)  # its private key file too


def test_a_new_private_key_is_its_owners_alone(tmp_path: Path) -> None:
    data, public = new_key_pair("dupont")
    path = tmp_path / "keys" / "dupont.key"
    write_private_key(path, data, public)
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "keys" / "dupont.key.pub").read_text().strip() == public.line
    assert public_of(load_private_key(path)).same_key(public)
    with pytest.raises(KeyFileError, match="already there"):
        write_private_key(path, data, public)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="other users can read"):
        load_private_key(path)
    with pytest.raises(KeyFileError, match="no private key here"):
        load_private_key(tmp_path / "absent.key")


@pytest.mark.parametrize(
    "text", ["ssh-rsa AAAAB3NzaC1yc2E dupont", "ssh-ed25519 !!!", "ssh-ed25519 AAAA", "dupont", ""]
)
def test_a_public_key_that_is_not_ed25519_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_public_key(text)


def test_a_proof_is_a_signature_or_a_link_and_nothing_else() -> None:
    armored = sshsig.sign(KEY, STATEMENT.message())
    one_line = "".join(armored.splitlines()[1:-1])
    assert Proof.parse(armored) == Proof(ProofKind.SIGNATURE, armored.strip())
    assert Proof.parse(one_line) is not None and Proof.parse(one_line).kind is ProofKind.SIGNATURE  # type: ignore[union-attr]
    link = "https://recette.example.org/l/eyJ2IjoxfQ." + "a" * 43
    assert Proof.parse(link) == Proof(ProofKind.LINK, link)
    for free_text in ("martin", "je suis martin, j'approuve", "martin approve", "", "U1NI"):
        assert Proof.parse(free_text) is None


APPROVERS = """# les valideurs
[[approvers]]
id = "dupont"   # la paie
name = "Claire Dupont"

[[groups]]
id = "dupont-group"
members = ["dupont"]

[[approvers]]
id = "martin"

[[gates]]
name = "vabf"
approvers = ["dupont", "martin"]
"""


def test_registering_a_public_key_writes_it_in_the_approvers_table_and_nowhere_else(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "approvers.toml"
    path.write_text(APPROVERS, encoding="utf-8")
    _, public = new_key_pair("martin")
    register_public_key(tmp_path, "martin", public)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# les valideurs\n") and 'id = "dupont"   # la paie' in text
    [gate] = load_gates(tmp_path, "recette")
    assert gate.approver("martin").public_key == public.line  # type: ignore[union-attr]
    assert gate.approver("dupont").public_key is None  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match="already has a public_key"):
        register_public_key(tmp_path, "martin", public)
    with pytest.raises(ConfigError, match='no \\[\\[approvers\\]\\] table with id = "dupont-group"'):
        register_public_key(tmp_path, "dupont-group", public)


def test_a_malformed_public_key_in_the_configuration_is_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "approvers.toml").write_text(
        APPROVERS.replace('id = "martin"', 'id = "martin"\npublic_key = "ssh-rsa AAAA martin"'),
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError, match=r"approvers\.toml: approver martin: public_key: expected 'ssh-ed25519"
    ):
        load_gates(tmp_path, "recette")
