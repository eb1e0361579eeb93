"""Declarative tables for registers: columns, sortable headers, cell values (one Table per model)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.http import QueryDict


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    accessor: str | Callable[[Any], Any] | None = None  # attribute path, callable, or `name`
    order_by: str | None = None  # database ordering when sortable
    link: bool = False  # cell links to the row's detail page
    css: str = ""
    choices: Any = None  # TextChoices: sort by their declared order (rank, education), not by code
    field: str | None = None  # database path for exports read with values_list (no model instances)

    def value(self, row: Any) -> Any:
        acc = self.accessor or self.name
        if callable(acc):
            return acc(row)
        value = row
        for part in acc.split("."):
            if value is None:
                return ""
            display = getattr(value, f"get_{part}_display", None)
            value = display() if display is not None else getattr(value, part)
        return "" if value is None else value


class Table:
    """A model's columns; `sort_param` turns `?sort=-name` into a safe ORDER BY."""

    columns: list[Column] = []
    default_order: list[str] = []
    export_columns: list[Column] | None = None

    def __init__(self, rows: Any, params: QueryDict | None = None) -> None:
        self.rows = rows
        self.params = params or QueryDict()

    @classmethod
    def ordering(cls, sort: str | None) -> tuple[list[Any], str]:
        """(order_by terms, accepted sort key) — unknown keys fall back to the default order."""
        if sort:
            key = sort.lstrip("-")
            for c in cls.columns:
                if c.name == key and c.order_by:
                    desc = sort.startswith("-")
                    if c.choices is not None:
                        rank = Case(*[When(**{c.order_by: code}, then=Value(i)) for i, code in enumerate(c.choices.values)],
                                    default=Value(len(c.choices.values)), output_field=IntegerField())
                        return [rank.desc() if desc else rank.asc(), "pk"], sort
                    fields = [f"-{f}" if desc else f for f in c.order_by.split(",")]
                    return [*fields, "pk"], sort
        return [*cls.default_order, "pk"], ""

    def header(self) -> list[dict[str, Any]]:
        current = self.params.get("sort", "")
        out = []
        for c in self.columns:
            entry: dict[str, Any] = {"label": c.label, "css": c.css, "sortable": bool(c.order_by)}
            if c.order_by:
                params = self.params.copy()
                params["sort"] = f"-{c.name}" if current == c.name else c.name
                params.pop("page", None)
                entry["url"] = "?" + params.urlencode()
                entry["state"] = "asc" if current == c.name else "desc" if current == f"-{c.name}" else ""
            out.append(entry)
        return out

    def body(self) -> list[tuple[Any, list[tuple[Column, Any]]]]:
        return [(row, [(c, c.value(row)) for c in self.columns]) for row in self.rows]

    @classmethod
    def exported(cls) -> list[Column]:
        return cls.export_columns if cls.export_columns is not None else cls.columns

    @classmethod
    def export_plan(cls) -> tuple[list[str], list[Callable[[Any], Any]]] | None:
        """(values_list fields, per-cell converters) when every exported column names its field:
        rows then stream as tuples, choice codes turned into labels by dict lookup."""
        columns = cls.exported()
        if not all(c.field for c in columns):
            return None
        converters: list[Callable[[Any], Any]] = []
        for c in columns:
            if c.choices is not None:
                labels = {code: str(label) for code, label in c.choices.choices}
                converters.append(lambda v, labels=labels: labels.get(v, v or ""))
            else:
                converters.append(lambda v: "" if v is None else v)
        return [str(c.field) for c in columns], converters
