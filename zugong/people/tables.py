from __future__ import annotations

from zugong.core.tables import Column, Table
from zugong.people.models import CadreStatus, Degree, Education, Gender, PoliticalStatus, Rank


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
