"""The public mailbox pages (公开信箱): write a letter, read the reply with the receipt code, rate it. No account,
no session, no cookie: the views are CSRF-exempt and carry a signed form token instead; a picture captcha and
rate limits keep robots out. Responses are not cached and send no referrer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.core import captcha, codes, ratelimit
from zugong.core.errors import ValidationError
from zugong.core.netaddr import client_ip
from zugong.core.public import fresh, private
from zugong.core.views import apply_service_errors
from zugong.opinions import mailbox
from zugong.opinions.forms_mailbox import LetterForm, RateForm, StatusForm

FORM_SALT = "zugong.mailbox.form"
TOKEN_AGE = 2 * 60 * 60  # a long letter may take a while
MSG_STALE = "页面已过期，请重新填写验证码后提交"
MSG_LIMIT = "提交太频繁，请稍后再试"
FAIL_SCOPE = "mailbox-status-fail"


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "opinions/public/limited.html", {"title": "公开信箱", "message": MSG_LIMIT}, status=429)


@private
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = LetterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if ratelimit.over(request, "mailbox", per_ip=settings.MAILBOX_RATE, overall=settings.MAILBOX_RATE_ALL):
            return _limited(request)
        status = 400
        if form.is_valid():
            c = form.cleaned_data
            try:
                signing.loads(c.get("token") or "", salt=FORM_SALT, max_age=TOKEN_AGE)
            except signing.BadSignature:
                form.add_error(None, MSG_STALE)
            else:
                problem = captcha.verify(c.get("captcha_key") or "", c["captcha"])
                if problem:
                    form.add_error("captcha", problem)
                else:
                    letter = mailbox.Letter(org_unit=c["org_unit"], category=c["category"], content=c["content"], subject=c["subject"],
                                            contact=c["contact"], uploads=c.get("attachments") or [])
                    try:
                        case, code = mailbox.submit(letter)
                    except ValidationError as exc:
                        apply_service_errors(form, exc)
                    else:
                        return render(request, "opinions/public/receipt.html", {
                            "title": "来信已收到", "code": codes.format_code(code), "case": case, "unit": c["org_unit"]})
    fresh(form, token=("mailbox", FORM_SALT))
    return render(request, "opinions/public/submit.html", {"title": "公开信箱", "form": form}, status=status)


def _needs_captcha(request: HttpRequest) -> bool:
    return ratelimit.peek(FAIL_SCOPE, client_ip(request) or "unknown", 3600) >= settings.MAILBOX_STATUS_FREE_FAILURES


def _status_page(request: HttpRequest, form: StatusForm, *, case: Any = None, rate_form: RateForm | None = None,
                 message: str = "", status: int = 200) -> HttpResponse:
    needs = _needs_captcha(request)
    if needs:
        fresh(form, token=("mailbox", FORM_SALT))
    return render(request, "opinions/public/status.html", {
        "title": "查询办理情况", "form": form, "needs_captcha": needs, "case": case, "opinion": case.opinion if case else None,
        "rate_form": rate_form, "message": message}, status=status)


def _rate_form(case: Any, code: str) -> RateForm | None:
    if case.status == case.Status.REPLIED and case.opinion.rating is None:
        return RateForm(initial={"code": code})
    return None


@private
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The code travels in the POST body only, never in a URL."""
    form = StatusForm(request.POST or None)
    if request.method != "POST":
        return _status_page(request, form)
    if ratelimit.over(request, "mailbox-status", per_ip=settings.MAILBOX_STATUS_RATE):
        return _limited(request)
    if not form.is_valid():
        return _status_page(request, form, status=400)
    c = form.cleaned_data
    if _needs_captcha(request):
        problem = captcha.verify(c.get("captcha_key") or "", c.get("captcha") or "")
        if problem:
            form.add_error("captcha", problem)
            return _status_page(request, form, status=400)
    case = mailbox.look_up(c["code"])
    if case is None:
        ratelimit.count(FAIL_SCOPE, client_ip(request) or "unknown", 3600)
        form.add_error("code", mailbox.MSG_CODE)
        return _status_page(request, form, status=404)
    return _status_page(request, StatusForm(), case=case, rate_form=_rate_form(case, c["code"]))


@private
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    if ratelimit.over(request, "mailbox-status", per_ip=settings.MAILBOX_STATUS_RATE):
        return _limited(request)
    form = RateForm(request.POST)
    code = request.POST.get("code", "")
    case = mailbox.look_up(code)
    if case is None:
        ratelimit.count(FAIL_SCOPE, client_ip(request) or "unknown", 3600)
        return _status_page(request, StatusForm(), message=mailbox.MSG_CODE, status=404)
    if not form.is_valid():
        return _status_page(request, StatusForm(), case=case, rate_form=form, status=400)
    try:
        case = mailbox.rate(code, form.cleaned_data["rating"], form.cleaned_data["comment"])
    except ValidationError as exc:
        return _status_page(request, StatusForm(), case=case, message="；".join(exc.messages), status=400)
    case = mailbox.look_up(code)
    return _status_page(request, StatusForm(), case=case, message="感谢您的评价")


@require_GET
def captcha_image(request: HttpRequest, key: str) -> HttpResponse:
    png = captcha.image(key)
    if png is None:
        raise Http404("验证码已过期")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response
