"""Daily escalation of overdue mailbox letters (公开信箱): a letter not acknowledged by its 受理 deadline, or not
answered by its 答复 deadline, is reported to the handling unit's handlers (逾期) and to the superior's nearest
handlers (催办), once per stage (MailboxCase.escalated: 1 after the 受理 stage, 2 after the 答复 stage; dedupe
keys name the case, the stage and the deadline, so a transferred letter is chased afresh at its new unit).

One audit entry per run with the counts. Bulk: two queries for the recipients, one for the notices already sent,
one insert, one UPDATE per stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zugong.accounts.access import SYSTEM
from zugong.audit.services import record
from zugong.notices.models import Notice
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.opinions.mailbox import HANDLE
from zugong.opinions.models import MailboxCase


@dataclass
class EscalationResult:
    ack_overdue: int = 0
    reply_overdue: int = 0
    overdue_notices: int = 0
    urgings: int = 0


def escalate_mailbox(today: date | None = None) -> EscalationResult:
    today = today or timezone.localdate()
    R = MailboxCase.Status
    ack = Q(status=R.RECEIVED, ack_due__lt=today, escalated__lt=1)
    rep = ~Q(status=R.REPLIED) & Q(reply_due__lt=today, escalated__lt=2)
    # a system job over every unit: no visible_to
    rows = list(MailboxCase.objects.filter(ack | rep, opinion__org_unit__is_active=True)
                .select_related("opinion__org_unit", "opinion__org_unit__parent").order_by("pk"))
    units: dict[int, Any] = {}
    for c in rows:
        u = c.opinion.org_unit
        units[u.pk] = u
        if u.parent_id:
            units[u.parent_id] = u.parent
    holders = nearest_holders(list(units.values()), HANDLE)
    result = EscalationResult()
    items: list[dict[str, Any]] = []
    stage_of: dict[int, int] = {}
    for c in rows:
        u = c.opinion.org_unit
        reply_late = c.status != R.REPLIED and c.reply_due < today
        stage, due = (2, c.reply_due) if reply_late else (1, c.ack_due)
        what = "答复" if stage == 2 else "受理"
        if stage == 2:
            result.reply_overdue += 1
        else:
            result.ack_overdue += 1
        stage_of[c.pk] = stage
        when = f"{due.year}年{due.month}月{due.day}日"
        url = c.get_absolute_url()
        items.append({"recipients": holders[u.pk], "org_unit": u, "kind": Notice.Kind.OVERDUE, "url": url,
                      "title": f"公开信箱来信{what}逾期：{c}", "body": f"{what}期限为{when}，请尽快办理。",
                      "dedupe_key": f"mailbox:{c.pk}:{what}-overdue:{u.pk}:{due.isoformat()}"})
        if u.parent_id:
            superiors = [h for h in holders[u.parent_id] if h not in holders[u.pk]]
            items.append({"recipients": superiors, "org_unit": u, "kind": Notice.Kind.URGE, "url": url,
                          "title": f"催办：{u.name}公开信箱来信{what}逾期", "body": f"{u.name}的来信“{c}”{what}期限为{when}，请督促。",
                          "dedupe_key": f"mailbox:{c.pk}:{what}-escalated:{u.pk}:{due.isoformat()}"})
    with transaction.atomic():
        sent = Counter(n.kind for n in notify_many(items))
        result.overdue_notices, result.urgings = sent[Notice.Kind.OVERDUE], sent[Notice.Kind.URGE]
        for stage in (1, 2):
            MailboxCase.objects.filter(pk__in=[pk for pk, s in stage_of.items() if s == stage], escalated__lt=stage).update(escalated=stage)
        record(action="mailbox.escalated", actor=SYSTEM, object_type="opinions.mailboxcase", object_repr="公开信箱逾期催办",
               after={"date": today.isoformat(), **asdict(result)})
    return result
