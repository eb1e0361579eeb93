"""Deadline reminders for report forms (填报), sent to the inbox once a day (DESIGN.md §5.9).

- Due within `days_before` working days (holiday calendar), still pending or returned: 提醒 to the users
  who can fill the form at that unit.
- Past the deadline: 逾期 to the same users, and 催办 to the users of the issuing unit who review it.

Each notice's dedupe key names the assignment, the kind and the deadline: a re-run the same day (or the
next day) sends nothing again, and a changed deadline reminds afresh.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM
from zugong.audit.services import record
from zugong.core.calendar import add_workdays, workdays_between
from zugong.notices.models import Notice
from zugong.notices.selectors import users_with_perm_at
from zugong.notices.services import notify
from zugong.orgs.models import OrgUnit
from zugong.stats.models import ReportAssignment, ReportForm

# The permissions the report-form views check (views_forms.assignment / assignment_review).
FILL_PERM = "stats.change_reportassignment"
REVIEW_PERM = "stats.add_reportform"
OPEN = [ReportAssignment.Status.PENDING, ReportAssignment.Status.RETURNED]


@dataclass
class ReminderResult:
    """What one run found (assignments due soon / overdue) and sent (notices created per kind)."""

    due_soon: int = 0
    overdue: int = 0
    reminders: int = 0
    overdue_notices: int = 0
    urgings: int = 0


def dedupe_key(assignment: ReportAssignment, kind: str) -> str:
    return f"stats.assignment:{assignment.pk}:{kind}:{assignment.deadline.isoformat()}"


def send_report_reminders(today: date | None = None, days_before: int = 2) -> ReminderResult:
    """Remind units of report forms due within `days_before` working days and chase overdue ones."""
    if days_before < 0:
        raise ValueError("days_before must be >= 0")
    today = today or timezone.localdate()
    horizon = add_workdays(today, days_before)
    # A system job over every unit, so no visible_to here; closed forms and disbanded units are not chased.
    assignments = (
        ReportAssignment.objects.filter(status__in=OPEN, deadline__lte=horizon, form__status=ReportForm.Status.ISSUED,
                                        org_unit__is_active=True)
        .select_related("form", "form__org_unit", "org_unit").order_by("deadline", "pk")
    )
    result = ReminderResult()
    recipients: dict[tuple[int, str], list[int]] = {}

    def who(unit: OrgUnit, perm: str) -> list[int]:
        key = (unit.pk, perm)
        if key not in recipients:
            recipients[key] = list(users_with_perm_at(unit, perm, nearest=True).values_list("pk", flat=True))
        return recipients[key]

    with transaction.atomic():
        for a in assignments:
            form, unit, url = a.form, a.org_unit, a.get_absolute_url()
            deadline = f"{a.deadline.year}年{a.deadline.month}月{a.deadline.day}日"
            returned = "（已退回，请修改后重新报送）" if a.status == ReportAssignment.Status.RETURNED else ""
            if a.deadline >= today:
                result.due_soon += 1
                left = workdays_between(today, a.deadline)
                when = "今天截止" if left == 0 else f"还有 {left} 个工作日截止"
                result.reminders += notify(
                    who(unit, FILL_PERM), org_unit=unit, kind=Notice.Kind.REMINDER, url=url,
                    title=f"填报提醒：《{form.title}》{when}",
                    body=f"{form.org_unit.name}下发的《{form.title}》请{unit.name}于{deadline}前报送{returned}。",
                    dedupe_key=dedupe_key(a, Notice.Kind.REMINDER),
                )
                continue
            result.overdue += 1
            result.overdue_notices += notify(
                who(unit, FILL_PERM), org_unit=unit, kind=Notice.Kind.OVERDUE, url=url,
                title=f"填报逾期：《{form.title}》已过截止日期",
                body=f"{form.org_unit.name}下发的《{form.title}》截止日期为{deadline}，{unit.name}尚未报送{returned}，请尽快报送。",
                dedupe_key=dedupe_key(a, Notice.Kind.OVERDUE),
            )
            result.urgings += notify(
                who(form.org_unit, REVIEW_PERM), org_unit=unit, kind=Notice.Kind.URGE, url=url,
                title=f"催办：{unit.name}逾期未报送《{form.title}》",
                body=f"本单位下发的《{form.title}》截止日期为{deadline}，{unit.name}尚未报送，请督促。",
                dedupe_key=dedupe_key(a, Notice.Kind.URGE),
            )
        record(action="reportform.reminders_sent", actor=SYSTEM, object_type="stats.reportassignment",
               object_repr="填报截止提醒", after=_audit_counts(result, today, days_before))
    return result


def _audit_counts(result: ReminderResult, today: date, days_before: int) -> dict[str, Any]:
    return {"date": today.isoformat(), "days_before": days_before, **asdict(result)}
