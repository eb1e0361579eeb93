"""Statistics pages: the dashboard (per-child table and charts, drill-down, xlsx) and provenance lists."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zugong.accounts.access import require_perm
from zugong.audit.services import record
from zugong.core.exports import xlsx_response
from zugong.core.units import current_unit
from zugong.orgs.models import OrgUnit
from zugong.stats import engine
from zugong.stats.forms import StatsQueryForm
from zugong.stats.registry import available_to, exists, get


def _ancestors(user: Any, org: OrgUnit) -> list[OrgUnit]:
    """Visible ancestors of `org`, top first, for drilling back up."""
    return list(OrgUnit.objects.visible_to(user, "view").filter(path__in=org.ancestor_paths()).order_by("path"))


def _records_url(code: str, org_id: int, period: engine.Period, own: bool = False) -> str:
    params = {"indicator": code, "org": org_id}
    if period.start:
        params["start"] = period.start.isoformat()
    if period.end:
        params["end"] = period.end.isoformat()
    if own:
        params["own"] = "1"
    return reverse("stats:records") + "?" + urlencode(params)


def _fmt(v: Any) -> str:
    return "—" if v is None else f"{v:,}" if isinstance(v, int) else str(v)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "orgs.view_orgunit")
    form = StatsQueryForm(request.GET or None, user=request.user)
    raw_org = request.GET.get("org") or (current_unit(request).pk if current_unit(request) else None)
    if raw_org is None:
        raise Http404("您没有任何单位的授权")
    org = engine.visible_org(request.user, raw_org)
    period = form.period()
    indicators = form.chosen()
    kids = engine.children_of(org)
    results = [engine.breakdown(ind, request.user, org, period, kids) for ind in indicators]
    # Every indicator lists the same children in the same order; 本级 shows when any indicator has one.
    with_own = any(b.own for b in results)
    columns = [b.rows(with_own=with_own) for b in results]
    children = columns[0] if columns else []
    table: list[dict[str, Any]] = []
    for i, row in enumerate(children):
        cells = []
        for b, rows in zip(results, columns, strict=True):
            r = rows[i]
            link = None
            if not b.indicator.is_ratio:
                link = _records_url(b.indicator.code, org.pk if r.is_own else r.org_id, period, own=r.is_own)
            cells.append({"value": _fmt(r.value), "raw": r.value, "link": link})
        table.append({"row": row, "cells": cells, "drill": None if row.is_own else f"?{_query(request, org=row.org_id)}"})
    totals = [{"value": _fmt(b.total), "link": None if b.indicator.is_ratio else _records_url(b.indicator.code, org.pk, period)} for b in results]
    if request.GET.get("export") == "xlsx":
        record(action="stats.exported", actor=request.user, object_type="stats.dashboard", object_repr=org.name,
               org_unit_id=org.pk, after={"query": request.GET.urlencode()})
        headers = ["单位", *[f"{b.indicator.label}（{b.indicator.unit}）" for b in results]]
        sheet_rows = [[t["row"].name, *[c["raw"] if c["raw"] is not None else "" for c in t["cells"]]] for t in table]
        sheet_rows.append(["合计", *[b.total if b.total is not None else "" for b in results]])
        return xlsx_response(headers, sheet_rows, filename=f"{org.name}统计.xlsx", sheet="统计")
    charts = [
        {"id": f"chart-{i}", "title": f"{b.indicator.label}（{b.indicator.unit}）",
         "data": [{"name": r.name, "value": float(r.value) if r.value is not None else None} for r in rows]}
        for i, (b, rows) in enumerate(zip(results, columns, strict=True))
    ]
    trend_ind = next((b.indicator for b in results if b.indicator.date_field), None)
    trend = None
    if trend_ind is not None:
        points = engine.series(trend_ind, request.user, org, period, "month")
        if points:
            trend = {"title": f"{trend_ind.label}月度走势", "data": [{"name": k, "value": float(v) if v is not None else None} for k, v in points]}
    return render(request, "stats/dashboard.html", {
        "title": "统计看板",
        "breadcrumbs": [("统计看板", None)],
        "form": form, "org": org, "period": period, "results": results, "table": table, "totals": totals,
        "charts": charts, "trend": trend, "ancestors": _ancestors(request.user, org),
        "query_string": request.GET.urlencode(),
    })


def _query(request: HttpRequest, **override: Any) -> str:
    params = request.GET.copy()
    for k, v in override.items():
        params[k] = str(v)
    params.pop("export", None)
    return params.urlencode()


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """The records behind a value: same scope, subtree and period as the figure."""
    code = request.GET.get("indicator", "")
    if not exists(code):
        raise Http404("指标不存在")
    ind = get(code)
    if ind.is_ratio:
        assert ind.numerator
        ind = get(ind.numerator)
    if ind not in available_to(request.user):
        require_perm(request.user, ind.view_perms()[0])
    org = engine.visible_org(request.user, request.GET.get("org") or "")
    form = StatsQueryForm(request.GET, user=request.user)
    period = form.period() if (request.GET.get("start") or request.GET.get("end")) else engine.Period()
    qs = engine.records(ind, request.user, org, period)
    if request.GET.get("own") == "1":
        kids = OrgUnit.objects.visible_to(request.user, "view").filter(parent=org).exclude(kind=OrgUnit.Kind.OFFICE).values_list("path", flat=True)
        for p in kids:
            qs = qs.exclude(**{f"{_lookup(ind)}__startswith": p})
    qs = qs.select_related("org_unit").order_by("-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "stats/records.html", {
        "title": f"{ind.label}：数据来源",
        "breadcrumbs": [("统计看板", reverse("stats:dashboard") + f"?org={org.pk}"), (f"{ind.label}（{org.name}）", None)],
        "indicator": ind, "org": org, "period": period, "page_obj": page, "query_string": params.urlencode(),
        "date_field": ind.date_field, "own": request.GET.get("own") == "1",
    })


def _lookup(ind: Any) -> str:
    from zugong.core.scope import path_lookup

    return path_lookup(ind.model)
