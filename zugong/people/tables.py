from __future__ import annotations

from django.utils import timezone

from zugong.core.tables import Column, Table
from zugong.people.models import (
    CadreStatus,
    Degree,
    Education,
    Gender,
    Movement,
    PoliticalStatus,
    Rank,
    ReserveStatus,
    SecondmentDirection,
)


class CadreTable(Table):
    columns = [
        Column("name", "姓名", order_by="name_pinyin", link=True),
        Column("gender", "性别"),
        Column("birth_date", "出生日期", order_by="birth_date"),
        Column("id_number", "身份证号", accessor="id_number_masked"),
        Column("org_unit", "所在单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("office", "科室", accessor="office.name"),
        Column("position", "职务"),
        Column("rank", "职级", order_by="rank", choices=Rank),
        Column("education", "学历", order_by="education", choices=Education),
        Column("status", "状态", order_by="status", choices=CadreStatus),
    ]
    default_order = ["name_pinyin"]  # 姓名拼音序: walks the name_pinyin index, so page 1 costs the same at any size
    export_columns = [
        Column("name", "姓名", field="name"),
        Column("gender", "性别", field="gender", choices=Gender),
        Column("ethnicity", "民族", field="ethnicity"),
        Column("id_number", "身份证号", field="id_number_masked"),
        Column("birth_date", "出生日期", field="birth_date"),
        Column("phone", "手机号", field="phone_masked"),
        Column("political_status", "政治面貌", field="political_status", choices=PoliticalStatus),
        Column("education", "学历", field="education", choices=Education),
        Column("degree", "学位", field="degree", choices=Degree),
        Column("org_unit", "所在单位", field="org_unit__name"),
        Column("office", "所在科室", field="office__name"),
        Column("position", "职务", field="position"),
        Column("rank", "职级", field="rank", choices=Rank),
        Column("work_start_date", "从事组织工作时间", field="work_start_date"),
        Column("status", "状态", field="status", choices=CadreStatus),
    ]


class MovementTable(Table):
    columns = [
        Column("cadre", "姓名", accessor="cadre.name", order_by="cadre__name_pinyin", link=True),
        Column("kind", "类型", order_by="kind", choices=Movement.Kind),
        Column("date", "日期", order_by="date"),
        Column("org_unit", "登记单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("summary", "变动情况", accessor=lambda m: m.summary()),
        Column("state", "办理状态", order_by="state", choices=Movement.State),
    ]
    default_order = ["-date"]
    export_columns = [
        Column("cadre", "姓名", field="cadre__name"),
        Column("kind", "类型", field="kind", choices=Movement.Kind),
        Column("date", "日期", field="date"),
        Column("org_unit", "登记单位", field="org_unit__name"),
        Column("from_unit", "原单位", field="from_unit__name"),
        Column("to_unit", "新单位", field="to_unit__name"),
        Column("from_position", "原职务", field="from_position"),
        Column("to_position", "新职务", field="to_position"),
        Column("from_rank", "原职级", field="from_rank", choices=Rank),
        Column("to_rank", "新职级", field="to_rank", choices=Rank),
        Column("direction", "挂职方向", field="direction", choices=SecondmentDirection),
        Column("host_unit_name", "挂职单位", field="host_unit_name"),
        Column("period_start", "挂职开始", field="period_start"),
        Column("period_end", "挂职结束", field="period_end"),
        Column("ended_on", "实际结束", field="ended_on"),
        Column("destination", "去向/来源", field="destination"),
        Column("note", "备注", field="note"),
        Column("state", "办理状态", field="state", choices=Movement.State),
    ]


def _days_left(m: Movement) -> str:
    if m.period_end is None:
        return "未定"
    days = (m.period_end - timezone.localdate()).days
    return f"已到期{-days}天" if days < 0 else "今天到期" if days == 0 else f"{days}天"


class SecondmentTable(Table):
    columns = [
        Column("cadre", "姓名", accessor="cadre.name", order_by="cadre__name_pinyin", link=True),
        Column("org_unit", "派出单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("direction", "方向", order_by="direction", choices=SecondmentDirection),
        Column("host", "挂职单位", accessor="host"),
        Column("period_start", "开始", order_by="period_start"),
        Column("period_end", "结束", order_by="period_end"),
        Column("days_left", "剩余", accessor=_days_left),
    ]
    default_order = ["period_end"]
    export_columns = [
        Column("cadre", "姓名", field="cadre__name"),
        Column("org_unit", "派出单位", field="org_unit__name"),
        Column("direction", "挂职方向", field="direction", choices=SecondmentDirection),
        Column("host_unit_name", "挂职单位", field="host_unit_name"),
        Column("host_unit", "挂职单位（系统内）", field="host_unit__name"),
        Column("period_start", "挂职开始", field="period_start"),
        Column("period_end", "挂职结束", field="period_end"),
        Column("note", "备注", field="note"),
    ]


class ReserveTable(Table):
    columns = [
        Column("cadre", "姓名", accessor="cadre.name", order_by="cadre__name_pinyin", link=True),
        Column("org_unit", "所属单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("position", "现职务", accessor="cadre.position"),
        Column("rank", "现职级", accessor="cadre.rank"),
        Column("since", "入库时间", order_by="since"),
        Column("recommended_post", "拟推荐岗位"),
        Column("recommended_rank", "拟推荐职级", order_by="recommended_rank", choices=Rank),
        Column("status", "状态", order_by="status", choices=ReserveStatus),
    ]
    default_order = ["org_unit__path", "-since"]
    export_columns = [
        Column("cadre", "姓名", field="cadre__name"),
        Column("org_unit", "所属单位", field="org_unit__name"),
        Column("position", "现职务", field="cadre__position"),
        Column("rank", "现职级", field="cadre__rank", choices=Rank),
        Column("since", "入库时间", field="since"),
        Column("recommended_post", "拟推荐岗位", field="recommended_post"),
        Column("recommended_rank", "拟推荐职级", field="recommended_rank", choices=Rank),
        Column("note", "备注", field="note"),
        Column("status", "状态", field="status", choices=ReserveStatus),
        Column("left_on", "出库时间", field="left_on"),
        Column("left_reason", "出库原因", field="left_reason"),
    ]
