"""Actions: what must be done, by whom, by when, where it came from, how it is going, and —
separately — what difference it made for children (evidence of impact).

Business rules are here (querysets and properties); every write goes through services.py,
which also writes the action's history in the same transaction.

One module a part; this package names them all, as `actions.models` always has.
"""

from .actions import (  # noqa: F401
    Action,
    ActionQuerySet,
    ProgressUpdate,
    stale_after,
)
from .choices import (  # noqa: F401
    DONE_STATUSES,
    LEAD_STATUSES,
    OPEN_STATUSES,
    ActionSource,
    ActionStatus,
    Rag,
)
from .exports import Export  # noqa: F401
from .plans import ActionPlan, AreaForDevelopment, sort_key_for  # noqa: F401
from .reminders import Reminder, ReminderKind, ReminderQuerySet  # noqa: F401
from .tokens import AgencyToken  # noqa: F401
