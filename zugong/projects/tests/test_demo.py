"""The demo: the province's 6大工程 and 20-project menu, claims across cities and counties (approved, declined,
pending), monthly progress, last month's issued 月通报 and an awarded round; the indicators are non-zero and break
down by city."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db


def test_demo_builds_and_the_indicators_are_not_zero() -> None:
    from zugong.core import demo as core_demo
    from zugong.orgs.models import OrgUnit
    from zugong.projects import demo
    from zugong.projects.models import AwardRound, Claim, Program, Project
    from zugong.stats import engine
    from zugong.stats.models import Briefing
    from zugong.stats.registry import get

    core_demo.build_tree()
    core_demo.build_accounts()
    t0 = time.monotonic()
    demo.build()
    assert time.monotonic() - t0 < 15  # about 3 s on an idle machine
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    assert Program.objects.filter(org_unit=province).count() == 6
    assert Project.objects.filter(org_unit=province, claimable=True).count() == 20
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {"approved", "declined", "pending"} <= statuses
    assert Claim.objects.filter(org_unit__name="道里区委组织部", status="pending").exists()
    bulletin = Briefing.objects.get(template__builtin_code="projects_monthly")
    assert bulletin.is_issued and any(b["type"] == "table" and b.get("list") == "projects.bulletin" for b in bulletin.rendered["blocks"])
    assert AwardRound.objects.get().status == "awarded"

    from zugong.accounts.models import User

    viewer = User.objects.get(username="demo-province")

    kids = engine.children_of(province)
    for code in ("projects.projects", "projects.menu_projects", "projects.claims_approved", "projects.overdue", "projects.done",
                 "projects.reports", "projects.awards"):
        b = engine.breakdown(get(code), viewer, province, engine.Period(), kids)
        assert b.total, code
    claims = engine.breakdown(get("projects.claims_approved"), viewer, province, engine.Period(), kids)
    assert sum(1 for r in claims.rows() if r.value) >= 5  # spread over the cities
