"""Running the ``amoa`` command as a user does: a subprocess in a project folder."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

AMOA = Path(sys.executable).with_name("amoa")
Amoa = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory, migrated_prefect_home: Path) -> Path:
    """One PREFECT_HOME for the session, a copy of the migrated one: the embedded server finds its
    database migrated."""
    home = tmp_path_factory.mktemp("prefect-home") / "home"
    shutil.copytree(migrated_prefect_home, home)
    return home


@pytest.fixture
def amoa(sample_project: Path, prefect_home: Path) -> Amoa:
    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 300, typed: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``amoa ARGS`` run as a script does (stdin closed), or with ``typed`` as someone at a
        terminal (stdin a pseudo-terminal, ``typed`` its keystrokes)."""
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("AMOA_", "PREFECT_"))
        }
        environment.update({"PREFECT_HOME": str(prefect_home), "AMOA_LANG": "fr", "COLUMNS": "160"})
        environment.update(env or {})
        if typed is None:
            return subprocess.run(
                [str(AMOA), *args], cwd=sample_project, env=environment, capture_output=True, text=True,
                timeout=timeout, check=False, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        keyboard, terminal = pty.openpty()
        try:
            os.write(keyboard, typed.encode())
            return subprocess.run(
                [str(AMOA), *args], cwd=sample_project, env=environment, capture_output=True, text=True,
                timeout=timeout, check=False, stdin=terminal,
            )  # fmt: skip
        finally:
            os.close(terminal)
            os.close(keyboard)

    return run
