"""Take the screenshots of docs/user-guide.md and docs/admin-guide.md from a running demo.

This script starts nothing. Start the demo first, on a spare port and a throwaway data directory
(`./dev demo` is one process, `zugong demo-serve`: migrate, load the demo province, serve):

    cd /work/main && rm -rf /tmp/zg-docs && ZUGONG_DATA_DIR=/tmp/zg-docs ./dev demo --port 8765 &

then, once it has printed its URL (组工平台演示：http://127.0.0.1:8765/):

    .venv/bin/python docs/screenshots/make.py http://127.0.0.1:8765 --data-dir /tmp/zg-docs

and stop the demo afterwards (kill its process id, e.g. `kill %1` in the same shell).

`--data-dir` names the demo's ZUGONG_DATA_DIR: the inbox shot (46) needs notices, so the script runs
`zugong send-reminders --date …` on that data for one simulated day after another until the demo's
report form is overdue (提醒, then 逾期 and 催办). Without it that shot is skipped.

It logs in with the demo accounts (password Zugong@Demo2026) in Debian chromium through Playwright's
sync API and writes PNG files next to this script. Chromium draws its own controls (file picker, date
field) in the language of its UI: install Debian's chromium-l10n to get them in Chinese, as users see them. It changes demo data (a movement, an edited cadre,
two imported cadres; a briefing template copied to 哈尔滨 and a briefing issued there, a period closed for the
province, reminders sent, a draft campaign), so run it against a throwaway demo, never against real data. Shot 43
is page 1 of an issued briefing's PDF, rendered with pypdfium2 (a dev dependency). Shots 49-62 only read the
demo's running 三讲三提升 (as demo-province, demo-county, demo-other-county, demo-inspector and demo-city);
62 (向下部署) is taken only when a unit has something left to deploy, which the demo does not. It never
triggers a login lockout (that would lock every demo account for 30 minutes). Shots 102-110 (take_grassroots) only read
基层工作、项目化管理、岗位风险防控、制度库、挂职 (as demo-city and demo-province) and the discipline cases (as demo-discipline).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from playwright.sync_api import Browser, Page, expect, sync_playwright

PASSWORD = "Zugong@Demo2026"  # noqa: S105 — the published demo password (README), never used in production
OUT = Path(__file__).resolve().parent
REPO = OUT.parent.parent
VIEWPORT = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}  # the exam on a phone (63, 64)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ID numbers (GB 11643): region, birth date, sequence, check digit. The sequences are far above the
# ones the demo generator uses, so these people are new to the demo roster.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(region: str, birth: date, seq: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


class Shooter:
    """One browser; a fresh context (so a fresh session) per demo account."""

    def __init__(self, browser: Browser, base: str, data_dir: Path | None = None) -> None:
        self.browser = browser
        self.base = base.rstrip("/")
        self.data_dir = data_dir
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.taken: list[str] = []

    @contextmanager
    def session(self, username: str | None, *, phone: bool = False) -> Iterator[Page]:
        context = self.browser.new_context(viewport=PHONE if phone else VIEWPORT, is_mobile=phone, has_touch=phone,
                                           locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        page.on("request", self._watch_request)
        page.on("response", self._watch_response)
        page.on("console", self._watch_console)
        try:
            if username:
                self.login(page, username)
            yield page
        finally:
            context.close()

    def _watch_request(self, request: Any) -> None:
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.outside.append(request.url)

    def _watch_console(self, message: Any) -> None:
        # Forms with errors answer 400 and a stale edit 409 on purpose; the browser logs those too
        # (and htmx, as "Response Status Error Code 400", for the briefing editor's preview).
        if message.type == "error" and "status of 4" not in message.text and "Status Error Code 4" not in message.text:
            self.errors.append(f"console: {message.text}")

    def _watch_response(self, response: Any) -> None:
        if response.status >= 500:
            self.errors.append(f"{response.status} {response.url}")

    def go(self, page: Page, path: str) -> None:
        page.goto(self.base + path)
        page.wait_for_load_state("networkidle")

    def login(self, page: Page, username: str) -> None:
        self.go(page, "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form.card button[type=submit]")
        page.wait_for_url(self.base + "/")
        page.wait_for_load_state("networkidle")

    def shot_element(self, page: Page, selector: str, name: str) -> None:
        page.mouse.move(0, 0)
        path = OUT / f"{name}.png"
        page.locator(selector).first.screenshot(path=str(path))
        self.taken.append(path.name)
        print(f"  {path.name}")

    def shot(self, page: Page, name: str) -> None:
        page.mouse.move(0, 0)  # no hover effects
        path = OUT / f"{name}.png"
        page.screenshot(path=str(path))
        self.taken.append(path.name)
        print(f"  {path.name}")


def wait_for_charts(page: Page) -> None:
    page.wait_for_selector(".zg-chart[data-drawn] svg")
    page.wait_for_timeout(1500)  # ECharts' entry animation


def roster_file(page: Page, shooter: Shooter, rows: list[dict[str, str]]) -> bytes:
    """An xlsx built on the template the page offers (its headers, in its order)."""
    with page.expect_download() as info:
        page.click("[data-template]")
    template = load_workbook(BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    headers = [str(c.value) for c in next(template.worksheets[0].iter_rows(max_row=1))]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h.rstrip("*"), "") for h in headers])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def person(name: str, idn: str, **over: str) -> dict[str, str]:
    row = {
        "姓名": name, "身份证号": idn, "民族": "汉族", "手机号": "13904510000", "政治面貌": "中共党员",
        "学历": "大学本科", "学位": "学士", "所在单位": "哈尔滨市委组织部", "所在科室": "干部科",
        "职务": "科员", "职级": "科员", "从事组织工作时间": "2016-07-01", "状态": "在岗",
    }
    row.update(over)
    return row


def upload(page: Page, name: str, content: bytes) -> None:
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    page.click(".page-body form button[type=submit]")
    page.wait_for_selector("[data-status=validated], [data-status=invalid], [data-status=done]", timeout=60_000)
    page.wait_for_load_state("networkidle")


def take_all(s: Shooter) -> None:
    print("login")
    with s.session(None) as page:
        s.go(page, "/accounts/login/")
        page.fill("#id_username", "demo-city")
        s.shot(page, "01-login")

    print("demo-city: dashboard, unit switch, org tree, roster, detail, edit, import, password")
    with s.session("demo-city") as page:
        wait_for_charts(page)
        s.shot(page, "02-dashboard")
        page.mouse.wheel(0, 700)
        page.wait_for_timeout(500)
        s.shot(page, "03-dashboard-charts")

        # unit switcher: the select submits itself on change
        with page.expect_navigation():
            page.select_option("#unit-switch", label="省直机关工委组织部")
        page.wait_for_load_state("networkidle")
        wait_for_charts(page)
        s.shot(page, "04-unit-switched")
        with page.expect_navigation():
            page.select_option("#unit-switch", label="哈尔滨市委组织部")
        page.wait_for_load_state("networkidle")

        s.go(page, "/orgs/")
        s.shot(page, "05-org-tree")
        page.click("text=道里区委组织部")
        page.wait_for_load_state("networkidle")
        s.shot(page, "06-unit-detail")

        s.go(page, "/people/cadres/")
        s.shot(page, "07-roster")
        page.fill("input[name=q]", "zh")
        page.wait_for_timeout(600)
        page.select_option("select[name=education]", label="大学本科")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(600)
        page.click("th a:has-text('职级')")
        page.wait_for_url("**sort=rank**")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(400)
        s.shot(page, "08-roster-filtered")

        # an active cadre of a county of 哈尔滨 (demo-city only reads 省直机关工委组织部, where 查看完整
        # and 修改 are not offered)
        rows = page.locator("table.zg-table tbody tr").filter(has_text="县委组织部").filter(has_text="在岗")
        rows.first.locator("td a").first.click()
        page.wait_for_load_state("networkidle")
        cadre_url = page.url
        s.shot(page, "09-cadre-detail")
        page.click("button:has-text('查看完整')")
        page.wait_for_selector("[data-full-id]")
        page.locator("#pii").scroll_into_view_if_needed()
        s.shot(page, "10-cadre-revealed")

        page.select_option("#id_kind", label="轮岗")
        # The date field comes filled in with today (the server's date); check that it still does.
        if not page.input_value("#id_date"):
            s.errors.append("movement form: the date field is empty")
        page.fill("#id_destination", "干部监督股")
        page.fill("#id_note", "按轮岗交流计划")
        page.click("button:has-text('登记')")
        page.wait_for_load_state("networkidle")
        s.shot(page, "11-movement-recorded")

        s.go(page, "/people/cadres/add/")
        page.fill("#id_name", "测试")
        page.fill("#id_id_number", "230102199001011234")
        page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        s.shot(page, "12-cadre-form-errors")

        # conflict: two editors open the same record; the second save is refused
        edit_url = cadre_url.rstrip("/") + "/edit/"
        other = page.context.new_page()
        other.goto(edit_url)
        page.goto(edit_url)
        if not page.input_value("#id_work_start_date"):  # the edit form must keep the stored date
            s.errors.append("edit form: 从事组织工作时间 is empty")
        page.fill("#id_position", "常务副部长")
        page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        other.fill("#id_position", "副部长（兼干部股股长）")
        other.click(".page-body form button[type=submit]")
        other.wait_for_load_state("networkidle")
        expect(other.locator(".alert-danger")).to_contain_text("已被他人修改")
        s.shot(other, "13-edit-conflict")
        other.close()

        s.go(page, "/people/cadres/import/")
        s.shot(page, "14-import")
        bad = roster_file(page, s, [
            person("刘建华", id_number("230102", date(1989, 3, 14), 951)),
            person("陈思雨", id_number("230102", date(1993, 8, 2), 962)[:-1] + "0", 所在科室="组织科"),
            person("孙立伟", id_number("230103", date(1986, 11, 23), 973), 所在单位="龙沙区委组织部", 所在科室=""),
        ])
        upload(page, "组工干部名册-有错.xlsx", bad)
        s.shot(page, "15-import-errors")
        with page.expect_download() as info:
            page.click("text=下载出错的行")
        failed = load_workbook(BytesIO(Path(info.value.path()).read_bytes()), read_only=True).worksheets[0]
        print("  failed-rows file:", [[c.value for c in r][-1] for r in failed.iter_rows(min_row=2)])

        s.go(page, "/people/cadres/import/")
        good = roster_file(page, s, [
            person("刘建华", id_number("230102", date(1989, 3, 14), 951)),
            person("陈思雨", id_number("230102", date(1993, 8, 2), 962), 所在科室="组织科"),
        ])
        upload(page, "组工干部名册.xlsx", good)
        s.shot(page, "16-import-preview")
        if page.locator("[data-confirm-import]").count():
            page.click("[data-confirm-import]")
            page.wait_for_selector("[data-status=done], [data-status=failed]", timeout=60_000)
            page.wait_for_load_state("networkidle")
            s.shot(page, "17-import-done")

        # the same file once more: nothing changes, the rows are counted as 无变化
        s.go(page, "/people/cadres/import/")
        upload(page, "组工干部名册.xlsx", good)
        page.click("[data-confirm-import]")
        page.wait_for_selector("[data-status=done], [data-status=failed]", timeout=60_000)
        message = page.locator("[data-message]").inner_text()
        print("  re-import:", message)
        if "2 条无变化" not in message:
            s.errors.append(f"re-import of the same file: {message}")

        s.go(page, "/accounts/password/")
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password", "zugong2026")
        page.fill("#id_new_password2", "zugong2026")
        page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        s.shot(page, "18-password-change")

    print("demo-county: the same pages show one county")
    with s.session("demo-county") as page:
        wait_for_charts(page)
        s.shot(page, "19-dashboard-county")

    print("demo-province: statistics dashboard, drill-down, the records behind a figure")
    with s.session("demo-province") as page:
        # Start from one indicator, then choose four in the form as a user does.
        s.go(page, "/stats/?indicators=people.headcount")
        page.select_option("#id_indicators", ["people.movements", "people.headcount", "people.postgraduate_share", "people.postgraduates"])
        with page.expect_navigation():
            page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        wait_for_charts(page)
        s.shot(page, "26-stats-dashboard")
        # the trend on top, the first bar charts below it
        scroll_to(page, ".card:has([data-chart=line])")
        s.shot(page, "27-stats-charts")
        page.click("a[data-drill]:has-text('哈尔滨市委组织部')")
        page.wait_for_load_state("networkidle")
        wait_for_charts(page)
        s.shot(page, "28-stats-drilldown")
        page.locator("a[data-total-figure]").first.click()  # 干部变动 of 哈尔滨 (with its counties) in the period
        page.wait_for_load_state("networkidle")
        s.shot(page, "29-stats-records")

    take_statistics(s)
    take_campaigns(s)
    take_campaign_work(s)

    print("三员")
    with s.session("sysadmin") as page:
        s.shot(page, "20-admin-home")
        s.go(page, "/accounts/users/")
        s.shot(page, "21-sysadmin-users")
        s.go(page, "/accounts/users/add/")
        s.shot(page, "22-sysadmin-user-add")
    with s.session("secadmin") as page:
        s.go(page, "/accounts/grants/")
        s.shot(page, "23-secadmin-grants")
    with s.session("auditor") as page:
        s.go(page, "/audit/?action=cadre.pii_revealed")
        s.shot(page, "24-audit-log")
        s.go(page, "/audit/?action=cadre.updated")
        s.shot(page, "25-audit-log-changes")

    take_learning(s)
    take_opinions(s)
    take_surveys(s)
    take_honors(s)
    take_grassroots(s)


def scroll_to(page: Page, selector: str, block: str = "start") -> None:
    """Scroll the window to an element at once (Bootstrap's smooth scrolling would still be moving, and the
    fixed sidebar drawn off its place, when the screenshot is taken)."""
    page.locator(selector).first.evaluate(
        """(e, block) => { const r = e.getBoundingClientRect();
             const y = block === "center" ? r.top + r.height / 2 - window.innerHeight / 2 : r.top - 16;
             window.scrollTo({top: window.scrollY + y, behavior: "instant"}); }""", block)
    page.wait_for_timeout(500)


def wait_for_dash_charts(page: Page) -> None:
    """The dashboard's gauges and ranking chart (stats-dashboard.js), besides the shared charts."""
    wait_for_charts(page)
    page.wait_for_selector(".zg-dash-chart[data-drawn] svg")
    page.wait_for_timeout(1000)


def send_reminders(s: Shooter) -> None:
    """Run `zugong send-reminders` on the demo's data, one simulated day after another, until the report
    form of the demo data is overdue: 提醒 two working days before its deadline, then 逾期 and 催办.
    A run sends each notice once (dedupe), so the inbox gets one of each per open assignment. The same
    runs send the campaign-task reminders (the running 三讲三提升 has overdue tasks from the first day)."""
    assert s.data_dir is not None
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ZUGONG_DATA_DIR=str(s.data_dir), ZUGONG_ENV="development")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's TIME_ZONE
    for days in range(21):
        day = today + timedelta(days=days)
        run = subprocess.run([sys.executable, "-m", "zugong.cli", "send-reminders", "--date", day.isoformat()],  # noqa: S603
                             cwd=REPO, env=env, capture_output=True, text=True, check=False)
        if run.returncode:
            s.errors.append(f"send-reminders --date {day}: {run.stderr.strip()[-300:]}")
            return
        # one line for the report forms, then one for the campaign tasks (活动任务：…)
        lines = run.stdout.strip().splitlines()
        for line in lines:
            if "发送提醒 0 条、逾期通知 0 条、催办 0 条" not in line:
                print(f"  send-reminders --date {day}: {line}")
        m = re.search(r"已逾期 (\d+) 项", lines[0]) if lines else None
        if m and int(m.group(1)):
            return
    s.errors.append("send-reminders: the demo report form never became overdue")


def take_statistics(s: Shooter) -> None:
    """Rankings, 上年同期, gauges and trend grain; briefings from template to issued PDF; period snapshots; the inbox."""
    print("demo-province: rankings, 上年同期, gauges, trend grain, bad inputs, xlsx")
    with s.session("demo-province") as page:
        s.go(page, "/stats/?indicators=people.movements&indicators=people.new_entrants&indicators=people.headcount"
                   "&indicators=people.postgraduate_share&rank=people.movements&target=300")
        wait_for_dash_charts(page)
        s.shot_element(page, ".card:has(table.zg-stats-table)", "30-stats-yoy")  # the whole table, taller than the window
        scroll_to(page, "[data-ranking]")
        s.shot(page, "31-stats-ranking")

        with page.expect_download() as info:
            page.click("[data-export]")
        sheet = load_workbook(BytesIO(Path(info.value.path()).read_bytes()), read_only=True).worksheets[0]
        headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
        print("  xlsx headers:", headers)
        if "干部变动排名" not in headers or "干部变动增幅（%）" not in headers:
            s.errors.append(f"stats xlsx without the ranking columns: {headers}")

        page.click("[data-grain=quarter]")
        page.wait_for_load_state("networkidle")
        wait_for_dash_charts(page)
        scroll_to(page, "[data-chart=line]", "center")
        s.shot(page, "32-stats-trend-quarter")

        s.go(page, "/stats/?indicators=people.movements&start=2026-13-01&target=-5&grain=week")
        expect(page.locator("[data-form-errors]")).to_be_visible()
        s.shot(page, "33-stats-errors")

    print("demo-city: copy a built-in template, the editor, a draft, 签发")
    with s.session("demo-city") as page:
        s.go(page, "/stats/briefings/templates/")
        s.shot(page, "34-briefing-templates")
        page.click("[data-copy=progress]")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("#preview .briefing-doc")
        page.wait_for_timeout(1000)
        s.shot(page, "35-briefing-editor")
        # a new paragraph at the end of the body; a click on an indicator inserts its placeholder at the cursor
        page.locator("#id_body").click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\n截至目前，全市在册组工干部")
        page.locator("details:has-text('可用指标')").evaluate("e => e.open = true")
        page.click("[data-insert='{people.headcount}']")
        page.keyboard.type("人。")
        page.wait_for_timeout(1500)  # the preview follows 0.8 s after the last keystroke
        scroll_to(page, "details:has-text('可用指标')", "center")
        s.shot(page, "36-briefing-indicators")
        # placeholders the language does not know: the preview lists them in red, with their lines
        page.locator("#id_body").click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\n其中女干部{女干部人数}人。\n在册人数居前三位的是：{people.headcount|第3}。")
        expect(page.locator("[data-preview-problems]")).to_contain_text("无法识别的占位符", timeout=15_000)
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        page.locator("#id_body").evaluate("e => e.scrollTop = e.scrollHeight")
        page.wait_for_timeout(300)
        s.shot(page, "37-briefing-editor-error")
        # saving is refused with the same messages under 正文
        page.click("#briefing-editor button[type=submit]")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#id_body ~ .invalid-feedback")).to_contain_text("无法识别的占位符")

        s.go(page, "/stats/briefings/add/")
        page.select_option("#id_template", label="创先争优活动进展情况综述")
        s.shot(page, "38-briefing-add")
        page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        s.shot(page, "39-briefing-draft")
        page.once("dialog", lambda d: d.accept())  # 签发后将编号并冻结全部数字，不能再修改。确定签发？
        page.click("[data-issue]")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".alert-success").first).to_contain_text("已签发")
        s.shot(page, "40-briefing-issued")

    print("demo-province: the list, an issued figure against today's, the PDF, 期间结账")
    with s.session("demo-province") as page:
        s.go(page, "/stats/briefings/")
        s.shot(page, "41-briefing-list")
        page.locator("tr[data-briefing]", has_text="第1期").filter(has_text="黑龙江省委组织部").locator("a").first.click()
        page.wait_for_load_state("networkidle")
        briefing_url = page.url
        # the headcount as issued; the roster has changed since (the import above)
        page.locator("a.bd-fig[href*='indicator=people.headcount']").first.click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("[data-frozen]")).to_be_visible()
        print("  frozen vs current:", page.locator("[data-frozen]").inner_text().strip())
        s.shot(page, "42-briefing-frozen")

        s.go(page, briefing_url.removeprefix(s.base))
        with page.expect_download() as info:
            page.click("[data-download=docx]")
        print("  Word:", info.value.suggested_filename, f"{Path(info.value.path()).stat().st_size} bytes")
        with page.expect_download(timeout=120_000) as info:
            page.click("[data-download=pdf]")
        pdf = Path(info.value.path())
        print("  PDF:", info.value.suggested_filename, f"{pdf.stat().st_size} bytes")
        try:
            import pypdfium2  # a dev dependency (tests render PDFs with it)
        except ImportError:
            s.errors.append("pypdfium2 is not installed: 42-briefing-pdf not taken")
        else:
            doc = pypdfium2.PdfDocument(pdf.read_bytes())
            print(f"  PDF: {len(doc)} pages")
            doc[0].render(scale=1.25).to_pil().save(OUT / "43-briefing-pdf.png")
            s.taken.append("43-briefing-pdf.png")
            print("  43-briefing-pdf.png")

        s.go(page, "/stats/snapshots/")  # 期间结账 with the dates it offers (this year until today), no name
        page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".alert-success").first).to_contain_text("已冻结")
        snapshot_url = page.url
        s.go(page, "/stats/snapshots/")
        s.shot(page, "44-snapshots")
        s.go(page, snapshot_url.removeprefix(s.base))
        s.shot(page, "45-snapshot-detail")

    if s.data_dir is None:
        print("  46-notices not taken: pass --data-dir (the demo's ZUGONG_DATA_DIR) to send the reminders")
        return
    print("zugong send-reminders, then demo-province's inbox")
    send_reminders(s)
    with s.session("demo-province") as page:
        s.go(page, "/notices/")
        if not page.locator("[data-notice]").count():
            s.errors.append("the inbox of demo-province is empty after send-reminders")
        s.shot(page, "46-notices")


def take_campaigns(s: Shooter) -> None:
    """A campaign started from the 三讲三提升 template."""
    print("demo-province: new campaign from the built-in template")
    with s.session("demo-province") as page:
        s.go(page, "/campaigns/add/")
        s.shot(page, "47-campaign-add")
        page.click("form[data-builtin=sanjiang] button")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".alert-success").first).to_contain_text("已按内置模板新建")
        s.shot(page, "48-campaign-detail")


def running_campaign(s: Shooter, page: Page) -> str | None:
    """The path of the demo's running 三讲三提升, found by its link in the campaign list (the draft that
    take_campaigns creates has the same name, but its status is 草稿)."""
    s.go(page, "/campaigns/")
    rows = page.locator("tr[data-campaign]").filter(has_text="三讲三提升").filter(has_text="进行中")
    if not rows.count():
        s.errors.append("campaigns: the list holds no running 三讲三提升 (demo data without build_campaigns?)")
        return None
    href = rows.first.locator("td a").first.get_attribute("href")
    return href or None


def take_campaign_work(s: Shooter) -> None:
    """The demo's running 三讲三提升, deployed to every city and county: the province's overview and the
    drill-down to 哈尔滨, the overdue task list, a county's 我的任务, accepting a task, a measure's report
    form and timeline, 道里区's refined task, the supervision group and its recorded inspection
    (demo-inspector), the findings and the work reports of 哈尔滨, and 向下部署 when anything is left to
    deploy. Only reads the demo's data: nothing here is saved."""
    print("demo-province: the running campaign, its overview, the drill-down to 哈尔滨, overdue tasks")
    with s.session("demo-province") as page:
        path = running_campaign(s, page)
        if path is None:
            return
        s.go(page, path)
        if not page.locator("#overview").count():
            s.errors.append(f"campaign {path}: no overview (#overview) on a running campaign")
            return
        s.shot(page, "49-campaign-running")
        s.shot_element(page, "#overview", "50-campaign-overview")  # the whole card, taller than the window
        harbin = page.locator("#unit-progress tr[data-unit] a", has_text="哈尔滨市委组织部")
        if not harbin.count():
            s.errors.append("campaign overview: no row for 哈尔滨市委组织部")
        else:
            harbin.first.click()
            page.wait_for_load_state("networkidle")
            if "unit=" not in page.url or "哈尔滨市委组织部：落实进度" not in page.locator("#overview .card-title").first.inner_text():
                s.errors.append(f"drill-down to 哈尔滨: {page.url}")
            s.shot_element(page, "#overview", "51-campaign-drilldown")
            page.locator("#overview a", has_text="全部任务清单").first.click()
            page.wait_for_load_state("networkidle")
            page.check("input[name=overdue]")
            page.click("button:has-text('筛选')")
            page.wait_for_load_state("networkidle")
            if "overdue=1" not in page.url:
                s.errors.append(f"task list: 只看逾期 not applied ({page.url})")
            if not page.locator("tr[data-assignment]").count():
                s.errors.append("task list of 哈尔滨 with 只看逾期 is empty (the demo has overdue tasks)")
            s.shot(page, "52-campaign-tasks-overdue")

    print("demo-county: 我的任务, a measure's report form and timeline, 道里区's refined task")
    with s.session("demo-county") as page:
        s.go(page, "/campaigns/mine/")
        if not page.locator("tr[data-assignment]").count():
            s.errors.append("我的任务 of demo-county is empty")
        s.shot(page, "53-my-tasks")
        measure = page.locator("tr[data-assignment]").filter(has=page.locator(".badge", has_text="细化"))
        if not measure.count():
            s.errors.append("我的任务 of demo-county: no refined measure (细化) listed")
        else:
            measure.first.locator("td a").first.click()
            page.wait_for_load_state("networkidle")
            # a measure is a task without sub-tasks: its report form asks for 完成进度, its timeline holds its reports
            if not page.locator("#report-form [name=percent]").count():
                s.errors.append(f"measure {page.url}: the report form has no 完成进度 field")
            if not page.locator("#timeline li.timeline-event").count():
                s.errors.append(f"measure {page.url}: the timeline has no progress report")
            scroll_to(page, "#timeline")
            s.shot(page, "56-assignment-report")
            # the measure's page names its parent line (上级任务：哈尔滨 › 道里区); the last link is the refined task
            parent = page.locator("div.small:has-text('上级任务') a").last
            if not parent.count():
                s.errors.append(f"measure {page.url}: no link to the task it refines")
            else:
                parent.click()
                page.wait_for_load_state("networkidle")
                if not page.locator("tr[data-child]").filter(has=page.locator(".badge", has_text="细化")).count():
                    s.errors.append(f"{page.url}: the refined task lists no 细化 measures")
                s.shot(page, "55-assignment-refined")

    print("demo-other-county: a task waiting to be accepted, pre-filled from the unit's defaults")
    with s.session("demo-other-county") as page:
        s.go(page, "/campaigns/mine/")
        issued = page.locator("#issued tr[data-assignment] td a")
        if not issued.count():
            print("  54-assignment-accept not taken: 龙沙区 has no task waiting to be accepted")
        else:
            issued.first.click()
            page.wait_for_load_state("networkidle")
            if not page.locator("#accept-form").count():
                s.errors.append(f"{page.url}: an issued task without the 接收任务 form")
            elif not page.input_value("#accept-form [name=leader]"):
                s.errors.append(f"{page.url}: 分管领导 not pre-filled from the unit's defaults")
            s.shot(page, "54-assignment-accept")

    print("demo-inspector: the supervision group, the recorded inspection of 哈尔滨")
    with s.session("demo-inspector") as page:
        s.go(page, "/campaigns/supervision/")
        group = page.locator("tr[data-group] a", has_text="第一督导组")
        if not group.count():
            s.errors.append("督导 of demo-inspector: no 第一督导组")
        else:
            group.first.click()
            page.wait_for_load_state("networkidle")
            s.shot(page, "57-supervision-group")
            done = page.locator("tr[data-inspection]").filter(has_text="已督导").locator("a")
            if not done.count():
                s.errors.append("第一督导组: no recorded inspection")
            else:
                done.first.click()
                page.wait_for_load_state("networkidle")
                if not page.locator("tr[data-finding]").count():
                    s.errors.append(f"inspection {page.url}: no findings listed")
                s.shot(page, "58-inspection")

    print("demo-city: the findings and one finding, the work reports, 向下部署")
    with s.session("demo-city") as page:
        s.go(page, "/campaigns/findings/")
        if not page.locator("tr[data-finding]").count():
            s.errors.append("督导问题整改 of demo-city is empty")
        s.shot(page, "59-findings")
        open_one = page.locator("tr[data-finding]").filter(has_text="待整改").locator("a")
        if not open_one.count():
            s.errors.append("督导问题整改 of demo-city: no finding 待整改")
        else:
            open_one.first.click()
            page.wait_for_load_state("networkidle")
            s.shot(page, "60-finding")
        s.go(page, "/campaigns/workreports/")
        if not page.locator("tr[data-workreport]").count():
            s.errors.append("述职和实绩写实 of demo-city is empty")
        s.shot(page, "61-workreports")
        path = running_campaign(s, page)
        if path is not None:
            s.go(page, path.rstrip("/") + "/onward/")
            if page.locator("input[name=assignments]").count():
                s.shot(page, "62-campaign-onward")
            else:
                print("  62-campaign-onward not taken: 哈尔滨 has deployed every task it received")


def question_file(rows: list[list[str]]) -> bytes:
    """An xlsx of questions with the headers of the bank's import template (题型 … 解析), one question a row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["题型", "分类/知识点", "难度", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析"])
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def take_learning(s: Shooter) -> None:
    """学习培训 and the points card: the open exam on a phone (answered in part, handed in), a past exam's results,
    the exam form, a question import refused for one bad row, the study form with an office ticked, study hours,
    a rotation class, rotation coverage, a points card and the leaderboard. The exam form and the study form
    are filled in but not saved; the import is refused, so nothing is imported."""
    print("demo-county on a phone: the open exam, a few answers, 交卷")
    with s.session("demo-county", phone=True) as page:
        page.on("dialog", lambda d: d.accept())  # 开始后计时…确定开始？ / 还有 N 题未作答。确定交卷？
        s.go(page, "/learning/my/exams/")
        card = page.locator("[data-open-exam]", has_text="干部选拔任用条例知识测试（第四季度）")
        if not card.count():
            s.errors.append("我的考试 of demo-county: the open exam 干部选拔任用条例知识测试（第四季度） is not listed")
        else:
            card.locator("a:has-text('继续答题'), button:has-text('开始考试'), button:has-text('再考一次')").first.click()
            page.wait_for_url("**/learning/attempts/**")
            page.wait_for_load_state("networkidle")
            # the first option of the first three choice questions
            for question in page.locator(".zg-question:has(.zg-option)").all()[:3]:
                question.locator(".zg-option").first.click()
                page.wait_for_timeout(200)
            expect(page.locator("[data-save-status]")).to_contain_text("已自动保存", timeout=15_000)
            # the second question just below the sticky bar (剩余时间, 已答, 已自动保存)
            page.locator("#q2").evaluate("""e => window.scrollTo({behavior: "instant",
                top: window.scrollY + e.getBoundingClientRect().top - document.querySelector(".zg-paper-bar").offsetHeight - 8})""")
            page.wait_for_timeout(300)
            s.shot(page, "63-exam-paper")
            page.click("[data-submit]")
            page.wait_for_url("**/result/")
            page.wait_for_load_state("networkidle")
            expect(page.locator("[data-result]")).to_be_visible()
            s.shot(page, "64-exam-result")

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's TIME_ZONE
    print("demo-province: a past exam, the exam form, a question import with an error, a class, coverage, leaderboard")
    with s.session("demo-province") as page:
        s.go(page, "/learning/exams/")
        page.locator("tr[data-exam] a", has_text="组工干部应知应会知识测试").first.click()
        page.wait_for_load_state("networkidle")
        s.shot(page, "65-exam-detail")

        s.go(page, "/learning/exams/add/")
        page.fill("#id_title", "组织工作条例知识测试")
        page.fill("#id_starts_at", f"{today + timedelta(days=7):%Y-%m-%d}T09:00")
        page.fill("#id_ends_at", f"{today + timedelta(days=14):%Y-%m-%d}T18:00")
        page.select_option("#id_target_units", label=["\u3000哈尔滨市委组织部", "\u3000齐齐哈尔市委组织部"])
        page.select_option("#id_rules-0-bank", label="组织工作应知应会")
        page.select_option("#id_rules-0-kind", label="单选")
        page.fill("#id_rules-0-count", "10")
        page.locator("#id_rules-0-count").blur()  # no focus ring in the shot
        s.shot_element(page, ".page-body form", "66-exam-form")  # the whole form, rules included

        s.go(page, "/learning/banks/")
        page.locator("a", has_text="组织工作应知应会").first.click()
        page.wait_for_load_state("networkidle")
        page.click("a:has-text('批量导入')")
        page.wait_for_load_state("networkidle")
        good = [
            ["单选", "党章党规", "容易", "党的最高领导机关是（　）。", "党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "中央纪律检查委员会", "A", "见党章第十条。"],
            ["单选", "党章党规", "容易", "党的根本组织原则是（　）。", "民主集中制", "集体领导", "少数服从多数", "个人服从组织", "A", ""],
            ["单选", "干部工作", "中等", "提拔任职前公示期不少于（　）。", "三个工作日", "五个工作日", "七个工作日", "十个工作日", "B", ""],
            ["单选", "干部工作", "中等", "新提拔担任领导职务的，试用期为（　）。", "半年", "一年", "两年", "三个月", "B", ""],
            ["多选", "组织工作", "中等", "“三会一课”中的“三会”是指（　）。", "支部党员大会", "支部委员会", "党小组会", "职工代表大会", "ABC", ""],
            ["多选", "干部工作", "较难", "干部考察的方式包括（　）。", "个别谈话", "发放征求意见表", "民主测评", "实地走访", "ABCD", ""],
            ["判断", "党章党规", "容易", "预备党员的预备期为一年。", "", "", "", "", "对", ""],
            ["判断", "组工干部", "容易", "组工干部可以向考察对象透露考察意见。", "", "", "", "", "错", "严守工作秘密。"],
            ["填空", "党章党规", "中等", "中国共产党成立于____年，第一次全国代表大会在____召开。", "", "", "", "", "1921；上海|上海市", ""],
            ["填空", "组织工作", "容易", "“三会一课”中的“一课”是指____。", "", "", "", "", "党课", ""],
        ]
        bad = ["单选", "干部工作", "中等", "干部人事档案工作的主管部门是（　）。", "党委组织部门", "", "", "", "A", ""]
        page.set_input_files("input[type=file]", files=[{"name": "组织工作应知应会-新增试题.xlsx", "mimeType": XLSX,
                                                         "buffer": question_file([*good, bad])}])
        page.click("form[enctype] .card-footer button")
        page.wait_for_load_state("networkidle")
        errors = page.locator("#import-errors")
        expect(errors).to_contain_text("未导入任何试题")
        expect(errors).to_contain_text("第 12 行")
        s.shot(page, "67-bank-import-errors")

        s.go(page, "/learning/classes/")
        page.locator("tr[data-class] a", has_text="全省组工干部轮训班").first.click()
        page.wait_for_load_state("networkidle")
        s.shot(page, "72-class-detail")

        s.go(page, "/learning/coverage/")
        s.shot(page, "73-coverage")
        s.go(page, "/points/leaderboard/")
        s.shot(page, "79-leaderboard")

    print("demo-county: the study form with an office ticked, the points card")
    with s.session("demo-county") as page:
        s.go(page, "/learning/study/add/")
        page.select_option("#id_kind", label="集中学习")
        page.fill("#id_date", f"{today - timedelta(days=1):%Y-%m-%d}")
        page.fill("#id_hours", "3")
        page.fill("#id_topic", "学习《干部选拔任用工作条例》")
        page.fill("#id_speaker", "部长")
        page.fill("#id_place", "部机关会议室")
        page.locator("[data-office-toggle]").first.check()
        scroll_to(page, "label[for=id_hours]")  # from 学时 down to the attendee picker
        s.shot(page, "70-study-form")
        s.go(page, "/points/cards/mine/")
        s.shot(page, "78-points-card")

    print("demo-city: study hours")
    with s.session("demo-city") as page:
        s.go(page, "/learning/hours/")
        s.shot(page, "71-hours")


def take_opinions(s: Shooter) -> None:
    print("开门评部: a drive, the mailbox on a phone, a letter, a problem, a measure awaiting acceptance, the ledger")
    with s.session("demo-county") as page:
        s.go(page, "/opinions/drives/")
        page.locator("tr[data-drive] a").first.click()
        page.wait_for_load_state("networkidle")
        s.shot(page, "80-opinions-drive")
        s.go(page, "/opinions/mailbox/")
        letter = page.locator("tr[data-case] a", has_text="组织关系转接太慢")
        if not letter.count():
            s.errors.append("公开信箱来信 of demo-county: no 组织关系转接太慢")
        else:
            letter.first.click()
            page.wait_for_load_state("networkidle")
            s.shot(page, "83-mailbox-case")
        s.go(page, "/opinions/problems/")
        problem = page.locator("tr[data-problem]").filter(has_text="道里区委组织部").locator("a", has_text="报表材料过多")
        if not problem.count():
            s.errors.append("查摆问题 of demo-county: no 报表材料过多 of 道里区")
        else:
            problem.first.click()
            page.wait_for_load_state("networkidle")
            s.shot(page, "84-problem")
    with s.session(None, phone=True) as page:
        s.go(page, "/mailbox/")
        page.fill("[data-filter-select]", "道里")
        page.locator("#id_org_unit option:not([hidden])").first.click()
        page.select_option("#id_category", label="工作作风")
        page.fill("#id_content", "社区每个月要填报的各类报表有十几种，很多内容重复，希望精简。")
        s.shot(page, "81-mailbox-phone")
        s.go(page, "/mailbox/status/")
        page.fill("#id_code", "DEM0-0000-0000-0000-0000-0000-03")
        page.click("form[action='/mailbox/status/'] button")
        page.wait_for_load_state("networkidle")
        if not page.locator("[data-reply]").count():
            s.errors.append("mailbox status of the demo code …03: no reply shown")
        s.shot(page, "82-mailbox-status")
    with s.session("demo-city") as page:
        s.go(page, "/opinions/ledger/?status=awaiting")
        row = page.locator("tr[data-measure]").filter(has_text="道里区委组织部").locator("a")
        if not row.count():
            s.errors.append("整改台帐 of demo-city: no measure of 道里区 awaiting acceptance")
        else:
            row.first.click()
            page.wait_for_load_state("networkidle")
            s.shot(page, "85-measure")
        s.go(page, "/opinions/ledger/")
        s.shot(page, "86-ledger")


def take_surveys(s: Shooter) -> None:
    """满意度测评: the surveys, this year's open one (its codes and participation), a demo code typed on a phone and the
    questionnaire answered in part (not submitted, so the code printed by `zugong demo-accounts` stays unused), last
    year's ranking with the lowest cities marked 专项检查, the inspections and the recorded one. Changes nothing."""
    print("demo-province: the surveys, this year's open one, last year's results and inspections")
    with s.session("demo-province") as page:
        s.go(page, "/surveys/")
        s.shot(page, "87-surveys")
        open_one = page.locator("tr[data-survey]").filter(has_text="测评中").locator("td a")
        if not open_one.count():
            s.errors.append("满意度测评 of demo-province: no open survey")
        else:
            open_one.first.click()
            page.wait_for_load_state("networkidle")
            if not page.locator("tr[data-batch]").count():
                s.errors.append(f"{page.url}: no targets and codes listed")
            s.shot(page, "88-survey-detail")
        s.go(page, "/surveys/?status=closed")
        closed = page.locator("tr[data-survey]").filter(has_text="民意调查").locator("td a")
        if not closed.count():
            s.errors.append("满意度测评 of demo-province: no closed survey")
        else:
            closed.first.click()
            page.wait_for_load_state("networkidle")
            page.get_by_role("link", name="测评结果", exact=True).click()
            page.wait_for_load_state("networkidle")
            if not page.locator("[data-inspected]").count():
                s.errors.append(f"{page.url}: no region marked 专项检查")
            s.shot(page, "91-survey-results")
            page.locator("[data-comments-link]").click()
            page.wait_for_load_state("networkidle")
            if not page.locator("[data-comment]").count():
                s.errors.append(f"{page.url}: no comments shown")
            s.shot(page, "100-survey-comments")
        s.go(page, "/surveys/inspections/")
        if page.locator("tr[data-inspection]").count() < 3:
            s.errors.append("满意度专项检查 of demo-province: fewer than three inspections")
        s.shot(page, "92-survey-inspections")
        done = page.locator("tr[data-inspection]").filter(has_text="已检查").locator("td a")
        if not done.count():
            s.errors.append("满意度专项检查 of demo-province: none recorded")
        else:
            done.first.click()
            page.wait_for_load_state("networkidle")
            if not page.locator("[data-finding]").count():
                s.errors.append(f"{page.url}: the recorded inspection lists no problems")
            s.shot(page, "93-survey-inspection")

    print("demo-leader: the appraisal of province cadres (persons' ratings, 部领导 only)")
    with s.session("demo-leader") as page:
        s.go(page, "/surveys/?status=closed")
        appraisal = page.locator("tr[data-survey]").filter(has_text="干部民主测评").locator("td a")
        if not appraisal.count():
            s.errors.append("满意度测评 of demo-leader: no closed appraisal of persons")
        else:
            appraisal.first.click()
            page.wait_for_load_state("networkidle")
            page.locator("[data-persons-link]").click()
            page.wait_for_load_state("networkidle")
            if not page.locator("tr[data-person]").count():
                s.errors.append(f"{page.url}: no persons listed")
            s.shot(page, "101-survey-persons")

    print("a respondent on a phone: a demo code (道里区), the questionnaire")
    with s.session(None, phone=True) as page:
        s.go(page, "/survey/")
        page.fill("#id_code", "SVY0-0000-0000-0000-0000-0000-04")  # zugong.surveys.demo.DEMO_BALLOTS["masses2"]
        page.locator("#id_code").blur()
        s.shot(page, "89-survey-code-phone")
        page.click("button:has-text('开始测评')")
        page.wait_for_load_state("networkidle")
        items = page.locator("fieldset.zg-ballot-item")
        if not items.count():
            s.errors.append(f"/survey/ with the demo code: no questionnaire ({page.locator('[data-error], [data-message]').all_inner_texts()})")
        else:
            for n, answer in enumerate(["满意", "基本满意", "满意"]):
                items.nth(n).locator("label", has_text=answer).first.click()
            s.shot(page, "90-survey-answer-phone")


def take_honors(s: Shooter) -> None:
    """评选表彰（我身边的优秀组工干部）: the selections, this year's in voting (its nominees and vote counts), its public
    page and a demo vote code typed on a phone with the ballot ticked in part (not submitted, so the code printed by
    `zugong demo-accounts` stays unused), last year's ranked results with the commended marked, and the register of
    commendations. Changes nothing."""
    print("demo-province: the selections, this year's in voting, last year's results, the commendations")
    current = ""
    with s.session("demo-province") as page:
        s.go(page, "/honors/")
        s.shot(page, "94-honors-list")
        voting = page.locator("tr[data-selection]").filter(has_text="投票中").locator("td a")
        if not voting.count():
            s.errors.append("评选表彰 of demo-province: no selection in voting")
        else:
            voting.first.click()
            page.wait_for_load_state("networkidle")
            current = page.url.rstrip("/").rsplit("/", 1)[-1]
            if page.locator("tr[data-nomination]").count() < 2:
                s.errors.append(f"{page.url}: fewer than two nominees listed")
            s.shot(page, "95-honors-selection")
        s.go(page, "/honors/?status=commended")
        done = page.locator("tr[data-selection] td a")
        if not done.count():
            s.errors.append("评选表彰 of demo-province: no commended selection")
        else:
            done.first.click()
            page.wait_for_load_state("networkidle")
            page.get_by_role("link", name="投票结果", exact=True).click()
            page.wait_for_load_state("networkidle")
            if not page.locator("tr[data-rank] .badge", has_text="已表彰").count():
                s.errors.append(f"{page.url}: nobody marked 已表彰")
            s.shot(page, "98-honors-results")
        s.go(page, "/honors/commendations/")
        if page.locator("tr[data-commendation]").count() < 10:
            s.errors.append("表彰记录 of demo-province: fewer than ten commendations")
        s.shot(page, "99-honors-commendations")

    print("the public on a phone: this year's public page, a demo vote code, the ballot")
    with s.session(None, phone=True) as page:
        if current:
            s.go(page, f"/honor/{current}/")
            if not page.locator("[data-candidate]").count():
                s.errors.append(f"/honor/{current}/: no nominees listed")
            s.shot(page, "96-honors-publicity-phone")
        s.go(page, "/honor/vote/")
        page.fill("#id_code", "HNR0-0000-0000-0000-0000-0000-01")  # zugong.honors.demo.DEMO_VOTES["one"]
        page.click("button:has-text('开始投票')")  # opens the ballot; the code is spent only when a ballot is submitted
        page.wait_for_load_state("networkidle")
        choices = page.locator("[data-candidate] input:not([disabled])")
        if not choices.count():
            s.errors.append(f"/honor/vote/ with the demo code: no ballot ({page.locator('[data-error], [data-message]').all_inner_texts()})")
        else:
            for n in (0, 3, 4):
                choices.nth(n).check()
            s.shot(page, "97-honors-vote-phone")


def take_grassroots(s: Shooter) -> None:
    """基层工作、项目化管理、岗位风险防控、制度库、违规违纪处理和干部变动 (shots 102-110): the field visit register, the
    menu of projects to claim, the province's monthly project bulletin and a claimed project with its milestones and
    monthly progress, the posts overdue for their risk review, a full-text search of the rules library and a rule's
    version diff, the discipline cases (as demo-discipline) and the cadres on secondment. Changes nothing."""
    print("demo-city: field visits, the project menu, rules search and diff, secondments")
    with s.session("demo-city") as page:
        s.go(page, "/fieldwork/visits/")
        if page.locator("table.zg-table tbody tr").count() < 5:
            s.errors.append("下基层 of demo-city: fewer than five visits listed")
        s.shot(page, "102-fieldwork-visits")

        s.go(page, "/projects/menu/")
        if not page.locator("a:has-text('申请认领')").count():
            s.errors.append("认领清单 of demo-city: nothing to claim")
        s.shot(page, "103-projects-menu")

        s.go(page, "/regulations/rules/search/?q=谈话")
        if not page.locator("[data-hit]").count():
            s.errors.append("制度全文检索 (谈话): no hit")
        s.shot(page, "107-regulations-search")
        # a rule revised at least once: its page compares the first and the current version
        revised = page.locator("[data-hit]").filter(has_text="第3版").locator("a").first
        if not revised.count():
            revised = page.locator("[data-hit]").filter(has_text="第2版").locator("a").first
        if not revised.count():
            s.errors.append("制度全文检索 (谈话): no revised rule among the hits")
        else:
            revised.click()
            page.wait_for_load_state("networkidle")
            versions = page.locator("#cmp-a option").count()
            page.select_option("#cmp-a", "1")
            page.select_option("#cmp-b", str(versions))
            page.click("button:has-text('对照')")
            page.wait_for_load_state("networkidle")
            if not page.locator("#compare").count():
                s.errors.append(f"{page.url}: no version diff")
            else:
                scroll_to(page, "#compare")
                s.shot(page, "108-regulations-diff")

        s.go(page, "/people/secondments/")
        if page.locator("table.zg-table tbody tr").count() < 2:
            s.errors.append("在外挂职干部 of demo-city: fewer than two secondments")
        s.shot(page, "110-people-secondments")

    print("demo-province: the monthly project bulletin, a claimed project, the posts overdue for review")
    with s.session("demo-province") as page:
        s.go(page, "/projects/bulletin/")
        if page.locator("[data-bulletin] tbody tr[data-row]").count() < 5:
            s.errors.append("项目月通报 of demo-province: fewer than five claimed projects")
        s.shot(page, "104-projects-bulletin")
        late = page.locator("[data-bulletin] tr[data-row]").filter(has=page.locator("[data-overdue]")).locator("td a")
        (late if late.count() else page.locator("[data-bulletin] tr[data-row] td a")).first.click()
        page.wait_for_load_state("networkidle")
        s.shot(page, "105-project-detail")

        s.go(page, "/risks/overdue/")
        if not page.locator("table tbody tr").count():
            s.errors.append("逾期未排查 of demo-province: no post overdue")
        s.shot(page, "106-risks-overdue")

    print("demo-discipline: the discipline cases")
    with s.session("demo-discipline") as page:
        s.go(page, "/discipline/")
        if page.locator("table.zg-table tbody tr").count() < 3:
            s.errors.append("违规违纪处理 of demo-discipline: fewer than three cases")
        s.shot(page, "109-discipline-cases")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("base_url", help="the running demo, e.g. http://127.0.0.1:8765")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable (Debian: /usr/bin/chromium)")
    parser.add_argument("--data-dir", type=Path, help="the demo's ZUGONG_DATA_DIR: run `zugong send-reminders` on it for the inbox shot")
    parser.add_argument("--only", default="", help="comma-separated parts to take again, e.g. surveys,honors (the take_* functions)")
    args = parser.parse_args()
    with sync_playwright() as p:
        env = {**os.environ, "LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"}  # Chromium's own UI language
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, env=env)
        shooter = Shooter(browser, args.base_url, args.data_dir)
        try:
            if args.only:
                for name in args.only.split(","):
                    globals()[f"take_{name.strip()}"](shooter)
            else:
                take_all(shooter)
        finally:
            browser.close()
    print(f"{len(shooter.taken)} screenshots in {OUT}")
    if shooter.outside:
        print("requests that left the server:", *sorted(set(shooter.outside)), sep="\n  ")
    if shooter.errors:
        print("errors seen:", *shooter.errors, sep="\n  ")
    return 1 if shooter.outside or shooter.errors else 0


if __name__ == "__main__":
    sys.exit(main())
