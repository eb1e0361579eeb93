"""Scheduled: end the secondments whose period is over (a beat entry `zugong.end_secondments`, daily, is for the
lead to add to settings.CELERY_BEAT_SCHEDULE; `manage.py end_secondments` does the same by hand or from cron)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="zugong.end_secondments")
def end_secondments() -> int:
    from zugong.people.movements import secondments_end_due

    return secondments_end_due()
