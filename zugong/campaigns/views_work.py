"""Pages for carrying a campaign out: deploy, my tasks, an assignment (accept, refine, report, urge),
deploying onward, the task ledger (xlsx out and in), the unit's default responsible people, campaign
files and status."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require_perm
from zugong.campaigns import fanout, ledger, progress, selectors
from zugong.campaigns.forms import AcceptForm, DefaultsForm, MeasureForm, OnwardForm, ReportForm
from zugong.campaigns.models import Assignment, Campaign, ProgressReport, TaskDefaults
from zugong.campaigns.views import _campaign, _crumbs
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.params import int_param
from zugong.core.units import require_unit
from zugong.core.views import error_text, posted_version, submit
from zugong.orgs.models import OrgUnit

CHANGE = "campaigns.change_assignment"


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    require_perm(request.user, "campaigns.view_assignment")
    return get_object_or_404(
        selectors.assignments(request.user).select_related("campaign", "campaign__org_unit", "task", "org_unit", "issuer",
                                                           "parent", "parent__org_unit", "lead_office", "responsible"), pk=pk)


def _campaign_to_change(request: HttpRequest, pk: int) -> Campaign:
    """A campaign the user may change: 404 outside their view, 403 for a participant that only reads it."""
    c = _campaign(request, pk)
    if not can(request.user, "change", c):
        raise PermissionDenied("只有部署单位可以进行此项操作")
    return c


@login_required
@require_POST
def campaign_deploy(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign_to_change(request, pk)
    try:
        rows = fanout.campaign_deploy(actor=request.user, campaign=c, expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(c.get_absolute_url(), status=303)
    units = len({r.org_unit_id for r in rows})
    messages.success(request, f"已部署：{units} 个单位共 {len(rows)} 项任务，已通知各单位接收")
    return HttpResponseRedirect(c.get_absolute_url(), status=303)


@login_required
@require_POST
def campaign_status(request: HttpRequest, pk: int) -> HttpResponse:
    from zugong.campaigns import services

    c = _campaign_to_change(request, pk)
    try:
        services.campaign_set_status(actor=request.user, campaign=c, status=request.POST.get("status", ""),
                                     expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"活动状态已改为“{Campaign.Status(c.status).label}”")
    return HttpResponseRedirect(c.get_absolute_url(), status=303)


@login_required
@require_POST
def campaign_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    from zugong.campaigns import services

    c = _campaign_to_change(request, pk)
    try:
        services.campaign_files_add(actor=request.user, campaign=c, uploads=request.FILES.getlist("files"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(c.get_absolute_url() + "#files", status=303)
    messages.success(request, "附件已上传")
    return HttpResponseRedirect(c.get_absolute_url() + "#files", status=303)


@login_required
def campaign_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    c = _campaign(request, pk)
    return files.download(get_object_or_404(c.files.all(), pk=file_id))


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "campaigns.view_assignment")
    unit = require_unit(request)
    mine = request.GET.get("who") == "me"
    campaign = None
    if (campaign_id := int_param(request.GET.get("campaign"))) is not None:
        campaign = Campaign.objects.visible_to(request.user, "view").filter(pk=campaign_id).first()
    tasks = selectors.my_tasks(request.user, unit, mine_only=mine, campaign=campaign)
    return render(request, "campaigns/my_tasks.html", {
        "title": "我的任务", "breadcrumbs": _crumbs(("我的任务", None)), "unit": unit, "mine": mine, "tasks": tasks,
        "campaign": campaign, "today": timezone.localdate(),
    })


def _assignment_page(request: HttpRequest, a: Assignment, *, accept_form: AcceptForm | None = None,
                     report_form: ReportForm | None = None, measure_form: MeasureForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    writable = can(user, "change", a) and a.campaign.status in progress.ACTIVE
    children = list(selectors.assignments(user).filter(parent=a).select_related("org_unit", "lead_office", "responsible")
                    .order_by("origin", "org_unit__path", "id"))
    reports = list(ProgressReport.objects.visible_to(user, "view").filter(assignment=a).select_related("author")
                   .prefetch_related("files").order_by("-date", "-id"))
    chain: list[Assignment] = []
    p = a.parent
    while p is not None and len(chain) < 10:
        chain.insert(0, p)
        p = Assignment.objects.visible_to(user, "view").select_related("org_unit", "parent").filter(pk=p.parent_id).first() \
            if p.parent_id else None
    if writable and accept_form is None:
        accept_form = AcceptForm(unit=a.org_unit, auto_id="accept_%s", initial={
            "leader": a.leader, "lead_office": a.lead_office_id, "responsible": a.responsible_id, "deadline": a.deadline,
            "content": a.content, "co_offices": list(a.co_offices.values_list("pk", flat=True)), "version": a.version})
    if writable and report_form is None:
        report_form = ReportForm(auto_id="report_%s", initial={"date": timezone.localdate()})
    if report_form is not None and a.has_children:
        report_form.fields.pop("percent", None)  # its progress comes from the sub-tasks
    if writable and measure_form is None:
        measure_form = MeasureForm(unit=a.org_unit, auto_id="measure_%s", initial={"deadline": a.deadline, "weight": 1, "lead_office": a.lead_office_id,
                                                             "responsible": a.responsible_id})
    onward = writable and a.origin == Assignment.Origin.ASSIGNED and a.status != Assignment.Status.ISSUED \
        and not any(c.origin == Assignment.Origin.ASSIGNED for c in children) and bool(fanout.receivers(a.campaign, a.org_unit))
    return render(request, "campaigns/assignment.html", {
        "title": a.title, "breadcrumbs": _crumbs((a.campaign.name, a.campaign.get_absolute_url()), (f"{a.org_unit.name}：{a.title}", None)),
        "a": a, "chain": chain, "children": children, "reports": reports, "co_offices": list(a.co_offices.all()),
        "writable": writable, "accept_form": accept_form, "report_form": report_form, "measure_form": measure_form,
        "can_urge": progress.can_urge(user, a), "overdue": a.is_overdue(), "rule": progress.RULE, "onward": onward,
    }, status=status)


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_page(request, _assignment(request, pk))


def _require_change(request: HttpRequest, a: Assignment) -> None:
    if not can(request.user, "change", a):
        raise PermissionDenied("您没有落实该任务的权限")


@login_required
@require_POST
def assignment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    _require_change(request, a)
    form = AcceptForm(request.POST, unit=a.org_unit, auto_id="accept_%s")
    accepting = a.status == Assignment.Status.ISSUED
    saved, status = submit(form, lambda d: progress.assignment_save(
        actor=request.user, assignment=a, data={f: d.get(f) for f in progress.ASSIGNMENT_FIELDS}, co_offices=list(d["co_offices"]),
        expected_version=d.get("version") or 0))
    if saved is None:
        return _assignment_page(request, _assignment(request, pk), accept_form=form, status=status)
    messages.success(request, "已接收任务，请细化落实或向下部署" if accepting else "已保存责任分工")
    return HttpResponseRedirect(a.get_absolute_url(), status=303)


@login_required
@require_POST
def assignment_report(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    _require_change(request, a)
    form = ReportForm(request.POST, request.FILES, auto_id="report_%s")

    def call(d: dict[str, Any]) -> ProgressReport:
        return progress.report_add(actor=request.user, assignment=a, day=d["date"], percent=progress.parse_percent(d["percent"]),
                                   text=d["text"], uploads=d.get("attachments") or [])

    saved, status = submit(form, call)
    if saved is None:
        return _assignment_page(request, _assignment(request, pk), report_form=form, status=status)
    messages.success(request, "进度已报告")
    return HttpResponseRedirect(a.get_absolute_url() + "#timeline", status=303)


@login_required
@require_POST
def assignment_measure(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    _require_change(request, a)
    form = MeasureForm(request.POST, unit=a.org_unit, auto_id="measure_%s")
    saved, status = submit(form, lambda d: progress.measure_add(actor=request.user, parent=a, data=d))
    if saved is None:
        return _assignment_page(request, _assignment(request, pk), measure_form=form, status=status)
    messages.success(request, f"已细化：{saved.title}")
    return HttpResponseRedirect(a.get_absolute_url() + "#children", status=303)


@login_required
@require_POST
def assignment_urge(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    if not can_at(request.user, CHANGE, a.issuer.path):
        raise PermissionDenied("只有部署该任务的上级单位可以催办")
    try:
        sent = progress.urge(actor=request.user, assignment=a, note=request.POST.get("note", "")[:1000])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已催办，通知 {sent} 人")
    nxt = request.POST.get("next", "")
    return HttpResponseRedirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else a.get_absolute_url(), status=303)


@login_required
def report_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    require_perm(request.user, "campaigns.view_progressreport")
    r = get_object_or_404(ProgressReport.objects.visible_to(request.user, "view"), pk=pk)
    return files.download(get_object_or_404(r.files.all(), pk=file_id))


@login_required
def deploy_onward(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    unit = require_unit(request)
    wanted = int_param(request.GET.get("unit"))
    if wanted is not None and wanted != unit.pk:  # from a task page: that task's unit, when the user may act there
        other = selectors.unit_for(request.user, wanted)
        if other is None or not other.is_active or not can_at(request.user, CHANGE, other.path):
            raise PermissionDenied("您没有在该单位向下部署任务的权限")
        unit = other
    if not can_at(request.user, CHANGE, unit.path):
        raise PermissionDenied("您没有向下部署任务的权限")
    received = (selectors.assignments(request.user).filter(campaign=c, org_unit=unit, origin=Assignment.Origin.ASSIGNED)
                .exclude(status=Assignment.Status.DONE).select_related("task").order_by("task__kind", "task__order"))
    below = fanout.receivers(c, unit)
    already = set(Assignment.objects.filter(parent__in=received, origin=Assignment.Origin.ASSIGNED).values_list("parent_id", flat=True))
    choices = received.exclude(pk__in=already).exclude(status=Assignment.Status.ISSUED)
    form = OnwardForm(request.POST or None, choices=choices,
                      initial={"assignments": list(choices.values_list("pk", flat=True)), "workdays_earlier": 5})
    status = 200
    if request.method == "POST":
        rows, status = submit(form, lambda d: fanout.deploy_onward(
            actor=request.user, unit=unit, campaign=c, assignments=list(d["assignments"]), workdays_earlier=d["workdays_earlier"]))
        if rows is not None:
            tasks, units = len({r.parent_id for r in rows}), len({r.org_unit_id for r in rows})
            messages.success(request, f"已将 {tasks} 项任务部署到 {units} 个下级单位（共 {len(rows)} 条任务分解）")
            return HttpResponseRedirect(c.get_absolute_url(), status=303)
    return render(request, "campaigns/onward.html", {
        "title": f"向下部署：{c.name}", "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), ("向下部署", None)), "c": c,
        "unit": unit, "form": form, "below": below, "issued": received.filter(status=Assignment.Status.ISSUED).count(),
        "already": len(already),
    }, status=status)


@login_required
def ledger_export(request: HttpRequest, pk: int) -> FileResponse:
    c = _campaign(request, pk)
    require_perm(request.user, "campaigns.view_assignment")
    unit = _overview_unit(request, c)
    rows = ledger.rows_for(request.user, c, unit)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    ledger.write(path, c, unit, rows)
    handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it
    os.unlink(path)
    response = FileResponse(handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{c.name}任务台账（{unit.name}）.xlsx')}"
    return response


@login_required
def ledger_import(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    require_perm(request.user, CHANGE)
    result = None
    status = 200
    if request.method == "POST":
        try:
            result = ledger.import_ledger(actor=request.user, campaign=c, upload=request.FILES.get("file"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            status = 400
        else:
            if not result.errors:
                messages.success(request, f"已导入 {result.updated} 项任务的进度")
                return HttpResponseRedirect(c.get_absolute_url(), status=303)
            status = 400
    return render(request, "campaigns/ledger_import.html", {
        "title": f"导入任务台账：{c.name}", "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), ("导入任务台账", None)),
        "c": c, "result": result,
    }, status=status)


def _overview_unit(request: HttpRequest, c: Campaign) -> OrgUnit:
    """Whose view of the campaign: ?unit= (a visible unit inside the campaign's tree), else the current
    unit when it lies inside, else the issuing unit."""
    u = selectors.unit_for(request.user, int_param(request.GET.get("unit")), within=c.org_unit.path)
    if u is not None:
        return u
    unit = require_unit(request)
    return unit if unit.path.startswith(c.org_unit.path) else c.org_unit


@login_required
def defaults(request: HttpRequest) -> HttpResponse:
    from zugong.campaigns import services

    unit = require_unit(request)
    if not can_at(request.user, "campaigns.change_taskdefaults", unit.path):
        raise PermissionDenied("您没有设置本单位任务默认责任人的权限")
    d = TaskDefaults.objects.visible_to(request.user, "view").filter(org_unit=unit).first()
    form = DefaultsForm(request.POST or None, unit=unit, initial={
        "leader": d.leader if d else "", "lead_office": d.lead_office_id if d else None,
        "responsible": d.responsible_id if d else None, "version": d.version if d else 0})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda x: services.defaults_save(actor=request.user, org_unit=unit, data=x,
                                                                       expected_version=x.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存。此后上级部署给本单位的任务将预填这些责任人")
            return HttpResponseRedirect(reverse("campaigns:defaults"), status=303)
    return render(request, "core/form.html", {
        "title": f"任务默认责任人（{unit.name}）", "breadcrumbs": _crumbs(("任务默认责任人", None)), "form": form,
    }, status=status)



@login_required
def assignment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every assignment of the campaign below a unit (drill-down): by status, overdue, title."""
    from django.core.paginator import Paginator

    c = _campaign(request, pk)
    require_perm(request.user, "campaigns.view_assignment")
    unit = _overview_unit(request, c)
    qs = (selectors.assignments(request.user).filter(campaign=c, org_unit__path__startswith=unit.path)
          .select_related("org_unit", "issuer", "responsible").order_by("org_unit__path", "deadline", "id"))
    status, overdue, q = request.GET.get("status", ""), request.GET.get("overdue") == "1", request.GET.get("q", "").strip()[:50]
    if status in Assignment.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(deadline__lt=timezone.localdate()).exclude(status=Assignment.Status.DONE)
    if q:
        qs = qs.filter(title__contains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "campaigns/assignments.html", {
        "title": f"任务清单：{unit.name}", "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), ("任务清单", None)), "c": c,
        "unit": unit, "page_obj": page, "status": status, "overdue": overdue, "q": q, "statuses": Assignment.Status.choices,
        "query_string": params.urlencode(), "today": timezone.localdate(),
    })
