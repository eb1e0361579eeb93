"""One FilterSet for the activity list, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from zugong.core.filters import ScopedFilterSet, SubtreeFilter

from .models import CareActivity

DATE = {"type": "date"}


class ActivityFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="活动名称包含")
    org = SubtreeFilter(field_name="org_unit")
    kind = django_filters.ChoiceFilter(choices=CareActivity.Kind.choices, label="活动类型", empty_label="全部类型")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期从", widget=forms.DateInput(attrs=DATE))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="至", widget=forms.DateInput(attrs=DATE))

    class Meta:
        model = CareActivity
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.form.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-06-30"
