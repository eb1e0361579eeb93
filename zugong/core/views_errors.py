"""Error pages in Chinese; API paths get the JSON error shape."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _answer(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    return render(request, "error.html", {"status": status, "message": message, "title": message}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _answer(request, 400, "bad_request", "请求有误")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "您没有此项操作的权限"
    return _answer(request, 403, "permission_denied", message)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _answer(request, 404, "not_found", "页面不存在，或不在您的授权范围内")


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, 500, "server_error", "系统错误，请稍后再试；如反复出现请联系系统管理员")
