"""Pages of 查摆问题 and the rectification ledger (整改台帐): problems with their opinions and suggestions of
likely duplicates, measures and their steps (报告进展, 报告完成, 验收销号 / 退回, 重新整改), the ledger with per-unit
counts, its official-layout xlsx and the read-back of progress. Thin views: services in problems.py,
measures.py, ledger.py."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_at, require_perm, scope_paths
from zugong.audit.services import record
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.models import StoredFile
from zugong.core.params import int_param
from zugong.core.scope import paths_q
from zugong.core.units import require_unit
from zugong.core.views import UploadForm, error_text, form_refused, posted_version, step_back, submit
from zugong.opinions import ledger, measures, problems
from zugong.opinions.forms_ledger import (
    ClusterFilterForm,
    CompleteForm,
    DecideForm,
    MeasureFilterSet,
    MeasureForm,
    ProblemForm,
    ReopenForm,
    ReportForm,
)
from zugong.opinions.models import OPEN_MEASURE, Drive, Measure, MeasureUpdate, Opinion, Problem
from zugong.orgs.models import OrgUnit

VIEW_PROBLEM, VIEW_MEASURE, VIEW_OPINION = "opinions.view_problem", "opinions.view_measure", "opinions.view_opinion"
PROBLEMS = ("查摆问题", "opinions:problem_list")
LEDGER = ("整改台帐", "opinions:ledger")

Crumbs = list[tuple[str, str | None]]


def _crumbs(root: tuple[str, str], *items: tuple[str, str | None]) -> Crumbs:
    return [(root[0], reverse(root[1])), *items]


def _drives(user: Any) -> Any:
    return Drive.objects.visible_to(user, "view").order_by("-start_date", "-id")


# ---------------------------------------------------------------- problems


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_PROBLEM)
    qs = (Problem.objects.visible_to(request.user, "view").select_related("org_unit", "category")
          .annotate(n_opinions=Count("opinions", distinct=True), n_measures=Count("measures", distinct=True),
                    n_done=Count("measures", filter=Q(measures__status=Measure.Status.CLOSED), distinct=True))
          .order_by("-identified_on", "-id"))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    by_category = list(Problem.objects.visible_to(request.user, "view").values("category__name").annotate(n=Count("id")).order_by("-n"))
    return render(request, "opinions/problem_list.html", {
        "title": "查摆问题", "breadcrumbs": [("查摆问题", None)], "page_obj": page, "by_category": by_category,
        "can_add": problems.units_with(request.user).exists()})


@login_required
def problem_add(request: HttpRequest) -> HttpResponse:
    units = problems.units_with(request.user)
    if not units.exists():
        raise PermissionDenied("您没有查摆问题的权限")
    opinion = None
    wanted = int_param(request.GET.get("opinion") or request.POST.get("opinion"))
    if wanted is not None:
        opinion = get_object_or_404(Opinion.objects.visible_to(request.user, "view").select_related("org_unit"), pk=wanted)
    initial: dict[str, Any] = {"org_unit": opinion.org_unit_id if opinion else require_unit(request).pk}
    if opinion is not None:
        initial |= {"category": opinion.category_id, "drive": opinion.drive_id}
    form = ProblemForm(request.POST or None, units=units, drives=_drives(request.user), initial=initial)
    status = 200
    if request.method == "POST":
        p, status = submit(form, lambda c: problems.problem_create(actor=request.user, org_unit=c["org_unit"], data=c,
                                                                   opinions=[opinion] if opinion else None))
        if p is not None:
            messages.success(request, f"已新建问题“{p.title}”")
            return HttpResponseRedirect(p.get_absolute_url(), status=303)
    return render(request, "opinions/problem_form.html", {"title": "新建查摆问题", "form": form, "opinion": opinion,
                                                          "breadcrumbs": _crumbs(PROBLEMS, ("新建", None))}, status=status)


def _problem(request: HttpRequest, pk: int) -> Problem:
    require_perm(request.user, VIEW_PROBLEM)
    return get_object_or_404(Problem.objects.visible_to(request.user, "view").select_related("org_unit", "category", "drive"), pk=pk)


def _unclustered(request: HttpRequest, p: Problem) -> Any:
    return Opinion.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=p.org_unit.path, problem=None)


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    user = request.user
    can_change = can_at(user, problems.CHANGE, p.org_unit.path)
    opinions = Paginator(p.opinions.select_related("org_unit", "category").order_by("-received_on", "-id"), 20).get_page(request.GET.get("page"))
    filt = ClusterFilterForm(request.GET if "cf" in request.GET else None)
    matching = None
    if can_change and filt.is_bound and filt.is_valid():
        matching = filt.apply(_unclustered(request, p)).count()
    today = timezone.localdate()
    rows = list(p.measures.select_related("org_unit").order_by("deadline", "id"))
    for m in rows:
        m.late = m.is_overdue(today)  # type: ignore[attr-defined]
    return render(request, "opinions/problem_detail.html", {
        "title": p.title, "breadcrumbs": _crumbs(PROBLEMS, (p.title, None)), "p": p, "opinions": opinions,
        "suggestions": problems.problem_suggestions(user, p) if can_change else [], "can_change": can_change,
        "filter_form": filt if can_change else None, "matching": matching, "measures": rows,
        "can_plan": can_at(user, measures.CHANGE, p.org_unit.path),
    })


@login_required
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    require_at(request.user, problems.CHANGE, p.org_unit.path)
    initial = {"category": p.category_id, "title": p.title, "description": p.description, "drive": p.drive_id, "version": p.version}
    form = ProblemForm(request.POST or None, drives=_drives(request.user), initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: problems.problem_update(actor=request.user, problem=p, data=c,
                                                                       expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"修改：{p.title}", "form": form,
                                              "breadcrumbs": _crumbs(PROBLEMS, (p.title, p.get_absolute_url()), ("修改", None))}, status=status)


@login_required
@require_POST
def problem_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    """Put opinions into the problem: the ticked ones (ids), or every unclustered one matching the filter."""
    p = _problem(request, pk)
    require_at(request.user, problems.CHANGE, p.org_unit.path)
    visible = Opinion.objects.visible_to(request.user, "view")
    if request.POST.get("mode") == "filter":
        filt = ClusterFilterForm(request.POST)
        if not filt.is_valid():
            messages.error(request, "筛选条件不对")
            return HttpResponseRedirect(p.get_absolute_url(), status=303)
        chosen = filt.apply(_unclustered(request, p))
    else:
        ids = [i for i in (int_param(x) for x in request.POST.getlist("opinions")) if i is not None]
        if not ids:
            messages.error(request, "请勾选要归入的意见")
            return HttpResponseRedirect(p.get_absolute_url(), status=303)
        chosen = visible.filter(pk__in=ids)
    try:
        n = problems.cluster(actor=request.user, problem=p, opinions=chosen)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已归入 {n} 条意见")
    return HttpResponseRedirect(p.get_absolute_url(), status=303)


@login_required
@require_POST
def problem_uncluster(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    p = _problem(request, pk)
    require_at(request.user, problems.CHANGE, p.org_unit.path)
    o = get_object_or_404(Opinion.objects.visible_to(request.user, "view"), pk=opinion_id)
    if o.problem_id != p.pk:
        messages.error(request, "该意见不在本问题中")
    else:
        problems.uncluster(actor=request.user, problem=p, opinion=o)
        messages.success(request, "已移出该意见")
    return HttpResponseRedirect(p.get_absolute_url(), status=303)


@login_required
@require_POST
def problem_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    require_at(request.user, problems.CHANGE, p.org_unit.path)
    n = 0
    try:
        n = problems.problem_feedback(actor=request.user, problem=p, text=request.POST.get("text", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已向 {n} 条意见的提出人反馈")
    return HttpResponseRedirect(p.get_absolute_url(), status=303)


@login_required
@require_POST
def opinion_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff-entered opinion: the reply given and the 回访 rating."""
    from zugong.opinions import entry

    require_perm(request.user, VIEW_OPINION)
    o = get_object_or_404(Opinion.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)
    require_at(request.user, entry.ADD, o.org_unit.path)
    rating = int_param(request.POST.get("rating")) if request.POST.get("rating") else None
    if request.POST.get("rating") and rating is None:
        messages.error(request, entry.MSG_RATING)
        return HttpResponseRedirect(o.get_absolute_url(), status=303)
    return step_back(request, o.get_absolute_url(), lambda: entry.opinion_feedback(
        actor=request.user, opinion=o, reply=request.POST.get("reply", ""), rating=rating, comment=request.POST.get("comment", ""),
        expected_version=posted_version(request)), "已记录答复和回访")


@login_required
@require_POST
def opinion_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    """From an opinion's page: put it into one of the problems offered there."""
    require_perm(request.user, VIEW_OPINION)
    o = get_object_or_404(Opinion.objects.visible_to(request.user, "view"), pk=pk)
    require_perm(request.user, problems.CHANGE)
    p = Problem.objects.visible_to(request.user, "view").filter(pk=int_param(request.POST.get("problem")) or 0).first()
    if p is None:
        messages.error(request, "请选择问题")
        return HttpResponseRedirect(o.get_absolute_url(), status=303)
    require_at(request.user, problems.CHANGE, p.org_unit.path)
    return step_back(request, o.get_absolute_url(),
                 lambda: problems.cluster(actor=request.user, problem=p, opinions=Opinion.objects.filter(pk=o.pk)), f"已归入问题“{p.title}”")


# ---------------------------------------------------------------- measures


def _measure_units(user: Any, source_unit: OrgUnit) -> Any:
    return (OrgUnit.objects.filter(path__startswith=source_unit.path, is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
            .filter(paths_q("path", scope_paths(user, "opinions.view_measure"))).order_by("path"))


@login_required
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    require_at(request.user, measures.CHANGE, p.org_unit.path)
    form = MeasureForm(request.POST or None, units=_measure_units(request.user, p.org_unit), initial={"org_unit": p.org_unit_id})
    status = 200
    if request.method == "POST":
        m, status = submit(form, lambda c: measures.measure_create(actor=request.user, problem=p, data=c))
        if m is not None:
            messages.success(request, f"已制定整改措施，时限 {m.deadline:%Y-%m-%d}")
            return HttpResponseRedirect(p.get_absolute_url() + "#measures", status=303)
    return render(request, "core/form.html", {"title": f"制定整改措施：{p.title}", "form": form,
                                              "breadcrumbs": _crumbs(PROBLEMS, (p.title, p.get_absolute_url()), ("制定整改措施", None))},
                  status=status)


@login_required
def finding_measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Another measure for a campaign's supervision finding."""
    from zugong.campaigns.models import Finding

    require_perm(request.user, "campaigns.view_finding")
    f = get_object_or_404(Finding.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)
    require_at(request.user, measures.CHANGE, f.org_unit.path)
    form = MeasureForm(request.POST or None, units=_measure_units(request.user, f.org_unit),
                       initial={"org_unit": f.org_unit_id, "deadline": f.deadline})
    status = 200
    if request.method == "POST":
        m, status = submit(form, lambda c: measures.measure_create(actor=request.user, finding=f, data=c))
        if m is not None:
            messages.success(request, f"已制定整改措施，时限 {m.deadline:%Y-%m-%d}")
            return HttpResponseRedirect(f.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "督导发现问题：增加整改措施", "form": form,
                                              "breadcrumbs": [("督导发现问题", f.get_absolute_url()), ("增加整改措施", None)]}, status=status)


def _measure(request: HttpRequest, pk: int) -> Measure:
    require_perm(request.user, VIEW_MEASURE)
    return get_object_or_404(Measure.objects.visible_to(request.user, "view")
                             .select_related("org_unit", "org_unit__parent", "problem", "problem__category", "finding", "accepted_by"), pk=pk)


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    user = request.user
    can_change = can_at(user, measures.CHANGE, m.org_unit.path)
    open_ = m.status in OPEN_MEASURE
    updates = list(m.updates.select_related("author").prefetch_related("files").order_by("created_at", "id"))
    source_url = m.problem.get_absolute_url() if m.problem_id else m.finding.get_absolute_url()  # type: ignore[union-attr]
    return render(request, "opinions/measure_detail.html", {
        "title": "整改措施", "breadcrumbs": _crumbs(LEDGER, (str(m), None)), "m": m, "updates": updates, "source_url": source_url,
        "late": m.is_overdue(timezone.localdate()), "can_edit": can_change and open_,
        "report_form": ReportForm(initial={"version": m.version, "progress": m.progress}) if can_change and open_ else None,
        "complete_form": CompleteForm(initial={"version": m.version}) if can_change and open_ else None,
        "decide_form": DecideForm(initial={"version": m.version}) if m.status == Measure.Status.AWAITING and measures.can_accept(user, m) else None,
        "reopen_form": ReopenForm(initial={"version": m.version}) if m.status in (Measure.Status.CLOSED, Measure.Status.AWAITING)
        and (can_change or measures.can_accept(user, m)) else None,
    })


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    require_at(request.user, measures.CHANGE, m.org_unit.path)
    source_unit = m.problem.org_unit if m.problem_id else m.finding.org_unit  # type: ignore[union-attr]
    initial = {"content": m.content, "org_unit": m.org_unit_id, "leader": m.leader, "responsible": m.responsible, "deadline": m.deadline,
               "version": m.version}
    form = MeasureForm(request.POST or None, units=_measure_units(request.user, source_unit), initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: measures.measure_update(actor=request.user, measure=m, data=c,
                                                                       expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "修改整改措施", "form": form,
                                              "breadcrumbs": _crumbs(LEDGER, (str(m), m.get_absolute_url()), ("修改", None))}, status=status)


@login_required
@require_POST
def measure_report(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    require_at(request.user, measures.CHANGE, m.org_unit.path)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return form_refused(request, form, m.get_absolute_url())
    c = form.cleaned_data
    return step_back(request, m.get_absolute_url(), lambda: measures.measure_report(
        actor=request.user, measure=m, text=c["text"], progress=c["progress"], expected_version=c["version"], uploads=c.get("attachments") or []),
        "已报告进展")


@login_required
@require_POST
def measure_complete(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    require_at(request.user, measures.CHANGE, m.org_unit.path)
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        return form_refused(request, form, m.get_absolute_url())
    c = form.cleaned_data
    return step_back(request, m.get_absolute_url(), lambda: measures.measure_complete(
        actor=request.user, measure=m, text=c["text"], expected_version=c["version"], uploads=c.get("attachments") or []),
        "已报告完成，等待上级验收")


@login_required
@require_POST
def measure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    if not measures.can_accept(request.user, m):
        raise PermissionDenied(measures.MSG_SUPERIOR)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择验收或退回")
        return HttpResponseRedirect(m.get_absolute_url(), status=303)
    c = form.cleaned_data
    if c["decision"] == "accept":
        return step_back(request, m.get_absolute_url(), lambda: measures.measure_accept(
            actor=request.user, measure=m, expected_version=c["version"], comment=c["comment"]), "已验收销号")
    return step_back(request, m.get_absolute_url(), lambda: measures.measure_return(
        actor=request.user, measure=m, comment=c["comment"], expected_version=c["version"]), "已退回")


@login_required
@require_POST
def measure_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    m = _measure(request, pk)
    if not (can_at(request.user, measures.CHANGE, m.org_unit.path) or measures.can_accept(request.user, m)):
        raise PermissionDenied("您不能重新启动该措施的整改")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, m.get_absolute_url())
    c = form.cleaned_data
    opinion = None
    if c.get("opinion"):
        opinion = Opinion.objects.visible_to(request.user, "view").filter(pk=c["opinion"]).first()
        if opinion is None:
            messages.error(request, "意见不存在或不在您的授权范围内")
            return HttpResponseRedirect(m.get_absolute_url(), status=303)
    return step_back(request, m.get_absolute_url(), lambda: measures.measure_reopen(
        actor=request.user, measure=m, reason=c["reason"], expected_version=c["version"], opinion=opinion), "已重新启动整改")


@login_required
def measure_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    m = _measure(request, pk)
    if not MeasureUpdate.files.through.objects.filter(measureupdate__measure=m, storedfile_id=file_id).exists():
        raise Http404("文件不存在")
    return files.download(StoredFile.objects.get(pk=file_id))


# ---------------------------------------------------------------- the ledger


def _ledger_unit(request: HttpRequest) -> OrgUnit:
    unit = require_unit(request)
    wanted = int_param(request.GET.get("org"))
    if wanted is not None and wanted != unit.pk:
        other = OrgUnit.objects.filter(paths_q("path", scope_paths(request.user, VIEW_MEASURE)), pk=wanted).first()
        if other is not None:
            return other
    return unit


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_MEASURE)
    unit = _ledger_unit(request)
    base = ledger.measures_in(request.user, unit)
    fs = MeasureFilterSet(request.GET or None, queryset=base, request=request)
    qs = fs.qs if fs.is_bound and fs.is_valid() else (base.none() if fs.is_bound else base)
    if request.GET.get("export") == "xlsx":
        return _export(request, unit, qs)
    today = timezone.localdate()
    page = Paginator(qs.select_related("org_unit", "problem", "problem__category", "finding").order_by("deadline", "id"), 30) \
        .get_page(request.GET.get("page"))
    for m in page:
        m.late = m.is_overdue(today)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "opinions/ledger.html", {
        "title": "整改台帐", "breadcrumbs": [("整改台帐", None)], "unit": unit, "filterset": fs, "page_obj": page,
        "counts": ledger.counts(qs, unit, today), "query_string": params.urlencode(),
        "can_import": measures.units_with(request.user).exists(),
    })


def _export(request: HttpRequest, unit: OrgUnit, qs: Any) -> FileResponse:
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    n = ledger.write(path, unit, ledger.export_rows(qs))
    record(action="measure.exported", actor=request.user, object_type="opinions.measure", object_repr=f"整改台帐（{unit.name}）",
           org_unit_id=unit.pk, after={"query": request.GET.urlencode(), "rows": n})
    handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it
    os.unlink(path)  # the open handle keeps the data until the response is sent
    name = f"{unit.name}整改台帐{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    if not measures.units_with(request.user).exists():
        raise PermissionDenied("您没有报告整改进展的权限")
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = ledger.read_back(request.user, form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", error_text(exc))
            status = 400
        else:
            if result.errors:
                status = 400
            else:
                messages.success(request, f"已导入 {result.updated} 项措施的整改进展")
                return HttpResponseRedirect(reverse("opinions:ledger"), status=303)
    elif request.method == "POST":
        status = 400
    return render(request, "opinions/ledger_import.html", {"title": "导入整改进展", "form": form, "result": result,
                                                           "breadcrumbs": _crumbs(LEDGER, ("导入整改进展", None))}, status=status)
