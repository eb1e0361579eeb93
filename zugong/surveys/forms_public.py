"""Forms of the answer page (no account)."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(label="测评码", max_length=64, error_messages={"required": "请输入测评码"},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX"}))
    captcha = forms.CharField(label="验证码", max_length=8, required=False)
    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)
