"""One FilterSet for the roster, shared by the list page, the export and the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.people.models import (
    AGE_BANDS,
    Cadre,
    CadreStatus,
    Education,
    Movement,
    Rank,
    ReservePoolEntry,
    ReserveStatus,
    SecondmentDirection,
)


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_q(band: str, today: date) -> Q:
    """Birth-date range of an age band: age in [lo, hi] means born in (today-hi-1y, today-lo y]."""
    for key, _label, lo, hi in AGE_BANDS:
        if key == band:
            return Q(birth_date__lte=_years_before(today, lo), birth_date__gt=_years_before(today, hi + 1))
    return Q()


def _prefix(field: str, text: str) -> Q:
    """`field` starts with `text`, as a range (>= 'zs' and < 'zt') so both databases use the index."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text[:-1] + chr(ord(text[-1]) + 1)})


def search_q(text: str) -> Q:
    """Name (Chinese characters), full pinyin ("zhangsan"), or initials ("zs")."""
    text = text.strip()
    if not text:
        return Q()
    lowered = text.lower().replace(" ", "")
    if lowered and lowered.isascii():
        # pinyin and initials are stored lower case: two index range scans, no table scan
        return _prefix("name_pinyin", lowered) | _prefix("name_initials", lowered)
    return Q(name__icontains=text)


class CadreFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名/拼音")
    org = SubtreeFilter(field_name="org_unit")
    status = django_filters.ChoiceFilter(choices=CadreStatus.choices, label="状态", empty_label="全部状态")
    rank = django_filters.ChoiceFilter(choices=Rank.choices, label="职级", empty_label="全部职级")
    education = django_filters.ChoiceFilter(choices=Education.choices, label="学历", empty_label="全部学历")
    age_band = django_filters.ChoiceFilter(
        choices=[(k, label) for k, label, _lo, _hi in AGE_BANDS], method="filter_age", label="年龄段", empty_label="全部年龄"
    )

    class Meta:
        model = Cadre
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(search_q(value)) if value else qs

    def filter_age(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(age_band_q(value, timezone.localdate())) if value else qs


def cadre_search_q(text: str) -> Q:
    """search_q on the cadre of a related row (movements, the reserve pool)."""
    text = text.strip()
    if not text:
        return Q()
    lowered = text.lower().replace(" ", "")
    if lowered and lowered.isascii():
        return _prefix("cadre__name_pinyin", lowered) | _prefix("cadre__name_initials", lowered)
    return Q(cadre__name__icontains=text)


class MovementFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名/拼音")
    org = SubtreeFilter(field_name="org_unit")
    kind = django_filters.ChoiceFilter(choices=Movement.Kind.choices, label="变动类型", empty_label="全部类型")
    state = django_filters.ChoiceFilter(choices=Movement.State.choices, label="办理状态", empty_label="全部状态")
    start = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="起始日期",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    end = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="截止日期",
                                    widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Movement
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(cadre_search_q(value)) if value else qs


SOON_DAYS = 30


class SecondmentFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名/拼音")
    org = SubtreeFilter(field_name="org_unit")
    direction = django_filters.ChoiceFilter(choices=SecondmentDirection.choices, label="挂职方向", empty_label="全部方向")
    due = django_filters.ChoiceFilter(choices=[("soon", f"{SOON_DAYS}天内到期"), ("overdue", "已到期未结束")], method="filter_due",
                                      label="到期情况", empty_label="全部在挂")

    class Meta:
        model = Movement
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(cadre_search_q(value)) if value else qs

    def filter_due(self, qs: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == "soon":
            return qs.filter(period_end__gte=today, period_end__lte=today + timedelta(days=SOON_DAYS))
        if value == "overdue":
            return qs.filter(period_end__lt=today)
        return qs


class ReserveFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名/拼音")
    org = SubtreeFilter(field_name="org_unit")
    status = django_filters.ChoiceFilter(choices=ReserveStatus.choices, label="状态", empty_label="全部状态")
    recommended_rank = django_filters.ChoiceFilter(choices=Rank.choices, label="拟推荐职级", empty_label="全部职级")

    class Meta:
        model = ReservePoolEntry
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(cadre_search_q(value)) if value else qs
