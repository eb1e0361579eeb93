"""Django forms for briefings, their templates and period snapshots."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zugong.stats.models import BriefingTemplate

DATE = {"type": "date"}
BODY_HELP = ("每行一段。{指标代码} 插入数字，{指标代码|下级} 列出各下级单位，{指标代码|前3} / {指标代码|后3} 列出排名；"
             "{单位} {下级单位数} {期间} {年度}；单独一行 [表格: 代码1, 代码2]、[图表: 代码] 或 [清单: 代码]（如 [清单: projects.bulletin] 项目推进情况）。"
             "以“一、”开头的行为一级标题（黑体），以“（一）”开头的行为二级标题（楷体）。")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                           error_messages={"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"})


class _TextForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=BriefingTemplate.Kind.choices)
    masthead = forms.CharField(label="刊头", max_length=40, help_text="期号按刊头、单位和年度连续编排")
    title = forms.CharField(label="标题", max_length=160)
    subtitle = forms.CharField(label="副标题", max_length=160, required=False)
    body = forms.CharField(label="正文", help_text=BODY_HELP, max_length=50_000,
                           widget=forms.Textarea(attrs={"rows": 22, "class": "font-monospace", "data-placeholder-target": "1"}))
    body.wide = True  # type: ignore[attr-defined]  # full width in core/_form_fields.html
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateForm(_TextForm):
    name = forms.CharField(label="模板名称", max_length=80)
    field_order = ["name", "kind", "masthead", "title", "subtitle", "body"]


class BriefingForm(_TextForm):
    period_start = _date_field("统计期间起")
    period_end = _date_field("统计期间止")
    field_order = ["period_start", "period_end", "kind", "masthead", "title", "subtitle", "body"]


class BriefingCreateForm(forms.Form):
    template = forms.ModelChoiceField(label="模板", queryset=BriefingTemplate.objects.none(),
                                      error_messages={"required": "请选择模板", "invalid_choice": "请选择本单位的模板"})
    period_start = _date_field("统计期间起")
    period_end = _date_field("统计期间止")

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.initial.setdefault("period_start", today.replace(month=1, day=1))
        self.initial.setdefault("period_end", today)


class PreviewForm(forms.Form):
    """What the editor posts for a live preview: the text plus the unit and period to compute for."""

    title = forms.CharField(required=False, max_length=160)
    subtitle = forms.CharField(required=False, max_length=160)
    body = forms.CharField(required=False, max_length=50_000)
    masthead = forms.CharField(required=False, max_length=40)
    kind = forms.CharField(required=False, max_length=10)
    period_start = forms.DateField(required=False)
    period_end = forms.DateField(required=False)


class SnapshotForm(forms.Form):
    title = forms.CharField(label="名称", max_length=160, required=False, help_text="留空则自动命名，如“某某市2026年1月1日至2026年6月30日统计快照”")
    period_start = _date_field("统计期间起")
    period_end = _date_field("统计期间止")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            self.add_error("period_end", "统计期间的结束日期不能早于开始日期")
        return data
