"""API plumbing shared by every app: pagination and one JSON error shape with Chinese messages.

Error shape: {"error": {"code": "...", "message": "中文说明", "fields": {"field": ["中文说明"]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_handler

from zugong.core.errors import ConflictError

MESSAGES = {
    "not_authenticated": "请先登录",
    "authentication_failed": "认证失败",
    "permission_denied": "您没有此项操作的权限",
    "not_found": "对象不存在或不在您的授权范围内",
    "method_not_allowed": "不支持该请求方法",
    "parse_error": "请求格式错误",
    "unsupported_media_type": "不支持的请求格式",
    "throttled": "请求过于频繁，请稍后再试",
    "invalid": "提交的数据有误",
    "conflict": ConflictError().message,
}


class ScopedViewSetMixin:
    """For viewsets over a scoped model: 403 unless the user may view such rows somewhere,
    then `visible_to` decides (out of scope = 404)."""

    scoped_model: Any

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        from zugong.accounts.access import require_perm
        from zugong.core.scope import perm_name

        require_perm(request.user, perm_name(self.scoped_model, "view"))


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, list | tuple):
                out[str(key)] = [str(v) for v in value]
            else:
                out[str(key)] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def error_response(code: str, message: str, http_status: int, fields: dict[str, list[str]] | None = None) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return Response({"error": body}, status=http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConflictError):
        return error_response("conflict", exc.message, status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return error_response("invalid", MESSAGES["invalid"], status.HTTP_400_BAD_REQUEST, fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        return error_response("invalid", MESSAGES["invalid"], response.status_code, _flatten(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED if isinstance(exc, exceptions.AuthenticationFailed) else response.status_code
    message = MESSAGES.get(str(code), str(getattr(exc, "detail", "请求错误")))
    new = error_response(str(code), message, response.status_code)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            new[header] = response[header]
    return new


class PublicAPIView(APIView):
    """An endpoint for people without an account (the mailbox, ballots): no authentication, no session, not
    cached, no referrer."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
