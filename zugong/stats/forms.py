from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from zugong.stats.engine import Grain, Period
from zugong.stats.registry import Indicator, available_to

DEFAULT_INDICATORS = [
    "people.headcount", "people.postgraduate_share", "people.new_entrants", "people.movements_selection",
    "people.movements_competition", "people.movements_secondment",
]
GRAINS: list[tuple[str, str]] = [("month", "月"), ("quarter", "季"), ("year", "年")]

MSG_END_BEFORE_START = "结束日期不能早于开始日期"
MSG_UNKNOWN_INDICATOR = "指标“%(value)s”不存在或您无权查看"
MSG_UNKNOWN_RANK = "排名指标“%(value)s”不存在或您无权查看"
MSG_TARGET_INVALID = "目标值须为数字"
MSG_TARGET_POSITIVE = "目标值须为正数"
MSG_GRAIN_INVALID = "走势粒度须为月、季或年"
MSG_TARGET_TOO_BIG = "目标值过大或小数位过多（最多 12 位整数、4 位小数）"
MSG_START_INVALID = "开始日期格式应为 年-月-日，如 2026-01-01"
MSG_END_INVALID = "结束日期格式应为 年-月-日，如 2026-12-31"
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2099, 12, 31)
MSG_DATE_RANGE = "日期须在1900年至2099年之间"


class StatsQueryForm(forms.Form):
    """Which indicators, which unit (drill-down), which period; ranking, target and trend grain; every
    value from the query string. A bad field is reported and ignored, the others still apply."""

    indicators = forms.MultipleChoiceField(label="指标", required=False, widget=forms.SelectMultiple(attrs={"size": 6}),
                                           error_messages={"invalid_choice": MSG_UNKNOWN_INDICATOR})
    org = forms.IntegerField(label="单位", required=False, widget=forms.HiddenInput, error_messages={"invalid": "单位编号无效"})
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"invalid": MSG_START_INVALID})
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": MSG_END_INVALID})
    rank = forms.ChoiceField(label="排名指标", required=False, error_messages={"invalid_choice": MSG_UNKNOWN_RANK})
    target = forms.DecimalField(label="目标值", required=False, max_digits=16, decimal_places=4,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "可选"}),
                                error_messages={"invalid": MSG_TARGET_INVALID, "max_digits": MSG_TARGET_TOO_BIG,
                                                "max_decimal_places": MSG_TARGET_TOO_BIG, "max_whole_digits": MSG_TARGET_TOO_BIG})
    grain = forms.ChoiceField(label="走势粒度", required=False, choices=GRAINS, error_messages={"invalid_choice": MSG_GRAIN_INVALID})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = available_to(user)
        choices = [(i.code, f"{i.label}（{i.unit}）") for i in self.available]
        self.fields["indicators"].choices = choices
        self.fields["rank"].choices = [("", "—"), *choices]

    def clean_target(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("target")
        if value is None:
            return None
        if value <= 0:
            raise forms.ValidationError(MSG_TARGET_POSITIVE)
        return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()

    def _clean_date(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        if value is not None and not MIN_DATE <= value <= MAX_DATE:
            raise forms.ValidationError(f"{self.fields[name].label}：{MSG_DATE_RANGE}")
        return value

    def clean_start(self) -> date | None:
        return self._clean_date("start")

    def clean_end(self) -> date | None:
        return self._clean_date("end")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", MSG_END_BEFORE_START)
        return cleaned

    def _valid(self, name: str) -> Any:
        """The cleaned value of one field, or None when the form is unbound or that field is in error."""
        if not self.is_bound:
            return None
        self.is_valid()
        return None if name in self.errors else self.cleaned_data.get(name)

    def period(self) -> Period:
        if not self.is_bound:
            return default_period()
        self.is_valid()
        if "start" in self.errors or "end" in self.errors:
            return default_period()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not start and not end:
            return default_period()
        return Period(start, end)

    def chosen(self) -> list[Indicator]:
        by_code = {i.code: i for i in self.available}
        codes = self._valid("indicators")
        if codes is None and self.is_bound and "indicators" in self.errors:
            codes = self.data.getlist("indicators") if hasattr(self.data, "getlist") else []  # keep the known ones beside the error about the others
        picked = [by_code[c] for c in dict.fromkeys(codes or []) if c in by_code]
        if picked:
            return picked
        preferred = [by_code[c] for c in DEFAULT_INDICATORS if c in by_code]
        return preferred or self.available[:6]

    def focus(self, chosen: list[Indicator]) -> Indicator | None:
        """The indicator ranked and measured against the target: the one asked for if chosen, else the first."""
        code = self._valid("rank")
        return next((i for i in chosen if i.code == code), chosen[0] if chosen else None)

    def trend_grain(self) -> Grain:
        value = self._valid("grain")
        return "quarter" if value == "quarter" else "year" if value == "year" else "month"

    def target_value(self) -> Decimal | None:
        value: Decimal | None = self._valid("target")
        return value


def default_period() -> Period:
    today = timezone.localdate()
    return Period(date(today.year, 1, 1), today)
