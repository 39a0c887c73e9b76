"""The PV as PDF, printed by the headless Chromium of the machine (Debian's package: no browser
download). Without Chromium, one clear error says how to get it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from amoa_workflow.errors import PdfUnavailable

_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)  # fmt: skip


def print_pdf(html: Path, target: Path, timeout: float = 120) -> Path:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise PdfUnavailable(detail="no Chromium on this machine (apt-get install chromium)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        try:
            command = [browser, *_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}"]
            subprocess.run(
                [*command, html.resolve().as_uri()], capture_output=True, timeout=timeout, check=True
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(detail=f"Chromium could not print ({type(exc).__name__})") from None
    if not target.is_file() or target.stat().st_size == 0:
        raise PdfUnavailable(detail="Chromium wrote no PDF")
    return target
