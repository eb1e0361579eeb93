"""项目化管理 as new users click through it, in headless Debian chromium (zh-CN): the province publishes a
重点突破创新项目 on its menu (新建项目, 列入认领清单); county A1's clerk opens 项目化管理 > 认领清单, applies with the
county's own targets and sees the claim waiting; the province opens 认领审核, approves it (双向选择) and the project
appears as the county's own; the clerk reports this month's progress; the province's 项目月通报 shows the county's
project with its progress and report, and the bulletin issued through the briefing machinery (签发) shows it with its
figures frozen. No request leaves the server. Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory) as
projects-*.png."""

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
TITLE = "干部选任全程纪实"
TARGETS = "年底前在全县推开干部选任全程纪实，形成典型经验2个"


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    seen: list[str] = []

    def accept(d: Any) -> None:
        seen.append(d.message)
        d.accept()

    page.on("dialog", accept)
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
    page.screenshot(path=str(SHOTS / f"projects-{name}.png"), full_page=True)


def _success(page: Any, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def test_a_county_claims_the_province_approves_and_the_bulletin_shows_it(page: Any, live_server: Any, personas: Any, tree: Any,
                                                                         dialogs: list[str], outside_requests: list[str]) -> None:
    from django.utils import timezone

    from zugong.projects.models import Claim, Project
    from zugong.stats.models import Briefing

    base = live_server.url
    today = timezone.localdate()
    deadline = today + timedelta(days=150)
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. the province publishes the project on its menu
    _login(page, live_server, personas.province.username)
    _menu(page, "项目管理")
    page.get_by_role("link", name="新建项目").click()
    page.wait_for_url(f"{base}/projects/add/")
    page.select_option("#id_org_unit", label="示范省委组织部")
    page.fill("#id_title", TITLE)
    page.fill("#id_content", "建立干部选任全程纪实制度，实现选任工作全程留痕、可追溯。")
    page.fill("#id_targets", "年底前全省各级组织部门全面推开")
    page.fill("#id_leader", "常务副部长")
    page.fill("#id_responsible_name", "干部一处")
    page.fill("#id_deadline", deadline.isoformat())
    page.check("#id_claimable")
    page.fill("#id_claim_until", (today + timedelta(days=20)).isoformat())
    _shot(page, "add")
    page.locator("form.card button[type=submit]").click()
    _success(page, f"已新建项目“{TITLE}”")
    menu = Project.objects.get(title=TITLE, parent__isnull=True)
    assert menu.claimable and menu.org_unit == tree.province
    page.get_by_placeholder("节点名称").fill("制定实施方案")
    page.get_by_label("计划完成日期").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="添加节点").click()
    _success(page, "已添加节点")

    # 2. county A1's clerk claims it from the menu with the county's targets
    _login(page, live_server, personas.county_a1_clerk.username)
    _menu(page, "认领清单")
    row = page.locator(f"tr[data-menu-project='{menu.pk}']")
    expect(row).to_contain_text("示范省委组织部")
    _shot(page, "menu")
    row.get_by_role("link", name="申请认领").click()
    expect(page.locator("#id_org_unit option:checked")).to_have_text("甲一县委组织部")
    page.fill("#id_targets", TARGETS)
    page.fill("#id_leader", "分管副部长")
    page.fill("#id_responsible_name", "干部股")
    page.fill("#id_deadline", (deadline - timedelta(days=10)).isoformat())
    page.get_by_role("button", name="提交认领申请").click()
    _success(page, f"已申请认领“{TITLE}”，等待示范省委组织部审核")
    expect(page.locator("[data-claim-status]")).to_have_text("待审核")
    _menu(page, "本单位认领")
    expect(page.locator("tr[data-claim]")).to_have_count(1)
    expect(page.locator("tr[data-claim]")).to_contain_text("待审核")
    claim = Claim.objects.get()
    assert (claim.org_unit, claim.targets, claim.status) == (tree.county_a1, TARGETS, "pending")

    # 3. the province approves it in its inbox (双向选择)
    _login(page, live_server, personas.province.username)
    _menu(page, "认领审核")
    inbox = page.locator(f"tr[data-claim='{claim.pk}']")
    expect(inbox).to_contain_text("甲一县委组织部")
    _shot(page, "inbox")
    inbox.get_by_role("link", name="审核").click()
    expect(page.locator("[data-claim-unit]")).to_have_text("甲一县委组织部")
    page.get_by_role("button", name="提交审核").click()  # 同意认领 is preselected
    _success(page, "已同意甲一县委组织部认领，项目已列入该单位的项目")
    expect(page.locator("[data-claim-status]")).to_have_text("已同意")
    claim.refresh_from_db()
    own = claim.project
    assert own is not None and own.org_unit == tree.county_a1 and own.parent == menu and own.milestones.count() == 1
    _shot(page, "approved")

    # 4. the clerk reports this month's progress on the county's own project
    _login(page, live_server, personas.county_a1_clerk.username)
    page.goto(f"{base}{own.get_absolute_url()}")
    expect(page.locator("[data-targets]")).to_contain_text(TARGETS)
    page.get_by_label("进度").fill("30")
    page.get_by_label("进展情况").fill("召开专题推进会，完成3个乡镇试点。")
    page.get_by_role("button", name="报告本月进展").click()
    _success(page, "已报告本月进展")
    expect(page.locator("[data-progress]")).to_have_text("30%")

    # 5. the province's monthly bulletin shows it; issued through the briefing machinery, its figures are frozen
    _login(page, live_server, personas.province.username)
    _menu(page, "项目月通报")
    row = page.locator(f"[data-bulletin] tr[data-row='{own.pk}']")
    expect(row).to_contain_text("甲一县委组织部")
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("30%")
    expect(row).to_contain_text("召开专题推进会")
    expect(page.locator("[data-ranking]")).to_contain_text("甲一县委组织部")
    _shot(page, "bulletin")
    page.locator("[data-draft]").click()
    _success(page, "项目月通报（草稿）")
    page.locator("[data-issue]").click()
    expect(page.locator(".badge", has_text="已签发")).to_be_visible()
    doc = page.locator(".briefing-doc")
    expect(doc).to_contain_text("下级单位认领项目1个")
    expect(doc).to_contain_text("甲一县委组织部")
    expect(doc.get_by_role("link", name=TITLE)).to_have_attribute("href", own.get_absolute_url())
    _shot(page, "issued")
    b = Briefing.objects.get()
    assert b.is_issued and b.snapshot.values.filter(code="projects.claims_approved", row="total").get().value == 1
    assert "签发后将编号并冻结全部数字，不能再修改。确定签发？" in dialogs
    assert outside_requests == []
