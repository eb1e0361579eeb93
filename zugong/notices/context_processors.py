"""The unread count for the bell in the top bar: one COUNT, only when a page shows the bell, once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property

_ATTR = "_zugong_unread_notices"


class UnreadNotices:
    """Lazy: partials that never show the bell cost no query; the count is computed once per request."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        from zugong.notices.selectors import unread_count

        return unread_count(self.user)

    @property
    def label(self) -> str:
        return "99+" if self.count > 99 else str(self.count)


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.admin_role:
        return {}
    cached = getattr(request, _ATTR, None)
    if cached is None:
        cached = UnreadNotices(user)
        setattr(request, _ATTR, cached)
    return {"unread_notices": cached}
