"""One FilterSet for the media report list, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q

from zugong.core.filters import ScopedFilterSet, SubtreeFilter

from .models import MediaReport

DATE = {"type": "date"}


class ReportFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="标题/媒体包含")
    org = SubtreeFilter(field_name="org_unit")
    media_level = django_filters.ChoiceFilter(choices=MediaReport.Level.choices, label="媒体级别", empty_label="全部级别")
    kind = django_filters.ChoiceFilter(choices=MediaReport.Kind.choices, label="媒体类型", empty_label="全部类型")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="刊播日期从", widget=forms.DateInput(attrs=DATE))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="至", widget=forms.DateInput(attrs=DATE))

    class Meta:
        model = MediaReport
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.form.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-06-30"

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(media_name__icontains=value)) if value else qs
