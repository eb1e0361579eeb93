"""One Table per register (list columns, sortable headers, xlsx export columns)."""

from __future__ import annotations

from zugong.core.tables import Column, Table
from zugong.fieldwork.models import GrassrootsProblem, Pairing, ResearchTopic, VisitKind


def _names(visit: object) -> str:
    return "、".join(c.name for c in visit.cadres.all())  # type: ignore[attr-defined]


class VisitTable(Table):
    columns = [
        Column("date", "日期", order_by="date", link=True),
        Column("kind", "类型", order_by="kind", choices=VisitKind),
        Column("place", "地点", order_by="place"),
        Column("purpose", "事由"),
        Column("cadres", "参加干部", accessor=_names),
        Column("person_count", "人次", order_by="person_count", css="text-end"),
        Column("contact_point", "联系点", accessor="contact_point.name"),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["-date"]
    export_columns = [
        Column("org_unit", "单位", accessor="org_unit.name"),
        Column("kind", "类型"),
        Column("date", "日期"),
        Column("place", "地点"),
        Column("purpose", "事由"),
        Column("cadres", "参加干部", accessor=_names),
        Column("person_count", "人次"),
        Column("contact_point", "联系点", accessor="contact_point.name"),
        Column("findings", "发现的问题和情况"),
    ]


class PointTable(Table):
    columns = [
        Column("name", "基层单位", order_by="name", link=True),
        Column("office", "联系科室", accessor="office.name"),
        Column("address", "地址"),
        Column("since", "建立联系时间", order_by="since"),
        Column("visit_persons", "深入人次", css="text-end"),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["org_unit__path", "name"]
    export_columns = [
        Column("org_unit", "单位", field="org_unit__name"),
        Column("office", "联系科室", field="office__name"),
        Column("name", "基层单位", field="name"),
        Column("address", "地址", field="address"),
        Column("since", "建立联系时间", field="since"),
        Column("note", "备注", field="note"),
    ]


class PairingTable(Table):
    columns = [
        Column("cadre", "帮扶干部", accessor="cadre.name", order_by="cadre__name_pinyin", link=True),
        Column("counterpart_kind", "对象类别", order_by="counterpart_kind", choices=Pairing.Counterpart),
        Column("counterpart_name", "帮扶对象"),
        Column("counterpart_place", "所在地"),
        Column("start_date", "结对日期", order_by="start_date"),
        Column("end_date", "结束日期", order_by="end_date"),
        Column("status", "状态", order_by="status", choices=Pairing.Status),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["-start_date"]
    export_columns = [
        Column("org_unit", "单位", field="org_unit__name"),
        Column("cadre", "帮扶干部", field="cadre__name"),
        Column("counterpart_kind", "帮扶对象类别", field="counterpart_kind", choices=Pairing.Counterpart),
        Column("counterpart_name", "帮扶对象", field="counterpart_name"),
        Column("counterpart_place", "所在地", field="counterpart_place"),
        Column("start_date", "结对日期", field="start_date"),
        Column("end_date", "结束日期", field="end_date"),
        Column("status", "状态", field="status", choices=Pairing.Status),
        Column("note", "帮扶内容", field="note"),
    ]


def _ledger(p: GrassrootsProblem) -> str:
    return p.ledger_measure.get_status_display() if p.ledger_measure_id and p.ledger_measure else ""


class ProblemTable(Table):
    columns = [
        Column("description", "问题", link=True),
        Column("raised_on", "发现日期", order_by="raised_on"),
        Column("status", "状态", order_by="status", choices=GrassrootsProblem.Status),
        Column("solved_on", "解决日期", order_by="solved_on"),
        Column("ledger", "整改台帐", accessor=_ledger),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["-raised_on"]
    export_columns = [
        Column("org_unit", "单位", field="org_unit__name"),
        Column("description", "问题", field="description"),
        Column("raised_on", "发现日期", field="raised_on"),
        Column("status", "状态", field="status", choices=GrassrootsProblem.Status),
        Column("solved_on", "解决日期", field="solved_on"),
        Column("result", "解决情况", field="result"),
    ]


class TopicTable(Table):
    columns = [
        Column("title", "课题名称", order_by="title", link=True),
        Column("year", "年度", order_by="year"),
        Column("lead", "领衔领导", accessor="lead.name"),
        Column("report_date", "报告日期", order_by="report_date"),
        Column("rating", "评定等次", order_by="rating", choices=ResearchTopic.Rating),
        Column("adopted", "成果转化", accessor=lambda t: "是" if t.adopted else ""),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
    ]
    default_order = ["-year", "title"]
    export_columns = [
        Column("org_unit", "单位", accessor="org_unit.name"),
        Column("year", "年度"),
        Column("title", "课题名称"),
        Column("lead", "领衔领导", accessor="lead.name"),
        Column("team", "课题组成员", accessor=lambda t: "、".join(c.name for c in t.team.all())),
        Column("report_date", "报告日期"),
        Column("rating", "评定等次"),
        Column("adopted", "成果转化", accessor=lambda t: "是" if t.adopted else "否"),
        Column("adoption_note", "转化情况"),
    ]
