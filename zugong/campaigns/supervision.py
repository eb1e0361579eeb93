"""督导: supervision groups of a campaign, inspection plans and records, findings and their follow-up.

A group member reads the campaign data of the group's units through grants this module gives
(`grants_for`, registered with accounts.access): the permissions in SUPERVISOR_PERMS on exactly the
group's units, while the campaign runs. Nothing else: no roster, no statistics, no other unit.

Each finding is rectified through the rectification ledger (整改台帐, app opinions): recording it plans a measure
for the inspected unit with the finding's deadline; the unit reports progress and completion there, the superior
accepts it (销号), and the finding's status (待整改 → 整改中 → 已整改) follows its measures (opinions.measures).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import Grant, can_at, require, require_at
from zugong.audit.services import record, snapshot
from zugong.campaigns.models import Campaign, Finding, Inspection, SupervisionGroup
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.notices.models import Notice
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.orgs.models import OrgUnit

SUPERVISOR_PERMS = frozenset({
    "campaigns.view_campaign", "campaigns.view_campaigntask", "campaigns.view_leadinggroupmember",
    "campaigns.view_assignment", "campaigns.view_progressreport", "campaigns.view_inspection", "campaigns.add_inspection",
    "campaigns.view_finding", "opinions.view_measure", "campaigns.view_workreport",
})
LIVE = [Campaign.Status.DEPLOYED, Campaign.Status.RUNNING, Campaign.Status.SUMMARY]
MSG_UNIT = "只能督导本活动开展范围内的下级单位"


def grants_for(user: Any) -> list[Grant]:
    """The grants a user's supervision-group membership gives (one query)."""
    if not getattr(user, "pk", None) or user.admin_role:
        return []
    rows = (OrgUnit.objects.filter(supervision_groups__members=user, supervision_groups__campaign__status__in=LIVE, is_active=True)
            .values_list("pk", "path", "name", "supervision_groups__name").distinct())
    return [Grant(pk, path, name, f"督导组成员（{group}）", SUPERVISOR_PERMS) for pk, path, name, group in rows]


def _check_group(campaign: Campaign, name: str, units: list[OrgUnit], members: list[Any],
                 group: SupervisionGroup | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写督导组名称"
    elif SupervisionGroup.objects.filter(campaign=campaign, name=name.strip()).exclude(pk=group.pk if group else None).exists():
        errors["name"] = "本活动已有同名督导组"
    if not units:
        errors["units"] = "请至少选择一个督导单位"
    elif any(not u.path.startswith(campaign.org_unit.path) or u.pk == campaign.org_unit_id or u.kind == OrgUnit.Kind.OFFICE
             for u in units):
        errors["units"] = MSG_UNIT
    if any(not m.is_active or m.admin_role for m in members):
        errors["members"] = "成员应为启用的业务账号"
    return errors


@transaction.atomic
def group_save(*, actor: Any, campaign: Campaign, name: str, leader: str, units: list[OrgUnit], members: list[Any],
               group: SupervisionGroup | None = None, expected_version: int | None = None) -> SupervisionGroup:
    """组建或调整督导组. Membership gives read access to the group's units: audited with the member list."""
    require_at(actor, "campaigns.change_supervisiongroup", campaign.org_unit.path)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError("活动已结束")
    errors = _check_group(campaign, name, units, members, group)
    if errors:
        raise ValidationError(errors)
    before = None
    if group is None:
        group = SupervisionGroup.objects.create(campaign=campaign, name=name.strip(), leader=leader.strip())
    else:
        before = {**snapshot(group), "members": sorted(group.members.values_list("username", flat=True)),
                  "units": sorted(group.units.values_list("name", flat=True))}
        group.name, group.leader = name.strip(), leader.strip()
        update_versioned(group, expected_version=expected_version if expected_version is not None else group.version,
                         fields=["name", "leader"])
    group.units.set(units)
    group.members.set(members)
    record(action="supervisiongroup.saved", actor=actor, obj=group, before=before,
           after={**snapshot(group), "members": sorted(m.username for m in members), "units": sorted(u.name for u in units)})
    return group


def may_inspect(actor: Any, group: SupervisionGroup, unit: OrgUnit) -> bool:
    """Plan and record inspections: the group's members on its units, or the issuing unit's own staff —
    never the inspected unit itself (a unit does not supervise its own work)."""
    if not can_at(actor, "campaigns.add_inspection", unit.path):
        return False
    if group.members.filter(pk=getattr(actor, "pk", None)).exists():
        return True
    issuer = group.campaign.org_unit
    return can_at(actor, "campaigns.add_inspection", issuer.path) and unit.pk != issuer.pk


def _may(actor: Any, group: SupervisionGroup, unit: OrgUnit) -> None:
    if not may_inspect(actor, group, unit):
        raise PermissionDenied("只有督导组成员或活动部署单位可以安排和记录督导")


def _group_unit(group: SupervisionGroup, unit: OrgUnit) -> None:
    if not group.units.filter(pk=unit.pk).exists():
        raise ValidationError({"org_unit": "该单位不在本督导组的督导范围内"})


@transaction.atomic
def inspection_plan(*, actor: Any, group: SupervisionGroup, unit: OrgUnit, planned_date: date) -> Inspection:
    """A planned inspection (督导计划): the unit is told when the group will come."""
    _may(actor, group, unit)
    if group.campaign.status not in LIVE:
        raise ValidationError("活动未在进行中，不能安排督导")
    _group_unit(group, unit)
    i = Inspection.objects.create(group=group, org_unit=unit, planned_date=planned_date, created_by=actor)
    holders = nearest_holders([unit], "campaigns.change_assignment")
    notify_many([{"recipients": holders[unit.pk], "org_unit": unit, "kind": Notice.Kind.INFO,
                  "title": f"{group.name}将于 {planned_date:%Y-%m-%d} 督导检查{group.campaign.name}落实情况",
                  "url": i.get_absolute_url(), "dedupe_key": f"campaigns.inspection:{i.pk}:planned"}])
    record(action="inspection.planned", actor=actor, obj=i, after=snapshot(i))
    return i


@transaction.atomic
def inspection_record(*, actor: Any, inspection: Inspection, day: date, methods: list[str], summary: str,
                      findings: list[dict[str, Any]], expected_version: int) -> Inspection:
    """Record what the inspection did and found; each finding becomes a rectification item of the unit."""
    i = inspection
    require(actor, "view", i)
    _may(actor, i.group, i.org_unit)
    if i.status != Inspection.Status.PLANNED:
        raise ValidationError("这次督导已记录")
    errors: dict[str, str] = {}
    if day > timezone.localdate():
        errors["date"] = "督导日期不能晚于今天"
    if not methods or any(m not in Inspection.METHODS for m in methods):
        errors["methods"] = "请选择督导方式"
    if not summary.strip():
        errors["summary"] = "请填写督导情况"
    for n, f in enumerate(findings, start=1):
        if not str(f.get("content") or "").strip():
            errors["findings"] = f"第{n}个问题：请填写问题内容"
        elif not f.get("deadline"):
            errors["findings"] = f"第{n}个问题：请填写整改时限"
        elif f["deadline"] < day:
            errors["findings"] = f"第{n}个问题：整改时限不能早于督导日期"
    if errors:
        raise ValidationError(errors)
    before = snapshot(i)
    i.date, i.methods, i.summary, i.status = day, list(methods), summary.strip(), Inspection.Status.DONE
    update_versioned(i, expected_version=expected_version, fields=["date", "methods", "summary", "status"])
    made = Finding.objects.bulk_create([
        Finding(inspection=i, org_unit=i.org_unit, content=str(f["content"]).strip(), suggestion=str(f.get("suggestion") or "").strip(),
                deadline=f["deadline"]) for f in findings
    ])
    if made:
        from zugong.opinions.measures import plan_for_findings

        plan_for_findings(actor=actor, findings=made, day=day)
        holders = nearest_holders([i.org_unit], "opinions.change_measure")
        notify_many([{"recipients": holders[i.org_unit_id], "org_unit": i.org_unit, "kind": Notice.Kind.INFO,
                      "title": f"{i.group.name}督导发现 {len(made)} 个问题，请抓好整改", "url": i.get_absolute_url(),
                      "dedupe_key": f"campaigns.inspection:{i.pk}:findings"}])
    record(action="inspection.recorded", actor=actor, obj=i, before=before, after={**snapshot(i), "findings": len(made)})
    return i
