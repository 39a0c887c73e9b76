"""The sample as the security tests prepare it: two approvers, dupont and martin, each with a key of
the one key ring, and the ``amoa`` command run against its database."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from amoa_workflow.bootstrap import Application
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.store import tables
from tests.signing import KeyRing

AMOA = Path(sys.executable).with_name("amoa")
KEYS = KeyRing()
A = DecisionKind.APPROVE


def approvers(quorum: str = "all", extra: str = "") -> str:
    return f"""
[[approvers]]
id = "dupont"
name = "Claire Dupont"
domains = ["Paie"]
public_key = "{KEYS.public("dupont").line}"

[[approvers]]
id = "martin"
name = "Paul Martin"
public_key = "{KEYS.public("martin").line}"
{extra}
[[gates]]
name = "vabf"
label = "VABF"
checkpoint = "recette"
approvers = ["dupont", "martin"]
quorum = "{quorum}"
"""


@dataclass
class Sample:
    app: Application
    folder: Path
    url: str
    keys: Path

    def amoa(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
        environment |= {"AMOA_DATABASE_URL": self.url, "AMOA_LANG": "en", "AMOA_KEYS_DIR": str(self.keys)}
        return subprocess.run(
            [str(AMOA), *args],
            cwd=self.folder,
            env=environment | (env or {}),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def decide(self, who: str, kind: DecisionKind = A, **more: Any) -> Any:
        return KEYS.decide(
            self.app.uow,
            self.app.gates(),
            "1.1.0",
            "vabf",
            who,
            kind,
            pv=self.app.current_pv("1.1.0"),
            **more,
        )

    def engine(self) -> Engine:
        return self.app.engine

    def counts(self) -> tuple[int, int]:
        with self.engine().connect() as connection:
            return tuple(  # type: ignore[return-value]
                connection.execute(select(text("count(*)")).select_from(t)).scalar_one()
                for t in (tables.decisions, tables.audit_log)
            )
