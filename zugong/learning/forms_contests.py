"""Forms of essay contests: the contest (notice, window, award counts, judges), an entry (by unit staff
for a cadre, or by the cadre), a judge's score."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.accounts.models import User
from zugong.core.params import int_param
from zugong.learning.contests import MAX_TIER, TIER_LABELS, TIERS
from zugong.learning.forms_exams import UnitChoice
from zugong.learning.forms_study import IdsField
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": "请输入正确的日期，如 2026-06-30", "required": "请填写日期"}
ENTRY_ACCEPT = ".pdf,.docx"


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, error_messages=DATE_ERRORS, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _tier(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=f"{label}名额", min_value=0, max_value=MAX_TIER, initial=0,
                              error_messages={"required": "请填写名额，没有该奖项填 0", "invalid": "名额应为整数",
                                              "min_value": f"名额应在 0 到 {MAX_TIER} 之间", "max_value": f"名额应在 0 到 {MAX_TIER} 之间"})


class CadreChoice(forms.ModelChoiceField):
    """A cadre by id; a mangled id is an invalid choice, never a 500."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if int_param(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.name}（{obj.org_unit.name}）"


class JudgesField(IdsField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name}（{obj.username}）" if obj.full_name else obj.username


class ContestForm(forms.Form):
    org_unit = UnitChoice(label="主办单位", queryset=OrgUnit.objects.none(), empty_label=None,
                          error_messages={"required": "请选择主办单位", "invalid_choice": "所选单位不在您的授权范围内"})
    title = forms.CharField(label="征文名称", max_length=200, error_messages={"required": "请填写征文名称"})
    theme = forms.CharField(label="主题", max_length=200, required=False)
    opens_on = _date("征集开始")
    closes_on = _date("征集截止")
    tier_first = _tier(TIER_LABELS["first"])
    tier_second = _tier(TIER_LABELS["second"])
    tier_third = _tier(TIER_LABELS["third"])
    tier_excellence = _tier(TIER_LABELS["excellence"])
    judges = JudgesField(label="评委", required=False, queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8}),
                         help_text="主办单位及下级单位的工作人员账号，可多选（按住 Ctrl 点选）；评委只看到作品编号和题目",
                         error_messages={"invalid_choice": "评委应为主办单位及下级单位的工作人员", "invalid_pk_value": "评委不对"})
    description = forms.CharField(label="征文通知", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, judges: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the organizer stays
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["judges"].queryset = judges  # type: ignore[attr-defined]
        for name in ("org_unit", "title", "theme", "judges", "description"):
            if name in self.fields:
                self.fields[name].wide = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["tiers"] = {t: data.get(f"tier_{t}") for t in TIERS}
        return data


class EntryForm(forms.Form):
    """Unit staff submit for a cadre of their subtree (`cadres` given) or a cadre submits their own."""

    cadre = CadreChoice(label="作者", queryset=Cadre.objects.none(), empty_label="请选择",
                        error_messages={"required": "请选择作者", "invalid_choice": "作者应为本单位及下级单位在册的组工干部"})
    title = forms.CharField(label="作品题目", max_length=200, error_messages={"required": "请填写作品题目",
                                                                         "max_length": "题目不能超过 200 字"})
    file = forms.FileField(label="作品文件", widget=forms.ClearableFileInput(attrs={"accept": ENTRY_ACCEPT}),
                           help_text="PDF 或 Word（docx），不超过 20 MB。文件名和文件中请勿出现作者姓名和单位，以便匿名评审",
                           error_messages={"required": "请上传作品文件（PDF 或 Word docx）", "empty": "文件是空的",
                                           "invalid": "请上传作品文件（PDF 或 Word docx）"})

    def __init__(self, *args: Any, cadres: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cadres is None:
            del self.fields["cadre"]
        else:
            self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["title"].wide = True  # type: ignore[attr-defined]
        self.fields["file"].wide = True  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    score = forms.DecimalField(label="评分（0-100）", max_digits=4, decimal_places=1, min_value=0, max_value=100,
                               widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "100"}),
                               error_messages={"required": "请填写评分", "invalid": "评分应为数字",
                                               "min_value": "评分应在 0 到 100 之间", "max_value": "评分应在 0 到 100 之间",
                                               "max_digits": "评分应在 0 到 100 之间", "max_whole_digits": "评分应在 0 到 100 之间",
                                               "max_decimal_places": "评分最多一位小数"})
    comment = forms.CharField(label="评语", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"max_length": "评语不能超过 500 字"})
