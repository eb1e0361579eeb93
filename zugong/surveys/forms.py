"""Forms of the survey designer and its pages."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.orgs.models import OrgUnit
from zugong.surveys.models import Kind, Scale
from zugong.surveys.templates_shipped import TEMPLATES

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
INT_ERRORS = {"invalid": "应为整数", "required": "请填写", "min_value": "太小", "max_value": "太大"}
LEVELS = [("1", "下一级单位（如各市地）"), ("2", "再下一级单位（如各县市区）"), ("0", "组织单位本身（在本单位民主测评干部个人时）")]


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, error_messages=DATE_ERRORS, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class UnitChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


class SurveyForm(forms.Form):
    org_unit = forms.ModelChoiceField(label="组织单位", queryset=OrgUnit.objects.none(), empty_label=None,
                                      error_messages={"required": "请选择单位", "invalid_choice": "所选单位不在您的授权范围内"})
    title = forms.CharField(label="测评名称", max_length=200, error_messages={"required": "请填写测评名称"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=INT_ERRORS)
    kind = forms.ChoiceField(label="测评类型", choices=Kind.choices, error_messages={"invalid_choice": "请选择测评类型"})
    scale = forms.ChoiceField(label="评价等次", choices=Scale.choices, error_messages={"invalid_choice": "请选择评价等次"})
    opens_on = _date("开始日期")
    closes_on = _date("截止日期")
    levels = forms.MultipleChoiceField(label="测评对象", choices=LEVELS, required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text="按层级选择组织单位下的全部单位，或在下面逐个选择（可同时使用）")
    targets = UnitChoice(label="逐个选择测评对象", queryset=OrgUnit.objects.none(), required=False,
                         widget=forms.SelectMultiple(attrs={"size": 8}),
                         error_messages={"invalid_choice": "所选测评对象不在组织单位之下", "invalid_pk_value": "测评对象不对"})
    aspects_text = forms.CharField(label="测评方面和项目", max_length=40_000, widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
                                   error_messages={"required": "请填写测评项目"},
                                   help_text="每个方面一行，写在【】中；其下每个测评项目一行。如：【组织工作】 换行 1. 总体评价")
    cadres_text = forms.CharField(label="被测评干部（民主测评干部个人时填写）", max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="每人一行，写姓名；有重名时写“姓名 单位”。上面的测评项目就是对每位干部的评价内容，如“【评价内容】 德 能 勤 绩 廉 总体评价”各一行")
    categories_text = forms.CharField(label="参评人员类别和名额", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                                      error_messages={"required": "请填写参评人员类别"},
                                      help_text="每类一行，后面写每个测评对象的默认名额，如“党员干部 30”；发布前可逐个调整")
    instructions = forms.CharField(label="填写说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    allow_comments = forms.BooleanField(label="请参评人员填写意见建议（文字，加密保存）", required=False)
    k_min = forms.IntegerField(label="最少样本数", min_value=5, max_value=100, initial=5, error_messages=INT_ERRORS,
                               help_text="某一群体的回答数少于此数时不显示其结果，以免推断出个人的评价（不少于 5）")
    bottom_n = forms.IntegerField(label="专项检查数（下一级）", min_value=0, max_value=50, initial=3, error_messages=INT_ERRORS,
                                  help_text="测评结束后，下一级单位中满意度排名最后的几个自动列入专项检查")
    bottom_n_sub = forms.IntegerField(label="专项检查数（再下一级）", min_value=0, max_value=50, initial=10, error_messages=INT_ERRORS)
    template_code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, below: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units
        t: Any = self.fields["targets"]
        t.queryset = below
        for name in ("aspects_text", "cadres_text", "categories_text", "instructions"):
            self.fields[name].wide = True  # type: ignore[attr-defined]

    def clean_aspects_text(self) -> str:
        from zugong.surveys.design import parse_aspects

        text = str(self.cleaned_data["aspects_text"])
        problems = parse_aspects(text)[1]
        if problems:
            raise forms.ValidationError(problems[:5])
        return text

    def clean_categories_text(self) -> str:
        from zugong.surveys.design import parse_categories

        text = str(self.cleaned_data["categories_text"])
        problems = parse_categories(text)[1]
        if problems:
            raise forms.ValidationError(problems[:5])
        return text

    def chosen_targets(self, unit: OrgUnit) -> list[OrgUnit]:
        """The targets: every unit of the chosen levels below `unit`, and those picked one by one."""
        from zugong.surveys.design import target_choices

        c = self.cleaned_data
        chosen = {u.pk: u for u in c.get("targets") or []}
        levels = {int(x) for x in c.get("levels") or []}
        if 0 in levels:
            chosen[unit.pk] = unit
        if levels - {0}:
            chosen.update({u.pk: u for u in target_choices(unit).filter(depth__in=[unit.depth + k for k in levels - {0}])})
        return list(chosen.values())


class TemplateChoiceForm(forms.Form):
    template = forms.ChoiceField(label="模板", choices=[("", "（空白测评）"), *((t.code, f"{t.title}（{t.item_count} 项）") for t in TEMPLATES.values())],
                                 required=False)


class CodesForm(forms.Form):
    FORMATS = [("pdf", "测评卡（PDF，可打印裁切）"), ("xlsx", "Excel 表格")]
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=FORMATS, initial="pdf", error_messages={"invalid_choice": "请选择格式"})
    extra = forms.IntegerField(label="补发数量（每类）", required=False, min_value=1, max_value=1000, error_messages=INT_ERRORS)


FINDING_ROWS = 5


class InspectionForm(forms.Form):
    """What the inspection did, and up to five problems found at a time (record again to add more)."""

    done_on = _date("检查日期")
    group = forms.CharField(label="检查组", max_length=200, required=False, help_text="如：省委组织部第一督导组")
    summary = forms.CharField(label="检查情况", max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "请填写检查情况"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].wide = True  # type: ignore[attr-defined]
        for i in range(FINDING_ROWS):
            self.fields[f"title_{i}"] = forms.CharField(label=f"问题 {i + 1}", max_length=200, required=False)
            self.fields[f"category_{i}"] = forms.ModelChoiceField(label="类别", queryset=categories, required=False,
                                                                  error_messages={"invalid_choice": "类别不对"})
            self.fields[f"suggestions_{i}"] = forms.CharField(label="整改建议（每条一行）", max_length=5000, required=False,
                                                              widget=forms.Textarea(attrs={"rows": 2}))

    def findings(self) -> list[Any]:
        from zugong.surveys.inspections import FindingInput

        c = self.cleaned_data
        return [FindingInput(title=c.get(f"title_{i}") or "", category=c.get(f"category_{i}"), suggestions=c.get(f"suggestions_{i}") or "")
                for i in range(FINDING_ROWS) if (c.get(f"title_{i}") or "").strip() or (c.get(f"suggestions_{i}") or "").strip()]
