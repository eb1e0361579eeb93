"""The 制度建设 figures: versions 新建 / 修订 by effective date, repeals by date, rules in force now; each counts at the
issuing unit, so the province's figure breaks down by city and the provenance list shows the versions behind it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zugong.regulations import services
from zugong.stats import engine
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db


def test_figures_and_breakdown(client: Any, personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "一", day=date(2025, 3, 1), revisions=[(date(2025, 6, 1), "b"), (date(2026, 2, 1), "c")])
    make_rule(tree.county_a2, "二", day=date(2025, 4, 1))
    make_rule(tree.city_a, "三", day=date(2024, 4, 1), revisions=[(date(2025, 9, 1), "b")])
    b = make_rule(tree.county_b1, "四", day=date(2025, 1, 1))
    make_rule(tree.province, "五", day=date(2025, 7, 1))
    services.rule_repeal(actor=personas.province, rule=b, expected_version=b.version, repealed_on=date(2025, 12, 1), reason="r")
    user, year = personas.province, engine.Period(date(2025, 1, 1), date(2025, 12, 31))
    values = {code: engine.value(get(f"regulations.{code}"), user, tree.province, year) for code in ("new", "revised", "repealed", "in_force")}
    assert values == {"new": 4, "revised": 2, "repealed": 1, "in_force": 4}
    new = engine.breakdown(get("regulations.new"), user, tree.province, year)
    assert new.total == 4 and new.own == 1
    assert {r.name: r.value for r in new.children} == {"甲市委组织部": 2, "乙市委组织部": 1}
    revised = engine.breakdown(get("regulations.revised"), user, tree.city_a, year)
    assert revised.own == 1 and {r.name: r.value for r in revised.children} == {"甲一县委组织部": 1, "甲二县委组织部": 0}
    assert engine.value(get("regulations.revised"), user, tree.province) == 3  # all time
    assert engine.value(get("regulations.new"), personas.county_b1, tree.county_b1, year) == 1
    # the records behind the figure (provenance): the versions, linked to their rule
    page = client.get("/stats/records/", {"indicator": "regulations.revised", "org": tree.province.pk, "start": "2025-01-01",
                                          "end": "2025-12-31"})
    assert page.status_code == 302  # not signed in
    client.force_login(user)
    html = client.get("/stats/records/", {"indicator": "regulations.revised", "org": tree.province.pk, "start": "2025-01-01",
                                          "end": "2025-12-31"}).content.decode()
    assert 'data-total>2<' in html and "一 第2版（修订）" in html and "三 第2版（修订）" in html and "#v2" in html
