"""Django forms for campaigns, their key tasks and carriers, and the leading group."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.campaigns.models import Campaign, CampaignTask, LeadingGroupMember
from zugong.campaigns.templates_data import CATEGORIES
from zugong.orgs.models import OrgUnit

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class CampaignForm(forms.Form):
    name = forms.CharField(label="活动名称", max_length=120)
    theme = forms.CharField(label="主题", max_length=200, required=False)
    start_date = _date("开始日期")
    end_date = _date("结束日期")
    scope = forms.ChoiceField(label="开展范围", choices=Campaign.Scope.choices)
    scope_kinds = forms.MultipleChoiceField(
        label="单位类型", required=False, widget=forms.SelectMultiple(attrs={"size": 5}),
        choices=[(k, v) for k, v in OrgUnit.Kind.choices if k != OrgUnit.Kind.OFFICE],
        help_text="开展范围为“按单位类型”时选择（按住 Ctrl 多选）")
    scope_units = forms.ModelMultipleChoiceField(
        label="指定单位", required=False, queryset=OrgUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}), help_text="开展范围为“指定单位”时选择（按住 Ctrl 多选）",
        error_messages={"invalid_choice": "只能选择本单位的下级单位", "invalid_pk_value": "单位不对"})
    office = forms.CharField(label="领导小组办公室", max_length=120, required=False)
    supervision_groups = forms.IntegerField(label="督导组数", min_value=0, max_value=50, initial=0)
    requirements = forms.CharField(label="总体要求", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = OrgUnit.objects.filter(path__startswith=unit.path, is_active=True).exclude(pk=unit.pk).exclude(kind=OrgUnit.Kind.OFFICE)
        self.fields["scope_units"].queryset = qs.order_by("path")  # type: ignore[attr-defined]
        self.fields["scope_units"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["requirements"].wide = True  # type: ignore[attr-defined]


class FromTemplateForm(forms.Form):
    builtin = forms.CharField(max_length=40)
    start_date = _date("开始日期")


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=CampaignTask.Kind.choices)
    category = forms.ChoiceField(label="分类", required=False, choices=[("", "—"), *[(c, c) for c in CATEGORIES]])
    title = forms.CharField(label="名称", max_length=120, error_messages={"required": "请填写名称"})
    content = forms.CharField(label="内容和措施", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    indicator = forms.CharField(label="目标指标", required=False, max_length=80, help_text="指标代码，如 learning.training_coverage")
    target = forms.DecimalField(label="目标值", required=False, max_digits=14, decimal_places=2,
                                error_messages={"invalid": "目标值应为数字"})
    target_note = forms.CharField(label="目标说明", required=False, max_length=200)
    deadline = _date("完成时限", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MemberForm(forms.Form):
    role = forms.ChoiceField(label="职务", choices=LeadingGroupMember.Role.choices)
    position = forms.CharField(label="现任职务", max_length=120)
    name = forms.CharField(label="姓名", max_length=50, required=False)
