from __future__ import annotations

from typing import Any

from django import forms

from zugong.accounts.access import scope_paths
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit


class ParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


def _parents(user: Any, perm: str) -> Any:
    return OrgUnit.objects.filter(paths_q("path", scope_paths(user, perm)), is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)


class OrgUnitForm(forms.Form):
    parent = ParentField(label="上级单位", queryset=OrgUnit.objects.none())
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=OrgUnit.Kind.choices)
    division_code = forms.CharField(label="行政区划代码", max_length=6, required=False, help_text="GB/T 2260 六位代码，没有可不填")
    order = forms.IntegerField(label="排序", min_value=0, max_value=99999, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: OrgUnit | None = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "parent": instance.parent_id, "name": instance.name, "kind": instance.kind,
                "division_code": instance.division_code, "order": instance.order, "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _parents(user, "orgs.add_orgunit")
        if instance is not None:
            del self.fields["parent"]  # moving is its own action


class MoveForm(forms.Form):
    parent = ParentField(label="新的上级单位", queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, user: Any, instance: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = _parents(user, "orgs.change_orgunit")
        if instance is not None:
            qs = qs.exclude(path__startswith=instance.path)
        self.fields["parent"].queryset = qs
