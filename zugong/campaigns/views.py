"""Campaign pages: list, new (from a built-in template or blank), the campaign with its leading group,
key tasks and carriers, and editing the draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require_perm
from zugong.campaigns import progress, services
from zugong.campaigns.forms import CampaignForm, FromTemplateForm, MemberForm, TaskForm
from zugong.campaigns.models import Assignment, Campaign, CampaignTask, LeadingGroupMember, SupervisionGroup
from zugong.campaigns.templates_data import BUILTIN
from zugong.core.errors import ValidationError
from zugong.core.units import require_unit
from zugong.core.views import submit
from zugong.orgs.models import OrgUnit
from zugong.stats.registry import exists, get

LIST = ("活动", "campaigns:list")



def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(LIST[0], reverse(LIST[1])), *items]


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    require_perm(request.user, "campaigns.view_campaign")
    return get_object_or_404(Campaign.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)


def _task(request: HttpRequest, pk: int) -> CampaignTask:
    require_perm(request.user, "campaigns.view_campaigntask")
    return get_object_or_404(CampaignTask.objects.visible_to(request.user, "view").select_related("campaign", "campaign__org_unit"),
                             pk=pk)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "campaigns.view_campaign")
    unit = require_unit(request)
    # the campaigns the unit's subtree issued, and those it received from above
    received = Assignment.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).values("campaign_id")
    qs = (Campaign.objects.visible_to(request.user, "view")
          .filter(Q(org_unit__path__startswith=unit.path) | Q(pk__in=received)).select_related("org_unit"))
    status = request.GET.get("status", "")
    if status in Campaign.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/list.html", {
        "title": "活动", "breadcrumbs": [(LIST[0], None)], "unit": unit, "page_obj": page, "status": status,
        "statuses": Campaign.Status.choices, "can_add": can_at(request.user, "campaigns.add_campaign", unit.path),
    })


@login_required
def campaign_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, "campaigns.add_campaign", unit.path):
        raise PermissionDenied("您没有在本单位新建活动的权限")
    today = timezone.localdate()
    status = 200
    if request.method == "POST" and "builtin" in request.POST:
        tform = FromTemplateForm(request.POST)
        form = CampaignForm(unit=unit, initial={"start_date": today})
        if tform.is_valid():
            try:
                c = services.campaign_from_template(actor=request.user, org_unit=unit, code=tform.cleaned_data["builtin"],
                                                    start_date=tform.cleaned_data["start_date"])
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, f"已按内置模板新建{c.name}，请按本单位情况修改后部署")
                return HttpResponseRedirect(c.get_absolute_url(), status=303)
        else:
            messages.error(request, "请填写正确的开始日期")
        status = 400
    else:
        form = CampaignForm(request.POST or None, unit=unit, initial={"start_date": today, "scope": Campaign.Scope.ALL})
        if request.method == "POST":
            c, status = submit(form, lambda d: services.campaign_create(
                actor=request.user, org_unit=unit, units=list(d["scope_units"]), data={f: d[f] for f in services.CAMPAIGN_FIELDS}))
            if c is not None:
                messages.success(request, "活动已新建，请添加重点任务和载体")
                return HttpResponseRedirect(c.get_absolute_url())
    return render(request, "campaigns/add.html", {
        "title": f"新建活动（{unit.name}）", "breadcrumbs": _crumbs(("新建活动", None)), "form": form,
        "builtin": list(BUILTIN.values()), "today": today.isoformat(),
    }, status=status)


def _work_context(request: HttpRequest, c: Campaign) -> dict[str, Any]:
    """The deployed campaign as the viewing unit sees it: the overview below it, what it received."""
    from zugong.campaigns import selectors
    from zugong.campaigns.views_work import _overview_unit

    unit = _overview_unit(request, c)
    ov = selectors.overview(request.user, c, unit)
    received = list(selectors.assignments(request.user).filter(campaign=c, org_unit=unit, origin=Assignment.Origin.ASSIGNED)
                    .select_related("lead_office", "responsible").order_by("task__kind", "task__order"))
    current = require_unit(request)
    acting = current.pk == unit.pk
    return {
        "ov": ov, "ov_unit": unit, "received": received, "rule": progress.RULE, "acting": acting,
        "can_onward": acting and bool(received) and can_at(request.user, "campaigns.change_assignment", unit.path)
        and c.status in progress.ACTIVE and bool(ov.rows),  # ov.rows: the units below that receive
        "can_import": can_at(request.user, "campaigns.change_assignment", unit.path) and c.status in progress.ACTIVE,
    }


def _target_label(task: CampaignTask) -> str:
    if not task.indicator:
        return ""
    from zugong.campaigns.templates_data import INDICATORS

    if exists(task.indicator):
        name = get(task.indicator).label
    else:  # named by a template before its module counts it
        name = f"{INDICATORS.get(task.indicator, task.indicator)}（相关模块上线后统计）"
    value = "" if task.target is None else f" ≥ {task.target.normalize():f}"
    return f"{name}{value}"


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    tasks = list(c.tasks.all())
    for t in tasks:
        t.target_label = _target_label(t)  # type: ignore[attr-defined]
    editable = c.is_draft and can(request.user, "change", c)
    work = {} if c.is_draft else _work_context(request, c)
    return render(request, "campaigns/detail.html", {
        **work, "files": list(c.files.all()), "can_change": can(request.user, "change", c),
        "next_statuses": [(s, Campaign.Status(s).label) for s in services.NEXT_STATUS.get(c.status, [])],
        "groups": list(SupervisionGroup.objects.visible_to(request.user, "view").filter(campaign=c).prefetch_related("units")),
        "can_group": can_at(request.user, "campaigns.change_supervisiongroup", c.org_unit.path) and c.status in progress.ACTIVE,
        "title": c.name, "breadcrumbs": _crumbs((c.name, None)), "c": c,
        "key_tasks": [t for t in tasks if t.kind == CampaignTask.Kind.TASK],
        "carriers": [t for t in tasks if t.kind == CampaignTask.Kind.CARRIER],
        "members": list(c.members.all()), "scope_units": list(c.scope_units.order_by("path")),
        "scope_kinds": [OrgUnit.Kind(k).label for k in c.scope_kinds if k in OrgUnit.Kind.values],
        "editable": editable, "task_form": TaskForm(initial={"kind": CampaignTask.Kind.TASK}), "member_form": MemberForm(),
    })


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    if not can(request.user, "change", c):
        raise PermissionDenied("您没有编辑该活动的权限")
    initial = {f: getattr(c, f) for f in services.CAMPAIGN_FIELDS}
    form = CampaignForm(request.POST or None, unit=c.org_unit,
                        initial={**initial, "scope_units": list(c.scope_units.all()), "version": c.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: services.campaign_update(
            actor=request.user, campaign=c, data={f: d[f] for f in services.CAMPAIGN_FIELDS}, units=list(d["scope_units"]),
            expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(c.get_absolute_url())
    return render(request, "core/form.html", {
        "title": f"编辑活动：{c.name}", "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), ("编辑", None)), "form": form,
    }, status=status)


def _task_page(request: HttpRequest, c: Campaign, form: TaskForm, title: str, status: int) -> HttpResponse:
    return render(request, "core/form.html", {
        "title": title, "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), (title, None)), "form": form,
    }, status=status)


def _task_data(d: dict[str, Any]) -> dict[str, Any]:
    return {f: d.get(f) for f in services.TASK_FIELDS if f != "order"}


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    if not can(request.user, "change", c):
        raise PermissionDenied("您没有编辑该活动的权限")
    form = TaskForm(request.POST or None, initial={"kind": CampaignTask.Kind.TASK})
    status = 200
    if request.method == "POST":
        t, status = submit(form, lambda d: services.task_save(actor=request.user, campaign=c, data=_task_data(d)))
        if t is not None:
            messages.success(request, f"已添加“{t.title}”")
            return HttpResponseRedirect(t.get_absolute_url())
    return _task_page(request, c, form, "添加重点任务或载体", status)


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    c = task.campaign
    if not can(request.user, "change", c):
        raise PermissionDenied("您没有编辑该活动的权限")
    form = TaskForm(request.POST or None, initial={**{f: getattr(task, f) for f in services.TASK_FIELDS}, "version": task.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: services.task_save(
            actor=request.user, campaign=c, task=task, data=_task_data(d), expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(task.get_absolute_url())
    return _task_page(request, c, form, f"编辑：{task.title}", status)


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    url = task.campaign.get_absolute_url()
    try:
        services.task_delete(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除“{task.title}”")
    return HttpResponseRedirect(url, status=303)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    if not can(request.user, "change", c):
        raise PermissionDenied("您没有编辑该活动的权限")
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择职务并填写现任职务")
        return HttpResponseRedirect(c.get_absolute_url() + "#members", status=303)
    try:
        services.member_add(actor=request.user, campaign=c, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return HttpResponseRedirect(c.get_absolute_url() + "#members", status=303)


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "campaigns.view_leadinggroupmember")
    m = get_object_or_404(LeadingGroupMember.objects.visible_to(request.user, "view").select_related("campaign"), pk=pk)
    url = m.campaign.get_absolute_url() + "#members"
    try:
        services.member_remove(actor=request.user, member=m)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return HttpResponseRedirect(url, status=303)
