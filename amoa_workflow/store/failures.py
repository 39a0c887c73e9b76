"""What a database error means for the user, in one line: which database, what failed, what to do.

SQLAlchemy wraps every driver error in a ``DBAPIError``; the driver's own text and SQLSTATE say
what happened. The ones a user meets on a sound installation (a read-only file, a full disk, a
lock held too long, a server that does not answer, a statement cut by ``statement_timeout``)
become a :class:`DatabaseWriteFailed` or :class:`DatabaseUnavailable` saying what to do; any other
keeps the driver's first line. The URL is always shown with its password masked.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from amoa_workflow.errors import DatabaseUnavailable, DatabaseWriteFailed, ServiceUnavailable

READ_ONLY = (
    "the database file is read-only: give a writable folder (AMOA_DATA_DIR) or another AMOA_DATABASE_URL",
    "le fichier de la base est en lecture seule : donnez un dossier accessible en écriture "
    "(AMOA_DATA_DIR) ou une autre AMOA_DATABASE_URL",
)
FULL = (
    "no space left on the device: free some and run again (nothing was half-written)",
    "plus de place sur le disque : libérez-en et relancez (rien n'a été écrit à moitié)",
)
LOCKED = (
    "locked by another process for too long: run again once it has finished",
    "verrouillée trop longtemps par un autre processus : relancez quand il aura fini",
)
STATEMENT_TIMEOUT = (
    "a statement ran longer than [database] statement_timeout (config/amoa.toml): nothing was written",
    "une requête a dépassé [database] statement_timeout (config/amoa.toml) : rien n'a été écrit",
)


def database_failure(url: str, error: DBAPIError, connect_timeout: float | None = None) -> ServiceUnavailable:
    """The error to show for ``error``, met on the database at ``url`` (already masked)."""
    original = error.orig
    text = str(original).strip().splitlines()[0] if original is not None and str(original).strip() else ""
    text = text or type(original or error).__name__
    lowered, state = text.lower(), getattr(original, "sqlstate", None) or ""
    if "readonly database" in lowered or "read-only" in lowered or state == "25006":
        return DatabaseWriteFailed(url, *READ_ONLY)
    if "disk is full" in lowered or state.startswith("53"):
        return DatabaseWriteFailed(url, *FULL)
    if "database is locked" in lowered or state == "55P03":
        return DatabaseWriteFailed(url, *LOCKED)
    if state == "57014" or "statement timeout" in lowered:
        return DatabaseWriteFailed(url, *STATEMENT_TIMEOUT)
    if "timeout expired" in lowered or "timed out" in lowered:
        limit = f"{connect_timeout:g} s" if connect_timeout else "[database] connect_timeout"
        return DatabaseUnavailable(
            url,
            f"no answer within {limit} ([database] connect_timeout in config/amoa.toml)",
            f"pas de réponse en {limit} ([database] connect_timeout dans config/amoa.toml)",
        )
    return DatabaseUnavailable(url, text)
