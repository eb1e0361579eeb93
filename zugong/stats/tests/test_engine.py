"""数出一源: every indicator's value at a unit equals the sum of its children's (plus 本级), equals the
number of records behind it, and respects scope; ratios roll up from their parts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zugong.people.models import Movement
from zugong.stats import engine
from zugong.stats.registry import Indicator, all_indicators, get

pytestmark = pytest.mark.django_db


def test_registry_validates_declarations() -> None:
    from zugong.people.models import Cadre

    with pytest.raises(ValueError, match="unit"):
        Indicator("x.bad", "坏", "斤", Cadre)
    with pytest.raises(ValueError, match="needs a model"):
        Indicator("x.bad", "坏", "人")
    with pytest.raises(ValueError, match="numerator"):
        Indicator("x.bad", "坏", "%", aggregate="ratio")
    assert get("people.headcount").source == "people.cadre"


@pytest.fixture
def records(tree: Any, make_cadre: Any, personas: Any) -> None:
    from zugong.people.services import movement_record

    today = timezone.localdate()
    a1 = [make_cadre(tree.county_a1, education="postgraduate"), make_cadre(tree.county_a1)]
    make_cadre(tree.county_a2)
    make_cadre(tree.city_a, education="postgraduate")
    b1 = make_cadre(tree.county_b1)
    make_cadre(tree.county_b1, status="retired")
    movement_record(actor=personas.province, cadre=a1[0], kind=Movement.Kind.ROTATION, on=today)
    movement_record(actor=personas.province, cadre=a1[1], kind=Movement.Kind.SECONDMENT, on=today)
    movement_record(actor=personas.province, cadre=b1, kind=Movement.Kind.ROTATION, on=date(today.year - 2, 1, 5))


def test_parent_is_sum_of_children_for_every_indicator(records: None, personas: Any, tree: Any) -> None:
    user = personas.province
    period = engine.Period(date(2000, 1, 1), timezone.localdate())
    for ind in all_indicators():
        b = engine.breakdown(ind, user, tree.province, period)
        if ind.is_ratio:
            num = engine.breakdown(get(ind.numerator or ""), user, tree.province, period)
            den = engine.breakdown(get(ind.denominator or ""), user, tree.province, period)
            assert b.total == engine._ratio(num.total, den.total), ind.code
            continue
        assert b.total == sum(r.value or 0 for r in b.children) + (b.own or 0), ind.code
        assert b.total == engine.value(ind, user, tree.province, period), ind.code
        assert b.total == engine.provenance_count(ind, user, tree.province, period), ind.code
        for child in b.children:
            sub = engine.value(ind, user, engine.visible_org(user, child.org_id), period)
            assert sub == child.value, (ind.code, child.name)


def test_figures(records: None, personas: Any, tree: Any) -> None:
    user = personas.province
    this_year = engine.Period(date(timezone.localdate().year, 1, 1), timezone.localdate())
    head = engine.breakdown(get("people.headcount"), user, tree.province, this_year)
    assert head.total == 5 and {r.name: r.value for r in head.children} == {"甲市委组织部": 4, "乙市委组织部": 1}
    city = engine.breakdown(get("people.headcount"), user, tree.city_a, this_year)
    assert city.own == 1 and {r.name: r.value for r in city.rows()} == {"本级": 1, "甲一县委组织部": 2, "甲二县委组织部": 1}
    assert engine.value(get("people.movements_rotation"), user, tree.province, this_year) == 1
    assert engine.value(get("people.movements_rotation"), user, tree.province, engine.Period()) == 2
    share = engine.breakdown(get("people.postgraduate_share"), user, tree.province, this_year)
    assert share.total == Decimal("40.0")  # 2 of 5, not the average of the children's shares
    assert {r.name: r.value for r in share.children} == {"甲市委组织部": Decimal("50.0"), "乙市委组织部": Decimal("0.0")}


def test_scope_limits_figures(records: None, personas: Any, tree: Any) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        engine.visible_org(personas.city_a, tree.province.pk)
    assert engine.value(get("people.headcount"), personas.county_a1_readonly, tree.county_a1) == 2


def test_series(records: None, personas: Any, tree: Any) -> None:
    today = timezone.localdate()
    points = engine.series(get("people.movements"), personas.province, tree.province, engine.Period(), "year")
    assert points == [(str(today.year - 2), 1), (str(today.year), 2)]


def test_values_api(records: None, personas: Any, tree: Any) -> None:
    api = APIClient()
    api.force_authenticate(personas.city_a)
    catalog = api.get("/api/v1/stats/indicators/").json()
    assert {"code": "people.headcount", "label": "在册组工干部", "unit": "人", "source": "people.cadre", "dated": False} in catalog
    body = api.get(f"/api/v1/stats/values/?indicator=people.headcount&org={tree.city_a.pk}&breakdown=children").json()
    assert body["value"] == 4 and body["own"] == 1
    assert [(c["name"], c["value"]) for c in body["children"]] == [("甲一县委组织部", 2), ("甲二县委组织部", 1)]
    assert api.get(f"/api/v1/stats/values/?indicator=people.headcount&org={tree.province.pk}").status_code == 404
    bad = api.get(f"/api/v1/stats/values/?indicator=nope&org={tree.city_a.pk}&start=2026-13-01")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"indicator", "start"}


def test_dashboard_page_links_and_query_budget(records: None, client: Any, personas: Any, tree: Any,
                                               make_cadre: Any, django_assert_max_num_queries: Any) -> None:
    client.force_login(personas.province)
    # 17: session, user, grants, unread notices, the org, its children and ancestors, the snapshots of the
    # period, one GROUP BY per indicator and period (this year and last); the count must not grow with data
    url = f"/stats/?org={tree.province.pk}&indicators=people.headcount&indicators=people.postgraduate_share&indicators=people.movements"
    with django_assert_max_num_queries(18) as before:  # incl. 2 for grants (roles, supervision groups)
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "甲市委组织部" in body and 'data-drill' in body
    rows = {t["row"].name: [c["value"] for c in t["cells"]] for t in page.context["table"]}
    assert rows["甲市委组织部"][0] == "4" and rows["甲市委组织部"][1] == "50.0"
    for _ in range(20):
        make_cadre(tree.county_a2)
    with django_assert_max_num_queries(18) as after:  # incl. 2 for grants (roles, supervision groups)
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
    link = page.context["table"][0]["cells"][0]["link"]
    records_page = client.get(link)
    assert records_page.status_code == 200
    assert records_page.context["page_obj"].paginator.count == 24  # 4 + the 20 added since
    export = client.get(url + "&export=xlsx")
    assert export.status_code == 200


def test_records_own_excludes_children(records: None, client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.province)
    page = client.get(f"/stats/records/?indicator=people.headcount&org={tree.city_a.pk}&own=1")
    assert page.context["page_obj"].paginator.count == 1
    assert client.get("/stats/records/?indicator=people.headcount&org=abc").status_code == 404
    assert client.get(f"/stats/records/?indicator=nope&org={tree.city_a.pk}").status_code == 404


def test_dashboard_rows_stay_aligned_when_only_some_indicators_have_own_figures(records: None, client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.province)
    page = client.get(f"/stats/?org={tree.city_a.pk}&indicators=people.movements_rotation&indicators=people.headcount&start=2000-01-01")
    assert page.status_code == 200
    rows = {t["row"].name: [c["value"] for c in t["cells"]] for t in page.context["table"]}
    assert rows == {"本级": ["0", "1"], "甲一县委组织部": ["1", "2"], "甲二县委组织部": ["0", "1"]}
    default = client.get("/stats/")
    assert default.status_code == 200
    assert default.context["results"][0].indicator.code == "people.headcount"


def test_monthly_series_fills_empty_months(records: None, personas: Any, tree: Any) -> None:
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    points = engine.series(get("people.movements"), personas.province, tree.province, engine.Period(start, today), "month")
    assert len(points) == today.month
    assert sum(v or 0 for _k, v in points) == 2
