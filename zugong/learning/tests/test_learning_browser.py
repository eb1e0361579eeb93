"""学、考 as new users click through it, in headless Debian chromium (zh-CN): city staff import a question
bank from Excel (a bad row is reported and nothing imported, then the corrected file goes in), create an
exam for two counties and publish it; a county cadre takes it on a phone-sized screen and sees the score;
the exam's pass rate for the county and the cadre's points card update; the coverage page lists the
cadre as overdue for training. No request leaves the server. Screenshots go to $ZUGONG_SCREENSHOTS
(default: the temp directory) as learning-*.png."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from zugong.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
HEADERS = ["题型", "分类/知识点", "难度", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _questions() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(1, 6):
        rows.append(["单选", "党章", "容易", f"第{i}道单选题：哪一项正确？", f"正确选项{i}", f"干扰项甲{i}", f"干扰项乙{i}", f"干扰项丙{i}", "A",
                     f"解析{i}"])
    for i in range(1, 6):
        rows.append(["判断", "纪律", "中等", f"第{i}道判断题：这句话是对的。", "", "", "", "", "对", ""])
    return rows


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


def _shot(page: Any, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"learning-{name}.png"), full_page=full)


def test_bank_exam_phone_sitting_points_and_coverage(page: Any, browser: Any, live_server: Any, personas: Any, tree: Any,
                                                     make_cadre: Any, outside_requests: list[str]) -> None:
    from zugong.learning import bank as bank_svc
    from zugong.learning.models import Question

    page.on("dialog", lambda d: d.accept())
    bank = bank_svc.bank_create(actor=personas.city_a, org_unit=tree.city_a, name="应知应会")
    taker = make_user("a1-taker")
    cadre = make_cadre(tree.county_a1, name="李考生")
    cadre.user = taker
    cadre.save(update_fields=["user"])
    make_cadre(tree.county_a2, name="赵甲二")

    # 1. the import: a bad row is reported by its row number and nothing is written; the corrected file goes in
    _login(page, live_server, "a-admin")
    page.goto(f"{live_server.url}/learning/banks/{bank.pk}/import/")
    bad = [*_questions(), ["单选", "党章", "容易", "缺选项的单选题", "只有一个选项", "", "", "", "B", ""]]
    page.set_input_files("input[name=file]", files=[{"name": "题库.xlsx", "mimeType": "application/octet-stream", "buffer": _xlsx(bad)}])
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#import-errors")).to_contain_text("未导入任何试题")
    expect(page.locator("#import-errors")).to_contain_text("第 12 行")
    _shot(page, "01-import-errors")
    assert Question.objects.filter(bank=bank).count() == 0
    page.set_input_files("input[name=file]", files=[{"name": "题库.xlsx", "mimeType": "application/octet-stream",
                                                      "buffer": _xlsx(_questions())}])
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".alert-success")).to_contain_text("已导入 10 题")
    _shot(page, "02-bank")

    # 2. an exam for the two counties, published
    page.goto(f"{live_server.url}/learning/exams/add/")
    page.fill("#id_title", "应知应会测试")
    page.fill("#id_starts_at", "2020-01-01T08:00")
    page.fill("#id_ends_at", "2099-12-31T18:00")
    page.fill("#id_time_limit", "20")
    page.fill("#id_pass_score", "60")
    page.select_option("#id_target_units", label=["　　甲一县委组织部", "　　甲二县委组织部"])
    page.select_option("#id_rules-0-bank", str(bank.pk))
    page.select_option("#id_rules-0-kind", "single")
    page.fill("#id_rules-0-count", "5")
    page.fill("#id_rules-0-points", "10")
    page.select_option("#id_rules-1-bank", str(bank.pk))
    page.select_option("#id_rules-1-kind", "judge")
    page.fill("#id_rules-1-count", "5")
    page.fill("#id_rules-1-points", "10")
    _shot(page, "03-exam-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("请检查试卷设置后发布考试")
    page.get_by_role("button", name="发布考试").click()
    expect(page.locator(".alert-success")).to_contain_text("考试已发布")
    exam_url = page.url

    # 3. the cadre on a phone: my exams, start, answer, hand in, the score
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai")
    p = phone.new_page()
    p.on("dialog", lambda d: d.accept())
    p.on("request", lambda r: outside_requests.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    _login(p, live_server, "a1-taker")
    p.goto(f"{live_server.url}/learning/my/exams/")
    card = p.locator("[data-open-exam]")
    expect(card).to_contain_text("应知应会测试")
    _shot(p, "04-phone-my-exams")
    card.get_by_role("button", name="开始考试").click()
    expect(p.locator(".zg-question")).to_have_count(10)
    assert "解析1" not in p.content()  # the key stays on the server until hand-in
    for q in p.locator(".zg-question").all():
        right = q.locator("label.zg-option", has_text="正确选项")
        (right if right.count() else q.locator("label.zg-option", has_text="对")).click()
    expect(p.locator("[data-save-status]")).to_contain_text("已自动保存")
    expect(p.locator("[data-answered]")).to_have_text("10")
    _shot(p, "05-phone-paper", full=False)
    p.get_by_role("button", name="交卷").click()
    expect(p.locator("[data-score]")).to_have_text("100.0")
    expect(p.locator("[data-passed]")).to_have_text("合格")
    _shot(p, "06-phone-result", full=False)

    # 4. the cadre's points card has the exam reward
    p.goto(f"{live_server.url}/points/cards/mine/")
    expect(p.locator("body")).to_contain_text("考试合格")
    expect(p.locator("tfoot")).to_contain_text("10")
    phone.close()

    # 5. the organizer sees the county's pass rate; the coverage page lists the cadre as overdue for training
    page.goto(exam_url)
    row = page.locator("[data-results] tr", has_text="甲一县委组织部")
    expect(row.locator("[data-pass-rate]")).to_have_text("100.0%")
    _shot(page, "07-exam-results")
    page.goto(f"{live_server.url}/learning/coverage/")
    expect(page.locator("body")).to_contain_text("李考生")
    expect(page.locator("body")).to_contain_text("从未参训")
    _shot(page, "08-coverage")
    assert not outside_requests, outside_requests
