"""Session policy: 15-minute idle timeout for 三员, 30 for everyone else (R6)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "admin_role", ""):
            request.session.set_expiry(settings.ADMIN_SESSION_AGE)
        return self.get_response(request)
