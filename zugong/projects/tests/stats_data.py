"""Figures of 项目化管理 for the stats query-count tests (stats/tests/test_query_counts.py calls `add` for each batch of
units): a menu project of `root` claimed and approved by every unit (reported on this month), one of them done, one
overdue, a second menu project with a pending claim, and an award round with one project awarded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone


def add(*, root: Any, units: list[Any], cadres: list[Any], actor: Any) -> None:
    from zugong.projects import services
    from zugong.projects.models import Project, ProjectStatus

    today = timezone.localdate()

    def menu(title: str) -> Any:
        return services.project_create(actor=actor, org_unit=root, milestones=[("方案", today + timedelta(days=30))], data={
            "title": title, "deadline": today + timedelta(days=200), "claimable": True, "claim_until": today + timedelta(days=20)})

    n = Project.objects.count()
    first, second = menu(f"项目{n + 1}"), menu(f"项目{n + 2}")
    claimed = []
    for unit in units:
        c = services.claim_apply(actor=actor, menu_project=first, org_unit=unit, targets="目标", deadline=first.deadline)
        c = services.claim_decide(actor=actor, claim=c, approve=True, expected_version=c.version)
        services.report_save(actor=actor, project=c.project, month=today, percent=40, text="进展")
        claimed.append(c.project)
    services.claim_apply(actor=actor, menu_project=second, org_unit=units[0], targets="目标", deadline=second.deadline)
    Project.objects.filter(pk=claimed[0].pk).update(status=ProjectStatus.DONE, progress=100, done_on=today)
    Project.objects.filter(pk=claimed[-1].pk).update(deadline=today - timedelta(days=1))
    r = services.round_create(actor=actor, org_unit=root, title=f"创新范例奖{n}", year=today.year)
    e = services.entry_nominate(actor=actor, award_round=r, project=claimed[0])
    r = services.round_advance(actor=actor, award_round=r, expected_version=r.version)
    services.entry_review(actor=actor, entry=e, score=Decimal(90), comment="", expected_version=e.version)
    services.round_award(actor=actor, award_round=r, levels={e.pk: "first"}, expected_version=r.version)
