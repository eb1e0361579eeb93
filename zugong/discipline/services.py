"""Writes and audited reads of 违规违纪处理. Every read of a case (detail page, file, API) leaves an audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

from .models import DisciplineCase
from .permissions import ADD_CASE, CHANGE_CASE

MSG_UNIT_KIND = "所在单位不能是内设科室"
MSG_FUTURE = "处理决定日期不能晚于今天"
MSG_CADRE_MISSING = "请填写组工干部姓名"
READ = "disciplinecase.read"


@dataclass
class CaseInput:
    """Cleaned values of a case, whatever door they came in through."""

    org_unit: OrgUnit
    cadre_name: str
    decided_on: date
    kind: str
    handling: str
    summary: str
    decided_by: str
    upload: Any = None  # a new 处理决定文书 (replaces the old one)
    remove_file: bool = False
    cadre: Cadre | None = None  # filled by validate_case


def _cadre_pool(actor: Any) -> Any:
    return Cadre.objects.all() if getattr(actor, "system", False) else Cadre.objects.visible_to(actor, "view")


def resolve_cadre(actor: Any, unit: OrgUnit, text: str) -> tuple[Cadre | None, str]:
    """The cadre named (姓名, or 单位/姓名 when a name is shared) within `unit`'s subtree and the actor's scope."""
    unit_name, _sep, name = text.replace("／", "/").strip().rpartition("/")
    name, unit_name = name.strip(), unit_name.strip()
    if not name:
        return None, MSG_CADRE_MISSING
    same = [c for c in _cadre_pool(actor).filter(org_unit__path__startswith=unit.path, name=name).select_related("org_unit")
            if not unit_name or c.org_unit.name == unit_name]
    if not same:
        return None, f"{unit.name}及下级单位中没有组工干部“{text.strip()}”"
    if len(same) > 1:
        return None, f"有{len(same)}名组工干部叫“{name}”，请写成“单位/姓名”，如“{same[0].org_unit.name}/{name}”"
    return same[0], ""


def validate_case(actor: Any, data: CaseInput, *, today: date | None = None) -> dict[str, str]:
    """Check one case's values; returns {field: Chinese message}. Resolves the cadre in place."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    data.summary = (data.summary or "").strip()
    data.decided_by = (data.decided_by or "").strip()
    if data.org_unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT_KIND
    if data.kind not in DisciplineCase.Kind.values:
        errors["kind"] = "违规违纪类别无效"
    if data.handling not in DisciplineCase.Handling.values:
        errors["handling"] = "处理方式无效"
    if data.decided_on > today:
        errors["decided_on"] = MSG_FUTURE
    if not data.summary:
        errors["summary"] = "请填写问题摘要"
    elif len(data.summary) > 4000:
        errors["summary"] = "问题摘要不能超过4000个字"
    if not data.decided_by:
        errors["decided_by"] = "请填写处理决定机关"
    elif len(data.decided_by) > 100:
        errors["decided_by"] = "处理决定机关不能超过100个字"
    data.cadre, problem = resolve_cadre(actor, data.org_unit, data.cadre_name or "")
    if problem:
        errors["cadre_name"] = problem
    if data.upload is not None:
        try:
            files.check(data.upload)
        except ValidationError as exc:
            errors["upload"] = "；".join(exc.messages)
    return errors


def _apply(case: DisciplineCase, data: CaseInput, actor: Any) -> None:
    assert data.cadre is not None
    case.org_unit = data.org_unit
    case.cadre = data.cadre
    case.decided_on = data.decided_on
    case.kind = data.kind
    case.handling = data.handling
    case.summary = data.summary
    case.decided_by = data.decided_by
    if data.upload is not None:
        by = actor if getattr(actor, "pk", None) else None
        case.file = files.store_all([data.upload], actor=by, org_unit=data.org_unit)[0]
    elif data.remove_file:
        case.file = None


EDITABLE = ["org_unit", "cadre", "decided_on", "kind", "handling", "summary", "decided_by", "file", "updated_at"]


@transaction.atomic
def case_create(*, actor: Any, data: CaseInput) -> DisciplineCase:
    require_at(actor, ADD_CASE, data.org_unit.path)
    errors = validate_case(actor, data)
    if errors:
        raise ValidationError(errors)
    case = DisciplineCase(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(case, data, actor)
    case.save()
    record(action="disciplinecase.created", actor=actor, obj=case, after=snapshot(case))
    return case


@transaction.atomic
def case_update(*, actor: Any, case: DisciplineCase, expected_version: int, data: CaseInput) -> DisciplineCase:
    """Edit a case; a stale `expected_version` raises ConflictError instead of overwriting."""
    require(actor, "change", case)
    require_at(actor, CHANGE_CASE, data.org_unit.path)  # cannot move it out of scope
    errors = validate_case(actor, data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(case)
    _apply(case, data, actor)
    case.updated_at = timezone.now()
    update_versioned(case, expected_version=expected_version, fields=EDITABLE)
    record(action="disciplinecase.updated", actor=actor, obj=case, before=before, after=snapshot(case))
    return case


@transaction.atomic
def case_delete(*, actor: Any, case: DisciplineCase) -> None:
    require(actor, "delete", case)
    before = snapshot(case)
    pk, org_unit_id, name = case.pk, case.org_unit_id, str(case)
    case.delete()
    record(action="disciplinecase.deleted", actor=actor, object_type="discipline.disciplinecase", object_id=str(pk),
           object_repr=name, org_unit_id=org_unit_id, before=before)


def case_read(*, actor: Any, case: DisciplineCase, via: str = "page") -> None:
    """Leave the audit row of one reading of a case (detail page or API)."""
    require(actor, "view", case)
    record(action=READ, actor=actor, obj=case, after={"via": via, "cadre": case.cadre_id})


def cases_listed(*, actor: Any, ids: list[int], via: str) -> None:
    """Leave the audit row of a list read through the API (which cases a client received)."""
    if ids:
        record(action=READ, actor=actor, object_type="discipline.disciplinecase", object_repr=f"违规违纪处理（{len(ids)}条）",
               after={"via": via, "ids": ids})


def file_read(*, actor: Any, case: DisciplineCase) -> Any:
    """The 处理决定文书 as a download; audited."""
    require(actor, "view", case)
    if case.file is None:
        from django.http import Http404

        raise Http404("没有上传处理决定文书")
    record(action="disciplinecase.file_read", actor=actor, obj=case, after={"file": case.file.name})
    return files.download(case.file)
