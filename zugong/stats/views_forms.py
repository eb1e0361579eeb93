"""Report form pages (填报): list, define, issue, fill (browser or xlsx), review."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.units import require_unit
from zugong.core.views import apply_service_errors
from zugong.orgs.models import OrgUnit
from zugong.stats import selectors, services
from zugong.stats.form_forms import IssueForm, ReportFormForm, ReviewForm
from zugong.stats.models import ReportAssignment, ReportForm
from zugong.stats.registry import get

LIST = ("填报", "stats:form_list")


def _page(request: HttpRequest, template: str, title: str, ctx: dict[str, Any], crumbs: list[Any] | None = None, status: int = 200) -> HttpResponse:
    crumbs = crumbs if crumbs is not None else [(LIST[0], reverse(LIST[1])), (title, None)]
    return render(request, template, {"title": title, "breadcrumbs": crumbs, **ctx}, status=status)



@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "stats.view_reportassignment")
    unit = require_unit(request)
    return _page(request, "stats/form_list.html", "填报", {
        "unit": unit,
        "todo": selectors.assignments_to_fill(request.user, unit),
        "issued": selectors.forms_issued(request.user, unit)[:100],
        "overdue": selectors.overdue(request.user, unit)[:200],
        "can_add": can_at(request.user, "stats.add_reportform", unit.path),
    }, crumbs=[(LIST[0], None)])


@login_required
def form_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, "stats.add_reportform", unit.path):
        raise PermissionDenied("您没有在本单位制发填报表的权限")
    form = ReportFormForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                rf = services.reportform_create(
                    actor=request.user, org_unit=unit, title=d["title"], period_start=d["period_start"],
                    period_end=d["period_end"], codes=d["codes"], workdays=d["workdays"], instructions=d["instructions"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "填报表已创建，请选择下发单位")
                return HttpResponseRedirect(rf.get_absolute_url())
    return _page(request, "core/form.html", f"制发填报表（{unit.name}）", {"form": form}, status=status)


def _form(request: HttpRequest, pk: int) -> ReportForm:
    require_perm(request.user, "stats.view_reportform")
    return get_object_or_404(ReportForm.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)


def _issue_units(request: HttpRequest, rf: ReportForm) -> Any:
    return (
        OrgUnit.objects.visible_to(request.user, "view")
        .filter(path__startswith=rf.org_unit.path, is_active=True).exclude(pk=rf.org_unit_id)
        .exclude(kind=OrgUnit.Kind.OFFICE).exclude(report_assignments__form=rf).order_by("path")
    )


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rf = _form(request, pk)
    can_manage = can(request.user, "add", rf)
    assignments = rf.assignments.select_related("org_unit").order_by("org_unit__path")
    issue_form = IssueForm(units=_issue_units(request, rf)) if can_manage else None
    items = [get(c) for c in rf.indicator_codes]
    return _page(request, "stats/form_detail.html", rf.title, {
        "rf": rf, "items": items, "assignments": assignments, "issue_form": issue_form, "can_manage": can_manage,
    })


@login_required
@require_POST
def form_issue(request: HttpRequest, pk: int) -> HttpResponse:
    rf = _form(request, pk)
    if not can(request.user, "add", rf):
        raise PermissionDenied("您没有下发该填报表的权限")
    form = IssueForm(request.POST, units=_issue_units(request, rf))
    if form.is_valid():
        try:
            created = services.reportform_issue(actor=request.user, form=rf, units=list(form.cleaned_data["units"]))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已下发给 {len(created)} 个单位")
    else:
        messages.error(request, "请选择下发单位")
    return HttpResponseRedirect(rf.get_absolute_url())


def _assignment(request: HttpRequest, pk: int) -> ReportAssignment:
    require_perm(request.user, "stats.view_reportassignment")
    return get_object_or_404(
        ReportAssignment.objects.visible_to(request.user, "view").select_related("form", "form__org_unit", "org_unit"), pk=pk
    )


def _assignment_page(request: HttpRequest, a: ReportAssignment, *, errors: dict[str, str] | None = None,
                     entered: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    stored = {v.code: v.value for v in a.values.all()}
    below = selectors.subordinate_totals(request.user, a)
    rows = [
        {"code": c, "indicator": get(c), "value": (entered or {}).get(c, stored.get(c, "")), "below": below.get(c),
         "error": (errors or {}).get(c)}
        for c in a.form.indicator_codes
    ]
    editable = a.status in selectors.OPEN and can(request.user, "change", a)
    can_review = a.status == ReportAssignment.Status.SUBMITTED and can_at(request.user, "stats.add_reportform", a.form.org_unit.path)
    return _page(request, "stats/assignment.html", f"{a.form.title}（{a.org_unit.name}）", {
        "a": a, "rows": rows, "editable": editable, "can_review": can_review, "errors": errors,
        "has_below": bool(below),
    }, crumbs=[(LIST[0], reverse(LIST[1])), (a.form.title, a.form.get_absolute_url() if can(request.user, "view", a.form) else None),
               (a.org_unit.name, None)], status=status)


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    if request.method != "POST":
        return _assignment_page(request, a)
    raw = {c: request.POST.get(f"v_{c}", "") for c in a.form.indicator_codes}
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = a.version
    try:
        services.assignment_save(actor=request.user, assignment=a, raw=raw, submit=request.POST.get("action") == "submit",
                                 expected_version=version)
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        if not errors:
            messages.error(request, "；".join(exc.messages))
        return _assignment_page(request, a, errors=errors, entered=raw, status=400)
    except ConflictError as exc:
        messages.error(request, exc.message)
        return _assignment_page(request, a, entered=raw, status=409)
    messages.success(request, "已报送，等待上级审核" if request.POST.get("action") == "submit" else "已保存")
    return HttpResponseRedirect(a.get_absolute_url())


@login_required
@require_POST
def assignment_review(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    if not can_at(request.user, "stats.add_reportform", a.form.org_unit.path):
        raise PermissionDenied("只有下发单位可以审核")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.assignment_review(actor=request.user, assignment=a, accept=form.cleaned_data["decision"] == "accept",
                                   comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _assignment_page(request, a, status=400)
    messages.success(request, "已采纳，数据计入汇总" if form.cleaned_data["decision"] == "accept" else "已退回")
    return HttpResponseRedirect(a.get_absolute_url())


@login_required
def assignment_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    """The unit's form as xlsx: indicator code, name, unit, value (to fill offline and upload)."""
    from zugong.core.exports import write_xlsx

    a = _assignment(request, pk)
    stored = {v.code: v.value for v in a.values.all()}
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    rows = [[c, get(c).label, get(c).unit, stored.get(c, "")] for c in a.form.indicator_codes]
    write_xlsx(path, ["指标代码", "指标", "单位", "数值"], rows, sheet="填报")
    handle = open(path, "rb")  # noqa: SIM115
    os.unlink(path)
    response = FileResponse(handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(a.form.title + '.xlsx')}"
    return response


@login_required
@require_POST
def assignment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill from the form's xlsx: values are read by indicator code, then saved as a draft."""
    from python_calamine import CalamineWorkbook

    a = _assignment(request, pk)
    require(request.user, "change", a)
    upload = request.FILES.get("file")
    if upload is None or not (upload.name or "").lower().endswith(".xlsx") or upload.read(4) != b"PK\x03\x04":
        messages.error(request, "请上传由本页下载的 .xlsx 填报表")
        return _assignment_page(request, a, status=400)
    upload.seek(0)
    try:
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            rows = CalamineWorkbook.from_path(tmp.name).get_sheet_by_index(0).to_python()
    except Exception:
        messages.error(request, "无法读取文件，请上传由本页下载的 .xlsx 填报表")
        return _assignment_page(request, a, status=400)
    raw = {str(r[0]).strip(): (r[3] if len(r) > 3 else "") for r in rows[1:] if r and r[0]}
    if not set(a.form.indicator_codes) & set(raw):
        messages.error(request, "文件中没有本表的指标代码，请使用本页下载的填报表")
        return _assignment_page(request, a, status=400)
    try:
        services.assignment_save(actor=request.user, assignment=a, raw=raw, submit=False, expected_version=a.version)
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        if not errors:
            messages.error(request, "；".join(exc.messages))
        return _assignment_page(request, a, errors=errors, entered=raw, status=400)
    messages.success(request, "已从文件读入数值并保存，请核对后报送")
    return HttpResponseRedirect(a.get_absolute_url())
