from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from zugong.stats.engine import Period
from zugong.stats.registry import available_to

DEFAULT_INDICATORS = [
    "people.headcount", "people.postgraduate_share", "people.new_entrants", "people.movements_selection",
    "people.movements_competition", "people.movements_secondment",
]


class StatsQueryForm(forms.Form):
    """Which indicators, which unit (drill-down), which period; every value from the query string."""

    indicators = forms.MultipleChoiceField(label="指标", required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    org = forms.IntegerField(label="单位", required=False, widget=forms.HiddenInput)
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = available_to(user)
        self.fields["indicators"].choices = [(i.code, f"{i.label}（{i.unit}）") for i in self.available]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期不能早于开始日期")
        return cleaned

    def period(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return default_period()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not start and not end:
            return default_period()
        return Period(start, end)

    def chosen(self) -> list[Any]:
        codes = self.cleaned_data.get("indicators") if self.is_bound and self.is_valid() else None
        by_code = {i.code: i for i in self.available}
        if codes:
            return [by_code[c] for c in codes if c in by_code]
        preferred = [by_code[c] for c in DEFAULT_INDICATORS if c in by_code]
        return preferred or self.available[:6]


def default_period() -> Period:
    today = timezone.localdate()
    return Period(date(today.year, 1, 1), today)
