"""Forms of the points card: a manual addition / deduction, an approver's decision, a rule."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from zugong.campaigns.forms import FilesField, MultipleFileInput
from zugong.core.files import ACCEPT
from zugong.people.models import Cadre
from zugong.points.selectors import num
from zugong.points.services import MSG_REASON

DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
POINTS_ERRORS = {"required": "请填写分值", "invalid": "分值应为数字，如 2 或 -1.5", "max_digits": "分值应在 -100 至 100 之间",
                 "max_decimal_places": "分值最多保留一位小数", "max_whole_digits": "分值应在 -100 至 100 之间"}


class EntryForm(forms.Form):
    cadre = forms.ModelChoiceField(label="干部", queryset=Cadre.objects.none(),
                                   error_messages={"required": "请选择干部", "invalid_choice": "所选干部不在您的授权范围内"})
    date = forms.DateField(label="日期", error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    points = forms.DecimalField(label="分值", max_digits=4, decimal_places=1, error_messages=POINTS_ERRORS,
                                help_text="加分填正数，减分填负数，如 2 或 -1.5；绝对值不超过 100")
    reason = forms.CharField(label="事由", max_length=200, error_messages={"required": MSG_REASON, "max_length": "事由不能超过 200 字"})
    evidence = FilesField(label="佐证材料", widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                       help_text="必须上传。PDF、JPG、PNG、Word（docx）、Excel（xlsx），每个不超过 20 MB")

    def __init__(self, *args: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["cadre"].label_from_instance = lambda c: f"{c.name}（{c.org_unit.name}）"  # type: ignore[attr-defined]
        self.fields["reason"].wide = True  # type: ignore[attr-defined]
        self.fields["evidence"].wide = True  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "通过"), ("reject", "不通过")],
                                 error_messages={"required": "请选择通过或不通过", "invalid_choice": "请选择通过或不通过"})
    note = forms.CharField(label="审核意见", max_length=200, required=False, error_messages={"max_length": "审核意见不能超过 200 字"})


_SEPARATORS = re.compile(r"[,，、;；\s]+")


class RuleForm(forms.Form):
    points = forms.DecimalField(label="分值", max_digits=4, decimal_places=1, error_messages=POINTS_ERRORS,
                                help_text="每次事件的分值（设置了递减时为第 1 次的分值）")
    daily_cap = forms.DecimalField(label="每日上限", required=False, max_digits=5, decimal_places=1,
                                   error_messages={**POINTS_ERRORS, "invalid": "上限应为数字"}, help_text="不填为不限")
    yearly_cap = forms.DecimalField(label="每年上限", required=False, max_digits=5, decimal_places=1,
                                    error_messages={**POINTS_ERRORS, "invalid": "上限应为数字"}, help_text="不填为不限")
    decay = forms.CharField(label="重复作答递减", required=False, max_length=100,
                            help_text="第 1 次、第 2 次……的分值，用逗号分隔，如 10,6,3（最后一个用于以后各次）；不填为每次相同")
    description = forms.CharField(label="说明", required=False, max_length=200, error_messages={"max_length": "说明不能超过 200 字"})
    is_active = forms.BooleanField(label="启用", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].wide = True  # type: ignore[attr-defined]
        self.fields["decay"].wide = True  # type: ignore[attr-defined]

    def clean_decay(self) -> list[Decimal]:
        text = str(self.cleaned_data.get("decay") or "").strip()
        if not text:
            return []
        try:
            return [Decimal(part) for part in _SEPARATORS.split(text) if part]
        except InvalidOperation:
            raise forms.ValidationError("递减分值应为用逗号分隔的数字，如 10,6,3") from None

    @staticmethod
    def initial_for(rule: Any) -> dict[str, Any]:
        return {"points": rule.points, "daily_cap": rule.daily_cap, "yearly_cap": rule.yearly_cap,
                "decay": ",".join(num(v) for v in rule.decay or []), "description": rule.description, "is_active": rule.is_active,
                "version": rule.version}
