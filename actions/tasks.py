"""Celery tasks for the tracker: thin wrappers round reminders.py and exports.py."""

from datetime import date

from celery import shared_task

from . import exports, reminders


@shared_task(acks_late=True)
def send_action_reminders(today: str | None = None) -> dict:
    return reminders.send_action_reminders(date.fromisoformat(today) if today else None)


@shared_task
def build_export(export_id: int) -> None:
    exports.build(export_id)
