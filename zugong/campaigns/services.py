"""Writes on campaigns: create (blank or from a built-in template), edit the draft, its key tasks,
carriers and leading group. Deployment down the tree comes with the fan-out (issue 4, next part)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from zugong.accounts.access import require, require_at
from zugong.audit.services import record, snapshot
from zugong.campaigns import templates_data
from zugong.campaigns.models import Campaign, CampaignTask, LeadingGroupMember
from zugong.core.calendar import add_months
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit

MSG_NOT_DRAFT = "活动已部署，不能再修改其设计"
MSG_SCOPE_UNIT = "只能选择本单位的下级单位"
CAMPAIGN_FIELDS = ("name", "theme", "start_date", "end_date", "scope", "scope_kinds", "requirements", "office", "supervision_groups")
TASK_FIELDS = ("kind", "category", "title", "content", "indicator", "target", "target_note", "deadline", "order")
_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")


def _check_campaign(org_unit: OrgUnit, data: dict[str, Any], units: list[OrgUnit] | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("name", "")).strip():
        errors["name"] = "请填写活动名称"
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and start > end:
        errors["end_date"] = "结束日期不能早于开始日期"
    scope = data.get("scope", Campaign.Scope.ALL)
    if scope not in Campaign.Scope.values:
        errors["scope"] = "开展范围不对"
    kinds = data.get("scope_kinds") or []
    if scope == Campaign.Scope.KINDS and not kinds:
        errors["scope_kinds"] = "按单位类型开展时，请至少选择一种单位类型"
    if any(k not in OrgUnit.Kind.values or k == OrgUnit.Kind.OFFICE for k in kinds):
        errors["scope_kinds"] = "单位类型不对"
    if scope == Campaign.Scope.PICKED:
        if not units:
            errors["scope_units"] = "指定单位开展时，请至少选择一个单位"
        elif any(not u.path.startswith(org_unit.path) or u.pk == org_unit.pk for u in units):
            errors["scope_units"] = MSG_SCOPE_UNIT
    return errors


@transaction.atomic
def campaign_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], units: list[OrgUnit] | None = None,
                    template_code: str = "") -> Campaign:
    require_at(actor, "campaigns.add_campaign", org_unit.path)
    errors = _check_campaign(org_unit, data, units)
    if errors:
        raise ValidationError(errors)
    c = Campaign.objects.create(org_unit=org_unit, created_by=actor, template_code=template_code,
                                **{f: data[f] for f in CAMPAIGN_FIELDS if f in data})
    if units and c.scope == Campaign.Scope.PICKED:
        c.scope_units.set(units)
    record(action="campaign.created", actor=actor, obj=c, after=snapshot(c))
    return c


@transaction.atomic
def campaign_from_template(*, actor: Any, org_unit: OrgUnit, code: str, start_date: date) -> Campaign:
    """Copy a built-in template (seed 000's 三讲三提升, seed 003's 创先争优): tasks, carriers with their
    targets and deadlines counted from the start, the leading group by position."""
    t = templates_data.BUILTIN.get(code)
    if t is None:
        raise ValidationError("没有这个内置模板")
    end = add_months(start_date, t.months)
    c = campaign_create(actor=actor, org_unit=org_unit, template_code=code, data={
        "name": t.name, "theme": t.theme, "start_date": start_date, "end_date": end, "requirements": t.requirements,
        "office": t.office, "supervision_groups": t.supervision_groups,
    })
    tasks = []
    for i, tt in enumerate(t.tasks):
        deadline = min(add_months(start_date, tt.months), end) if tt.months else end
        tasks.append(CampaignTask(campaign=c, kind=tt.kind, category=tt.category, title=tt.title, content=tt.content,
                                  indicator=tt.indicator, target=Decimal(tt.target) if tt.target else None,
                                  target_note=tt.target_note, deadline=deadline, order=i))
    CampaignTask.objects.bulk_create(tasks)
    LeadingGroupMember.objects.bulk_create(
        [LeadingGroupMember(campaign=c, role=m.role, position=m.position, order=i) for i, m in enumerate(t.members)]
    )
    return c


def _editable(actor: Any, campaign: Campaign) -> None:
    require(actor, "change", campaign)
    if not campaign.is_draft:
        raise ValidationError(MSG_NOT_DRAFT)


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, data: dict[str, Any], expected_version: int,
                    units: list[OrgUnit] | None = None) -> Campaign:
    _editable(actor, campaign)
    errors = _check_campaign(campaign.org_unit, {f: data.get(f, getattr(campaign, f)) for f in CAMPAIGN_FIELDS}, units)
    if errors:
        raise ValidationError(errors)
    before = snapshot(campaign)
    for f in CAMPAIGN_FIELDS:
        if f in data:
            setattr(campaign, f, data[f])
    update_versioned(campaign, expected_version=expected_version, fields=list(CAMPAIGN_FIELDS))
    campaign.scope_units.set(units if campaign.scope == Campaign.Scope.PICKED and units else [])
    record(action="campaign.updated", actor=actor, obj=campaign, before=before, after=snapshot(campaign))
    return campaign


def _check_task(campaign: Campaign, data: dict[str, Any], task: CampaignTask | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = str(data.get("title", "")).strip()
    if not title:
        errors["title"] = "请填写名称"
    elif campaign.tasks.filter(title=title).exclude(pk=task.pk if task else None).exists():
        errors["title"] = "本活动已有同名任务"
    if data.get("kind") not in CampaignTask.Kind.values:
        errors["kind"] = "请选择重点任务或载体"
    code = str(data.get("indicator") or "").strip()
    if code and not _CODE.match(code):
        errors["indicator"] = "指标代码的格式应为“模块.指标”，如 learning.training_coverage"
    target = data.get("target")
    if target not in (None, ""):
        try:
            if Decimal(str(target)) < 0:
                errors["target"] = "目标值不能为负数"
        except InvalidOperation:
            errors["target"] = "目标值应为数字"
        if not code:
            errors["indicator"] = "设置目标值时请选择目标指标"
    deadline = data.get("deadline")
    if deadline and not (campaign.start_date <= deadline <= campaign.end_date):
        errors["deadline"] = "完成时限应在活动期间内"
    return errors


@transaction.atomic
def task_save(*, actor: Any, campaign: Campaign, data: dict[str, Any], task: CampaignTask | None = None,
              expected_version: int | None = None) -> CampaignTask:
    """Add a key task or carrier to a draft campaign, or edit one (optimistic lock)."""
    _editable(actor, campaign)
    errors = _check_task(campaign, data, task)
    if errors:
        raise ValidationError(errors)
    values = {f: data.get(f) for f in TASK_FIELDS if f in data}
    values["title"] = str(values.get("title", "")).strip()
    values["indicator"] = str(values.get("indicator") or "").strip()
    if values.get("target") == "":
        values["target"] = None
    if task is None:
        if "order" not in values or values["order"] is None:
            values["order"] = campaign.tasks.count()
        task = CampaignTask.objects.create(campaign=campaign, **values)
        record(action="campaigntask.created", actor=actor, obj=task, after=snapshot(task))
        return task
    before = snapshot(task)
    for f, v in values.items():
        setattr(task, f, v)
    update_versioned(task, expected_version=expected_version if expected_version is not None else task.version,
                     fields=[f for f in TASK_FIELDS if f in values])
    record(action="campaigntask.updated", actor=actor, obj=task, before=before, after=snapshot(task))
    return task


@transaction.atomic
def task_delete(*, actor: Any, task: CampaignTask) -> None:
    _editable(actor, task.campaign)
    record(action="campaigntask.deleted", actor=actor, obj=task, before=snapshot(task))
    task.delete()


@transaction.atomic
def member_add(*, actor: Any, campaign: Campaign, role: str, position: str, name: str = "") -> LeadingGroupMember:
    _editable(actor, campaign)
    errors: dict[str, str] = {}
    if role not in LeadingGroupMember.Role.values:
        errors["role"] = "请选择职务"
    if not position.strip():
        errors["position"] = "请填写现任职务"
    if errors:
        raise ValidationError(errors)
    m = LeadingGroupMember.objects.create(campaign=campaign, role=role, position=position.strip(), name=name.strip(),
                                          order=campaign.members.count())
    record(action="leadinggroup.added", actor=actor, obj=m, after=snapshot(m))
    return m


@transaction.atomic
def member_remove(*, actor: Any, member: LeadingGroupMember) -> None:
    _editable(actor, member.campaign)
    record(action="leadinggroup.removed", actor=actor, obj=member, before=snapshot(member))
    member.delete()


# Forward-only status moves after deployment (草稿 → 已部署 is the deployment itself, campaigns.fanout).
NEXT_STATUS: dict[str, list[str]] = {
    Campaign.Status.DEPLOYED: [Campaign.Status.RUNNING, Campaign.Status.SUMMARY],
    Campaign.Status.RUNNING: [Campaign.Status.SUMMARY],
    Campaign.Status.SUMMARY: [Campaign.Status.CLOSED],
}


@transaction.atomic
def campaign_set_status(*, actor: Any, campaign: Campaign, status: str, expected_version: int) -> Campaign:
    """进行中 → 总结 → 已结束, by the issuing unit; a closed campaign takes no more work."""
    require(actor, "change", campaign)
    if status not in NEXT_STATUS.get(campaign.status, []):
        raise ValidationError(f"活动当前为“{campaign.get_status_display()}”，不能改为该状态")
    before = campaign.status
    campaign.status = status
    update_versioned(campaign, expected_version=expected_version, fields=["status"])
    record(action="campaign.status_changed", actor=actor, obj=campaign, before={"status": before}, after={"status": status})
    return campaign


@transaction.atomic
def campaign_files_add(*, actor: Any, campaign: Campaign, uploads: list[Any]) -> list[Any]:
    """Attach files (the 实施方案 …) to the campaign; allowed until it closes."""
    from zugong.core import files

    require(actor, "change", campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError("活动已结束")
    if not uploads:
        raise ValidationError("请选择要上传的文件")
    stored = files.store_all(uploads, actor=actor, org_unit=campaign.org_unit)
    campaign.files.add(*stored)
    record(action="campaign.file_added", actor=actor, obj=campaign, after={"files": [f.name for f in stored]})
    return stored


@transaction.atomic
def defaults_save(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], expected_version: int) -> Any:
    """The unit's default 分管领导, 牵头科室 and 责任人, pre-filled on every task deployed to it."""
    from zugong.campaigns.models import TaskDefaults
    from zugong.campaigns.progress import CHANGE_PERM
    from zugong.notices.selectors import users_with_perm_at

    require_at(actor, "campaigns.change_taskdefaults", org_unit.path)
    errors: dict[str, str] = {}
    office = data.get("lead_office")
    if office is not None and (office.parent_id != org_unit.pk or office.kind != OrgUnit.Kind.OFFICE):
        errors["lead_office"] = "牵头科室应为本单位的内设科室"
    person = data.get("responsible")
    if person is not None and not users_with_perm_at(org_unit, CHANGE_PERM).filter(pk=person.pk).exists():
        errors["responsible"] = "责任人应为本单位有权落实任务的账号"
    if errors:
        raise ValidationError(errors)
    values = {"leader": str(data.get("leader") or "").strip(), "lead_office": office, "responsible": person}
    d = TaskDefaults.objects.filter(org_unit=org_unit).first()
    if d is None:
        if expected_version:
            raise ConflictError()
        d = TaskDefaults.objects.create(org_unit=org_unit, **values)
    else:
        for k, v in values.items():
            setattr(d, k, v)
        update_versioned(d, expected_version=expected_version, fields=list(values))
    record(action="taskdefaults.saved", actor=actor, obj=d, after=snapshot(d))
    return d
