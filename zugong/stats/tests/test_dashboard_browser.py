"""The statistics dashboard as the province office sees it, in headless Debian chromium (zh-CN), at
desktop and phone width: every chart draws with the local ECharts, the ranking and gauges show, the
page does not overflow sideways, drill-down works, and no request leaves the server. Screenshots go
to $ZUGONG_SCREENSHOTS (default: the temp directory) as dash-*.png."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zugong.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
QUERY = ("indicators=people.movements&indicators=people.headcount&indicators=people.postgraduate_share"
         "&indicators=people.movements_rotation&start=2025-01-01&end=2025-12-31&rank=people.movements&target=12&grain=quarter")


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


@pytest.fixture
def data(tree: Any, personas: Any, make_cadre: Any) -> None:
    """Cadres in every county and city office; movements in 2025 and 2024 so that YoY has both signs."""
    from zugong.people.models import Movement
    from zugong.people.services import movement_record

    R, X = Movement.Kind.ROTATION, Movement.Kind.EXCHANGE
    plan = {
        tree.county_a1: [(R, date(2025, 2, 3)), (X, date(2025, 5, 6)), (R, date(2025, 8, 9)), (R, date(2024, 3, 3))],
        tree.county_a2: [(R, date(2025, 11, 1)), (X, date(2024, 4, 4)), (X, date(2024, 6, 6))],
        tree.city_a: [(X, date(2025, 7, 7))],
        tree.county_b1: [(R, date(2025, 3, 3)), (R, date(2025, 10, 10)), (X, date(2025, 12, 1)), (R, date(2024, 9, 9))],
    }
    for unit, moves in plan.items():
        cadres = [make_cadre(unit, education="postgraduate" if i % 2 else "bachelor") for i in range(3)]
        for i, (kind, on) in enumerate(moves):
            movement_record(actor=personas.province, cadre=cadres[i % 3], kind=kind, on=on)


def _login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _all_charts_drawn(page: Any) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.zg-chart, .zg-dash-chart')].every(el => el.dataset.drawn && el.querySelector('svg'))"
    )


def test_dashboard_desktop_and_phone(page: Any, live_server: Any, personas: Any, tree: Any, data: None,
                                     outside_requests: list[str]) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, live_server, "p-admin")
    page.goto(f"{live_server.url}/stats/?org={tree.province.pk}&{QUERY}")
    _all_charts_drawn(page)
    assert page.locator(".zg-chart[data-chart=bar]").count() == 4
    assert page.locator(".zg-dash-chart[data-kind=gauge]").count() == 2  # 研究生学历占比 and the target
    ranking = page.locator("[data-ranking='people.movements'] tbody").inner_text()
    assert ranking.index("甲市委组织部") < ranking.index("乙市委组织部")  # 甲 5 before 乙 3
    # the gauge draws its figure: 8 movements against a target of 12
    assert "66.7%" in page.locator("[data-gauge=gauge-target]").inner_text()
    # the footnote for the state indicators (headcount, postgraduate share)
    assert page.locator("[data-footnote]").first.inner_text() == "* 状态类指标无历史值（以期间快照为准）"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.screenshot(path=str(SHOTS / "dash-desktop.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _all_charts_drawn(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.screenshot(path=str(SHOTS / "dash-phone.png"), full_page=True)

    # drill down from the ranking to a city: its counties are listed, the query is kept
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("[data-ranking] tbody a", has_text="甲市委组织部").first.click()
    page.wait_for_url(f"**org={tree.city_a.pk}**")
    _all_charts_drawn(page)
    assert "甲一县委组织部" in page.locator("table.zg-stats-table tbody").inner_text()
    assert "grain=quarter" in page.url and "target=" not in page.url  # a target is set for one unit
    page.screenshot(path=str(SHOTS / "dash-city.png"), full_page=True)

    # a bad target: a Chinese message, the page still draws
    page.goto(f"{live_server.url}/stats/?org={tree.province.pk}&{QUERY.replace('target=12', 'target=abc')}")
    _all_charts_drawn(page)
    assert "目标值须为数字" in page.locator("[data-form-errors]").inner_text()
    page.screenshot(path=str(SHOTS / "dash-error.png"), full_page=True)
    assert outside_requests == []
