"""The approver's decision as the Prefect UI's form asks for it, and as a request to the one service.

May be sent through the form, ``resume_flow_run(id, run_input=…)``; the server validates it
against :class:`DecisionInput`'s schema, :func:`decision_request` turns it into a
:class:`~amoa_workflow.gates.decisions.DecisionRequest` (an input with no usable proof is refused).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect.input import RunInput
from pydantic import BaseModel, Field

from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.domain.proofs import Proof
from amoa_workflow.errors import DecisionRefused
from amoa_workflow.gates.decisions import DecisionRequest


class ReservationInput(BaseModel):
    gap: str = Field(description="Gap id (e.g. requirement_failing:EXG-004) or a text / id d'écart ou texte")
    owner: str = Field(description="Who must solve it / responsable")
    due: date = Field(description="Due date / échéance")


class DecisionInput(RunInput):
    """The approver's decision, as the Prefect UI's form asks for it, with its proof.

    ``proof``: the signature ``amoa approve … --print-signature`` prints (with the ``pv_sha256`` it
    signed), or the approver's own approval link. Free text is refused: the approver is whoever the
    proof shows, checked by the decision service like every other way of deciding.
    """

    approver: str = Field(
        max_length=128, description="Your approver id (config/approvers.toml) / votre identifiant"
    )
    decision: Literal["approve", "approve_with_reservations", "reject"]
    comment: str = Field(
        default="", max_length=4000, description="Comment (required to reject) / commentaire"
    )
    reservations: list[ReservationInput] = Field(default_factory=list, max_length=500)
    pv_sha256: str = Field(
        default="",
        max_length=64,
        description="Fingerprint of the PV you read (printed in it) / empreinte du PV lu (imprimée)",
    )
    proof: str = Field(
        min_length=16,
        max_length=16384,
        description="Your signature (amoa approve … --print-signature) or your approval link / "
        "votre signature (amoa approve … --print-signature) ou votre lien d'approbation",
    )


def decision_request(answer: DecisionInput, release: str, gate: str, source: str) -> DecisionRequest:
    """The run input as a request to the decision service; an input with no usable proof is refused."""
    proof = Proof.parse(answer.proof)
    if proof is None:
        raise DecisionRefused(
            gate,
            release,
            why_en="the proof is neither a signature nor an approval link (free text is refused)",
            why_fr="la preuve n'est ni une signature ni un lien d'approbation (le texte libre est refusé)",
        )
    return DecisionRequest(
        release,
        gate,
        answer.approver,
        DecisionKind(answer.decision),
        answer.comment,
        tuple(Reservation(r.gap, r.owner, r.due) for r in answer.reservations),
        proof,
        answer.pv_sha256 or None,
        source,
    )
