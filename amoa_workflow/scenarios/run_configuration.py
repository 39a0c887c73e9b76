"""The pytest configuration a run gives the project's modules, for reading them outside a run.

pytest-bdd reads the configuration of the pytest session importing a module while the module
binds scenarios: ``scenarios("…")`` and ``@scenario(…)`` look up the ``bdd_features_base_dir``
setting and the root folder, and hand each scenario's tags to the ``pytest_bdd_apply_tag`` hook.
It finds that configuration on top of its ``CONFIG_STACK``, which only a pytest session fills:
imported by ``amoa lint`` or ``amoa steps`` the module stopped on ``IndexError``.

:func:`run_configuration` parses, without starting a session, the configuration a run's pytest
has (the runner's options: the project as root folder, not the project's ini file but one that
sets nothing pytest-bdd reads, pytest-bdd as plugin), and puts it on the stack while the modules
are imported. Nothing is collected nor run: no conftest is loaded by it, no plugin configured, no
output captured, no import rewritten. The tags the scenarios are marked with are judged by it as
a run judges them (an unknown marker is neither an error nor a warning: the run's ini ignores
those), not by the markers of a pytest session we may be running inside.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from _pytest.config import Config, get_config
from _pytest.mark.structures import MARK_GEN
from pytest_bdd.utils import CONFIG_STACK


@contextmanager
def run_configuration(project_dir: Path) -> Iterator[Config]:
    """pytest-bdd sees a run's configuration of ``project_dir`` while the block imports its modules."""
    project = str(project_dir.resolve())
    args = [
        "-c", os.devnull, "--rootdir", project, "--confcutdir", project, "--noconftest",
        "--disable-plugin-autoload", "-p", "pytest_bdd.plugin", "-p", "no:cacheprovider",
        "--assert=plain", "--capture=no", project,
    ]  # fmt: skip
    config = get_config(args)
    try:
        config.parse(args, addopts=False)
        CONFIG_STACK.append(config)
        session_markers, MARK_GEN._config = MARK_GEN._config, config
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
                yield config
        finally:
            MARK_GEN._config = session_markers
            CONFIG_STACK.remove(config)
    finally:
        config._ensure_unconfigure()
