"""Writing a board's indicator data, in two modules: `definitions` (themes, indicators,
targets, benchmarks, commentary, linked actions) and `figures` (submitting, validating,
sending back and publishing the figures). Callers use `from performance import services`
and the names below."""

from .definitions import (
    benchmark_set,
    commentary_save,
    indicator_action_link,
    indicator_create,
    target_set,
    theme_for,
)
from .figures import (
    MAX_REASON,
    MAX_VALUE,
    Entry,
    Problem,
    SubmissionRejected,
    Submitted,
    check_entry,
    values_publish,
    values_return,
    values_submit,
    values_validate,
)

__all__ = ["MAX_REASON", "MAX_VALUE", "Entry", "Problem", "SubmissionRejected", "Submitted",
           "benchmark_set", "check_entry", "commentary_save", "indicator_action_link",
           "indicator_create", "target_set", "theme_for", "values_publish", "values_return",
           "values_submit", "values_validate"]
