"""评选表彰（我身边的优秀组工干部）as new users click through it, in headless Debian chromium (zh-CN): the province
opens 测评评议 > 评选表彰, creates a selection and opens nominations; 甲市 and 乙市 each nominate one of their cadres
(of a county below them) with the deeds; the province accepts both and starts the 公示, which ends the nominations
before their last day and so needs a reason; a member of the public, no account, on a phone-sized
screen, reads the 公示 list and leaves a comment, which the province reads and marks handled; the province starts
the vote and prints vote slips (PDF); a voter on the phone enters a code from the slips, picks too many, then one,
and votes; the same code is refused; a cadre signed in cannot choose their own nomination; three more ballots come
in through the service; the province ends the vote, reads the ranking, confirms the commendation and finds it in
the register under the cadre's own unit. No request leaves the server. Screenshots go to $ZUGONG_SCREENSHOTS (default: the temp directory)
as honors-*.png."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from zugong.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ZUGONG_SCREENSHOTS") or tempfile.gettempdir())
CODE = re.compile(r"\b[0-9A-Z]{4}(?: *-[0-9A-Z]{4}){5} *-[0-9A-Z]{2}\b")  # the slip's letter-spacing reads back as spaces
DEEDS_A = "王敏同志长期从事干部监督工作，坚持原则、公道正派，牵头建立干部选任纪实制度，群众评价高。"
DEEDS_B = "李华同志扎根基层组织建设一线，带头下基层调研，帮扶困难群众解决实际问题20余个。"
COMMENT = "李华同志帮扶群众的事迹属实，我们村就是他联系的。"
CONFIRMS = ["开始推荐后，各单位可以推荐人选。确定开始？",
            "公示开始后不能再推荐和审核，公示页面向社会公开。确定开始公示？",  # refused: no reason for ending early
            "公示开始后不能再推荐和审核，公示页面向社会公开。确定开始公示？",
            "开始投票后公示结束。确定开始投票？",
            "提交后不能修改。确定提交？",  # the cadre's ballot with their own name forced in: refused
            "提交后不能修改。确定提交？",
            "结束后不能再投票，选票打乱保存并计票。确定结束投票？",
            "确认后生成表彰记录，评选结束。确定？"]


@pytest.fixture
def outside_requests(page: Any, live_server: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None)
    return seen


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Accept every confirm() (data-confirm on a form or its button, app.js) and keep its text."""
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
    page.screenshot(path=str(SHOTS / f"honors-{name}.png"), full_page=True)


def _success(page: Any, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def _pdf_text(data: bytes) -> tuple[int, str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc), "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _open_selection(page: Any, title: str) -> None:
    _menu(page, "评选表彰")
    page.locator("tr[data-selection] a", has_text=title).click()
    page.wait_for_load_state("domcontentloaded")


def _nominate(page: Any, title: str, unit: str, cadre_label: str, deeds: str) -> None:
    _open_selection(page, title)
    page.get_by_role("link", name="推荐人选", exact=True).click()
    form = page.locator("form.card[method=post]")
    expect(form).to_contain_text(f"{title}：每个单位最多推荐 2 人")
    expect(page.locator("#unit-pick option:checked")).to_have_text(unit)  # the city itself, not one of its counties
    page.select_option("#id_cadre", label=cadre_label)
    page.fill("#id_deeds", deeds)
    page.get_by_role("button", name="提交推荐").click()


def test_nominate_publicize_comment_vote_count_and_commend(page: Any, browser: Any, live_server: Any, personas: Any, tree: Any,
                                                            make_cadre: Any, settings: Any, dialogs: list[str],
                                                            outside_requests: list[str]) -> None:
    from django.utils import timezone

    from zugong.honors import voting
    from zugong.honors.models import Commendation, Nomination, PublicComment, Selection

    settings.CAPTCHA_TEST_MODE = True  # the picture cannot be read by a test; "PASS" solves it
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    title = f"{year}年度“我身边的优秀组工干部”评选"
    make_cadre(tree.city_a, name="赵刚")
    wang = make_cadre(tree.county_a1, name="王敏")  # nominated by 甲市, works in 甲一县
    li = make_cadre(tree.county_b1, name="李华")
    wang.user = make_user("wangmin")  # 王敏 votes by login: an account linked to the roster entry, no grant needed
    wang.save(update_fields=["user"])
    b_clerk = make_user("b-clerk", grants=[("clerk", tree.city_b)])
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. the province creates the selection and opens nominations
    _login(page, live_server, personas.province.username)
    _menu(page, "评选表彰")
    expect(page.locator("table tbody")).to_contain_text("暂无评选")
    page.get_by_role("link", name="新建评选").click()
    page.wait_for_url(f"{base}/honors/add/")
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator("#id_honor_title")).to_have_value("我身边的优秀组工干部")
    expect(page.locator("#id_voting_mode option:checked")).to_have_text("投票码和干部登录均可")
    page.select_option("#id_org_unit", label="示范省委组织部")
    page.fill("#id_places", "1")
    page.fill("#id_votes_per_voter", "1")
    for field in ("nominate_from", "nominate_until", "publicize_from", "publicize_until", "vote_from", "vote_until"):
        page.fill(f"#id_{field}", today.isoformat())
    page.fill("#id_description", "各市（地）委组织部推荐本地区在岗组工干部，经公示、投票，评选出“我身边的优秀组工干部”。")
    _shot(page, "add")
    page.locator("form.card button[type=submit]").click()
    _success(page, f"已新建评选“{title}”。核对设置后，点击“开始推荐”。")
    expect(page.locator(".badge", has_text="草稿")).to_be_visible()
    s = Selection.objects.get()
    assert (s.places, s.votes_per_voter, s.nominations_per_unit, s.voting_mode, s.org_unit) == (1, 1, 2, "both", tree.province)
    page.get_by_role("button", name="开始推荐").click()
    _success(page, "已开始推荐")
    expect(page.locator(".badge", has_text="推荐中")).to_be_visible()

    # 2. 甲市 nominates 王敏, 乙市's clerk nominates 李华 of 乙一县; each sees only its own nomination
    _login(page, live_server, personas.city_a.username)
    _nominate(page, title, "甲市委组织部", "王敏（甲一县委组织部，科员）", DEEDS_A)
    _success(page, "已推荐王敏，等待组织单位审核")
    _login(page, live_server, b_clerk.username)
    _nominate(page, title, "乙市委组织部", "李华（乙一县委组织部，科员）", DEEDS_B)
    _success(page, "已推荐李华，等待组织单位审核")
    expect(page.get_by_role("heading", name="推荐人选（本单位推荐的）")).to_be_visible()
    rows = page.locator("tr[data-nomination]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("李华")
    expect(rows.first.locator(".badge")).to_have_text("待审核")

    # 3. the province accepts both and starts the 公示
    _login(page, live_server, personas.province.username)
    _open_selection(page, title)
    rows = page.locator("tr[data-nomination]")
    expect(rows).to_have_count(2)
    for n, name in enumerate(["王敏", "李华"]):
        expect(rows.nth(n).locator("td").nth(0)).to_contain_text(name)
        expect(rows.nth(n).locator(".badge")).to_have_text("待审核")
    _shot(page, "nominating")
    for name, deeds in (("王敏", DEEDS_A), ("李华", DEEDS_B)):
        page.locator("tr[data-nomination] a", has_text=name).click()
        expect(page.locator("[data-deeds]")).to_contain_text(deeds)
        page.get_by_role("button", name="提交审核意见").click()  # 通过 is preselected
        _success(page, "已审核通过")
        expect(page.locator(".badge", has_text="已通过")).to_be_visible()
        page.get_by_role("link", name=title).last.click()
    page.get_by_role("button", name="开始公示").click()  # the nominations run until today: ending them now needs a reason
    expect(page.locator(".alert-danger")).to_contain_text(f"推荐至 {today.isoformat()} 截止，提前结束须写明理由（记入审计）")
    expect(page.locator(".badge", has_text="推荐中")).to_be_visible()
    page.get_by_label("提前结束的理由").fill("各单位已全部报送，提前结束推荐")
    page.get_by_role("button", name="开始公示").click()
    _success(page, "已开始公示")
    expect(page.locator(".badge", has_text="公示中")).to_be_visible()
    expect(page.get_by_role("link", name=f"{base}/honor/{s.pk}/")).to_be_visible()

    # 4. a member of the public, no account, on a phone: the 公示 list and a comment
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN",
                                timezone_id="Asia/Shanghai")
    pub = phone.new_page()
    pub.on("request", lambda r: outside_requests.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
    pub.goto(f"{base}/honor/")
    listed = pub.locator("[data-selection]")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(f"公示期 {today.isoformat()} 至 {today.isoformat()}")
    listed.click()
    expect(pub.get_by_role("heading", name="公示名单（2 人）")).to_be_visible()
    nominees = pub.locator("[data-candidate]")
    expect(nominees.nth(0)).to_contain_text("王敏")
    expect(nominees.nth(0)).to_contain_text(DEEDS_A)
    expect(nominees.nth(1)).to_contain_text("李华")
    expect(nominees.nth(1)).to_contain_text("乙市委组织部")
    pub.select_option("#id_nomination", label="李华（乙市委组织部）")
    pub.fill("#id_content", COMMENT)
    pub.fill("#id_captcha", "PASS")
    _shot(pub, "publicity-phone")
    assert pub.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1  # no sideways scrolling
    pub.get_by_role("button", name="提交").click()
    expect(pub.locator("[data-message]")).to_have_text("您反映的意见已收到，组织单位将认真核实处理。感谢您的监督！")
    assert PublicComment.objects.count() == 1

    # 5. the province reads the comment (the button counts it) and marks it handled
    page.reload()
    opinions = page.get_by_role("link", name="公示意见")
    expect(opinions.locator(".badge")).to_have_text("1")
    opinions.click()
    expect(page.get_by_role("heading", name="公示期间反映的意见（共 1 条）")).to_be_visible()
    received = page.locator("[data-comment]")
    expect(received).to_have_count(1)
    expect(received).to_contain_text(f"{today.isoformat()} 收到 · 反映：李华")
    expect(received.locator("[data-content]")).to_have_text(COMMENT)
    expect(received.locator(".badge")).to_have_text("待处理")
    _shot(page, "comments")
    received.get_by_label("处理情况").fill("经核实，反映情况属实，不影响推荐。")
    received.get_by_role("button", name="标记已处理").click()
    _success(page, "已标记为已处理")
    expect(received.locator(".badge")).to_have_text("已处理")
    expect(received).to_contain_text("处理情况（" + today.isoformat() + "，p-admin）：经核实，反映情况属实，不影响推荐。")

    # 6. the province starts the vote and prints five vote slips; results stay closed while voting
    page.get_by_role("link", name=title).click()
    page.get_by_label("提前结束的理由").fill("公示无异议，按计划转入投票")
    page.get_by_role("button", name="开始投票").click()
    _success(page, "已开始投票")
    expect(page.locator(".badge", has_text="投票中")).to_be_visible()
    page.get_by_label("生成数量").fill("5")
    expect(page.get_by_label("格式").locator("option:checked")).to_have_text("投票卡（PDF，可打印裁切）")
    with page.expect_download() as got:
        page.get_by_role("button", name="生成投票码").click()
    slips = got.value
    assert slips.suggested_filename == f"{title}-投票码.pdf"
    pdf = Path(slips.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    codes = [c.replace(" ", "") for c in CODE.findall(text)]
    assert pages == 1 and len(codes) == 5 and len(set(codes)) == 5  # 12 slips fit a page
    assert text.count("每票最多选 1 人") == 5 and f"{base}/honor/vote/" in text
    page.reload()
    expect(page.locator("[data-codes-used]")).to_have_text("投票码：已用 0 / 已生成 5")
    expect(page.locator("[data-participations]")).to_have_text("干部登录投票：0 人")
    assert page.request.get(f"{base}/honors/{s.pk}/results/").status == 409

    # 7. a voter on the phone with a code from the slips: too many picked, then one; the code is spent
    pub.goto(f"{base}/honor/{s.pk}/")
    expect(pub.get_by_role("heading", name="候选人（2 人）")).to_be_visible()
    expect(pub.locator("[data-comment-form]")).to_have_count(0)  # the 公示 is over: no comment box
    pub.get_by_role("link", name="凭投票码投票").click()
    mine = codes[0]
    pub.fill("#id_code", mine.lower().replace("-", ""))  # as typed from the slip: any case, dashes left out
    pub.get_by_role("button", name="开始投票").click()
    expect(pub.get_by_role("heading", name=title)).to_be_visible()
    expect(pub.locator("body")).to_contain_text("请从下列候选人中选择 1 至 1 人")
    choices = pub.locator("[data-candidate]")
    expect(choices).to_have_count(2)
    choices.nth(0).locator("input").check()
    choices.nth(1).locator("input").check()
    pub.get_by_role("button", name="投票（提交后不能修改）").click()
    expect(pub.locator("[data-errors]")).to_have_text("每票最多选 1 人，您选了 2 人")
    expect(pub.locator("[data-candidate] input:checked")).to_have_count(2)  # the choices made are kept
    pub.locator("[data-candidate]", has_text="李华").locator("input").uncheck()
    _shot(pub, "vote-phone")
    assert pub.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    pub.get_by_role("button", name="投票（提交后不能修改）").click()
    expect(pub.locator("[data-message]")).to_contain_text("投票成功，感谢您的参与！您的投票码已失效")
    pub.goto(f"{base}/honor/vote/")
    pub.fill("#id_code", mine)
    pub.get_by_role("button", name="开始投票").click()
    expect(pub.locator("[data-error]")).to_have_text("该投票码已使用，每个投票码只能投一次票")
    expect(pub.locator("[data-candidate]")).to_have_count(0)
    _shot(pub, "used-phone")
    assert not phone.cookies()  # neither the commenter nor the voter got a cookie
    phone.close()

    # 8. 王敏 votes by login: not for himself (the box is off; forced on, the server refuses it), then for 李华
    _login(page, live_server, "wangmin")
    _menu(page, "评选投票")
    row = page.locator("[data-selection]")
    expect(row).to_contain_text(title)
    row.get_by_role("link", name="去投票").click()
    own = page.locator("[data-candidate]", has_text="王敏")
    expect(own).to_contain_text("本人，不能投给自己")
    expect(own.locator("input")).to_be_disabled()
    _shot(page, "login-vote")
    own.locator("input").evaluate("el => { el.disabled = false; el.checked = true; }")
    page.get_by_role("button", name="投票（每票最多选 1 人）").click()
    expect(page.locator("[data-errors]")).to_have_text("不能投票给自己")
    page.locator("[data-candidate]", has_text="李华").locator("input").check()
    page.get_by_role("button", name="投票（每票最多选 1 人）").click()
    _success(page, "投票成功，感谢参与！")
    expect(page.locator("[data-selection] .badge")).to_have_text("已投票")

    # 9. three more code ballots (through the service): 王敏 2, 李华 1
    wang_n = Nomination.objects.get(cadre=wang)
    li_n = Nomination.objects.get(cadre=li)
    for code, choice in zip(codes[1:4], [wang_n, wang_n, li_n], strict=True):
        voting.vote_by_code(code, [choice.pk])

    # 10. the province ends the vote: 5 ballots, 王敏 3 votes (1st), 李华 2 (2nd); it confirms 王敏's commendation
    _login(page, live_server, personas.province.username)
    _open_selection(page, title)
    expect(page.locator("[data-codes-used]")).to_have_text("投票码：已用 4 / 已生成 5")
    expect(page.locator("[data-participations]")).to_have_text("干部登录投票：1 人")
    page.get_by_role("button", name="结束投票并计票").click()
    _success(page, "投票已结束，已完成计票。")
    expect(page.locator(".badge", has_text="已计票")).to_be_visible()
    expect(page.locator("dl")).to_contain_text(f"{today.isoformat()}，共 5 张选票")
    page.get_by_role("link", name="投票结果").click()
    expect(page.locator(".card-header")).to_contain_text("共 5 张选票 · 表彰名额 1 名 · 同票同名次")
    ranked = page.locator("tr[data-rank]")
    expect(ranked).to_have_count(2)
    for n, (rank, name, unit, votes, commend) in enumerate([("1", "王敏", "甲市委组织部", "3", True),
                                                            ("2", "李华", "乙市委组织部", "2", False)]):
        cells = ranked.nth(n).locator("td")
        expect(cells.nth(0)).to_have_text(rank)
        expect(cells.nth(1)).to_have_text(name)
        expect(cells.nth(2)).to_have_text(unit)
        expect(cells.nth(3)).to_have_text(votes)
        box = page.get_by_label(f"表彰{name}")
        expect(box).to_be_checked() if commend else expect(box).not_to_be_checked()
    expect(page.get_by_role("alert")).to_have_count(0)  # no tie on the line
    page.fill("#document_number", f"示组发〔{year}〕8号")
    _shot(page, "results")
    page.get_by_role("button", name="确认表彰（默认得票前 1 名，可调整）").click()
    _success(page, "已确认表彰，表彰记录已生成")
    expect(ranked.nth(0).locator(".badge")).to_have_text("已表彰")
    expect(ranked.nth(1).locator(".badge")).to_have_count(0)
    s.refresh_from_db()
    assert (s.status, s.ballots, s.commended_on) == (Selection.Status.COMMENDED, 5, today)

    # 11. the register of commendations: the commended cadre's own unit (甲一县), not the nominating one (甲市)
    _menu(page, "表彰记录")
    expect(page.locator("[data-total]")).to_contain_text("共 1 人")
    rows = page.locator("tr[data-commendation]")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td")
    for n, value in enumerate(["王敏", "甲一县委组织部", "我身边的优秀组工干部", title, today.isoformat(), f"示组发〔{year}〕8号", "3"]):
        expect(cells.nth(n)).to_have_text(value)
    _shot(page, "commendations")
    assert list(Commendation.objects.values_list("cadre__name", "votes")) == [("王敏", 3)]
    assert dialogs == CONFIRMS
    assert outside_requests == []
