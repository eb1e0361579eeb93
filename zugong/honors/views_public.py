"""The public pages of a selection (no account): the 公示 list of accepted nominees with their deeds and a comment
box (反映意见), and the vote with a one-time code (/honor/vote/).

As the mailbox and the survey answer page: no session, no cookie, no referrer, not cached (core.public.private);
forms carry a signed token and a picture captcha instead of a CSRF cookie; rate limits per address. A vote code
travels in POST bodies only (a code in the query string is refused, R68); between the code page and the ballot it
rides in a signed, encrypted token. Nothing about the person is stored: comments keep the day received only."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.core import captcha, ratelimit
from zugong.core.crypto import decrypt, encrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.public import CodeGate, fresh, private
from zugong.core.views import apply_service_errors
from zugong.honors import selectors, services, voting
from zugong.honors.forms_public import CodeForm, CommentForm
from zugong.honors.models import Selection

FORM_SALT = "zugong.honors.comment"
TOKEN_SALT = "zugong.honors.vote"  # noqa: S105 — a signing salt, not a secret
TOKEN_AGE = 2 * 60 * 60
FAIL_SCOPE = "honor-code-fail"
MSG_LIMIT = "提交太频繁，请稍后再试"
MSG_STALE = "页面已过期，请重新提交"
MSG_GET_CODE = "请在页面中输入投票码（投票码不能放在网址中）"
MSG_RECEIVED = "您反映的意见已收到，组织单位将认真核实处理。感谢您的监督！"


def _message(request: HttpRequest, message: str, *, level: str = "info", status: int = 200, title: str = "评选表彰",
             done: bool = False) -> HttpResponse:
    return render(request, "honors/public/message.html", {"title": title, "message": message, "level": level, "done": done},
                  status=status)


@private
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "honors/public/index.html", {"title": "评选公示与投票", "selections": list(selectors.public_selections())})


def _public(pk: int) -> Selection:
    s = get_object_or_404(Selection.objects.select_related("org_unit"), pk=pk)
    if s.status not in (Selection.Status.PUBLICIZED, Selection.Status.VOTING):
        raise Http404("该评选不在公示或投票阶段")
    return s


def _commentable(s: Selection) -> bool:
    return s.status == Selection.Status.PUBLICIZED and s.publicize_from <= timezone.localdate() <= s.publicize_until


def _page(request: HttpRequest, s: Selection, form: CommentForm | None = None, *, status: int = 200) -> HttpResponse:
    if form is None and _commentable(s):
        form = CommentForm()
    if form is not None:
        fresh(form, token=("comment", FORM_SALT))
    return render(request, "honors/public/selection.html", {
        "title": s.title, "s": s, "candidates": list(voting.candidates(s)), "form": form if _commentable(s) else None}, status=status)


@private
@require_GET
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _public(pk))


@private
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    s = _public(pk)
    if ratelimit.over(request, "honor-comment", per_ip=settings.MAILBOX_RATE, overall=settings.MAILBOX_RATE_ALL):
        return _message(request, MSG_LIMIT, level="warning", status=429)
    form = CommentForm(request.POST)
    if not _commentable(s):
        return _message(request, services.MSG_NOT_PUBLICIZED, level="warning", status=400)
    if not form.is_valid():
        return _page(request, s, form, status=400)
    c = form.cleaned_data
    try:
        signing.loads(c.get("token") or "", salt=FORM_SALT, max_age=TOKEN_AGE)
    except signing.BadSignature:
        form.add_error(None, MSG_STALE)
        return _page(request, s, form, status=400)
    problem = captcha.verify(c.get("captcha_key") or "", c["captcha"])
    if problem:
        form.add_error("captcha", problem)
        return _page(request, s, form, status=400)
    try:
        services.comment_submit(selection=s, nomination_id=c.get("nomination"), content=c["content"])
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _page(request, s, form, status=400)
    return _message(request, MSG_RECEIVED, level="success", title="意见已收到", done=True)


# ---------------------------------------------------------------- voting with a code


def _limited(request: HttpRequest) -> HttpResponse:
    return _message(request, MSG_LIMIT, level="warning", status=429)


GATE = CodeGate(template="honors/public/enter.html", title="评选投票", rate_scope="honor-vote", fail_scope=FAIL_SCOPE,
                msg_unknown=voting.MSG_CODE, msg_in_url=MSG_GET_CODE, limited=_limited)


def _open(code: str) -> voting.CodeBallot:
    b = voting.code_open(code)
    if not b.selection.by_codes:
        raise ValidationError({"code": voting.MSG_NO_CODES})
    return b


def _ballot(request: HttpRequest, b: voting.CodeBallot, *, chosen: set[str] | None = None, errors: list[str] | None = None,
            status: int = 200) -> HttpResponse:
    s = b.selection
    return render(request, "honors/public/ballot.html", {
        "title": s.title, "s": s, "candidates": list(voting.candidates(s)), "chosen": chosen or set(), "errors": errors or [],
        "token": signing.dumps(encrypt(b.code), salt=TOKEN_SALT)}, status=status)


@private
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    opened = GATE.enter(request, CodeForm, _open)
    return opened if isinstance(opened, HttpResponse) else _ballot(request, opened)


@private
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    if GATE.over_limit(request):
        return _limited(request)
    try:
        code = decrypt(signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_AGE))
    except (signing.BadSignature, ValueError):
        return GATE.page(request, CodeForm(), status=400, message=MSG_STALE)
    chosen = request.POST.getlist("choice")
    try:
        voting.vote_by_code(code, chosen)
    except ConflictError as exc:
        return _message(request, exc.message, level="danger", status=409)
    except ValidationError as exc:
        try:
            b = voting.code_open(code)
        except (ValidationError, ConflictError) as again:
            text = again.message if isinstance(again, ConflictError) else "；".join(again.messages)
            return _message(request, text, level="danger", status=409 if isinstance(again, ConflictError) else 400)
        return _ballot(request, b, chosen=set(chosen), errors=exc.messages, status=400)
    return _message(request, "投票成功，感谢您的参与！您的投票码已失效；选票加密保存，计票时与投票码分开统计。", level="success",
                    title="投票成功", done=True)
