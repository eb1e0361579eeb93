"""Flows a person clicks through, in headless Debian chromium (zh-CN). Every test asserts that no
request leaves the server (intranet: no CDN, font, map or script from outside)."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from zugong.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ZUGONG_SCREENSHOTS")


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


def _login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_dashboard_roster_search_and_detail(page: Any, live_server: Any, personas: Any, tree: Any, make_cadre: Any, outside_requests: list[str]) -> None:
    make_cadre(tree.county_a1, name="张三")
    make_cadre(tree.county_a1, name="赵明")
    make_cadre(tree.county_a2, name="李五")
    make_cadre(tree.county_b1, name="王六")
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, live_server, "a-admin")
    # the dashboard draws its charts with the local ECharts
    page.wait_for_selector(".zg-chart[data-drawn] svg")
    assert page.locator("[data-figure=headcount]").inner_text() == "3"
    assert page.locator(".navbar-vertical").is_visible()
    _shot(page, "dashboard")
    page.click("text=组工干部名册")
    page.wait_for_selector("table.zg-table")
    assert page.locator("[data-total]").inner_text() == "3"
    page.fill("input[name=q]", "zs")
    expect(page.locator("[data-total]")).to_have_text("1")
    assert "张三" in page.locator("table.zg-table tbody").inner_text()
    assert "赵明" not in page.locator("table.zg-table tbody").inner_text()
    _shot(page, "roster")
    page.click("table.zg-table tbody a")
    page.wait_for_selector("text=基本信息")
    masked = page.locator("[data-masked-id]").inner_text()
    assert "**********" in masked
    page.click("text=查看完整")
    page.wait_for_selector("[data-full-id]")
    assert "*" not in page.locator("[data-full-id]").inner_text()
    _shot(page, "cadre_detail")
    page.goto(f"{live_server.url}/orgs/")
    assert "乙市委组织部" not in page.content()
    _shot(page, "org_tree")
    assert outside_requests == []


def test_import_with_a_bad_row_shows_row_errors(page: Any, live_server: Any, personas: Any, tree: Any, outside_requests: list[str], tmp_path: Path) -> None:
    from openpyxl import Workbook

    from zugong.people.models import Cadre

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "政治面貌", "学历", "所在单位", "职级"])
    ws.append(["张三", "990101198805200013", "中共党员", "大学本科", "甲一县委组织部", "科员"])
    ws.append(["李四", "110105194912310021", "中共党员", "大学本科", "甲一县委组织部", "科员"])
    path = tmp_path / "名册.xlsx"
    buf = BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    _login(page, live_server, "a-admin")
    page.goto(f"{live_server.url}/people/cadres/import/")
    _shot(page, "import_upload")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并校验")
    page.wait_for_selector("[data-status=invalid]")
    errors = page.locator("table.zg-errors").inner_text()
    assert "第 3 行" in errors and "身份证号校验位错误" in errors
    assert page.locator("[data-confirm-import]").count() == 0
    _shot(page, "import_errors")
    assert Cadre.objects.count() == 0
    assert outside_requests == []


def test_phone_width_layout(page: Any, live_server: Any, personas: Any, tree: Any, make_cadre: Any, outside_requests: list[str]) -> None:
    make_cadre(tree.county_a1, name="张三")
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, "a-admin")
    page.goto(f"{live_server.url}/people/cadres/")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#sidebar-menu").is_visible()
    toggler.click()
    page.wait_for_selector("#sidebar-menu.show")
    assert page.locator("#sidebar-menu").get_by_text("组工干部名册").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    _shot(page, "phone")
    assert outside_requests == []


def test_lockout_page(page: Any, live_server: Any, personas: Any, outside_requests: list[str]) -> None:
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "a-admin")
        page.fill("#id_password", "Wrong#Pass2026")
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "a-admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=已暂时锁定")
    assert page.url.endswith("/accounts/login/")
    assert outside_requests == []
