"""Password rules beyond Django's: complexity (MLPS) and no reuse of the last five (R2-R3)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

HISTORY_DEPTH = 5


class ComplexityValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_too_simple")

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class HistoryValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        recent = user.password_history.all()[:HISTORY_DEPTH]
        if any(check_password(password, h.password) for h in recent):
            raise ValidationError(f"新密码不能与最近 {HISTORY_DEPTH} 次使用过的密码相同", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能与最近 {HISTORY_DEPTH} 次使用过的密码相同。"


# Django's own validators, with their messages fixed in Chinese whatever language is active
# (management commands and API clients see the same words as the pages).
from django.contrib.auth import password_validation as _pv  # noqa: E402


class MinimumLengthValidator(_pv.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少包含 {self.min_length} 个字符", code="password_too_short")

    def get_help_text(self) -> str:
        return f"至少包含 {self.min_length} 个字符。"


class CommonPasswordValidator(_pv.CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码过于常见，请换一个", code="password_too_common") from None

    def get_help_text(self) -> str:
        return "不能使用常见密码。"


class NumericPasswordValidator(_pv.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError("密码不能全是数字", code="password_entirely_numeric")

    def get_help_text(self) -> str:
        return "不能全是数字。"


class UserAttributeSimilarityValidator(_pv.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码与用户名或姓名过于相似", code="password_too_similar") from None

    def get_help_text(self) -> str:
        return "不能与用户名或姓名相似。"
