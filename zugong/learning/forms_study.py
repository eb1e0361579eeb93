"""Forms for study sessions, study-hour requirements, training classes, enrolment and the coverage rule."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.campaigns.forms import FilesField, MultipleFileInput
from zugong.core.files import ACCEPT
from zugong.core.params import int_param
from zugong.learning.models import StudyKind, TrainingClass, TrainingCourse
from zugong.learning.study import with_offices
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, Rank

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
MSG_ROSTER = "参加人员应为本单位及下级在册的组工干部"
MSG_OFFICE = "科室不对"


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _hours(label: str, max_digits: int, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=max_digits, decimal_places=1,
                              error_messages={"invalid": "学时应为数字", "required": "请填写学时",
                                              "max_digits": "学时太大", "max_decimal_places": "学时最多一位小数",
                                              "max_whole_digits": "学时太大"})


def _files(label: str) -> FilesField:
    return FilesField(label=label, required=False, widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                      help_text="PDF、JPG、PNG、Word（docx）、Excel（xlsx），每个不超过 20 MB")


class IdsField(forms.ModelMultipleChoiceField):
    """Several records by id; a mangled id ("¹", thirty digits) is an invalid choice, never a 500."""

    def _check_values(self, value: Any) -> Any:
        for v in value:
            if int_param(v) is None:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": v})
        return super()._check_values(value)


class _PickCadres(forms.Form):
    """Cadres ticked one by one or a whole office at once (`offices` expands on the server)."""

    pick_field = "attendees"

    def __init__(self, *args: Any, user: Any, unit: OrgUnit, roster: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        self.fields[self.pick_field].queryset = roster  # type: ignore[attr-defined]
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.pick_field in data or "offices" in data:
            data[self.pick_field] = with_offices(self.user, self.unit, data.get(self.pick_field) or [], data.get("offices") or [])
        return data


class StudySessionForm(_PickCadres):
    kind = forms.ModelChoiceField(label="学习形式", queryset=StudyKind.objects.filter(is_active=True), empty_label="—",
                                  error_messages={"required": "请选择学习形式", "invalid_choice": "请选择学习形式"})
    date = _date("日期")
    hours = _hours("学时", 4)
    topic = forms.CharField(label="主题", max_length=200, error_messages={"required": "请填写学习主题"})
    speaker = forms.CharField(label="主讲人", max_length=100, required=False)
    place = forms.CharField(label="地点", max_length=100, required=False)
    summary = forms.CharField(label="内容摘要", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = _files("学习材料")
    attendees = IdsField(label="参加人员", required=False, queryset=Cadre.objects.none(),
                                               widget=forms.CheckboxSelectMultiple,
                                               error_messages={"invalid_choice": MSG_ROSTER, "invalid_pk_value": MSG_ROSTER})
    offices = IdsField(label="整个科室", required=False, queryset=OrgUnit.objects.none(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"invalid_choice": MSG_OFFICE, "invalid_pk_value": MSG_OFFICE})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].wide = True  # type: ignore[attr-defined]
        self.fields["attachments"].wide = True  # type: ignore[attr-defined]


class EnrolForm(_PickCadres):
    pick_field = "cadres"
    cadres = IdsField(label="学员", required=False, queryset=Cadre.objects.none(),
                                            widget=forms.CheckboxSelectMultiple,
                                            error_messages={"invalid_choice": "学员应为主办单位及下级在册的组工干部",
                                                            "invalid_pk_value": "学员不对"})
    offices = IdsField(label="整个科室", required=False, queryset=OrgUnit.objects.none(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"invalid_choice": MSG_OFFICE, "invalid_pk_value": MSG_OFFICE})


class RequirementForm(forms.Form):
    rank = forms.ChoiceField(label="职级", required=False, choices=[("", "所有职级"), *Rank.choices],
                             error_messages={"invalid_choice": "职级不对"})
    hours = forms.DecimalField(label="每年应完成学时", required=False, max_digits=5, decimal_places=1, min_value=0,
                               help_text="留空并保存表示取消本单位对该职级的要求",
                               error_messages={"invalid": "学时应为数字", "min_value": "学时不能小于 0",
                                               "max_digits": "学时太大", "max_decimal_places": "学时最多一位小数",
                                               "max_whole_digits": "学时太大"})


class TrainingClassForm(forms.Form):
    org_unit = forms.ModelChoiceField(label="主办单位", queryset=OrgUnit.objects.none(), empty_label=None,
                                      error_messages={"required": "请选择主办单位", "invalid_choice": "所选单位不在您的授权范围内"})
    title = forms.CharField(label="培训班名称", max_length=200, error_messages={"required": "请填写培训班名称"})
    kind = forms.ChoiceField(label="类型", choices=TrainingClass.Kind.choices, error_messages={"invalid_choice": "请选择培训类型"})
    start_date = _date("开班日期")
    end_date = _date("结业日期")
    hours = _hours("学时", 5)
    place = forms.CharField(label="地点", max_length=100, required=False)
    capacity = forms.IntegerField(label="计划人数", required=False, min_value=1, max_value=100_000, help_text="留空表示不限",
                                  error_messages={"invalid": "计划人数应为整数", "min_value": "计划人数至少为 1 人",
                                                  "max_value": "计划人数太大"})
    open_enrolment = forms.BooleanField(label="开放报名（点训）", required=False,
                                        help_text="开放后，主办单位及下级的组工干部可用本人账号报名、选课")
    description = forms.CharField(label="培训内容", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the organizer stays
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
            self.fields["org_unit"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["description"].wide = True  # type: ignore[attr-defined]


class CourseForm(forms.Form):
    title = forms.CharField(label="课程", max_length=200, error_messages={"required": "请填写课程名称"})
    teacher = forms.CharField(label="授课人", max_length=100, required=False)
    date = _date("日期", required=False)
    hours = _hours("学时", 4, required=False)
    capacity = forms.IntegerField(label="限额", required=False, min_value=1, max_value=100_000, help_text="留空表示不限",
                                  error_messages={"invalid": "限额应为整数", "min_value": "限额至少为 1 人", "max_value": "限额太大"})


class SelfEnrolForm(forms.Form):
    courses = IdsField(label="选课", required=False, queryset=TrainingCourse.objects.none(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"invalid_choice": "所选课程不属于该培训班", "invalid_pk_value": "课程不对"})

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = courses  # type: ignore[attr-defined]


class CoverageRuleForm(forms.Form):
    window_months = forms.IntegerField(label="轮训周期（月）", min_value=1, max_value=120, initial=24,
                                       help_text="每名组工干部在这段时间内至少参加一次培训并结业",
                                       error_messages={"required": "请填写轮训周期", "invalid": "应为整数",
                                                       "min_value": "轮训周期应在 1 到 120 个月之间",
                                                       "max_value": "轮训周期应在 1 到 120 个月之间"})
    due_months = forms.IntegerField(label="提前提醒（月）", min_value=0, max_value=24, initial=3,
                                    error_messages={"required": "请填写提前提醒的月数", "invalid": "应为整数",
                                                    "min_value": "提前提醒应在 0 到 24 个月之间",
                                                    "max_value": "提前提醒应在 0 到 24 个月之间"})
    kinds = forms.MultipleChoiceField(label="计入的培训类型", required=False, choices=TrainingClass.Kind.choices,
                                      widget=forms.CheckboxSelectMultiple, help_text="不选表示各类培训都计入",
                                      error_messages={"invalid_choice": "培训类型不对"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        window, due = data.get("window_months"), data.get("due_months")
        if window is not None and due is not None and due >= window:
            self.add_error("due_months", "提前提醒的月数应小于轮训周期")
        return data
