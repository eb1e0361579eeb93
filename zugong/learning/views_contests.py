"""Pages of essay contests (征文). Organizers: list, set up, open, review, award, publish. Units: read
the notice, submit their cadres' entries, list their subtree's entries. Judges: a blind page of numbers
and titles, the file under a neutral name, their score (404 for anyone not on the panel). Cadres: 我的征文
and their own submission; the published results. Thin views: services and reads in contests.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zugong.accounts.access import has_perm_anywhere, require_perm, scope_paths
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.models import StoredFile
from zugong.core.scope import paths_q
from zugong.core.units import require_unit
from zugong.core.views import error_text, posted_version, submit
from zugong.learning import contests as cs
from zugong.learning.forms_contests import ContestForm, EntryForm, ReviewForm
from zugong.learning.models import Contest, ContestEntry, EntryReview
from zugong.learning.study import units_with
from zugong.people.selectors import ON_ROLL, cadre_of

Crumbs = list[tuple[str, str | None]]


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [("征文活动", reverse("learning:contest_list")), *rest]


def _error(request: HttpRequest, exc: ValidationError | ConflictError) -> int:
    messages.error(request, error_text(exc))
    return 409 if isinstance(exc, ConflictError) else 400


def _contest(request: HttpRequest, pk: int) -> Contest:
    require_perm(request.user, cs.VIEW)
    return get_object_or_404(cs.contests(request.user), pk=pk)


def _organized(request: HttpRequest, pk: int) -> Contest:
    """A contest the user organizes: 404 outside their view, 403 when they only read it."""
    c = _contest(request, pk)
    if not cs.is_organizer(request.user, c):
        raise PermissionDenied("只有主办单位可以进行此项操作")
    return c


def _masked(request: HttpRequest, c: Contest) -> bool:
    """A judge who also reads the unit pages does not see authors before the results are out."""
    return c.status != Contest.Status.PUBLISHED and cs.is_judge(request.user, c)


# ---------------------------------------------------------------- contests


@login_required
def contest_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, cs.VIEW)
    qs = cs.contests(request.user).annotate(
        n=Count("entries", filter=paths_q("entries__org_unit__path", scope_paths(request.user, cs.VIEW_ENTRY))))
    status = request.GET.get("status", "")
    if status in Contest.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs.order_by("-opens_on", "-id"), 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/contest_list.html", {
        "title": "征文活动", "breadcrumbs": [("征文活动", None)], "page_obj": page, "status": status,
        "statuses": Contest.Status.choices, "query_string": params.urlencode(), "can_add": units_with(request.user, cs.ADD).exists(),
    })


def _form_data(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in ("title", "theme", "description", "opens_on", "closes_on", "tiers")}


@login_required
def contest_add(request: HttpRequest) -> HttpResponse:
    units = units_with(request.user, cs.ADD)
    if not units.exists():
        raise PermissionDenied("您没有组织征文活动的权限")
    current = require_unit(request)
    default = units.filter(pk=current.pk).first() or units.first()
    form = ContestForm(request.POST or None, units=units, judges=cs.judge_candidates(scope_paths(request.user, cs.ADD)),
                       initial={"org_unit": default})
    status = 200
    if request.method == "POST":
        c, status = submit(form, lambda d: cs.contest_create(actor=request.user, org_unit=d["org_unit"], data=_form_data(d),
                                                             judges=list(d["judges"])))
        if c is not None:
            messages.success(request, "已创建征文活动（草稿）。检查通知和奖项设置后点“开始征集”")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "组织征文活动", "breadcrumbs": _crumbs(("组织征文活动", None)), "form": form},
                  status=status)


@login_required
def contest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _organized(request, pk)
    if c.status not in cs.EDITABLE:
        messages.error(request, cs.MSG_NOT_EDITABLE)
        return HttpResponseRedirect(c.get_absolute_url(), status=303 if request.method == "POST" else 302)
    initial: dict[str, Any] = {f: getattr(c, f) for f in ("title", "theme", "description", "opens_on", "closes_on", "version")}
    initial.update({f"tier_{t}": (c.tiers or {}).get(t, 0) for t in cs.TIERS})
    initial["judges"] = list(c.judges.values_list("pk", flat=True))
    form = ContestForm(request.POST or None, judges=cs.judge_candidates([c.org_unit.path]), initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: cs.contest_update(actor=request.user, contest=c, data=_form_data(d),
                                                                 judges=list(d["judges"]), expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": f"修改征文活动：{c.title}", "breadcrumbs": _crumbs((c.title, c.get_absolute_url()), ("修改", None)), "form": form},
        status=status)


def _detail_page(request: HttpRequest, c: Contest, status: int = 200) -> HttpResponse:
    organizer = cs.is_organizer(request.user, c)
    cadre = cs.self_eligible(request.user, c)
    return render(request, "learning/contest_detail.html", {
        "title": c.title, "breadcrumbs": _crumbs((c.title, None)), "c": c, "organizer": organizer,
        "tiers": [(cs.TIER_LABELS[t], (c.tiers or {}).get(t, 0)) for t in cs.TIERS],
        "entry_count": cs.entries(request.user, c).count(),
        "progress": cs.judge_progress(c) if organizer else [],
        "open": cs.in_window(c), "can_submit": cs.may_submit_for_others(request.user, c),
        "can_self": cadre is not None, "is_judge": cs.is_judge(request.user, c),
    }, status=status)


@login_required
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _contest(request, pk))


STATUS_DONE = {Contest.Status.OPEN: "已开始征集，主办单位及下级单位可以报送作品",
               Contest.Status.REVIEWING: "已结束征集、开始评审，评委可在“征文评审”中评分"}


@login_required
@require_POST
def contest_status(request: HttpRequest, pk: int) -> HttpResponse:
    c = _organized(request, pk)
    try:
        c = cs.contest_set_status(actor=request.user, contest=c, status=request.POST.get("status") or "",
                                  expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        return _detail_page(request, c, _error(request, exc))
    messages.success(request, STATUS_DONE.get(Contest.Status(c.status), "已保存"))
    return HttpResponseRedirect(c.get_absolute_url(), status=303)


def _award_messages(result: cs.AwardResult) -> list[str]:
    counts = "，".join(f"{cs.TIER_LABELS[t]} {n} 篇" for t, n in result.counts.items() if n) or "没有作品获奖"
    out = [f"已按平均分评定奖项：{counts}" + (f"；{result.unscored} 篇作品无人评分，不参与评奖" if result.unscored else "")]
    for tie in result.ties:
        out.append(f"第 {tie.rank} 名有 {len(tie.codes)} 篇平均分并列（作品 {'、'.join(tie.codes)}），均评为{cs.TIER_LABELS[tie.tier]}，"
                   f"比名额多 {tie.over} 篇")
    return out


@login_required
@require_POST
def contest_award(request: HttpRequest, pk: int) -> HttpResponse:
    """按平均分评定奖项."""
    c = _organized(request, pk)
    try:
        result = cs.contest_award(actor=request.user, contest=c)
    except ValidationError as exc:
        return _detail_page(request, c, _error(request, exc))
    lines = _award_messages(result)
    messages.success(request, lines[0])
    for line in lines[1:]:
        messages.warning(request, line)
    return HttpResponseRedirect(reverse("learning:entry_list", args=[c.pk]), status=303)


@login_required
@require_POST
def contest_publish(request: HttpRequest, pk: int) -> HttpResponse:
    c = _organized(request, pk)
    try:
        c = cs.contest_publish(actor=request.user, contest=c, expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        return _detail_page(request, c, _error(request, exc))
    messages.success(request, "已公布结果，获奖作者的积分已计入积分卡")
    return HttpResponseRedirect(reverse("learning:contest_results", args=[c.pk]), status=303)


@login_required
def contest_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The published list by tier, with authors and units: for whoever reads the contest, and the authors."""
    viewer = has_perm_anywhere(request.user, cs.VIEW)
    c = cs.contests(request.user).filter(pk=pk).first() if viewer else None
    if c is None:
        c = Contest.objects.filter(pk=pk).exclude(status=Contest.Status.DRAFT).select_related("org_unit").first()
        if c is None or not cs.is_author(request.user, c):
            if not viewer:
                raise PermissionDenied("您没有此项操作的权限")
            raise Http404("征文活动不存在或不在您的授权范围内")
    published = c.status == Contest.Status.PUBLISHED
    crumbs = _crumbs((c.title, c.get_absolute_url()), ("获奖名单", None)) if viewer else [
        ("我的征文", reverse("learning:mycontests")), (f"{c.title} · 获奖名单", None)]
    return render(request, "learning/contest_results.html", {
        "title": f"{c.title} · 获奖名单", "breadcrumbs": crumbs, "c": c, "published": published,
        "tiers": cs.awarded(c) if published else [],
    })


# ---------------------------------------------------------------- entries (unit side)


@login_required
def entry_list(request: HttpRequest, pk: int) -> HttpResponse:
    c = _contest(request, pk)
    organizer = cs.is_organizer(request.user, c)
    masked = _masked(request, c)
    if masked and not organizer:
        # a judge's unit scope would still say which numbers came from their own unit: the blind page only
        return HttpResponseRedirect(reverse("learning:judge_contest", args=[c.pk]))
    qs = cs.entries(request.user, c).select_related("cadre", "org_unit").order_by("code")
    if organizer:
        qs = qs.prefetch_related(Prefetch("reviews", queryset=EntryReview.objects.select_related("judge").order_by("judge__full_name")))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if organizer:
        for e in rows:
            e.live = cs.average([r.score for r in e.reviews.all()])  # type: ignore[attr-defined]
    return render(request, "learning/contest_entries.html", {
        "title": f"参赛作品：{c.title}", "breadcrumbs": _crumbs((c.title, c.get_absolute_url()), ("参赛作品", None)), "c": c,
        "page_obj": page, "rows": rows, "organizer": organizer, "masked": masked,
        "show_award": organizer or c.status == Contest.Status.PUBLISHED,
        "can_adjust": organizer and c.status == Contest.Status.REVIEWING, "awards": [("", "不获奖"), *cs.TIER_LABELS.items()],
    })


def _entry(request: HttpRequest, c: Contest, entry_id: int) -> ContestEntry:
    return get_object_or_404(cs.entries(request.user, c).select_related("cadre", "org_unit", "file", "submitted_by"), pk=entry_id)


@login_required
def entry_detail(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    c = _contest(request, pk)
    if _masked(request, c) and not cs.is_organizer(request.user, c):
        return HttpResponseRedirect(reverse("learning:judge_contest", args=[c.pk]))
    e = _entry(request, c, entry_id)
    organizer = cs.is_organizer(request.user, c)
    reviews = list(EntryReview.objects.filter(entry=e).select_related("judge").order_by("judge__full_name")) if organizer else []
    return render(request, "learning/contest_entry.html", {
        "title": f"作品 {e.code}", "breadcrumbs": _crumbs((c.title, c.get_absolute_url()),
                                                         ("参赛作品", reverse("learning:entry_list", args=[c.pk])), (e.code, None)),
        "c": c, "e": e, "organizer": organizer, "reviews": reviews, "masked": _masked(request, c),
        "show_award": organizer or c.status == Contest.Status.PUBLISHED,
    })


def _neutral(response: FileResponse, code: str, kind: str) -> FileResponse:
    """The file under "作品<number>.<kind>": the uploaded name may carry the author's name."""
    response["Content-Disposition"] = content_disposition_header(True, f"作品{code}.{kind}")
    return response


@login_required
def entry_file(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    c = _contest(request, pk)
    masked = _masked(request, c)
    if masked and not cs.is_organizer(request.user, c):
        return HttpResponseRedirect(reverse("learning:judge_contest", args=[c.pk]))  # judges download from the blind page
    e = _entry(request, c, entry_id)
    response = files.download(e.file)
    return _neutral(response, e.code, e.file.kind) if masked else response


@login_required
@require_POST
def entry_award(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The organizer adjusts one entry's award by hand."""
    c = _organized(request, pk)
    e = _entry(request, c, entry_id)
    try:
        cs.entry_set_award(actor=request.user, contest=c, entry=e, award_value=request.POST.get("award") or "")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("learning:entry_list", args=[c.pk]), status=303)
    messages.success(request, f"作品 {e.code} 已设为{cs.TIER_LABELS.get(e.award, '不获奖')}")
    return HttpResponseRedirect(reverse("learning:entry_list", args=[c.pk]) + f"#entry-{e.pk}", status=303)


def _submit_page(request: HttpRequest, *, form: EntryForm, c: Contest, crumbs: Crumbs, status: int) -> HttpResponse:
    return render(request, "learning/contest_submit.html", {"title": f"报送作品：{c.title}", "breadcrumbs": crumbs, "form": form, "c": c},
                  status=status)


@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Unit staff submit an entry for a cadre of their subtree."""
    c = _contest(request, pk)
    if not cs.may_submit_for_others(request.user, c):
        raise PermissionDenied("您没有报送征文作品的权限")
    if not cs.in_window(c):
        messages.error(request, cs.closed_message(c))
        return HttpResponseRedirect(c.get_absolute_url(), status=303 if request.method == "POST" else 302)
    form = EntryForm(request.POST or None, request.FILES or None, cadres=cs.authors_for(request.user, c))
    status = 200
    if request.method == "POST":
        e, status = submit(form, lambda d: cs.entry_submit(actor=request.user, contest=c, cadre=d["cadre"], title=d["title"],
                                                           upload=d["file"]))
        if e is not None:
            messages.success(request, f"已报送《{e.title}》，作品编号 {e.code}")
            return HttpResponseRedirect(reverse("learning:entry_list", args=[c.pk]), status=303)
    return _submit_page(request, form=form, c=c, status=status,
                        crumbs=_crumbs((c.title, c.get_absolute_url()), ("报送作品", None)))


# ---------------------------------------------------------------- judges


def _judging(request: HttpRequest, pk: int) -> Contest:
    """A contest on the user's panel; 404 for anyone else (the panel is not a scope)."""
    return get_object_or_404(cs.judged_by(request.user), pk=pk)


@login_required
def judge_list(request: HttpRequest) -> HttpResponse:
    """征文评审: the contests the signed-in user judges, with how far they are."""
    user = request.user
    rows = list(cs.judged_by(user).annotate(n=Count("entries", distinct=True),
                                            mine=Count("entries__reviews", filter=Q(entries__reviews__judge_id=user.pk), distinct=True)))
    return render(request, "learning/contest_judging.html", {"title": "征文评审", "breadcrumbs": [("征文评审", None)], "rows": rows})


@login_required
def judge_contest(request: HttpRequest, pk: int) -> HttpResponse:
    """The blind list: numbers and titles only, while the contest is under review."""
    c = _judging(request, pk)
    reviewing = c.status == Contest.Status.REVIEWING
    rows = cs.judge_entries(request.user, c) if reviewing else []
    return render(request, "learning/contest_judge.html", {
        "title": f"评审：{c.title}", "breadcrumbs": [("征文评审", reverse("learning:judge_list")), (c.title, None)], "c": c,
        "reviewing": reviewing, "rows": rows, "scored": sum(1 for r in rows if r["score"] is not None),
    })


def _judged_entry(request: HttpRequest, c: Contest, entry_id: int) -> dict[str, Any]:
    if c.status != Contest.Status.REVIEWING:
        raise Http404("征文不在评审阶段")
    row = cs.judge_entry(request.user, c, entry_id)
    if row is None:
        raise Http404("作品不存在")
    return row


@login_required
def judge_entry(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    c = _judging(request, pk)
    row = _judged_entry(request, c, entry_id)
    form = ReviewForm(request.POST or None, initial={"score": row["score"], "comment": row["comment"]})
    status = 200
    if request.method == "POST":
        review, status = submit(form, lambda d: cs.review_save(actor=request.user, contest=c, entry_id=row["pk"], score=d["score"],
                                                               comment=d.get("comment") or ""))
        if review is not None:
            messages.success(request, f"已保存作品 {row['code']} 的评分：{review.score}")
            return HttpResponseRedirect(reverse("learning:judge_contest", args=[c.pk]) + f"#entry-{row['pk']}", status=303)
    return render(request, "learning/contest_judge_entry.html", {
        "title": f"作品 {row['code']}", "c": c, "row": row, "form": form,
        "breadcrumbs": [("征文评审", reverse("learning:judge_list")), (c.title, reverse("learning:judge_contest", args=[c.pk])),
                        (row["code"], None)],
    }, status=status)


@login_required
def judge_file(request: HttpRequest, pk: int, entry_id: int) -> FileResponse:
    c = _judging(request, pk)
    row = _judged_entry(request, c, entry_id)
    stored = get_object_or_404(StoredFile.objects.all(), pk=row["file_id"])  # the entry's own file, reached through the panel
    return _neutral(files.download(stored), row["code"], stored.kind)


# ---------------------------------------------------------------- the signed-in cadre


@login_required
def mycontests(request: HttpRequest) -> HttpResponse:
    """我的征文: contests the cadre may enter now and their entries (awards once published)."""
    cadre = cadre_of(request.user)
    context: dict[str, Any] = {"title": "我的征文", "breadcrumbs": [("我的征文", None)], "cadre": cadre}
    if cadre is not None:
        context.update({"open": cs.open_for(cadre) if cadre.status in ON_ROLL else [], "entries": cs.entries_of(cadre)})
    return render(request, "learning/contest_mine.html", context)


@login_required
def mycontest_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """A cadre submits their own entry (404 when the contest is not offered to them)."""
    c = Contest.objects.filter(pk=pk).select_related("org_unit").first()
    cadre = cs.self_eligible(request.user, c) if c is not None else None
    if c is None or cadre is None:
        raise Http404("该征文活动不存在或未向您征集")
    if not cs.in_window(c):
        messages.error(request, cs.closed_message(c))
        return HttpResponseRedirect(reverse("learning:mycontests"), status=303 if request.method == "POST" else 302)
    form = EntryForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        e, status = submit(form, lambda d: cs.entry_submit(actor=request.user, contest=c, cadre=cadre, title=d["title"],
                                                           upload=d["file"]))
        if e is not None:
            messages.success(request, f"已提交《{e.title}》，作品编号 {e.code}")
            return HttpResponseRedirect(reverse("learning:mycontests"), status=303)
    return _submit_page(request, form=form, c=c, status=status,
                        crumbs=[("我的征文", reverse("learning:mycontests")), (f"投稿：{c.title}", None)])
