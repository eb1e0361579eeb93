"""The statistics dashboard: rankings with ties and 上年同期, YoY in the totals, percentage points for
ratios, the state-indicator footnote, gauges, trend grain, the xlsx columns, and bad query strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from zugong.people.models import Movement
from zugong.stats import dashboard as dash
from zugong.stats import forms as stats_forms
from zugong.stats.engine import Period, Row
from zugong.stats.registry import Indicator, _registry, register

pytestmark = pytest.mark.django_db

PERIOD = "start=2024-01-01&end=2024-06-30"
RATIO = "test.rotation_share"


@pytest.fixture
def city_c(tree: Any) -> Any:
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    return orgunit_create(actor=SYSTEM, parent=tree.province, name="丙市委组织部", kind=OrgUnit.Kind.CITY, division_code="990300")


@pytest.fixture
def data(tree: Any, city_c: Any, personas: Any, make_cadre: Any) -> None:
    """2024 H1 against 2023 H1, by city: movements 甲 2/1, 乙 2/3, 丙 1/0 (total 5/4); rotations 甲 2/1,
    乙 1/3, 丙 0/0. Headcount (a state): 甲 2, 乙 2, 丙 1. Rows just outside both periods count nowhere."""
    from zugong.people.services import movement_record

    a1, a2 = make_cadre(tree.county_a1), make_cadre(tree.county_a2)
    b1, b2 = make_cadre(tree.county_b1), make_cadre(tree.county_b1)
    c1 = make_cadre(city_c)
    R, X = Movement.Kind.ROTATION, Movement.Kind.EXCHANGE
    for cadre, kind, on in [
        (a1, R, date(2024, 1, 1)), (a2, R, date(2024, 6, 30)),  # period bounds are inclusive
        (b1, R, date(2024, 3, 3)), (b2, X, date(2024, 4, 4)),
        (c1, X, date(2024, 5, 5)),
        (a1, R, date(2023, 2, 1)),
        (b1, R, date(2023, 1, 1)), (b1, R, date(2023, 6, 30)), (b2, R, date(2023, 3, 1)),
        (a1, R, date(2024, 7, 1)), (c1, R, date(2023, 7, 1)), (c1, R, date(2022, 12, 31)),  # outside
    ]:
        movement_record(actor=personas.province, cadre=cadre, kind=kind, on=on)


@pytest.fixture
def ratio() -> Any:
    """A dated ratio (none is registered yet): the share of rotations among all movements."""
    register(Indicator(RATIO, "轮岗占变动比例", "%", aggregate="ratio", numerator="people.movements_rotation",
                       denominator="people.movements", group="测试"))
    yield _registry[RATIO]
    _registry.pop(RATIO, None)


def _get(client: Any, personas: Any, tree: Any, query: str) -> Any:
    client.force_login(personas.province)
    response = client.get(f"/stats/?org={tree.province.pk}&{query}")
    assert response.status_code == 200
    return response


def _ranking(response: Any) -> list[tuple[Any, ...]]:
    return [(r["rank"], r["name"], r["value"], r["previous"], r["delta"], r["pct"]) for r in response.context["ranking_rows"]]


# --- helpers ---------------------------------------------------------------------------------------

def test_previous_year_shifts_both_ends_and_feb_29_becomes_feb_28() -> None:
    assert dash.previous_year(Period(date(2024, 2, 29), date(2024, 3, 31))) == Period(date(2023, 2, 28), date(2023, 3, 31))
    assert dash.previous_year(Period(date(2025, 1, 1), date(2025, 2, 28))) == Period(date(2024, 1, 1), date(2024, 2, 28))
    assert dash.previous_year(Period(None, date(2024, 2, 29))) == Period(None, date(2023, 2, 28))
    assert dash.previous_year(Period(date(2024, 5, 5), None), today=date(2026, 3, 1)) == Period(date(2023, 5, 5), date(2025, 3, 1))
    assert dash.shift_year(date(1, 5, 5)) == date(1, 1, 1)  # no year 0: a bad query string must not 500


def test_competition_ranks_share_ties_and_skip() -> None:
    rows = [Row(1, "甲", 5), Row(2, "乙", None), Row(3, "丙", 7), Row(4, "丁", 5), Row(5, "戊", 1)]
    assert [(rank, r.name) for rank, r in dash.competition_ranks(rows)] == [(1, "丙"), (2, "甲"), (2, "丁"), (4, "戊"), (None, "乙")]


def test_compare_counts_and_ratios() -> None:
    c = dash.compare(5, 4, ratio=False)
    assert (c.delta, c.pct, c.direction) == (1, Decimal("25.0"), "up")
    assert dash.compare(3, 0, ratio=False).pct is None and dash.fmt_pct(dash.compare(3, 0, ratio=False)) == "—"
    assert dash.compare(3, None, ratio=False).delta is None
    pp = dash.compare(Decimal("60.0"), Decimal("100.0"), ratio=True)
    assert (pp.delta, pp.pct, pp.direction) == (Decimal("-40.0"), None, "down")
    assert dash.fmt_delta(pp) == "-40.0个百分点"


# --- the page --------------------------------------------------------------------------------------

def test_ranking_with_ties_and_year_over_year(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&indicators=people.headcount&{PERIOD}&rank=people.movements")
    assert _ranking(page) == [
        (1, "甲市委组织部", "2", "1", "+1", "+100.0%"),
        (1, "乙市委组织部", "2", "3", "-1", "-33.3%"),
        (3, "丙市委组织部", "1", "0", "+1", "—"),  # last year 0: no %
    ]
    assert [r["direction"] for r in page.context["ranking_rows"]] == ["up", "down", "up"]
    body = page.content.decode()
    assert "zg-change-up" in body and "zg-change-down" in body and 'data-rank="1"' in body and 'data-rank="3"' in body
    # last year's figure links to last year's records
    prev_link = page.context["ranking_rows"][1]["prev_link"]
    assert "start=2023-01-01" in prev_link and "end=2023-06-30" in prev_link
    assert client.get(prev_link).context["page_obj"].paginator.count == 3


def test_totals_row_has_year_over_year_for_dated_and_dash_for_state(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&indicators=people.headcount&{PERIOD}")
    movements, headcount = page.context["totals"]
    assert (movements["value"], movements["previous"], movements["delta"], movements["pct"]) == ("5", "4", "+1", "+25.0%")
    assert headcount["value"] == "5" and headcount["state"] and headcount["previous"] == "—" and headcount["delta"] == "—"
    assert dash.STATE_FOOTNOTE in page.content.decode()


def test_only_dated_indicators_have_no_footnote(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&{PERIOD}")
    assert dash.STATE_FOOTNOTE not in page.content.decode()


def test_state_indicator_ranking_has_no_last_year_and_a_footnote(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.headcount&indicators=people.movements&{PERIOD}")
    assert page.context["focus"].code == "people.headcount"  # default: the first chosen
    assert _ranking(page) == [
        (1, "甲市委组织部", "2", "—", "—", "—"),
        (1, "乙市委组织部", "2", "—", "—", "—"),
        (3, "丙市委组织部", "1", "—", "—", "—"),
    ]
    assert page.context["ranking"].footnote == "状态类指标无历史值（以期间快照为准）"
    assert page.content.decode().count("状态类指标无历史值（以期间快照为准）") == 2  # under the table and the ranking


def test_ratio_change_is_in_percentage_points(data: None, ratio: Any, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&indicators={RATIO}&{PERIOD}&rank={RATIO}")
    assert _ranking(page) == [
        (1, "甲市委组织部", "100.0", "100.0", "0.0个百分点", "—"),
        (2, "乙市委组织部", "50.0", "100.0", "-50.0个百分点", "—"),
        (3, "丙市委组织部", "0.0", "—", "—", "—"),  # no movement last year: no share to compare with
    ]
    total = page.context["totals"][1]
    assert (total["value"], total["previous"], total["delta"], total["pct"]) == ("60.0", "100.0", "-40.0个百分点", "—")
    # a gauge per ratio indicator chosen, showing the unit's total
    assert [(g["title"], g["value"], g["max"]) for g in page.context["gauges"]] == [("轮岗占变动比例", 60.0, 100)]


def test_target_gauge_shows_completion(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&{PERIOD}&target=4")
    (gauge,) = page.context["gauges"]
    assert (gauge["title"], gauge["value"], gauge["max"], gauge["detail"]) == ("干部变动目标完成率", 125.0, 150, "5 / 4人次")
    page = _get(client, personas, tree, f"indicators=people.movements&{PERIOD}&target=20.50")
    assert page.context["gauges"][0]["value"] == 24.4 and page.context["gauges"][0]["detail"] == "5 / 20.5人次"


@pytest.mark.parametrize(("grain", "points", "title"), [
    ("month", ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], "干部变动月度走势（人次）"),
    ("quarter", ["2024Q1", "2024Q2"], "干部变动季度走势（人次）"),
    ("year", ["2024"], "干部变动年度走势（人次）"),
])
def test_trend_grain(data: None, client: Any, personas: Any, tree: Any, grain: str, points: list[str], title: str) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&{PERIOD}&grain={grain}")
    trend = page.context["trend"]
    assert trend["title"] == title and [p["name"] for p in trend["data"]] == points
    assert sum(p["value"] for p in trend["data"]) == 5


def test_xlsx_has_the_ranking_columns(data: None, client: Any, personas: Any, tree: Any) -> None:
    response = _get(client, personas, tree, f"indicators=people.movements&indicators=people.headcount&{PERIOD}&rank=people.movements&export=xlsx")
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    assert rows[0] == ["单位", "干部变动（人次）", "在册组工干部（人）", "干部变动排名", "干部变动上年同期（人次）",
                       "干部变动增减（人次）", "干部变动增幅（%）"]
    assert rows[1:4] == [
        ["甲市委组织部", 2, 2, 1, 1, 1, 100],
        ["乙市委组织部", 2, 2, 1, 3, -1, -33.3],
        ["丙市委组织部", 1, 1, 3, 0, 1, ""],
    ]
    assert rows[4] == ["合计", 5, 5, "", 4, 1, 25]
    assert rows[5][:3] == ["上年同期合计", 4, ""] and rows[6][:3] == ["同比增减", 1, ""]
    assert rows[7][0] == "注：状态类指标无历史值（以期间快照为准）"


def test_xlsx_ratio_change_in_points(data: None, ratio: Any, client: Any, personas: Any, tree: Any) -> None:
    response = _get(client, personas, tree, f"indicators={RATIO}&{PERIOD}&export=xlsx")
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][4] == "轮岗占变动比例增减（个百分点）"
    assert rows[2][1:5] == (50, 2, 100, -50) and rows[4][:5] == ("合计", 60, None, 100, -40)


@pytest.mark.parametrize(("query", "message"), [
    ("target=abc", stats_forms.MSG_TARGET_INVALID),
    ("target=-3", stats_forms.MSG_TARGET_POSITIVE),
    ("target=0", stats_forms.MSG_TARGET_POSITIVE),
    ("target=NaN", stats_forms.MSG_TARGET_INVALID),
    ("target=1e999", stats_forms.MSG_TARGET_TOO_BIG),
    ("target=1.23456", stats_forms.MSG_TARGET_TOO_BIG),
    ("grain=xx", stats_forms.MSG_GRAIN_INVALID),
    ("start=2024-06-30&end=2024-01-01", stats_forms.MSG_END_BEFORE_START),
    ("start=2024-13-01", stats_forms.MSG_START_INVALID),
    ("end=abc", stats_forms.MSG_END_INVALID),
    ("start=0001-01-01&end=9999-12-31", f"结束日期：{stats_forms.MSG_DATE_RANGE}"),
    ("indicators=nope&indicators=people.movements", "指标“nope”不存在或您无权查看"),
    ("rank=nope", "排名指标“nope”不存在或您无权查看"),
])
def test_bad_query_strings_show_a_chinese_error(data: None, client: Any, personas: Any, tree: Any, query: str, message: str) -> None:
    page = _get(client, personas, tree, query)
    body = page.content.decode()
    assert "data-form-errors" in body and message in body
    assert page.context["results"]  # the page still renders its figures


def test_bad_field_keeps_the_other_choices(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=nope&indicators=people.movements&{PERIOD}&target=abc&grain=quarter")
    assert [b.indicator.code for b in page.context["results"]] == ["people.movements"]
    assert page.context["period"] == Period(date(2024, 1, 1), date(2024, 6, 30)) and page.context["grain"] == "quarter"
    assert page.context["gauges"] == []
    client.force_login(personas.province)
    assert client.get("/stats/?org=abc").status_code == 404


def test_rank_defaults_to_first_chosen_when_not_chosen(data: None, client: Any, personas: Any, tree: Any) -> None:
    page = _get(client, personas, tree, f"indicators=people.movements&indicators=people.headcount&{PERIOD}&rank=people.new_entrants")
    assert page.context["focus"].code == "people.movements"


def test_query_count_does_not_grow_with_data(data: None, ratio: Any, client: Any, personas: Any, tree: Any, city_c: Any,
                                            make_cadre: Any, django_assert_max_num_queries: Any) -> None:
    from zugong.people.services import movement_record

    url = f"/stats/?org={tree.province.pk}&indicators=people.movements&indicators={RATIO}&indicators=people.headcount&{PERIOD}&rank={RATIO}&target=3"
    client.force_login(personas.province)
    client.get(url)
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    for unit in (tree.county_a1, tree.county_b1, city_c, tree.city_a):
        for _ in range(3):
            cadre = make_cadre(unit)
            movement_record(actor=personas.province, cadre=cadre, kind=Movement.Kind.ROTATION, on=date(2024, 2, 2))
            movement_record(actor=personas.province, cadre=cadre, kind=Movement.Kind.EXCHANGE, on=date(2023, 2, 2))
    with django_assert_max_num_queries(30) as after:
        page = client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
    assert page.context["totals"][0]["value"] == "17"
