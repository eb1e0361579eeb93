"""Writes of 基层工作: visits, contact points, pairings and their contact log, problems solved (and handing an
unsolved one to the rectification ledger). Research topics are in topics.py. Each service checks scope, owns its
transaction and writes the audit row; a visit's `person_count` is set here, from its cadres."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.fieldwork.models import (
    ContactPoint,
    FieldVisit,
    GrassrootsProblem,
    Pairing,
    PairingContact,
    VisitKind,
)
from zugong.orgs.models import OrgUnit

MAX_TEXT = 20_000
MAX_CADRES = 200

MSG_UNIT = "请选择单位（组织部门，不能是内设科室）"
MSG_KIND = "请选择类型"
MSG_DATE = "请填写日期"
MSG_FUTURE = "日期不能晚于今天"
MSG_PLACE = "请填写地点"
MSG_PURPOSE = "请填写事由"
MSG_CADRES = "请选择参加的干部"
MSG_TOO_MANY = f"一次最多登记 {MAX_CADRES} 名干部"
MSG_CADRE_SCOPE = "干部{name}不在该单位及下级单位的名册中"
MSG_POINT_UNIT = "所选联系点不属于该单位"
MSG_OFFICE = "请选择该单位的内设科室"
MSG_POINT_NAME = "请填写联系点（基层单位）名称"
MSG_SINCE = "请填写建立联系时间"
MSG_POINT_DUP = "该科室已有同名联系点"
MSG_CADRE = "请选择帮扶干部"
MSG_COUNTERPART_KIND = "请选择帮扶对象类别"
MSG_COUNTERPART = "请填写帮扶对象"
MSG_START = "请填写结对日期"
MSG_END = "结束日期不能早于结对日期"
MSG_ENDED = "结束帮扶须填写结束日期"
MSG_CONTENT = "请填写联系内容"
MSG_DESCRIPTION = "请填写问题"
MSG_RAISED = "请填写发现日期"
MSG_SOLVED_ON = "已解决的问题须填写解决日期"
MSG_RESULT = "已解决的问题须填写解决情况"
MSG_SOLVED_BEFORE = "解决日期不能早于发现日期"
MSG_STATUS = "请选择状态"
MSG_VISIT_UNIT = "所选下基层记录不属于该单位"
MSG_PAIRING_UNIT = "所选帮扶对子不属于该单位"
MSG_LEDGER_SOLVED = "该问题已解决，不需要转入整改台帐"
MSG_LEDGER_DONE = "该问题已转入整改台帐"
MSG_LEDGER_LINKED = "该问题已转入整改台帐，不能删除"


def _unit_ok(unit: Any) -> bool:
    return isinstance(unit, OrgUnit) and unit.kind != OrgUnit.Kind.OFFICE and unit.is_active


def _past_date(value: Any, field: str, errors: dict[str, str], missing: str) -> None:
    if not isinstance(value, date):
        errors[field] = missing
    elif value > timezone.localdate():
        errors[field] = MSG_FUTURE


def cadres_outside(unit: OrgUnit, cadres: list[Any]) -> list[Any]:
    """The cadres that are not on the roll of `unit` or a unit below it."""
    return [c for c in cadres if not c.org_unit.path.startswith(unit.path)]


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    return str(data.get(key) or "").strip()[:limit]


# ---------------------------------------------------------------- contact points


def _check_point(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit: Any = data.get("org_unit")
    office: Any = data.get("office")
    if not _unit_ok(unit):
        errors["org_unit"] = MSG_UNIT
    elif not isinstance(office, OrgUnit) or office.kind != OrgUnit.Kind.OFFICE or office.parent_id != unit.pk:
        errors["office"] = MSG_OFFICE
    if not _text(data, "name", 200):
        errors["name"] = MSG_POINT_NAME
    _past_date(data.get("since"), "since", errors, MSG_SINCE)
    return errors


def _point_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"org_unit": data["org_unit"], "office": data["office"], "name": _text(data, "name", 200),
            "address": _text(data, "address", 200), "since": data["since"], "note": _text(data, "note", MAX_TEXT)}


def _point_unique(fields: dict[str, Any], pk: int | None) -> None:
    if ContactPoint.objects.filter(office=fields["office"], name=fields["name"]).exclude(pk=pk).exists():
        raise ValidationError({"name": MSG_POINT_DUP})


@transaction.atomic
def point_create(*, actor: Any, data: dict[str, Any]) -> ContactPoint:
    errors = _check_point(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.add_contactpoint", data["org_unit"].path)
    fields = _point_fields(data)
    _point_unique(fields, None)
    p = ContactPoint.objects.create(created_by=actor, **fields)
    record(action="contactpoint.created", actor=actor, obj=p, after=snapshot(p))
    return p


@transaction.atomic
def point_update(*, actor: Any, point: ContactPoint, data: dict[str, Any], expected_version: int) -> ContactPoint:
    require_at(actor, "fieldwork.change_contactpoint", point.org_unit.path)
    errors = _check_point(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.change_contactpoint", data["org_unit"].path)
    fields = _point_fields(data)
    _point_unique(fields, point.pk)
    before = snapshot(point)
    for k, v in fields.items():
        setattr(point, k, v)
    update_versioned(point, expected_version=expected_version, fields=list(fields))
    if fields["org_unit"].pk != before["org_unit"]:
        # visits stay with the department that made them: a point moved to another unit loses the link
        FieldVisit.objects.filter(contact_point=point).exclude(org_unit=fields["org_unit"]).update(contact_point=None)
    record(action="contactpoint.updated", actor=actor, obj=point, before=before, after=snapshot(point))
    return point


@transaction.atomic
def point_delete(*, actor: Any, point: ContactPoint) -> None:
    require_at(actor, "fieldwork.delete_contactpoint", point.org_unit.path)
    before = snapshot(point)
    FieldVisit.objects.filter(contact_point=point).update(contact_point=None)
    record(action="contactpoint.deleted", actor=actor, obj=point, before=before)
    point.delete()


# ---------------------------------------------------------------- field visits


@dataclass(frozen=True)
class VisitInput:
    org_unit: OrgUnit
    kind: str
    date: date
    place: str
    purpose: str
    findings: str
    cadres: list[Any]
    contact_point: ContactPoint | None = None


def check_visit(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit: Any = data.get("org_unit")
    if not _unit_ok(unit):
        errors["org_unit"] = MSG_UNIT
    if data.get("kind") not in VisitKind.values:
        errors["kind"] = MSG_KIND
    _past_date(data.get("date"), "date", errors, MSG_DATE)
    if not _text(data, "place", 200):
        errors["place"] = MSG_PLACE
    if not _text(data, "purpose", 500):
        errors["purpose"] = MSG_PURPOSE
    cadres = list(data.get("cadres") or [])
    if not cadres:
        errors["cadres"] = MSG_CADRES
    elif len(cadres) > MAX_CADRES:
        errors["cadres"] = MSG_TOO_MANY
    elif _unit_ok(unit):
        outside = cadres_outside(unit, cadres)
        if outside:
            errors["cadres"] = MSG_CADRE_SCOPE.format(name=outside[0].name)
    point: Any = data.get("contact_point")
    if point is not None and _unit_ok(unit) and point.org_unit_id != unit.pk:
        errors["contact_point"] = MSG_POINT_UNIT
    return errors


def _visit_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"org_unit": data["org_unit"], "kind": data["kind"], "date": data["date"], "place": _text(data, "place", 200),
            "purpose": _text(data, "purpose", 500), "findings": _text(data, "findings", MAX_TEXT),
            "contact_point": data.get("contact_point")}


def _unique(cadres: list[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for c in cadres:
        seen.setdefault(c.pk, c)
    return list(seen.values())


@transaction.atomic
def visit_create(*, actor: Any, data: dict[str, Any]) -> FieldVisit:
    """Record a visit; 人次 = the number of distinct cadres."""
    errors = check_visit(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.add_fieldvisit", data["org_unit"].path)
    cadres = _unique(list(data["cadres"]))
    v = FieldVisit.objects.create(created_by=actor, person_count=len(cadres), **_visit_fields(data))
    v.cadres.set(cadres)
    record(action="fieldvisit.created", actor=actor, obj=v, after={**snapshot(v), "cadres": [c.pk for c in cadres]})
    return v


@transaction.atomic
def visit_update(*, actor: Any, visit: FieldVisit, data: dict[str, Any], expected_version: int) -> FieldVisit:
    require_at(actor, "fieldwork.change_fieldvisit", visit.org_unit.path)
    errors = check_visit(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.change_fieldvisit", data["org_unit"].path)
    cadres = _unique(list(data["cadres"]))
    before = {**snapshot(visit), "cadres": sorted(visit.cadres.values_list("pk", flat=True))}
    fields = {**_visit_fields(data), "person_count": len(cadres)}
    for k, v in fields.items():
        setattr(visit, k, v)
    update_versioned(visit, expected_version=expected_version, fields=list(fields))
    visit.cadres.set(cadres)
    record(action="fieldvisit.updated", actor=actor, obj=visit, before=before,
           after={**snapshot(visit), "cadres": sorted(c.pk for c in cadres)})
    return visit


@transaction.atomic
def visit_delete(*, actor: Any, visit: FieldVisit) -> None:
    require_at(actor, "fieldwork.delete_fieldvisit", visit.org_unit.path)
    before = snapshot(visit)
    record(action="fieldvisit.deleted", actor=actor, obj=visit, before=before)
    visit.delete()


@transaction.atomic
def visit_import(*, actor: Any, rows: list[VisitInput]) -> list[FieldVisit]:
    """All rows or none (the import job's transaction): each row checked again as a form entry would be."""
    made: list[FieldVisit] = []
    for r in rows:
        made.append(visit_create(actor=actor, data={
            "org_unit": r.org_unit, "kind": r.kind, "date": r.date, "place": r.place, "purpose": r.purpose,
            "findings": r.findings, "cadres": r.cadres, "contact_point": r.contact_point}))
    return made


# ---------------------------------------------------------------- pairings


def _check_pairing(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit: Any = data.get("org_unit")
    cadre: Any = data.get("cadre")
    if not _unit_ok(unit):
        errors["org_unit"] = MSG_UNIT
    if cadre is None:
        errors["cadre"] = MSG_CADRE
    elif _unit_ok(unit) and cadres_outside(unit, [cadre]):
        errors["cadre"] = MSG_CADRE_SCOPE.format(name=cadre.name)
    if data.get("counterpart_kind") not in Pairing.Counterpart.values:
        errors["counterpart_kind"] = MSG_COUNTERPART_KIND
    if not _text(data, "counterpart_name", 100):
        errors["counterpart_name"] = MSG_COUNTERPART
    _past_date(data.get("start_date"), "start_date", errors, MSG_START)
    end = data.get("end_date")
    if end is not None and isinstance(data.get("start_date"), date) and end < data["start_date"]:
        errors["end_date"] = MSG_END
    status = data.get("status") or Pairing.Status.ACTIVE
    if status not in Pairing.Status.values:
        errors["status"] = MSG_STATUS
    elif status == Pairing.Status.ENDED and end is None:
        errors["end_date"] = MSG_ENDED
    return errors


def _pairing_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"org_unit": data["org_unit"], "cadre": data["cadre"], "counterpart_kind": data["counterpart_kind"],
            "counterpart_name": _text(data, "counterpart_name", 100), "counterpart_place": _text(data, "counterpart_place", 200),
            "start_date": data["start_date"], "end_date": data.get("end_date"),
            "status": data.get("status") or Pairing.Status.ACTIVE, "note": _text(data, "note", MAX_TEXT)}


@transaction.atomic
def pairing_create(*, actor: Any, data: dict[str, Any]) -> Pairing:
    errors = _check_pairing(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.add_pairing", data["org_unit"].path)
    p = Pairing.objects.create(created_by=actor, **_pairing_fields(data))
    record(action="pairing.created", actor=actor, obj=p, after=snapshot(p))
    return p


@transaction.atomic
def pairing_update(*, actor: Any, pairing: Pairing, data: dict[str, Any], expected_version: int) -> Pairing:
    require_at(actor, "fieldwork.change_pairing", pairing.org_unit.path)
    errors = _check_pairing(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.change_pairing", data["org_unit"].path)
    before = snapshot(pairing)
    fields = _pairing_fields(data)
    for k, v in fields.items():
        setattr(pairing, k, v)
    update_versioned(pairing, expected_version=expected_version, fields=list(fields))
    record(action="pairing.updated", actor=actor, obj=pairing, before=before, after=snapshot(pairing))
    return pairing


@transaction.atomic
def pairing_delete(*, actor: Any, pairing: Pairing) -> None:
    require_at(actor, "fieldwork.delete_pairing", pairing.org_unit.path)
    record(action="pairing.deleted", actor=actor, obj=pairing, before=snapshot(pairing))
    pairing.delete()


@transaction.atomic
def contact_add(*, actor: Any, pairing: Pairing, day: date | None, content: str) -> PairingContact:
    """A dated entry in the pairing's contact log."""
    require_at(actor, "fieldwork.change_pairing", pairing.org_unit.path)
    errors: dict[str, str] = {}
    _past_date(day, "date", errors, MSG_DATE)
    if isinstance(day, date) and not errors and day < pairing.start_date:
        errors["date"] = "联系日期不能早于结对日期"
    if not (content or "").strip():
        errors["content"] = MSG_CONTENT
    if errors:
        raise ValidationError(errors)
    assert day is not None
    c = PairingContact.objects.create(pairing=pairing, date=day, content=content.strip()[:MAX_TEXT], created_by=actor)
    record(action="pairing.contact_added", actor=actor, obj=pairing, after={"date": day.isoformat(), "content": c.content[:500]})
    return c


# ---------------------------------------------------------------- problems solved


def _check_problem(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit: Any = data.get("org_unit")
    if not _unit_ok(unit):
        errors["org_unit"] = MSG_UNIT
    if not _text(data, "description", 500):
        errors["description"] = MSG_DESCRIPTION
    _past_date(data.get("raised_on"), "raised_on", errors, MSG_RAISED)
    status = data.get("status")
    if status not in GrassrootsProblem.Status.values:
        errors["status"] = MSG_STATUS
    elif status == GrassrootsProblem.Status.SOLVED:
        solved = data.get("solved_on")
        _past_date(solved, "solved_on", errors, MSG_SOLVED_ON)
        if "solved_on" not in errors and isinstance(data.get("raised_on"), date) and solved < data["raised_on"]:
            errors["solved_on"] = MSG_SOLVED_BEFORE
        if not _text(data, "result", MAX_TEXT):
            errors["result"] = MSG_RESULT
    visit: Any = data.get("visit")
    pairing: Any = data.get("pairing")
    if _unit_ok(unit):
        if visit is not None and visit.org_unit_id != unit.pk:
            errors["visit"] = MSG_VISIT_UNIT
        if pairing is not None and pairing.org_unit_id != unit.pk:
            errors["pairing"] = MSG_PAIRING_UNIT
    return errors


def _problem_fields(data: dict[str, Any]) -> dict[str, Any]:
    solved = data["status"] == GrassrootsProblem.Status.SOLVED
    return {"org_unit": data["org_unit"], "visit": data.get("visit"), "pairing": data.get("pairing"),
            "description": _text(data, "description", 500), "raised_on": data["raised_on"], "status": data["status"],
            "solved_on": data.get("solved_on") if solved else None, "result": _text(data, "result", MAX_TEXT)}


@transaction.atomic
def problem_create(*, actor: Any, data: dict[str, Any]) -> GrassrootsProblem:
    errors = _check_problem(data)
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.add_grassrootsproblem", data["org_unit"].path)
    p = GrassrootsProblem.objects.create(created_by=actor, **_problem_fields(data))
    record(action="grassrootsproblem.created", actor=actor, obj=p, after=snapshot(p))
    return p


@transaction.atomic
def problem_update(*, actor: Any, problem: GrassrootsProblem, data: dict[str, Any], expected_version: int) -> GrassrootsProblem:
    require_at(actor, "fieldwork.change_grassrootsproblem", problem.org_unit.path)
    errors = _check_problem(data)
    if problem.ledger_measure_id and data.get("org_unit") != problem.org_unit:
        errors["org_unit"] = "已转入整改台帐的问题不能改变单位"
    if errors:
        raise ValidationError(errors)
    require_at(actor, "fieldwork.change_grassrootsproblem", data["org_unit"].path)
    before = snapshot(problem)
    fields = _problem_fields(data)
    for k, v in fields.items():
        setattr(problem, k, v)
    update_versioned(problem, expected_version=expected_version, fields=list(fields))
    record(action="grassrootsproblem.updated", actor=actor, obj=problem, before=before, after=snapshot(problem))
    return problem


@transaction.atomic
def problem_delete(*, actor: Any, problem: GrassrootsProblem) -> None:
    require_at(actor, "fieldwork.delete_grassrootsproblem", problem.org_unit.path)
    if problem.ledger_measure_id:
        raise ValidationError(MSG_LEDGER_LINKED)
    record(action="grassrootsproblem.deleted", actor=actor, obj=problem, before=snapshot(problem))
    problem.delete()


@transaction.atomic
def problem_to_ledger(*, actor: Any, problem: GrassrootsProblem, category: Any, data: dict[str, Any],
                      expected_version: int) -> GrassrootsProblem:
    """Hand an unsolved problem to the rectification ledger: a problem of the unit (opinions.Problem) with one
    measure (content, responsible unit, deadline as a date or working days), carried out and accepted there."""
    from zugong.opinions import measures as ledger_measures
    from zugong.opinions import problems as ledger_problems

    require_at(actor, "fieldwork.change_grassrootsproblem", problem.org_unit.path)
    current = GrassrootsProblem.objects.select_for_update().get(pk=problem.pk)
    if current.version != expected_version:
        raise ConflictError()
    if current.ledger_measure_id:
        raise ValidationError(MSG_LEDGER_DONE)
    if current.status == GrassrootsProblem.Status.SOLVED:
        raise ValidationError(MSG_LEDGER_SOLVED)
    source = [f"来源：为基层群众解决实际问题（{problem.org_unit.name}，{problem.raised_on:%Y-%m-%d}发现）"]
    if problem.visit_id:
        source.append(f"下基层：{problem.visit}")
    if problem.pairing_id:
        source.append(f"结对帮扶：{problem.pairing}")
    lp = ledger_problems.problem_create(actor=actor, org_unit=problem.org_unit, data={
        "title": problem.description[:200], "category": category, "description": "\n".join([problem.description, *source])})
    m = ledger_measures.measure_create(actor=actor, problem=lp, data={**data, "org_unit": data.get("org_unit") or problem.org_unit})
    before = snapshot(problem)
    problem.ledger_problem, problem.ledger_measure = lp, m
    update_versioned(problem, expected_version=expected_version, fields=["ledger_problem", "ledger_measure"])
    record(action="grassrootsproblem.to_ledger", actor=actor, obj=problem, before=before, after=snapshot(problem))
    return problem
