"""Forms of 岗位风险防控: choices only from the user's scope; values are checked again by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zugong.accounts.access import scope_paths
from zugong.core.scope import paths_q
from zugong.core.units import units_with
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, CadreStatus
from zugong.risks import services
from zugong.risks.catalogue import CATALOGUE
from zugong.risks.models import AccountabilityNotice, Category, Level, Post, ReviewResult, RiskPoint

DATE = {"type": "date"}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.parent.name if obj.parent else ''} · {obj.name}"


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.name}（{obj.org_unit.name}{'，' + obj.position if obj.position else ''}）"


class PointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RiskPoint) -> str:
        return f"{obj.post.name}：{obj}"


def _date(label: str, required: bool = True, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kw)


class PostForm(forms.Form):
    org_unit = UnitChoiceField(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    office = OfficeChoiceField(label="科室", queryset=OrgUnit.objects.none(), required=False, empty_label="（不分科室）",
                               help_text="所选单位的内设科室")
    name = forms.CharField(label="岗位名称", max_length=100)
    duties = forms.CharField(label="岗位职责", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    review_interval = forms.IntegerField(label="排查周期（月）", min_value=1, max_value=36, initial=6)
    next_review_on = _date("下次排查日期", required=False, help_text="不填：从今天起一个排查周期后；每次排查后自动顺延")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: Post | None = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {"org_unit": instance.org_unit_id, "office": instance.office_id, "name": instance.name,
                                 "duties": instance.duties, "review_interval": instance.review_interval,
                                 "next_review_on": instance.next_review_on, "version": instance.version}
        super().__init__(*args, **kwargs)
        units = units_with(user, services.CHANGE_POST)
        self.fields["org_unit"].queryset = units
        self.fields["office"].queryset = (OrgUnit.objects.filter(paths_q("path", scope_paths(user, services.CHANGE_POST)),
                                                                 kind=OrgUnit.Kind.OFFICE, is_active=True)
                                          .select_related("parent").order_by("path"))

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {k: c.get(k) for k in ("org_unit", "office", "name", "duties", "review_interval", "next_review_on")}


class HoldingForm(forms.Form):
    cadre = CadreChoiceField(label="干部", queryset=Cadre.objects.none(), empty_label="请选择")
    since = _date("任职日期")

    def __init__(self, *args: Any, user: Any, post: Post, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = (Cadre.objects.visible_to(user, "view")
                                         .filter(org_unit__path__startswith=post.org_unit.path, status=CadreStatus.ACTIVE)
                                         .select_related("org_unit").order_by("org_unit__path", "name_pinyin"))


class EndHoldingForm(forms.Form):
    until = _date("离岗日期")


class PointForm(forms.Form):
    description = forms.CharField(label="风险点", widget=forms.Textarea(attrs={"rows": 3}), max_length=services.MAX_TEXT)
    category = forms.ChoiceField(label="类别", choices=[("", "请选择"), *Category.choices])
    level = forms.ChoiceField(label="风险等级", choices=[("", "请选择"), *Level.choices])
    measures = forms.CharField(label="防控措施", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=services.MAX_TEXT)
    responsible = forms.CharField(label="责任人", required=False, max_length=50)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: RiskPoint | None = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {"description": instance.description, "category": instance.category, "level": instance.level,
                                 "measures": instance.measures, "responsible": instance.responsible, "version": instance.version}
        super().__init__(*args, **kwargs)


class CatalogueForm(forms.Form):
    codes = forms.MultipleChoiceField(label="目录中的风险点", choices=[(e.code, e.code) for e in CATALOGUE],
                                      widget=forms.CheckboxSelectMultiple, error_messages={"required": services.MSG_CATALOGUE})
    responsible = forms.CharField(label="责任人", required=False, max_length=50, help_text="添加后可逐条修改")


class ReviewForm(forms.Form):
    """The self-check: a result per risk point of the post (正常 / 发现问题 with the finding), and whether a finding
    goes into the rectification ledger."""

    reviewed_on = _date("排查日期")
    reviewer = forms.CharField(label="排查人", max_length=50)
    summary = forms.CharField(label="排查情况", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=services.MAX_TEXT)
    deadline = _date("整改时限", required=False, help_text="列入整改台帐的问题须填写")

    def __init__(self, *args: Any, points: list[RiskPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = points
        for p in points:
            self.fields[f"result_{p.pk}"] = forms.ChoiceField(label=str(p), choices=ReviewResult.Result.choices,
                                                              initial=ReviewResult.Result.NORMAL, widget=forms.RadioSelect)
            self.fields[f"finding_{p.pk}"] = forms.CharField(label="发现的问题", required=False, max_length=services.MAX_TEXT,
                                                             widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"ledger_{p.pk}"] = forms.BooleanField(label="列入整改台帐", required=False, initial=True)

    def rows(self) -> list[dict[str, Any]]:
        return [{"point": p, "result": self[f"result_{p.pk}"], "finding": self[f"finding_{p.pk}"], "ledger": self[f"ledger_{p.pk}"]}
                for p in self.points]

    def result_inputs(self) -> list[services.ResultInput]:
        c = self.cleaned_data
        return [services.ResultInput(risk_point_id=p.pk, result=c.get(f"result_{p.pk}") or "", finding=c.get(f"finding_{p.pk}") or "",
                                     to_ledger=bool(c.get(f"ledger_{p.pk}"))) for p in self.points]


class ReviewEditForm(forms.Form):
    reviewer = forms.CharField(label="排查人", max_length=50)
    summary = forms.CharField(label="排查情况", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=services.MAX_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LedgerForm(forms.Form):
    deadline = _date("整改时限", error_messages={"required": services.MSG_DEADLINE})
    responsible = forms.CharField(label="责任人", required=False, max_length=50)


class NoticeForm(forms.Form):
    org_unit = UnitChoiceField(label="通报单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    date = _date("通报日期")
    subject = forms.CharField(label="问责对象", max_length=100, required=False, help_text="个人或单位；选择组工干部时可不填")
    cadre = CadreChoiceField(label="组工干部", queryset=Cadre.objects.none(), required=False, empty_label="（不是组工干部本人）")
    form = forms.ChoiceField(label="问责方式", choices=[("", "请选择"), *AccountabilityNotice.Form.choices])
    content = forms.CharField(label="通报内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)
    risk_point = PointChoiceField(label="相关风险点", queryset=RiskPoint.objects.none(), required=False, empty_label="无")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: AccountabilityNotice | None = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {"org_unit": instance.org_unit_id, "date": instance.date, "subject": instance.subject,
                                 "cadre": instance.cadre_id, "form": instance.form, "content": instance.content,
                                 "risk_point": instance.risk_point_id, "version": instance.version}
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        paths = scope_paths(user, services.CHANGE_NOTICE)
        self.fields["org_unit"].queryset = units_with(user, services.CHANGE_NOTICE)
        self.fields["cadre"].queryset = (Cadre.objects.visible_to(user, "view").filter(paths_q("org_unit__path", paths))
                                         .select_related("org_unit").order_by("org_unit__path", "name_pinyin"))
        self.fields["risk_point"].queryset = (RiskPoint.objects.visible_to(user, "view").filter(paths_q("post__org_unit__path", paths))
                                              .select_related("post").order_by("post__org_unit__path", "post__name", "id"))

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {k: c.get(k) for k in ("org_unit", "date", "subject", "cadre", "form", "content", "risk_point")}
