"""开门评部 as new users click through it, in headless Debian chromium (zh-CN): a member of the public writes to a
county through the mailbox on a phone-sized screen and gets a receipt code; the county's staff acknowledge the
letter, cluster it into a problem, plan a measure and report it done with evidence; the city accepts it (销号);
the county answers everyone who raised the problem; the writer reads the reply with the code and rates it; the
ledger counts update at county, city and province; another county cannot open the letter. No request leaves
the server. Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory) as opinions-*.png."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from zugong.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())


def _login(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.card button.btn-primary")
    page.wait_for_url(f"{live_server.url}/", wait_until="domcontentloaded")


def _shot(page: Any, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"opinions-{name}.png"), full_page=full)


def test_letter_to_problem_to_measure_to_acceptance_and_rating(page: Any, browser: Any, live_server: Any, personas: Any, tree: Any,
                                                               settings: Any, tmp_path: Path) -> None:
    from zugong.opinions.categories import ensure_categories
    from zugong.opinions.models import MailboxCase, Measure

    ensure_categories()
    cache.clear()
    settings.CAPTCHA_TEST_MODE = True  # the picture cannot be read by a test; "PASS" solves it
    outside: list[str] = []
    page.on("dialog", lambda d: d.accept())
    county = make_user("a1-admin", grants=[("admin", tree.county_a1)])
    base = live_server.url

    # 1. the public, on a phone: no account
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    pub = phone.new_page()
    pub.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
    pub.goto(f"{base}/mailbox/")
    expect(pub.locator("body")).to_contain_text("保密")
    pub.fill("[data-filter-select]", "甲一")
    pub.select_option("#id_org_unit", value=str(tree.county_a1.pk))
    expect(pub.locator("#id_org_unit option:not([hidden])")).to_have_count(1)  # the filter left only 甲一县
    pub.select_option("#id_category", label="工作作风")
    pub.fill("#id_subject", "报表太多")
    pub.fill("#id_content", "社区每个月要填报的报表有十几种，很多内容重复，希望精简。")
    pub.fill("#id_contact", "13912345678")
    pub.fill("#id_captcha", "PASS")
    _shot(pub, "mailbox-phone")
    pub.click("button[type=submit]")
    code = pub.locator("[data-receipt]").inner_text().strip()
    assert len(code.replace("-", "")) == 26
    _shot(pub, "receipt-phone")
    assert not phone.cookies()  # the writer got no cookie
    case = MailboxCase.objects.get()

    # 2. the county acknowledges, clusters the letter into a problem, plans a measure, reports it done
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
    _login(page, live_server, county.username)
    page.goto(f"{base}/opinions/mailbox/")
    page.click(f"tr[data-case='{case.pk}'] a")
    expect(page.locator("[data-content]")).to_contain_text("十几种")
    expect(page.locator("#contact")).to_contain_text("139****5678")
    page.click("form[action$='/acknowledge/'] button")
    expect(page.locator(".alert, .toast").first).to_contain_text("已受理")
    _shot(page, "case")
    page.click("[data-opinion-link]")
    page.click("a[href*='/problems/add/?opinion=']")
    page.fill("#id_title", "报表材料过多，基层负担重")
    page.click("form.card button.btn-primary")
    expect(page.locator("[data-clustered]")).to_have_count(1)
    page.click("a[href$='/measures/add/']")
    page.fill("#id_content", "精简报表，合并同类报表")
    page.fill("#id_responsible", "组织科 李科长")
    page.fill("#id_days", "10")
    page.click("form.card button.btn-primary")
    page.click("[data-measure] >> nth=0")
    evidence = tmp_path / "精简方案.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    complete = page.locator("form[action$='/complete/']")
    complete.locator("textarea").fill("报表由15种减为6种")
    complete.locator("input[type=file]").set_input_files(str(evidence))
    complete.locator("button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "awaiting")
    expect(page.locator("form[action$='/decide/']")).to_have_count(0)  # a county does not close its own measure
    _shot(page, "measure-awaiting")
    measure_url = page.url

    # 3. the city accepts (销号)
    _login(page, live_server, personas.city_a.username)
    page.goto(measure_url)
    page.locator("form[action$='/decide/'] textarea").fill("成效明显，同意销号")
    page.click("button[value=accept]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "closed")
    _shot(page, "measure-closed")
    page.goto(f"{base}/opinions/ledger/")
    expect(page.locator("[data-planned]")).to_have_text("1")
    expect(page.locator("[data-done]")).to_have_text("1")
    _shot(page, "ledger")

    # 4. the county answers everyone who raised the problem
    _login(page, live_server, county.username)
    page.goto(f"{base}/opinions/problems/")
    page.click("[data-problem] a")
    page.locator("form[action$='/feedback/'] textarea").fill("已将报表由15种减为6种，感谢您的意见。")
    page.locator("form[action$='/feedback/'] button").click()
    expect(page.locator(".alert, .toast").first).to_contain_text("已向 1 条意见的提出人反馈")
    _shot(page, "problem")

    # 5. the writer reads the reply with the code and rates it
    pub.goto(f"{base}/mailbox/status/")
    pub.fill("#id_code", code.lower())
    pub.click("form[action='/mailbox/status/'] button")
    expect(pub.locator("[data-reply]")).to_contain_text("由15种减为6种")
    pub.check("input[name=rating][value='5']")
    pub.click("form[action='/mailbox/rate/'] button")
    expect(pub.locator("[data-rated]")).to_have_attribute("data-rated", "5")
    _shot(pub, "rated-phone")

    # 6. the counts at county, city and province; another county cannot open the letter
    for user, org in ((county, tree.county_a1), (personas.city_a, tree.city_a), (personas.province, tree.province)):
        _login(page, live_server, user.username)
        page.goto(f"{base}/opinions/ledger/?org={org.pk}")
        expect(page.locator("[data-planned]")).to_have_text("1")
        expect(page.locator("[data-done]")).to_have_text("1")
    _login(page, live_server, personas.county_b1.username)
    assert page.goto(f"{base}{case.get_absolute_url()}").status == 404
    assert Measure.objects.get().status == "closed"
    phone.close()
    assert not outside, outside
