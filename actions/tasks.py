"""Celery tasks for the tracker: thin wrappers round reminders.py and exports.py."""

from datetime import date

from celery import shared_task

from . import exports, reminders


@shared_task(acks_late=True)
def send_action_reminders(today: str | None = None) -> dict:
    """The daily run: decide which reminders are wanted, then send what is due."""
    return reminders.send_action_reminders(date.fromisoformat(today) if today else None)


@shared_task(acks_late=True)
def sweep_action_reminders() -> dict:
    """Every few minutes (beat): send every due reminder, whichever run queued it."""
    return reminders.sweep()


@shared_task
def build_export(export_id: int) -> None:
    exports.build(export_id)
