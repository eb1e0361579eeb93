"""The campaigns feature as new users click through it, in headless Debian chromium (zh-CN): the
province creates the 三讲三提升 campaign from the built-in template and deploys it; the city accepts a
task and deploys it on to its counties; a county clerk accepts, reports 50% with a PDF; the city and
the province see the roll-up; an overdue task is urged; an outside county gets 404; a supervision
group plans and records an inspection whose finding the city rectifies. No request leaves the
server. Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory) as campaign-*.png."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zugong.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
PDF = b"%PDF-1.4\n%%EOF\n"
TASK = "加强能力建设"


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Accept every confirm() (forms with data-confirm, app.js) and keep its text."""
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
    page.evaluate("window.scrollTo(0, 0)")  # a page opened at an anchor would draw the sticky sidebar halfway down
    page.screenshot(path=str(SHOTS / f"campaign-{name}.png"), full_page=True)


def _success(page: Any, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


@pytest.fixture
def running(personas: Any, tree: Any) -> Any:
    """Set up through the services: the campaign deployed, city A accepted 加强能力建设 and deployed it on
    to its two counties (the pages for these steps are tried in test_deploy_accept_and_deploy_onward)."""
    from zugong.campaigns import fanout, progress, services
    from zugong.campaigns.models import Assignment

    start = timezone.localdate() - timedelta(days=30)
    c = services.campaign_from_template(actor=personas.province, org_unit=tree.province, code="sanjiang", start_date=start)
    fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    a = Assignment.objects.get(campaign=c, org_unit=tree.city_a, title=TASK)
    progress.assignment_save(actor=personas.city_a, assignment=a, co_offices=[], expected_version=a.version, data={
        "leader": "王刚（副部长）", "lead_office": tree.city_a_office, "responsible": personas.city_a, "deadline": a.deadline,
        "content": ""})
    fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c, assignments=[a], workdays_earlier=5)
    c.refresh_from_db()
    return c


def test_deploy_accept_and_deploy_onward(page: Any, live_server: Any, personas: Any, tree: Any, dialogs: list[str],
                                         outside_requests: list[str]) -> None:
    from zugong.campaigns.models import Assignment, Campaign

    page.set_viewport_size({"width": 1366, "height": 900})
    # 1. the province creates the campaign from the built-in template and deploys it
    _login(page, live_server, "p-admin")
    _menu(page, "活动")
    page.get_by_role("link", name="新建活动").click()
    page.wait_for_url(re.compile(r"/campaigns/add/$"))
    builtin = page.locator("form[data-builtin=sanjiang]")
    expect(builtin).to_contain_text("三讲三提升")
    assert builtin.locator("input[name=start_date]").input_value() == timezone.localdate().isoformat()
    builtin.get_by_role("button", name="以此模板新建").click()
    _success(page, "已按内置模板新建“三讲三提升”活动")
    expect(page.get_by_role("heading", name="重点任务（6）")).to_be_visible()
    expect(page.get_by_role("heading", name="活动载体（6）")).to_be_visible()
    page.click("[data-deploy]")
    _success(page, "已部署：2 个单位共 24 项任务，已通知各单位接收")
    assert any("确定部署？" in m for m in dialogs), dialogs
    c = Campaign.objects.get()
    assert c.status == Campaign.Status.DEPLOYED
    rows = page.locator("#unit-progress tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("甲市委组织部")
    expect(rows.nth(1)).to_contain_text("乙市委组织部")
    expect(rows.nth(0)).to_contain_text("0/12")
    expect(page.locator("[data-figure=issued]")).to_have_text("24")
    expect(page.locator("[data-figure=progress]")).to_have_text("0.0%")
    assert page.locator("[data-deploy]").count() == 0  # deployed once only
    _shot(page, "overview-deployed")

    # 2. the city opens 我的任务, accepts one task, deploys it on to its counties
    _login(page, live_server, "a-admin")
    _menu(page, "我的任务")
    issued = page.locator("#issued")
    expect(issued).to_contain_text("待接收")
    expect(issued.locator("tbody tr")).to_have_count(12)
    expect(issued).to_contain_text("示范省委组织部")
    issued.get_by_role("link", name=TASK, exact=True).click()
    expect(page.locator("[data-status]")).to_have_text("待接收")
    form = page.locator("#accept-form")
    expect(form).to_contain_text("接收任务")
    deadline = form.locator("input[name=deadline]").input_value()
    assert deadline  # kept: the superior's deadline
    form.locator("input[name=leader]").fill("王刚（副部长）")
    form.locator("select[name=lead_office]").select_option(label="干部科")
    form.locator("select[name=responsible]").select_option(label="a-admin")
    # 配合科室: the city has one office, already the lead one, so no box is ticked
    expect(form.locator("input[name=co_offices]")).to_have_count(1)
    form.get_by_role("button", name="接收").click()
    _success(page, "已接收任务，请细化落实或向下部署")
    expect(page.locator("[data-status]")).to_have_text("落实中")
    info = page.locator("dl").first
    expect(info).to_contain_text("王刚（副部长）")
    expect(info).to_contain_text("干部科")
    expect(info).to_contain_text(deadline)
    page.get_by_role("link", name="向下部署").click()
    page.wait_for_url(re.compile(rf"/campaigns/{c.pk}/onward/\?unit={tree.city_a.pk}$"))
    expect(page.locator("form.card")).to_contain_text("甲一县委组织部、甲二县委组织部")
    expect(page.locator(".alert-warning")).to_contain_text("还有 11 项任务未接收")
    boxes = page.locator("input[name=assignments]")
    expect(boxes).to_have_count(1)
    expect(boxes.first).to_be_checked()
    expect(page.locator("form.card")).to_contain_text(f"{TASK}（时限 {deadline}）")
    expect(page.locator("input[name=workdays_earlier]")).to_have_value("5")
    _shot(page, "onward")
    page.get_by_role("button", name="部署", exact=True).click()
    _success(page, "已将 1 项任务部署到 2 个下级单位（共 2 条任务分解）")
    rows = page.locator("#unit-progress tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("甲一县委组织部")
    expect(rows.nth(1)).to_contain_text("甲二县委组织部")
    parent = Assignment.objects.get(campaign=c, org_unit=tree.city_a, title=TASK)
    kids = Assignment.objects.filter(parent=parent).order_by("org_unit__path")
    assert [k.org_unit.name for k in kids] == ["甲一县委组织部", "甲二县委组织部"]
    assert all(k.status == Assignment.Status.ISSUED and k.deadline < parent.deadline for k in kids)
    assert outside_requests == []


def test_county_reports_roll_up_urge_and_scope(page: Any, live_server: Any, personas: Any, tree: Any, running: Any,
                                               dialogs: list[str], outside_requests: list[str]) -> None:
    from zugong.campaigns.models import Assignment

    page.set_viewport_size({"width": 1366, "height": 900})
    c = running
    # 3. the county clerk accepts its task and reports 50% with a PDF
    _login(page, live_server, "a1-clerk")
    _menu(page, "我的任务")
    issued = page.locator("#issued")
    expect(issued.locator("tbody tr")).to_have_count(1)
    expect(issued).to_contain_text("甲市委组织部")
    issued.get_by_role("link", name=TASK, exact=True).click()
    expect(page.locator("[data-status]")).to_have_text("待接收")
    expect(page.locator("body")).to_contain_text("上级任务：甲市委组织部")
    page.locator("#accept-form").get_by_role("button", name="接收").click()
    _success(page, "已接收任务")
    expect(page.locator("[data-status]")).to_have_text("落实中")
    report = page.locator("#report-form")
    assert report.locator("input[name=date]").input_value() == timezone.localdate().isoformat()
    report.locator("input[name=percent]").fill("50")
    report.locator("textarea[name=text]").fill("已召开动员会，完成第一轮业务培训。")
    report.locator("input[name=attachments]").set_input_files(
        files=[{"name": "佐证.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    report.get_by_role("button", name="报告进度").click()
    _success(page, "进度已报告")
    expect(page.locator("[data-progress]")).to_have_text("50.0%")
    entry = page.locator("#timeline .timeline-event").first
    expect(entry).to_contain_text("进度 50.0%")
    expect(entry).to_contain_text("已召开动员会")
    expect(entry).to_contain_text("a1-clerk")
    link = entry.get_by_role("link", name="佐证.pdf")
    expect(link).to_be_visible()
    got = page.request.get(live_server.url + link.get_attribute("href"))
    assert got.status == 200 and got.body() == PDF
    _shot(page, "assignment-timeline")
    a1 = Assignment.objects.get(campaign=c, org_unit=tree.county_a1)

    # 4. the city sees the county's progress rolled up, the province sees the city's
    _login(page, live_server, "a-admin")
    _menu(page, "我的任务")
    page.locator("#other").get_by_role("link", name=TASK, exact=True).click()
    expect(page.locator("[data-progress]")).to_have_text("25.0%")
    kids = page.locator("#children tbody tr")
    expect(kids).to_have_count(2)
    expect(kids.nth(0)).to_contain_text("甲一县委组织部")
    expect(kids.nth(0)).to_contain_text("50.0%")
    expect(kids.nth(0)).to_contain_text("落实中")
    expect(kids.nth(1)).to_contain_text("甲二县委组织部")
    expect(kids.nth(1)).to_contain_text("0.0%")
    expect(kids.nth(1)).to_contain_text("待接收")
    _shot(page, "assignment-rollup")

    city = Assignment.objects.get(campaign=c, org_unit=tree.city_a, title=TASK)
    _login(page, live_server, "p-admin")
    _menu(page, "活动")
    page.get_by_role("link", name="“三讲三提升”活动").click()
    row = page.locator(f"#unit-progress tr[data-unit='{tree.city_a.pk}']")
    expect(row).to_contain_text("2.1%")  # 25% on one of its 12 tasks
    expect(row).to_contain_text("0/12")
    expect(page.locator(f"#unit-progress tr[data-unit='{tree.city_b.pk}']")).to_contain_text("0.0%")
    expect(page.locator("#overdue")).to_have_count(0)

    # a task falls overdue (setup), the province sees it and urges it
    Assignment.objects.filter(pk=city.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    page.reload()
    expect(page.locator("[data-figure=overdue]")).to_have_text("1")
    expect(page.get_by_role("heading", name="逾期未完成（1）")).to_be_visible()
    late = page.locator(f"#overdue tr[data-assignment='{city.pk}']")
    expect(late).to_contain_text("甲市委组织部")
    expect(late).to_contain_text(TASK)
    expect(late).to_contain_text("25.0%")
    expect(late).to_contain_text("a-admin")
    _shot(page, "overview-overdue")
    late.get_by_role("link", name=TASK).click()
    expect(page.locator("[data-overdue]")).to_have_text("已逾期")
    page.click("[data-urge]")
    _success(page, "已催办，通知 1 人")
    assert any("向甲市委组织部发出催办？" in m for m in dialogs), dialogs
    expect(page.locator("dl").first).to_contain_text("已催办 1 次")
    page.get_by_role("link", name="“三讲三提升”活动").first.click()
    expect(page.locator(f"#overdue tr[data-assignment='{city.pk}']")).to_contain_text("1 次")

    # 5. another county's staff cannot reach the county A1 task
    _login(page, live_server, "b1-admin")
    response = page.goto(f"{live_server.url}/campaigns/assignments/{a1.pk}/")
    assert response.status == 404
    expect(page.locator("body")).to_contain_text("页面不存在，或不在您的授权范围内")
    assert TASK not in page.content()
    assert outside_requests == []


def test_supervision_group_inspection_and_rectification(page: Any, live_server: Any, personas: Any, tree: Any, running: Any,
                                                        outside_requests: list[str], tmp_path: Any) -> None:
    from zugong.campaigns.models import Finding

    page.set_viewport_size({"width": 1366, "height": 900})
    c = running
    make_user("supervisor")  # an account without any grant
    today = timezone.localdate()
    due = (today + timedelta(days=30)).isoformat()

    # the province forms a supervision group on the campaign page
    _login(page, live_server, "p-admin")
    page.goto(f"{live_server.url}{c.get_absolute_url()}")
    expect(page.locator("#groups")).to_contain_text("暂无督导组")
    page.locator("#groups").get_by_role("link", name="组建督导组").click()
    expect(page.locator("#id_name")).to_have_value("第1督导组")
    page.fill("#id_name", "第一督导组")
    page.fill("#id_leader", "王刚（副部长）")
    page.select_option("#id_units", label=["甲市委组织部"])
    page.fill("#id_members", "supervisor")
    page.get_by_role("button", name="保存").click()
    _success(page, "已组建第一督导组")
    page.get_by_role("link", name="“三讲三提升”活动").first.click()
    expect(page.locator("#groups")).to_contain_text("第一督导组")
    expect(page.locator("#groups")).to_contain_text("甲市委组织部")

    # the supervisor plans an inspection of city A and records it with one finding
    _login(page, live_server, "supervisor")
    _menu(page, "督导")
    row = page.locator("tr[data-group]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("甲市委组织部")
    expect(row).to_contain_text("supervisor")
    row.get_by_role("link", name="第一督导组").click()
    units = page.locator("tr[data-unit]")
    expect(units).to_have_count(1)
    expect(units).to_contain_text("甲市委组织部")
    expect(units).to_contain_text("0.0%")  # nothing reported yet
    expect(page.locator("body")).to_contain_text("暂无督导安排")
    page.select_option("#id_org_unit", label="甲市委组织部")
    expect(page.locator("#id_planned_date")).to_have_value(today.isoformat())
    _shot(page, "group")
    page.get_by_role("button", name="安排").click()
    _success(page, f"已安排督导：甲市委组织部，{today.isoformat()}")
    form = page.locator("#inspection-form")
    expect(form.locator("#id_date")).to_have_value(today.isoformat())
    form.get_by_label("听取汇报").check()
    form.get_by_label("查阅资料").check()
    form.locator("#id_summary").fill("听取了甲市委组织部落实情况汇报，查阅了会议记录和培训台账。")
    first = form.locator("[data-finding-row]").first
    first.locator("textarea[name=f_content]").fill("部分科室学习记录不完整")
    first.locator("textarea[name=f_suggestion]").fill("补齐学习记录，建立月度检查")
    first.locator("input[name=f_deadline]").fill(due)
    form.get_by_role("button", name="保存督导记录").click()
    _success(page, "督导情况已记录，发现问题 1 个，已转为整改事项")
    expect(page.get_by_role("heading", name="发现的问题（1）")).to_be_visible()
    finding_row = page.locator("#findings tbody tr")
    expect(finding_row).to_contain_text("部分科室学习记录不完整")
    expect(finding_row).to_contain_text(due)
    expect(finding_row).to_contain_text("待整改")
    expect(page.locator("body")).to_contain_text("听取汇报、查阅资料")
    expect(page.locator("#inspection-form")).to_have_count(0)
    _shot(page, "inspection")

    # the city sees the finding and reports its measure done in the rectification ledger, with evidence
    _login(page, live_server, "a-admin")
    _menu(page, "督导问题整改")
    row = page.locator("tr[data-finding]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("甲市委组织部")
    expect(row).to_contain_text("待整改")
    row.get_by_role("link", name="部分科室学习记录不完整").click()
    expect(page.locator("[data-status]")).to_have_text("待整改")
    page.locator("[data-measure]").first.click()
    evidence = tmp_path / "学习记录检查制度.pdf"
    evidence.write_bytes(PDF)
    complete = page.locator("form[action$='/complete/']")
    complete.locator("textarea").fill("已补齐各科室学习记录，建立月度检查制度。")
    complete.locator("input[type=file]").set_input_files(str(evidence))
    complete.locator("button").click()
    _success(page, "已报告完成，等待上级验收")
    expect(page.locator("body")).to_contain_text("已补齐各科室学习记录")
    # the province (the city's superior) accepts it; the finding is rectified
    _login(page, live_server, "p-admin")
    measure_url = Finding.objects.get().measures.get().get_absolute_url()
    page.goto(f"{live_server.url}{measure_url}")
    page.click("button[value=accept]")
    _success(page, "已验收销号")
    page.goto(f"{live_server.url}{Finding.objects.get().get_absolute_url()}")
    expect(page.locator("[data-status]")).to_have_text("已整改")
    _shot(page, "finding")
    assert Finding.objects.get().status == Finding.Status.DONE
    assert outside_requests == []
