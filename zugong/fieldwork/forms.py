"""基层工作 forms: choices come only from the user's scope (units where they may write, cadres on those units' roll);
the services check the values again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zugong.accounts.access import scope_paths
from zugong.core import files
from zugong.core.scope import paths_q
from zugong.fieldwork.models import (
    ContactPoint,
    FieldVisit,
    GrassrootsProblem,
    Pairing,
    ResearchTopic,
    VisitKind,
)
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

DATE = {"type": "date"}


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class CadreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.name}（{obj.org_unit.name}）"


class CadresChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.name}（{obj.org_unit.name}）"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


def writable_units(user: Any, perm: str) -> Any:
    return (OrgUnit.objects.filter(paths_q("path", scope_paths(user, perm)), is_active=True)
            .exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))


def writable_cadres(user: Any, perm: str) -> Any:
    return (Cadre.objects.filter(paths_q("org_unit__path", scope_paths(user, perm)))
            .select_related("org_unit").order_by("org_unit__path", "name_pinyin"))


class RecordForm(forms.Form):
    """Base: the unit field (units where the user may add or change this kind of record), the hidden version."""

    model: type[Any]
    initial_fields: tuple[str, ...] = ()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: Any = None, **kwargs: Any) -> None:
        self.instance, self.user = instance, user
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {**self.instance_initial(instance), "version": instance.version}
        super().__init__(*args, **kwargs)
        self.perm = f"fieldwork.{'change' if instance is not None else 'add'}_{self.model._meta.model_name}"
        units = writable_units(user, self.perm)
        self.fields["org_unit"].queryset = units
        first = list(units[:2])
        if instance is None and len(first) == 1:
            self.initial.setdefault("org_unit", first[0].pk)

    def instance_initial(self, instance: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.initial_fields:
            value = getattr(instance, name)
            out[name] = value.pk if hasattr(value, "pk") else value
        return out


class VisitForm(RecordForm):
    model = FieldVisit
    initial_fields = ("org_unit", "kind", "date", "place", "purpose", "findings", "contact_point")
    org_unit = UnitChoice(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *VisitKind.choices])
    date = _date("日期")
    place = forms.CharField(label="地点", max_length=200)
    purpose = forms.CharField(label="事由", max_length=500)
    cadres = CadresChoice(label="参加干部", queryset=Cadre.objects.none(), help_text="可多选；人次按参加干部人数计",
                          widget=forms.SelectMultiple(attrs={"size": 8}))
    contact_point = forms.ModelChoiceField(label="联系点", queryset=ContactPoint.objects.none(), required=False, empty_label="不是联系点",
                                           help_text="到本单位联系点的下基层，计入“深入联系点”")
    findings = forms.CharField(label="发现的问题和情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    findings.wide = True  # type: ignore[attr-defined]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadres"].queryset = writable_cadres(self.user, self.perm)
        self.fields["contact_point"].queryset = (ContactPoint.objects.filter(paths_q("org_unit__path", scope_paths(self.user, self.perm)))
                                                 .select_related("office").order_by("org_unit__path", "id"))
        if self.instance is not None and not self.is_bound:
            self.initial["cadres"] = list(self.instance.cadres.values_list("pk", flat=True))


class PointForm(RecordForm):
    model = ContactPoint
    initial_fields = ("org_unit", "office", "name", "address", "since", "note")
    org_unit = UnitChoice(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    office = forms.ModelChoiceField(label="联系科室", queryset=OrgUnit.objects.none(), empty_label="请选择",
                                    help_text="本单位的内设科室")
    name = forms.CharField(label="基层单位", max_length=200, help_text="如：××社区党委、××村党支部")
    address = forms.CharField(label="地址", max_length=200, required=False)
    since = _date("建立联系时间")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = (OrgUnit.objects.filter(paths_q("path", scope_paths(self.user, self.perm)), kind=OrgUnit.Kind.OFFICE, is_active=True)
                   .select_related("parent").order_by("path"))
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda o: f"{o.parent.name} / {o.name}"  # type: ignore[attr-defined]


class PairingForm(RecordForm):
    model = Pairing
    initial_fields = ("org_unit", "cadre", "counterpart_kind", "counterpart_name", "counterpart_place", "start_date", "end_date",
                      "status", "note")
    org_unit = UnitChoice(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    cadre = CadreChoice(label="帮扶干部", queryset=Cadre.objects.none(), empty_label="请选择")
    counterpart_kind = forms.ChoiceField(label="帮扶对象类别", choices=[("", "请选择"), *Pairing.Counterpart.choices])
    counterpart_name = forms.CharField(label="帮扶对象", max_length=100, help_text="姓名或家庭户主姓名")
    counterpart_place = forms.CharField(label="所在地", max_length=200, required=False)
    start_date = _date("结对日期")
    end_date = _date("结束日期", required=False)
    status = forms.ChoiceField(label="状态", choices=Pairing.Status.choices, initial=Pairing.Status.ACTIVE)
    note = forms.CharField(label="帮扶内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = writable_cadres(self.user, self.perm)


class SourceField(forms.ModelChoiceField):
    """A visit or pairing the problem came from: carried as a hidden id (set from the record's page), shown as text."""

    def __init__(self, model: type[Any], label: str) -> None:
        super().__init__(queryset=model.objects.none(), required=False, widget=forms.HiddenInput, label=label)


class ProblemForm(RecordForm):
    model = GrassrootsProblem
    initial_fields = ("org_unit", "visit", "pairing", "description", "raised_on", "status", "solved_on", "result")
    org_unit = UnitChoice(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    description = forms.CharField(label="问题", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    raised_on = _date("发现日期")
    status = forms.ChoiceField(label="状态", choices=GrassrootsProblem.Status.choices, initial=GrassrootsProblem.Status.SOLVED)
    solved_on = _date("解决日期", required=False, help_text="已解决的填写")
    result = forms.CharField(label="解决情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visit = SourceField(FieldVisit, "下基层记录")
    pairing = SourceField(Pairing, "帮扶对子")

    def __init__(self, *args: Any, source: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        view = [("visit", FieldVisit), ("pairing", Pairing)]
        for name, model in view:
            self.fields[name].queryset = model.objects.visible_to(self.user, "view")
        for key, value in (source or {}).items():
            self.initial[key] = value.pk
            if key in ("visit", "pairing"):
                self.initial.setdefault("org_unit", value.org_unit_id)
        linked = [str(x) for x in (self.source_objects(source)) if x is not None]
        if linked:
            self.fields["description"].help_text = "来源：" + "；".join(linked)

    def source_objects(self, source: dict[str, Any] | None) -> list[Any]:
        if source:
            return list(source.values())
        if self.instance is not None:
            return [self.instance.visit, self.instance.pairing]
        return []


class TopicForm(RecordForm):
    model = ResearchTopic
    initial_fields = ("org_unit", "title", "year", "lead", "description", "report_date", "rating", "adopted", "adoption_note")
    org_unit = UnitChoice(label="单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="课题名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    lead = CadreChoice(label="领衔领导", queryset=Cadre.objects.none(), empty_label="请选择", help_text="部领导班子成员")
    team = CadresChoice(label="课题组成员", queryset=Cadre.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    description = forms.CharField(label="研究内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report = forms.FileField(label="调研报告", required=False, help_text="PDF 或 Word（docx），不超过 20 MB；重新上传即替换",
                             widget=forms.ClearableFileInput(attrs={"accept": files.ACCEPT}))
    report_date = _date("报告日期", required=False, help_text="有报告日期即计入“调研报告（份）”")
    rating = forms.ChoiceField(label="评定等次", choices=[("", "未评定"), *ResearchTopic.Rating.choices], required=False)
    adopted = forms.BooleanField(label="成果转化（被采纳转化为政策措施）", required=False)
    adoption_note = forms.CharField(label="转化情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cadres = writable_cadres(self.user, self.perm)
        self.fields["lead"].queryset = cadres
        self.fields["team"].queryset = cadres
        if self.instance is None:
            self.initial.setdefault("year", timezone.localdate().year)
        elif not self.is_bound:
            self.initial["team"] = list(self.instance.team.values_list("pk", flat=True))


class ContactForm(forms.Form):
    date = _date("日期")
    content = forms.CharField(label="联系内容", max_length=20_000, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    date = _date("计划日期")
    title = forms.CharField(label="节点", max_length=200, widget=forms.TextInput(attrs={"placeholder": "节点，如：形成调研报告初稿"}))


class LedgerForm(forms.Form):
    """Turning an unsolved problem into a rectification measure."""

    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="问题类别", queryset=None, empty_label="请选择")  # type: ignore[arg-type]
    content = forms.CharField(label="整改措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    leader = forms.CharField(label="责任领导", max_length=50, required=False)
    responsible = forms.CharField(label="责任人", max_length=50, required=False)
    deadline = _date("整改时限", required=False, help_text="填日期或工作日数")
    days = forms.IntegerField(label="工作日数", required=False, min_value=1, max_value=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zugong.opinions.models import OpinionCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = OpinionCategory.objects.filter(is_active=True)
