"""Pages of writings (读书笔记、党性分析材料、心得体会). The cadre's own pages (my/writings/…) read through the
account's roster entry only: another person's writing answers 404 there, whatever grants the account holds.
Staff pages read through the writing scope, review with learning.review_writing at the writing's unit, and
show the per-unit hand-in overview of a half-year's 党性分析材料. Services and reads in writings.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.core import files
from zugong.core.views import submit
from zugong.learning import writings
from zugong.learning.forms_writings import ReviewForm, WritingForm, version_of
from zugong.learning.models import Writing
from zugong.learning.views_study import _scoped_unit, _unit_choices
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL, cadre_of
from zugong.points.models import PointRule

MY_TITLE = "我的学习心得"
STAFF_TITLE = "学习心得和党性分析"
OVERVIEW_PERIODS = 6  # half-years offered in the overview's period list

Crumbs = list[tuple[str, str | None]]


def _my_crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(MY_TITLE, reverse("learning:mywritings")), *rest]


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(STAFF_TITLE, reverse("learning:writing_list")), *rest]


def _label(w: Writing) -> str:
    return f"{w.get_kind_display()}（{writings.period_label(w.period)}）"


# ---------------------------------------------------------------- the cadre's own pages


def _unlinked(request: HttpRequest) -> HttpResponse:
    """An account without a roster entry (staff, 三员, a new account): what to do, not an error."""
    return render(request, "learning/writing_unlinked.html", {"title": MY_TITLE, "breadcrumbs": [(MY_TITLE, None)]})


def _my_writing(request: HttpRequest, pk: int) -> Writing:
    """One of the signed-in cadre's own writings; anybody else's (or no roster entry) is 404."""
    return get_object_or_404(writings.mine(cadre_of(request.user)).select_related("cadre", "org_unit"), pk=pk)


@login_required
def mywritings(request: HttpRequest) -> HttpResponse:
    cadre = cadre_of(request.user)
    if cadre is None:
        return _unlinked(request)
    own = writings.mine(cadre)
    now = {k: writings.current_period(k) for k in Writing.Kind.values}
    handed = {(w.kind, w.period): w for w in own.filter(period__in=set(now.values()))}
    current = [{"kind": k, "label": label, "period": now[k], "period_label": writings.period_label(now[k]),
                "writing": handed.get((k, now[k]))} for k, label in Writing.Kind.choices]
    page = Paginator(own.order_by("-submitted_on", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "learning/writing_mine.html", {
        "title": MY_TITLE, "breadcrumbs": [(MY_TITLE, None)], "cadre": cadre, "current": current, "page_obj": page,
        "on_roll": cadre.status in ON_ROLL, "query_string": "",
        "rule": PointRule.objects.filter(code=writings.POINTS, is_active=True).first(),
    })


def _form_page(request: HttpRequest, form: WritingForm, *, cadre: Cadre, writing: Writing | None, status: int = 200) -> HttpResponse:
    if writing is None:
        title, crumbs = "提交学习心得", _my_crumbs(("提交", None))
    else:
        title = f"修改{writing.get_kind_display()}"
        crumbs = _my_crumbs((_label(writing), reverse("learning:mywriting_detail", args=[writing.pk])), ("修改", None))
    return render(request, "learning/writing_form.html", {
        "title": title, "breadcrumbs": crumbs, "form": form, "cadre": cadre, "w": writing,
        "period_label": writings.period_label(writing.period) if writing else "",
    }, status=status)


@login_required
def mywriting_add(request: HttpRequest) -> HttpResponse:
    cadre = cadre_of(request.user)
    if cadre is None:
        return _unlinked(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Writing.Kind.values else Writing.Kind.READING
    form = WritingForm(request.POST or None, request.FILES or None,
                       initial={"kind": kind, "period": writings.current_period(kind)})
    status = 200
    if request.method == "POST":
        w, status = submit(form, lambda d: writings.writing_submit(actor=request.user, cadre=cadre, data=d, upload=d.get("file")))
        if w is not None:
            messages.success(request, f"已提交{_label(w)}，请等待审阅")
            return HttpResponseRedirect(reverse("learning:mywriting_detail", args=[w.pk]), status=303)
    return _form_page(request, form, cadre=cadre, writing=None, status=status)


@login_required
def mywriting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    w = _my_writing(request, pk)
    return render(request, "learning/writing_detail.html", {
        "title": _label(w), "breadcrumbs": _my_crumbs((_label(w), None)), "w": w, "staff": False,
        "period_label": writings.period_label(w.period), "editable": w.status != Writing.Status.REVIEWED,
        "file_url": reverse("learning:mywriting_file", args=[w.pk]) if w.file_id else "",
    })


@login_required
def mywriting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    w = _my_writing(request, pk)
    detail = reverse("learning:mywriting_detail", args=[w.pk])
    if w.status == Writing.Status.REVIEWED:
        messages.error(request, writings.MSG_NOT_EDITABLE)
        return HttpResponseRedirect(detail, status=303)
    was_returned = w.status == Writing.Status.RETURNED
    form = WritingForm(request.POST or None, request.FILES or None, editing=w,
                       initial={"title": w.title, "book": w.book, "content": w.content, "version": w.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: writings.writing_update(
            actor=request.user, writing=w, data=d, expected_version=version_of(d), upload=d.get("file"),
            remove_file=bool(d.get("remove_file"))))
        if saved is not None:
            messages.success(request, "已重新提交，请等待审阅" if was_returned else "已保存")
            return HttpResponseRedirect(detail, status=303)
    return _form_page(request, form, cadre=w.cadre, writing=w, status=status)


@login_required
def mywriting_file(request: HttpRequest, pk: int) -> FileResponse:
    w = _my_writing(request, pk)
    if w.file is None:
        raise Http404("该材料没有附件")
    return files.download(w.file)


# ---------------------------------------------------------------- staff


def _writing(request: HttpRequest, pk: int) -> Writing:
    require_perm(request.user, writings.VIEW)
    return get_object_or_404(writings.writings(request.user), pk=pk)


@login_required
def writing_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, writings.VIEW)
    unit = _scoped_unit(request, writings.VIEW)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    kind = kind if kind in Writing.Kind.values else ""
    status = status if status in Writing.Status.values else ""
    period, q = request.GET.get("period", "").strip()[:10], request.GET.get("q", "").strip()[:50]
    code = 200
    error = ""
    qs = writings.writings(request.user)
    if period and not writings.valid_filter_period(period):
        error, code, qs = "期间格式不对：月份如 2026-11，半年如 2026-H1", 400, qs.none()
    qs = writings.search(qs, unit=unit, kind=kind, period=period if not error else "", status=status, q=q)
    page = Paginator(qs.order_by("-submitted_on", "-id"), 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "learning/writing_list.html", {
        "title": STAFF_TITLE, "breadcrumbs": [(STAFF_TITLE, None)], "unit": unit, "units": _unit_choices(request, unit),
        "page_obj": page, "kinds": Writing.Kind.choices, "statuses": Writing.Status.choices, "kind": kind, "status": status,
        "period": period, "q": q, "error": error, "query_string": params.urlencode(),
    }, status=code)


def _detail_page(request: HttpRequest, w: Writing, form: ReviewForm | None = None, status: int = 200) -> HttpResponse:
    reviewable = writings.can_review(request.user, w)
    if reviewable and form is None:
        form = ReviewForm(auto_id="review_%s", initial={"version": w.version})
    # a review refused after the writing left 已提交 (reviewed by someone else meanwhile): the reasons, without the form
    errors = [e for errs in form.errors.values() for e in errs] if form is not None and not reviewable else []
    return render(request, "learning/writing_detail.html", {
        "title": f"{w.cadre.name}：{_label(w)}", "review_errors": errors, "breadcrumbs": _crumbs((f"{w.cadre.name}：{_label(w)}", None)), "w": w,
        "staff": True, "period_label": writings.period_label(w.period), "form": form if reviewable else None,
        "own": w.cadre.user_id is not None and w.cadre.user_id == request.user.pk,
        "may_review": can_at(request.user, writings.REVIEW, w.org_unit.path),
        "file_url": reverse("learning:writing_file", args=[w.pk]) if w.file_id else "",
    }, status=status)


@login_required
def writing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _writing(request, pk))


@login_required
@require_POST
def writing_review(request: HttpRequest, pk: int) -> HttpResponse:
    w = _writing(request, pk)
    if not can_at(request.user, writings.REVIEW, w.org_unit.path):
        raise PermissionDenied("您没有审阅该材料的权限")
    form = ReviewForm(request.POST, auto_id="review_%s")
    saved, status = submit(form, lambda d: writings.writing_review(
        actor=request.user, writing=w, decision=d["decision"], comment=d.get("comment") or "", expected_version=version_of(d)))
    if saved is None:
        return _detail_page(request, _writing(request, pk), form=form, status=status)
    if saved.status == Writing.Status.REVIEWED:
        messages.success(request, f"已阅：{saved.cadre.name}的{_label(saved)}")
    else:
        messages.success(request, f"已退回修改：{saved.cadre.name}的{_label(saved)}")
    return HttpResponseRedirect(reverse("learning:writing_detail", args=[saved.pk]), status=303)


@login_required
def writing_file(request: HttpRequest, pk: int) -> FileResponse:
    w = _writing(request, pk)
    if w.file is None:
        raise Http404("该材料没有附件")
    return files.download(w.file)


@login_required
def writing_overview(request: HttpRequest) -> HttpResponse:
    """党性分析材料 of a half-year per child unit: cadres on the roll, handed in, reviewed, the rate."""
    require_perm(request.user, writings.VIEW)
    unit = _scoped_unit(request, writings.VIEW)
    kind = Writing.Kind.PARTY_SPIRIT
    offered = writings.previous_periods(kind, OVERVIEW_PERIODS)
    period = request.GET.get("period", "").strip()[:10] or offered[0]
    error = "期间应为已开始的半年，如 2026-H1（上半年）或 2026-H2（下半年）" if writings.period_error(kind, period) else ""
    context: dict[str, Any] = {
        "title": f"党性分析材料提交情况：{unit.name}", "breadcrumbs": _crumbs(("提交情况", None)), "unit": unit,
        "units": _unit_choices(request, unit), "period": period, "error": error,
        "periods": [(p, writings.period_label(p)) for p in offered], "kind": kind,
    }
    if error:
        return render(request, "learning/writing_overview.html", context, status=400)
    if period not in offered:
        context["periods"].append((period, writings.period_label(period)))
    rows, total = writings.overview(request.user, unit, period, kind)
    context.update({"rows": rows, "total": total, "period_label": writings.period_label(period)})
    return render(request, "learning/writing_overview.html", context)
