"""Forms of the project pages: project, program, milestone, monthly report, claim, decision, award steps."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre
from zugong.projects import services
from zugong.projects.models import AwardLevel, Program, Project, ProjectStatus

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
INT_ERRORS = {"invalid": "应为整数", "required": "请填写", "min_value": "不能小于0", "max_value": "不能大于100"}
VERSION = {"required": "页面已过期，请刷新", "invalid": "页面已过期，请刷新"}


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _text(label: str, rows: int = 3, required: bool = False, max_length: int = 5000, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"请填写{label}", "max_length": f"{label}太长"}, **kw)


class UnitChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


class ProgramChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.org_unit.name}，{obj.year}年）"


class ProjectForm(forms.Form):
    org_unit = UnitChoice(label="责任单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择单位", "invalid_choice": services.MSG_UNIT})
    program = ProgramChoice(label="所属工程", queryset=Program.objects.none(), required=False, empty_label="（不属于工程）",
                            error_messages={"invalid_choice": services.MSG_PROGRAM})
    title = forms.CharField(label="项目名称", max_length=200, error_messages={"required": services.MSG_TITLE})
    content = _text("项目内容", 4)
    targets = _text("目标任务", 3)
    leader = forms.CharField(label="责任领导", max_length=100, required=False)
    responsible = forms.ModelChoiceField(label="责任人（本单位干部）", queryset=Cadre.objects.none(), required=False, empty_label="（填写姓名）",
                                         error_messages={"invalid_choice": "所选干部不在本单位"})
    responsible_name = forms.CharField(label="责任人姓名", max_length=100, required=False, help_text="不是名册中的干部时填写")
    measures = _text("推进措施", 3)
    start_on = _date("开始日期", required=False)
    deadline = _date("完成时限")
    status = forms.ChoiceField(label="状态", choices=ProjectStatus.choices, initial=ProjectStatus.ACTIVE,
                               error_messages={"invalid_choice": "状态不对"})
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100, initial=0, error_messages=INT_ERRORS)
    claimable = forms.BooleanField(label="列入认领清单（下级单位可以申请认领）", required=False)
    claim_until = _date("认领截止日期", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, programs: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units
        p: Any = self.fields["program"]
        p.queryset = programs
        c: Any = self.fields["responsible"]
        c.queryset = cadres
        for name in ("content", "targets", "measures"):
            self.fields[name].wide = True  # type: ignore[attr-defined]

    def data_dict(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {k: c.get(k) for k in services.PROJECT_FIELDS}


def project_initial(p: Project) -> dict[str, Any]:
    out = {k: getattr(p, k) for k in services.PROJECT_FIELDS if k not in ("program", "responsible")}
    out.update(org_unit=p.org_unit_id, program=p.program_id, responsible=p.responsible_id, version=p.version)
    return out


class ProgramForm(forms.Form):
    org_unit = UnitChoice(label="发布单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择单位", "invalid_choice": services.MSG_UNIT})
    title = forms.CharField(label="工程名称", max_length=200, error_messages={"required": services.MSG_TITLE},
                            help_text="如：组工干部素质提升工程")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=INT_ERRORS)
    description = _text("说明", 3)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "请填写节点名称"})
    due_on = forms.DateField(error_messages={"required": "请填写计划完成日期", "invalid": "请输入正确的日期，如 2026-06-30"})


class ReportForm(forms.Form):
    month = forms.CharField(max_length=7, error_messages={"required": services.MSG_MONTH})
    percent = forms.IntegerField(min_value=0, max_value=100, error_messages={**INT_ERRORS, "required": "请填写进度"})
    text = forms.CharField(max_length=5000, error_messages={"required": services.MSG_TEXT, "max_length": "进展情况太长"})


class ClaimForm(forms.Form):
    org_unit = UnitChoice(label="认领单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择单位", "invalid_choice": services.MSG_NOT_BELOW})
    targets = _text("本地目标任务", 4, required=True, help_text="结合本地实际，写明认领后要达到的目标")
    leader = forms.CharField(label="责任领导", max_length=100, required=False)
    responsible_name = forms.CharField(label="责任人", max_length=100, required=False)
    deadline = _date("完成时限")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units
        self.fields["targets"].wide = True  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("decline", "不同意")],
                                 error_messages={"required": services.MSG_DECISION, "invalid_choice": services.MSG_DECISION})
    reason = forms.CharField(max_length=500, required=False)
    version = forms.IntegerField(error_messages=VERSION)


class RoundForm(forms.Form):
    org_unit = UnitChoice(label="组织单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择单位", "invalid_choice": services.MSG_UNIT})
    title = forms.CharField(label="评选名称", max_length=200, error_messages={"required": services.MSG_TITLE})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=INT_ERRORS)
    description = _text("评选说明", 3)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["org_unit"]
        f.queryset = units


class NominateForm(forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none(), error_messages={
        "required": "请选择项目", "invalid_choice": services.MSG_NOT_IN_SCOPE})
    reason = forms.CharField(max_length=5000, required=False)

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields["project"]
        f.queryset = projects


class ReviewForm(forms.Form):
    score = forms.DecimalField(max_digits=5, decimal_places=1, min_value=0, max_value=100,
                               error_messages={"required": services.MSG_SCORE, "invalid": services.MSG_SCORE,
                                               "min_value": services.MSG_SCORE, "max_value": services.MSG_SCORE,
                                               "max_digits": services.MSG_SCORE, "max_decimal_places": "得分最多一位小数"})
    comment = forms.CharField(max_length=500, required=False)
    version = forms.IntegerField(error_messages=VERSION)


LEVEL_CHOICES = AwardLevel.choices
