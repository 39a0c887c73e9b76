"""When the machine fails the user: a read-only folder, a full disk, a database that never answers.

Each is one line naming what failed and what to do, with exit code 3, never a traceback; the
database is left as it was. Read-only folders and full disks are real: a small tmpfs mounted for
the test (root only: skipped elsewhere, with the reason).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs, unmounted afterwards."""
    mount = tmp_path / "disque"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (read-only folder, full disk)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=False)
    if done.returncode != 0:
        pytest.skip("this machine does not let the tests mount a tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _intact(database: Path) -> tuple[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        runs = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    return check, runs


def test_a_read_only_data_folder_is_one_line_and_nothing_changes(amoa: Amoa, small_disk: Path) -> None:
    data = {"AMOA_DATA_DIR": str(small_disk)}
    assert amoa("run", "--release", "1.1.0", env=data).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)

    completed = amoa("run", "--release", "1.1.0", env=data)

    assert_one_clear_line(completed, 3, "lecture seule", str(small_disk))
    assert _intact(small_disk / "amoa.db") == ("ok", 1)


def test_a_full_disk_is_one_line_and_the_database_stays_whole(amoa: Amoa, small_disk: Path) -> None:
    data = {"AMOA_DATA_DIR": str(small_disk)}
    assert amoa("run", "--release", "1.1.0", env=data).returncode == 0
    filler = small_disk / "remplissage"
    with filler.open("wb") as handle:  # fill the disk to its last byte
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    completed = amoa("run", "--release", "1.1.0", env=data)

    assert_one_clear_line(completed, 3, "plus de place")
    assert _intact(small_disk / "amoa.db") == ("ok", 1)
    filler.unlink()
    assert amoa("run", "--release", "1.1.0", env=data).returncode == 0  # room again: it just works
    assert _intact(small_disk / "amoa.db") == ("ok", 2)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on loopback that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_database_that_never_answers_is_one_line_after_the_connect_timeout(
    amoa: Amoa, sample_project: Path, silent_server: int
) -> None:
    config = sample_project / "config" / "amoa.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[database]\nconnect_timeout = 2\n", "utf-8")
    url = f"postgresql+psycopg://recette:secret@127.0.0.1:{silent_server}/recette"

    completed = amoa("gates", "--release", "1.1.0", env={"AMOA_DATABASE_URL": url}, timeout=60)

    assert_one_clear_line(completed, 3, f"127.0.0.1:{silent_server}", "2 s")
    assert "secret" not in completed.stderr
