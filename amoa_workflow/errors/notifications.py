"""A notification of the outbox that is not there, or already sent."""

from __future__ import annotations

from amoa_workflow.errors.base import UserError


class NotificationNotFound(UserError):
    fr = "notification {id} : introuvable"
    en = "notification {id}: not found"

    def __init__(self, id: int) -> None:
        super().__init__(id=id)


class NotificationAlreadySent(UserError):
    fr = "notification {id} : {status_fr}, elle n'est pas envoyée une seconde fois"
    en = "notification {id}: {status_en}, it is not sent twice"

    def __init__(self, id: int | None, status: str) -> None:
        sent = status == "sent"
        super().__init__(
            id=id,
            status=status,
            status_fr="déjà envoyée" if sent else "en cours d'envoi",
            status_en="already sent" if sent else "being sent",
        )
