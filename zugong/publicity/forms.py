"""The media report form: units come from the user's scope; values are checked by services.validate_report."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.accounts.access import scope_paths
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit

from .models import MediaReport
from .services import ReportInput, validate_report

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("\u3000" * max(obj.depth - 1, 0)) + obj.name


class ReportForm(forms.Form):
    org_unit = UnitChoiceField(label="报道单位", queryset=OrgUnit.objects.none(), empty_label="请选择",
                               help_text="报道反映其工作的单位，统计时计入该单位")
    date = forms.DateField(label="刊播日期", widget=DATE)
    title = forms.CharField(label="标题", max_length=200)
    media_name = forms.CharField(label="媒体名称", max_length=100, help_text="如：人民日报、黑龙江日报、哈尔滨电视台")
    media_level = forms.ChoiceField(label="媒体级别", choices=[("", "请选择"), *MediaReport.Level.choices])
    kind = forms.ChoiceField(label="媒体类型", choices=[("", "请选择"), *MediaReport.Kind.choices])
    link = forms.CharField(label="链接", required=False, max_length=500, help_text="网络报道的网址（以 http:// 或 https:// 开头），可不填")
    cadre_names = forms.CharField(label="作者（组工干部）", required=False, max_length=2000,
                                  help_text="组工干部姓名，多人用顿号或逗号分隔；同名时写“单位/姓名”。可不填")
    note = forms.CharField(label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, instance: MediaReport | None = None, **kwargs: Any) -> None:
        self.instance, self.user = instance, user
        if instance is not None and not kwargs.get("data") and not (args and args[0]):
            kwargs["initial"] = {
                "org_unit": instance.org_unit_id, "date": instance.date, "title": instance.title, "media_name": instance.media_name,
                "media_level": instance.media_level, "kind": instance.kind, "link": instance.link,
                "cadre_names": "、".join(c.name for c in instance.cadres.all()), "note": instance.note, "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        action = "change" if instance is not None else "add"
        self.fields["org_unit"].queryset = (
            OrgUnit.objects.visible_to(user, "view").filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
            .filter(paths_q("path", scope_paths(user, f"publicity.{action}_mediareport"))).order_by("path")
        )
        units = list(self.fields["org_unit"].queryset[:2])
        if instance is None and len(units) == 1:
            self.initial.setdefault("org_unit", units[0].pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = ReportInput(
            org_unit=cleaned["org_unit"], date=cleaned["date"], title=cleaned["title"], media_name=cleaned["media_name"],
            media_level=cleaned["media_level"], kind=cleaned["kind"], link=cleaned.get("link") or "",
            cadre_names=cleaned.get("cadre_names") or "", note=cleaned.get("note") or "",
        )
        for name, message in validate_report(self.user, data).items():
            self.add_error(name if name in self.fields else None, message)
        cleaned["data"] = data
        return cleaned
