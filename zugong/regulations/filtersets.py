"""One FilterSet for the rules library, shared by the list page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.regulations import search
from zugong.regulations.models import Category, Rule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RuleFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词", max_length=search.MAX_QUERY)
    org = SubtreeFilter(field_name="org_unit", label="制定单位（含下级）")
    category = django_filters.ChoiceFilter(choices=Category.choices, label="类别", empty_label="全部类别")
    status = django_filters.ChoiceFilter(choices=Rule.Status.choices, label="状态", empty_label="全部状态")
    effective_from = django_filters.DateFilter(field_name="current__effective_on", lookup_expr="gte", label="施行日期自", widget=DATE)
    effective_to = django_filters.DateFilter(field_name="current__effective_on", lookup_expr="lte", label="施行日期至", widget=DATE)
    has_file = django_filters.ChoiceFilter(choices=[("1", "有文件"), ("0", "无文件")], method="filter_file", label="现行版本文件",
                                           empty_label="不限")

    class Meta:
        model = Rule
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return search.apply(qs, value) if value else qs

    def filter_file(self, qs: Any, name: str, value: str) -> Any:
        if value not in ("0", "1"):
            return qs
        return qs.filter(current__file__isnull=value == "0")
