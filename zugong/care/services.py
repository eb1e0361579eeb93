"""Writes on 关心关爱活动. The page form, the xlsx import and the services share `validate_activity`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

from .models import CareActivity

MAX_CADRES = 200
MSG_UNIT_KIND = "组织单位不能是内设科室"
MSG_FUTURE = "日期不能晚于今天"
MSG_PERSONS = "关爱人次不能少于所填的组工干部人数"
MSG_PERSONS_ZERO = "请填写关爱人次，或填写关爱对象（按人数计）"
MSG_AMOUNT = "慰问金额不能为负数"
_SPLIT = re.compile(r"[、,，;；\s]+")


@dataclass
class ActivityInput:
    """Cleaned values of an activity, whatever door they came in through."""

    org_unit: OrgUnit
    kind: str
    date: date
    title: str
    cadre_names: str = ""
    persons: int | None = None
    amount: Decimal | None = None
    note: str = ""
    cadres: list[Cadre] = field(default_factory=list, repr=False)  # filled by validate_activity


def _cadre_pool(actor: Any) -> Any:
    return Cadre.objects.all() if getattr(actor, "system", False) else Cadre.objects.visible_to(actor, "view")


def resolve_cadres(actor: Any, unit: OrgUnit, text: str) -> tuple[list[Cadre], str]:
    """Cadres named in `text` (姓名, or 单位/姓名 when a name is shared), within `unit`'s subtree and the actor's
    scope: (cadres, "") or ([], the Chinese message)."""
    names = list(dict.fromkeys(n for n in _SPLIT.split(text.replace("／", "/").strip()) if n))
    if not names:
        return [], ""
    if len(names) > MAX_CADRES:
        return [], f"关爱对象一次最多填写{MAX_CADRES}人"
    bare = {n.rsplit("/", 1)[-1] for n in names}
    found: dict[str, list[Cadre]] = {}
    for c in _cadre_pool(actor).filter(org_unit__path__startswith=unit.path, name__in=bare).select_related("org_unit"):
        found.setdefault(c.name, []).append(c)
    out: list[Cadre] = []
    problems: list[str] = []
    for n in names:
        unit_name, _sep, name = n.rpartition("/")
        same = [c for c in found.get(name, []) if not unit_name or c.org_unit.name == unit_name]
        if not same:
            problems.append(f"{unit.name}及下级单位中没有组工干部“{n}”")
        elif len(same) > 1:
            problems.append(f"有{len(same)}名组工干部叫“{name}”，请写成“单位/姓名”，如“{same[0].org_unit.name}/{name}”")
        else:
            out.append(same[0])
    return (out, "") if not problems else ([], "；".join(problems))


def validate_activity(actor: Any, data: ActivityInput, *, today: date | None = None) -> dict[str, str]:
    """Check one activity's values; returns {field: Chinese message}. Resolves the cadres in place."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    data.title = (data.title or "").strip()
    if not data.title:
        errors["title"] = "请填写活动名称"
    elif len(data.title) > 200:
        errors["title"] = "活动名称不能超过200个字"
    if data.kind not in CareActivity.Kind.values:
        errors["kind"] = "活动类型无效"
    if data.org_unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT_KIND
    if data.date > today:
        errors["date"] = MSG_FUTURE
    if data.amount is not None and data.amount < 0:
        errors["amount"] = MSG_AMOUNT
    if len(data.note) > 2000:
        errors["note"] = "备注不能超过2000个字"
    data.cadres, problem = resolve_cadres(actor, data.org_unit, data.cadre_names or "")
    if problem:
        errors["cadre_names"] = problem
    if data.persons is None:
        data.persons = len(data.cadres)
    if not errors:
        if data.persons < len(data.cadres):
            errors["persons"] = MSG_PERSONS
        elif data.persons <= 0:
            errors["persons"] = MSG_PERSONS_ZERO
    return errors


def _apply(a: CareActivity, data: ActivityInput) -> None:
    a.org_unit = data.org_unit
    a.kind = data.kind
    a.date = data.date
    a.title = data.title
    a.persons = data.persons or 0
    a.amount = data.amount
    a.note = data.note


def _snap(a: CareActivity) -> dict[str, Any]:
    return {**snapshot(a), "cadres": sorted(c.pk for c in a.cadres.all())}


EDITABLE = ["org_unit", "kind", "date", "title", "persons", "amount", "note", "updated_at"]


@transaction.atomic
def activity_create(*, actor: Any, data: ActivityInput) -> CareActivity:
    require_at(actor, "care.add_careactivity", data.org_unit.path)
    errors = validate_activity(actor, data)
    if errors:
        raise ValidationError(errors)
    a = CareActivity(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(a, data)
    a.save()
    a.cadres.set(data.cadres)
    record(action="careactivity.created", actor=actor, obj=a, after=_snap(a))
    return a


@transaction.atomic
def activity_update(*, actor: Any, activity: CareActivity, expected_version: int, data: ActivityInput) -> CareActivity:
    """Edit an activity; a stale `expected_version` raises ConflictError instead of overwriting."""
    require(actor, "change", activity)
    require_at(actor, "care.change_careactivity", data.org_unit.path)  # cannot move it out of scope
    errors = validate_activity(actor, data)
    if errors:
        raise ValidationError(errors)
    before = _snap(activity)
    _apply(activity, data)
    activity.updated_at = timezone.now()
    update_versioned(activity, expected_version=expected_version, fields=EDITABLE)
    activity.cadres.set(data.cadres)
    record(action="careactivity.updated", actor=actor, obj=activity, before=before, after=_snap(activity))
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: CareActivity) -> None:
    require(actor, "delete", activity)
    before = _snap(activity)
    pk, org_unit_id, name = activity.pk, activity.org_unit_id, str(activity)
    activity.delete()
    record(action="careactivity.deleted", actor=actor, object_type="care.careactivity", object_id=str(pk), object_repr=name,
           org_unit_id=org_unit_id, before=before)


@transaction.atomic
def activity_import(*, actor: Any, rows: list[ActivityInput]) -> list[CareActivity]:
    """All rows or none: each is checked again (scope, values) inside the transaction."""
    made: list[CareActivity] = []
    by = actor if getattr(actor, "pk", None) else None
    for i, data in enumerate(rows, start=1):
        require_at(actor, "care.import_careactivity", data.org_unit.path)
        errors = validate_activity(actor, data)
        if errors:
            raise ValidationError(f"第{i}条：" + "；".join(errors.values()))
        a = CareActivity(created_by=by)
        _apply(a, data)
        a.save()
        if data.cadres:
            a.cadres.set(data.cadres)
        made.append(a)
    record_many([Entry(action="careactivity.imported", obj=a, after=snapshot(a)) for a in made], actor=actor)
    return made
