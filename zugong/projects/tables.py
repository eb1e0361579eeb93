from __future__ import annotations

from typing import Any

from django.utils import timezone

from zugong.core.tables import Column, Table
from zugong.projects.models import ProjectStatus


def _overdue(p: Any) -> str:
    if not p.is_open:
        return ""
    late = p.deadline < timezone.localdate() or getattr(p, "late_milestone", False)
    return "逾期" if late else ""


def _kind(p: Any) -> str:
    if p.parent_id:
        return f"认领自：{p.parent.org_unit.name}"
    return "认领清单" if p.claimable else "本单位项目"


class ProjectTable(Table):
    columns = [
        Column("title", "项目名称", order_by="title", link=True),
        Column("org_unit", "责任单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("program", "所属工程", accessor="program.title"),
        Column("kind", "类别", accessor=_kind),
        Column("responsible", "责任人", accessor="responsible_display"),
        Column("deadline", "完成时限", order_by="deadline"),
        Column("progress", "进度（%）", order_by="progress", css="text-end"),
        Column("status", "状态", order_by="status", choices=ProjectStatus),
        Column("overdue", "逾期", accessor=_overdue, css="text-danger"),
    ]
    default_order = ["org_unit__path", "deadline"]
    export_columns = [
        Column("title", "项目名称"),
        Column("org_unit", "责任单位", accessor="org_unit.name"),
        Column("program", "所属工程", accessor="program.title"),
        Column("kind", "类别", accessor=_kind),
        Column("content", "项目内容"),
        Column("targets", "目标任务"),
        Column("leader", "责任领导"),
        Column("responsible", "责任人", accessor="responsible_display"),
        Column("measures", "推进措施"),
        Column("start_on", "开始日期"),
        Column("deadline", "完成时限"),
        Column("progress", "进度（%）"),
        Column("status", "状态"),
        Column("done_on", "完成日期"),
        Column("overdue", "逾期", accessor=_overdue),
    ]
