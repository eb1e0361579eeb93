"""述职 (half-year and annual work reports of a unit or a person) and 实绩写实 records, with attachments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.campaigns.models import WorkReport
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.orgs.models import OrgUnit


def check(unit: OrgUnit, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.get("kind") not in WorkReport.Kind.values:
        errors["kind"] = "请选择类型"
    if not str(data.get("title") or "").strip():
        errors["title"] = "请填写标题"
    if not str(data.get("content") or "").strip():
        errors["content"] = "请填写内容"
    day: date | None = data.get("date")
    if day is None:
        errors["date"] = "请填写日期"
    elif day > timezone.localdate():
        errors["date"] = "日期不能晚于今天"
    cadre = data.get("cadre")
    if cadre is not None and not cadre.org_unit.path.startswith(unit.path):
        errors["cadre"] = "个人应为本单位的组工干部"
    campaign = data.get("campaign")
    if campaign is not None and not (unit.path.startswith(campaign.org_unit.path)):
        errors["campaign"] = "相关活动应为本单位或上级部署的活动"
    return errors


@transaction.atomic
def workreport_add(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], uploads: list[Any] | None = None) -> WorkReport:
    require_at(actor, "campaigns.add_workreport", org_unit.path)
    errors = check(org_unit, data)
    if errors:
        raise ValidationError(errors)
    uploads = uploads or []
    day = data["date"]
    w = WorkReport.objects.create(kind=data["kind"], org_unit=org_unit, cadre=data.get("cadre"), campaign=data.get("campaign"),
                                  year=day.year, date=day, title=str(data["title"]).strip(), content=str(data["content"]).strip(),
                                  created_by=actor)
    if uploads:
        w.files.set(files.store_all(uploads, actor=actor, org_unit=org_unit))
    record(action="workreport.created", actor=actor, obj=w, after={**snapshot(w), "files": len(uploads)})
    return w
