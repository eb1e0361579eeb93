"""一级抓一级: deploying a campaign hands each key task to every receiving unit in scope, and a receiving
unit hands its share on to its own subordinates, keeping the parent link.

Who receives: the campaign's scope picks the participating units (all subordinate units, those of some
kinds, or picked units with their subtrees; internal offices never). A deployment from a unit goes to
the highest participating units below it — the direct subordinates when they take part, otherwise the
nearest participating ones further down — so a county-only campaign goes from the province straight
to the counties and a city never receives what it would only pass on.

Every deployment is bulk work in one transaction: one INSERT for the assignments, one notice per
receiving unit through `notify_many`, one audit entry with the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import record
from zugong.campaigns.models import Assignment, Campaign, CampaignTask, TaskDefaults
from zugong.core.bulk import insert_rows
from zugong.core.calendar import sub_workdays
from zugong.core.errors import ConflictError, ValidationError
from zugong.notices.models import Notice
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.orgs.models import OrgUnit

CHANGE_PERM = "campaigns.change_assignment"
MSG_NO_TASKS = "活动还没有重点任务或载体，不能部署"
MSG_NO_RECEIVERS = "开展范围内没有可以部署的下级单位"
MSG_NOT_DEPLOYABLE = "只有草稿状态的活动可以部署"
MSG_CLOSED = "活动已结束，不能再部署或修改任务"
MSG_ALREADY = "这些任务已部署到下级单位，请勿重复部署"
MSG_NOT_ACCEPTED = "请先接收任务，再向下部署"


def participants(campaign: Campaign, below: OrgUnit) -> list[OrgUnit]:
    """Active, non-office units under `below` that take part in the campaign (one query)."""
    qs = OrgUnit.objects.filter(path__startswith=below.path, is_active=True).exclude(pk=below.pk).exclude(kind=OrgUnit.Kind.OFFICE)
    if campaign.scope == Campaign.Scope.KINDS:
        qs = qs.filter(kind__in=campaign.scope_kinds)
    units = list(qs.order_by("path"))
    if campaign.scope == Campaign.Scope.PICKED:
        picked = [p for p in campaign.scope_units.values_list("path", flat=True)]
        units = [u for u in units if any(u.path.startswith(p) for p in picked)]
    return units


def receivers(campaign: Campaign, unit: OrgUnit) -> list[OrgUnit]:
    """The highest participating units below `unit`: those with no participating unit between them and it."""
    units = participants(campaign, unit)
    paths = [u.path for u in units]
    return [u for u in units if not any(u.path != p and u.path.startswith(p) for p in paths)]


def _defaults(units: list[OrgUnit]) -> dict[int, TaskDefaults]:
    return {d.org_unit_id: d for d in TaskDefaults.objects.filter(org_unit__in=units)}


@dataclass
class NewAssignment:
    """A row of campaigns_assignment as the deployment writes it (every column but the id), with the
    units and parent it was made for; plain attributes, so building 10,000 of them costs little."""

    campaign_id: int
    task_id: int
    parent_id: int | None
    org_unit_id: int
    issuer_id: int
    title: str
    deadline: date
    created_at: datetime
    leader: str
    lead_office_id: int | None
    responsible_id: int | None
    org_unit: OrgUnit
    issuer: OrgUnit
    origin: str = Assignment.Origin.ASSIGNED
    content: str = ""
    weight: int = 1
    status: str = Assignment.Status.ISSUED
    progress: Decimal = Decimal(0)
    has_children: bool = False
    completed_on: date | None = None
    accepted_at: datetime | None = None
    urged: int = 0
    version: int = 1


def _build(campaign: Campaign, issuer: OrgUnit, sources: list[tuple[CampaignTask, Assignment | None, date]],
           units: list[OrgUnit]) -> list[NewAssignment]:
    defaults = _defaults(units)
    now = timezone.now()
    rows = []
    for unit in units:
        d = defaults.get(unit.pk)
        leader, office, person = (d.leader, d.lead_office_id, d.responsible_id) if d else ("", None, None)
        for task, parent, deadline in sources:
            rows.append(NewAssignment(
                campaign_id=campaign.pk, task_id=task.pk, parent_id=parent.pk if parent else None, org_unit_id=unit.pk,
                issuer_id=issuer.pk, title=task.title, deadline=deadline, created_at=now, leader=leader, lead_office_id=office,
                responsible_id=person, org_unit=unit, issuer=issuer))
    return rows


def _insert(rows: list[NewAssignment]) -> None:
    """One executemany (SQLite) or COPY (PostgreSQL) for every row; the rows' ids are not read back."""
    try:
        with transaction.atomic(), connection.wrap_database_errors:
            insert_rows(Assignment, rows)  # type: ignore[arg-type]  # the rows carry every column insert_rows reads
    except IntegrityError as exc:  # a parallel deployment got there first (campaigns_assignment_once)
        raise ConflictError(MSG_ALREADY) from exc


def _tell(campaign: Campaign, issuer: OrgUnit, units: list[OrgUnit], count: int, deadline: date) -> int:
    holders = nearest_holders(units, CHANGE_PERM)
    return len(notify_many([
        {"recipients": holders[u.pk], "org_unit": u, "kind": Notice.Kind.INFO,
         "title": f"{issuer.name}部署了{campaign.name}的 {count} 项任务，请接收落实",
         "body": f"最迟完成时限 {deadline:%Y-%m-%d}。请在“我的任务”中接收，明确分管领导、牵头科室和责任人。",
         "url": f"/campaigns/mine/?campaign={campaign.pk}", "dedupe_key": f"campaigns.deploy:{campaign.pk}:{issuer.pk}:{u.pk}"}
        for u in units
    ]))


@transaction.atomic
def campaign_deploy(*, actor: Any, campaign: Campaign, expected_version: int) -> list[NewAssignment]:
    """Deploy a draft campaign: every key task and carrier to every receiving unit, the unit's default
    responsible people pre-filled, the task's deadline (or the campaign's end)."""
    require(actor, "change", campaign)
    caller = campaign
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.version != expected_version:
        raise ConflictError()
    if not campaign.is_draft:
        raise ValidationError(MSG_NOT_DEPLOYABLE)
    tasks = list(campaign.tasks.all())
    if not tasks:
        raise ValidationError(MSG_NO_TASKS)
    units = receivers(campaign, campaign.org_unit)
    if not units:
        raise ValidationError(MSG_NO_RECEIVERS)
    rows = _build(campaign, campaign.org_unit, [(t, None, t.deadline or campaign.end_date) for t in tasks], units)
    _insert(rows)
    caller.status, caller.deployed_at, caller.version = Campaign.Status.DEPLOYED, timezone.now(), campaign.version + 1
    Campaign.objects.filter(pk=campaign.pk).update(status=caller.status, deployed_at=caller.deployed_at, version=caller.version)
    sent = _tell(campaign, campaign.org_unit, units, len(tasks), max(r.deadline for r in rows))
    record(action="campaign.deployed", actor=actor, obj=campaign,
           after={"units": len(units), "tasks": len(tasks), "assignments": len(rows), "notices": sent})
    return rows


@transaction.atomic
def deploy_onward(*, actor: Any, unit: OrgUnit, campaign: Campaign, assignments: list[Assignment],
                  workdays_earlier: int = 0) -> list[NewAssignment]:
    """A receiving unit hands its accepted assignments on to its own receiving units (向下部署), each
    child `workdays_earlier` working days before its parent's deadline (never before today)."""
    require_at(actor, CHANGE_PERM, unit.path)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(MSG_CLOSED)
    if not assignments:
        raise ValidationError("请选择要向下部署的任务")
    if not 0 <= workdays_earlier <= 60:
        raise ValidationError({"workdays_earlier": "提前的工作日数应在 0 到 60 之间"})
    if any(a.org_unit_id != unit.pk or a.campaign_id != campaign.pk for a in assignments):
        raise ValidationError("只能部署本单位承接的本活动任务")
    if any(a.status == Assignment.Status.ISSUED for a in assignments):
        raise ValidationError(MSG_NOT_ACCEPTED)
    units = receivers(campaign, unit)
    if not units:
        raise ValidationError(MSG_NO_RECEIVERS)
    have = set(Assignment.objects.filter(task__in=[a.task_id for a in assignments], org_unit__in=units,
                                         origin=Assignment.Origin.ASSIGNED).values_list("task_id", "org_unit_id"))
    today = timezone.localdate()
    earlier = {d: sub_workdays(d, workdays_earlier) for d in {a.deadline for a in assignments}}
    sources: list[tuple[CampaignTask, Assignment | None, date]] = [
        (a.task, a, max(min(earlier[a.deadline], a.deadline), min(today, a.deadline))) for a in assignments]
    rows = [r for r in _build(campaign, unit, sources, units) if (r.task_id, r.org_unit_id) not in have]
    if not rows:
        raise ValidationError(MSG_ALREADY)
    _insert(rows)
    parents = [a.pk for a in assignments]
    Assignment.objects.filter(pk__in=parents, has_children=False).update(has_children=True)
    from zugong.campaigns.progress import recompute

    # a parent at 0% and not done stays so with new children at 0%: only the others need the roll-up
    recompute(Assignment.objects.filter(pk__in=[a.pk for a in assignments if a.progress or a.status == Assignment.Status.DONE]))
    reached = sorted({r.org_unit_id for r in rows})
    sent = _tell(campaign, unit, [u for u in units if u.pk in reached], len(assignments), max(r.deadline for r in rows))
    record(action="campaign.deployed_onward", actor=actor, obj=campaign,
           after={"from": unit.name, "units": len(reached), "assignments": len(rows), "notices": sent})
    return rows
