"""满意度测评 as new users click through it, in headless Debian chromium (zh-CN): the province opens 测评评议 >
满意度测评, creates a survey of its five cities from the shipped template, sets the quotas and publishes it; it
prints one city's slips (PDF) and takes the others' codes as Excel; a respondent with no account answers on a
phone-sized screen with a code from the slips and cannot use it twice; the other ballots come in through the
service, three cities clearly worse; the province closes the survey, reads the ranking with its formula, the
bottom three marked 专项检查, and finds their three inspections listed. No request leaves the server.
Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory) as surveys-*.png."""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from zugong.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
CITIES = ["甲市委组织部", "乙市委组织部", "丙市委组织部", "丁市委组织部", "戊市委组织部"]
QUOTAS = {"党员干部": 4, "群众": 2, "服务对象": 1}  # 7 codes per city
CODE = re.compile(r"\b[0-9A-Z]{4}(?: *-[0-9A-Z]{4}){5} *-[0-9A-Z]{2}\b")  # the slip's letter-spacing reads back as spaces
# every bulk ballot answers all 19 items alike: 1 满意, 2 基本满意, 3 不满意, 4 不了解
BULK = {
    "甲市委组织部": [1, 1, 1, 1, 1, 1],  # + the phone ballot (18 基本满意, 1 不了解): 132 / 132 = 100.0%
    "乙市委组织部": [1, 1, 1, 1, 2, 3],  # 95 / 114 = 83.3%
    "丙市委组织部": [1, 2, 3, 3, 3, 3],  # 38 / 114 = 33.3%
    "丁市委组织部": [1, 3, 3, 3, 3, 3],  # 19 / 114 = 16.7%
    "戊市委组织部": [3, 3, 3, 3, 3, 4],  # 0 / 95 = 0.0%
}
RANKING = [("1", "甲市委组织部", "7", "100.0%"), ("2", "乙市委组织部", "6", "83.3%"), ("3", "丙市委组织部", "6", "33.3%"),
           ("4", "丁市委组织部", "6", "16.7%"), ("5", "戊市委组织部", "6", "0.0%")]


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Accept every confirm() (forms with data-confirm, app.js) and keep its text. The survey page puts data-confirm
    on its buttons, which app.js does not read, so 发布 and 结束测评 ask nothing yet (reported, not asserted)."""
    seen: list[str] = []

    def accept(d: Any) -> None:
        seen.append(d.message)
        d.accept()

    page.on("dialog", accept)
    return seen


@pytest.fixture
def five_cities(tree: Any) -> list[Any]:
    """The fixed tree has two cities; three more, so that the bottom three are not everyone."""
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    more = [orgunit_create(actor=SYSTEM, parent=tree.province, name=name, kind=OrgUnit.Kind.CITY, division_code=code)
            for name, code in (("丙市委组织部", "990300"), ("丁市委组织部", "990400"), ("戊市委组织部", "990500"))]
    return [tree.city_a, tree.city_b, *more]


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
    page.screenshot(path=str(SHOTS / f"surveys-{name}.png"), full_page=True)


def _success(page: Any, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def _pdf_text(data: bytes) -> tuple[int, str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc), "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_design_codes_phone_ballot_close_rank_and_inspect(page: Any, browser: Any, live_server: Any, personas: Any, five_cities: list[Any],
                                                          dialogs: list[str], outside_requests: list[str]) -> None:
    from django.utils import timezone

    from zugong.surveys import ballots
    from zugong.surveys.models import BallotCode, Response, SpecialInspection, Survey

    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. the province creates the survey from the shipped template, sets the quotas, publishes it
    _login(page, live_server, personas.province.username)
    _menu(page, "满意度测评")
    expect(page.locator("table tbody")).to_contain_text("暂无测评")
    template = page.locator("select[name=template]")
    expect(template.locator("option:checked")).to_have_text("组织工作满意度民意调查（19 项）")
    page.get_by_role("button", name="新建测评").click()
    page.wait_for_url(f"{base}/surveys/add/?template=org-work-satisfaction")
    year = timezone.localdate().year
    expect(page.locator("#id_title")).to_have_value(f"{year}年度组织工作满意度民意调查")
    assert page.input_value("#id_aspects_text").startswith("【组织工作】\n贯彻落实中央和上级党委决策部署")
    expect(page.locator("#id_categories_text")).to_have_value("党员干部 30\n群众 20\n服务对象 10")
    expect(page.locator("#id_levels_0")).to_be_checked()  # 下一级单位（如各市地）: the five cities
    expect(page.locator("#id_levels_1")).not_to_be_checked()
    page.select_option("#id_org_unit", label="示范省委组织部")
    _shot(page, "add")
    page.locator("form.card button[type=submit]").click()
    _success(page, f"已新建测评“{year}年度组织工作满意度民意调查”。请核对测评码名额，然后发布。")
    s = Survey.objects.get()
    assert (s.status, s.items.count(), s.k_min, s.bottom_n) == (Survey.Status.DRAFT, 19, 5, 3)
    assert [t.org_unit.name for t in s.targets.order_by("order")] == CITIES
    expect(page.locator("tr[data-batch]")).to_have_count(15)  # 5 cities × 3 categories
    expect(page.locator("tfoot")).to_contain_text("300")  # the template's 60 per city
    for city in CITIES:
        for category, quota in QUOTAS.items():
            page.get_by_label(f"{city} {category} 名额").fill(str(quota))
    page.get_by_role("button", name="保存名额").click()
    _success(page, "已保存测评码名额")
    expect(page.locator("tfoot td").nth(1)).to_have_text("35")
    page.get_by_role("button", name="发布", exact=True).click()
    _success(page, "已发布。现在可以生成并打印测评码。")
    expect(page.locator(".badge", has_text="测评中")).to_be_visible()
    s.refresh_from_db()
    assert s.status == Survey.Status.PUBLISHED

    # 2. slips for 甲市 (PDF), the other four cities' codes as Excel
    row = page.locator("tr[data-batch]", has_text="甲市委组织部")
    with page.expect_download() as got:
        row.get_by_role("button", name="测评卡").click()
    slips = got.value
    assert slips.suggested_filename == f"{s.title}-甲市委组织部-测评码.pdf"
    pdf = Path(slips.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    slip_codes = [c.replace(" ", "") for c in CODE.findall(text)]
    assert pages == 1 and len(slip_codes) == 7 and len(set(slip_codes)) == 7  # 12 slips fit a page
    assert text.count("测评对象：甲市委组织部") == 7 and "乙市委组织部" not in text
    page.reload()
    page.locator("select[name=format]").select_option(label="Excel 表格")
    with page.expect_download() as got:
        page.get_by_role("button", name="生成全部未生成的测评码").click()
    assert got.value.suggested_filename.endswith(".xlsx")
    rows = _xlsx_rows(Path(got.value.path()).read_bytes())
    assert rows[0] == ("序号", "测评对象", "参评人员类别", "测评码") and len(rows) == 1 + 28  # 甲市's were printed already
    codes: dict[str, list[str]] = {"甲市委组织部": slip_codes}
    for _n, city, _category, code in rows[1:]:
        codes.setdefault(city, []).append(code)
    assert {c: len(v) for c, v in codes.items()} == dict.fromkeys(CITIES, 7)
    assert BallotCode.objects.filter(batch__survey=s).count() == 35
    page.reload()
    expect(page.locator("tfoot td").nth(2)).to_have_text("35")  # 已生成
    # while it is open nobody sees results
    assert page.request.get(f"{base}/surveys/{s.pk}/results/").status == 409

    # 3. a respondent, no account, on a phone, with a code from the slips
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN",
                                timezone_id="Asia/Shanghai")
    pub = phone.new_page()
    pub.on("request", lambda r: outside_requests.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
    mine = slip_codes[0]
    pub.goto(f"{base}/survey/")
    expect(pub.locator("[data-notice]")).to_contain_text("保密")
    pub.fill("#id_code", mine.lower().replace("-", ""))  # as typed from the slip: any case, dashes left out
    _shot(pub, "enter-phone")
    pub.get_by_role("button", name="开始测评").click()
    expect(pub.locator("[data-target]")).to_have_text("甲市委组织部")
    expect(pub.locator("body")).to_contain_text("共 19 项")
    items = pub.locator("fieldset.zg-ballot-item")
    expect(items).to_have_count(19)
    for i in range(18):
        items.nth(i).locator("label", has_text="基本满意").click()
    _shot(pub, "answer-phone")
    assert pub.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1  # no sideways scrolling
    pub.get_by_role("button", name="提交（提交后不能修改）").click()
    expect(pub.locator("[data-errors]")).to_have_text("请对每个项目作出评价（还有 1 项未选）")
    expect(pub.locator("fieldset.zg-missing")).to_have_count(1)
    expect(pub.locator("fieldset.zg-ballot-item input:checked")).to_have_count(18)  # the answers given are kept
    missing = pub.locator("fieldset.zg-missing")
    missing.locator("label", has_text="不了解").click()
    pub.get_by_role("button", name="提交（提交后不能修改）").click()
    expect(pub.locator("[data-message]")).to_contain_text("提交成功，感谢您的参与！")
    _shot(pub, "thanks-phone")
    pub.goto(f"{base}/survey/")
    pub.fill("#id_code", mine)
    pub.get_by_role("button", name="开始测评").click()
    expect(pub.locator("[data-error]")).to_have_text("该测评码已使用，每个测评码只能提交一次")
    expect(pub.locator("fieldset")).to_have_count(0)
    _shot(pub, "used-phone")
    assert not phone.cookies()  # the respondent got no cookie
    phone.close()

    # 4. the other ballots (through the service), then the province closes the survey
    items_ids = list(s.items.order_by("order").values_list("id", flat=True))
    for city, values in BULK.items():
        left = [c for c in codes[city] if c != mine]
        for code, value in zip(left, values, strict=False):
            ballots.ballot_submit(code, {str(i): value for i in items_ids})
    page.reload()
    expect(page.locator("[data-used]")).to_have_attribute("data-used", "31")
    expect(page.locator("tfoot td").nth(3)).to_have_text("31")  # 已参评
    expect(page.locator("tfoot td").nth(4)).to_have_text("89%")  # of the 35 issued
    _shot(page, "published")
    page.get_by_role("button", name="结束测评并生成结果").click()
    _success(page, "测评已结束，结果已生成。")
    expect(page.locator(".badge", has_text="已结束")).to_be_visible()
    assert Response.objects.filter(survey=s).count() == 31
    page.get_by_role("link", name="测评结果").click()
    expect(page.locator("[data-formula]")).to_contain_text("满意度 =（满意 + 基本满意）÷（回答数 − 不了解）")
    expect(page.locator("[data-total]")).to_have_text("49.9%")  # 284 / 569
    expect(page.get_by_role("heading", name="下一级单位排名（5 个）")).to_be_visible()
    ranked = page.locator("table[data-level='1'] tbody tr")
    expect(ranked).to_have_count(5)
    for n, (rank, city, people, rate) in enumerate(RANKING):
        r = ranked.nth(n)
        expect(r).to_have_attribute("data-rank", rank)
        cells = r.locator("td")
        expect(cells.nth(0)).to_have_text(rank)
        expect(cells.nth(1)).to_contain_text(city)
        expect(cells.nth(2)).to_have_text(people)
        expect(cells.nth(3)).to_have_text(rate)
        expect(r.locator("[data-inspected]")).to_have_count(1 if int(rank) >= 3 else 0)
    expect(page.locator("[data-suppressed]")).to_have_count(0)  # every city has at least k_min = 5 ballots
    planned = page.locator("#inspections tbody tr[data-inspection]")
    expect(planned).to_have_count(3)
    expect(planned.nth(0)).to_contain_text("戊市委组织部")
    _shot(page, "results")

    # the inspections: 督导检查 of the three lowest cities, waiting to be carried out
    _menu(page, "专项检查")
    listed = page.locator("tbody tr[data-inspection]")
    expect(listed).to_have_count(3)
    for n, (city, rank, rate) in enumerate([("戊市委组织部", "5", "0.0%"), ("丁市委组织部", "4", "16.7%"), ("丙市委组织部", "3", "33.3%")]):
        cells = listed.nth(n).locator("td")
        expect(cells.nth(0)).to_have_text(city)
        expect(cells.nth(1)).to_have_text("督导检查")
        expect(cells.nth(3)).to_have_text(rank)
        expect(cells.nth(4)).to_have_text(rate)
        expect(cells.nth(6)).to_have_text("待检查")
    expect(page.locator(".card-header")).to_contain_text("共 3 项")
    _shot(page, "inspections")
    assert sorted(SpecialInspection.objects.filter(survey=s).values_list("region__name", flat=True)) == sorted(CITIES[2:])
    assert outside_requests == []
