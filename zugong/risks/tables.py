"""One Table per register (sortable columns, and the columns of its xlsx export)."""

from __future__ import annotations

from zugong.core.tables import Column, Table
from zugong.risks.models import AccountabilityNotice, Category, Level


class PostTable(Table):
    columns = [
        Column("name", "岗位", order_by="name", link=True),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("office", "科室", accessor="office.name", order_by="office__name"),
        Column("review_interval", "排查周期（月）", order_by="review_interval", css="text-end"),
        Column("last_review_on", "上次排查", order_by="last_review_on"),
        Column("next_review_on", "下次排查", order_by="next_review_on"),
    ]
    default_order = ["org_unit__path", "office__order", "name"]
    export_columns = [
        Column("org_unit", "单位", field="org_unit__name"),
        Column("office", "科室", field="office__name"),
        Column("name", "岗位名称", field="name"),
        Column("duties", "岗位职责", field="duties"),
        Column("review_interval", "排查周期（月）", field="review_interval"),
        Column("last_review_on", "上次排查日期", field="last_review_on"),
        Column("next_review_on", "下次排查日期", field="next_review_on"),
    ]


class RiskPointTable(Table):
    columns = [
        Column("description", "风险点", accessor=str, link=True),
        Column("post", "岗位", accessor="post.name", order_by="post__name"),
        Column("org_unit", "单位", accessor="post.org_unit.name", order_by="post__org_unit__path"),
        Column("category", "类别", order_by="category", choices=Category),
        Column("level", "等级", order_by="level", choices=Level),
        Column("responsible", "责任人", order_by="responsible"),
    ]
    default_order = ["post__org_unit__path", "post__name"]
    export_columns = [
        Column("org_unit", "单位", field="post__org_unit__name"),
        Column("office", "科室", field="post__office__name"),
        Column("post", "岗位名称", field="post__name"),
        Column("description", "风险点", field="description"),
        Column("category", "类别", field="category", choices=Category),
        Column("level", "风险等级", field="level", choices=Level),
        Column("measures", "防控措施", field="measures"),
        Column("responsible", "责任人", field="responsible"),
    ]


class RiskReviewTable(Table):
    columns = [
        Column("reviewed_on", "排查日期", order_by="reviewed_on", link=True),
        Column("post", "岗位", accessor="post.name", order_by="post__name"),
        Column("org_unit", "单位", accessor="post.org_unit.name", order_by="post__org_unit__path"),
        Column("reviewer", "排查人"),
        Column("findings", "发现问题", order_by="findings", css="text-end"),
    ]
    default_order = ["-reviewed_on"]
    export_columns = [
        Column("org_unit", "单位", field="post__org_unit__name"),
        Column("office", "科室", field="post__office__name"),
        Column("post", "岗位", field="post__name"),
        Column("reviewed_on", "排查日期", field="reviewed_on"),
        Column("reviewer", "排查人", field="reviewer"),
        Column("findings", "发现问题数", field="findings"),
        Column("summary", "排查情况", field="summary"),
    ]


class NoticeTable(Table):
    columns = [
        Column("date", "通报日期", order_by="date", link=True),
        Column("org_unit", "单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("subject", "问责对象", order_by="subject"),
        Column("form", "问责方式", order_by="form", choices=AccountabilityNotice.Form),
        Column("content", "通报内容", accessor=lambda n: n.content[:40] + ("…" if len(n.content) > 40 else "")),
    ]
    default_order = ["-date"]
    export_columns = [
        Column("date", "通报日期", field="date"),
        Column("org_unit", "单位", field="org_unit__name"),
        Column("subject", "问责对象", field="subject"),
        Column("cadre", "组工干部", field="cadre__name"),
        Column("form", "问责方式", field="form", choices=AccountabilityNotice.Form),
        Column("content", "通报内容", field="content"),
        Column("risk_point", "相关风险点", field="risk_point__description"),
    ]
