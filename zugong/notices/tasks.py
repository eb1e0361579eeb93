"""Scheduled notices: the daily report-form reminders (beat entry in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task


@shared_task(name="zugong.send_report_reminders")
def send_report_reminders() -> dict[str, int]:
    from zugong.stats.reminders import send_report_reminders as run

    return asdict(run())


@shared_task(name="zugong.send_assignment_reminders")
def send_assignment_reminders() -> dict[str, int]:
    from zugong.campaigns.reminders import send_assignment_reminders as run

    return asdict(run())


@shared_task(name="zugong.escalate_mailbox")
def escalate_mailbox() -> dict[str, int]:
    from zugong.opinions.reminders import escalate_mailbox as run

    return asdict(run())
