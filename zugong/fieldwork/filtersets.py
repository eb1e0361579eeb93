"""One FilterSet per register, shared by the list pages, their exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.fieldwork.models import (
    ContactPoint,
    FieldVisit,
    GrassrootsProblem,
    Pairing,
    ResearchTopic,
    VisitKind,
)

DATE = {"type": "date"}


def _dates(field: str, label: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (django_filters.DateFilter(field_name=field, lookup_expr="gte", label=f"{label}起", widget=forms.DateInput(attrs=DATE)),
            django_filters.DateFilter(field_name=field, lookup_expr="lte", label=f"{label}止", widget=forms.DateInput(attrs=DATE)))


class VisitFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="地点/事由/干部")
    org = SubtreeFilter(field_name="org_unit")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label="类型", empty_label="全部类型")
    date_from, date_to = _dates("date", "日期")
    contact_point = django_filters.BooleanFilter(
        field_name="contact_point", lookup_expr="isnull", exclude=True, label="到联系点",
        widget=forms.Select(choices=[("", "不限"), ("true", "是"), ("false", "否")]))
    point = django_filters.NumberFilter(field_name="contact_point", label="联系点编号", widget=forms.HiddenInput)

    class Meta:
        model = FieldVisit
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return qs
        cadre_visits = FieldVisit.cadres.through.objects.filter(cadre__name=value).values("fieldvisit_id")
        return qs.filter(Q(place__icontains=value) | Q(purpose__icontains=value) | Q(pk__in=cadre_visits))


class PointFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="基层单位/地址")
    org = SubtreeFilter(field_name="org_unit")

    class Meta:
        model = ContactPoint
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(address__icontains=value)) if value else qs


class PairingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="干部/帮扶对象")
    org = SubtreeFilter(field_name="org_unit")
    counterpart_kind = django_filters.ChoiceFilter(choices=Pairing.Counterpart.choices, label="帮扶对象类别", empty_label="全部类别")
    status = django_filters.ChoiceFilter(choices=Pairing.Status.choices, label="状态", empty_label="全部状态")
    start_from, start_to = _dates("start_date", "结对日期")

    class Meta:
        model = Pairing
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(cadre__name=value) | Q(counterpart_name__icontains=value)) if value else qs


class ProblemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="description", lookup_expr="icontains", label="问题")
    org = SubtreeFilter(field_name="org_unit")
    status = django_filters.ChoiceFilter(choices=GrassrootsProblem.Status.choices, label="状态", empty_label="全部状态")
    ledger = django_filters.BooleanFilter(field_name="ledger_measure", lookup_expr="isnull", exclude=True, label="已转入整改台帐")
    raised_from, raised_to = _dates("raised_on", "发现日期")

    class Meta:
        model = GrassrootsProblem
        fields: list[str] = []


class TopicFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="课题名称")
    org = SubtreeFilter(field_name="org_unit")
    year = django_filters.NumberFilter(field_name="year", label="年度")
    rating = django_filters.ChoiceFilter(choices=ResearchTopic.Rating.choices, label="评定等次", empty_label="全部等次")
    adopted = django_filters.BooleanFilter(field_name="adopted", label="成果转化")
    reported = django_filters.BooleanFilter(field_name="report_date", lookup_expr="isnull", exclude=True, label="已有调研报告")

    class Meta:
        model = ResearchTopic
        fields: list[str] = []
