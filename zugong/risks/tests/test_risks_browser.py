"""岗位风险排查 as new users click through it, in headless Debian chromium (zh-CN): 甲市's business admin opens
岗位风险防控 > 逾期未排查 and finds 甲一县's 干部调配岗 under its office 干部股; 甲一县's clerk opens the same list, opens
the post, records the review — one risk point 正常, one 发现问题 with the finding, put into the ledger with a
deadline — and sees the next review date moved on, the finding's measure with its status, the post gone from the
overdue list, and the measure on the rectification ledger's measure page. No request leaves the server.
Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory) as risks-*.png."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from zugong.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
FINDING = "2名拟提拔人选的动议材料未经部务会酝酿即进入考察"


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


def _login(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/", wait_until="domcontentloaded")


def _menu(page: Any, label: str) -> None:
    page.locator("#sidebar-menu .nav-link-title").get_by_text(label, exact=True).click()
    page.wait_for_load_state("domcontentloaded")


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"risks-{name}.png"), full_page=True)


def test_overdue_review_recorded_and_finding_into_the_ledger(page: Any, live_server: Any, personas: Any, tree: Any,
                                                             outside_requests: list[str]) -> None:
    from django.utils import timezone

    from zugong.accounts.access import SYSTEM
    from zugong.core.calendar import add_months
    from zugong.opinions.models import Measure
    from zugong.risks import services
    from zugong.risks.models import Post, ReviewResult

    today = timezone.localdate()
    post = services.post_create(actor=SYSTEM, data={"org_unit": tree.county_a1, "office": tree.county_a1_office, "name": "干部调配岗",
                                                     "duties": "干部调配、任免文件办理", "review_interval": 6,
                                                     "next_review_on": today - timedelta(days=9)})
    first, second = services.points_from_catalogue(actor=SYSTEM, post=post, codes=["XB-01", "XB-05"], responsible="王股长")
    services.post_create(actor=SYSTEM, data={"org_unit": tree.county_a1, "office": tree.county_a1_office, "name": "干部档案岗",
                                             "review_interval": 6})  # not yet due
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. the city above sees the county's overdue post under its office
    _login(page, live_server, personas.city_a.username)
    _menu(page, "逾期未排查")
    card = page.locator("[data-office='干部股']")
    expect(card).to_contain_text("甲一县委组织部 · 干部股")
    expect(card.locator(f"[data-overdue-post='{post.pk}']")).to_contain_text("9 天")
    expect(page.locator("[data-overdue-post]")).to_have_count(1)
    _shot(page, "overdue-city")

    # 2. the county's clerk opens the list, the post, and records the review
    _login(page, live_server, personas.county_a1_clerk.username)
    _menu(page, "逾期未排查")
    page.locator(f"[data-overdue-post='{post.pk}'] a", has_text="干部调配岗").click()
    page.wait_for_url(f"{live_server.url}/risks/posts/{post.pk}/")
    expect(page.locator("[data-overdue]")).to_have_text("逾期未排查")
    page.locator("a[data-review]").click()
    page.wait_for_url(f"{live_server.url}/risks/posts/{post.pk}/review/")
    expect(page.locator("#id_reviewer")).not_to_have_value("")
    page.fill("#id_reviewer", "李股长")
    row = page.locator(f"[data-point-row='{first.pk}']")
    row.get_by_label("发现问题").check()
    row.locator(f"#id_finding_{first.pk}").fill(FINDING)
    expect(row.locator(f"#id_ledger_{first.pk}")).to_be_checked()
    page.locator(f"[data-point-row='{second.pk}']").get_by_label("正常").check()
    deadline = today + timedelta(days=20)
    page.fill("#id_deadline", deadline.isoformat())
    _shot(page, "review-form")
    page.get_by_role("button", name="保存排查结果").click()
    nxt = add_months(today, 6)
    expect(page.locator(".alert-success")).to_contain_text(f"已登记排查，下次排查日期 {nxt:%Y-%m-%d}；1 个问题已列入整改台帐")
    measure = Measure.objects.get()
    result = ReviewResult.objects.get(result="problem")
    assert result.measure == measure and measure.org_unit == tree.county_a1 and measure.deadline == deadline
    item = page.locator(f"[data-result='{result.pk}']")
    expect(item.locator("[data-finding]")).to_have_text(FINDING)
    expect(item.locator("[data-measure-status]")).to_have_text("未启动")
    _shot(page, "review-detail")
    assert Post.objects.get(pk=post.pk).next_review_on == nxt

    # 3. the post has left the overdue list
    _menu(page, "逾期未排查")
    expect(page.locator("[data-overdue-post]")).to_have_count(0)
    expect(page.locator(".card-body", has_text="没有逾期未排查的岗位")).to_be_visible()

    # 4. the measure is in the rectification ledger
    page.goto(f"{live_server.url}/risks/reviews/{result.review_id}/")
    item = page.locator(f"[data-result='{result.pk}']")
    item.locator(f"[data-measure='{measure.pk}'] a").click()
    page.wait_for_url(f"{live_server.url}/opinions/measures/{measure.pk}/")
    expect(page.locator("body")).to_contain_text(FINDING)
    expect(page.locator("body")).to_contain_text("未启动")
    _shot(page, "measure")
    assert outside_requests == []
