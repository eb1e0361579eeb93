"""One FilterSet for the case list, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from zugong.core.filters import ScopedFilterSet, SubtreeFilter

from .models import DisciplineCase

DATE = {"type": "date"}


class CaseFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="cadre__name", lookup_expr="icontains", label="干部姓名")
    org = SubtreeFilter(field_name="org_unit")
    kind = django_filters.ChoiceFilter(choices=DisciplineCase.Kind.choices, label="违规违纪类别", empty_label="全部类别")
    handling = django_filters.ChoiceFilter(choices=DisciplineCase.Handling.choices, label="处理方式", empty_label="全部方式")
    date_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte", label="处理日期从",
                                          widget=forms.DateInput(attrs=DATE))
    date_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte", label="至", widget=forms.DateInput(attrs=DATE))

    class Meta:
        model = DisciplineCase
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.form.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-06-30"
