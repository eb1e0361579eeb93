"""Forms of problems (查摆问题), measures (整改措施) and the ledger's steps."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from zugong.campaigns.forms import FilesField, MultipleFileInput
from zugong.core.files import ACCEPT
from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.opinions import measures
from zugong.opinions.forms import _date, _files
from zugong.opinions.models import OPEN_MEASURE, Channel, Measure, OpinionCategory

TEXT = {"rows": 4}


def _units(field: forms.Field, units: Any) -> None:
    field.queryset = units  # type: ignore[attr-defined]
    field.label_from_instance = lambda u: u.name  # type: ignore[attr-defined]


class ProblemForm(forms.Form):
    org_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="单位", queryset=None, empty_label=None,
                                      error_messages={"required": "请选择单位", "invalid_choice": "所选单位不在您的授权范围内"})
    category = forms.ModelChoiceField(label="类别", queryset=OpinionCategory.objects.filter(is_active=True), empty_label="—",
                                      error_messages={"required": "请选择类别", "invalid_choice": "请选择类别"})
    title = forms.CharField(label="问题", max_length=200, error_messages={"required": "请填写问题"},
                            help_text="概括查摆出的问题，如：报表材料过多，基层负担重")
    description = forms.CharField(label="具体表现", max_length=20_000, required=False, widget=forms.Textarea(attrs=TEXT))
    drive: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="征求意见活动", required=False, queryset=None, empty_label="（不属于某次活动）",
                                                                error_messages={"invalid_choice": "征求意见活动不在您的授权范围内"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, drives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["org_unit"]
        else:
            _units(self.fields["org_unit"], units)
        self.fields["drive"].queryset = drives  # type: ignore[attr-defined]
        self.fields["description"].wide = True  # type: ignore[attr-defined]


class MeasureForm(forms.Form):
    content = forms.CharField(label="整改措施", max_length=measures.MAX_TEXT, widget=forms.Textarea(attrs=TEXT),
                              error_messages={"required": measures.MSG_CONTENT})
    org_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="责任单位", queryset=None, empty_label=None,
                                      error_messages={"required": measures.MSG_UNIT, "invalid_choice": measures.MSG_UNIT})
    leader = forms.CharField(label="责任领导", max_length=50, required=False)
    responsible = forms.CharField(label="责任人", max_length=50, required=False)
    deadline = _date("整改时限", required=False)
    days = forms.IntegerField(label="或：自今天起工作日数", required=False, min_value=1, max_value=500,
                              help_text="填了工作日数就按工作日（跳过周末和法定节假日）计算时限",
                              error_messages={"invalid": measures.MSG_DAYS, "min_value": measures.MSG_DAYS, "max_value": measures.MSG_DAYS})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _units(self.fields["org_unit"], units)
        self.fields["content"].wide = True  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    text = forms.CharField(label="整改情况", max_length=measures.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": measures.MSG_TEXT})
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=99,
                                  error_messages={"required": measures.MSG_PROGRESS, "invalid": measures.MSG_PROGRESS,
                                                  "min_value": measures.MSG_PROGRESS, "max_value": "完成（100%）请用“报告完成”并附佐证"})
    attachments = _files("佐证材料")
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompleteForm(forms.Form):
    text = forms.CharField(label="完成情况", max_length=measures.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": measures.MSG_TEXT})
    attachments = FilesField(label="佐证材料", required=True, widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                             error_messages={"required": measures.MSG_EVIDENCE})
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "验收销号"), ("return", "退回")], error_messages={"invalid_choice": "请选择验收或退回"})
    comment = forms.CharField(label="意见", max_length=measures.MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新整改的原因", max_length=measures.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": measures.MSG_REASON})
    opinion = forms.IntegerField(label="相关意见编号（可不填）", required=False, min_value=1,
                                 error_messages={"invalid": "意见编号应为数字", "min_value": "意见编号应为数字"})
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClusterFilterForm(forms.Form):
    """Which unclustered opinions to put into a problem at once."""

    category = forms.ModelChoiceField(label="分类", required=False, queryset=OpinionCategory.objects.all(), empty_label="全部分类")
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部渠道"), *Channel.choices])
    q = forms.CharField(label="内容包含", required=False, max_length=100)
    received_from = _date("收到日期从", required=False)
    received_to = _date("至", required=False)

    def apply(self, qs: Any) -> Any:
        c = self.cleaned_data
        if c.get("category"):
            qs = qs.filter(category=c["category"])
        if c.get("channel"):
            qs = qs.filter(channel=c["channel"])
        if c.get("q"):
            qs = qs.filter(content__icontains=c["q"])
        if c.get("received_from"):
            qs = qs.filter(received_on__gte=c["received_from"])
        if c.get("received_to"):
            qs = qs.filter(received_on__lte=c["received_to"])
        return qs


STATUS_CHOICES = [*Measure.Status.choices, ("overdue", "逾期")]


class MeasureFilterSet(ScopedFilterSet):
    """The ledger's filters (the page, its export and the API)."""

    q = django_filters.CharFilter(field_name="content", lookup_expr="icontains", label="措施包含")
    org = SubtreeFilter(field_name="org_unit")
    source = django_filters.ChoiceFilter(choices=Measure.Source.choices, method="filter_source", label="来源", empty_label="全部来源")
    category = django_filters.ModelChoiceFilter(queryset=OpinionCategory.objects.all(), field_name="problem__category", label="类别",
                                                empty_label="全部类别")
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label="状态", empty_label="全部状态")
    deadline_from = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label="时限从",
                                              widget=forms.DateInput(attrs={"type": "date"}))
    deadline_to = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label="至", widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Measure
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("deadline_from", "deadline_to"):
            self.form.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-06-30"

    def filter_source(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(finding__isnull=False) if value == Measure.Source.FINDING else qs.filter(problem__isnull=False)

    def filter_status(self, qs: Any, name: str, value: str) -> Any:
        if value == "overdue":
            return qs.filter(status__in=OPEN_MEASURE, deadline__lt=timezone.localdate())
        return qs.filter(status=value)

