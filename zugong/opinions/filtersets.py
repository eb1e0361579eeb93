"""One FilterSet for the opinion list, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.opinions.models import Channel, Drive, Opinion, OpinionCategory

DATE = {"type": "date"}


class OpinionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="content", lookup_expr="icontains", label="内容包含")
    org = SubtreeFilter(field_name="org_unit")
    drive = django_filters.ModelChoiceFilter(queryset=Drive.objects.none(), label="征求意见活动", empty_label="全部活动")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="渠道", empty_label="全部渠道")
    category = django_filters.ModelChoiceFilter(queryset=OpinionCategory.objects.all(), label="分类", empty_label="全部分类")
    status = django_filters.ChoiceFilter(choices=Opinion.Status.choices, label="状态", empty_label="全部状态")
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label="收到日期从",
                                              widget=forms.DateInput(attrs=DATE))
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label="至",
                                            widget=forms.DateInput(attrs=DATE))

    class Meta:
        model = Opinion
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["drive"].queryset = Drive.objects.visible_to(self.user, "view").order_by("-start_date", "-id")  # type: ignore[attr-defined]
        for name in ("received_from", "received_to"):
            self.form.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-06-30"
