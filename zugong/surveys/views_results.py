"""Results pages of a closed survey (R67: 409 for everyone while it is open): the ranking of regions with the
formula, per-aspect rates and the year-over-year change; a target's figures per item and category; xlsx."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zugong.accounts.access import can_at, has_perm_anywhere
from zugong.core.exports import xlsx_response
from zugong.surveys import appraisal, selectors, texts
from zugong.surveys.models import Survey, Target
from zugong.surveys.results import FORMULA
from zugong.surveys.views import _crumbs, _survey

RESULTS = "surveys.view_result"
MSG_OPEN = "测评结束后才能查看结果（测评进行中任何人都看不到结果）"


def _closed(request: HttpRequest, pk: int, *, perm: str = RESULTS) -> tuple[Survey, HttpResponse | None]:
    s = _survey(request, pk)
    if perm == RESULTS and not can_at(request.user, RESULTS, s.org_unit.path):
        raise PermissionDenied("您没有查看测评结果的权限")
    if s.status not in (Survey.Status.CLOSED, Survey.Status.ARCHIVED):
        return s, render(request, "error.html", {"status": 409, "message": MSG_OPEN}, status=409)
    return s, None


def pct(value: Any) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    s, refused = _closed(request, pk)
    if refused:
        return refused
    data = selectors.ranking(s)
    return render(request, "surveys/results.html", {
        "title": f"{s.title} · 结果", "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("结果", None)), "s": s,
        "formula": FORMULA.get(s.scale, ""), **data, "score": s.scale == "score",
        "inspections": list(s.inspections.select_related("region").annotate(problems=Count("findings"))),
    })


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The results report (测评结果通报) as DOCX (?format=docx) or PDF, in the briefing's official layout."""
    from urllib.parse import quote

    from zugong.stats import documents
    from zugong.surveys import report as survey_report

    fmt = request.GET.get("format", "pdf")
    if fmt not in ("docx", "pdf"):
        return render(request, "error.html", {"status": 400, "message": "格式应为 docx 或 pdf"}, status=400)
    s, refused = _closed(request, pk)
    if refused:
        return refused
    doc, meta = survey_report.document(s)
    if fmt == "docx":
        data, ctype = documents.to_docx(doc, meta), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data, ctype = documents.to_pdf(doc, meta), "application/pdf"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{s.title}-结果通报.{fmt}')}"
    return response


@login_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """意见建议: the free-text answers of the shown targets, in random order, each read audited (texts.py)."""
    s, refused = _closed(request, pk)
    if refused:
        return refused
    if not texts.may_read(request.user, s):
        raise PermissionDenied("干部个人民主测评的意见建议只有部领导可以查看")
    groups, hidden = texts.comments_read(actor=request.user, survey=s)
    if request.GET.get("export") == "xlsx":
        rows = ((g.target.org_unit.name, i, text) for g in groups for i, text in enumerate(g.texts, start=1))
        return xlsx_response(["测评对象", "序号", "意见建议"], rows, filename=f"{s.title}-意见建议.xlsx", sheet="意见建议")
    return render(request, "surveys/comments.html", {
        "title": f"{s.title} · 意见建议", "s": s, "groups": groups, "hidden": hidden,
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("结果", reverse("surveys:results", args=[s.pk])), ("意见建议", None)),
    })


@login_required
def person_results(request: HttpRequest, pk: int) -> HttpResponse:
    """干部个人民主测评结果: the rated cadres the viewer may see (appraisal.py), each read audited."""
    if not has_perm_anywhere(request.user, appraisal.APPRAISAL):
        raise PermissionDenied("您没有查看干部个人民主测评结果的权限")
    s, refused = _closed(request, pk, perm=appraisal.APPRAISAL)
    if not s.rates_persons:
        raise Http404
    if refused:
        return refused
    data = appraisal.appraisal_read(actor=request.user, survey=s)
    if not data["persons"]:
        raise Http404
    return render(request, "surveys/person_results.html", {
        "title": f"{s.title} · 干部个人测评结果", "s": s, "formula": FORMULA.get(s.scale, ""), "options": s.options, **data,
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("干部个人测评结果", None)),
    })


@login_required
def target_results(request: HttpRequest, pk: int, target_id: int) -> HttpResponse:
    s, refused = _closed(request, pk)
    if refused:
        return refused
    target = get_object_or_404(Target.objects.select_related("org_unit"), survey=s, pk=target_id) if target_id else None
    data = selectors.target_results(s, target.pk if target else None)
    name = str(target) if target else "全部测评对象"
    return render(request, "surveys/target_results.html", {
        "title": f"{s.title} · {name}", "s": s, "target": target, "name": name, "formula": FORMULA.get(s.scale, ""),
        "options": s.options, "score": s.scale == "score",
        "breadcrumbs": _crumbs((s.title, s.get_absolute_url()), ("结果", reverse("surveys:results", args=[s.pk])), (name, None)), **data,
    })


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    s, refused = _closed(request, pk)
    if refused:
        return refused
    data = selectors.ranking(s)
    aspects = data["aspects"]
    headers = ["层级", "排名", "测评对象", "参评人数", "总体", *(a.name for a in aspects), "上年", "同比变化"]

    def rows() -> Any:
        for r in data["rows"]:
            shown = not r.overall.suppressed
            yield [("下一级" if r.level == 1 else "再下一级" if r.level == 2 else str(r.level)), r.rank or "", str(r.target),
                   r.overall.n if shown else "样本不足", pct(r.overall.rate) if shown else "样本不足",
                   *(pct(c.rate) if not c.suppressed else "样本不足" for c in r.aspects),
                   pct(r.previous), "" if r.change is None else f"{r.change * 100:+.1f}个百分点"]

    return xlsx_response(headers, rows(), filename=f"{s.title}-结果.xlsx", sheet="测评结果")
