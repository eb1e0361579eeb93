"""Django forms for report forms (填报表)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zugong.orgs.models import OrgUnit
from zugong.stats.registry import form_fed

DATE = {"type": "date"}


class ReportFormForm(forms.Form):
    title = forms.CharField(label="标题", max_length=120)
    period_start = forms.DateField(label="统计期间起", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    period_end = forms.DateField(label="统计期间止", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    codes = forms.MultipleChoiceField(label="填报指标", widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    workdays = forms.IntegerField(label="填报时限（工作日）", min_value=1, max_value=60, initial=5,
                                  help_text="从下发之日起按工作日计算截止日期（法定节假日顺延）")
    instructions = forms.CharField(label="填报说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [(i.code, f"{i.label}（{i.unit}）") for i in form_fed()]
        today = timezone.localdate()
        self.initial.setdefault("period_start", today.replace(month=1, day=1))
        self.initial.setdefault("period_end", today)


class IssueForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label="下发单位", queryset=OrgUnit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "采纳"), ("return", "退回")])
    comment = forms.CharField(label="审核意见", max_length=500, required=False)
