"""The answer page (/survey/): a respondent types (or scans into the field) the code from their slip, answers on
a phone and submits once. No account, no session, no cookie, no referrer, not cached; the code travels in POST
bodies only (a code in the query string is refused, R68). Between the code page and the questionnaire the code
rides in a signed, encrypted form token; nothing of it is kept on the server but the used flag."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from zugong.core.crypto import decrypt, encrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.public import CodeGate, private
from zugong.surveys import ballots
from zugong.surveys.forms_public import CodeForm
from zugong.surveys.models import Scale

TOKEN_SALT = "zugong.survey.ballot"  # noqa: S105 — a signing salt, not a secret
TOKEN_AGE = 2 * 60 * 60
FAIL_SCOPE = "survey-code-fail"
MSG_LIMIT = "提交太频繁，请稍后再试"
MSG_GET_CODE = "请在页面中输入测评码（测评码不能放在网址中）"
MSG_STALE = "页面已过期，请重新输入测评码"


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/message.html", {"title": "满意度测评", "message": MSG_LIMIT, "level": "warning"}, status=429)


GATE = CodeGate(template="surveys/public/enter.html", title="满意度测评", rate_scope="survey", fail_scope=FAIL_SCOPE,
                msg_unknown=ballots.MSG_CODE, msg_in_url=MSG_GET_CODE, limited=_limited)


def _questionnaire(request: HttpRequest, ballot: ballots.Ballot, *, answers: dict[str, Any] | None = None,
                   comment: str = "", errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    survey = ballot.survey
    items = list(survey.items.select_related("aspect").order_by("order", "id"))
    answers = answers or {}
    groups: list[dict[str, Any]] = []
    for item in items:
        if not groups or groups[-1]["aspect"].pk != item.aspect_id:
            groups.append({"aspect": item.aspect, "items": []})
        groups[-1]["items"].append({"item": item, "chosen": str(answers.get(str(item.pk), ""))})
    return render(request, "surveys/public/answer.html", {
        "title": survey.title, "survey": survey, "target": ballot.target, "category": ballot.category, "groups": groups,
        "options": survey.options, "score": survey.scale == Scale.SCORE, "comment": comment, "errors": errors or [],
        "token": signing.dumps(encrypt(ballot.code), salt=TOKEN_SALT), "count": len(items)}, status=status)


@private
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    opened = GATE.enter(request, CodeForm, ballots.ballot_open)
    return opened if isinstance(opened, HttpResponse) else _questionnaire(request, opened)


@private
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    if GATE.over_limit(request):
        return _limited(request)
    try:
        code = decrypt(signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_AGE))
    except (signing.BadSignature, ValueError):
        return GATE.page(request, CodeForm(), status=400, message=MSG_STALE)
    answers = {key[5:]: value for key, value in request.POST.items() if key.startswith("item-") and value != ""}
    comment = request.POST.get("comment", "")
    try:
        ballots.ballot_submit(code, answers, comment)
    except ConflictError as exc:
        return render(request, "surveys/public/message.html", {"title": "满意度测评", "message": exc.message, "level": "danger"},
                      status=409)
    except ValidationError as exc:
        try:
            ballot = ballots.ballot_open(code)
        except (ValidationError, ConflictError) as again:
            text = again.message if isinstance(again, ConflictError) else "；".join(again.messages)
            return render(request, "surveys/public/message.html", {"title": "满意度测评", "message": text, "level": "danger"},
                          status=409 if isinstance(again, ConflictError) else 400)
        return _questionnaire(request, ballot, answers=answers, comment=comment, errors=exc.messages, status=400)
    return render(request, "surveys/public/message.html", {
        "title": "提交成功", "level": "success", "done": True,
        "message": "提交成功，感谢您的参与！您的测评码已失效；答卷加密保存，测评结束时打乱顺序、与测评码分开统计。"})
