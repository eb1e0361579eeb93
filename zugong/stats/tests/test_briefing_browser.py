"""The briefing editor in headless Debian chromium: the live preview computes real figures as one
types, shows placeholder mistakes in Chinese (a 400 fragment is still swapped in), inserting an
indicator from the list works, and issuing from the page numbers the briefing. No request leaves
the server."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zugong.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_preview_errors_insert_and_issue(page: Any, live_server: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.stats import briefings
    from zugong.stats.models import Briefing

    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    for _ in range(3):
        make_cadre(tree.county_a1)
    tpl = briefings.template_create(actor=personas.city_a, org_unit=tree.city_a, data={
        "name": "周报", "kind": "briefing", "masthead": "组工简报", "title": "{单位}情况", "body": "在册{people.headcount}人。"})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "a-admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/stats/briefings/templates/{tpl.pk}/")
    page.wait_for_selector("#preview .briefing-doc")
    assert "在册3人。" in page.inner_text("#preview")
    assert "甲市委组织部情况" in page.inner_text("#preview .bd-title")

    page.fill("textarea[name=body]", "共有{人数}人")
    page.wait_for_selector("[data-preview-problems]")
    assert "第1行：无法识别的占位符 {人数}" in page.inner_text("#preview")

    page.fill("textarea[name=body]", "变动")
    page.locator("details summary").click()
    page.click("[data-insert='{people.movements}']")
    assert page.input_value("textarea[name=body]") == "变动{people.movements}"
    page.locator("#preview").get_by_text("变动0").wait_for()

    b = briefings.briefing_create(actor=personas.city_a, org_unit=tree.city_a, template=tpl,
                                  period_start=date(2026, 1, 1), period_end=date(2026, 6, 30))
    page.goto(f"{live_server.url}/stats/briefings/{b.pk}/")
    page.on("dialog", lambda d: d.accept())
    page.click("[data-issue]")
    page.wait_for_selector("text=已签发：组工简报第1期")
    assert Briefing.objects.get(pk=b.pk).number == 1
    assert page.locator(".bd-number").inner_text() == "第1期"
    assert not outside, outside
