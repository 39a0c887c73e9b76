"""Approval gates as configured in ``config/approvers.toml`` (``[[gates]]``), loaded at the edge.

Who may decide is read from the file alone, never from the environment: deciding needs no
notification channel, and the sample's gate works with nothing set.

    [[gates]]
    name = "vabf"                     # lowercase letters, digits, dashes (also the Prefect pause key)
    label = "VABF"                    # shown to people
    checkpoint = "recette"            # the checkpoint that opens it (default: [checkpoint] name)
    approvers = ["dupont", "martin"]  # approver ids, or group ids (their members)
                                      # (an approver's public_key: what their signatures are checked with)
    quorum = "all"                    # all | any | n_of_m (with required = N) | per_domain
    required = 2                      # n_of_m only
    timeout = 72                      # hours pending before escalate_to is told (optional)
    escalate_to = ["direction"]       # approver or group ids
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from amoa_workflow.domain.gates import (
    GATE_NAME,
    RESERVED_GATE_NAMES,
    TIMEOUT_OUTCOMES,
    GateApprover,
    GateDefinition,
)
from amoa_workflow.domain.quorum import Outcome, Quorum, QuorumRule
from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.approver_keys import checked_public_key
from amoa_workflow.settings.approvers import APPROVERS_FILE, APPROVERS_TOML_KEYS, YEAR_HOURS
from amoa_workflow.settings.toml_file import read_toml


def load_gates(project_dir: Path, checkpoint: str) -> tuple[GateDefinition, ...]:
    """Every configured gate; none when the file or its ``[[gates]]`` are absent."""
    path = project_dir / APPROVERS_FILE
    if not path.is_file():
        return ()
    raw = read_toml(path, APPROVERS_TOML_KEYS)
    return _GateReader(path, checkpoint).read(raw)


_GATES_HEADER = re.compile(r"\s*\[\[\s*gates\s*\]\]")


class _GateReader:
    def __init__(self, path: Path, checkpoint: str) -> None:
        self.path, self.checkpoint = path, checkpoint
        lines = path.read_text(encoding="utf-8").splitlines()
        # where each [[gates]] table starts (numbered from 1): a gate's mistake names its line
        self.gate_lines = [n for n, line in enumerate(lines, 1) if _GATES_HEADER.match(line)]
        self.line: int | None = None  # the line of the gate being read

    def fail(self, why_en: str, why_fr: str) -> ConfigError:
        return ConfigError(self.path, why_en=why_en, why_fr=why_fr, line=self.line)

    def list_of_tables(self, raw: Mapping[str, object], name: str) -> list[Mapping[str, object]]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(
                f"[[{name}]] must be a list of tables", f"[[{name}]] doit être une liste de tables"
            )
        return value

    def names(self, entry: Mapping[str, object], key: str, who: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{who}: {key} must be a list of ids", f"{who} : {key} doit être une liste d'ids")
        return tuple(value)

    def read(self, raw: Mapping[str, object]) -> tuple[GateDefinition, ...]:
        people = {
            str(a.get("id")): GateApprover(
                str(a.get("id")),
                str(a.get("name", a.get("id"))),
                frozenset(self.names(a, "domains", f"approver {a.get('id')}")),
                checked_public_key(a.get("public_key"), str(a.get("id")), self.path),
                str(a.get("role", "")),
            )
            for a in self.list_of_tables(raw, "approvers")
        }
        groups = {
            str(g.get("id")): self.names(g, "members", f"group {g.get('id')}")
            for g in self.list_of_tables(raw, "groups")
        }
        gates = []
        for n, entry in enumerate(self.list_of_tables(raw, "gates"), 1):
            self.line = self.gate_lines[n - 1] if n <= len(self.gate_lines) else None
            gates.append(self.gate(entry, n, people, groups))
        self.line = None
        names = [g.name for g in gates]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise self.fail(
                f"gates named twice: {', '.join(twice)}", f"portes nommées deux fois : {', '.join(twice)}"
            )
        return tuple(gates)

    def gate(
        self,
        entry: Mapping[str, object],
        number: int,
        people: Mapping[str, GateApprover],
        groups: Mapping[str, tuple[str, ...]],
    ) -> GateDefinition:
        name = entry.get("name")
        if not isinstance(name, str) or not GATE_NAME.fullmatch(name):
            raise self.fail(
                f'gate #{number}: name "{name}" must be lowercase letters, digits or dashes',
                f"porte n°{number} : le nom « {name} » doit être en minuscules, chiffres ou tirets",
            )
        if name in RESERVED_GATE_NAMES:
            raise self.fail(
                f'gate #{number}: the name "{name}" is reserved (a checkpoint waits for its testers '
                "under it): choose another",
                f"porte n°{number} : le nom « {name} » est réservé (un point de contrôle y attend ses "
                "testeurs) : choisissez-en un autre",
            )
        who = f"gate {name}"
        label, checkpoint = entry.get("label", name), entry.get("checkpoint", self.checkpoint)
        if not isinstance(label, str) or not isinstance(checkpoint, str) or not checkpoint:
            raise self.fail(
                f"{who}: label and checkpoint must be text", f"{who} : label et checkpoint : du texte"
            )
        chosen: dict[str, GateApprover] = {}
        for ident in self.names(entry, "approvers", who):
            members = groups.get(ident, (ident,))
            unknown = [m for m in members if m not in people]
            if unknown:
                raise self.fail(
                    f'{who}: "{ident}" is neither an approver nor a group of approvers',
                    f"{who} : « {ident} » n'est ni un approbateur ni un groupe d'approbateurs",
                )
            chosen |= {m: people[m] for m in members}
        if not chosen:
            raise self.fail(f"{who}: approvers is empty", f"{who} : approvers est vide")
        known = set(people) | set(groups)
        escalate_to = self.names(entry, "escalate_to", who)
        strangers = ", ".join(e for e in escalate_to if e not in known)
        if strangers:
            raise self.fail(
                f"{who}: escalate_to names unknown ids ({strangers})",
                f"{who} : escalate_to nomme des ids inconnus ({strangers})",
            )
        timeout = self.timeout(entry, who)
        return GateDefinition(
            name=name,
            label=label,
            checkpoint=checkpoint,
            approvers=tuple(chosen.values()),
            quorum=self.quorum(entry, who, len(chosen)),
            timeout=timeout,
            escalate_to=escalate_to,
            on_timeout=self.on_timeout(entry, who, timeout),
        )

    def quorum(self, entry: Mapping[str, object], who: str, approvers: int) -> QuorumRule:
        kinds = ", ".join(q.value for q in Quorum)
        value = entry.get("quorum", "all")
        if value not in {q.value for q in Quorum}:
            raise self.fail(f"{who}: quorum must be one of {kinds}", f"{who} : quorum doit valoir {kinds}")
        kind = Quorum(str(value))
        required = entry.get("required", 1)
        if not isinstance(required, int) or isinstance(required, bool):
            required = 0
        if kind is Quorum.N_OF_M and not 1 <= required <= approvers:
            raise self.fail(
                f"{who}: required must be a whole number from 1 to {approvers} (its approvers)",
                f"{who} : required doit être un entier de 1 à {approvers} (ses approbateurs)",
            )
        return QuorumRule(kind, required if kind is Quorum.N_OF_M else 1)

    def on_timeout(self, entry: Mapping[str, object], who: str, timeout: timedelta | None) -> Outcome:
        """What the gate becomes at its deadline with no quorum: ``expired`` (the default) or
        ``rejected``; never an approval, which only the approvers give."""
        value = entry.get("on_timeout", Outcome.EXPIRED.value)
        allowed = " or ".join(o.value for o in TIMEOUT_OUTCOMES)
        permis = " ou ".join(o.value for o in TIMEOUT_OUTCOMES)
        if not isinstance(value, str):  # a list, a number, a table: not one of the words
            raise self.fail(
                f'{who}: on_timeout must be {allowed} (not "{value}")',
                f"{who} : on_timeout doit valoir {permis} (et non « {value} »)",
            )
        if value in (Outcome.APPROVED.value, Outcome.APPROVED_WITH_RESERVATIONS.value):
            raise self.fail(
                f'{who}: on_timeout = "{value}" is refused: silence never approves a release, its '
                f"approvers do (use {allowed})",
                f"{who} : on_timeout = « {value} » est refusé : le silence n'approuve jamais une version, "
                f"ses approbateurs le font ({permis})",
            )
        if value not in {o.value for o in TIMEOUT_OUTCOMES}:
            raise self.fail(
                f'{who}: on_timeout must be {allowed} (not "{value}")',
                f"{who} : on_timeout doit valoir {permis} (et non « {value} »)",
            )
        if timeout is None and "on_timeout" in entry:
            raise self.fail(
                f"{who}: on_timeout needs a timeout (hours) to happen at",
                f"{who} : on_timeout demande un timeout (en heures) auquel s'appliquer",
            )
        return Outcome(str(value))

    def timeout(self, entry: Mapping[str, object], who: str) -> timedelta | None:
        value = entry.get("timeout")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= YEAR_HOURS:
            raise self.fail(
                f"{who}: timeout must be a positive number of hours, at most {YEAR_HOURS:g}",
                f"{who} : timeout doit être un nombre d'heures positif, au plus {YEAR_HOURS:g}",
            )
        return timedelta(hours=value)
