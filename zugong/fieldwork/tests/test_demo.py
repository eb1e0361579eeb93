"""The demo province's 基层工作 figures: every seed figure non-zero, broken down over every city."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db

CODES = ["fieldwork.visit_persons", "fieldwork.visits", "fieldwork.visit_persons_community", "fieldwork.visit_persons_enterprise",
         "fieldwork.visit_persons_household", "fieldwork.visit_persons_petition", "fieldwork.pairings", "fieldwork.problems_solved",
         "fieldwork.reports", "fieldwork.reports_adopted", "fieldwork.contact_points", "fieldwork.contact_point_visits"]


def test_demo_figures_are_non_zero_in_every_city(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from django.utils import timezone

    from zugong.accounts.models import User
    from zugong.core import demo
    from zugong.fieldwork import demo as fieldwork_demo
    from zugong.fieldwork.models import GrassrootsProblem, ResearchTopic
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import get

    started = time.monotonic()
    # the parts of core.demo.load this app builds on (the other apps' demos are theirs to test), then this app's
    demo.build_tree()
    from zugong.people import demo as people_demo

    monkeypatch.setattr(people_demo, "build", lambda **_kw: None)  # movements: not what this app counts
    demo.build_cadres(scale="small")
    demo.build_accounts()
    counts = fieldwork_demo.build()
    assert time.monotonic() - started < 60
    user = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    today = timezone.localdate()
    period = engine.Period(date(today.year - 1, 1, 1), today)
    cities = OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY)
    for code in CODES:
        ind = get(code)
        total = engine.value(ind, user, province, period)
        assert total > 0, code
        by_child = engine.breakdown(ind, user, province, period)
        values = {row.org_id: row.value for row in by_child.children}
        if code not in ("fieldwork.reports_adopted", "fieldwork.contact_point_visits", "fieldwork.visit_persons_petition"):
            assert all(values.get(c.pk, 0) > 0 for c in cities), code
        assert sum(values.values()) + (by_child.own or 0) == total == by_child.total, code
    # the demo-county's unit shows a report file and a problem handed to the ledger
    daoli = OrgUnit.objects.get(name="道里区委组织部")
    assert ResearchTopic.objects.filter(org_unit=daoli, report_file__isnull=False).exists()
    handed = GrassrootsProblem.objects.get(org_unit=daoli, ledger_measure__isnull=False)
    assert handed.ledger_measure.org_unit == daoli and handed.ledger_problem.org_unit == daoli
    assert counts["visits"] > 1000 and counts["points"] > 100
