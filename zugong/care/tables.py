from __future__ import annotations

from typing import Any

from zugong.core.tables import Column, Table

from .models import CareActivity


def _cadres(row: Any) -> str:
    return "、".join(c.name for c in row.cadres.all())


class ActivityTable(Table):
    columns = [
        Column("date", "日期", order_by="date"),
        Column("title", "活动名称", order_by="title", link=True),
        Column("kind", "活动类型", order_by="kind", choices=CareActivity.Kind),
        Column("org_unit", "组织单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("persons", "关爱人次", order_by="persons", css="text-end"),
        Column("amount", "慰问金额（元）", order_by="amount", css="text-end"),
    ]
    default_order = ["-date"]
    export_columns = [
        Column("date", "日期"),
        Column("title", "活动名称"),
        Column("kind", "活动类型"),
        Column("org_unit", "组织单位", accessor="org_unit.name"),
        Column("cadres", "关爱对象（组工干部）", accessor=_cadres),
        Column("persons", "关爱人次"),
        Column("amount", "慰问金额（元）", accessor=lambda r: "" if r.amount is None else float(r.amount)),
        Column("note", "备注"),
    ]
