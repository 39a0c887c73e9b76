"""Something around us is down (exit code 3): the database, the storage, the Prefect server, PDF
printing, the runner."""

from __future__ import annotations

from amoa_workflow.errors.base import ServiceUnavailable


class DatabaseUnavailable(ServiceUnavailable):
    fr = "base de données injoignable ({url}) : {detail_fr}"
    en = "database unreachable ({url}): {detail}"

    def __init__(self, url: str, detail: str, detail_fr: str | None = None) -> None:
        super().__init__(url=url, detail=detail, detail_fr=detail_fr or detail)


class DatabaseWriteFailed(ServiceUnavailable):
    """Connected, but the database refuses the work: read-only, full, locked, too slow."""

    fr = "base de données {url} : {why_fr}"
    en = "database {url}: {why_en}"

    def __init__(self, url: str, why_en: str, why_fr: str) -> None:
        super().__init__(url=url, why_en=why_en, why_fr=why_fr)


class StorageUnavailable(ServiceUnavailable):
    """A file or folder cannot be written or read (read-only, full, no permission): says what to do."""

    fr = "{path} : {why_fr}"
    en = "{path}: {why_en}"

    def __init__(self, path: str, why_en: str, why_fr: str) -> None:
        super().__init__(path=path, why_en=why_en, why_fr=why_fr)

    @classmethod
    def from_os_error(cls, error: OSError) -> StorageUnavailable:
        """The one line for an operating-system error met while reading or writing a file."""
        import errno

        path = str(error.filename or "?")
        reasons = {
            errno.EROFS: ("read-only file system: give a writable folder (AMOA_DATA_DIR)",
                          "système de fichiers en lecture seule : donnez un dossier accessible en "
                          "écriture (AMOA_DATA_DIR)"),
            errno.EACCES: ("permission denied: give write access to it, or another folder (AMOA_DATA_DIR)",
                           "permission refusée : donnez-y l'accès en écriture, ou un autre dossier "
                           "(AMOA_DATA_DIR)"),
            errno.ENOSPC: ("no space left on the device: free some and run again (nothing was half-written)",
                           "plus de place sur le disque : libérez-en et relancez (rien n'a été écrit "
                           "à moitié)"),
        }  # fmt: skip
        reasons[errno.EPERM] = reasons[errno.EACCES]
        reasons[errno.EDQUOT] = reasons[errno.ENOSPC]
        why = reasons.get(error.errno or 0)
        if why is None:
            text = error.strerror or str(error)
            return cls(path, text, text)
        return cls(path, *why)


class PrefectServerUnavailable(ServiceUnavailable):
    """The Prefect server of ``PREFECT_API_URL`` does not answer (its URL shown without credentials)."""

    fr = (
        "le serveur Prefect {url} ne répond pas : démarrez-le (prefect server start), ou retirez "
        "PREFECT_API_URL pour utiliser le serveur intégré"
    )
    en = (
        "the Prefect server {url} does not answer: start it (prefect server start), or unset "
        "PREFECT_API_URL to use the embedded one"
    )

    def __init__(self, url: str) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        if parts.username or parts.password:
            url = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        super().__init__(url=url)


class PdfUnavailable(ServiceUnavailable):
    fr = "PDF impossible : {detail}"
    en = "cannot make the PDF: {detail}"


class RunnerError(ServiceUnavailable):
    fr = "exécution des scénarios impossible ({features}) : {detail}"
    en = "cannot run the scenarios ({features}): {detail}"
