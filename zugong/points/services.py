"""Writes of the points card. `award` is the one API through which modules turn events into points:

    from zugong.points.services import award
    award("learning.exam_passed", cadre=cadre, source=f"attempt:{a.pk}", on=day, attempt=a.number)

The rule decides the points (decay by attempt number), the caps clip them (per day and per year, over
the cadre's approved entries of that rule), and the (rule, cadre, source) constraint makes a repeated
event a no-op. Call it inside the caller's transaction: the entry lands or rolls back with the record.

Below it: manual additions and deductions with evidence (`entry_add`), decided by an approver who did not
enter them (`entry_decide`), and the province's edits of the rules (`rule_update`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.people.selectors import ON_ROLL
from zugong.points.models import PointEntry, PointRule
from zugong.points.selectors import ADD, APPROVE, can_edit_rules, num

ZERO = Decimal(0)


def rule_points(rule: PointRule, attempt: int = 1) -> Decimal:
    """The points of the rule for the n-th try: the decay list's n-th value, its last after that."""
    if rule.decay:
        steps = [Decimal(str(v)) for v in rule.decay]
        return steps[min(max(attempt, 1), len(steps)) - 1]
    return rule.points


def _earned(rule: PointRule, cadre_id: int, **period: Any) -> Decimal:
    total = PointEntry.objects.filter(rule=rule, cadre_id=cadre_id, status=PointEntry.Status.APPROVED, **period).aggregate(
        s=Sum("points"))["s"]
    return total or ZERO


def award(code: str, *, cadre: Any, source: str, on: date, attempt: int = 1, reason: str = "",
          audit: bool = True) -> PointEntry | None:
    """Record the points an event earns (None when the rule is off or the event was counted already).

    An event over a cap is still recorded, with the points left under the cap (possibly 0) and
    `capped` set, so the card shows why it earned less. The cadre's row is locked first: events of one
    cadre (and a repeat of one event) are serialized, so the caps and the once-per-source check hold
    under concurrency. `audit=False` lets a caller put the entry into its own audit row (audit_entry)."""
    rule = PointRule.objects.filter(code=code, is_active=True).first()
    if rule is None or not source:
        return None
    type(cadre).objects.select_for_update().filter(pk=cadre.pk).values_list("pk", flat=True).first()
    if PointEntry.objects.filter(rule=rule, cadre_id=cadre.pk, source=source).exists():
        return None
    points = rule_points(rule, attempt)
    capped = False
    if points > 0:
        for cap, period in ((rule.daily_cap, {"date": on}), (rule.yearly_cap, {"year": on.year})):
            if cap is not None:
                room = max(cap - _earned(rule, cadre.pk, **period), ZERO)
                if points > room:
                    points, capped = room, True
    entry = PointEntry.objects.create(cadre=cadre, org_unit_id=cadre.org_unit_id, year=on.year, date=on, rule=rule,
                                      points=points, reason=reason or rule.name, source=source, capped=capped)
    if audit:
        record_many([audit_entry(entry)], actor_name="系统")
    return entry


def audit_entry(entry: PointEntry) -> Entry:
    """The audit row of an automatic entry (callers that audit the event itself append it to theirs)."""
    return Entry(action="points.awarded", obj=entry, after={"rule": entry.rule.code if entry.rule else "", "points": str(entry.points),
                                                            "capped": entry.capped, "source": entry.source})


def revoke(code: str, *, cadre: Any, source: str) -> int:
    """Withdraw the entry an event earned (the record was deleted or the result corrected)."""
    entries = list(PointEntry.objects.filter(rule__code=code, cadre_id=cadre.pk, source=source))
    for entry in entries:
        record(action="points.revoked", actor=None, actor_name="系统", obj=entry,
               before={"rule": code, "points": str(entry.points), "source": source})
        entry.delete()
    return len(entries)


# --- manual additions and deductions, and the rules ----------------------------------------------------

MAX_POINTS = Decimal(100)
MSG_EVIDENCE = "请上传佐证材料：手工加分、减分必须附佐证"
MSG_POINTS = "请填写分值"
MSG_POINTS_ZERO = "分值不能为 0：加分填正数，减分填负数"
MSG_POINTS_RANGE = "分值应在 -100 至 100 之间"
MSG_POINTS_DECIMAL = "分值最多保留一位小数"
MSG_REASON = "请填写事由"
MSG_DATE = "请填写日期"
MSG_DATE_FUTURE = "日期不能晚于今天"
MSG_NOT_ON_ROLL = "该干部不在册（已调出或退休），不能录入积分"
MSG_DECIDED = "该积分记录已审核，不能重复审核"
MSG_OWN_ENTRY = "不能审核本人录入的积分，请由其他审核人审核"
MSG_OWN_CARD = "不能审核本人积分卡上的积分"
MSG_NOTE = "不通过时请填写审核意见"
MSG_RULE_PERM = "只有省级（顶层单位）可以修改积分规则"
MSG_CAP = "上限应大于 0，且不超过 9999.9"
MSG_DECAY = "递减分值应为 1 至 10 个数字，每个在 0 至 100 之间"
MSG_DECAY_FIRST = "递减分值的第 1 个应与分值相同"


def _points_error(points: Any) -> str:
    if not isinstance(points, Decimal) or not points.is_finite():
        return MSG_POINTS
    if points == 0:
        return MSG_POINTS_ZERO
    if abs(points) > MAX_POINTS:
        return MSG_POINTS_RANGE
    if points != points.quantize(Decimal("0.1")):
        return MSG_POINTS_DECIMAL
    return ""


def check_entry(*, cadre: Any, day: date | None, points: Any, reason: str, uploads: list[Any]) -> dict[str, str]:
    """The problems of a manual entry, by field (empty: none)."""
    errors: dict[str, str] = {}
    if cadre.status not in ON_ROLL:
        errors["cadre"] = MSG_NOT_ON_ROLL
    if day is None:
        errors["date"] = MSG_DATE
    elif day > timezone.localdate():
        errors["date"] = MSG_DATE_FUTURE
    if message := _points_error(points):
        errors["points"] = message
    if not reason.strip():
        errors["reason"] = MSG_REASON
    if not uploads:
        errors["evidence"] = MSG_EVIDENCE
    return errors


def _user(actor: Any) -> Any:
    """The account to store as creator / decider (None for the system actor)."""
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def entry_add(*, actor: Any, cadre: Any, day: date | None, points: Any, reason: str, uploads: list[Any]) -> PointEntry:
    """A manual addition (points > 0) or deduction (points < 0) with evidence, pending until an approver
    at the cadre's unit or above decides; it counts on the card only once approved."""

    require_at(actor, ADD, cadre.org_unit.path)
    reason = (reason or "").strip()
    errors = check_entry(cadre=cadre, day=day, points=points, reason=reason, uploads=uploads)
    if errors:
        raise ValidationError(errors)
    assert day is not None
    entry = PointEntry.objects.create(cadre=cadre, org_unit_id=cadre.org_unit_id, year=day.year, date=day, rule=None,
                                      points=points, reason=reason[:200], status=PointEntry.Status.PENDING, created_by=_user(actor))
    try:
        stored = files.store_all(uploads, actor=_user(actor), org_unit=cadre.org_unit)
    except ValidationError as exc:  # the entry rolls back with the transaction
        raise ValidationError({"evidence": exc.messages}) from exc
    entry.files.set(stored)
    record(action="pointentry.added", actor=actor, obj=entry, after={**snapshot(entry), "files": len(stored)})
    return entry


@transaction.atomic
def entry_decide(*, actor: Any, entry: PointEntry, approve: bool, note: str = "") -> PointEntry:
    """Approve (the points count from now on) or reject (they never count) a pending manual entry. The
    approver holds points.approve_pointentry over the entry's unit and is neither its creator nor the cadre."""

    require_at(actor, APPROVE, entry.org_unit.path)
    locked = PointEntry.objects.select_for_update().select_related("cadre", "org_unit").get(pk=entry.pk)
    if locked.status != PointEntry.Status.PENDING:
        raise ValidationError({"decision": MSG_DECIDED})
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and locked.created_by_id == actor_id:
        raise ValidationError({"decision": MSG_OWN_ENTRY})
    if actor_id is not None and locked.cadre.user_id == actor_id:
        raise ValidationError({"decision": MSG_OWN_CARD})
    note = (note or "").strip()[:200]
    if not approve and not note:
        raise ValidationError({"note": MSG_NOTE})
    before = snapshot(locked)
    locked.status = PointEntry.Status.APPROVED if approve else PointEntry.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = _user(actor), timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record(action="pointentry.approved" if approve else "pointentry.rejected", actor=actor, obj=locked, before=before,
           after=snapshot(locked))
    return locked


RULE_FIELDS = ["points", "daily_cap", "yearly_cap", "decay", "description", "is_active"]


def check_rule(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    points = data.get("points")
    if not isinstance(points, Decimal) or not points.is_finite():
        errors["points"] = MSG_POINTS
    elif abs(points) > MAX_POINTS:
        errors["points"] = MSG_POINTS_RANGE
    elif points != points.quantize(Decimal("0.1")):
        errors["points"] = MSG_POINTS_DECIMAL
    for cap in ("daily_cap", "yearly_cap"):
        value = data.get(cap)
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite() or value <= 0
                                  or value > Decimal("9999.9") or value != value.quantize(Decimal("0.1"))):
            errors[cap] = MSG_CAP
    decay = data.get("decay") or []
    if not isinstance(decay, list) or len(decay) > 10 or any(
            not isinstance(v, Decimal) or not v.is_finite() or v < 0 or v > MAX_POINTS or v != v.quantize(Decimal("0.1"))
            for v in decay):
        errors["decay"] = MSG_DECAY
    elif decay and "points" not in errors and decay[0] != points:
        errors["decay"] = MSG_DECAY_FIRST
    return errors


@transaction.atomic
def rule_update(*, actor: Any, rule: PointRule, data: dict[str, Any], expected_version: int) -> PointRule:
    """Change a rule's points, caps, decay list, description or switch it off (the province's call).
    Entries already on cards keep their points; the rule applies to events from now on."""

    if not can_edit_rules(actor):
        raise PermissionDenied(MSG_RULE_PERM)
    errors = check_rule(data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(rule)
    rule.points = data["points"]
    rule.daily_cap, rule.yearly_cap = data.get("daily_cap"), data.get("yearly_cap")
    rule.decay = [num(v) for v in data.get("decay") or []]
    rule.description = str(data.get("description") or "").strip()[:200]
    rule.is_active = bool(data.get("is_active"))
    update_versioned(rule, expected_version=expected_version, fields=RULE_FIELDS)
    record(action="pointrule.changed", actor=actor, obj=rule, before=before, after=snapshot(rule))
    return rule
