"""Pages of 岗位风险防控: the registers (posts, risk points, reviews, accountability notices) on the generic list view,
their detail and edit pages, the catalogue, the self-check of a post, a finding put into the ledger, and the two
watch lists (逾期未排查 by office, 到期应轮岗). Thin views: writes in services.py, reads in selectors.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, has_perm_anywhere, require_perm
from zugong.core.errors import ValidationError
from zugong.core.units import units_with
from zugong.core.views import (
    ImportView,
    ScopedListView,
    form_refused,
    posted_version,
    step_back,
    submit,
    template_response,
)
from zugong.risks import selectors, services
from zugong.risks.catalogue import CATALOGUE
from zugong.risks.filtersets import NoticeFilterSet, PostFilterSet, RiskPointFilterSet, RiskReviewFilterSet
from zugong.risks.forms import (
    CatalogueForm,
    EndHoldingForm,
    HoldingForm,
    LedgerForm,
    NoticeForm,
    PointForm,
    PostForm,
    ReviewEditForm,
    ReviewForm,
)
from zugong.risks.imports import RiskPointImport
from zugong.risks.models import (
    AccountabilityNotice,
    Level,
    Post,
    PostHolding,
    ReviewResult,
    RiskPoint,
    RiskReview,
)
from zugong.risks.tables import NoticeTable, PostTable, RiskPointTable, RiskReviewTable

VIEW_POST, VIEW_POINT, VIEW_REVIEW, VIEW_NOTICE = ("risks.view_post", "risks.view_riskpoint", "risks.view_riskreview",
                                                   "risks.view_accountabilitynotice")
POSTS = ("岗位", "risks:post_list")
POINTS = ("岗位风险点", "risks:point_list")
REVIEWS = ("岗位风险排查", "risks:review_list")
NOTICES = ("问责通报", "risks:notice_list")
MSG_DELETED = "已删除：{obj}"


def _crumbs(root: tuple[str, str], *items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(root[0], reverse(root[1])), *items]


def _may(user: Any, perm: str, path: str) -> None:
    """The object was read through visible_to (else 404); the action needs `perm` on its unit (else 403)."""
    if not can_at(user, perm, path):
        raise PermissionDenied("您没有此项操作的权限")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _form_page(request: HttpRequest, title: str, form: Any, crumbs: list[tuple[str, str | None]], status: int = 200) -> HttpResponse:
    return render(request, "core/form.html", {"title": title, "form": form, "breadcrumbs": crumbs}, status=status)


# --- posts ------------------------------------------------------------------------------------------------------

class PostListView(ScopedListView):
    model = Post
    filterset_class = PostFilterSet
    table_class = PostTable
    title = "岗位"
    export_filename = "岗位台账.xlsx"
    actions = [("新增岗位", "risks:post_add", services.CHANGE_POST),
               ("逾期未排查", "risks:overdue", VIEW_POST),
               ("到期应轮岗", "risks:rotation", VIEW_POST)]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "office")


def _post(request: HttpRequest, pk: int) -> Post:
    require_perm(request.user, VIEW_POST)
    return get_object_or_404(Post.objects.visible_to(request.user, "view").select_related("org_unit", "office"), pk=pk)


@login_required
def post_add(request: HttpRequest) -> HttpResponse:
    if not units_with(request.user, services.CHANGE_POST).exists():
        raise PermissionDenied("您没有登记岗位的权限")
    form = PostForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        post, status = submit(form, lambda _c: services.post_create(actor=request.user, data=form.data_for_service()))
        if post is not None:
            messages.success(request, f"已新增岗位“{post.name}”。下一步：从风险点目录添加风险点。")
            return HttpResponseRedirect(post.get_absolute_url(), status=303)
    return _form_page(request, "新增岗位", form, _crumbs(POSTS, ("新增", None)), status)


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    user = request.user
    path = post.org_unit.path
    today = timezone.localdate()
    holdings = list(post.holdings.select_related("cadre").order_by("until", "-since"))
    points = list(post.risk_points.all())
    high = any(p.level == Level.HIGH for p in points)
    cutoff = selectors.rotation_cutoff(today)
    for h in holdings:
        h.years = selectors.years_held(h.since, h.until or today)
        h.rotation_due = high and h.until is None and h.since <= cutoff
    can_change = can_at(user, services.CHANGE_POST, path)
    return _page(request, "risks/post_detail.html", {
        "title": str(post), "breadcrumbs": _crumbs(POSTS, (str(post), None)), "post": post, "holdings": holdings,
        "points": points, "reviews": post.reviews.all()[:20], "overdue": post.next_review_on < today,
        "can_change": can_change, "can_points": can_at(user, services.CHANGE_POINT, path),
        "can_review": can_at(user, services.REVIEW, path),
        "holding_form": HoldingForm(user=user, post=post, initial={"since": today}) if can_change else None,
        "rotation_years": selectors.rotation_years(), "today": today,
    })


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    _may(request.user, services.CHANGE_POST, post.org_unit.path)
    form = PostForm(request.POST or None, user=request.user, instance=post)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda _c: services.post_update(actor=request.user, post=post, data=form.data_for_service(),
                                                                     expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return _form_page(request, f"修改岗位：{post}", form, _crumbs(POSTS, (str(post), post.get_absolute_url()), ("修改", None)), status)


def _delete_page(request: HttpRequest, obj: Any, crumbs: list[tuple[str, str | None]], call: Any, success_url: str) -> HttpResponse:
    """GET: the confirmation; POST: delete through the service (a refusal is shown on the page, 400)."""
    context = {"title": f"删除：{obj}", "object": obj, "breadcrumbs": crumbs}
    if request.method == "POST":
        try:
            call()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return _page(request, "core/confirm_delete.html", context, status=400)
        messages.success(request, MSG_DELETED.format(obj=obj))
        return HttpResponseRedirect(success_url, status=303)
    return _page(request, "core/confirm_delete.html", context)


@login_required
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    _may(request.user, services.CHANGE_POST, post.org_unit.path)
    return _delete_page(request, post, _crumbs(POSTS, (str(post), post.get_absolute_url()), ("删除", None)),
                        lambda: services.post_delete(actor=request.user, post=post), reverse(POSTS[1]))


@login_required
@require_POST
def holder_add(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    _may(request.user, services.CHANGE_POST, post.org_unit.path)
    form = HoldingForm(request.POST, user=request.user, post=post)
    url = post.get_absolute_url() + "#holders"
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return step_back(request, url, lambda: services.holding_add(actor=request.user, post=post, cadre=c["cadre"], since=c["since"]),
                     f"已登记{c['cadre'].name}在岗")


@login_required
@require_POST
def holding_end(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, VIEW_POST)
    h = get_object_or_404(PostHolding.objects.visible_to(request.user, "view").select_related("post__org_unit", "cadre"), pk=pk)
    _may(request.user, services.CHANGE_POST, h.post.org_unit.path)
    form = EndHoldingForm(request.POST)
    url = reverse("risks:post_detail", args=[h.post_id]) + "#holders"
    if not form.is_valid():
        return form_refused(request, form, url)
    return step_back(request, url, lambda: services.holding_end(actor=request.user, holding=h, until=form.cleaned_data["until"]),
                     f"已登记{h.cadre.name}离岗")


# --- risk points --------------------------------------------------------------------------------------------------

class RiskPointListView(ScopedListView):
    model = RiskPoint
    filterset_class = RiskPointFilterSet
    table_class = RiskPointTable
    title = "岗位风险点"
    export_filename = "岗位风险点.xlsx"
    actions = [("风险点目录", "risks:catalogue", VIEW_POINT), ("导入风险点", "risks:point_import", services.IMPORT_POINT)]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("post__org_unit")


def _point(request: HttpRequest, pk: int) -> RiskPoint:
    require_perm(request.user, VIEW_POINT)
    return get_object_or_404(RiskPoint.objects.visible_to(request.user, "view").select_related("post__org_unit", "post__office"), pk=pk)


@login_required
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    results = (ReviewResult.objects.visible_to(request.user, "view").filter(risk_point=point)
               .select_related("review", "measure").order_by("-review__reviewed_on", "-id")[:20])
    notices = AccountabilityNotice.objects.visible_to(request.user, "view").filter(risk_point=point)[:20]
    return _page(request, "risks/point_detail.html", {
        "title": "岗位风险点", "breadcrumbs": _crumbs(POINTS, (str(point), None)), "point": point, "results": results, "notices": notices,
        "can_change": can_at(request.user, services.CHANGE_POINT, point.post.org_unit.path),
    })


@login_required
def point_add(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    _may(request.user, services.CHANGE_POINT, post.org_unit.path)
    form = PointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        point, status = submit(form, lambda c: services.point_create(actor=request.user, post=post, data=c))
        if point is not None:
            messages.success(request, "已添加风险点")
            return HttpResponseRedirect(post.get_absolute_url() + "#points", status=303)
    return _form_page(request, f"添加风险点：{post}", form, _crumbs(POSTS, (str(post), post.get_absolute_url()), ("添加风险点", None)), status)


@login_required
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    _may(request.user, services.CHANGE_POINT, point.post.org_unit.path)
    form = PointForm(request.POST or None, instance=point)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: services.point_update(actor=request.user, point=point, data=c,
                                                                     expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return _form_page(request, "修改风险点", form, _crumbs(POINTS, (str(point), point.get_absolute_url()), ("修改", None)), status)


@login_required
def point_delete(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    _may(request.user, services.CHANGE_POINT, point.post.org_unit.path)
    return _delete_page(request, point, _crumbs(POINTS, (str(point), point.get_absolute_url()), ("删除", None)),
                        lambda: services.point_delete(actor=request.user, point=point), point.post.get_absolute_url())


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The shipped catalogue, by category (read-only; a post's page adds entries from it)."""
    require_perm(request.user, VIEW_POINT)
    return _page(request, "risks/catalogue.html", {"title": "风险点目录", "breadcrumbs": _crumbs(POINTS, ("风险点目录", None)),
                                                   "entries": CATALOGUE, "pick": None})


@login_required
def point_catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick catalogue entries for a post; they become its risk points, to adapt afterwards."""
    post = _post(request, pk)
    _may(request.user, services.CHANGE_POINT, post.org_unit.path)
    form = CatalogueForm(request.POST or None)
    status = 200
    if request.method == "POST":
        made, status = submit(form, lambda c: services.points_from_catalogue(actor=request.user, post=post, codes=c["codes"],
                                                                             responsible=c["responsible"]))
        if made is not None:
            messages.success(request, f"已从目录添加 {len(made)} 个风险点，可逐条修改以符合本岗位实际")
            return HttpResponseRedirect(post.get_absolute_url() + "#points", status=303)
    have = set(post.risk_points.values_list("catalogue_code", flat=True))
    return _page(request, "risks/catalogue.html", {
        "title": f"从目录添加风险点：{post}", "breadcrumbs": _crumbs(POSTS, (str(post), post.get_absolute_url()), ("从目录添加", None)),
        "entries": CATALOGUE, "pick": post, "form": form, "have": have,
        "chosen": set(request.POST.getlist("codes")) if request.method == "POST" else set(),
    }, status=status)


class RiskPointImportView(ImportView):
    resource_class = RiskPointImport
    title = "导入岗位风险点"

    def crumbs(self) -> list[tuple[str, str | None]]:
        return _crumbs(POINTS, (self.title, None))


@login_required
def point_import_template(request: HttpRequest) -> FileResponse:
    return template_response(RiskPointImport, request.user)


# --- reviews ------------------------------------------------------------------------------------------------------

class RiskReviewListView(ScopedListView):
    model = RiskReview
    filterset_class = RiskReviewFilterSet
    table_class = RiskReviewTable
    title = "岗位风险排查"
    export_filename = "岗位风险排查.xlsx"
    actions = [("逾期未排查", "risks:overdue", VIEW_POST)]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("post__org_unit")


def _review(request: HttpRequest, pk: int) -> RiskReview:
    require_perm(request.user, VIEW_REVIEW)
    return get_object_or_404(RiskReview.objects.visible_to(request.user, "view").select_related("post__org_unit", "post__office"), pk=pk)


@login_required
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    _may(request.user, services.REVIEW, post.org_unit.path)
    points = list(post.risk_points.all())
    user = request.user
    form = ReviewForm(request.POST or None, points=points, initial={
        "reviewed_on": timezone.localdate(), "reviewer": getattr(user, "full_name", "") or user.get_username()})
    status = 200
    if request.method == "POST":
        review, status = submit(form, lambda c: services.review_record(
            actor=user, post=post, reviewed_on=c["reviewed_on"], reviewer=c["reviewer"], summary=c["summary"],
            results=form.result_inputs(), deadline=c.get("deadline")))
        if review is not None:
            post.refresh_from_db()
            ledger = review.results.filter(measure__isnull=False).count()
            messages.success(request, f"已登记排查，下次排查日期 {post.next_review_on:%Y-%m-%d}"
                             + (f"；{ledger} 个问题已列入整改台帐" if ledger else ""))
            return HttpResponseRedirect(review.get_absolute_url(), status=303)
    return _page(request, "risks/review_form.html", {
        "title": f"岗位风险排查：{post}", "breadcrumbs": _crumbs(POSTS, (str(post), post.get_absolute_url()), ("排查", None)),
        "post": post, "form": form, "can_ledger": services.can_ledger(user, post)}, status=status)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    user = request.user
    path = review.post.org_unit.path
    results = list(review.results.select_related("risk_point", "measure", "problem"))
    can_review = can_at(user, services.REVIEW, path)
    return _page(request, "risks/review_detail.html", {
        "title": str(review), "breadcrumbs": _crumbs(REVIEWS, (str(review), None)), "review": review, "results": results,
        "can_review": can_review, "can_ledger": can_review and services.can_ledger(user, review.post),
        "ledger_form": LedgerForm(initial={"deadline": timezone.localdate() + timedelta(days=30)}),
        "can_measures": has_perm_anywhere(user, "opinions.view_measure"),
    })


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _may(request.user, services.REVIEW, review.post.org_unit.path)
    form = ReviewEditForm(request.POST or None, initial={"reviewer": review.reviewer, "summary": review.summary, "version": review.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: services.review_update(actor=request.user, review=review, reviewer=c["reviewer"],
                                                                      summary=c["summary"], expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return _form_page(request, f"修改排查记录：{review}", form, _crumbs(REVIEWS, (str(review), review.get_absolute_url()), ("修改", None)),
                      status)


@login_required
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    _may(request.user, services.REVIEW, review.post.org_unit.path)
    return _delete_page(request, review, _crumbs(REVIEWS, (str(review), review.get_absolute_url()), ("删除", None)),
                        lambda: services.review_delete(actor=request.user, review=review), review.post.get_absolute_url())


@login_required
@require_POST
def finding_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """列入整改台帐: a finding becomes a problem and a measure of the post's unit."""
    require_perm(request.user, VIEW_REVIEW)
    result = get_object_or_404(ReviewResult.objects.visible_to(request.user, "view").select_related("review__post__org_unit", "risk_point"),
                               pk=pk)
    _may(request.user, services.REVIEW, result.review.post.org_unit.path)
    form = LedgerForm(request.POST)
    url = result.review.get_absolute_url()
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return step_back(request, url, lambda: services.result_to_ledger(actor=request.user, result=result, deadline=c["deadline"],
                                                                     responsible=c["responsible"]), "已列入整改台帐")


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期未排查: posts past their next review date, grouped by unit and office."""
    require_perm(request.user, VIEW_POST)
    today = timezone.localdate()
    qs = selectors.overdue_posts(request.user, today)
    unit_id = request.GET.get("org", "")
    units = list(units_with(request.user, VIEW_POST)[:500])
    chosen = next((u for u in units if str(u.pk) == unit_id), None)
    if chosen is not None:
        qs = qs.filter(org_unit__path__startswith=chosen.path)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    groups: list[dict[str, Any]] = []
    for p in page:
        p.days = (today - p.next_review_on).days
        key = (p.org_unit_id, p.office_id)
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "unit": p.org_unit, "office": p.office, "posts": []})
        groups[-1]["posts"].append(p)
    return _page(request, "risks/overdue.html", {
        "title": "逾期未排查岗位", "breadcrumbs": _crumbs(POSTS, ("逾期未排查", None)), "groups": groups, "page_obj": page,
        "units": units, "chosen": chosen, "today": today, "query": f"org={chosen.pk}&" if chosen else "",
    })


@login_required
def rotation(request: HttpRequest) -> HttpResponse:
    """到期应轮岗: cadres on a post with a 高 risk point for more than the tenure."""
    require_perm(request.user, VIEW_POST)
    require_perm(request.user, "risks.view_postholding")
    today = timezone.localdate()
    page = Paginator(selectors.rotation_due(request.user), 100).get_page(request.GET.get("page"))
    for h in page:
        h.years = selectors.years_held(h.since, today)
    return _page(request, "risks/rotation.html", {
        "title": "到期应轮岗干部", "breadcrumbs": _crumbs(POSTS, ("到期应轮岗", None)), "page_obj": page,
        "years": selectors.rotation_years(), "cutoff": selectors.rotation_cutoff(today),
        "can_cadres": has_perm_anywhere(request.user, "people.view_cadre"),
    })


# --- accountability notices ---------------------------------------------------------------------------------------

class NoticeListView(ScopedListView):
    model = AccountabilityNotice
    filterset_class = NoticeFilterSet
    table_class = NoticeTable
    title = "问责通报"
    export_filename = "问责通报.xlsx"
    actions = [("登记问责通报", "risks:notice_add", services.CHANGE_NOTICE)]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit")


def _notice(request: HttpRequest, pk: int) -> AccountabilityNotice:
    require_perm(request.user, VIEW_NOTICE)
    return get_object_or_404(AccountabilityNotice.objects.visible_to(request.user, "view")
                             .select_related("org_unit", "cadre", "risk_point__post"), pk=pk)


@login_required
def notice_add(request: HttpRequest) -> HttpResponse:
    if not units_with(request.user, services.CHANGE_NOTICE).exists():
        raise PermissionDenied("您没有登记问责通报的权限")
    form = NoticeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        notice, status = submit(form, lambda _c: services.notice_create(actor=request.user, data=form.data_for_service()))
        if notice is not None:
            messages.success(request, "已登记问责通报")
            return HttpResponseRedirect(notice.get_absolute_url(), status=303)
    return _form_page(request, "登记问责通报", form, _crumbs(NOTICES, ("登记", None)), status)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    user = request.user
    return _page(request, "risks/notice_detail.html", {
        "title": str(notice), "breadcrumbs": _crumbs(NOTICES, (str(notice), None)), "notice": notice,
        "can_change": can_at(user, services.CHANGE_NOTICE, notice.org_unit.path),
        "can_cadre": notice.cadre is not None and can_at(user, "people.view_cadre", notice.cadre.org_unit.path),
        "can_point": notice.risk_point is not None and can_at(user, VIEW_POINT, notice.risk_point.post.org_unit.path),
    })


@login_required
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    _may(request.user, services.CHANGE_NOTICE, notice.org_unit.path)
    form = NoticeForm(request.POST or None, user=request.user, instance=notice)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda _c: services.notice_update(actor=request.user, notice=notice, data=form.data_for_service(),
                                                                       expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return _form_page(request, "修改问责通报", form, _crumbs(NOTICES, (str(notice), notice.get_absolute_url()), ("修改", None)), status)


@login_required
def notice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    _may(request.user, services.CHANGE_NOTICE, notice.org_unit.path)
    return _delete_page(request, notice, _crumbs(NOTICES, (str(notice), notice.get_absolute_url()), ("删除", None)),
                        lambda: services.notice_delete(actor=request.user, notice=notice), reverse(NOTICES[1]))

