from __future__ import annotations

from typing import Any

from zugong.core.tables import Column, Table
from zugong.regulations.models import Category, Rule, RuleVersion


def _version(rule: Rule) -> str:
    return f"第{rule.current.number}版" if rule.current else ""


def _file(rule: Rule) -> str:
    return "有" if rule.current and rule.current.file_id else ""


def _effective(rule: Rule) -> Any:
    return rule.current.effective_on if rule.current else ""


class RuleTable(Table):
    columns = [
        Column("title", "制度名称", order_by="title", link=True),
        Column("doc_number", "文号", order_by="doc_number"),
        Column("category", "类别", order_by="category", choices=Category),
        Column("org_unit", "制定单位", accessor="org_unit.name", order_by="org_unit__path"),
        Column("number", "现行版本", accessor=_version, order_by="current__number"),
        Column("effective_on", "施行日期", accessor=_effective, order_by="current__effective_on"),
        Column("status", "状态", order_by="status", choices=Rule.Status),
        Column("file", "文件", accessor=_file),
    ]
    default_order = ["org_unit__path", "-current__effective_on"]
    export_columns = [
        Column("title", "制度名称", field="title"),
        Column("doc_number", "文号", field="doc_number"),
        Column("category", "类别", field="category", choices=Category),
        Column("org_unit", "制定单位", field="org_unit__name"),
        Column("number", "现行版本号", field="current__number"),
        Column("kind", "现行版本类型", field="current__kind", choices=RuleVersion.Kind),
        Column("effective_on", "施行日期", field="current__effective_on"),
        Column("status", "状态", field="status", choices=Rule.Status),
        Column("repealed_on", "废止日期", field="repealed_on"),
        Column("repeal_reason", "废止理由", field="repeal_reason"),
        Column("file", "现行版本文件", field="current__file__name"),
    ]
