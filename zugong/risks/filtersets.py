"""One FilterSet per register, shared by the list page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.risks.models import AccountabilityNotice, Category, Level, Post, RiskPoint, RiskReview
from zugong.risks.selectors import overdue_q

YES_NO = [("1", "是"), ("0", "否")]


class PostFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="岗位/科室")
    org = SubtreeFilter(field_name="org_unit")
    overdue = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue", label="逾期未排查", empty_label="全部")
    high = django_filters.ChoiceFilter(choices=YES_NO, method="filter_high", label="有高风险点", empty_label="全部")

    class Meta:
        model = Post
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return qs.filter(Q(name__icontains=value) | Q(office__name__icontains=value)) if value else qs

    def filter_overdue(self, qs: Any, name: str, value: str) -> Any:
        if value == "1":
            return qs.filter(overdue_q())
        if value == "0":
            return qs.exclude(overdue_q())
        return qs

    def filter_high(self, qs: Any, name: str, value: str) -> Any:
        high = RiskPoint.objects.filter(level=Level.HIGH).values("post_id")
        if value == "1":
            return qs.filter(pk__in=high)
        if value == "0":
            return qs.exclude(pk__in=high)
        return qs


class RiskPointFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="风险点/岗位")
    org = SubtreeFilter(field_name="post__org_unit", path_lookup="post__org_unit__path")
    category = django_filters.ChoiceFilter(choices=Category.choices, label="类别", empty_label="全部类别")
    level = django_filters.ChoiceFilter(choices=Level.choices, label="风险等级", empty_label="全部等级")

    class Meta:
        model = RiskPoint
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return qs.filter(Q(description__icontains=value) | Q(post__name__icontains=value)) if value else qs


class RiskReviewFilterSet(ScopedFilterSet):
    org = SubtreeFilter(field_name="post__org_unit", path_lookup="post__org_unit__path")
    start = django_filters.DateFilter(field_name="reviewed_on", lookup_expr="gte", label="排查日期自",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    end = django_filters.DateFilter(field_name="reviewed_on", lookup_expr="lte", label="至",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    found = django_filters.ChoiceFilter(choices=YES_NO, method="filter_found", label="发现问题", empty_label="全部")

    class Meta:
        model = RiskReview
        fields: list[str] = []

    def filter_found(self, qs: Any, name: str, value: str) -> Any:
        if value == "1":
            return qs.filter(findings__gt=0)
        if value == "0":
            return qs.filter(findings=0)
        return qs


class NoticeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="问责对象/内容")
    org = SubtreeFilter(field_name="org_unit")
    form = django_filters.ChoiceFilter(choices=AccountabilityNotice.Form.choices, label="问责方式", empty_label="全部方式")
    year = django_filters.NumberFilter(field_name="date__year", label="年度", min_value=2000, max_value=2100)

    class Meta:
        model = AccountabilityNotice
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return qs.filter(Q(subject__icontains=value) | Q(content__icontains=value)) if value else qs
