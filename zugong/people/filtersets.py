"""One FilterSet for the roster, shared by the list page, the export and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone

from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.people.models import AGE_BANDS, Cadre, CadreStatus, Education, Rank


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
