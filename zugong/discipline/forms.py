"""The case form: units come from the user's scope; values are checked by services.validate_case."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.accounts.access import scope_paths
from zugong.core.files import ACCEPT
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit

from .models import DisciplineCase
from .services import CaseInput, validate_case

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class CaseForm(forms.Form):
    org_unit = UnitChoiceField(label="所在单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    cadre_name = forms.CharField(label="组工干部", max_length=150, help_text="所在单位及下级单位的组工干部姓名；同名时写“单位/姓名”")
    decided_on = forms.DateField(label="处理决定日期", widget=DATE)
    kind = forms.ChoiceField(label="违规违纪类别", choices=[("", "请选择"), *DisciplineCase.Kind.choices])
    handling = forms.ChoiceField(label="处理方式", choices=[("", "请选择"), *DisciplineCase.Handling.choices])
    decided_by = forms.CharField(label="处理决定机关", max_length=100, help_text="如：市纪委监委、市委组织部部务会")
    summary = forms.CharField(label="问题摘要", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    upload = forms.FileField(label="处理决定文书", required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                             help_text="PDF、图片或 Word，可不上传；上传新文件会替换原文件")
    remove_file = forms.BooleanField(label="删除已上传的文书", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: DisciplineCase | None = None, **kwargs: Any) -> None:
        self.instance, self.user = instance, user
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "org_unit": instance.org_unit_id, "cadre_name": f"{instance.cadre.org_unit.name}/{instance.cadre.name}",
                "decided_on": instance.decided_on, "kind": instance.kind, "handling": instance.handling,
                "decided_by": instance.decided_by, "summary": instance.summary, "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        action = "change" if instance is not None else "add"
        self.fields["org_unit"].queryset = (
            OrgUnit.objects.visible_to(user, "view").filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
            .filter(paths_q("path", scope_paths(user, f"discipline.{action}_disciplinecase"))).order_by("path")
        )
        if instance is None or instance.file_id is None:
            del self.fields["remove_file"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = CaseInput(
            org_unit=cleaned["org_unit"], cadre_name=cleaned["cadre_name"], decided_on=cleaned["decided_on"], kind=cleaned["kind"],
            handling=cleaned["handling"], summary=cleaned["summary"], decided_by=cleaned["decided_by"],
            upload=cleaned.get("upload") or None, remove_file=bool(cleaned.get("remove_file")),
        )
        for name, message in validate_case(self.user, data).items():
            self.add_error(name if name in self.fields else None, message)
        cleaned["data"] = data
        return cleaned
