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
    indicator = forms.ChoiceField(label="目标指标", required=False, choices=[], help_text="用来衡量目标的统计指标（可不选）",
                                  error_messages={"invalid_choice": "没有这个统计指标"})
    target = forms.DecimalField(label="目标值", required=False, max_digits=14, decimal_places=2,
                                error_messages={"invalid": "目标值应为数字"})
    target_note = forms.CharField(label="目标说明", required=False, max_length=200)
    deadline = _date("完成时限", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zugong.campaigns.templates_data import INDICATORS
        from zugong.stats.registry import all_indicators

        super().__init__(*args, **kwargs)
        known = [(i.code, f"{i.group}：{i.label}" if i.group else i.label) for i in all_indicators()]
        pending = [(code, f"{label}（相关模块上线后统计）") for code, label in INDICATORS.items()
                   if code not in {c for c, _ in known}]
        self.fields["indicator"].choices = [("", "—"), *known, *pending]  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    role = forms.ChoiceField(label="职务", choices=LeadingGroupMember.Role.choices)
    position = forms.CharField(label="现任职务", max_length=120)
    name = forms.CharField(label="姓名", max_length=50, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked by core.files in the service."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(FilesField, self).clean(d, initial) for d in items]


def _files(label: str) -> FilesField:
    from zugong.core.files import ACCEPT

    return FilesField(label=label, required=False, widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                      help_text="PDF、JPG、PNG、Word（docx）、Excel（xlsx），每个不超过 20 MB")


def _offices(unit: OrgUnit) -> Any:
    return OrgUnit.objects.filter(parent=unit, kind=OrgUnit.Kind.OFFICE, is_active=True).order_by("order", "path")


def _people(unit: OrgUnit) -> Any:
    from zugong.notices.selectors import users_with_perm_at

    return users_with_perm_at(unit, "campaigns.change_assignment")


class _PeopleForm(forms.Form):
    leader = forms.CharField(label="分管领导", max_length=60, required=False, help_text="如：张伟（副部长）")
    lead_office = forms.ModelChoiceField(label="牵头科室", required=False, queryset=OrgUnit.objects.none(), empty_label="—",
                                         error_messages={"invalid_choice": "牵头科室应为本单位的内设科室"})
    responsible = forms.ModelChoiceField(label="责任人", required=False, queryset=OrgUnit.objects.none(), empty_label="—",
                                         error_messages={"invalid_choice": "责任人应为本单位有权落实任务的账号"})

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_office"].queryset = _offices(unit)  # type: ignore[attr-defined]
        self.fields["lead_office"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = _people(unit)  # type: ignore[attr-defined]
        self.fields["responsible"].label_from_instance = lambda u: u.full_name or u.username  # type: ignore[attr-defined]


class AcceptForm(_PeopleForm):
    co_offices = forms.ModelMultipleChoiceField(label="配合科室", required=False, queryset=OrgUnit.objects.none(),
                                                widget=forms.CheckboxSelectMultiple,
                                                error_messages={"invalid_choice": "配合科室应为本单位的内设科室"})
    deadline = _date("完成时限")
    content = forms.CharField(label="落实措施", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, unit=unit, **kwargs)
        self.fields["co_offices"].queryset = _offices(unit)  # type: ignore[attr-defined]
        self.fields["co_offices"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        for f in self.fields.values():
            f.wide = True  # type: ignore[attr-defined]  # the form sits in a narrow column


class MeasureForm(_PeopleForm):
    field_order = ["title", "content", "lead_office", "responsible", "deadline", "weight"]
    leader = None  # type: ignore[assignment]  # a measure keeps its parent's 分管领导
    title = forms.CharField(label="细化措施", max_length=120, error_messages={"required": "请填写细化措施的名称"})
    content = forms.CharField(label="具体内容", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date("完成时限")
    weight = forms.IntegerField(label="权重", min_value=1, max_value=10, initial=1,
                                error_messages={"min_value": "权重应在 1 到 10 之间", "max_value": "权重应在 1 到 10 之间"})


class ReportForm(forms.Form):
    date = _date("报告日期")
    percent = forms.CharField(label="完成进度（%）", required=False, max_length=6)
    text = forms.CharField(label="进展情况", max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "请填写进展情况"})
    attachments = _files("佐证材料")


class OnwardForm(forms.Form):
    assignments = forms.ModelMultipleChoiceField(label="向下部署的任务", queryset=OrgUnit.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请选择要向下部署的任务"})
    workdays_earlier = forms.IntegerField(label="下级完成时限提前（工作日）", min_value=0, max_value=60, initial=5,
                                          help_text="下级的完成时限为本单位时限之前的若干个工作日（按法定节假日历），0 为同一天",
                                          error_messages={"min_value": "应在 0 到 60 之间", "max_value": "应在 0 到 60 之间"})

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignments"].queryset = choices  # type: ignore[attr-defined]
        self.fields["assignments"].label_from_instance = lambda a: f"{a.title}（时限 {a.deadline:%Y-%m-%d}）"  # type: ignore[attr-defined]


class DefaultsForm(_PeopleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GroupForm(forms.Form):
    name = forms.CharField(label="督导组名称", max_length=60, error_messages={"required": "请填写督导组名称"})
    leader = forms.CharField(label="组长", max_length=60, required=False, help_text="如：王刚（副部长）")
    units = forms.ModelMultipleChoiceField(label="督导单位", queryset=OrgUnit.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 10}),
                                           help_text="按住 Ctrl 多选；督导组成员只能看到这些单位的活动数据",
                                           error_messages={"required": "请至少选择一个督导单位",
                                                           "invalid_choice": "只能督导本活动开展范围内的下级单位"})
    members = forms.CharField(label="成员账号", max_length=1000, required=False,
                              help_text="填写成员的用户名，多个用逗号或空格分隔")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]

    def clean_members(self) -> list[Any]:
        import re

        from zugong.accounts.models import User

        names = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["members"]) if n]
        users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True, admin_role="")}
        missing = [n for n in names if n not in users]
        if missing:
            raise forms.ValidationError(f"没有这些启用的业务账号：{'、'.join(missing)}")
        return [users[n] for n in dict.fromkeys(names)]


class PlanForm(forms.Form):
    org_unit = forms.ModelChoiceField(label="被督导单位", queryset=OrgUnit.objects.none(),
                                      error_messages={"required": "请选择被督导单位", "invalid_choice": "该单位不在本督导组的督导范围内"})
    planned_date = _date("计划日期")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["org_unit"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]


class InspectionForm(forms.Form):
    date = _date("督导日期")
    methods = forms.MultipleChoiceField(label="督导方式", choices=[(m, m) for m in ["听取汇报", "查阅资料", "个别谈话", "问卷调查", "实地查看"]],
                                        widget=forms.CheckboxSelectMultiple, error_messages={"required": "请选择督导方式"})
    summary = forms.CharField(label="督导情况", max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "请填写督导情况"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WorkReportForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("half", "半年述职"), ("annual", "年度述职"), ("record", "实绩写实")])
    title = forms.CharField(label="标题", max_length=120, error_messages={"required": "请填写标题"})
    date = _date("日期")
    cadre = forms.ModelChoiceField(label="个人（不选为单位）", required=False, queryset=OrgUnit.objects.none(), empty_label="— 本单位 —",
                                   error_messages={"invalid_choice": "个人应为本单位的组工干部"})
    campaign = forms.ModelChoiceField(label="相关活动", required=False, queryset=Campaign.objects.none(), empty_label="—",
                                      error_messages={"invalid_choice": "相关活动不对"})
    content = forms.CharField(label="内容", max_length=50_000, widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": "请填写内容"})
    attachments = _files("附件")

    def __init__(self, *args: Any, cadres: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["cadre"].label_from_instance = lambda c: f"{c.name}（{c.position}）" if c.position else c.name  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["content"].wide = True  # type: ignore[attr-defined]
