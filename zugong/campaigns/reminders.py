"""Deadline reminders for campaign assignments, once a day (DESIGN.md §5.9), the escalation ladder
提醒 → 逾期/催办 → the superior's overview:

- due within `days_before` working days, not done: 提醒 to the responsible person, or to the unit's
  nearest staff who can carry it out when nobody is named;
- past the deadline: 逾期 to the same people, and 催办 to the deploying unit's nearest staff, who also see
  it in the campaign overview's overdue list (that list is read from the records, not from notices).

Dedupe keys name the assignment, the kind and the deadline: a re-run sends nothing again and a moved
deadline reminds afresh. One audit entry per run with the counts. Bulk: two queries for the
recipients of every unit involved, one for the notices already sent, one insert.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM
from zugong.audit.services import record
from zugong.campaigns.models import Assignment, Campaign
from zugong.core.calendar import add_workdays, workdays_between
from zugong.notices.models import Notice
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many

CHANGE_PERM = "campaigns.change_assignment"
LIVE = [Campaign.Status.DEPLOYED, Campaign.Status.RUNNING, Campaign.Status.SUMMARY]


@dataclass
class ReminderResult:
    due_soon: int = 0
    overdue: int = 0
    reminders: int = 0
    overdue_notices: int = 0
    urgings: int = 0


def send_assignment_reminders(today: date | None = None, days_before: int = 2) -> ReminderResult:
    if days_before < 0:
        raise ValueError("days_before must be >= 0")
    today = today or timezone.localdate()
    horizon = add_workdays(today, days_before)
    # a system job over every unit: no visible_to; closed campaigns and disbanded units are not chased
    rows = list(Assignment.objects.filter(deadline__lte=horizon, status__in=[Assignment.Status.ISSUED, Assignment.Status.ACCEPTED],
                                          campaign__status__in=LIVE, org_unit__is_active=True)
                .select_related("campaign", "org_unit", "issuer").order_by("deadline", "pk"))
    units = {a.org_unit_id: a.org_unit for a in rows} | {a.issuer_id: a.issuer for a in rows}
    holders = nearest_holders(list(units.values()), CHANGE_PERM)
    result = ReminderResult()
    items: list[dict[str, Any]] = []
    for a in rows:
        url = a.get_absolute_url()
        doers = [a.responsible_id] if a.responsible_id else holders[a.org_unit_id]
        when = f"{a.deadline.year}年{a.deadline.month}月{a.deadline.day}日"
        if a.deadline >= today:
            result.due_soon += 1
            left = workdays_between(today, a.deadline)
            items.append({"recipients": doers, "org_unit": a.org_unit, "kind": Notice.Kind.REMINDER, "url": url,
                          "title": f"任务提醒：{a.title}{'今天到期' if left == 0 else f'还有 {left} 个工作日到期'}",
                          "body": f"{a.campaign.name}的任务“{a.title}”完成时限为{when}，当前进度 {a.progress}%。",
                          "dedupe_key": f"campaigns.assignment:{a.pk}:reminder:{a.deadline.isoformat()}"})
            continue
        result.overdue += 1
        items.append({"recipients": doers, "org_unit": a.org_unit, "kind": Notice.Kind.OVERDUE, "url": url,
                      "title": f"任务逾期：{a.title}已过完成时限",
                      "body": f"{a.campaign.name}的任务“{a.title}”完成时限为{when}，当前进度 {a.progress}%，请抓紧落实并报告进度。",
                      "dedupe_key": f"campaigns.assignment:{a.pk}:overdue:{a.deadline.isoformat()}"})
        items.append({"recipients": holders[a.issuer_id], "org_unit": a.org_unit, "kind": Notice.Kind.URGE, "url": url,
                      "title": f"催办：{a.org_unit.name}逾期未完成“{a.title}”",
                      "body": f"本单位部署的{a.campaign.name}任务“{a.title}”完成时限为{when}，{a.org_unit.name}当前进度 {a.progress}%，请督促。",
                      "dedupe_key": f"campaigns.assignment:{a.pk}:escalated:{a.deadline.isoformat()}"})
    with transaction.atomic():
        sent = Counter(n.kind for n in notify_many(items))
        result.reminders, result.overdue_notices, result.urgings = (
            sent[Notice.Kind.REMINDER], sent[Notice.Kind.OVERDUE], sent[Notice.Kind.URGE])
        record(action="assignment.reminders_sent", actor=SYSTEM, object_type="campaigns.assignment", object_repr="活动任务提醒",
               after={"date": today.isoformat(), "days_before": days_before, **asdict(result)})
    return result
