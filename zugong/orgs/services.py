"""Writes on the org tree: create, rename, move, deactivate (DESIGN.md §5.3)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

from zugong.accounts.access import SYSTEM, require, require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import STEP, OrgUnit, decode_step, encode_step

MSG_CYCLE = "不能把单位移动到它自己或它的下级单位之下"
MSG_DUPLICATE_NAME = "同一上级单位下已有同名单位"
MSG_DUPLICATE_CODE = "该行政区划代码已被其他单位使用"
MSG_BAD_CODE = "行政区划代码应为6位数字"
MSG_HAS_ACTIVE_CHILDREN = "该单位还有启用的下级单位，请先停用或移走下级单位"
MSG_ROOT_MOVE = "不能移动根单位"
MSG_OFFICE_PARENT = "内设科室下不能再设下级单位"


def _next_path(parent: OrgUnit | None) -> str:
    prefix = parent.path if parent else ""
    depth = (parent.depth if parent else 0) + 1
    last = (
        OrgUnit.objects.filter(path__startswith=prefix)
        .annotate(n=Length("path"))
        .filter(n=depth * STEP)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    nxt = decode_step(last[-STEP:]) + 1 if last else 0
    return prefix + encode_step(nxt)


def _check_fields(*, name: str, division_code: str, parent: OrgUnit | None, exclude_pk: int | None, kind: str) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写单位名称"
    if division_code and (len(division_code) != 6 or not division_code.isdigit()):
        errors["division_code"] = MSG_BAD_CODE
    elif division_code and kind != OrgUnit.Kind.OFFICE:
        clash = OrgUnit.objects.filter(division_code=division_code).exclude(kind=OrgUnit.Kind.OFFICE)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["division_code"] = MSG_DUPLICATE_CODE
    siblings = OrgUnit.objects.filter(parent=parent, name=name.strip())
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    if siblings.exists():
        errors["name"] = MSG_DUPLICATE_NAME
    if parent is not None and parent.kind == OrgUnit.Kind.OFFICE:
        errors["parent"] = MSG_OFFICE_PARENT
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def orgunit_create(
    *, actor: Any, parent: OrgUnit | None, name: str, kind: str, division_code: str = "", order: int = 0
) -> OrgUnit:
    """Add a unit under `parent` (which must be in the actor's scope for adding units)."""
    if parent is None:
        if actor is not SYSTEM:
            raise ValidationError({"parent": "请选择上级单位"})
    else:
        require_at(actor, "orgs.add_orgunit", parent.path)
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
    _check_fields(name=name, division_code=division_code, parent=parent, exclude_pk=None, kind=kind)
    unit = OrgUnit.objects.create(
        name=name.strip(),
        kind=kind,
        division_code=division_code,
        parent=parent,
        path=_next_path(parent),
        depth=(parent.depth if parent else 0) + 1,
        order=order,
    )
    record(action="orgunit.created", actor=actor, obj=unit, org_unit_id=unit.pk, after=snapshot(unit))
    return unit


@transaction.atomic
def orgunit_update(
    *, actor: Any, unit: OrgUnit, expected_version: int, name: str, kind: str, division_code: str, order: int
) -> OrgUnit:
    """Rename or re-code a unit (optimistic locking on `version`)."""
    require(actor, "change", unit)
    before = snapshot(unit)
    _check_fields(name=name, division_code=division_code, parent=unit.parent, exclude_pk=unit.pk, kind=kind)
    unit.name, unit.kind, unit.division_code, unit.order = name.strip(), kind, division_code, order
    update_versioned(unit, expected_version=expected_version, fields=["name", "kind", "division_code", "order"])
    record(action="orgunit.updated", actor=actor, obj=unit, org_unit_id=unit.pk, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def orgunit_move(*, actor: Any, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move a unit and its subtree under another parent; both ends must be in the actor's scope."""
    require(actor, "change", unit)
    require_at(actor, "orgs.change_orgunit", new_parent.path)
    if unit.parent_id is None:
        raise ValidationError({"parent": MSG_ROOT_MOVE})
    if new_parent.path.startswith(unit.path):
        raise ValidationError({"parent": MSG_CYCLE})
    if new_parent.kind == OrgUnit.Kind.OFFICE:
        raise ValidationError({"parent": MSG_OFFICE_PARENT})
    if OrgUnit.objects.filter(parent=new_parent, name=unit.name).exclude(pk=unit.pk).exists():
        raise ValidationError({"name": MSG_DUPLICATE_NAME})
    new_parent = OrgUnit.objects.select_for_update().get(pk=new_parent.pk)
    before = snapshot(unit)
    old_path, old_depth = unit.path, unit.depth
    new_path = _next_path(new_parent)
    delta = new_parent.depth + 1 - old_depth
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + delta
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent, version=F("version") + 1)
    unit.refresh_from_db()
    record(action="orgunit.moved", actor=actor, obj=unit, org_unit_id=unit.pk, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def orgunit_set_active(*, actor: Any, unit: OrgUnit, active: bool) -> OrgUnit:
    """Deactivate (or reactivate) a unit. A unit with active children cannot be deactivated."""
    require(actor, "change", unit)
    if not active and OrgUnit.objects.filter(parent=unit, is_active=True).exists():
        raise ValidationError(MSG_HAS_ACTIVE_CHILDREN)
    if active and unit.parent is not None and not unit.parent.is_active:
        raise ValidationError("上级单位已停用，不能启用")
    before = snapshot(unit)
    OrgUnit.objects.filter(pk=unit.pk).update(is_active=active, version=F("version") + 1)
    unit.refresh_from_db()
    record(
        action="orgunit.activated" if active else "orgunit.deactivated",
        actor=actor, obj=unit, org_unit_id=unit.pk, before=before, after=snapshot(unit),
    )
    return unit
