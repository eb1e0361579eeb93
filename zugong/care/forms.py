"""The activity form: units come from the user's scope; values are checked by services.validate_activity."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.accounts.access import scope_paths
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit

from .models import CareActivity
from .services import ActivityInput, validate_activity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class ActivityForm(forms.Form):
    org_unit = UnitChoiceField(label="组织单位", queryset=OrgUnit.objects.none(), empty_label="请选择")
    kind = forms.ChoiceField(label="活动类型", choices=[("", "请选择"), *CareActivity.Kind.choices])
    date = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="活动名称", max_length=200)
    cadre_names = forms.CharField(label="关爱对象（组工干部）", required=False, max_length=4000,
                                  help_text="组工干部姓名，多人用顿号或逗号分隔；同名时写“单位/姓名”。可不填")
    persons = forms.IntegerField(label="关爱人次", required=False, min_value=0, max_value=1_000_000,
                                 help_text="不填按所填组工干部人数计；家属、退休干部等也计入人次")
    amount = forms.DecimalField(label="慰问金额（元）", required=False, min_value=0, max_digits=12, decimal_places=2)
    note = forms.CharField(label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: CareActivity | None = None, **kwargs: Any) -> None:
        self.instance, self.user = instance, user
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "org_unit": instance.org_unit_id, "kind": instance.kind, "date": instance.date, "title": instance.title,
                "cadre_names": "、".join(c.name for c in instance.cadres.all()), "persons": instance.persons,
                "amount": instance.amount, "note": instance.note, "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        action = "change" if instance is not None else "add"
        self.fields["org_unit"].queryset = (
            OrgUnit.objects.visible_to(user, "view").filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
            .filter(paths_q("path", scope_paths(user, f"care.{action}_careactivity"))).order_by("path")
        )
        units = list(self.fields["org_unit"].queryset[:2])
        if instance is None and len(units) == 1:
            self.initial.setdefault("org_unit", units[0].pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = ActivityInput(
            org_unit=cleaned["org_unit"], kind=cleaned["kind"], date=cleaned["date"], title=cleaned["title"],
            cadre_names=cleaned.get("cadre_names") or "", persons=cleaned.get("persons"), amount=cleaned.get("amount"),
            note=cleaned.get("note") or "",
        )
        for name, message in validate_activity(self.user, data).items():
            self.add_error(name if name in self.fields else None, message)
        cleaned["data"] = data
        return cleaned
