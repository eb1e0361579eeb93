"""Briefing pages: templates with a live-preview editor, drafts, issuing, DOCX/PDF, period snapshots."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, has_perm_anywhere, require_perm
from zugong.audit.services import record
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.units import require_unit
from zugong.core.views import submit
from zugong.orgs.models import OrgUnit
from zugong.stats import briefings, documents, engine, placeholders, snapshots
from zugong.stats.briefing_forms import (
    BriefingCreateForm,
    BriefingForm,
    PreviewForm,
    SnapshotForm,
    TemplateForm,
)
from zugong.stats.briefing_templates import BUILTIN
from zugong.stats.models import Briefing, BriefingTemplate, Snapshot
from zugong.stats.registry import available_to

LIST = ("简报", "stats:briefing_list")
TEMPLATES = ("简报模板", "stats:template_list")



def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(LIST[0], reverse(LIST[1])), *items]


def _meta(b: Briefing) -> dict[str, Any]:
    when = timezone.localtime(b.issued_at).date() if b.issued_at else timezone.localdate()
    return {"masthead": b.masthead, "number": b.issue_label if b.is_issued else "（草稿）", "unit": b.org_unit.name,
            "date": documents.cn_date(when), "issued": b.is_issued}


# --- briefings -------------------------------------------------------------------------------------
@login_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "stats.view_briefing")
    unit = require_unit(request)
    qs = Briefing.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).select_related("org_unit")
    status = request.GET.get("status", "")
    if status in Briefing.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-issued_at", "-created_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "stats/briefing_list.html", {
        "title": "简报", "breadcrumbs": [(LIST[0], None)], "unit": unit, "page_obj": page, "status": status,
        "can_add": can_at(request.user, "stats.add_briefing", unit.path),
        "can_templates": can_at(request.user, "stats.view_briefingtemplate", unit.path),
    })


@login_required
def briefing_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, "stats.add_briefing", unit.path):
        raise PermissionDenied("您没有在本单位编写简报的权限")
    templates = BriefingTemplate.objects.visible_to(request.user, "view").filter(org_unit=unit)
    form = BriefingCreateForm(request.POST or None, templates=templates)
    status = 200
    if request.method == "POST":
        b, status = submit(form, lambda d: briefings.briefing_create(
            actor=request.user, org_unit=unit, template=d["template"], period_start=d["period_start"], period_end=d["period_end"]))
        if b is not None:
            messages.success(request, "草稿已生成，数字按统计期间实时计算；签发时冻结")
            return HttpResponseRedirect(b.get_absolute_url())
    return render(request, "stats/briefing_add.html", {
        "title": f"编写简报（{unit.name}）", "breadcrumbs": _crumbs(("编写简报", None)), "form": form,
        "has_templates": templates.exists(),
    }, status=status)


def _briefing(request: HttpRequest, pk: int) -> Briefing:
    require_perm(request.user, "stats.view_briefing")
    return get_object_or_404(Briefing.objects.visible_to(request.user, "view").select_related("org_unit", "issued_by", "snapshot"), pk=pk)


@login_required
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    b = _briefing(request, pk)
    doc = documents.with_links(briefings.document(request.user, b))
    return render(request, "stats/briefing_detail.html", {
        "title": str(b), "breadcrumbs": _crumbs((str(b), None)), "b": b, "doc": doc,
        **documents.html_context(doc, _meta(b)),
        "can_edit": not b.is_issued and can(request.user, "add", b),
        "can_issue": not b.is_issued and can_at(request.user, "stats.issue_briefing", b.org_unit.path),
    })


@login_required
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    b = _briefing(request, pk)
    if not can(request.user, "add", b):
        raise PermissionDenied("您没有编写该简报的权限")
    if b.is_issued:
        messages.error(request, briefings.MSG_ISSUED)
        return HttpResponseRedirect(b.get_absolute_url())
    form = BriefingForm(request.POST or None, initial={**{f: getattr(b, f) for f in briefings.BRIEFING_FIELDS}, "version": b.version})
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: briefings.briefing_update(
            actor=request.user, briefing=b, data={f: d[f] for f in briefings.BRIEFING_FIELDS}, expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(b.get_absolute_url())
    return _editor(request, form, title=f"编辑{b}", crumbs=_crumbs((str(b), b.get_absolute_url()), ("编辑", None)),
                   org=b.org_unit, status=status)


@login_required
@require_POST
def briefing_issue(request: HttpRequest, pk: int) -> HttpResponse:
    b = _briefing(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        briefings.briefing_issue(actor=request.user, briefing=b, expected_version=version)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(b.get_absolute_url(), status=303)
    except ConflictError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(b.get_absolute_url(), status=303)
    messages.success(request, f"已签发：{b.masthead}{b.issue_label}，全部数字已冻结")
    return HttpResponseRedirect(b.get_absolute_url(), status=303)


@login_required
@require_POST
def briefing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    b = _briefing(request, pk)
    try:
        briefings.briefing_delete(actor=request.user, briefing=b)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(b.get_absolute_url(), status=303)
    messages.success(request, "草稿已删除")
    return HttpResponseRedirect(reverse(LIST[1]), status=303)


@login_required
def briefing_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    b = _briefing(request, pk)
    doc = briefings.document(request.user, b)
    meta = _meta(b)
    if fmt == "docx":
        data = documents.to_docx(doc, meta)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        data = documents.to_pdf(doc, meta)
        ctype = "application/pdf"
    else:
        raise Http404("不支持的格式")
    record(action="briefing.downloaded", actor=request.user, obj=b, after={"format": fmt})
    name = f"{b.masthead}{b.issue_label if b.is_issued else '草稿'}.{fmt}"
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


# --- templates and the editor ----------------------------------------------------------------------
def _editor(request: HttpRequest, form: Any, *, title: str, crumbs: list[Any], org: OrgUnit, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "stats/briefing_editor.html", {
        "title": title, "breadcrumbs": crumbs, "form": form, "org": org,
        "indicators": available_to(request.user),
        "preview_start": today.replace(month=1, day=1).isoformat(), "preview_end": today.isoformat(),
        "has_period": "period_start" in form.fields,
    }, status=status)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "stats.view_briefingtemplate")
    unit = require_unit(request)
    templates = BriefingTemplate.objects.visible_to(request.user, "view").filter(org_unit=unit).select_related("updated_by")
    return render(request, "stats/template_list.html", {
        "title": "简报模板", "breadcrumbs": _crumbs((TEMPLATES[0], None)), "unit": unit, "templates": templates,
        "builtin": list(BUILTIN.values()), "can_add": can_at(request.user, "stats.add_briefingtemplate", unit.path),
    })


@login_required
def template_add(request: HttpRequest) -> HttpResponse:
    unit = require_unit(request)
    if not can_at(request.user, "stats.add_briefingtemplate", unit.path):
        raise PermissionDenied("您没有在本单位编辑简报模板的权限")
    if request.method == "POST" and "builtin" in request.POST:
        try:
            tpl = briefings.template_from_builtin(actor=request.user, org_unit=unit, code=request.POST["builtin"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(reverse(TEMPLATES[1]), status=303)
        messages.success(request, f"已复制内置模板“{tpl.name}”，可按本单位情况修改")
        return HttpResponseRedirect(tpl.get_absolute_url(), status=303)
    form = TemplateForm(request.POST or None, initial={"kind": BriefingTemplate.Kind.BRIEFING, "masthead": "组工简报"})
    status = 200
    if request.method == "POST":
        tpl, status = submit(form, lambda d: briefings.template_create(
            actor=request.user, org_unit=unit, data={f: d[f] for f in briefings.TEXT_FIELDS}))
        if tpl is not None:
            messages.success(request, "模板已保存")
            return HttpResponseRedirect(tpl.get_absolute_url())
    return _editor(request, form, title="新建简报模板", crumbs=_crumbs((TEMPLATES[0], reverse(TEMPLATES[1])), ("新建", None)),
                   org=unit, status=status)


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "stats.view_briefingtemplate")
    tpl = get_object_or_404(BriefingTemplate.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)
    editable = can(request.user, "add", tpl)
    form = TemplateForm(request.POST or None, initial={**{f: getattr(tpl, f) for f in briefings.TEXT_FIELDS}, "version": tpl.version})
    if not editable:
        for f in form.fields.values():
            f.disabled = True
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("您没有编辑该模板的权限")
        saved, status = submit(form, lambda d: briefings.template_update(
            actor=request.user, template=tpl, data={f: d[f] for f in briefings.TEXT_FIELDS}, expected_version=d.get("version") or 0))
        if saved is not None:
            messages.success(request, "模板已保存")
            return HttpResponseRedirect(tpl.get_absolute_url())
    return _editor(request, form, title=f"简报模板：{tpl.name}",
                   crumbs=_crumbs((TEMPLATES[0], reverse(TEMPLATES[1])), (tpl.name, None)), org=tpl.org_unit, status=status)


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview: the posted text on real data for the chosen unit and period."""
    if not (has_perm_anywhere(request.user, "stats.view_briefingtemplate") or has_perm_anywhere(request.user, "stats.add_briefing")):
        raise PermissionDenied("您没有编写简报的权限")
    org = engine.visible_org(request.user, request.POST.get("org") or request.GET.get("org") or "")
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return render(request, "stats/_preview.html", {"problems": ["统计期间的日期格式不对，如 2026-06-30"]}, status=400)
    d = form.cleaned_data
    period = engine.Period(d.get("period_start"), d.get("period_end"))
    if period.start and period.end and period.start > period.end:
        return render(request, "stats/_preview.html", {"problems": ["统计期间的结束日期不能早于开始日期"]}, status=400)
    try:
        doc = briefings.preview(request.user, org, period, {f: d.get(f) or "" for f in ("title", "subtitle", "body")})
    except placeholders.TemplateError as exc:
        return render(request, "stats/_preview.html", {"problems": exc.problems}, status=400)
    doc = documents.with_links(doc)
    meta = {"masthead": d.get("masthead") or "简报", "number": "第×期（预览）", "unit": org.name,
            "date": documents.cn_date(timezone.localdate()), "issued": False}
    return render(request, "stats/_preview.html", {**documents.html_context(doc, meta), "missing": doc["missing"]})


# --- snapshots -------------------------------------------------------------------------------------
@login_required
def snapshot_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "stats.view_snapshot")
    unit = require_unit(request)
    qs = Snapshot.objects.visible_to(request.user, "view").filter(org_unit__path__startswith=unit.path).select_related("org_unit", "made_by")
    form = SnapshotForm(request.POST or None, initial={"period_start": timezone.localdate().replace(month=1, day=1),
                                                      "period_end": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_at(request.user, "stats.add_snapshot", unit.path):
            raise PermissionDenied("您没有期间结账的权限")
        snap, status = submit(form, lambda d: snapshots.period_close(
            actor=request.user, org=unit, period=engine.Period(d["period_start"], d["period_end"]), title=d.get("title") or ""))
        if snap is not None:
            messages.success(request, "已冻结本期统计数据")
            return HttpResponseRedirect(snap.get_absolute_url(), status=303)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "stats/snapshot_list.html", {
        "title": "统计快照", "breadcrumbs": [("统计快照", None)], "unit": unit, "page_obj": page, "form": form,
        "can_add": can_at(request.user, "stats.add_snapshot", unit.path),
    }, status=status)


@login_required
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A closed period's figures, read from the frozen rows (no aggregate runs)."""
    require_perm(request.user, "stats.view_snapshot")
    snap = get_object_or_404(Snapshot.objects.visible_to(request.user, "view").select_related("org_unit", "made_by"), pk=pk)
    ctx = snapshots.context_of(snap)
    figs = list(ctx.figures.values())
    names: list[str] = []
    for f in figs:
        for c in f.children:
            if c["name"] not in names:
                names.append(c["name"])
    rows = [{"name": n, "cells": [next((c["value"] for c in f.children if c["name"] == n), None) for f in figs]} for n in names]
    briefing = Briefing.objects.filter(snapshot=snap).first()
    return render(request, "stats/snapshot_detail.html", {
        "title": snap.title, "breadcrumbs": [("统计快照", reverse("stats:snapshot_list")), (snap.title, None)],
        "snap": snap, "figures": figs, "rows": rows, "period": ctx.period, "briefing": briefing,
    })
