"""The rectification ledger's measures (整改措施): planned against a problem (or a campaign's supervision finding)
with the responsible unit, leader and person and a deadline; progress reported with evidence; completed
(已完成待验收); accepted and closed (销号) or returned (退回) by the superior unit only; reopened when a later
complaint shows the problem is back. Every step is one MeasureUpdate and one audit row, under the measure's
version (a stale page gets 409)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM, can_at, require_at, scope_paths
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core import units as core_units
from zugong.core.calendar import add_workdays
from zugong.core.errors import ConflictError, ValidationError
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.opinions.models import OPEN_MEASURE, Measure, MeasureUpdate, Opinion, Problem
from zugong.orgs.models import STEP, OrgUnit

CHANGE = "opinions.change_measure"
ACCEPT = "opinions.accept_measure"
MAX_TEXT = 5000

MSG_CONTENT = "请填写整改措施"
MSG_UNIT = "责任单位应为问题所在单位或其下级单位"
MSG_DEADLINE = "请填写整改时限（日期或工作日数）"
MSG_PAST = "整改时限不能早于今天"
MSG_DAYS = "工作日数应在 1 到 500 之间"
MSG_TEXT = "请填写整改情况"
MSG_PROGRESS = "进度应为 0 到 100 之间的整数"
MSG_STATE = "该措施当前为“{status}”，不能{action}"
MSG_EVIDENCE = "报告完成须附佐证材料"
MSG_SUPERIOR = "只有上级组织部门可以验收销号或退回"
MSG_COMMENT = "退回须写明意见"
MSG_REASON = "请写明重新整改的原因"


def units_with(user: Any, perm: str = CHANGE) -> Any:
    """Active units (not offices) where the user holds the permission (core.units.units_with)."""
    return core_units.units_with(user, perm)


def can_accept(user: Any, measure: Measure) -> bool:
    """The superior accepts: a grant of ACCEPT on a unit strictly above the measure's unit (the top unit of the
    tree, which has no superior, accepts its own)."""
    path = measure.org_unit.path
    if user is SYSTEM:
        return True
    if len(path) == STEP:
        return can_at(user, ACCEPT, path)
    return any(path.startswith(p) and len(p) < len(path) for p in scope_paths(user, ACCEPT))


def _deadline(data: dict[str, Any]) -> date:
    today = timezone.localdate()
    days = data.get("days")
    if days not in (None, ""):
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 500:
            raise ValidationError({"days": MSG_DAYS})
        return add_workdays(today, days)
    day = data.get("deadline")
    if day is None:
        raise ValidationError({"deadline": MSG_DEADLINE})
    return day


def _check(source_unit: OrgUnit, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("content") or "").strip():
        errors["content"] = MSG_CONTENT
    unit = data.get("org_unit")
    if not isinstance(unit, OrgUnit) or not unit.path.startswith(source_unit.path) or unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT
    return errors


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"content": str(data["content"]).strip()[:MAX_TEXT], "org_unit": data["org_unit"],
            "leader": str(data.get("leader") or "").strip()[:50], "responsible": str(data.get("responsible") or "").strip()[:50]}


@transaction.atomic
def measure_create(*, actor: Any, problem: Problem | None = None, finding: Any = None, data: dict[str, Any]) -> Measure:
    """Plan a measure for a problem (or a supervision finding); the deadline is a date or a number of working days."""
    source_unit = problem.org_unit if problem is not None else finding.org_unit
    require_at(actor, CHANGE, source_unit.path)
    errors = _check(source_unit, data)
    if errors:
        raise ValidationError(errors)
    deadline = _deadline(data)
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": MSG_PAST})
    m = Measure.objects.create(problem=problem, finding=finding, planned_on=today, deadline=deadline, created_by=actor, **_fields(data))
    record(action="measure.created", actor=actor, obj=m, after=snapshot(m))
    if finding is not None:
        sync_finding(finding.pk)
    return m


def plan_for_findings(*, actor: Any, findings: list[Any], day: date) -> list[Measure]:
    """The measures a supervision's findings start with: one per finding, for the inspected unit, by its deadline
    (the inspector records them; the unit carries them out in the ledger)."""
    made = Measure.objects.bulk_create([
        Measure(finding=f, org_unit=f.org_unit, content=f.suggestion or f"整改：{f.content}", planned_on=day, deadline=f.deadline,
                created_by=actor) for f in findings])
    from zugong.audit.services import Entry, record_many

    record_many([Entry(action="measure.created", obj=m, after=snapshot(m)) for m in made], actor=actor)
    return made


def sync_finding(finding_id: int) -> None:
    """A finding's status follows its measures: all closed → 已整改 (the day of the last 销号); any under way,
    awaiting or closed → 整改中; otherwise 待整改."""
    from zugong.campaigns.models import Finding

    rows = list(Measure.objects.filter(finding_id=finding_id).values_list("status", "accepted_on"))
    if not rows:
        return
    statuses = {s for s, _ in rows}
    if statuses == {Measure.Status.CLOSED}:
        status, closed = Finding.Status.DONE, max(d for _, d in rows if d)
    elif statuses == {Measure.Status.PLANNED}:
        status, closed = Finding.Status.OPEN, None
    else:
        status, closed = Finding.Status.RECTIFYING, None
    Finding.objects.filter(pk=finding_id).update(status=status, closed_on=closed)


def _lock(measure: Measure, expected_version: int) -> Measure:
    m = Measure.objects.select_for_update().select_related("org_unit").get(pk=measure.pk)
    if m.version != expected_version:
        raise ConflictError()
    return m


def _step(actor: Any, m: Measure, kind: str, text: str, *, progress: int | None = None, uploads: list[Any] | None = None,
          fields: list[str], before: dict[str, Any]) -> MeasureUpdate:
    m.version += 1
    m.save(update_fields=[*fields, "version"])
    u = MeasureUpdate.objects.create(measure=m, kind=kind, date=timezone.localdate(), text=text, progress=progress, author=actor)
    if uploads:
        u.files.set(files.store_all(uploads, actor=actor, org_unit=m.org_unit))
    record(action=f"measure.{kind}", actor=actor, obj=m, before=before, after={**snapshot(m), "text": text[:500], "files": len(uploads or [])})
    if m.finding_id:
        sync_finding(m.finding_id)
    return u


def _state(m: Measure, allowed: Sequence[str], action: str) -> None:
    if m.status not in allowed:
        raise ValidationError(MSG_STATE.format(status=m.get_status_display(), action=action))


@transaction.atomic
def measure_update(*, actor: Any, measure: Measure, data: dict[str, Any], expected_version: int) -> Measure:
    """Correct an open measure's content, responsible unit and people, or deadline."""
    m = _lock(measure, expected_version)
    require_at(actor, CHANGE, m.org_unit.path)
    _state(m, OPEN_MEASURE, "修改")
    source_unit = m.problem.org_unit if m.problem_id else m.finding.org_unit  # type: ignore[union-attr]
    require_at(actor, CHANGE, source_unit.path)
    errors = _check(source_unit, data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(m)
    for k, v in _fields(data).items():
        setattr(m, k, v)
    m.deadline = _deadline(data)
    m.version += 1
    m.save(update_fields=[*_fields(data), "deadline", "version"])
    record(action="measure.updated", actor=actor, obj=m, before=before, after=snapshot(m))
    return m


def _progress(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValidationError({"progress": MSG_PROGRESS})
    return value


@transaction.atomic
def measure_report(*, actor: Any, measure: Measure, text: str, progress: Any, expected_version: int,
                   uploads: list[Any] | None = None) -> Measure:
    """Report progress (整改中): the text, the percent done, evidence if any."""
    m = _lock(measure, expected_version)
    require_at(actor, CHANGE, m.org_unit.path)
    _state(m, OPEN_MEASURE, "报告进展")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": MSG_TEXT})
    pct = _progress(progress)
    before = snapshot(m)
    m.status, m.progress = Measure.Status.IN_PROGRESS, min(pct, 99)
    _step(actor, m, MeasureUpdate.Kind.PROGRESS, text[:MAX_TEXT], progress=m.progress, uploads=uploads, fields=["status", "progress"],
          before=before)
    return m


@transaction.atomic
def measure_complete(*, actor: Any, measure: Measure, text: str, expected_version: int, uploads: list[Any] | None = None) -> Measure:
    """Report it done (已完成待验收) with evidence; the superior's acceptors are told."""
    m = _lock(measure, expected_version)
    require_at(actor, CHANGE, m.org_unit.path)
    _state(m, OPEN_MEASURE, "报告完成")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": MSG_TEXT})
    if not uploads:
        raise ValidationError({"attachments": MSG_EVIDENCE})
    before = snapshot(m)
    m.status, m.progress, m.completed_on, m.returned_comment = Measure.Status.AWAITING, 100, timezone.localdate(), ""
    _step(actor, m, MeasureUpdate.Kind.COMPLETE, text[:MAX_TEXT], progress=100, uploads=uploads,
          fields=["status", "progress", "completed_on", "returned_comment"], before=before)
    superior = m.org_unit.parent
    if superior is not None:
        holders = nearest_holders([superior], ACCEPT)[superior.pk]
        if holders:
            notify_many([{"recipients": holders, "org_unit": m.org_unit, "kind": "info", "url": m.get_absolute_url(),
                          "title": f"待验收：{m.org_unit.name}整改措施已完成", "body": str(m),
                          "dedupe_key": f"measure:{m.pk}:complete:{m.version}"}])
    return m


@transaction.atomic
def measure_accept(*, actor: Any, measure: Measure, expected_version: int, comment: str = "") -> Measure:
    """销号: the superior accepts the completed measure."""
    m = _lock(measure, expected_version)
    if not can_accept(actor, m):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(MSG_SUPERIOR)
    _state(m, [Measure.Status.AWAITING], "验收销号")
    before = snapshot(m)
    m.status, m.accepted_on, m.accepted_by = Measure.Status.CLOSED, timezone.localdate(), actor
    _step(actor, m, MeasureUpdate.Kind.ACCEPT, (comment or "").strip()[:MAX_TEXT], fields=["status", "accepted_on", "accepted_by"], before=before)
    return m


@transaction.atomic
def measure_return(*, actor: Any, measure: Measure, comment: str, expected_version: int) -> Measure:
    """退回: back to the unit with the superior's comment."""
    m = _lock(measure, expected_version)
    if not can_accept(actor, m):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(MSG_SUPERIOR)
    _state(m, [Measure.Status.AWAITING], "退回")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": MSG_COMMENT})
    before = snapshot(m)
    m.status, m.returned_comment, m.completed_on = Measure.Status.RETURNED, comment[:MAX_TEXT], None
    _step(actor, m, MeasureUpdate.Kind.RETURN, comment[:MAX_TEXT], fields=["status", "returned_comment", "completed_on"], before=before)
    return m


@transaction.atomic
def measure_reopen(*, actor: Any, measure: Measure, reason: str, expected_version: int, opinion: Opinion | None = None) -> Measure:
    """A later complaint shows the problem is back: a closed (or completed) measure goes back to 整改中; the
    complaint (an opinion) joins the measure's problem. The unit itself or its superior may do it."""
    m = _lock(measure, expected_version)
    if not (can_at(actor, CHANGE, m.org_unit.path) or can_accept(actor, m)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("您不能重新启动该措施的整改")
    _state(m, [Measure.Status.CLOSED, Measure.Status.AWAITING], "重新整改")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": MSG_REASON})
    before = snapshot(m)
    m.status, m.accepted_on, m.accepted_by, m.completed_on = Measure.Status.IN_PROGRESS, None, None, None
    m.reopened += 1
    m.progress = min(m.progress, 90)
    text = reason[:MAX_TEXT] + (f"（来信/意见 #{opinion.pk}）" if opinion is not None else "")
    _step(actor, m, MeasureUpdate.Kind.REOPEN, text, fields=["status", "accepted_on", "accepted_by", "completed_on", "reopened", "progress"],
          before=before)
    if opinion is not None and m.problem_id:
        Opinion.objects.filter(pk=opinion.pk).update(problem=m.problem_id, status=Opinion.Status.CLUSTERED)
    return m
