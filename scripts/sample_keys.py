"""Demo key pairs for the bundled sample's approvers, so its quick start needs no step by hand.

A gate keeps the public keys its approvers had when it opened, so they must exist before the
first checkpoint. For each approver of config/approvers.toml without a ``public_key``: an
existing key pair in the keys folder (``amoa keys generate``'s default place) is registered,
else a new one is made with ``amoa keys generate --register``. A real project does this once per
approver, each on their own machine (docs/trust-model.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from amoa_workflow.settings.approver_keys import register_public_key
from amoa_workflow.signatures.keys import default_key_path, parse_public_key

PROJECT = Path(__file__).resolve().parents[1]


def main() -> None:
    config = tomllib.loads((PROJECT / "config" / "approvers.toml").read_text(encoding="utf-8"))
    for approver in config.get("approvers", []):
        if approver.get("public_key"):
            continue
        who = str(approver["id"])
        key = default_key_path(who, os.environ)
        public = key.with_name(key.name + ".pub")
        if public.is_file():
            register_public_key(PROJECT, who, parse_public_key(public.read_text(encoding="utf-8")))
            print(f"{who}: existing key {public} registered in config/approvers.toml", file=sys.stderr)
        else:
            amoa = Path(sys.executable).with_name("amoa")
            subprocess.run([str(amoa), "keys", "generate", "--approver", who, "--register"], check=True,
                           cwd=PROJECT, stdout=subprocess.DEVNULL)  # fmt: skip


if __name__ == "__main__":
    main()
