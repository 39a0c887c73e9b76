"""Which failures a task that talks to the database or to the approvers tries again.

A wrong input (:class:`~amoa_workflow.errors.UserError`: a release the notes do not hold, a campaign
not recorded) is the same five seconds later: it fails at once, its one line as the reason. What is
down around us (a database, a channel) may come back: that is retried.

May import: everything but cli, web.
"""

from __future__ import annotations

from typing import Any

from prefect import State

from amoa_workflow.errors import UserError


def unless_user_error(task: Any, task_run: Any, state: State[Any]) -> bool:
    """Prefect's ``retry_condition_fn``: retry any failure but a user's mistake."""
    try:
        state.result()
    except UserError:
        return False
    except Exception:  # anything else a retry may get past
        return True
    return True
