"""Cadre movements (选调、公开竞岗、轮岗、交流、挂职、晋升、调出、退休): each a dated record that also updates the
cadre's current unit / office / position / rank / status as its kind implies, keeping the previous values on the
record; the steps of a selection (考试、考察、试用); the end of secondments (挂职期满回到在岗)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM, can, can_at, require, require_at
from zugong.audit.services import Entry, record_many, snapshot
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import (
    Cadre,
    CadreStatus,
    Movement,
    Rank,
    ReservePoolEntry,
    ReserveStatus,
    SecondmentDirection,
    SelectionProcess,
    StepResult,
)

K = Movement.Kind
STATUS_AFTER_MOVEMENT = {
    K.SECONDMENT: CadreStatus.SECONDED,
    K.EXCHANGE_OUT: CadreStatus.TRANSFERRED,
    K.TRANSFER_OUT: CadreStatus.TRANSFERRED,
    K.RETIREMENT: CadreStatus.RETIRED,
}
# kinds that give the cadre a new unit / office / position / rank
TARGET_KINDS = {K.SELECTION, K.COMPETITION, K.ROTATION, K.EXCHANGE, K.PROMOTION}
CADRE_FIELDS = ["org_unit", "office", "position", "rank", "status", "updated_at"]

MSG_KIND = "变动类型无效"
MSG_FUTURE = "变动日期不能晚于今天"
MSG_TO_UNIT_OFFICE = "新单位不能是内设科室，科室请填在“新科室”"
MSG_TO_OFFICE = "新科室必须是新单位（未选新单位时为现所在单位）的内设科室"
MSG_OUT_OF_SCOPE = "“{unit}”不在您的授权范围内，不能把干部调入该单位；请由共同的上级组织部门登记"
MSG_SECONDED = "该干部正在挂职，请先结束本次挂职"
MSG_PERIOD = "挂职结束日期应晚于开始日期"
MSG_DIRECTION = "请选择挂职方向（上挂、下派或横向）"
MSG_HOST = "请填写挂职单位"
MSG_PERIOD_MISSING = "请填写挂职起止日期"
MSG_SELECTION_UNIT = "选调须选择调入单位"
MSG_COMPETITION_POST = "公开竞岗须填写竞聘的职务"
MSG_PROMOTION_RANK = "晋升须选择新职级"
MSG_MOVE_TARGET = "轮岗、交流须填写新的单位、科室、职务或去向之一"
MSG_DESTINATION = "请填写去向单位"
MSG_NOT_SECONDMENT = "这不是一条挂职记录"
MSG_ENDED = "该挂职已结束"
MSG_END_BEFORE = "结束日期不能早于挂职开始日期"
MSG_END_FUTURE = "结束日期不能晚于今天"
MSG_SELECTION_CLOSED = "该选调已办结，不能再修改考察记录"


@dataclass
class MovementInput:
    """A movement's values, whatever door they came in through (page form, API)."""

    kind: str
    on: date
    destination: str = ""
    note: str = ""
    to_unit: OrgUnit | None = None
    to_office: OrgUnit | None = None
    to_position: str = ""
    to_rank: str = ""
    direction: str = ""
    host_unit: OrgUnit | None = None
    host_unit_name: str = ""
    period_start: date | None = None
    period_end: date | None = None


def validate_movement(data: MovementInput, *, cadre: Cadre, strict: bool = True, today: date | None = None) -> dict[str, str]:
    """{field: Chinese message}; normalizes `data` in place. `strict` also requires what each kind needs
    (pages and the API); older callers that record only kind and date pass strict=False."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if data.kind not in K.values:
        return {"kind": MSG_KIND}
    kind = K(data.kind)
    if cadre.status in (CadreStatus.TRANSFERRED, CadreStatus.RETIRED):
        errors["kind"] = f"该干部已{cadre.get_status_display()}，不能再登记变动"
    elif kind == K.SECONDMENT and cadre.status == CadreStatus.SECONDED:
        errors["kind"] = MSG_SECONDED
    if data.on > today:
        errors["date"] = MSG_FUTURE
    for name, limit in (("destination", 100), ("note", 200), ("to_position", 100), ("host_unit_name", 100)):
        value = (getattr(data, name) or "").strip()
        setattr(data, name, value)
        if len(value) > limit:
            errors[name] = f"不能超过{limit}个字"
    if kind not in TARGET_KINDS:
        data.to_unit, data.to_office, data.to_position, data.to_rank = None, None, "", ""
    if kind != K.SECONDMENT:
        data.direction, data.host_unit, data.host_unit_name, data.period_start, data.period_end = "", None, "", None, None
    if data.to_unit is not None and data.to_unit.kind == OrgUnit.Kind.OFFICE:
        errors["to_unit"] = MSG_TO_UNIT_OFFICE
    target = data.to_unit or cadre.org_unit
    if data.to_office is not None and (data.to_office.kind != OrgUnit.Kind.OFFICE or data.to_office.parent_id != target.pk):
        errors["to_office"] = MSG_TO_OFFICE
    if data.to_rank and data.to_rank not in Rank.values:
        errors["to_rank"] = "职级无效"
    if data.direction and data.direction not in SecondmentDirection.values:
        errors["direction"] = "挂职方向无效"
    if data.period_start and data.period_end and data.period_end <= data.period_start:
        errors["period_end"] = MSG_PERIOD
    if strict:
        if kind == K.SELECTION and data.to_unit is None:
            errors.setdefault("to_unit", MSG_SELECTION_UNIT)
        elif kind == K.COMPETITION and not data.to_position:
            errors.setdefault("to_position", MSG_COMPETITION_POST)
        elif kind == K.PROMOTION and not data.to_rank:
            errors.setdefault("to_rank", MSG_PROMOTION_RANK)
        elif kind in (K.ROTATION, K.EXCHANGE) and not (data.to_unit or data.to_office or data.to_position or data.destination):
            errors.setdefault("to_unit", MSG_MOVE_TARGET)
        elif kind in (K.EXCHANGE_OUT, K.TRANSFER_OUT) and not data.destination:
            errors.setdefault("destination", MSG_DESTINATION)
        elif kind == K.SECONDMENT:
            if not data.direction:
                errors.setdefault("direction", MSG_DIRECTION)
            if not (data.host_unit or data.host_unit_name):
                errors.setdefault("host_unit_name", MSG_HOST)
            if not (data.period_start and data.period_end):
                errors.setdefault("period_start", MSG_PERIOD_MISSING)
    return errors


def _cadre_entry(cadre: Cadre, before: dict[str, Any]) -> Entry:
    return Entry(action="cadre.updated", obj=cadre, before=before, after=snapshot(cadre))


@transaction.atomic
def movement_register(
    *, actor: Any, cadre: Cadre, data: MovementInput, expected_version: int | None = None, strict: bool = True
) -> Movement:
    """Record a movement and apply it to the cadre. A new unit outside the actor's scope is refused with a message;
    `expected_version` (the cadre's version the page was loaded with) turns a stale page into ConflictError."""
    require(actor, "change", cadre)
    require_at(actor, "people.add_movement", cadre.org_unit.path)
    errors = validate_movement(data, cadre=cadre, strict=strict)
    if data.to_unit is not None and "to_unit" not in errors and not (
        can_at(actor, "people.add_movement", data.to_unit.path) and can_at(actor, "people.change_cadre", data.to_unit.path)
    ):
        errors["to_unit"] = MSG_OUT_OF_SCOPE.format(unit=data.to_unit.name)
    if errors:
        raise ValidationError(errors)
    kind = K(data.kind)
    if expected_version is not None and expected_version != cadre.version:
        raise ConflictError()
    movement = Movement(
        cadre=cadre, kind=kind, date=data.on, destination=data.destination, note=data.note,
        org_unit=data.to_unit if kind == K.SELECTION and data.to_unit else cadre.org_unit,
        state=Movement.State.IN_PROGRESS if kind == K.SELECTION else Movement.State.DONE,
        from_unit=cadre.org_unit, from_office=cadre.office, from_position=cadre.position, from_rank=cadre.rank,
        from_status=cadre.status, to_unit=data.to_unit, to_office=data.to_office, to_position=data.to_position,
        to_rank=data.to_rank, direction=data.direction, host_unit=data.host_unit, host_unit_name=data.host_unit_name,
        period_start=data.period_start, period_end=data.period_end,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    # Row locks first, the audit chain head last (as in every service), so writers never deadlock.
    before = snapshot(cadre)
    if kind in TARGET_KINDS:
        if data.to_unit is not None and data.to_unit.pk != cadre.org_unit_id:
            cadre.org_unit, cadre.office = data.to_unit, data.to_office
        elif data.to_office is not None:
            cadre.office = data.to_office
        if data.to_position:
            cadre.position = data.to_position
        if data.to_rank:
            cadre.rank = data.to_rank
    new_status = STATUS_AFTER_MOVEMENT.get(kind)
    if new_status:
        cadre.status = new_status
    entries: list[Entry] = []
    if snapshot(cadre) != before:
        cadre.updated_at = timezone.now()
        update_versioned(cadre, expected_version=cadre.version, fields=CADRE_FIELDS)
        entries.append(_cadre_entry(cadre, before))
    movement.save()
    entries.insert(0, Entry(action="movement.created", obj=movement, after=snapshot(movement)))
    if kind == K.SELECTION:
        SelectionProcess.objects.create(movement=movement, org_unit=movement.org_unit)
    if kind in (K.PROMOTION, K.EXCHANGE_OUT, K.TRANSFER_OUT, K.RETIREMENT):
        entries += _close_reserve(cadre, on=data.on, used=kind == K.PROMOTION, reason=str(kind.label))
    record_many(entries, actor=actor)
    return movement


def _close_reserve(cadre: Cadre, *, on: date, used: bool, reason: str) -> list[Entry]:
    """A promotion uses the cadre's place in the reserve pool; leaving the roster takes them out of it."""
    out = []
    for entry in ReservePoolEntry.objects.select_for_update().filter(cadre=cadre, status=ReserveStatus.IN_POOL):
        before = snapshot(entry)
        entry.status = ReserveStatus.USED if used else ReserveStatus.LEFT
        entry.left_on, entry.left_reason = max(on, entry.since), str(reason)
        entry.updated_at = timezone.now()
        update_versioned(entry, expected_version=entry.version, fields=["status", "left_on", "left_reason", "updated_at"])
        out.append(Entry(action="reserve.left", obj=entry, before=before, after=snapshot(entry)))
    return out


@transaction.atomic
def secondment_end(*, actor: Any, movement: Movement, on: date, expected_version: int, today: date | None = None) -> Movement:
    """End a secondment (期满或提前结束): the record keeps the date, the cadre is 在岗 again."""
    today = today or timezone.localdate()
    cadre = movement.cadre
    require(actor, "change", cadre)
    require_at(actor, "people.add_movement", movement.org_unit.path)
    if movement.kind != K.SECONDMENT:
        raise ValidationError({"kind": MSG_NOT_SECONDMENT})
    if movement.ended_on is not None:
        raise ValidationError({"ended_on": MSG_ENDED})
    if on < (movement.period_start or movement.date):
        raise ValidationError({"ended_on": MSG_END_BEFORE})
    if on > today:
        raise ValidationError({"ended_on": MSG_END_FUTURE})
    before_m = snapshot(movement)
    movement.ended_on = on
    update_versioned(movement, expected_version=expected_version, fields=["ended_on"])
    entries = [Entry(action="movement.secondment_ended", obj=movement, before=before_m, after=snapshot(movement))]
    if cadre.status == CadreStatus.SECONDED:
        before = snapshot(cadre)
        cadre.status = CadreStatus.ACTIVE
        cadre.updated_at = timezone.now()
        update_versioned(cadre, expected_version=cadre.version, fields=["status", "updated_at"])
        entries.append(_cadre_entry(cadre, before))
    record_many(entries, actor=actor)
    return movement


def secondments_due(today: date | None = None) -> Any:
    """Open secondments whose period is over (the end date has passed)."""
    today = today or timezone.localdate()
    return Movement.objects.filter(kind=K.SECONDMENT, ended_on__isnull=True, period_end__lt=today)


def secondments_end_due(*, actor: Any = SYSTEM, today: date | None = None) -> int:
    """End every open secondment whose period is over, on its end date (the command `end_secondments`, or the
    button on the secondments page for the units in the actor's scope); returns how many were ended."""
    today = today or timezone.localdate()
    done = 0
    for m in secondments_due(today).select_related("cadre__org_unit", "org_unit").order_by("period_end", "pk"):
        if actor is not SYSTEM and not (can(actor, "change", m.cadre) and can_at(actor, "people.add_movement", m.org_unit.path)):
            continue
        assert m.period_end is not None
        secondment_end(actor=actor, movement=m, on=m.period_end, expected_version=m.version, today=today)
        done += 1
    return done


# --- selection steps --------------------------------------------------------------------------------------------
STEPS = {"exam": "考试", "inspection": "考察", "probation": "试用"}


def _score(value: Any) -> Decimal | None:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return score if score.is_finite() and 0 <= score <= 100 else None


@transaction.atomic
def selection_step(
    *, actor: Any, process: SelectionProcess, step: str, values: dict[str, Any], expected_version: int,
    today: date | None = None,
) -> SelectionProcess:
    """Record one step: 考试 (date, score 0-100), 考察 (date, 合格/不合格, opinion), 试用 (start, end, result once
    it is over). A failed inspection or probation closes the selection as 未通过; a passed probation completes it."""
    today = today or timezone.localdate()
    movement = process.movement
    require(actor, "change", movement.cadre)
    require_at(actor, "people.add_movement", process.org_unit.path)
    if movement.state != Movement.State.IN_PROGRESS:
        raise ValidationError(MSG_SELECTION_CLOSED)
    if step not in STEPS:
        raise ValidationError({"step": "步骤无效"})
    errors: dict[str, str] = {}
    fields: list[str] = []
    if step == "exam":
        score = _score(values.get("exam_score"))
        if values.get("exam_score") in (None, "") or score is None:
            errors["exam_score"] = "考试成绩应为0-100之间的数字"
        if not values.get("exam_date"):
            errors["exam_date"] = "请填写考试日期"
        elif values["exam_date"] > today:
            errors["exam_date"] = "考试日期不能晚于今天"
        process.exam_score, process.exam_date = score, values.get("exam_date")
        fields = ["exam_score", "exam_date"]
    elif step == "inspection":
        if process.exam_score is None:
            errors["step"] = "请先登记考试成绩"
        result = values.get("inspection_result") or ""
        if result not in StepResult.values:
            errors["inspection_result"] = "请选择考察结果（合格或不合格）"
        if not values.get("inspection_date"):
            errors["inspection_date"] = "请填写考察日期"
        elif values["inspection_date"] > today:
            errors["inspection_date"] = "考察日期不能晚于今天"
        note = (values.get("inspection_note") or "").strip()
        if len(note) > 200:
            errors["inspection_note"] = "考察意见不能超过200个字"
        process.inspection_result, process.inspection_date, process.inspection_note = result, values.get("inspection_date"), note
        fields = ["inspection_result", "inspection_date", "inspection_note"]
    else:
        if process.inspection_result != StepResult.PASS:
            errors["step"] = "考察合格后才能登记试用"
        start, end, result = values.get("probation_start"), values.get("probation_end"), values.get("probation_result") or ""
        if not start or not end:
            errors["probation_start"] = "请填写试用起止日期"
        elif end <= start:
            errors["probation_end"] = "试用结束日期应晚于开始日期"
        if result and result not in StepResult.values:
            errors["probation_result"] = "试用结果无效"
        elif result and end and end > today:
            errors["probation_result"] = "试用期未满，不能登记试用结果"
        process.probation_start, process.probation_end, process.probation_result = start, end, result
        fields = ["probation_start", "probation_end", "probation_result"]
    if errors:
        raise ValidationError(errors)
    before_m = snapshot(movement)
    update_versioned(process, expected_version=expected_version, fields=[*fields, "updated_at"])
    entries = [Entry(action="selection.step_recorded", obj=movement, object_repr=f"{movement}：{STEPS[step]}",
                     after={f: snapshot(process).get(f) for f in fields})]
    failed = (step == "inspection" and process.inspection_result == StepResult.FAIL) or (
        step == "probation" and process.probation_result == StepResult.FAIL)
    passed = step == "probation" and process.probation_result == StepResult.PASS
    if failed or passed:
        movement.state = Movement.State.FAILED if failed else Movement.State.DONE
        update_versioned(movement, expected_version=movement.version, fields=["state"])
        entries.append(Entry(action="movement.updated", obj=movement, before=before_m, after=snapshot(movement)))
    record_many(entries, actor=actor)
    return process
