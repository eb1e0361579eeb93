"""Forms of the organizer's and the nominating units' pages, and of the login vote."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.honors import services, voting
from zugong.honors.models import HONOR_TITLE, VotingMode
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
INT_ERRORS = {"invalid": "应为整数", "required": "请填写", "min_value": "太小", "max_value": "太大"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class UnitChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


class SelectionForm(forms.Form):
    org_unit = UnitChoice(label="组织单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择单位", "invalid_choice": "所选单位不在您的授权范围内"})
    title = forms.CharField(label="评选名称", max_length=200, error_messages={"required": services.MSG_TITLE},
                            help_text="如：2026年度“我身边的优秀组工干部”评选")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=INT_ERRORS)
    honor_title = forms.CharField(label="荣誉称号", max_length=100, initial=HONOR_TITLE, required=False)
    voting_mode = forms.ChoiceField(label="投票方式", choices=VotingMode.choices, error_messages={"invalid_choice": services.MSG_MODE})
    nominations_per_unit = forms.IntegerField(label="每个单位最多推荐人数", min_value=1, max_value=50, initial=2, error_messages=INT_ERRORS)
    places = forms.IntegerField(label="表彰名额", min_value=1, max_value=500, initial=10, error_messages=INT_ERRORS)
    votes_per_voter = forms.IntegerField(label="每票最多选几人", min_value=1, max_value=100, initial=10, error_messages=INT_ERRORS)
    nominate_from = _date("推荐开始日期")
    nominate_until = _date("推荐截止日期")
    publicize_from = _date("公示开始日期")
    publicize_until = _date("公示截止日期")
    vote_from = _date("投票开始日期")
    vote_until = _date("投票截止日期")
    description = forms.CharField(label="评选说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="评选条件、推荐程序等，公示页面上显示")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units
        self.fields["description"].wide = True  # type: ignore[attr-defined]


class CadreChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.org_unit.name}{'，' + obj.position if obj.position else ''}）"


class NominationForm(forms.Form):
    org_unit = UnitChoice(label="推荐单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": services.MSG_UNIT, "invalid_choice": services.MSG_UNIT})
    cadre = CadreChoice(label="推荐人选", queryset=Cadre.objects.none(), empty_label="请选择",
                        error_messages={"required": "请选择推荐人选", "invalid_choice": services.MSG_CADRE})
    deeds = forms.CharField(label="先进事迹", max_length=services.MAX_DEEDS, widget=forms.Textarea(attrs={"rows": 10}),
                            error_messages={"required": services.MSG_DEEDS, "max_length": services.MSG_DEEDS_LONG},
                            help_text="公示时在公开页面上显示，请勿写入身份证号、电话等个人信息")

    def __init__(self, *args: Any, units: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        u: Any = self.fields["org_unit"]
        u.queryset = units
        c: Any = self.fields["cadre"]
        c.queryset = cadres
        self.fields["deeds"].wide = True  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "通过"), ("reject", "不通过")],
                                 error_messages={"required": services.MSG_DECISION, "invalid_choice": services.MSG_DECISION})
    reason = forms.CharField(max_length=500, required=False)
    version = forms.IntegerField(error_messages={"required": "页面已过期，请刷新", "invalid": "页面已过期，请刷新"})


class HandleForm(forms.Form):
    note = forms.CharField(max_length=2000, error_messages={"required": services.MSG_NOTE})
    version = forms.IntegerField(error_messages={"required": "页面已过期，请刷新", "invalid": "页面已过期，请刷新"})


class CodesForm(forms.Form):
    count = forms.IntegerField(min_value=1, max_value=voting.MAX_CODES, error_messages={
        "required": voting.MSG_COUNT, "invalid": voting.MSG_COUNT, "min_value": voting.MSG_COUNT, "max_value": voting.MSG_COUNT})
    format = forms.ChoiceField(choices=[("pdf", "投票卡（PDF，可打印裁切）"), ("xlsx", "Excel")], initial="pdf",
                               error_messages={"required": "请选择格式", "invalid_choice": "请选择格式"})


class CommendForm(forms.Form):
    nominations = forms.TypedMultipleChoiceField(coerce=int, choices=[], error_messages={
        "required": services.MSG_COMMEND_NONE, "invalid_choice": services.MSG_COMMEND_WHO})
    awarded_on = _date("表彰日期")
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    version = forms.IntegerField(error_messages={"required": "页面已过期，请刷新", "invalid": "页面已过期，请刷新"})

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["nominations"]
        f.choices = [(i, str(i)) for i in ids]
