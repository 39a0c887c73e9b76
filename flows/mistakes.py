"""A flow run meeting a mistake says it in one line, in the project's language, never a traceback.

Every flow starts with :func:`project_run`, its composition root: it builds the project's
application, puts :class:`OneLineMistakes` on Prefect's run loggers in the project's language, runs
the flow's steps, and turns an :class:`~amoa_workflow.errors.AmoaError` (a user's mistake, something
down around us) into the run's final state: Failed, its message the line ``amoa`` prints, the error
kept as its data (``state.result()`` raises it again: the command line's exit code). Inside the run,
Prefect's task engine logs a failed task with its traceback (``Task run failed with exception``),
as its flow engine does an exception leaving the flow; on those records the filter leaves the
error's line alone. Any other exception, a bug, keeps Prefect's traceback. Run as
``python -m flows.…``, a Prefect server of ``PREFECT_API_URL`` that does not answer (Prefect
raises before any run starts) is its one line too (:func:`exit_if_unanswered`), exit code 3.

May import: everything but cli, web.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from prefect import State
from prefect.states import Failed

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.errors import AmoaError
from amoa_workflow.prefect_api import unanswered
from amoa_workflow.settings.project import configured_language, detect_lang, load_settings

T = TypeVar("T")

RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")  # Prefect's loggers of task and flow runs


class OneLineMistakes(logging.Filter):
    """A record logged with an :class:`AmoaError` becomes that error's line, without its traceback."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, AmoaError):
            record.msg, record.args = error.render(self.lang), ()
            record.exc_info, record.exc_text = None, None
        return True


def say_mistakes_in(lang: str, loggers: Iterable[str] = RUN_LOGGERS) -> None:
    """Put :class:`OneLineMistakes` on these loggers, in ``lang``: once each, the latest language."""
    for name in loggers:
        logger = logging.getLogger(name)
        for earlier in [f for f in logger.filters if isinstance(f, OneLineMistakes)]:
            logger.removeFilter(earlier)
        logger.addFilter(OneLineMistakes(lang))


def failed(mistake: AmoaError, lang: str) -> State[Any]:
    """The run's final state: Failed, its message the mistake's line; ``result()`` raises it again."""
    return Failed(message=mistake.render(lang), data=mistake)


def project_run(project_dir: str | Path, steps: Callable[[Application], T]) -> T | State[Any]:
    """Run a flow's ``steps`` with the application of the project at ``project_dir``, a mistake
    ending the run in one line (see the module's docstring)."""
    folder = Path(project_dir)
    try:
        app = bootstrap(load_settings(folder))
    except AmoaError as mistake:  # no project there, or its configuration is wrong
        lang = detect_lang(os.environ, configured_language(folder))
        say_mistakes_in(lang)
        return failed(mistake, lang)
    say_mistakes_in(app.settings.lang)
    try:
        return steps(app)
    except AmoaError as mistake:
        return failed(mistake, app.settings.lang)


def exit_if_mistaken(state: State[Any]) -> None:
    """``python -m flows.…``: a run ended by a mistake prints its line on stderr and exits with its
    code (2 for a user's mistake, as ``amoa``); a bug's exception goes on up, with its traceback."""
    if not state.is_failed():
        return
    try:
        state.result()
    except AmoaError as mistake:
        print(state.message, file=sys.stderr)
        raise SystemExit(mistake.exit_code) from None


@contextmanager
def exit_if_unanswered(project_dir: str | Path) -> Iterator[None]:
    """``python -m flows.…``: the Prefect server of ``PREFECT_API_URL`` not answering prints its line
    on stderr, in the project's language, and exits 3; any other exception goes on up."""
    try:
        yield
    except Exception as error:
        down = unanswered(error)
        if down is None:
            raise
        print(down.render(detect_lang(os.environ, configured_language(Path(project_dir)))), file=sys.stderr)
        raise SystemExit(down.exit_code) from None
