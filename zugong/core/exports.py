"""xlsx export streamed in constant memory: rows go from a DB iterator to xlsxwriter's constant-memory
writer on a temporary file, and the file is streamed back (DESIGN.md §5.4)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)


def write_xlsx(path: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1") -> int:
    """Write rows to `path` in constant memory; returns the row count."""
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet(sheet[:31])
    bold = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    for col, h in enumerate(headers):
        ws.write_string(0, col, h, bold)
        ws.set_column(col, col, max(10, len(h) * 2 + 2))
    n = 0
    write_string, write_number = ws.write_string, ws.write_number
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if type(value) is not str:  # the common case first: most cells are text
                value = _cell(value)
                if type(value) is not str:
                    write_number(n, col, value)
                    continue
            if value:
                write_string(n, col, value)
    ws.freeze_panes(1, 0)
    wb.close()
    return n


def xlsx_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str, sheet: str = "Sheet1") -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 — handed to FileResponse
    tmp.close()
    write_xlsx(tmp.name, headers, rows, sheet=sheet)
    handle = open(tmp.name, "rb")  # noqa: SIM115
    import os

    os.unlink(tmp.name)  # the open handle keeps the data until the response is closed
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
