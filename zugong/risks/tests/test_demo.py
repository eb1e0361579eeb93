"""The demo's 岗位风险防控: posts and risk points in the province and every city, reviews done, a few overdue (哈尔滨
and 道里区 among them), a finding in the ledger, notices, a couple of cadres due for rotation; every indicator is
non-zero at the province and every city has posts."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_indicator() -> None:
    from zugong.accounts.models import User
    from zugong.core import demo
    from zugong.orgs.models import OrgUnit
    from zugong.risks import demo as risks_demo
    from zugong.risks import selectors
    from zugong.risks.models import Post, ReviewResult
    from zugong.stats import engine
    from zugong.stats.registry import all_indicators

    # the parts of the demo this app builds on (the whole demo.load runs in the core demo test)
    demo.build_tree()
    demo.build_cadres(scale="small")
    demo.build_accounts()
    start = time.monotonic()
    made = risks_demo.build()
    assert time.monotonic() - start < 5 and made["posts"] > 100
    leader = User.objects.get(username="demo-leader")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    values = {i.code: engine.value(i, leader, province) for i in all_indicators() if i.code.startswith("risks.")}
    assert len(values) == 8 and all(v for v in values.values()), values
    assert 2 <= values["risks.rotation_due"] <= 5
    posts = engine.breakdown(next(i for i in all_indicators() if i.code == "risks.posts"), leader, province)
    assert all(r.value for r in posts.children if "市" in r.name or "地委" in r.name), posts.children
    overdue = {p.org_unit.name for p in selectors.overdue_posts(leader)}
    assert {"哈尔滨市委组织部", "道里区委组织部"} <= overdue
    county = User.objects.get(username="demo-county")
    assert Post.objects.visible_to(county, "view").filter(selectors.overdue_q()).exists()
    assert ReviewResult.objects.filter(measure__isnull=False, review__post__org_unit__name="哈尔滨市委组织部").count() == 1
