"""``amoa init``: a new acceptance project that lints and runs as soon as it is created."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

from amoa_workflow.errors import ConfigError

FILES = {
    "amoa.toml.tmpl": "config/amoa.toml",
    "conftest.py.tmpl": "features/conftest.py",
    "exemple.feature.tmpl": "features/exemple.feature",
    "exigences.yaml.tmpl": "requirements/exigences.yaml",
    "CHANGELOG.md.tmpl": "release_notes/CHANGELOG.md",
}
# ``amoa init --demo``: a small local API stands in when AMOA_API_URL is unset (said, never silent).
DEMO_FILES = {
    "conftest_demo.py.tmpl": "features/conftest.py",
    "api_demo.py.tmpl": "features/support/api_demo.py",
}


def create_project(target: Path, name: str, demo: bool = False) -> list[Path]:
    """Write the project's files under ``target``; refuses to overwrite an existing project."""
    config = target / "config" / "amoa.toml"
    if config.exists():
        raise ConfigError(
            config,
            why_en="a project already exists here; nothing was changed",
            why_fr="un projet existe déjà ici ; rien n'a été modifié",
        )
    templates = resources.files("amoa_workflow").joinpath("templates", "project")
    written = []
    files = {relative: template for template, relative in FILES.items()}
    if demo:
        files |= {relative: template for template, relative in DEMO_FILES.items()}
    for relative, template in files.items():
        text = Template(templates.joinpath(template).read_text(encoding="utf-8")).safe_substitute(name=name)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
