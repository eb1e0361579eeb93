"""Forms of the public pages (no account): the 公示 comment box and the vote code."""

from __future__ import annotations

from django import forms

from zugong.honors import services


class CommentForm(forms.Form):
    nomination = forms.IntegerField(required=False, error_messages={"invalid": services.MSG_NOMINEE})
    content = forms.CharField(label="反映的意见", max_length=services.MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": services.MSG_COMMENT, "max_length": services.MSG_COMMENT_LONG})
    captcha = forms.CharField(label="验证码", max_length=8, error_messages={"required": "请输入图片中的验证码"},
                              widget=forms.TextInput(attrs={"autocomplete": "off", "class": "zg-captcha-input"}))
    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label="投票码", max_length=64, error_messages={"required": "请输入投票码"},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX"}))
    captcha = forms.CharField(label="验证码", max_length=8, required=False)
    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)
