"""Statistics pages: the dashboard (per-child table and charts, drill-down, xlsx) and provenance lists."""

from __future__ import annotations

from typing import Any

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
from zugong.stats import dashboard as dash
from zugong.stats import engine, snapshots
from zugong.stats.forms import GRAINS, StatsQueryForm
from zugong.stats.registry import available_to, exists, get


def _ancestors(user: Any, org: OrgUnit) -> list[OrgUnit]:
    """Visible ancestors of `org`, top first, for drilling back up."""
    return list(OrgUnit.objects.visible_to(user, "view").filter(path__in=org.ancestor_paths()).order_by("path"))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's unit per child: chosen indicators, totals with 上年同期, ranking, gauges, trend; or the xlsx."""
    require_perm(request.user, "orgs.view_orgunit")
    form = StatsQueryForm(request.GET or None, user=request.user)
    raw_org = request.GET.get("org") or (current_unit(request).pk if current_unit(request) else None)
    if raw_org is None:
        raise Http404("您没有任何单位的授权")
    org = engine.visible_org(request.user, raw_org)
    indicators = form.chosen()
    data = dash.build(user=request.user, org=org, period=form.period(), indicators=indicators,
                      focus=form.focus(indicators), grain=form.trend_grain(), target=form.target_value())
    if request.GET.get("export") == "xlsx":
        record(action="stats.exported", actor=request.user, object_type="stats.dashboard", object_repr=org.name,
               org_unit_id=org.pk, after={"query": request.GET.urlencode()})
        headers, rows = dash.sheet(data)
        return xlsx_response(headers, rows, filename=f"{org.name}统计.xlsx", sheet="统计")

    # Moving to another unit keeps the indicators, period and grain; a target belongs to the unit it was set for.
    nav_query = _query(request, drop=("target",))

    def drill(org_id: int) -> str:
        return f"?{_query(request, org=org_id, drop=('target',))}"

    return render(request, "stats/dashboard.html", {
        "title": "统计看板",
        "breadcrumbs": [("统计看板", None)],
        "form": form, "org": org, "period": data.period, "previous_period": data.previous_period,
        "results": data.results, "chosen": indicators, "focus": data.focus, "grain": data.grain,
        "grains": GRAINS, "target": data.target,
        "table": dash.table(data, drill), "totals": dash.totals(data), "has_dated": data.has_dated,
        "has_state": data.has_state, "state_footnote": dash.STATE_FOOTNOTE,
        "ranking": data.ranking, "ranking_rows": dash.ranking_rows(data, drill), "ranking_chart": dash.ranking_chart(data),
        "gauges": dash.gauges(data), "charts": dash.charts(data), "trend": dash.trend(data),
        "ancestors": _ancestors(request.user, org), "query_string": _query(request), "nav_query": nav_query,
        "snapshots": snapshots.frozen_for(request.user, org, data.period),
    })


def _query(request: HttpRequest, *, drop: tuple[str, ...] = (), **override: Any) -> str:
    params = request.GET.copy()
    for k, v in override.items():
        params[k] = str(v)
    for k in ("export", *drop):
        params.pop(k, None)
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
    unit_field = ind.unit_field or getattr(ind.model, "scope_field", "org_unit")  # "org_unit", or nested ("assignment__org_unit")
    qs = qs.select_related(unit_field).order_by("-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "stats/records.html", {
        "title": f"{ind.label}：数据来源",
        "breadcrumbs": [("统计看板", reverse("stats:dashboard") + f"?org={org.pk}"), (f"{ind.label}（{org.name}）", None)],
        "indicator": ind, "org": org, "period": period, "page_obj": page, "query_string": params.urlencode(),
        "date_field": ind.date_field, "unit_field": unit_field, "own": request.GET.get("own") == "1",
        "frozen": None if request.GET.get("own") == "1" else snapshots.frozen_vs_current(
            request.user, request.GET.get("snapshot"), ind.code, org, period),
    })


def _lookup(ind: Any) -> str:
    return str(ind.unit_path)
