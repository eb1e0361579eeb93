"""Work on an assignment: accept it (分管领导, 牵头科室, 配合科室, 责任人, 时限), refine it (细化: local
measures as sub-tasks), report progress with evidence, urge (催办) a late one — and the progress rule.

The rule (RULE, shown on the pages):
- an assignment without sub-tasks (not deployed onward, no local measures) stands at its latest progress
  report; 100% marks it done;
- an assignment with sub-tasks stands at the weighted average of its sub-tasks (weight 1 unless set),
  and is done when all of them are;
- a unit's overall progress in a campaign is the average of the assignments it received, each of which
  already holds its whole subtree.
Stored on each row (`progress`), recomputed up the parent line on every change, so an overview reads one
column instead of walking the tree.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zugong.accounts.access import can_at, require
from zugong.audit.services import record, snapshot
from zugong.campaigns.models import Assignment, Campaign, ProgressReport
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.notices.models import Notice
from zugong.notices.selectors import users_with_perm_at
from zugong.notices.services import notify
from zugong.orgs.models import OrgUnit

RULE = ("进度计算规则：没有分解或细化的任务，进度取最近一次进度报告的完成百分比，报告100%即为完成；"
        "已向下部署或细化的任务，进度取各下级任务进度的加权平均（权重默认均为1），全部下级任务完成即为完成；"
        "单位在本活动中的总体进度，为该单位承接的各项任务进度的平均值（每项任务已包含其向下部署和细化的全部任务）。")
CHANGE_PERM = "campaigns.change_assignment"
ACTIVE = [Campaign.Status.DEPLOYED, Campaign.Status.RUNNING, Campaign.Status.SUMMARY]
ASSIGNMENT_FIELDS = ("leader", "lead_office", "responsible", "deadline", "content")
MSG_INACTIVE = "活动未在进行中，不能修改任务或报告进度"
MSG_ISSUED = "请先接收任务，再报告进度"
MSG_PARENT_PERCENT = "该任务已向下部署或细化，进度由下级任务计算，这里只能填写进展情况"
MSG_PERCENT = "完成进度应为 0 到 100 之间的数字"
_ONE = Decimal("0.1")


def weighted(children: list[tuple[Decimal, int]]) -> Decimal:
    """The weighted average of (progress, weight) pairs, to one decimal."""
    total = sum(w for _p, w in children)
    if not total:
        return Decimal(0)
    return (Decimal(sum(p * w for p, w in children)) / total).quantize(_ONE, rounding=ROUND_HALF_UP)


def _apply(a: Assignment, progress: Decimal, done_on: date | None) -> list[str]:
    """Set progress and the status it implies; returns the changed fields."""
    changed = []
    if a.progress != progress:
        a.progress = progress
        changed.append("progress")
    done = progress >= 100 and done_on is not None
    status = Assignment.Status.DONE if done else (Assignment.Status.ACCEPTED if a.status == Assignment.Status.DONE else a.status)
    if status != a.status:
        a.status = status
        changed.append("status")
    completed = done_on if done else None
    if completed != a.completed_on:
        a.completed_on = completed
        changed.append("completed_on")
    return changed


def recompute(parents: QuerySet[Assignment]) -> None:
    """Recompute assignments from their children, then walk up their parent lines (one level per loop)."""
    level = list(parents)
    while level:
        kids: dict[int, list[tuple[Decimal, int, str, date | None]]] = {a.pk: [] for a in level}
        for pid, p, w, s, c in Assignment.objects.filter(parent__in=level).values_list("parent_id", "progress", "weight", "status",
                                                                                        "completed_on"):
            kids[pid].append((p, w, s, c))
        changed_rows = []
        for a in level:
            rows = kids[a.pk]
            if not rows:
                continue
            progress = weighted([(p, w) for p, w, _s, _c in rows])
            all_done = all(s == Assignment.Status.DONE for _p, _w, s, _c in rows)
            done_on = max((c for *_x, c in rows if c), default=None) if all_done else None
            if _apply(a, progress if not all_done else Decimal(100), done_on):
                changed_rows.append(a)
        if changed_rows:
            Assignment.objects.bulk_update(changed_rows, ["progress", "status", "completed_on"])
        parent_ids = {a.parent_id for a in changed_rows if a.parent_id}
        level = list(Assignment.objects.filter(pk__in=parent_ids)) if parent_ids else []


def _writable(actor: Any, a: Assignment) -> None:
    require(actor, "change", a)
    if a.campaign.status not in ACTIVE:
        raise ValidationError(MSG_INACTIVE)


def _bound(a: Assignment) -> date:
    """The latest deadline the unit may set: what its superior gave it."""
    if a.parent_id:
        return a.parent.deadline  # type: ignore[union-attr]
    return a.task.deadline or a.campaign.end_date


def _offices_ok(unit: OrgUnit, offices: list[OrgUnit]) -> bool:
    return all(o.parent_id == unit.pk and o.kind == OrgUnit.Kind.OFFICE for o in offices)


def check_people(a: Assignment, data: dict[str, Any], co_offices: list[OrgUnit]) -> dict[str, str]:
    errors: dict[str, str] = {}
    office = data.get("lead_office")
    if office is not None and not _offices_ok(a.org_unit, [office]):
        errors["lead_office"] = "牵头科室应为本单位的内设科室"
    if not _offices_ok(a.org_unit, co_offices):
        errors["co_offices"] = "配合科室应为本单位的内设科室"
    elif office is not None and office in co_offices:
        errors["co_offices"] = "牵头科室不必再列为配合科室"
    person = data.get("responsible")
    if person is not None and not users_with_perm_at(a.org_unit, CHANGE_PERM).filter(pk=person.pk).exists():
        errors["responsible"] = "责任人应为本单位有权落实任务的账号"
    deadline = data.get("deadline")
    if deadline is None:
        errors["deadline"] = "请填写完成时限"
    elif deadline > _bound(a):
        errors["deadline"] = f"完成时限不能晚于上级规定的 {_bound(a):%Y-%m-%d}"
    return errors


@transaction.atomic
def assignment_save(*, actor: Any, assignment: Assignment, data: dict[str, Any], co_offices: list[OrgUnit],
                    expected_version: int) -> Assignment:
    """Accept an issued assignment (or edit an accepted one): who is responsible and by when."""
    a = assignment
    _writable(actor, a)
    errors = check_people(a, data, co_offices)
    if errors:
        raise ValidationError(errors)
    before = snapshot(a)
    accepting = a.status == Assignment.Status.ISSUED
    for f in ASSIGNMENT_FIELDS:
        if f in data:
            setattr(a, f, data[f] if f != "content" else str(data[f] or "").strip())
    fields = list(ASSIGNMENT_FIELDS)
    if accepting:
        a.status, a.accepted_at = Assignment.Status.ACCEPTED, timezone.now()
        fields += ["status", "accepted_at"]
    update_versioned(a, expected_version=expected_version, fields=fields)
    a.co_offices.set(co_offices)
    if accepting and a.campaign.status == Campaign.Status.DEPLOYED:
        Campaign.objects.filter(pk=a.campaign_id, status=Campaign.Status.DEPLOYED).update(status=Campaign.Status.RUNNING)
    record(action="assignment.accepted" if accepting else "assignment.updated", actor=actor, obj=a, before=before,
           after=snapshot(a))
    return a


@transaction.atomic
def measure_add(*, actor: Any, parent: Assignment, data: dict[str, Any]) -> Assignment:
    """细化: a local measure under an assignment, carried out by the same unit (often by one office)."""
    _writable(actor, parent)
    if parent.status == Assignment.Status.ISSUED:
        raise ValidationError("请先接收任务，再细化")
    errors: dict[str, str] = {}
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写细化措施的名称"
    weight = data.get("weight") or 1
    if not 1 <= int(weight) <= 10:
        errors["weight"] = "权重应在 1 到 10 之间"
    probe = Assignment(org_unit=parent.org_unit, parent=parent, task=parent.task, campaign=parent.campaign)
    errors.update(check_people(probe, data, []))
    if errors:
        raise ValidationError(errors)
    m = Assignment.objects.create(
        campaign=parent.campaign, task=parent.task, parent=parent, org_unit=parent.org_unit, issuer=parent.org_unit,
        origin=Assignment.Origin.MEASURE, title=title, content=str(data.get("content") or "").strip(),
        leader=parent.leader, lead_office=data.get("lead_office"), responsible=data.get("responsible"),
        deadline=data["deadline"], weight=int(weight), status=Assignment.Status.ACCEPTED, accepted_at=timezone.now(),
    )
    if not parent.has_children:
        Assignment.objects.filter(pk=parent.pk).update(has_children=True)
    recompute(Assignment.objects.filter(pk=parent.pk))
    record(action="assignment.refined", actor=actor, obj=m, after=snapshot(m))
    return m


def parse_percent(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip().rstrip("%"))
    except InvalidOperation:
        raise ValidationError({"percent": MSG_PERCENT}) from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError({"percent": MSG_PERCENT})
    return value.quantize(_ONE, rounding=ROUND_HALF_UP)


def check_report(a: Assignment, *, day: date | None, percent: Decimal | None, text: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if a.status == Assignment.Status.ISSUED:
        errors["__all__"] = MSG_ISSUED
    if not text.strip():
        errors["text"] = "请填写进展情况"
    if day is None:
        errors["date"] = "请填写报告日期"
    elif day > timezone.localdate():
        errors["date"] = "报告日期不能晚于今天"
    elif day < a.campaign.start_date:
        errors["date"] = "报告日期不能早于活动开始日期"
    if a.has_children and percent is not None:
        errors["percent"] = MSG_PARENT_PERCENT
    elif not a.has_children and percent is None:
        errors["percent"] = "请填写完成进度（%）"
    return errors


@transaction.atomic
def report_add(*, actor: Any, assignment: Assignment, day: date, percent: Decimal | None, text: str,
               uploads: list[Any] | None = None, source: str = "page") -> ProgressReport:
    """A progress report: on a leaf it sets the progress (the latest report by date counts); evidence files
    are checked before anything is written."""
    a = Assignment.objects.select_for_update().select_related("campaign").get(pk=assignment.pk)
    _writable(actor, a)
    errors = check_report(a, day=day, percent=percent, text=text)
    if errors:
        raise ValidationError(errors)
    uploads = uploads or []
    r = ProgressReport.objects.create(assignment=a, date=day, percent=percent, text=text.strip(), author=actor, source=source)
    if uploads:
        r.files.set(files.store_all(uploads, actor=actor, org_unit=a.org_unit))
    if percent is not None and not ProgressReport.objects.filter(assignment=a, date__gt=day, percent__isnull=False).exists():
        if _apply(a, percent, day if percent >= 100 else None):
            a.version += 1
            a.save(update_fields=["progress", "status", "completed_on", "version"])
        if a.parent_id:
            recompute(Assignment.objects.filter(pk=a.parent_id))
    record(action="assignment.reported", actor=actor, obj=a,
           after={"date": day.isoformat(), "percent": None if percent is None else str(percent), "files": len(uploads),
                  "source": source})
    return r


def can_urge(actor: Any, a: Assignment) -> bool:
    """The deploying unit's staff chase its receivers (a county cannot chase itself)."""
    return (a.status != Assignment.Status.DONE and a.campaign.status in ACTIVE and a.issuer_id != a.org_unit_id
            and can_at(actor, CHANGE_PERM, a.issuer.path))


@transaction.atomic
def urge(*, actor: Any, assignment: Assignment, note: str = "") -> int:
    """催办: tell the responsible person and the unit's staff, count it on the row; returns notices sent."""
    a = Assignment.objects.select_for_update().select_related("issuer", "org_unit", "campaign").get(pk=assignment.pk)
    require(actor, "view", a)
    if not can_urge(actor, a):
        raise ValidationError("只有部署该任务的上级单位可以催办进行中活动里未完成的任务")
    a.urged += 1
    a.save(update_fields=["urged"])
    people = set(users_with_perm_at(a.org_unit, CHANGE_PERM, nearest=True).values_list("pk", flat=True))
    if a.responsible_id:
        people.add(a.responsible_id)
    sent = notify(people, org_unit=a.org_unit, kind=Notice.Kind.URGE, url=a.get_absolute_url(),
                  title=f"{a.issuer.name}催办：{a.title}（{a.campaign.name}）",
                  body=(note.strip() or f"请抓紧落实，完成时限 {a.deadline:%Y-%m-%d}，当前进度 {a.progress}%。")[:1000],
                  dedupe_key=f"campaigns.assignment:{a.pk}:urge:{a.urged}")
    record(action="assignment.urged", actor=actor, obj=a, after={"times": a.urged, "notices": sent, "note": note.strip()[:200]})
    return sent
