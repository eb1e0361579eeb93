"""Take the screenshots of docs/user-guide.md and docs/admin-guide.md from a running demo.

This script starts nothing. Start the demo first, on a spare port and a throwaway data directory
(`./dev demo` is one process, `zugong demo-serve`: migrate, load the demo province, serve):

    cd /work/main && rm -rf /tmp/zg-docs && ZUGONG_DATA_DIR=/tmp/zg-docs ./dev demo --port 8765 &

then, once it has printed its URL (组工平台演示：http://127.0.0.1:8765/):

    .venv/bin/python docs/screenshots/make.py http://127.0.0.1:8765

and stop the demo afterwards (kill its process id, e.g. `kill %1` in the same shell).

It logs in with the demo accounts (password Zugong@Demo2026) in Debian chromium through Playwright's
sync API and writes PNG files next to this script. Chromium draws its own controls (file picker, date
field) in the language of its UI: install Debian's chromium-l10n to get them in Chinese, as users see them. It changes demo data (a movement, an edited cadre,
two imported cadres), so run it against a throwaway demo, never against real data. It never triggers
a login lockout (that would lock every demo account for 30 minutes).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from playwright.sync_api import Browser, Page, expect, sync_playwright

PASSWORD = "Zugong@Demo2026"  # noqa: S105 — the published demo password (README), never used in production
OUT = Path(__file__).resolve().parent
VIEWPORT = {"width": 1366, "height": 860}
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

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base.rstrip("/")
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.taken: list[str] = []

    @contextmanager
    def session(self, username: str | None) -> Iterator[Page]:
        context = self.browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
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
        # Forms with errors answer 400 and a stale edit 409 on purpose; the browser logs those too.
        if message.type == "error" and "status of 4" not in message.text:
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
        # Start from one indicator: at this commit /stats/ with its default indicators answers 500
        # (a table row is missing when an indicator's 本级 is 0), which would stop the script.
        s.go(page, "/stats/?indicators=people.headcount")
        page.select_option("#id_indicators", ["people.movements", "people.headcount", "people.postgraduate_share", "people.postgraduates"])
        with page.expect_navigation():
            page.click(".page-body form button[type=submit]")
        page.wait_for_load_state("networkidle")
        wait_for_charts(page)
        s.shot(page, "26-stats-dashboard")
        # the trend on top, the first bar charts below it
        page.locator(".card", has=page.locator("[data-chart=line]")).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        s.shot(page, "27-stats-charts")
        page.click("a[data-drill]:has-text('哈尔滨市委组织部')")
        page.wait_for_load_state("networkidle")
        wait_for_charts(page)
        s.shot(page, "28-stats-drilldown")
        page.locator("a[data-total-figure]").first.click()  # 干部变动 of 哈尔滨 (with its counties) in the period
        page.wait_for_load_state("networkidle")
        s.shot(page, "29-stats-records")

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("base_url", help="the running demo, e.g. http://127.0.0.1:8765")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable (Debian: /usr/bin/chromium)")
    args = parser.parse_args()
    with sync_playwright() as p:
        env = {**os.environ, "LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"}  # Chromium's own UI language
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, env=env)
        shooter = Shooter(browser, args.base_url)
        try:
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
