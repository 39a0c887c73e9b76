"""The one exception tree of amoa-workflow.

Every error a user can cause or meet derives from :class:`AmoaError`. Each class carries
its message in French and English; the parameters name the file and line, the release or
the requirement concerned. Entry points (CLI, flows) translate an ``AmoaError`` into one line
and an exit code or a failed state; nothing below them prints or exits.

    AmoaError
    ├── StoredReportAltered           exit code 1: a stored PV no longer matches its SHA-256
    ├── UserError                     exit code 2: fix your input and rerun
    │   ├── InputFileError            a file is missing, unreadable or malformed (file:line)
    │   │   ├── FileMissing
    │   │   ├── ConfigError
    │   │   ├── RequirementsError
    │   │   ├── ReleaseNotesError
    │   │   ├── KeyFileError          an approver's private key file cannot be used
    │   │   ├── WorkbookError         a manual-results workbook: names the sheet, row and column
    │   │   └── StepDefinitionsError
    │   ├── DatabaseUrlRefused        AMOA_DATABASE_URL: no such database for a reader, no folder, no driver
    │   ├── UnsafeName                a release, gate or campaign id that cannot name a file
    │   ├── TextTooLong               a value longer than its column (every database alike)
    │   ├── ReleaseNotFound
    │   │   └── ReleaseNotStored      asked of the database, never ingested (names the releases stored)
    │   ├── ReleaseRemovalRefused     a release whose gates hold decisions cannot be removed
    │   ├── GapNotFound / GapMoveRefused  an unknown gap, or a lifecycle move it cannot make
    │   ├── CampaignNotFound          no campaign with this key, or no run N in it
    │   ├── StoredReportMissing       no PV (or evidence pack) of the release kept in the database
    │   ├── StoredReportOutdated      a PDF or evidence pack kept before the latest PV: never served
    │   ├── DuplicateScenario         a scenario bound twice, so with two results in one run
    │   ├── ManualWorkRefused         an unknown tester, or a scenario that is not a manual one
    │   ├── AttachmentRefused         a tester's file: too large, empty, not allowed, SVG, over the quota
    │   ├── NotificationNotFound      no notification with this id in the outbox
    │   ├── NotificationAlreadySent   a notification sent (or being sent) is never sent twice
    │   ├── GateNotFound              no such gate configured, or not opened for the release
    │   ├── DecisionRefused           not an approver of the gate, gate closed, incomplete decision
    │   ├── WebSecretMissing          AMOA_WEB_SECRET is not set (or too short) for approvers' links
    │   ├── SecretTooShort            a secret of the environment (AMOA_AUDIT_KEY) is too short
    │   ├── LinkRefused               an approver's link is forged, expired, used or for another gate
    │   ├── ProjectRevisionRefused    a shard's worker holds another revision of the project (or none)
    │   └── SelectionError            what to run cannot be understood
    │       ├── TagExpressionError    names the column
    │       ├── PathOutsideFeatures
    │       └── NoScenarioFound       a run or a selection that finds no scenario: nothing recorded
    └── ServiceUnavailable            exit code 3: something around us is down
        ├── DatabaseUnavailable       cannot connect, or no answer in time (names the URL, password masked)
        ├── DatabaseWriteFailed       connected, but cannot write: read-only, disk full, locked, timed out
        ├── StorageUnavailable        a file or folder cannot be written: read-only, full, no permission
        ├── PrefectServerUnavailable  the Prefect server of PREFECT_API_URL does not answer (names it)
        ├── PdfUnavailable            no Chromium to print the PV, or it failed
        └── RunnerError

    Interrupted (a KeyboardInterrupt, not an AmoaError)  Ctrl-C or SIGTERM: exit code 128 + signal

The classes are kept by what they concern, and imported from here
(``from amoa_workflow.errors import ConfigError``): ``base`` (the root and its two branches),
``interruption`` (:class:`Interrupted`, the signals' names), ``inputs`` (files, names and values,
the selection of scenarios), ``releases`` (releases, their stored PVs, their gaps), ``campaigns``
(campaigns, manual work, attachments, shards), ``approvals`` (gates, decisions, links, secrets),
``notifications`` and ``services`` (what is down around us).

:class:`Interrupted` is not an error and not an ``Exception``: like ``KeyboardInterrupt``, it must
pass through every ``except Exception`` (a step that retries, a library that logs and goes on) up
to the entry point, which stops the scenario processes, records what finished and exits 130/143.

May import: nothing.
"""

from __future__ import annotations

from amoa_workflow.errors.approvals import (
    DecisionRefused,
    GateNotFound,
    LinkRefused,
    SecretTooShort,
    WebSecretMissing,
)
from amoa_workflow.errors.base import AmoaError, ServiceUnavailable, UserError
from amoa_workflow.errors.campaigns import (
    AttachmentRefused,
    CampaignNotFound,
    DuplicateScenario,
    ManualWorkRefused,
    ProjectRevisionRefused,
)
from amoa_workflow.errors.inputs import (
    ConfigError,
    DatabaseUrlRefused,
    FileMissing,
    InputFileError,
    KeyFileError,
    NoScenarioFound,
    PathOutsideFeatures,
    ReleaseNotesError,
    RequirementsError,
    SelectionError,
    StepDefinitionsError,
    TagExpressionError,
    TextTooLong,
    UnsafeName,
    WorkbookError,
)
from amoa_workflow.errors.interruption import Interrupted, signal_name, signal_of
from amoa_workflow.errors.notifications import NotificationAlreadySent, NotificationNotFound
from amoa_workflow.errors.releases import (
    GapMoveRefused,
    GapNotFound,
    ReleaseNotFound,
    ReleaseNotStored,
    ReleaseRemovalRefused,
    StoredReportAltered,
    StoredReportMissing,
    StoredReportOutdated,
)
from amoa_workflow.errors.services import (
    DatabaseUnavailable,
    DatabaseWriteFailed,
    PdfUnavailable,
    PrefectServerUnavailable,
    RunnerError,
    StorageUnavailable,
)

__all__ = [
    "AmoaError",
    "AttachmentRefused",
    "CampaignNotFound",
    "ConfigError",
    "DatabaseUnavailable",
    "DatabaseUrlRefused",
    "DatabaseWriteFailed",
    "DecisionRefused",
    "DuplicateScenario",
    "FileMissing",
    "GapMoveRefused",
    "GapNotFound",
    "GateNotFound",
    "InputFileError",
    "Interrupted",
    "KeyFileError",
    "LinkRefused",
    "ManualWorkRefused",
    "NoScenarioFound",
    "NotificationAlreadySent",
    "NotificationNotFound",
    "PathOutsideFeatures",
    "PdfUnavailable",
    "PrefectServerUnavailable",
    "ProjectRevisionRefused",
    "ReleaseNotFound",
    "ReleaseNotStored",
    "ReleaseNotesError",
    "ReleaseRemovalRefused",
    "RequirementsError",
    "RunnerError",
    "SecretTooShort",
    "SelectionError",
    "ServiceUnavailable",
    "StepDefinitionsError",
    "StorageUnavailable",
    "StoredReportAltered",
    "StoredReportMissing",
    "StoredReportOutdated",
    "TagExpressionError",
    "TextTooLong",
    "UnsafeName",
    "UserError",
    "WebSecretMissing",
    "WorkbookError",
    "signal_name",
    "signal_of",
]
