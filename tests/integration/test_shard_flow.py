"""The shard flow on a worker whose project copy cannot be read: one line, never a traceback.

The flow runs for real (Prefect's ephemeral API, in a process of its own with a home of its own).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError, FileMissing

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from flows.shards import acceptance_shard
plan = {"selection": {}, "roots": [], "shards": [], "workers": 1}
state = acceptance_shard(release="1.1.0", run_key="r", plan=plan, index=1, revision="x",
                         project_dir=sys.argv[1], return_state=True)
print(json.dumps({"type": state.type.value, "message": state.message}))
"""


@pytest.mark.prefect  # the shard flow runs against its own temporary Prefect server
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_worker_without_a_readable_project_fails_the_shard_with_one_line(
    tmp_path: Path, own_prefect_home: Path, lang: str
) -> None:
    """bootstrap(load_settings(...)) ran outside the try: a missing project or a wrong amoa.toml was
    a traceback, retried as if the database had failed."""
    broken = tmp_path / "broken"
    (broken / "config").mkdir(parents=True)
    (broken / "config" / "amoa.toml").write_text("[project\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {"PREFECT_HOME": str(own_prefect_home), "AMOA_LANG": lang, "PYTHONPATH": str(REPO)}

    for folder, error in ((tmp_path / "absent", FileMissing), (broken, ConfigError)):
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(folder)], cwd=tmp_path, env=env, capture_output=True,
            text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        state = json.loads(done.stdout.strip().splitlines()[-1])
        assert state["type"] == "FAILED"
        line = state["message"]
        assert "\n" not in line and "Traceback" not in line and str(folder.name) in line
        assert line.startswith(str(folder.resolve() / "config" / "amoa.toml")), line
        assert ("introuvable" in line) == (error is FileMissing and lang == "fr")
        assert "Encountered exception" not in done.stderr and "Retrying" not in done.stderr
