"""Forms of exams: the exam (window, limits, target units) and its paper rules (a formset)."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.learning.models import Question, QuestionBank
from zugong.orgs.models import OrgUnit

DATETIME = "%Y-%m-%dT%H:%M"
DT_ERRORS = {"invalid": "请输入正确的时间，如 2026-06-30 09:00", "required": "请填写时间"}


def _dt(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=[DATETIME, "%Y-%m-%d %H:%M"], error_messages=DT_ERRORS,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME))


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class ExamForm(forms.Form):
    org_unit = UnitChoice(label="组织单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"invalid_choice": "只能选择您可以组织考试的单位"})
    title = forms.CharField(label="考试名称", max_length=200, error_messages={"required": "请填写考试名称"})
    starts_at = _dt("开始时间")
    ends_at = _dt("截止时间")
    time_limit = forms.IntegerField(label="答题时长（分钟）", min_value=1, max_value=600, initial=30,
                                    error_messages={"invalid": "请填写分钟数", "min_value": "至少 1 分钟", "max_value": "最多 600 分钟"})
    attempts_allowed = forms.IntegerField(label="允许作答次数", min_value=1, max_value=10, initial=1,
                                          error_messages={"invalid": "请填写次数", "min_value": "至少 1 次", "max_value": "最多 10 次"})
    pass_score = forms.DecimalField(label="及格分", max_digits=5, decimal_places=1, min_value=0, initial=60,
                                    error_messages={"invalid": "及格分应为数字", "min_value": "及格分不能为负"})
    shuffle_options = forms.BooleanField(label="选项乱序", required=False, initial=True)
    show_key_after = forms.BooleanField(label="交卷后显示答案和解析", required=False, initial=True)
    target_units = forms.ModelMultipleChoiceField(
        label="参考单位", queryset=OrgUnit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="这些单位及其下级单位的组工干部可以参加（按住 Ctrl 多选；选了市就包括其下各县）",
        error_messages={"required": "请选择参考单位", "invalid_choice": "只能选择组织单位本级或下级", "invalid_pk_value": "单位不对"})
    description = forms.CharField(label="考试说明", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["target_units"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=units.values("pk")).exclude(kind=OrgUnit.Kind.OFFICE).order_by("path")
        self.fields["target_units"].label_from_instance = lambda u: ("\u3000" * max(u.depth - 1, 0)) + u.name  # type: ignore[attr-defined]
        self.fields["description"].wide = True  # type: ignore[attr-defined]
        self.fields["target_units"].wide = True  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    bank = forms.ModelChoiceField(label="题库", queryset=QuestionBank.objects.none(), required=False, empty_label="—",
                                  error_messages={"invalid_choice": "没有这个题库"})
    category = forms.CharField(label="分类/知识点", max_length=50, required=False)
    difficulty = forms.TypedChoiceField(label="难度", required=False, coerce=int, empty_value=None,
                                        choices=[("", "不限"), *Question.Difficulty.choices])
    kind = forms.ChoiceField(label="题型", required=False, choices=[("", "不限"), *Question.Kind.choices])
    count = forms.IntegerField(label="题数", min_value=1, max_value=200, required=False,
                               error_messages={"invalid": "题数应为整数", "min_value": "至少 1 题", "max_value": "最多 200 题"})
    points = forms.DecimalField(label="每题分值", max_digits=4, decimal_places=1, min_value=0.5, required=False,
                                error_messages={"invalid": "分值应为数字", "min_value": "分值至少 0.5"})

    def __init__(self, *args: Any, banks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if banks is not None:
            self.fields["bank"].queryset = banks  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("bank") and (not data.get("count") or not data.get("points")):
            raise forms.ValidationError("请填写题数和每题分值")
        return data


RuleFormSet = forms.formset_factory(RuleForm, extra=0, max_num=10, absolute_max=10)


class StatusForm(forms.Form):
    version = forms.IntegerField(required=False)
