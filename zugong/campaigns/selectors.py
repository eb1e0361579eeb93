"""Reads on campaign work: a unit's and a person's tasks, the overview of a campaign below a unit
(progress per subordinate unit, status counts, overdue list). Every query starts from visible_to, and
the overview's query count does not grow with the number of units or assignments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from zugong.campaigns.fanout import receivers
from zugong.campaigns.models import Assignment, Campaign
from zugong.core.calendar import add_workdays
from zugong.orgs.models import OrgUnit

DUE_SOON_WORKDAYS = 5
OVERDUE_LISTED = 10


def assignments(user: Any) -> QuerySet[Assignment]:
    return Assignment.objects.visible_to(user, "view")


def unit_for(user: Any, pk: int | None, *, within: str = "") -> OrgUnit | None:
    """A unit whose campaign work the user may look at: one they see on the org tree, or one carrying
    assignments they can see (a supervision-group member reads those without the org tree)."""
    if pk is None:
        return None
    unit = OrgUnit.objects.visible_to(user, "view").filter(pk=pk, path__startswith=within).first()
    if unit is None:
        a = assignments(user).filter(org_unit_id=pk, org_unit__path__startswith=within).select_related("org_unit").first()
        unit = a.org_unit if a else None
    return unit


def open_q() -> Q:
    return ~Q(status=Assignment.Status.DONE) & Q(campaign__status__in=[Campaign.Status.DEPLOYED, Campaign.Status.RUNNING,
                                                                        Campaign.Status.SUMMARY])


@dataclass
class MyTasks:
    issued: list[Assignment] = field(default_factory=list)
    overdue: list[Assignment] = field(default_factory=list)
    due_soon: list[Assignment] = field(default_factory=list)
    other: list[Assignment] = field(default_factory=list)
    horizon: date | None = None

    @property
    def total(self) -> int:
        return len(self.issued) + len(self.overdue) + len(self.due_soon) + len(self.other)


def my_tasks(user: Any, unit: OrgUnit | None, *, mine_only: bool = False, campaign: Campaign | None = None,
             today: date | None = None) -> MyTasks:
    """Open assignments of the unit (or those the user is responsible for), sorted into 待接收 / 已逾期 /
    即将到期 (within DUE_SOON_WORKDAYS working days) / 其他."""
    today = today or timezone.localdate()
    qs = assignments(user).filter(open_q())
    qs = qs.filter(responsible=user) if mine_only else qs.filter(org_unit=unit)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    rows = list(qs.select_related("campaign", "issuer", "org_unit", "responsible", "lead_office", "parent")
                .order_by("deadline", "campaign_id", "id")[:500])
    horizon = add_workdays(today, DUE_SOON_WORKDAYS)
    result = MyTasks(horizon=horizon)
    for a in rows:
        if a.status == Assignment.Status.ISSUED:
            result.issued.append(a)
        elif a.deadline < today:
            result.overdue.append(a)
        elif a.deadline <= horizon:
            result.due_soon.append(a)
        else:
            result.other.append(a)
    return result


@dataclass
class UnitRow:
    unit: OrgUnit
    progress: Decimal | None
    received: int
    done: int
    overdue: int
    issued: int


@dataclass
class Overview:
    unit: OrgUnit
    rows: list[UnitRow]
    progress: Decimal | None
    counts: dict[str, int]
    overdue: list[Assignment]
    overdue_total: int
    today: date


def _pct(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def overview(user: Any, campaign: Campaign, unit: OrgUnit, today: date | None = None) -> Overview:
    """The campaign below `unit`: each receiving unit's overall progress (average of the assignments it
    received), status counts over the whole subtree, the overdue list. Five queries whatever the size."""
    today = today or timezone.localdate()
    below = receivers(campaign, unit)
    visible = assignments(user).filter(campaign=campaign)
    late = Q(deadline__lt=today) & ~Q(status=Assignment.Status.DONE)
    per_unit = {
        r["org_unit_id"]: r for r in visible.filter(org_unit__in=below, origin=Assignment.Origin.ASSIGNED)
        .values("org_unit_id").annotate(avg=Avg("progress"), n=Count("id"), done=Count("id", filter=Q(status=Assignment.Status.DONE)),
                                        issued=Count("id", filter=Q(status=Assignment.Status.ISSUED)))
    }
    late_units = dict(visible.filter(late, org_unit__path__startswith=unit.path).exclude(org_unit=unit)
                      .values_list("org_unit__path").annotate(n=Count("id")).values_list("org_unit__path", "n"))
    rows = []
    for u in below:
        r = per_unit.get(u.pk)
        overdue_below = sum(n for p, n in late_units.items() if p.startswith(u.path))
        rows.append(UnitRow(unit=u, progress=_pct(r["avg"]) if r else None, received=r["n"] if r else 0,
                            done=r["done"] if r else 0, overdue=overdue_below, issued=r["issued"] if r else 0))
    subtree = visible.filter(org_unit__path__startswith=unit.path)
    counts = {k: 0 for k in Assignment.Status.values}
    for status, n in subtree.values_list("status").annotate(n=Count("id")).values_list("status", "n"):
        counts[status] = n
    counts["overdue"] = subtree.filter(late).count()
    top = subtree.filter(parent=None) if unit.pk == campaign.org_unit_id else subtree.filter(org_unit=unit, origin=Assignment.Origin.ASSIGNED)
    avg = top.aggregate(a=Avg("progress"))["a"]
    overdue = list(subtree.filter(late).select_related("org_unit", "issuer", "responsible")
                   .order_by("deadline", "org_unit__path", "id")[:OVERDUE_LISTED])
    return Overview(unit=unit, rows=rows, progress=_pct(avg), counts=counts, overdue=overdue,
                    overdue_total=counts["overdue"], today=today)


def unit_progress(user: Any, campaign: Campaign, unit: OrgUnit) -> Decimal | None:
    """A unit's overall progress in the campaign: the average of the assignments it received."""
    avg = assignments(user).filter(campaign=campaign, org_unit=unit, origin=Assignment.Origin.ASSIGNED).aggregate(a=Avg("progress"))["a"]
    return _pct(avg)


def roles_in(user: Any, campaign: Campaign, unit: OrgUnit) -> dict[str, bool]:
    """Whether the unit issued the campaign or received parts of it."""
    received = assignments(user).filter(campaign=campaign, org_unit=unit, origin=Assignment.Origin.ASSIGNED).exists()
    return {"issuer": campaign.org_unit_id == unit.pk, "receiver": received}
