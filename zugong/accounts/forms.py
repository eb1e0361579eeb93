from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zugong.accounts.models import Role, User
from zugong.orgs.models import OrgUnit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续失败5次将被锁定。",
        "inactive": "用户名或密码不正确。连续失败5次将被锁定。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(
        label="新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少12位，包含大写字母、小写字母、数字、符号中的至少三类，不能与最近5次密码相同",
    )
    new_password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_password") and cleaned.get("new_password") != cleaned.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致")
        return cleaned


class UserCreateForm(forms.Form):
    username = forms.RegexField(label="用户名", regex=r"^[A-Za-z0-9._-]{3,40}$", max_length=40,
                                error_messages={"invalid": "用户名只能包含字母、数字和 . _ -，3-40位"})
    full_name = forms.CharField(label="姓名", max_length=50)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label="用户", queryset=User.objects.filter(admin_role="", is_active=True), empty_label="请选择用户")
    role = forms.ModelChoiceField(label="角色", queryset=Role.objects.all(), empty_label="请选择角色")
    org_unit = forms.ModelChoiceField(label="单位（授权覆盖其全部下级）", empty_label="请选择单位",
                                      queryset=OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE))
