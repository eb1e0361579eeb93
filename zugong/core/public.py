"""Pages for people without an account (the public mailbox, the survey answer page, the vote page): no session, no
cookie, nothing cached, no referrer; CSRF-exempt because there is no session to ride (forms carry a signed token and
a captcha instead). `CodeGate` is the code-entry step the pages opened with a one-time code share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from zugong.core import captcha, codes, ratelimit
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.netaddr import client_ip

T = TypeVar("T")


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


@dataclass(frozen=True)
class CodeGate:
    """The code-entry step of a page opened with a one-time code (the survey answer page, the vote page): the code
    travels in a POST only (a code in the query string answers 400, R68); entries are rate-limited per address and
    overall; after `free_failures` codes that are not codes from one address within an hour the form asks for a
    captcha; a used code answers 409, an unknown one 404, one outside its window 400. `open_code` is the app's
    service that turns a typed code into what it opens."""

    template: str  # the entry page, given form, needs_captcha, message
    title: str
    rate_scope: str
    fail_scope: str
    msg_unknown: str  # the service's message for a code that is none
    msg_in_url: str
    limited: Callable[[HttpRequest], HttpResponse]  # the app's 429 page

    def needs_captcha(self, request: HttpRequest) -> bool:
        return ratelimit.peek(self.fail_scope, client_ip(request) or "unknown", 3600) >= settings.SURVEY_FREE_FAILURES

    def over_limit(self, request: HttpRequest) -> bool:
        return ratelimit.over(request, self.rate_scope, per_ip=settings.SURVEY_RATE, overall=settings.SURVEY_RATE_ALL)

    def page(self, request: HttpRequest, form: Any, *, status: int = 200, message: str = "") -> HttpResponse:
        needs = self.needs_captcha(request)
        if needs:
            fresh(form)
        return render(request, self.template, {"title": self.title, "form": form, "needs_captcha": needs, "message": message},
                      status=status)

    def enter(self, request: HttpRequest, form_class: Any, open_code: Callable[[str], T]) -> T | HttpResponse:
        """What the code opens, or the response to send instead (the entry page, a refusal)."""
        if request.method != "POST":
            if "code" in request.GET:
                return self.page(request, form_class(), status=400, message=self.msg_in_url)
            return self.page(request, form_class())
        if self.over_limit(request):
            return self.limited(request)
        form = form_class(request.POST)
        if not form.is_valid():
            return self.page(request, form, status=400)
        c = form.cleaned_data
        if self.needs_captcha(request):
            problem = captcha.verify(c.get("captcha_key") or "", c.get("captcha") or "")
            if problem:
                form.add_error("captcha", problem)
                return self.page(request, form, status=400)
        try:
            return open_code(c["code"])
        except ConflictError as exc:
            form.add_error("code", exc.message)
            return self.page(request, form, status=409)
        except ValidationError as exc:
            unknown = codes.normalize_code(c["code"]) is None or self.msg_unknown in exc.messages
            if unknown:
                ratelimit.count(self.fail_scope, client_ip(request) or "unknown", 3600)
            form.add_error("code", "；".join(exc.messages))
            return self.page(request, form, status=404 if unknown else 400)
