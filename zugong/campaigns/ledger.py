"""任务台账: a unit's assignments in a campaign as xlsx, filled in offline (本次进度, 进展情况) and read
back to update the same rows by their 编号. The whole file is checked first; one bad row and nothing is
written, every error listed by row and column in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import can
from zugong.audit.services import record
from zugong.campaigns import progress
from zugong.campaigns.models import Assignment, Campaign
from zugong.core.errors import ValidationError
from zugong.core.imports import read_upload_rows
from zugong.core.params import int_param

HEADERS = ["编号", "任务", "承办单位", "部署单位", "分管领导", "牵头科室", "责任人", "完成时限", "状态", "当前进度（%）",
           "本次进度（%）", "进展情况"]
COL_ID, COL_PERCENT, COL_TEXT = 0, 10, 11
MAX_ROWS = 5000
MSG_FILE = "请上传由本页下载的任务台账（.xlsx）"


def rows_for(user: Any, campaign: Campaign, unit: Any) -> list[Assignment]:
    """The ledger's rows: the campaign's assignments in the unit's subtree the user can see, tree order."""
    return list(Assignment.objects.visible_to(user, "view").filter(campaign=campaign, org_unit__path__startswith=unit.path)
                .select_related("org_unit", "issuer", "lead_office", "responsible")
                .order_by("org_unit__path", "task__kind", "task__order", "origin", "id")[:MAX_ROWS])


def write(path: str, campaign: Campaign, unit: Any, rows: list[Assignment]) -> None:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("任务台账")
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#E8EEF7", "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    fill = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FFF8DC", "locked": False})
    ws.merge_range(0, 0, 0, len(HEADERS) - 1, f"{campaign.name}任务台账", title)
    ws.merge_range(1, 0, 1, len(HEADERS) - 1,
                   f"填报单位：{unit.name}    导出日期：{timezone.localdate():%Y-%m-%d}    "
                   "说明：只填黄色两列；已分解的任务“本次进度”留空，进度由下级任务计算。", wb.add_format({"font_size": 10}))
    ws.set_row(0, 30)
    for c, h in enumerate(HEADERS):
        ws.write(2, c, h, head)
    for r, a in enumerate(rows, start=3):
        values = [a.pk, a.title, a.org_unit.name, a.issuer.name, a.leader, a.lead_office.name if a.lead_office else "",
                  a.responsible.full_name if a.responsible else "", a.deadline.isoformat(), a.get_status_display(), float(a.progress)]
        for c, v in enumerate(values):
            ws.write(r, c, v, cell)
        ws.write_blank(r, COL_PERCENT, None, fill)
        ws.write_blank(r, COL_TEXT, None, fill)
    for c, width in enumerate([8, 30, 22, 22, 12, 12, 10, 12, 8, 10, 10, 40]):
        ws.set_column(c, c, width)
    ws.freeze_panes(3, 2)
    wb.close()


@dataclass
class LedgerResult:
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, column, message)


def _read(upload: Any) -> list[list[Any]]:
    return read_upload_rows(upload, MSG_FILE)


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v if v is not None else "").strip()


def import_ledger(*, actor: Any, campaign: Campaign, upload: Any, day: date | None = None) -> LedgerResult:
    """Read a filled-in ledger: each row with 本次进度 or 进展情况 becomes a progress report on the row's
    assignment, all in one transaction, or none when any row is wrong."""
    rows = _read(upload)
    header_at = next((i for i, r in enumerate(rows[:10]) if r and _text(r[0]) == HEADERS[0]), None)
    if header_at is None or [_text(c) for c in rows[header_at][:len(HEADERS)]] != HEADERS:
        raise ValidationError("表头与任务台账不符，请使用本页下载的任务台账")
    body = [(n, r) for n, r in enumerate(rows[header_at + 1:], start=header_at + 2)
            if len(r) > COL_TEXT and (_text(r[COL_PERCENT]) or _text(r[COL_TEXT]))]
    if len(body) > MAX_ROWS:
        raise ValidationError(f"一次最多导入 {MAX_ROWS} 行")
    ids = {i for _n, r in body if (i := int_param(_text(r[COL_ID]))) is not None}
    found = {a.pk: a for a in Assignment.objects.visible_to(actor, "view").filter(pk__in=ids, campaign=campaign)
             .select_related("campaign", "org_unit", "task", "parent")}
    day = day or timezone.localdate()
    result = LedgerResult()
    plan: list[tuple[Assignment, Decimal | None, str]] = []
    seen: set[int] = set()
    for n, r in body:
        raw_id = int_param(_text(r[COL_ID]))
        a = found.get(raw_id) if raw_id is not None else None
        if a is None:
            result.errors.append((n, HEADERS[COL_ID], "编号不存在，或不是本活动中您可以看到的任务"))
            continue
        if a.pk in seen:
            result.errors.append((n, HEADERS[COL_ID], "同一任务在文件中出现了两次"))
            continue
        seen.add(a.pk)
        if not can(actor, "change", a):
            result.errors.append((n, HEADERS[COL_ID], "您没有报告该任务进度的权限"))
            continue
        try:
            percent = progress.parse_percent(r[COL_PERCENT])
        except ValidationError:
            result.errors.append((n, HEADERS[COL_PERCENT], progress.MSG_PERCENT))
            continue
        text = _text(r[COL_TEXT]) or (f"进度更新至 {percent}%" if percent is not None else "")
        problems = progress.check_report(a, day=day, percent=percent, text=text)
        if a.campaign.status not in progress.ACTIVE:
            problems["__all__"] = progress.MSG_INACTIVE
        for key, message in problems.items():
            column = {"percent": HEADERS[COL_PERCENT], "text": HEADERS[COL_TEXT]}.get(key, HEADERS[COL_ID])
            result.errors.append((n, column, message))
        if not problems:
            plan.append((a, percent, text))
    if result.errors:
        return result
    if not plan:
        raise ValidationError("文件中没有填写“本次进度”或“进展情况”的行")
    with transaction.atomic():
        for a, percent, text in plan:
            progress.report_add(actor=actor, assignment=a, day=day, percent=percent, text=text, source="ledger")
        record(action="campaign.ledger_imported", actor=actor, obj=campaign, after={"rows": len(plan)})
    result.updated = len(plan)
    return result
