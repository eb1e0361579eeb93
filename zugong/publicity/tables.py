from __future__ import annotations

from typing import Any

from zugong.core.tables import Column, Table

from .models import MediaReport


def _cadres(row: Any) -> str:
    return "、".join(c.name for c in row.cadres.all())


class ReportTable(Table):
    columns = [
        Column("date", "刊播日期", order_by="date"),
        Column("title", "标题", order_by="title", link=True),
        Column("media_name", "媒体名称", order_by="media_name"),
        Column("media_level", "媒体级别", order_by="media_level", choices=MediaReport.Level),
        Column("kind", "媒体类型", order_by="kind", choices=MediaReport.Kind),
        Column("org_unit", "报道单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["-date"]
    export_columns = [
        Column("date", "刊播日期"),
        Column("title", "标题"),
        Column("media_name", "媒体名称"),
        Column("media_level", "媒体级别"),
        Column("kind", "媒体类型"),
        Column("org_unit", "报道单位", accessor="org_unit.name"),
        Column("cadres", "作者（组工干部）", accessor=_cadres),
        Column("link", "链接"),
        Column("note", "备注"),
    ]
