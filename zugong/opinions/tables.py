from __future__ import annotations

from zugong.core.tables import Column, Table
from zugong.opinions.models import Channel, Opinion


class OpinionTable(Table):
    columns = [
        Column("received_on", "收到日期", order_by="received_on"),
        Column("content", "意见内容", accessor=str, link=True),
        Column("channel", "渠道", order_by="channel", choices=Channel),
        Column("category", "分类", accessor="category.name", order_by="category__order"),
        Column("org_unit", "反映对象单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("status", "状态", order_by="status", choices=Opinion.Status),
    ]
    default_order = ["-received_on", "-id"]  # newest first: walks the (received_on, id) index at any size
    export_columns = [
        Column("received_on", "收到日期", field="received_on"),
        Column("org_unit", "反映对象单位", field="org_unit__name"),
        Column("channel", "渠道", field="channel", choices=Channel),
        Column("category", "分类", field="category__name"),
        Column("content", "意见内容", field="content"),
        Column("source_kind", "提出人类别", field="source_kind", choices=Opinion.SourceKind),
        Column("submitter", "提出人", field="submitter"),
        Column("drive", "征求意见活动", field="drive__title"),
        Column("status", "状态", field="status", choices=Opinion.Status),
    ]
