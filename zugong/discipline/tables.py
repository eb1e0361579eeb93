"""The case list shows who, which kind and how handled; the summary is read on the (audited) detail page only."""

from __future__ import annotations

from zugong.core.tables import Column, Table

from .models import DisciplineCase


class CaseTable(Table):
    columns = [
        Column("cadre", "组工干部", accessor="cadre.name", order_by="cadre__name_pinyin", link=True),
        Column("org_unit", "所在单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("kind", "违规违纪类别", order_by="kind", choices=DisciplineCase.Kind),
        Column("handling", "处理方式", order_by="handling", choices=DisciplineCase.Handling),
        Column("decided_on", "处理决定日期", order_by="decided_on"),
    ]
    default_order = ["-decided_on"]
    export_columns = [
        Column("cadre", "组工干部", field="cadre__name"),
        Column("org_unit", "所在单位", field="org_unit__name"),
        Column("kind", "违规违纪类别", field="kind", choices=DisciplineCase.Kind),
        Column("handling", "处理方式", field="handling", choices=DisciplineCase.Handling),
        Column("decided_on", "处理决定日期", field="decided_on"),
        Column("decided_by", "处理决定机关", field="decided_by"),
        Column("summary", "问题摘要", field="summary"),
    ]
