"""Forms of the public mailbox (no account) and of the handlers' actions."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.campaigns.forms import FilesField, MultipleFileInput
from zugong.opinions import mailbox
from zugong.opinions.models import OpinionCategory
from zugong.orgs.models import STEP, OrgUnit


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * (len(obj.path) // STEP - 1) + obj.name


class LetterForm(forms.Form):
    org_unit = UnitChoiceField(label="反映给哪个组织部门", queryset=OrgUnit.objects.none(), empty_label="请选择",
                               error_messages={"required": mailbox.MSG_UNIT, "invalid_choice": mailbox.MSG_UNIT})
    category = forms.ModelChoiceField(label="问题类别", queryset=OpinionCategory.objects.filter(is_active=True), empty_label="请选择",
                                      error_messages={"required": mailbox.MSG_CATEGORY, "invalid_choice": mailbox.MSG_CATEGORY})
    subject = forms.CharField(label="标题", max_length=100, required=False, error_messages={"max_length": mailbox.MSG_SUBJECT})
    content = forms.CharField(label="反映的内容", max_length=mailbox.MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": mailbox.MSG_CONTENT, "max_length": mailbox.MSG_CONTENT_LONG})
    contact = forms.CharField(label="联系方式（可不填）", max_length=100, required=False, error_messages={"max_length": mailbox.MSG_CONTACT},
                              help_text="如需我们与您联系核实，可留下姓名或电话；加密保存，只有承办人员在需要时查看")
    attachments = FilesField(label="附件（可不传）", required=False, widget=MultipleFileInput(attrs={"accept": mailbox.ACCEPT}),
                             help_text=f"最多 {mailbox.MAX_FILES} 个：图片（JPG、PNG）或 Word、Excel 文件，每个不超过 20 MB；上传前会去除文件中的作者、拍摄位置等信息")
    captcha = forms.CharField(label="验证码", max_length=8, error_messages={"required": "请输入图片中的验证码"},
                              widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "latin", "class": "zg-captcha-input"}))
    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = mailbox.public_units()  # type: ignore[attr-defined]
        self.fields["content"].wide = True  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    code = forms.CharField(label="回执码", max_length=64, error_messages={"required": "请输入回执码"},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX",
                                                         "spellcheck": "false"}))
    captcha = forms.CharField(label="验证码", max_length=8, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "class": "zg-captcha-input"}))
    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    rating = forms.TypedChoiceField(label="您对答复的满意度", coerce=int, widget=forms.RadioSelect,
                                    choices=[(5, "很满意"), (4, "满意"), (3, "基本满意"), (2, "不太满意"), (1, "不满意")],
                                    error_messages={"required": mailbox.MSG_RATING, "invalid_choice": mailbox.MSG_RATING})
    comment = forms.CharField(label="意见（可不填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复", max_length=mailbox.MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="来信人凭回执码查看；请写明办理结果", error_messages={"required": mailbox.MSG_REPLY})
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label="转交给", queryset=OrgUnit.objects.none(), empty_label="请选择下级组织部门",
                                error_messages={"required": mailbox.MSG_TRANSFER, "invalid_choice": mailbox.MSG_TRANSFER})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = units  # type: ignore[attr-defined]
        self.fields["to"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
