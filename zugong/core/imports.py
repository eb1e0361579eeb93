"""The xlsx import mechanism every register uses (DESIGN.md §5.5).

A resource declares its columns and how to parse and commit rows; this module reads the file
(python-calamine), validates every row with per-column Chinese errors, writes the template with
dropdown lists, writes the failed rows back out, and runs the all-or-nothing commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import xlsxwriter
from python_calamine import CalamineWorkbook

MAX_LISTED_ERRORS = 500
ERROR_HEADER = "错误说明"


class ImportFileError(ValueError):
    """The file itself cannot be read (wrong type, no header, missing columns)."""


@dataclass(frozen=True)
class ImportColumn:
    header: str
    field: str
    required: bool = False
    choices: Sequence[tuple[str, Any]] | None = None  # (code, label); cells hold the label
    kind: str = "str"  # str | date | choice
    help: str = ""
    max_length: int = 200


@dataclass
class RowError:
    row: int  # spreadsheet row number (header is row 1)
    column: str
    message: str


@dataclass
class Validation:
    total: int = 0
    valid: list[tuple[int, Any]] = field(default_factory=list)  # (row number, parsed input)
    errors: list[RowError] = field(default_factory=list)

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


def parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise ValueError("日期格式应为 YYYY-MM-DD")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError("日期无效") from None


def cell_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.strftime("%Y-%m-%d")
    return str(raw).strip()


def read_upload_rows(upload: Any, message: str) -> list[list[Any]]:
    """All rows of the first sheet of an uploaded .xlsx (python-calamine); ValidationError(message) when the
    upload is not a readable workbook or too big. For the fixed-layout ledgers that are read back by position."""
    import tempfile

    from django.conf import settings

    from zugong.core.errors import ValidationError

    if upload is None or not (upload.name or "").lower().endswith(".xlsx") or upload.read(4) != b"PK\x03\x04":
        raise ValidationError(message)
    if (upload.size or 0) > settings.MAX_IMPORT_BYTES:
        raise ValidationError(f"文件不能超过 {settings.MAX_IMPORT_BYTES // 1024 // 1024} MB")
    upload.seek(0)
    try:
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            return list(CalamineWorkbook.from_path(tmp.name).get_sheet_by_index(0).to_python())
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ValidationError(message) from exc


class ImportResource:
    """Subclass per model: columns, `context` (lookups loaded once), `parse_row`, `check_all`, `commit`."""

    do_not_call_in_templates = True
    key: ClassVar[str]
    title: ClassVar[str]
    perm: ClassVar[str]
    columns: ClassVar[list[ImportColumn]]
    example: ClassVar[list[str]]
    list_url_name: ClassVar[str]
    template_url_name: ClassVar[str]

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    # --- reading --------------------------------------------------------------------------------
    def read(self, path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
        """Yield (row number, {field: raw cell}) for every non-empty data row."""
        try:
            wb = CalamineWorkbook.from_path(str(path))
            sheet = wb.get_sheet_by_index(0)
            rows = sheet.iter_rows()
            header = next(rows, None)
        except Exception as exc:
            raise ImportFileError("无法读取文件，请上传由模板填写的 .xlsx 文件") from exc
        if header is None:
            raise ImportFileError("文件是空的：第一行应为表头")
        names = [cell_text(h).rstrip("*").strip() for h in header]
        positions: dict[str, int] = {}
        for col in self.columns:
            if col.header in names:
                positions[col.field] = names.index(col.header)
            elif col.required:
                raise ImportFileError(f"缺少必填列“{col.header}”，请使用下载的模板")
        for n, row in enumerate(rows, start=2):
            values = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
            if all(cell_text(v) == "" for v in values.values()):
                continue
            yield n, values

    def count_rows(self, path: str | Path) -> int:
        return sum(1 for _ in self.read(path))

    def _choice_maps(self) -> dict[str, dict[str, str]]:
        """Label -> code per choice column, built once per import (labels are lazy translations)."""
        maps: dict[str, dict[str, str]] | None = getattr(self, "_maps", None)
        if maps is None:
            maps = {c.field: {str(label): code for code, label in c.choices} for c in self.columns if c.choices}
            self._maps = maps
        return maps

    def clean_cells(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Generic per-column checks: required, length, dates, choices (label to code)."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for col in self.columns:
            raw = values.get(col.field)
            text = cell_text(raw)
            if text == "":
                if col.required:
                    errors[col.field] = "必填"
                cleaned[col.field] = None if col.kind == "date" else ""
                continue
            if col.kind == "date":
                try:
                    cleaned[col.field] = parse_date(raw)
                except ValueError as exc:
                    errors[col.field] = str(exc)
            elif col.kind == "choice":
                by_label = self._choice_maps()[col.field]
                if text in by_label:
                    cleaned[col.field] = by_label[text]
                else:
                    errors[col.field] = f"应为：{'、'.join(by_label)}"
            else:
                if len(text) > col.max_length:
                    errors[col.field] = f"不能超过{col.max_length}个字"
                cleaned[col.field] = text
        return cleaned, errors

    # --- hooks -----------------------------------------------------------------------------------
    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        raise NotImplementedError

    def check_all(self, valid: list[tuple[int, Any]]) -> dict[int, dict[str, str]]:
        """Cross-row checks (duplicates in the file, scope of existing records); keys are row numbers."""
        return {}

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        """Preview summary shown before the user confirms."""
        return {}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        raise NotImplementedError

    def dropdown_sources(self) -> dict[str, list[str]]:
        """Extra dropdown lists by field (e.g. unit names in the actor's scope)."""
        return {}

    # --- the whole pass --------------------------------------------------------------------------
    def label_of(self, field_name: str) -> str:
        for c in self.columns:
            if c.field == field_name:
                return c.header
        return field_name

    def validate(self, path: str | Path, progress: Callable[[int], None] | None = None) -> Validation:
        result = Validation()
        for n, values in self.read(path):
            result.total += 1
            cleaned, errors = self.clean_cells(values)
            if not errors:
                parsed, errors = self.parse_row(cleaned)
            for f, msg in errors.items():
                result.errors.append(RowError(n, self.label_of(f), msg))
            if not errors:
                result.valid.append((n, parsed))
            if progress and result.total % 1000 == 0:
                progress(result.total)
        cross = self.check_all(result.valid)
        if cross:
            for n, errs in cross.items():
                for f, msg in errs.items():
                    result.errors.append(RowError(n, self.label_of(f), msg))
            result.valid = [(n, p) for n, p in result.valid if n not in cross]
        result.errors.sort(key=lambda e: e.row)
        return result

    # --- files -------------------------------------------------------------------------------------
    def write_template(self, path: str | Path) -> None:
        """Template: Chinese headers (required marked *), dropdown lists, one example row, a notes sheet."""
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet(self.title[:31])
        lists = wb.add_worksheet("选项")
        notes = wb.add_worksheet("填写说明")
        head = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
        req = wb.add_format({"bold": True, "bg_color": "#FDECEA", "border": 1, "font_color": "#B42318"})
        text = wb.add_format({"num_format": "@"})
        extra = self.dropdown_sources()
        list_col = 0
        for i, col in enumerate(self.columns):
            ws.write_string(0, i, col.header + ("*" if col.required else ""), req if col.required else head)
            ws.set_column(i, i, max(12, len(col.header) * 2 + 4), text)
            options = [str(label) for _, label in col.choices] if col.choices else extra.get(col.field)
            if options:
                lists.write_string(0, list_col, col.header)
                for r, opt in enumerate(options, start=1):
                    lists.write_string(r, list_col, opt)
                letter = xlsxwriter.utility.xl_col_to_name(list_col)
                ws.data_validation(
                    1, i, 50000, i,
                    {
                        "validate": "list",
                        "source": f"=选项!${letter}$2:${letter}${len(options) + 1}",
                        "error_title": "输入有误",
                        "error_message": f"请从下拉列表中选择{col.header}",
                    },
                )
                list_col += 1
            if col.kind == "date":
                ws.write_comment(0, i, "格式：2024-03-01")
        for i, value in enumerate(self.example):
            ws.write_string(1, i, value)
        ws.freeze_panes(1, 0)
        lists.hide()
        notes.set_column(0, 0, 20)
        notes.set_column(1, 1, 80)
        notes.write_string(0, 0, "列", head)
        notes.write_string(0, 1, "说明", head)
        for r, col in enumerate(self.columns, start=1):
            notes.write_string(r, 0, col.header + ("（必填）" if col.required else ""))
            notes.write_string(r, 1, col.help or ("从下拉列表选择" if col.choices else ""))
        notes.write_string(len(self.columns) + 2, 0, "注意")
        notes.write_string(len(self.columns) + 2, 1, "第2行为示例，导入前请删除。导入要么全部成功，要么一条也不导入。")
        wb.close()

    def write_failed_rows(self, source: str | Path, target: str | Path, errors: list[RowError]) -> int:
        """Copy only the rows with errors, plus an error column, so the user fixes and re-uploads them."""
        by_row: dict[int, list[str]] = {}
        for e in errors:
            by_row.setdefault(e.row, []).append(f"{e.column}：{e.message}")
        wb = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False})
        ws = wb.add_worksheet(self.title[:31])
        head = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
        err = wb.add_format({"font_color": "#B42318"})
        for i, col in enumerate(self.columns):
            ws.write_string(0, i, col.header, head)
            ws.set_column(i, i, 14)
        ws.write_string(0, len(self.columns), ERROR_HEADER, head)
        ws.set_column(len(self.columns), len(self.columns), 60)
        out = 0
        for n, values in self.read(source):
            if n not in by_row:
                continue
            out += 1
            for i, col in enumerate(self.columns):
                ws.write_string(out, i, cell_text(values.get(col.field)))
            ws.write_string(out, len(self.columns), "；".join(by_row[n]), err)
        wb.close()
        return out


_registry: dict[str, type[ImportResource]] = {}


def register(resource: type[ImportResource]) -> type[ImportResource]:
    _registry[resource.key] = resource
    return resource


def get_resource(key: str) -> type[ImportResource]:
    return _registry[key]
