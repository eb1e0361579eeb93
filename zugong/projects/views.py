"""Pages of projects and programs: the register (list with filters and xlsx export, detail, add, edit, delete), and
the small steps on a project's page (milestones, monthly progress). Claims, the bulletin and awards are in
views_claims.py and views_awards.py. Thin views: writes in services.py, reads in selectors.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.core.errors import ValidationError
from zugong.core.units import current_unit, units_with
from zugong.core.views import (
    Crumbs,
    ScopedListView,
    error_text,
    form_refused,
    posted_version,
    step_back,
    submit,
)
from zugong.people.models import Cadre, CadreStatus
from zugong.projects import bulletin, selectors, services
from zugong.projects.filtersets import ProjectFilterSet
from zugong.projects.forms import MilestoneForm, ProgramForm, ProjectForm, ReportForm, project_initial
from zugong.projects.models import Milestone, Program, Project
from zugong.projects.tables import ProjectTable

LIST = ("项目管理", "projects:list")


def _crumbs(*items: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *items]


class ProjectListView(ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    title = "项目管理"
    export_filename = "项目清单.xlsx"
    actions = [
        ("新建项目", "projects:add", services.ADD_PROJECT),
        ("新建工程", "projects:program_add", services.ADD_PROGRAM),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return selectors.with_late(qs.select_related("org_unit", "program", "responsible", "parent__org_unit"))


def _project(request: HttpRequest, pk: int) -> Project:
    require_perm(request.user, selectors.VIEW)
    return get_object_or_404(Project.objects.visible_to(request.user, "view")
                             .select_related("org_unit", "program__org_unit", "parent__org_unit", "responsible", "created_by"), pk=pk)


def _editor(request: HttpRequest, p: Project) -> None:
    if not can_at(request.user, services.ADD_PROJECT, p.org_unit.path):
        raise PermissionDenied("只有项目责任单位可以修改项目")


def _cadres(unit: Any) -> Any:
    if unit is None:
        return Cadre.objects.none()
    return Cadre.objects.filter(org_unit=unit, status=CadreStatus.ACTIVE).order_by("name_pinyin", "id")


def _programs(request: HttpRequest) -> Any:
    return selectors.programs(request.user)


@login_required
def project_add(request: HttpRequest) -> HttpResponse:
    units = units_with(request.user, services.ADD_PROJECT)
    if not units.exists():
        raise PermissionDenied("您没有新建项目的权限")
    unit = current_unit(request)
    unit = unit if unit is not None and units.filter(pk=unit.pk).exists() else units.first()
    today = timezone.localdate()
    form = ProjectForm(request.POST or None, units=units, programs=_programs(request), cadres=_cadres(unit),
                       initial={"org_unit": unit.pk if unit else None, "status": "active", "progress": 0,
                                "deadline": today.replace(month=12, day=31)})
    status = 200
    if request.method == "POST":
        p, status = submit(form, lambda c: services.project_create(actor=request.user, org_unit=c["org_unit"], data=form.data_dict()))
        if p is not None:
            messages.success(request, f"已新建项目“{p.title}”")
            return HttpResponseRedirect(p.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "新建项目", "form": form, "breadcrumbs": _crumbs(("新建项目", None))}, status=status)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    _editor(request, p)
    form = ProjectForm(request.POST or None, units=units_with(request.user, services.ADD_PROJECT).filter(pk=p.org_unit_id),
                       programs=_programs(request), cadres=_cadres(p.org_unit), initial=project_initial(p))
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: services.project_update(actor=request.user, project=p, data=form.data_dict(),
                                                                       expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"修改项目：{p.title}", "form": form,
                                                 "breadcrumbs": _crumbs((p.title, p.get_absolute_url()), ("修改", None))}, status=status)


@login_required
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    _editor(request, p)
    try:
        services.project_delete(actor=request.user, project=p)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(p.get_absolute_url(), status=303)
    messages.success(request, f"已删除项目“{p.title}”")
    return HttpResponseRedirect(reverse("projects:list"), status=303)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    user = request.user
    edit = can_at(user, services.ADD_PROJECT, p.org_unit.path)
    claims = list(p.claims.select_related("org_unit", "project").order_by("-applied_on", "-id")) if selectors.can_see_claims_of(user, p) else []
    children = list(Project.objects.visible_to(user, "view").filter(parent=p).select_related("org_unit").order_by("org_unit__path"))
    today = timezone.localdate()
    return render(request, "projects/detail.html", {
        "title": p.title, "breadcrumbs": _crumbs((p.title, None)), "p": p, "edit": edit,
        "milestones": list(p.milestones.all()), "reports": list(p.reports.select_related("created_by")[:24]),
        "claims": claims, "children": children, "today": today, "this_month": today.strftime("%Y-%m"),
        "overdue": Project.objects.filter(pk=p.pk).overdue().exists(),
        "can_claim": p.claims_open(today) and services.claiming_units(user, p).exists(),
        "can_decide": can_at(user, services.DECIDE, p.org_unit.path),
    })


# ---------------------------------------------------------------- milestones and monthly progress


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    _editor(request, p)
    url = p.get_absolute_url() + "#milestones"
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return step_back(request, url, lambda: services.milestone_add(actor=request.user, project=p, title=c["title"], due_on=c["due_on"]),
                     "已添加节点")


def _milestone(request: HttpRequest, pk: int) -> Milestone:
    require_perm(request.user, "projects.view_milestone")
    m = get_object_or_404(Milestone.objects.visible_to(request.user, "view").select_related("project__org_unit"), pk=pk)
    _editor(request, m.project)
    return m


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    m = _milestone(request, pk)
    done = request.POST.get("done", "1") == "1"
    return step_back(request, m.get_absolute_url(), lambda: services.milestone_set_done(
        actor=request.user, milestone=m, done=done, expected_version=posted_version(request)), "节点已完成" if done else "已改为未完成")


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    m = _milestone(request, pk)
    return step_back(request, m.get_absolute_url(), lambda: services.milestone_delete(actor=request.user, milestone=m), "已删除节点")


@login_required
@require_POST
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    _editor(request, p)
    url = p.get_absolute_url() + "#reports"
    form = ReportForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    month = bulletin.parse_month(c["month"])
    return step_back(request, url, lambda: services.report_save(actor=request.user, project=p, month=month, percent=c["percent"],
                                                                text=c["text"]), "已报告本月进展")


# ---------------------------------------------------------------- programs


@login_required
def program_add(request: HttpRequest) -> HttpResponse:
    units = units_with(request.user, services.ADD_PROGRAM)
    if not units.exists():
        raise PermissionDenied("您没有新建工程的权限")
    unit = current_unit(request)
    form = ProgramForm(request.POST or None, units=units, initial={
        "org_unit": unit.pk if unit is not None and units.filter(pk=unit.pk).exists() else units.first().pk,  # type: ignore[union-attr]
        "year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        prog, status = submit(form, lambda c: services.program_create(actor=request.user, org_unit=c["org_unit"], title=c["title"],
                                                                      year=c["year"], description=c["description"]))
        if prog is not None:
            messages.success(request, f"已新建工程“{prog.title}”，新建项目时可以选择它")
            return HttpResponseRedirect(reverse("projects:programs"), status=303)
    return render(request, "core/form.html", {"title": "新建工程", "form": form, "breadcrumbs": _crumbs(("新建工程", None))}, status=status)


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "projects.view_program")
    from django.db.models import Count, Q

    rows = selectors.programs(request.user).annotate(
        projects_n=Count("projects", filter=Q(projects__parent__isnull=True)),
        claimed_n=Count("projects", filter=Q(projects__parent__isnull=False)))
    return render(request, "projects/programs.html", {"title": "工程", "breadcrumbs": _crumbs(("工程", None)), "rows": rows,
                                                       "can_add": units_with(request.user, services.ADD_PROGRAM).exists()})


__all__ = ["Program"]
