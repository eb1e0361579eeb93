"""Errors services raise; views and the API turn them into 4xx answers with Chinese messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError

__all__ = ["ConflictError", "ValidationError"]

CONFLICT_MESSAGE = "该记录已被他人修改，请刷新后重新编辑（您的修改未保存）"


class ConflictError(Exception):
    """A stale edit: the record changed since the editor loaded it (R78)."""

    def __init__(self, message: str = CONFLICT_MESSAGE) -> None:
        super().__init__(message)
        self.message = message
