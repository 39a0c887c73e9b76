"""Project settings, loaded once at the edge from ``config/amoa.toml`` and the environment.

Secrets never live in files: the database URL comes from ``AMOA_DATABASE_URL`` only, the audit
log's key from ``AMOA_AUDIT_KEY``.
Relative paths in the file are relative to the project directory (the parent of ``config/``).
"""

from __future__ import annotations

import locale
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.attachments import EXTENSIONS, SVG, AttachmentPolicy
from amoa_workflow.domain.file_names import file_name
from amoa_workflow.domain.manual import DEFAULT_TAGS
from amoa_workflow.errors import ConfigError, FileMissing, SecretTooShort
from amoa_workflow.settings.acceptance import read_rules
from amoa_workflow.settings.config_keys import Keys, line_of
from amoa_workflow.settings.toml_file import read_toml

CONFIG_FILE = Path("config") / "amoa.toml"
DATABASE_URL_VARIABLE = "AMOA_DATABASE_URL"
DATA_DIR_VARIABLE = "AMOA_DATA_DIR"
LANG_VARIABLE = "AMOA_LANG"
DAY, WEEK = 86_400.0, 604_800.0  # upper bounds of the time limits, in seconds
AUDIT_KEY_VARIABLE = "AMOA_AUDIT_KEY"  # keys the audit log's MACs (at least 32 characters)
AUDIT_ANCHOR_VARIABLE = "AMOA_AUDIT_ANCHOR"  # the file of anchored heads (default: data/audit-anchor.txt)
BYTECODE_DIR_VARIABLE = "AMOA_BYTECODE_DIR"  # the scenario processes' compiled modules (default: user cache)
MIN_AUDIT_KEY = 32
LANGUAGES = ("fr", "en")

# Every key of config/amoa.toml (see config_keys): one misspelt is refused, not ignored.
AMOA_TOML_KEYS: Keys = {
    "project": {"name": None, "language": None},
    "paths": {"data": None, "features": None, "requirements": None, "release_notes": None},
    "references": {"requirement": None, "anomaly": None, "tracker_keys": None},
    "checkpoint": {"name": None, "run_timeout": None, "scenario_timeout": None},
    "manual": {"tags": None, "attachment_max_mb": None, "attachment_types": None,
               "attachment_max_per_tester": None, "deadline_hours": None},
    "flakiness": {"window": None, "threshold": None},
    "database": {"connect_timeout": None, "statement_timeout": None},
    "reports": {"store": None},
    "severity": None,  # gap types, checked by settings.acceptance
    "exit_criteria": None,  # criteria, checked by settings.acceptance
    "lint": {"ignore": None, "per-path-ignores": None},  # settings.lint_rules
    "schedules": {"release": None, "cron": None, "timezone": None, "shards": None,
                  "wait_for_approval": None, "wait_for_testers": None},  # settings.schedules
}  # fmt: skip


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    project_name: str
    data_dir: Path
    database_url: str
    features_dir: Path
    requirements_path: Path
    release_notes_path: Path
    reports_dir: Path
    requirement_pattern: str
    anomaly_pattern: str
    tracker_keys: tuple[str, ...]
    checkpoint: str
    lang: str
    run_timeout: float
    scenario_timeout: float = 300.0  # seconds per scenario; 0 for no limit
    flaky_window: int = 10  # flakiness reads the last N runs of each scenario…
    flaky_threshold: int = 2  # …and calls it flaky from this many pass/fail flips
    rules: AcceptanceRules = field(default_factory=AcceptanceRules)  # severities, exit criteria, flakiness
    database_connect_timeout: float = 10.0  # seconds to connect to the database
    database_statement_timeout: float = 600.0  # seconds one statement may run (PostgreSQL); 0: no limit
    audit_key: bytes | None = field(default=None, repr=False)  # AMOA_AUDIT_KEY: the audit log's MACs
    audit_anchor: Path | None = None  # where each new head of the audit log is written down
    manual_tags: tuple[str, ...] = DEFAULT_TAGS  # [manual] tags: scenarios executed by hand, not run
    attachments: AttachmentPolicy = field(default_factory=AttachmentPolicy)  # testers' files: size, types
    report_store: str = ""  # [reports] store: an fsspec URL for the PV's bytes; empty: in the database
    manual_deadline_hours: float = 72.0  # [manual] deadline_hours: how long testers have, from the opening
    bytecode_dir: Path | None = None  # the scenario processes' compiled modules (None: under runs_dir)
    database_given_by: str | None = None  # AMOA_DATABASE_URL when the URL is the user's, None: the default
    create_database: bool = True  # a SQLite database not there yet is made (False: refused, for readers)

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"


def detect_lang(environ: Mapping[str, str], configured: str | None = None) -> str:
    """``AMOA_LANG``, then the project setting, then the locale; French or English."""
    for candidate in (environ.get(LANG_VARIABLE), configured, environ.get("LANG"), locale.getlocale()[0]):
        if candidate:
            return "fr" if candidate.lower().startswith("fr") else "en"
    return "en"


_LANGUAGE_LINE = re.compile(r"""^\s*language\s*=\s*["']([^"']*)["']""", re.MULTILINE)


def configured_language(project_dir: Path) -> str | None:
    """``[project] language`` as written in the project's config/amoa.toml, even when the file
    cannot be loaded (not TOML, an unknown key): what its error is said in. None when absent."""
    try:
        text = (project_dir / CONFIG_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        project = tomllib.loads(text).get("project", {})
        value = project.get("language") if isinstance(project, dict) else None
        return value if isinstance(value, str) else None
    except tomllib.TOMLDecodeError:
        found = _LANGUAGE_LINE.search(text)
        return found.group(1) if found else None


def load_settings(project_dir: Path, environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    project_dir = project_dir.resolve()
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise FileMissing(path)
    raw = read_toml(path, AMOA_TOML_KEYS)

    def section(name: str) -> Mapping[str, object]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(
                path, why_en=f"[{name}] must be a table", why_fr=f"[{name}] doit être une table"
            )
        return value

    def text(table: str, key: str, default: str) -> str:
        value = section(table).get(key, default)
        if not isinstance(value, str) or not value:
            raise ConfigError(
                path,
                why_en=f"{table}.{key} must be a non-empty string",
                why_fr=f"{table}.{key} doit être une chaîne non vide",
            )
        return value

    def pattern(key: str, default: str) -> str:
        value = text("references", key, default)
        try:
            re.compile(value)
        except re.error as exc:
            raise ConfigError(
                path,
                why_en=f"references.{key} is not a valid regular expression ({exc})",
                why_fr=f"references.{key} n'est pas une expression régulière valide ({exc})",
            ) from None
        return value

    def tracker_keys() -> tuple[str, ...]:
        keys = section("references").get("tracker_keys", [])
        if not isinstance(keys, list) or not all(
            isinstance(k, str) and re.fullmatch(r"[A-Z][A-Z0-9_]+", k) for k in keys
        ):
            raise ConfigError(
                path,
                why_en='references.tracker_keys must be a list of project keys such as ["PAIE", "CSV"]',
                why_fr='references.tracker_keys doit être une liste de clés de projet comme ["PAIE", "CSV"]',
            )
        return tuple(keys)

    data_dir = Path(env.get(DATA_DIR_VARIABLE) or project_dir / text("paths", "data", "data"))

    def number(
        table: str, key: str, default: float, least: float, most: float = WEEK, integer: bool = False
    ) -> float:
        value = section(table).get(key, default)
        kind = int if integer else int | float
        if isinstance(value, bool) or not isinstance(value, kind) or not least <= value <= most:
            kind_en, kind_fr = (
                ("a whole number", "un nombre entier") if integer else ("a number", "un nombre")
            )
            raise ConfigError(
                path,
                why_en=f"{table}.{key} must be {kind_en} from {least:g} to {most:g}",
                why_fr=f"{table}.{key} doit être {kind_fr} de {least:g} à {most:g}",
            )
        return float(value)

    audit_key = env.get(AUDIT_KEY_VARIABLE) or None
    if audit_key is not None and len(audit_key) < MIN_AUDIT_KEY:
        raise SecretTooShort(variable=AUDIT_KEY_VARIABLE, length=MIN_AUDIT_KEY)

    def manual_tags() -> tuple[str, ...]:
        tags = section("manual").get("tags", list(DEFAULT_TAGS))
        if (
            not isinstance(tags, list)
            or not tags
            or not all(isinstance(tag, str) and re.fullmatch(r"@?[\w.:+\-]+", tag) for tag in tags)
        ):
            raise ConfigError(
                path,
                why_en='manual.tags must be a non-empty list of tags such as ["manuel", "manual"]',
                why_fr='manual.tags doit être une liste non vide d\'étiquettes comme ["manuel", "manual"]',
            )
        return tuple(tag.lstrip("@") for tag in tags)

    def attachments() -> AttachmentPolicy:
        default = AttachmentPolicy()
        types = section("manual").get("attachment_types", list(default.types))
        if isinstance(types, list) and SVG in types:
            raise ConfigError(
                path,
                why_en=f"manual.attachment_types: {SVG} is never accepted (an SVG image can hold active "
                "code); screenshots are PNG or JPEG",
                why_fr=f"manual.attachment_types : {SVG} n'est jamais accepté (une image SVG peut contenir "
                "du code actif) ; les captures sont en PNG ou JPEG",
            )
        if not isinstance(types, list) or not types or not all(t in EXTENSIONS for t in types):
            known = ", ".join(EXTENSIONS)
            raise ConfigError(
                path,
                why_en=f"manual.attachment_types must be a non-empty list among: {known}",
                why_fr=f"manual.attachment_types doit être une liste non vide parmi : {known}",
            )
        megabytes = number("manual", "attachment_max_mb", default.max_bytes / 2**20, 0.01, 100)
        per_tester = number(
            "manual", "attachment_max_per_tester", default.max_per_tester, 1, 10_000, integer=True
        )
        return AttachmentPolicy(int(megabytes * 2**20), tuple(dict.fromkeys(types)), int(per_tester))

    def language() -> str:
        value = section("project").get("language", "fr")
        if value not in LANGUAGES:
            raise ConfigError(
                path,
                why_en=f'project.language must be fr or en (not "{value}")',
                why_fr=f"project.language doit valoir fr ou en (et non « {value} »)",
                line=line_of(path.read_text(encoding="utf-8"), ("project",), "language"),
            )
        return str(value)

    default_database = f"sqlite:///{data_dir / 'amoa.db'}"  # made on first use, folders included
    database_url = env.get(DATABASE_URL_VARIABLE) or default_database  # the variable's: made only
    # in a folder that exists (a typo is not a new database), unless it names the default one
    flaky_window = int(number("flakiness", "window", 10, 2, 10_000, integer=True))
    flaky_threshold = int(number("flakiness", "threshold", 2, 1, 10_000, integer=True))
    return Settings(
        scenario_timeout=number("checkpoint", "scenario_timeout", 300, 0, DAY),
        database_connect_timeout=number("database", "connect_timeout", 10, 1, 3600),
        database_statement_timeout=number("database", "statement_timeout", 600, 0, DAY),
        flaky_window=flaky_window,
        flaky_threshold=flaky_threshold,
        rules=read_rules(raw, path, flaky_window, flaky_threshold),
        project_dir=project_dir,
        project_name=text("project", "name", project_dir.name),
        data_dir=data_dir,
        database_url=database_url,
        features_dir=project_dir / text("paths", "features", "features"),
        requirements_path=project_dir / text("paths", "requirements", "requirements/exigences.yaml"),
        release_notes_path=project_dir / text("paths", "release_notes", "release_notes/CHANGELOG.md"),
        reports_dir=data_dir / "reports",
        requirement_pattern=pattern("requirement", r"EXG-\d+"),
        anomaly_pattern=pattern("anomaly", r"ANO-\d+"),
        tracker_keys=tracker_keys(),
        checkpoint=file_name(text("checkpoint", "name", "recette"), "[checkpoint] name", str(path)),
        lang=detect_lang(env, language()),
        run_timeout=number("checkpoint", "run_timeout", 1800, 1, WEEK),
        audit_key=audit_key.encode("utf-8") if audit_key else None,
        audit_anchor=Path(env.get(AUDIT_ANCHOR_VARIABLE) or data_dir / "audit-anchor.txt"),
        manual_tags=manual_tags(),
        attachments=attachments(),
        report_store=text("reports", "store", "-").removeprefix("-"),
        manual_deadline_hours=number("manual", "deadline_hours", 72, 1, 24 * 365),
        bytecode_dir=bytecode_dir(env),
        database_given_by=DATABASE_URL_VARIABLE if database_url != default_database else None,
    )


def bytecode_dir(env: Mapping[str, str]) -> Path | None:
    """Where the scenario processes keep their compiled modules (pytest's, ours, the project's
    steps: about 15 MB), shared by every project of the user: ``AMOA_BYTECODE_DIR``, else the
    user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``) ``/amoa-workflow/bytecode``; None
    (the project's runs folder) where the user has no home."""
    if env.get(BYTECODE_DIR_VARIABLE):
        return Path(env[BYTECODE_DIR_VARIABLE])
    cache = env.get("XDG_CACHE_HOME") or (env.get("HOME") and str(Path(env["HOME"]) / ".cache"))
    return Path(cache) / "amoa-workflow" / "bytecode" if cache else None
