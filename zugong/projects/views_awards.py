"""组织工作创新范例奖 pages: rounds, one round (nominate projects of the unit's subtree, review with score and comment,
award levels), and the list of awarded projects."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.core.units import current_unit, units_with
from zugong.core.views import form_refused, posted_version, step_back, submit
from zugong.projects import selectors, services
from zugong.projects.forms import LEVEL_CHOICES, NominateForm, ReviewForm, RoundForm
from zugong.projects.models import AwardEntry, AwardLevel, AwardRound

LIST = ("创新范例奖", "projects:awards")


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(LIST[0], reverse(LIST[1])), *items]


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "projects.view_awardround")
    return render(request, "projects/awards.html", {
        "title": "组织工作创新范例奖", "breadcrumbs": [(LIST[0], None)], "rows": selectors.rounds(request.user),
        "can_add": units_with(request.user, services.ORGANIZE_AWARD).exists()})


@login_required
def round_add(request: HttpRequest) -> HttpResponse:
    units = units_with(request.user, services.ORGANIZE_AWARD)
    if not units.exists():
        raise PermissionDenied("您没有组织评选的权限")
    unit = current_unit(request)
    year = timezone.localdate().year
    form = RoundForm(request.POST or None, units=units, initial={
        "org_unit": unit.pk if unit is not None and units.filter(pk=unit.pk).exists() else units.first().pk,  # type: ignore[union-attr]
        "year": year, "title": f"{year}年度组织工作创新范例奖评选"})
    status = 200
    if request.method == "POST":
        r, status = submit(form, lambda c: services.round_create(actor=request.user, org_unit=c["org_unit"], title=c["title"],
                                                                 year=c["year"], description=c["description"]))
        if r is not None:
            messages.success(request, f"已新建“{r.title}”，请推荐项目")
            return HttpResponseRedirect(r.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "新建创新范例奖评选", "form": form, "breadcrumbs": _crumbs(("新建", None))},
                  status=status)


def _round(request: HttpRequest, pk: int) -> AwardRound:
    require_perm(request.user, "projects.view_awardround")
    return get_object_or_404(AwardRound.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)


def _organizer(request: HttpRequest, r: AwardRound) -> None:
    if not can_at(request.user, services.ORGANIZE_AWARD, r.org_unit.path):
        raise PermissionDenied("只有组织评选的单位可以操作")


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = _round(request, pk)
    organize = can_at(request.user, services.ORGANIZE_AWARD, r.org_unit.path)
    entries = list(r.entries.select_related("project", "org_unit").order_by("-score", "org_unit__path", "id"))
    return render(request, "projects/award.html", {
        "title": r.title, "breadcrumbs": _crumbs((r.title, None)), "r": r, "organize": organize, "entries": entries,
        "candidates": list(services.nominable_projects(r)[:500]) if organize and r.status == AwardRound.Status.NOMINATING else [],
        "levels": LEVEL_CHOICES, "unscored": sum(1 for e in entries if e.score is None)})


@login_required
@require_POST
def round_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    r = _round(request, pk)
    _organizer(request, r)
    form = NominateForm(request.POST, projects=services.nominable_projects(r))
    if not form.is_valid():
        return form_refused(request, form, r.get_absolute_url())
    c = form.cleaned_data
    return step_back(request, r.get_absolute_url(), lambda: services.entry_nominate(
        actor=request.user, award_round=r, project=c["project"], reason=c["reason"]), f"已推荐“{c['project'].title}”")


@login_required
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    r = _round(request, pk)
    _organizer(request, r)
    return step_back(request, r.get_absolute_url(), lambda: services.round_advance(
        actor=request.user, award_round=r, expected_version=posted_version(request)), "推荐结束，开始评审")


@login_required
@require_POST
def entry_review(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "projects.view_awardentry")
    e = get_object_or_404(AwardEntry.objects.visible_to(request.user, "view").select_related("award_round__org_unit", "project"), pk=pk)
    _organizer(request, e.award_round)
    form = ReviewForm(request.POST)
    url = e.award_round.get_absolute_url()
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return step_back(request, url, lambda: services.entry_review(actor=request.user, entry=e, score=Decimal(c["score"]),
                                                                 comment=c["comment"], expected_version=c["version"]),
                     f"已评审“{e.project.title}”")


@login_required
@require_POST
def round_award(request: HttpRequest, pk: int) -> HttpResponse:
    r = _round(request, pk)
    _organizer(request, r)
    levels: dict[int, str] = {}
    for e in r.entries.all():
        value = request.POST.get(f"level_{e.pk}", AwardLevel.NONE)
        levels[e.pk] = value
    return step_back(request, r.get_absolute_url(), lambda: services.round_award(
        actor=request.user, award_round=r, levels=levels, expected_version=posted_version(request)), "已评定奖项")


@login_required
def awarded_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "projects.view_awardentry")
    return render(request, "projects/awarded.html", {"title": "获奖项目", "breadcrumbs": _crumbs(("获奖项目", None)),
                                                      "rows": list(selectors.awarded(request.user)[:500])})
