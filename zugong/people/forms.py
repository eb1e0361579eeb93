"""Cadre forms: choices come only from the user's scope; values are checked by services.validate_cadre."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zugong.orgs.models import OrgUnit
from zugong.people.models import (
    Cadre,
    CadreStatus,
    Degree,
    Education,
    Gender,
    Movement,
    PoliticalStatus,
    Rank,
    ReserveStatus,
    SecondmentDirection,
    StepResult,
)
from zugong.people.services import CadreInput, validate_cadre


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class CadreForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18, help_text="18位，出生日期和性别由身份证号得出")
    gender = forms.ChoiceField(label="性别", choices=[("", "按身份证号"), *list(Gender.choices)], required=False)
    ethnicity = forms.CharField(label="民族", max_length=20, initial="汉族")
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    political_status = forms.ChoiceField(label="政治面貌", choices=PoliticalStatus.choices)
    education = forms.ChoiceField(label="学历", choices=[("", "请选择"), *Education.choices])
    degree = forms.ChoiceField(label="学位", choices=Degree.choices, initial=Degree.NONE)
    org_unit = UnitChoiceField(label="所在单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    office = UnitChoiceField(label="所在科室", queryset=OrgUnit.objects.none(), required=False, empty_label="无")
    position = forms.CharField(label="职务", max_length=100, required=False)
    rank = forms.ChoiceField(label="职级", choices=[("", "请选择"), *Rank.choices])
    work_start_date = forms.DateField(label="从事组织工作时间", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    status = forms.ChoiceField(label="状态", choices=CadreStatus.choices, initial=CadreStatus.ACTIVE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: Cadre | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "name": instance.name, "gender": instance.gender, "ethnicity": instance.ethnicity,
                "political_status": instance.political_status, "education": instance.education,
                "degree": instance.degree, "org_unit": instance.org_unit_id, "office": instance.office_id,
                "position": instance.position, "rank": instance.rank, "work_start_date": instance.work_start_date,
                "status": instance.status, "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        action = "change" if instance is not None else "add"
        units = OrgUnit.objects.visible_to(user, "view").filter(is_active=True)
        from zugong.accounts.access import scope_paths
        from zugong.core.scope import paths_q

        writable = units.filter(paths_q("path", scope_paths(user, f"people.{action}_cadre")))
        self.fields["org_unit"].queryset = writable.exclude(kind=OrgUnit.Kind.OFFICE)
        self.fields["office"].queryset = writable.filter(kind=OrgUnit.Kind.OFFICE).select_related("parent")
        self.fields["office"].label_from_instance = lambda o: f"{o.parent.name} / {o.name}"  # type: ignore[attr-defined]
        departments = list(self.fields["org_unit"].queryset[:2])
        if instance is None and len(departments) == 1:
            self.initial.setdefault("org_unit", departments[0].pk)
        if instance is not None:
            # The stored number is not shown; leave it blank to keep it.
            self.fields["id_number"].required = False
            self.fields["id_number"].min_length = None
            self.fields["id_number"].help_text = f"当前：{instance.id_number_masked}。不修改请留空"
            self.fields["phone"].help_text = f"当前：{instance.phone_masked or '未填'}。不修改请留空"

    def clean_id_number(self) -> str:
        from zugong.core import idcard

        value = self.cleaned_data.get("id_number") or ""
        if value:
            try:
                value = idcard.validate(value)[0]
            except idcard.IdNumberError as exc:
                raise forms.ValidationError(str(exc)) from None
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        from zugong.core import crypto

        id_number = cleaned.get("id_number") or (crypto.decrypt(self.instance.id_number_enc) if self.instance else "")
        phone = cleaned.get("phone")
        if not phone and self.instance is not None:
            phone = crypto.decrypt(self.instance.phone_enc)
        data = CadreInput(
            name=cleaned["name"], id_number=id_number, gender=cleaned.get("gender") or "",
            ethnicity=cleaned["ethnicity"], phone=phone or "", political_status=cleaned["political_status"],
            education=cleaned["education"], degree=cleaned["degree"], rank=cleaned["rank"],
            org_unit=cleaned["org_unit"], office=cleaned.get("office"), position=cleaned.get("position") or "",
            work_start_date=cleaned.get("work_start_date"), status=cleaned["status"],
        )
        for field, message in validate_cadre(data).items():
            self.add_error(field if field in self.fields else None, message)
        cleaned["data"] = data
        return cleaned


def _date_field(label: str, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _writable_units(user: Any, perm: str) -> Any:
    from zugong.accounts.access import scope_paths
    from zugong.core.scope import paths_q

    return OrgUnit.objects.visible_to(user, "view").filter(is_active=True).filter(paths_q("path", scope_paths(user, perm)))


class MovementForm(forms.Form):
    """登记变动 on the cadre's page: which fields matter depends on the kind (the service checks them)."""

    kind = forms.ChoiceField(label="变动类型", choices=Movement.Kind.choices)
    date = _date_field("日期", required=True, initial=timezone.localdate)
    to_unit = UnitChoiceField(label="新单位", queryset=OrgUnit.objects.none(), required=False, empty_label="不变",
                              help_text="选调、轮岗、交流：调入的单位（须在您的授权范围内）")
    to_office = UnitChoiceField(label="新科室", queryset=OrgUnit.objects.none(), required=False, empty_label="不变")
    to_position = forms.CharField(label="新职务", max_length=100, required=False, help_text="公开竞岗、晋升、轮岗：新职务")
    to_rank = forms.ChoiceField(label="新职级", choices=[("", "不变"), *Rank.choices], required=False)
    direction = forms.ChoiceField(label="挂职方向", choices=[("", "—"), *SecondmentDirection.choices], required=False)
    host_unit = UnitChoiceField(label="挂职单位（系统内）", queryset=OrgUnit.objects.none(), required=False, empty_label="系统外单位，填下栏")
    host_unit_name = forms.CharField(label="挂职单位", max_length=100, required=False)
    period_start = _date_field("挂职开始")
    period_end = _date_field("挂职结束")
    destination = forms.CharField(label="去向/来源", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.initial.setdefault("version", instance.version)
        if user is not None:
            writable = _writable_units(user, "people.add_movement")
            self.fields["to_unit"].queryset = writable.exclude(kind=OrgUnit.Kind.OFFICE)
            self.fields["to_office"].queryset = writable.filter(kind=OrgUnit.Kind.OFFICE).select_related("parent")
            self.fields["to_office"].label_from_instance = lambda o: f"{o.parent.name} / {o.name}"  # type: ignore[attr-defined]
            self.fields["host_unit"].queryset = (
                OrgUnit.objects.visible_to(user, "view").filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE))

    def movement_input(self) -> Any:
        from zugong.people.movements import MovementInput

        c = self.cleaned_data
        return MovementInput(
            kind=c["kind"], on=c["date"], destination=c.get("destination") or "", note=c.get("note") or "",
            to_unit=c.get("to_unit"), to_office=c.get("to_office"), to_position=c.get("to_position") or "",
            to_rank=c.get("to_rank") or "", direction=c.get("direction") or "", host_unit=c.get("host_unit"),
            host_unit_name=c.get("host_unit_name") or "", period_start=c.get("period_start"), period_end=c.get("period_end"),
        )


class SelectionStepForm(forms.Form):
    """One step of a selection (考试 / 考察 / 试用); the service checks what the step needs."""

    step = forms.ChoiceField(choices=[("exam", "考试"), ("inspection", "考察"), ("probation", "试用")], widget=forms.HiddenInput)
    exam_date = _date_field("考试日期")
    exam_score = forms.DecimalField(label="考试成绩", required=False, max_digits=5, decimal_places=1, min_value=0, max_value=100)
    inspection_date = _date_field("考察日期")
    inspection_result = forms.ChoiceField(label="考察结果", choices=[("", "请选择"), *StepResult.choices], required=False)
    inspection_note = forms.CharField(label="考察意见", max_length=200, required=False)
    probation_start = _date_field("试用开始")
    probation_end = _date_field("试用结束")
    probation_result = forms.ChoiceField(label="试用结果", choices=[("", "试用中"), *StepResult.choices], required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SecondmentEndForm(forms.Form):
    ended_on = _date_field("结束日期", required=True, initial=timezone.localdate)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReserveForm(forms.Form):
    since = _date_field("入库时间", required=True, initial=timezone.localdate)
    recommended_post = forms.CharField(label="拟推荐岗位", max_length=100, required=False)
    recommended_rank = forms.ChoiceField(label="拟推荐职级", choices=[("", "未定"), *Rank.choices], required=False)
    note = forms.CharField(label="备注", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instance is not None and not self.is_bound:
            self.initial.update({"since": instance.since, "recommended_post": instance.recommended_post,
                                 "recommended_rank": instance.recommended_rank, "note": instance.note, "version": instance.version})

    def reserve_input(self) -> Any:
        from zugong.people.reserve import ReserveInput

        c = self.cleaned_data
        return ReserveInput(since=c["since"], recommended_post=c.get("recommended_post") or "",
                            recommended_rank=c.get("recommended_rank") or "", note=c.get("note") or "")


class ReserveLeaveForm(forms.Form):
    status = forms.ChoiceField(label="出库方式", choices=[(ReserveStatus.USED, "已使用"), (ReserveStatus.LEFT, "退出")])
    left_on = _date_field("出库时间", required=True, initial=timezone.localdate)
    left_reason = forms.CharField(label="出库原因", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
