"""The client's address. Behind a reverse proxy REMOTE_ADDR is the proxy; X-Forwarded-For is trusted
only when the request came from a proxy listed in ZUGONG_TRUSTED_PROXIES (used by audit and lockout)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote is None or remote not in trusted:
        return remote
    # Walk X-Forwarded-For from the right: the first address not of a trusted proxy is the client.
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    for part in reversed(forwarded):
        ip = _valid(part)
        if ip is None:
            return remote
        if ip not in trusted:
            return ip
    return remote
