"""Pages for people without an account (the public mailbox, the survey answer page): no session, no cookie,
nothing cached, no referrer; CSRF-exempt because there is no session to ride (forms carry a signed token and a
captcha instead)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from zugong.core import captcha


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


def fresh(form: Any, *, token: tuple[str, str] | None = None) -> None:
    """A new captcha for the page being shown, and a new signed form token (`token` = (value, salt)) when the
    form has a `token` field."""
    form.data = form.data.copy() if form.is_bound else form.data
    key = captcha.new().key
    signed = signing.dumps(token[0], salt=token[1]) if token and "token" in form.fields else None
    if form.is_bound:
        form.data["captcha_key"], form.data["captcha"] = key, ""
        if signed:
            form.data["token"] = signed
    else:
        form.initial["captcha_key"] = key
        if signed:
            form.initial["token"] = signed
