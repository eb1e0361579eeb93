"""Pages for supervision (督导组, 督导计划, 督导检查, 发现问题和整改) and work reports (述职, 实绩写实)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.campaigns import fanout, records, selectors, supervision
from zugong.campaigns.forms import GroupForm, InspectionForm, PlanForm, WorkReportForm
from zugong.campaigns.models import Campaign, Finding, Inspection, SupervisionGroup, WorkReport
from zugong.campaigns.views import _campaign, _crumbs
from zugong.core import files
from zugong.core.params import int_param
from zugong.core.units import require_unit
from zugong.core.views import submit
from zugong.people.models import Cadre

GROUP_PERM = "campaigns.change_supervisiongroup"


def _group(request: HttpRequest, pk: int) -> SupervisionGroup:
    require_perm(request.user, "campaigns.view_inspection")
    return get_object_or_404(SupervisionGroup.objects.visible_to(request.user, "view")
                             .select_related("campaign", "campaign__org_unit"), pk=pk)


def _units_choice(c: Campaign) -> Any:
    from zugong.orgs.models import OrgUnit

    return OrgUnit.objects.filter(pk__in=[u.pk for u in fanout.participants(c, c.org_unit)]).order_by("path")


@login_required
def supervision_home(request: HttpRequest) -> HttpResponse:
    """督导: the groups the user is a member of (or may see), with their units."""
    require_perm(request.user, "campaigns.view_inspection")
    groups = list(SupervisionGroup.objects.visible_to(request.user, "view")
                  .exclude(campaign__status=Campaign.Status.DRAFT)
                  .select_related("campaign", "campaign__org_unit").prefetch_related("units", "members").order_by("-campaign_id", "id")[:100])
    return render(request, "campaigns/supervision.html", {
        "title": "督导", "breadcrumbs": _crumbs(("督导", None)), "groups": groups,
    })


def _group_form_page(request: HttpRequest, c: Campaign, form: GroupForm, title: str, status: int) -> HttpResponse:
    return render(request, "core/form.html", {
        "title": title, "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), (title, None)), "form": form,
    }, status=status)


@login_required
def group_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    if not can_at(request.user, GROUP_PERM, c.org_unit.path):
        raise PermissionDenied("您没有组建督导组的权限")
    form = GroupForm(request.POST or None, units=_units_choice(c), initial={"name": f"第{c.groups.count() + 1}督导组"})
    status = 200
    if request.method == "POST":
        g, status = submit(form, lambda d: supervision.group_save(actor=request.user, campaign=c, name=d["name"], leader=d["leader"],
                                                                   units=list(d["units"]), members=d["members"]))
        if g is not None:
            messages.success(request, f"已组建{g.name}")
            return HttpResponseRedirect(g.get_absolute_url(), status=303)
    return _group_form_page(request, c, form, "组建督导组", status)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    c = g.campaign
    if not can_at(request.user, GROUP_PERM, c.org_unit.path):
        raise PermissionDenied("您没有调整督导组的权限")
    form = GroupForm(request.POST or None, units=_units_choice(c), initial={
        "name": g.name, "leader": g.leader, "units": list(g.units.all()), "version": g.version,
        "members": " ".join(g.members.values_list("username", flat=True))})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: supervision.group_save(
            actor=request.user, campaign=c, group=g, name=d["name"], leader=d["leader"], units=list(d["units"]),
            members=d["members"], expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(g.get_absolute_url(), status=303)
    return _group_form_page(request, c, form, f"调整{g.name}", status)


@login_required
def group_detail(request: HttpRequest, pk: int, plan_form: PlanForm | None = None, status: int = 200) -> HttpResponse:
    g = _group(request, pk)
    c = g.campaign
    units = list(g.units.order_by("path"))
    visible_units = [u for u in units if can_at(request.user, "campaigns.view_assignment", u.path)]
    progress = {u.pk: selectors.unit_progress(request.user, c, u) for u in visible_units}
    inspections = list(Inspection.objects.visible_to(request.user, "view").filter(group=g).select_related("org_unit")
                       .order_by("-planned_date", "-id"))
    can_plan = any(supervision.may_inspect(request.user, g, u) for u in units) and c.status in supervision.LIVE
    return render(request, "campaigns/group.html", {
        "title": g.name, "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), (g.name, None)), "g": g, "c": c,
        "units": [(u, progress.get(u.pk), u in visible_units) for u in units], "members": list(g.members.all()),
        "inspections": inspections, "can_edit": can_at(request.user, GROUP_PERM, c.org_unit.path),
        "plan_form": plan_form or (PlanForm(units=g.units.order_by("path"), initial={"planned_date": timezone.localdate()})
                                   if can_plan else None),
    }, status=status)


@login_required
@require_POST
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    if not any(supervision.may_inspect(request.user, g, u) for u in g.units.all()):
        raise PermissionDenied("您没有安排督导的权限")
    form = PlanForm(request.POST, units=g.units.order_by("path"))
    i, status = submit(form, lambda d: supervision.inspection_plan(actor=request.user, group=g, unit=d["org_unit"],
                                                                    planned_date=d["planned_date"]))
    if i is None:
        return group_detail(request, pk, plan_form=form, status=status)
    messages.success(request, f"已安排督导：{i.org_unit.name}，{i.planned_date:%Y-%m-%d}")
    return HttpResponseRedirect(i.get_absolute_url(), status=303)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    require_perm(request.user, "campaigns.view_inspection")
    return get_object_or_404(Inspection.objects.visible_to(request.user, "view")
                             .select_related("group", "group__campaign", "org_unit", "created_by"), pk=pk)


def _findings_from_post(request: HttpRequest) -> tuple[list[dict[str, Any]], list[str]]:
    """The finding rows of the inspection form (content, suggestion, deadline per row; blank rows skipped)."""
    from datetime import date

    rows, errors = [], []
    contents, suggestions, deadlines = (request.POST.getlist(k) for k in ("f_content", "f_suggestion", "f_deadline"))
    for n, content in enumerate(contents):
        if not content.strip():
            continue
        raw = deadlines[n] if n < len(deadlines) else ""
        try:
            deadline = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(f"第{n + 1}个问题：整改时限不是正确的日期")
            continue
        rows.append({"content": content[:5000], "suggestion": (suggestions[n] if n < len(suggestions) else "")[:5000],
                     "deadline": deadline})
    return rows, errors


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    writable = i.status == Inspection.Status.PLANNED and supervision.may_inspect(request.user, i.group, i.org_unit)
    form = None
    status = 200
    findings_in: list[dict[str, Any]] = []
    if writable:
        form = InspectionForm(request.POST or None, initial={"date": timezone.localdate(), "version": i.version})
        if request.method == "POST":
            findings_in, row_errors = _findings_from_post(request)
            if row_errors:
                form.is_valid()
                form.add_error(None, "；".join(row_errors))
                status = 400
            else:
                saved, status = submit(form, lambda d: supervision.inspection_record(
                    actor=request.user, inspection=i, day=d["date"], methods=d["methods"], summary=d["summary"],
                    findings=findings_in, expected_version=d.get("version") or 0))
                if saved is not None:
                    messages.success(request, f"督导情况已记录，发现问题 {len(findings_in)} 个，已转为整改事项")
                    return HttpResponseRedirect(i.get_absolute_url(), status=303)
    elif request.method == "POST":
        raise PermissionDenied("您不能记录这次督导")
    findings = list(Finding.objects.visible_to(request.user, "view").filter(inspection=i).order_by("id"))
    return render(request, "campaigns/inspection.html", {
        "title": str(i), "breadcrumbs": _crumbs((i.group.campaign.name, i.group.campaign.get_absolute_url()),
                                                (i.group.name, i.group.get_absolute_url()), (i.org_unit.name, None)),
        "i": i, "form": form, "findings": findings, "findings_in": findings_in or [{}, {}, {}],
    }, status=status)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A finding and the measures that rectify it (in the rectification ledger)."""
    from zugong.opinions.models import Measure

    require_perm(request.user, "campaigns.view_finding")
    f = get_object_or_404(Finding.objects.visible_to(request.user, "view")
                          .select_related("org_unit", "inspection", "inspection__group", "inspection__group__campaign"), pk=pk)
    today = timezone.localdate()
    rows = list(Measure.objects.visible_to(request.user, "view").filter(finding=f).select_related("org_unit").order_by("deadline", "id"))
    for m in rows:
        m.late = m.is_overdue(today)  # type: ignore[attr-defined]
    c = f.inspection.group.campaign
    return render(request, "campaigns/finding.html", {
        "title": "督导发现问题", "breadcrumbs": _crumbs((c.name, c.get_absolute_url()), (str(f.inspection), f.inspection.get_absolute_url()),
                                                    ("问题整改", None)),
        "f": f, "measures": rows, "overdue": f.status != Finding.Status.DONE and f.deadline < today,
        "can_plan": can_at(request.user, "opinions.change_measure", f.org_unit.path),
    })


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """督导发现的问题 of the current unit's subtree: open first, overdue marked."""
    require_perm(request.user, "campaigns.view_finding")
    unit = require_unit(request)
    qs = (Finding.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path)
          .select_related("org_unit", "inspection__group__campaign"))
    status = request.GET.get("status", "")
    if status in Finding.Status.values:
        qs = qs.filter(status=status)
    open_first = Case(When(status=Finding.Status.OPEN, then=Value(0)), When(status=Finding.Status.RECTIFYING, then=Value(1)),
                      default=Value(2), output_field=IntegerField())
    page = Paginator(qs.order_by(open_first, "deadline", "id"), 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/findings.html", {
        "title": "督导发现问题整改", "breadcrumbs": _crumbs(("督导发现问题整改", None)), "page_obj": page, "status": status,
        "statuses": Finding.Status.choices, "today": timezone.localdate(), "unit": unit,
    })


@login_required
def workreports(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "campaigns.view_workreport")
    unit = require_unit(request)
    qs = WorkReport.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).select_related("org_unit", "cadre")
    kind = request.GET.get("kind", "")
    if kind in WorkReport.Kind.values:
        qs = qs.filter(kind=kind)
    year = request.GET.get("year", "")
    if (y := int_param(year, max_digits=4)) is not None and len(year) == 4:
        qs = qs.filter(year=y)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/workreports.html", {
        "title": "述职和实绩写实", "breadcrumbs": [("述职和实绩写实", None)], "page_obj": page, "kind": kind, "year": year,
        "kinds": WorkReport.Kind.choices, "unit": unit, "can_add": can_at(request.user, "campaigns.add_workreport", unit.path),
    })


@login_required
def workreport_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, "campaigns.add_workreport", unit.path):
        raise PermissionDenied("您没有登记述职和实绩写实的权限")
    cadres = Cadre.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).order_by("name_pinyin") \
        if can_at(request.user, "people.view_cadre", unit.path) else Cadre.objects.none()
    campaigns = Campaign.objects.visible_to(request.user, "view").exclude(status=Campaign.Status.DRAFT)
    form = WorkReportForm(request.POST or None, request.FILES or None, cadres=cadres, campaigns=campaigns,
                          initial={"date": timezone.localdate(), "kind": WorkReport.Kind.HALF_YEAR})
    status = 200
    if request.method == "POST":
        w, status = submit(form, lambda d: records.workreport_add(actor=request.user, org_unit=unit, data=d, uploads=d.get("attachments") or []))
        if w is not None:
            messages.success(request, "已登记")
            return HttpResponseRedirect(w.get_absolute_url(), status=303)
    return render(request, "core/form.html", {
        "title": f"登记述职或实绩写实（{unit.name}）",
        "breadcrumbs": [("述职和实绩写实", reverse("campaigns:workreports")), ("登记", None)], "form": form,
    }, status=status)


def _workreport(request: HttpRequest, pk: int) -> WorkReport:
    require_perm(request.user, "campaigns.view_workreport")
    return get_object_or_404(WorkReport.objects.visible_to(request.user, "view").select_related("org_unit", "cadre", "campaign",
                                                                                                "created_by"), pk=pk)


@login_required
def workreport_detail(request: HttpRequest, pk: int) -> HttpResponse:
    w = _workreport(request, pk)
    return render(request, "campaigns/workreport.html", {
        "title": w.title, "breadcrumbs": [("述职和实绩写实", reverse("campaigns:workreports")), (w.title, None)], "w": w,
        "files": list(w.files.all()),
    })


@login_required
def workreport_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    w = _workreport(request, pk)
    return files.download(get_object_or_404(w.files.all(), pk=file_id))
