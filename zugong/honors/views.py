"""Pages of recommendation votes for the organizing unit (set up, review nominations, 公示 comments, codes, close,
results and commendations), for the nominating units (nominate, withdraw) and for a cadre voting by login.
Thin views: writes in services.py / voting.py, reads in selectors.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.audit.services import record
from zugong.core.crypto import decrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.exports import xlsx_response
from zugong.core.units import units_with
from zugong.core.views import error_text, form_refused, posted_version, step_back, submit
from zugong.honors import selectors, services, sheets, voting
from zugong.honors.forms import CodesForm, CommendForm, DecideForm, HandleForm, NominationForm, SelectionForm
from zugong.honors.models import Nomination, PublicComment, Selection

VIEW = selectors.VIEW
LIST = ("评选表彰", "honors:list")
NEXT_LABEL = {Selection.Status.DRAFT: ("开始推荐", "开始推荐后，各单位可以推荐人选。确定开始？", "已开始推荐"),
              Selection.Status.NOMINATING: ("开始公示", "公示开始后不能再推荐和审核，公示页面向社会公开。确定开始公示？", "已开始公示"),
              Selection.Status.PUBLICIZED: ("开始投票", "开始投票后公示结束。确定开始投票？", "已开始投票")}


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(LIST[0], reverse(LIST[1])), *items]


def _selection(request: HttpRequest, pk: int) -> Selection:
    require_perm(request.user, VIEW)
    return get_object_or_404(Selection.objects.visible_to(request.user, "view").select_related("org_unit", "created_by"), pk=pk)


def _organizer(request: HttpRequest, s: Selection, perm: str = services.ORGANIZE) -> None:
    if not can_at(request.user, perm, s.org_unit.path):
        raise PermissionDenied("只有组织评选的单位可以操作")


@login_required
def selection_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW)
    qs = selectors.selection_list(request.user)
    status = request.GET.get("status", "")
    if status in Selection.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for s in page:  # the totals of every unit's nominations are the organizer's to see
        s.viewer_organizes = selectors.is_organizer(request.user, s)
    return render(request, "honors/list.html", {
        "title": "评选表彰", "breadcrumbs": [("评选表彰", None)], "page_obj": page, "status": status,
        "statuses": Selection.Status.choices, "can_add": units_with(request.user, services.ORGANIZE).exists(),
    })


def _data(c: dict[str, Any]) -> dict[str, Any]:
    return {k: c.get(k) for k in services.FIELDS}


@login_required
def selection_add(request: HttpRequest) -> HttpResponse:
    units = units_with(request.user, services.ORGANIZE)
    if not units.exists():
        raise PermissionDenied("您没有组织评选的权限")
    year = timezone.localdate().year
    form = SelectionForm(request.POST or None, units=units, initial={
        "year": year, "title": f"{year}年度“我身边的优秀组工干部”评选", "voting_mode": "both"})
    status = 200
    if request.method == "POST":
        s, status = submit(form, lambda c: services.selection_create(actor=request.user, org_unit=c["org_unit"], data=_data(c)))
        if s is not None:
            messages.success(request, f"已新建评选“{s.title}”。核对设置后，点击“开始推荐”。")
            return HttpResponseRedirect(s.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "新建评选", "form": form, "breadcrumbs": _crumbs(("新建", None))}, status=status)


@login_required
def selection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s)
    if s.status not in (Selection.Status.DRAFT, Selection.Status.NOMINATING):
        messages.error(request, services.MSG_FROZEN)
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    initial = {k: getattr(s, k) for k in services.FIELDS}
    initial.update(org_unit=s.org_unit_id, version=s.version)
    form = SelectionForm(request.POST or None, units=units_with(request.user, services.ORGANIZE).filter(pk=s.org_unit_id), initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: services.selection_update(actor=request.user, selection=s, data=_data(c),
                                                                         expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"修改：{s.title}", "form": form,
                                                 "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("修改", None))}, status=status)


@login_required
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    user = request.user
    organize = can_at(user, services.ORGANIZE, s.org_unit.path)
    nominations = list(selectors.nominations(user, s))
    mine = services.nominating_units(user, s)
    return render(request, "honors/detail.html", {
        "title": s.title, "breadcrumbs": _crumbs((s.title, None)), "s": s, "organize": organize,
        "organizer": selectors.is_organizer(user, s), "nominations": nominations, "next": NEXT_LABEL.get(Selection.Status(s.status)),
        "early_until": services.early_end(s),  # ending the nominations or the 公示 before its last day asks for a reason
        "can_nominate": s.status == Selection.Status.NOMINATING and mine.exists(),
        "nominate_units": {u.pk for u in mine} if s.status == Selection.Status.NOMINATING else set(),
        "can_comments": can_at(user, selectors.COMMENTS, s.org_unit.path),
        "unhandled": s.comments.filter(handled=False).count() if can_at(user, selectors.COMMENTS, s.org_unit.path) else 0,
        "can_results": s.is_tallied and can_at(user, selectors.TALLY, s.org_unit.path),
        "codes_form": CodesForm(), "public_url": request.build_absolute_uri(reverse("honor:selection", args=[s.pk])),
        "entry_url": request.build_absolute_uri(reverse("honor:enter")),
        "participations": s.participations.count() if organize else None,
        "codes_used": s.codes.filter(used=True).count() if organize else None,
    })


@login_required
@require_POST
def selection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s)
    try:
        services.selection_delete(actor=request.user, selection=s)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    messages.success(request, f"已删除评选“{s.title}”")
    return HttpResponseRedirect(reverse("honors:list"), status=303)


@login_required
@require_POST
def selection_advance(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s)
    label = NEXT_LABEL.get(Selection.Status(s.status))
    return step_back(request, s.get_absolute_url(), lambda: services.selection_advance(
        actor=request.user, selection=s, expected_version=posted_version(request), reason=request.POST.get("reason", "")),
        label[2] if label else "已完成")


@login_required
@require_POST
def selection_close(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s)
    return step_back(request, s.get_absolute_url(), lambda: voting.selection_close(
        actor=request.user, selection=s, expected_version=posted_version(request)), "投票已结束，已完成计票。")


@login_required
@require_POST
def selection_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make vote codes and hand them over at once, as a PDF of slips or an xlsx; they are not kept anywhere."""
    s = _selection(request, pk)
    _organizer(request, s)
    form = CodesForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, s.get_absolute_url())
    try:
        made = voting.codes_issue(actor=request.user, selection=s, count=form.cleaned_data["count"])
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    if form.cleaned_data["format"] == "xlsx":
        response = sheets.codes_xlsx(s, made)
    else:
        response = HttpResponse(sheets.slips_pdf(s, made, request.build_absolute_uri(reverse("honor:enter"))), content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(s.title + '-投票码')}.pdf"
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- nominations


@login_required
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    units = services.nominating_units(request.user, s)
    if not units.exists():
        raise PermissionDenied("您没有为本次评选推荐人选的权限")
    if s.status != Selection.Status.NOMINATING:
        messages.error(request, services.MSG_NOT_NOMINATING)
        return HttpResponseRedirect(s.get_absolute_url(), status=303)
    from zugong.core.params import int_param

    chosen = int_param(request.POST.get("org_unit") or request.GET.get("unit"))
    unit = units.filter(pk=chosen).first() if chosen else None
    unit = unit or units.first()
    assert unit is not None
    form = NominationForm(request.POST or None, units=units, cadres=services.nominee_choices(unit), initial={"org_unit": unit.pk})
    status = 200
    if request.method == "POST":
        n, status = submit(form, lambda c: services.nomination_submit(actor=request.user, selection=s, org_unit=c["org_unit"],
                                                                       cadre=c["cadre"], deeds=c["deeds"]))
        if n is not None:
            messages.success(request, f"已推荐{n.cadre.name}，等待组织单位审核")
            return HttpResponseRedirect(s.get_absolute_url(), status=303)
    return render(request, "honors/nominate.html", {
        "title": "推荐人选", "form": form, "s": s, "unit": unit, "units": units,
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("推荐人选", None))}, status=status)


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    require_perm(request.user, "honors.view_nomination")
    return get_object_or_404(Nomination.objects.visible_to(request.user, "view")
                             .select_related("selection__org_unit", "cadre__org_unit", "org_unit", "created_by"), pk=pk)


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    n = _nomination(request, pk)
    s = n.selection
    user = request.user
    return render(request, "honors/nomination.html", {
        "title": f"推荐人选：{n.cadre.name}", "n": n, "s": s,
        "can_tally": s.is_tallied and can_at(user, selectors.TALLY, s.org_unit.path),  # votes only with the results
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), (n.cadre.name, None)),
        "can_decide": n.status == Nomination.Status.SUBMITTED and s.status == Selection.Status.NOMINATING
        and can_at(user, services.ORGANIZE, s.org_unit.path),
        "can_withdraw": n.status in (Nomination.Status.SUBMITTED, Nomination.Status.ACCEPTED) and s.status == Selection.Status.NOMINATING
        and (can_at(user, services.NOMINATE, n.org_unit.path) or can_at(user, services.ORGANIZE, s.org_unit.path)),
    })


@login_required
@require_POST
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    n = _nomination(request, pk)
    if not can_at(request.user, services.ORGANIZE, n.selection.org_unit.path):
        raise PermissionDenied("只有组织评选的单位可以审核推荐")
    form = DecideForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, n.get_absolute_url())
    c = form.cleaned_data
    return step_back(request, n.get_absolute_url(), lambda: services.nomination_decide(
        actor=request.user, nomination=n, accept=c["decision"] == "accept", reason=c["reason"], expected_version=c["version"]),
        "已审核通过" if c["decision"] == "accept" else "已退回（不通过）")


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    n = _nomination(request, pk)
    if not (can_at(request.user, services.NOMINATE, n.org_unit.path) or can_at(request.user, services.ORGANIZE, n.selection.org_unit.path)):
        raise PermissionDenied("只有推荐单位可以撤回推荐")
    return step_back(request, n.get_absolute_url(), lambda: services.nomination_withdraw(
        actor=request.user, nomination=n, expected_version=posted_version(request)), "已撤回推荐")


# ---------------------------------------------------------------- 公示 comments


@login_required
def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s, selectors.COMMENTS)
    rows = list(selectors.comments(request.user, s))
    for c in rows:
        c.content = decrypt(c.content_enc)
    return render(request, "honors/comments.html", {
        "title": f"公示意见：{s.title}", "s": s, "comments": rows, "can_handle": can_at(request.user, services.HANDLE, s.org_unit.path),
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("公示意见", None))})


@login_required
@require_POST
def comment_handle(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, services.HANDLE)
    c = get_object_or_404(PublicComment.objects.visible_to(request.user, "view").select_related("selection__org_unit"), pk=pk)
    url = reverse("honors:comments", args=[c.selection_id])
    if not can_at(request.user, services.HANDLE, c.selection.org_unit.path):
        raise PermissionDenied("您没有处理公示意见的权限")
    form = HandleForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    return step_back(request, url, lambda: services.comment_handle(
        actor=request.user, comment=c, note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"]), "已标记为已处理")


# ---------------------------------------------------------------- results and commendations


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s, selectors.TALLY)
    if not s.is_tallied:
        return render(request, "honors/results.html", {"title": f"投票结果：{s.title}", "s": s, "closed": False,
                                                       "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("投票结果", None))},
                      status=409)
    ranked = selectors.results(s)
    default = selectors.default_commended(s, ranked)
    if s.status == Selection.Status.COMMENDED:
        default = set(s.commendations.values_list("cadre_id", flat=True))
        default = {n.pk for n in ranked if n.cadre_id in default}
    return render(request, "honors/results.html", {
        "title": f"投票结果：{s.title}", "s": s, "closed": True, "ranked": ranked, "default": default,
        "can_commend": s.status == Selection.Status.CLOSED and can_at(request.user, services.ORGANIZE, s.org_unit.path),
        "tie": any(n.rank is not None and n.rank <= s.places and n.pk not in default for n in ranked),
        "today": timezone.localdate(), "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("投票结果", None))})


@login_required
@require_POST
def commend(request: HttpRequest, pk: int) -> HttpResponse:
    s = _selection(request, pk)
    _organizer(request, s)
    url = reverse("honors:results", args=[s.pk])
    form = CommendForm(request.POST, ids=list(s.nominations.filter(status=Nomination.Status.ACCEPTED).values_list("pk", flat=True)))
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return step_back(request, url, lambda: services.commendations_confirm(
        actor=request.user, selection=s, nomination_ids=c["nominations"], awarded_on=c["awarded_on"],
        document_number=c["document_number"], expected_version=c["version"]), "已确认表彰，表彰记录已生成")


@login_required
def commendation_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "honors.view_commendation")
    qs = selectors.commendation_list(request.user)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(awarded_on__year=int(year))
    else:
        year = ""
    if request.GET.get("export") == "xlsx":
        record(action="commendation.exported", actor=request.user, after={"year": year or "全部", "rows": qs.count()})
        rows = ((c.cadre.name, c.unit.name, c.title, c.selection.title, c.awarded_on, c.document_number, c.votes) for c in qs.iterator())
        return xlsx_response(["姓名", "所在单位", "荣誉称号", "评选活动", "表彰日期", "文号", "得票数"], rows, filename="表彰记录.xlsx", sheet="表彰记录")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "honors/commendations.html", {"title": "表彰记录", "breadcrumbs": [("表彰记录", None)],
                                                          "page_obj": page, "year": year})


# ---------------------------------------------------------------- voting by login


@login_required
def my_votes(request: HttpRequest) -> HttpResponse:
    return render(request, "honors/my_votes.html", {"title": "评选投票", "breadcrumbs": [("评选投票", None)],
                                                     "rows": selectors.votable(request.user)})


@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot of a signed-in cadre: 404 for anyone who may not vote in this selection by login."""
    s = get_object_or_404(Selection.objects.select_related("org_unit"), pk=pk)
    cadre = voting.voter_cadre(request.user, s)
    if cadre is None or not s.by_login or s.status not in (Selection.Status.VOTING, Selection.Status.CLOSED, Selection.Status.COMMENDED):
        raise Http404("对象不存在或不在您的授权范围内")
    context: dict[str, Any] = {"title": s.title, "s": s, "cadre": cadre, "breadcrumbs": [("评选投票", reverse("honors:my_votes")), (s.title, None)],
                               "candidates": list(voting.candidates(s)), "voted": voting.has_voted(request.user, s),
                               "problem": voting.window_problem(s), "chosen": set()}
    if request.method != "POST":
        return render(request, "honors/vote.html", context)
    raw = request.POST.getlist("choice")
    try:
        voting.vote_by_login(user=request.user, selection=s, choices=raw)
    except ConflictError as exc:
        context.update(errors=[exc.message], voted=True)
        return render(request, "honors/vote.html", context, status=409)
    except ValidationError as exc:
        context.update(errors=exc.messages, chosen={x for x in raw})
        return render(request, "honors/vote.html", context, status=400)
    messages.success(request, "投票成功，感谢参与！选票已加密保存，计票时与您的账号分开统计。")
    return HttpResponseRedirect(reverse("honors:my_votes"), status=303)
