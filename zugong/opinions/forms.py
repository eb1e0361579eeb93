"""Forms of drives, channel records, opinions and the category list."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.campaigns.forms import FilesField, MultipleFileInput
from zugong.core.files import ACCEPT
from zugong.opinions import entry
from zugong.opinions.models import (
    COUNT_LABELS,
    PARTICIPANT_LABELS,
    RECORD_KINDS,
    Channel,
    Opinion,
    OpinionCategory,
)

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
COUNT_ERRORS = {"invalid": "应为整数", "required": "请填写数量", "min_value": "数量至少为 1", "max_value": "数量太大"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _files(label: str) -> FilesField:
    return FilesField(label=label, required=False, widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                      help_text="PDF、JPG、PNG、Word（docx）、Excel（xlsx），每个不超过 20 MB")


def _unit_field(label: str) -> forms.ModelChoiceField:
    from zugong.orgs.models import OrgUnit

    return forms.ModelChoiceField(label=label, queryset=OrgUnit.objects.none(), empty_label=None,
                                  error_messages={"required": "请选择单位", "invalid_choice": "所选单位不在您的授权范围内"})


class DriveForm(forms.Form):
    org_unit = _unit_field("组织单位")
    title = forms.CharField(label="活动名称", max_length=200, error_messages={"required": "请填写活动名称"})
    start_date = _date("开始日期")
    end_date = _date("结束日期")
    channels = forms.MultipleChoiceField(label="征求渠道", choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "请至少选择一种征求渠道", "invalid_choice": "征求渠道不对"})
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="所属活动", required=False, queryset=None, empty_label="（不属于某个活动）",
                                      error_messages={"invalid_choice": "所属活动不在您的授权范围内"})
    description = forms.CharField(label="工作安排", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = _files("附件（通知、方案）")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the organizer stays
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
            self.fields["org_unit"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["description"].wide = True  # type: ignore[attr-defined]


def _kind_help() -> str:
    return "；".join(f"{Channel(k).label}：{COUNT_LABELS[k]}" for k in RECORD_KINDS)


class ChannelRecordForm(forms.Form):
    org_unit = _unit_field("单位")
    kind = forms.ChoiceField(label="渠道", choices=[(c.value, c.label) for c in RECORD_KINDS],
                             error_messages={"required": "请选择渠道", "invalid_choice": "请选择渠道"})
    date = _date("日期")
    count = forms.IntegerField(label="数量", min_value=1, max_value=10_000_000, error_messages=COUNT_ERRORS, help_text=_kind_help())
    participants = forms.IntegerField(label="参加人数 / 回收份数", required=False, min_value=0, max_value=10_000_000,
                                      help_text="；".join(f"{Channel(k).label}：{v}" for k, v in PARTICIPANT_LABELS.items()),
                                      error_messages={"invalid": "应为整数", "min_value": "不能为负数", "max_value": "数量太大"})
    recipients = forms.CharField(label="对象", max_length=200, required=False,
                                 help_text="发给谁、与谁座谈、走访了谁，如：党代表、基层党员、服务对象")
    staff = forms.CharField(label="参加的组工干部", max_length=200, required=False)
    minutes = forms.CharField(label="情况记录（座谈纪要、走访情况）", max_length=50_000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    attachments = _files("附件（签到表、纪要）")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["org_unit"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["minutes"].wide = True  # type: ignore[attr-defined]


class OpinionForm(forms.Form):
    org_unit = _unit_field("反映对象单位")
    channel = forms.ChoiceField(label="渠道", choices=[(c.value, c.label) for c in entry.STAFF_CHANNELS],
                                error_messages={"required": "请选择渠道", "invalid_choice": entry.MSG_CHANNEL})
    category = forms.ModelChoiceField(label="分类", queryset=OpinionCategory.objects.filter(is_active=True), empty_label="—",
                                      error_messages={"required": entry.MSG_CATEGORY, "invalid_choice": entry.MSG_CATEGORY})
    content = forms.CharField(label="意见内容", max_length=entry.MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": entry.MSG_CONTENT, "max_length": entry.MSG_CONTENT_LONG})
    source_kind = forms.ChoiceField(label="提出人类别", choices=Opinion.SourceKind.choices, initial=Opinion.SourceKind.MASSES,
                                    error_messages={"invalid_choice": entry.MSG_SOURCE})
    anonymous = forms.BooleanField(label="匿名", required=False)
    submitter = forms.CharField(label="提出人", max_length=100, required=False, help_text="匿名时不填；可填单位或姓名")
    received_on = _date("收到日期")
    drive: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="征求意见活动", required=False, queryset=None, empty_label="（不属于某次活动）",
                                   error_messages={"invalid_choice": entry.MSG_DRIVE})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, drives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the receiving unit stays
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
            self.fields["org_unit"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["drive"].queryset = drives  # type: ignore[attr-defined]
        self.fields["content"].wide = True  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    code = forms.CharField(label="代码", max_length=30, required=False, help_text="统计用的固定代码，如 work_style；保存后不能修改")
    name = forms.CharField(label="名称", max_length=30, error_messages={"required": "请填写名称"})
    order = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100,
                               error_messages={"invalid": "排序应为整数", "min_value": "排序不能为负", "max_value": "排序太大"})
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
