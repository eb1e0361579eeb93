"""Writes on 宣传报道. The page form, the xlsx import and the services share `validate_report`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

from .models import MediaReport

MAX_CADRES = 50
MSG_UNIT_KIND = "报道单位不能是内设科室"
MSG_FUTURE = "刊播日期不能晚于今天"
MSG_LINK = "链接应以 http:// 或 https:// 开头，不能含空格"
_SPLIT = re.compile(r"[、,，;；\s]+")
_LINK = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass
class ReportInput:
    """Cleaned values of a media report, whatever door they came in through."""

    org_unit: OrgUnit
    date: date
    title: str
    media_name: str
    media_level: str
    kind: str
    link: str = ""
    cadre_names: str = ""
    note: str = ""
    cadres: list[Cadre] = field(default_factory=list, repr=False)  # filled by validate_report


def _cadre_pool(actor: Any) -> Any:
    return Cadre.objects.all() if getattr(actor, "system", False) else Cadre.objects.visible_to(actor, "view")


def resolve_cadres(actor: Any, unit: OrgUnit, text: str) -> tuple[list[Cadre], str]:
    """Cadres named in `text` (姓名, or 单位/姓名 when a name is shared), within `unit`'s subtree and the actor's
    scope: (cadres, "") or ([], the Chinese message)."""
    names = list(dict.fromkeys(n for n in _SPLIT.split(text.replace("／", "/").strip()) if n))
    if not names:
        return [], ""
    if len(names) > MAX_CADRES:
        return [], f"作者一次最多填写{MAX_CADRES}人"
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


def validate_report(actor: Any, data: ReportInput, *, today: date | None = None) -> dict[str, str]:
    """Check one report's values; returns {field: Chinese message}. Resolves the authors in place."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    data.title = (data.title or "").strip()
    data.media_name = (data.media_name or "").strip()
    data.link = (data.link or "").strip()
    if not data.title:
        errors["title"] = "请填写标题"
    elif len(data.title) > 200:
        errors["title"] = "标题不能超过200个字"
    if not data.media_name:
        errors["media_name"] = "请填写媒体名称"
    elif len(data.media_name) > 100:
        errors["media_name"] = "媒体名称不能超过100个字"
    if data.media_level not in MediaReport.Level.values:
        errors["media_level"] = "媒体级别无效"
    if data.kind not in MediaReport.Kind.values:
        errors["kind"] = "媒体类型无效"
    if data.link and (len(data.link) > 500 or not _LINK.match(data.link)):
        errors["link"] = MSG_LINK
    if data.org_unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT_KIND
    if data.date > today:
        errors["date"] = MSG_FUTURE
    if len(data.note) > 2000:
        errors["note"] = "备注不能超过2000个字"
    data.cadres, problem = resolve_cadres(actor, data.org_unit, data.cadre_names or "")
    if problem:
        errors["cadre_names"] = problem
    return errors


def _apply(r: MediaReport, data: ReportInput) -> None:
    r.org_unit = data.org_unit
    r.date = data.date
    r.title = data.title
    r.media_name = data.media_name
    r.media_level = data.media_level
    r.kind = data.kind
    r.link = data.link
    r.note = data.note


def _snap(r: MediaReport) -> dict[str, Any]:
    return {**snapshot(r), "cadres": sorted(c.pk for c in r.cadres.all())}


EDITABLE = ["org_unit", "date", "title", "media_name", "media_level", "kind", "link", "note", "updated_at"]


@transaction.atomic
def report_create(*, actor: Any, data: ReportInput) -> MediaReport:
    require_at(actor, "publicity.add_mediareport", data.org_unit.path)
    errors = validate_report(actor, data)
    if errors:
        raise ValidationError(errors)
    r = MediaReport(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(r, data)
    r.save()
    r.cadres.set(data.cadres)
    record(action="mediareport.created", actor=actor, obj=r, after=_snap(r))
    return r


@transaction.atomic
def report_update(*, actor: Any, report: MediaReport, expected_version: int, data: ReportInput) -> MediaReport:
    """Edit a report; a stale `expected_version` raises ConflictError instead of overwriting."""
    require(actor, "change", report)
    require_at(actor, "publicity.change_mediareport", data.org_unit.path)  # cannot move it out of scope
    errors = validate_report(actor, data)
    if errors:
        raise ValidationError(errors)
    before = _snap(report)
    _apply(report, data)
    report.updated_at = timezone.now()
    update_versioned(report, expected_version=expected_version, fields=EDITABLE)
    report.cadres.set(data.cadres)
    record(action="mediareport.updated", actor=actor, obj=report, before=before, after=_snap(report))
    return report


@transaction.atomic
def report_delete(*, actor: Any, report: MediaReport) -> None:
    require(actor, "delete", report)
    before = _snap(report)
    pk, org_unit_id, name = report.pk, report.org_unit_id, str(report)
    report.delete()
    record(action="mediareport.deleted", actor=actor, object_type="publicity.mediareport", object_id=str(pk), object_repr=name,
           org_unit_id=org_unit_id, before=before)


@transaction.atomic
def report_import(*, actor: Any, rows: list[ReportInput]) -> list[MediaReport]:
    """All rows or none: each is checked again (scope, values) inside the transaction."""
    made: list[MediaReport] = []
    by = actor if getattr(actor, "pk", None) else None
    for i, data in enumerate(rows, start=1):
        require_at(actor, "publicity.import_mediareport", data.org_unit.path)
        errors = validate_report(actor, data)
        if errors:
            raise ValidationError(f"第{i}条：" + "；".join(errors.values()))
        r = MediaReport(created_by=by)
        _apply(r, data)
        r.save()
        if data.cadres:
            r.cadres.set(data.cadres)
        made.append(r)
    record_many([Entry(action="mediareport.imported", obj=r, after=snapshot(r)) for r in made], actor=actor)
    return made
