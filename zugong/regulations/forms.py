"""Forms of the rules library: a new rule (with its first version), a revision, a repeal, corrections."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.core.files import ACCEPT
from zugong.regulations import services
from zugong.regulations.models import Category

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}


def _date(label: str, message: str) -> forms.DateField:
    return forms.DateField(label=label, error_messages={**DATE_ERRORS, "required": message},
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class UnitChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


def _text() -> forms.CharField:
    return forms.CharField(label="制度全文", required=False, max_length=services.MAX_TEXT, strip=False,
                           widget=forms.Textarea(attrs={"rows": 14}), error_messages={"max_length": services.MSG_TEXT_LONG},
                           help_text="粘贴制度正文（每条一段）；全文检索和版本对照据此进行")


def _file() -> forms.FileField:
    return forms.FileField(label="制度文件", required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text="印发文件扫描件或电子版（PDF、Word 等，不超过 20 MB），可不传")


class _Head(forms.Form):
    title = forms.CharField(label="制度名称", max_length=200, error_messages={"required": services.MSG_TITLE,
                                                                              "max_length": services.MSG_TITLE_LONG})
    doc_number = forms.CharField(label="文号", max_length=100, required=False, help_text="如：黑组发〔2026〕12号；没有文号可不填",
                                 error_messages={"max_length": services.MSG_DOC_LONG})


class RuleForm(_Head):
    org_unit = UnitChoice(label="制定单位", queryset=None, empty_label=None,
                          error_messages={"required": "请选择制定单位", "invalid_choice": "所选单位不在您的授权范围内"})
    category = forms.ChoiceField(label="类别", choices=Category.choices, error_messages={"invalid_choice": services.MSG_CATEGORY,
                                                                                        "required": services.MSG_CATEGORY})
    effective_on = _date("施行日期", services.MSG_DATE)
    summary = forms.CharField(label="制定说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    text = _text()
    file = _file()
    field_order = ["org_unit", "title", "doc_number", "category", "effective_on", "summary", "text", "file"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units
        for name in ("summary", "text", "file"):
            self.fields[name].wide = True  # type: ignore[attr-defined]


class ReviseForm(_Head):
    effective_on = _date("修订版施行日期", services.MSG_DATE)
    summary = forms.CharField(label="修订说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": services.MSG_SUMMARY}, help_text="修订了哪些条款、为什么修订")
    text = _text()
    file = _file()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = "修订后的名称（未改名不用改）"
        for name in ("summary", "text", "file"):
            self.fields[name].wide = True  # type: ignore[attr-defined]


class EditForm(_Head):
    category = forms.ChoiceField(label="类别", choices=Category.choices, error_messages={"invalid_choice": services.MSG_CATEGORY})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RepealForm(forms.Form):
    repealed_on = _date("废止日期", services.MSG_REPEAL_DATE)
    repeal_reason = forms.CharField(label="废止理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages={"required": services.MSG_REASON},
                                    help_text="如：已被新制度代替、上位法规修改、任务已完成等")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
