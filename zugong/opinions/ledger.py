"""The rectification ledger (整改台帐): the measures of a unit's subtree with their filters, the per-unit counts
(制定, 已落实, 逾期, 完成率: one GROUP BY over the subtree), and the ledger as xlsx in the official layout (title,
填报单位 and 日期 rows, 序号) — written in constant memory whatever its length — and read back by the same layout
to report progress on many measures at once (all or nothing, errors by row and column)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import xlsxwriter
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zugong.accounts.access import can_at
from zugong.core.errors import ValidationError
from zugong.core.imports import cell_text, read_upload_rows
from zugong.core.params import int_param
from zugong.opinions import measures
from zugong.opinions.models import OPEN_MEASURE, Measure
from zugong.orgs.models import OrgUnit

HEADERS = ["序号", "编号", "问题类别", "存在问题", "整改措施", "责任单位", "责任领导", "责任人", "整改时限", "完成情况", "进度（%）",
           "本次进度（%）", "整改情况"]
COL_ID, COL_PERCENT, COL_TEXT = 1, 11, 12
HEADER_ROW = 2
WIDTHS = [6, 8, 10, 36, 40, 18, 10, 10, 12, 12, 8, 10, 40]
MAX_IMPORT_ROWS = 20_000
MSG_FILE = "请上传由本页导出的整改台帐（.xlsx）"
MSG_LAYOUT = "表头不对：请使用本页导出的整改台帐，不要增删列"
FIELDS = ["id", "problem__category__name", "problem__title", "finding__content", "content", "org_unit__name", "leader", "responsible",
          "deadline", "status", "progress"]


def overdue_q(today: date) -> Q:
    return Q(status__in=OPEN_MEASURE, deadline__lt=today)


def measures_in(user: Any, unit: OrgUnit) -> Any:
    return Measure.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path)


@dataclass
class UnitCount:
    unit: OrgUnit | None  # None: the unit's own measures (本级)
    planned: int = 0
    done: int = 0
    awaiting: int = 0
    overdue: int = 0

    @property
    def rate(self) -> Decimal | None:
        if not self.planned:
            return None
        return (Decimal(self.done) * 100 / self.planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Counts:
    total: UnitCount
    own: UnitCount
    children: list[UnitCount] = field(default_factory=list)


def counts(qs: Any, unit: OrgUnit, today: date | None = None) -> Counts:
    """Planned / done (销号) / awaiting / overdue for the unit and each unit directly below it, from one GROUP BY."""
    today = today or timezone.localdate()
    rows = (qs.values("org_unit__path")
            .annotate(n=Count("id"), done=Count("id", filter=Q(status=Measure.Status.CLOSED)),
                      awaiting=Count("id", filter=Q(status=Measure.Status.AWAITING)), late=Count("id", filter=overdue_q(today)))
            .values_list("org_unit__path", "n", "done", "awaiting", "late"))
    kids = list(OrgUnit.objects.filter(parent=unit, is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("order", "path"))
    by_prefix = {k.path: UnitCount(k) for k in kids}
    total, own = UnitCount(unit), UnitCount(None)
    step = len(unit.path) + 4
    for path, n, done, awaiting, late in rows:
        target = own if path == unit.path else by_prefix.get(path[:step])
        for c in (total, target):
            if c is None:
                continue
            c.planned += n
            c.done += done
            c.awaiting += awaiting
            c.overdue += late
    return Counts(total=total, own=own, children=list(by_prefix.values()))


# ---------------------------------------------------------------- xlsx, official layout


def export_rows(qs: Any) -> Iterator[tuple[Any, ...]]:
    """The ledger's rows as tuples, straight from one query (no model instances), in ledger order."""
    yield from qs.order_by("org_unit__path", "deadline", "id").values_list(*FIELDS).iterator(chunk_size=5000)


def write(path: str, unit: OrgUnit, rows: Iterable[tuple[Any, ...]], title: str | None = None) -> int:
    """Write the ledger to `path` in constant memory (xlsxwriter writes each row out as it goes); returns the rows."""
    labels = dict(Measure.Status.choices)
    today = timezone.localdate()
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("整改台帐")
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#E8EEF7", "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    fill = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FFF8DC"})
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, len(HEADERS) - 1, title or f"{unit.name}整改台帐",
                   wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}))
    ws.merge_range(1, 0, 1, len(HEADERS) - 1, f"填报单位：{unit.name}        日期：{today:%Y年%m月%d日}        "
                   "说明：只填黄色两列（本次进度、整改情况），其余各列不要修改", wb.add_format({"font_size": 10}))
    for c, h in enumerate(HEADERS):
        ws.write_string(HEADER_ROW, c, h, head)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    n = 0
    status_labels = {k: str(v) for k, v in labels.items()}
    for n, (pk, category, problem, finding, content, org, leader, responsible, deadline, status, progress) in enumerate(rows, start=1):
        r = HEADER_ROW + n
        late = status in OPEN_MEASURE and deadline < today
        ws.write_number(r, 0, n, cell)
        ws.write_number(r, 1, pk, cell)
        ws.write_string(r, 2, category or "督导发现问题", cell)
        ws.write_string(r, 3, problem or finding or "", cell)
        ws.write_string(r, 4, content, cell)
        ws.write_string(r, 5, org, cell)
        ws.write_string(r, 6, leader, cell)
        ws.write_string(r, 7, responsible, cell)
        ws.write_string(r, 8, deadline.isoformat(), cell)
        ws.write_string(r, 9, status_labels[status] + ("（逾期）" if late else ""), cell)
        ws.write_number(r, 10, progress, cell)
        ws.write_blank(r, 11, None, fill)
        ws.write_blank(r, 12, None, fill)
    wb.close()
    return n


@dataclass
class ImportResult:
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, column, message)


def read_back(user: Any, upload: Any) -> ImportResult:
    """Report progress on the measures listed in an exported ledger: every row with 本次进度 or 整改情况 filled.
    Checked in full first; one bad row and nothing is written."""
    rows = read_upload_rows(upload, MSG_FILE)
    if len(rows) <= HEADER_ROW or [cell_text(v) for v in rows[HEADER_ROW][: len(HEADERS)]] != HEADERS:
        raise ValidationError(MSG_LAYOUT)
    result = ImportResult()
    wanted: list[tuple[int, int, int, str]] = []  # (row number, id, percent, text)
    for i, row in enumerate(rows[HEADER_ROW + 1:], start=HEADER_ROW + 2):
        row = [*row, *[None] * (len(HEADERS) - len(row))]
        pct_raw, text = cell_text(row[COL_PERCENT]), cell_text(row[COL_TEXT])
        if not pct_raw and not text:
            continue
        pk = int_param(cell_text(row[COL_ID]))
        if pk is None:
            result.errors.append((i, "编号", "编号不对：请不要修改编号列"))
            continue
        pct = int_param(pct_raw) if pct_raw else None
        if pct_raw and (pct is None or not 0 <= pct <= 99):
            result.errors.append((i, "本次进度（%）", "应为 0 到 99 之间的整数（完成 100% 请在措施页面报告完成并附佐证）"))
        if not text:
            result.errors.append((i, "整改情况", measures.MSG_TEXT))
        wanted.append((i, pk, pct if pct is not None else -1, text))
    if len(wanted) > MAX_IMPORT_ROWS:
        raise ValidationError(f"一次最多导入 {MAX_IMPORT_ROWS} 行")
    found = {m.pk: m for m in Measure.objects.visible_to(user, "view").filter(pk__in=[pk for _, pk, _, _ in wanted]).select_related("org_unit")}
    for i, pk, _pct, _note in wanted:
        m = found.get(pk)
        if m is None:
            result.errors.append((i, "编号", "措施不存在或不在您的授权范围内"))
        elif not can_at(user, measures.CHANGE, m.org_unit.path):
            result.errors.append((i, "编号", "您不能报告该措施的进展"))
        elif m.status not in OPEN_MEASURE:
            result.errors.append((i, "完成情况", f"该措施为“{m.get_status_display()}”，不能再报告进展"))
    if result.errors:
        result.errors.sort()
        return result
    with transaction.atomic():
        for _i, pk, pct, text in wanted:
            m = found[pk]
            measures.measure_report(actor=user, measure=m, text=text, progress=m.progress if pct < 0 else pct, expected_version=m.version)
            result.updated += 1
    return result
