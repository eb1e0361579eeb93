"""The demo library: every city and county and the province have rules, some revised, a few repealed, built fast and
the same every time; the 制度建设 figures of the demo province are non-zero and break down by city."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db


def test_demo_library() -> None:
    from zugong.accounts.models import User
    from zugong.core import demo as core_demo
    from zugong.orgs.models import OrgUnit
    from zugong.regulations import demo
    from zugong.regulations.models import Rule, RuleVersion
    from zugong.stats import engine
    from zugong.stats.registry import get

    core_demo.build_tree()
    core_demo.build_accounts()
    started = time.perf_counter()
    made = demo.build()
    assert time.perf_counter() - started < 5
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    units = OrgUnit.objects.exclude(kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.OFFICE])
    assert made["rules"] == Rule.objects.count() > 300
    assert set(Rule.objects.values_list("org_unit_id", flat=True).distinct()) == {province.pk, *units.values_list("pk", flat=True)}
    revised = RuleVersion.objects.filter(kind="revised").count()
    repealed = Rule.objects.filter(status="repealed").count()
    assert 0.2 * made["rules"] < revised < made["rules"] and 0 < repealed < 0.2 * made["rules"]
    assert Rule.objects.filter(current__isnull=True).count() == 0
    assert RuleVersion.objects.filter(file__isnull=False).count() == 4
    daoli = Rule.objects.filter(org_unit__name="道里区委组织部").first()
    assert daoli is not None and daoli.current.text.startswith("第一条　为了") and daoli.search_grams
    actor = User.objects.get(username="demo-province")
    for code in ("new", "revised", "repealed", "in_force"):
        b = engine.breakdown(get(f"regulations.{code}"), actor, province)
        assert b.total > 0 and sum(1 for r in b.children if r.value) >= 5, code
    # deterministic: the same seed makes the same library
    first = list(Rule.objects.order_by("id").values_list("title", "doc_number", "status"))[:40]
    Rule.objects.update(current=None)
    RuleVersion.objects.all().delete()
    Rule.objects.all().delete()
    demo.build()
    assert list(Rule.objects.order_by("id").values_list("title", "doc_number", "status"))[:40] == first
