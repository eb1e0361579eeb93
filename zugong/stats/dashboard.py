"""Reads behind the statistics dashboard: per-child table, year-over-year change, rankings, gauges, trend.

Every figure comes from the engine (数出一源); this module only combines breakdowns. Query cost is
fixed by the indicators chosen, never by the data: one GROUP BY per indicator for the table (two for
a ratio), one more per ranked indicator for last year's breakdown, and one aggregate per other dated
indicator for last year's total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import MINYEAR, date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from zugong.orgs.models import OrgUnit
from zugong.stats import engine
from zugong.stats.engine import Breakdown, Grain, Number, Period, Row
from zugong.stats.registry import Indicator, get

STATE_FOOTNOTE = "状态类指标无历史值（以期间快照为准）"
GRAIN_LABELS: dict[str, str] = {"month": "月度", "quarter": "季度", "year": "年度"}
POINTS = "个百分点"
ONE_DECIMAL = Decimal("0.1")


# --- periods and indicator kinds ------------------------------------------------------------------

def shift_year(d: date | None, years: int = -1) -> date | None:
    """The same day `years` years away; Feb 29 becomes Feb 28 in a common year."""
    if d is None:
        return None
    year = d.year + years
    if year < MINYEAR:
        return date(MINYEAR, 1, 1)
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)


def previous_year(period: Period, today: date | None = None) -> Period:
    """上年同期: the period with start and end moved back one year. An open end ("since May 5") runs
    until today, so last year's period ends a year before today rather than overlapping this one."""
    end = period.end
    if end is None and period.start is not None:
        end = today or timezone.localdate()
    return Period(shift_year(period.start), shift_year(end))


def is_dated(ind: Indicator) -> bool:
    """Whether last year's value can be computed from records: every part has a date field.

    A state indicator (e.g. headcount) counts rows as they are now, so it has no history of its own;
    its past values live only in the snapshots frozen when briefings were issued.
    """
    if ind.is_ratio:
        assert ind.numerator and ind.denominator
        return is_dated(get(ind.numerator)) and is_dated(get(ind.denominator))
    return bool(ind.date_field)


# --- year-over-year change -------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """本期 against 上年同期: absolute change (percentage points for a ratio) and relative change in %."""

    current: Number
    previous: Number
    delta: Number
    pct: Decimal | None
    points: bool  # the delta of a % indicator is in 个百分点, and it has no relative change

    @property
    def direction(self) -> str:
        if self.delta is None:
            return ""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "flat"


def compare(current: Number, previous: Number, *, ratio: bool) -> Change:
    """The change from `previous` to `current`; % is None when last year's value is 0 or None."""
    if current is None or previous is None:
        return Change(current, previous, None, None, ratio)
    delta: int | Decimal = current - previous
    if ratio:
        return Change(current, previous, delta, None, True)
    pct = None
    if previous:
        pct = (Decimal(delta) * 100 / Decimal(previous)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Change(current, previous, delta, pct, False)


# --- rankings --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RankRow:
    rank: int | None  # None: no value (a ratio over an empty denominator)
    row: Row
    change: Change | None  # None for state indicators


@dataclass
class Ranking:
    indicator: Indicator
    dated: bool
    current: Breakdown
    previous: Breakdown | None
    rows: list[RankRow]
    total: Change | None

    @property
    def footnote(self) -> str:
        return "" if self.dated else STATE_FOOTNOTE


def competition_ranks(rows: list[Row]) -> list[tuple[int | None, Row]]:
    """Rows by value, highest first; ties share a rank and the next rank skips (1, 1, 3).

    Rows without a value come last, unranked; ties keep the display order of the units.
    """
    valued = sorted((r for r in rows if r.value is not None), key=lambda r: r.value or 0, reverse=True)
    out: list[tuple[int | None, Row]] = []
    for i, r in enumerate(valued):
        same_as_before = i > 0 and valued[i - 1].value == r.value
        out.append((out[-1][0] if same_as_before else i + 1, r))
    out.extend((None, r) for r in rows if r.value is None)
    return out


def ranking(ind: Indicator, user: Any, org: OrgUnit, period: Period, current: Breakdown, kids: list[OrgUnit]) -> Ranking:
    """Children of `org` ranked by `ind`, with last year's value from ONE more breakdown (dated only)."""
    dated = is_dated(ind)
    previous = engine.breakdown(ind, user, org, previous_year(period), kids) if dated else None
    before = {r.org_id: r.value for r in previous.children} if previous else {}
    rows = [
        RankRow(rank, r, compare(r.value, before.get(r.org_id), ratio=ind.unit == "%") if dated else None)
        for rank, r in competition_ranks(current.children)
    ]
    total = compare(current.total, previous.total, ratio=ind.unit == "%") if previous else None
    return Ranking(ind, dated, current, previous, rows, total)


# --- the dashboard ---------------------------------------------------------------------------------

@dataclass
class Gauge:
    id: str
    title: str
    value: Decimal
    max: int
    detail: str


@dataclass
class Dashboard:
    org: OrgUnit
    period: Period
    previous_period: Period
    results: list[Breakdown]
    columns: list[list[Row]]  # per indicator, the rows shown (本级 first when any has one), aligned
    totals: list[Change | None]  # per indicator: 本期 vs 上年同期, None for state indicators
    focus: Indicator | None
    ranking: Ranking | None
    gauges: list[Gauge] = field(default_factory=list)
    target: Decimal | None = None
    trend_indicator: Indicator | None = None
    trend: list[tuple[str, Number]] = field(default_factory=list)
    grain: Grain = "month"

    @property
    def rows(self) -> list[Row]:
        return self.columns[0] if self.columns else []

    @property
    def has_state(self) -> bool:
        return any(c is None for c in self.totals)

    @property
    def has_dated(self) -> bool:
        return any(c is not None for c in self.totals)


def completion(total: Number, target: Decimal) -> Decimal | None:
    """total / target as a percentage (目标完成率)."""
    if total is None:
        return None
    return (Decimal(total) * 100 / target).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _gauge_max(value: Decimal) -> int:
    """100, or the next multiple of 50 above an over-achieved target, so the needle stays on the dial."""
    return 100 if value <= 100 else int((value // 50 + 1) * 50)


def build(*, user: Any, org: OrgUnit, period: Period, indicators: list[Indicator], focus: Indicator | None,
          grain: Grain = "month", target: Decimal | None = None) -> Dashboard:
    """Everything the page and the sheet show for `org`'s children; the query count depends only on
    the indicators chosen (and whether they are dated), never on how many records there are."""
    kids = engine.children_of(org)
    results = [engine.breakdown(ind, user, org, period, kids) for ind in indicators]
    with_own = any(b.own for b in results)
    columns = [b.rows(with_own=with_own) for b in results]
    prev = previous_year(period)

    rank = None
    if focus is not None:
        current = next(b for b in results if b.indicator == focus)
        rank = ranking(focus, user, org, period, current, kids)
    totals: list[Change | None] = []
    for b in results:
        ind = b.indicator
        if not is_dated(ind):
            totals.append(None)
        elif rank is not None and rank.total is not None and ind == focus:
            totals.append(rank.total)
        else:
            totals.append(compare(b.total, engine.value(ind, user, org, prev), ratio=ind.unit == "%"))

    gauges = [
        Gauge(f"gauge-{i}", b.indicator.label, Decimal(b.total), _gauge_max(Decimal(b.total)), "合计（含下级单位）")
        for i, b in enumerate(results) if b.indicator.unit == "%" and b.total is not None
    ]
    if focus is not None and target is not None and rank is not None:
        done = completion(rank.current.total, target)
        if done is not None:
            gauges.append(Gauge("gauge-target", f"{focus.label}目标完成率", done, _gauge_max(done),
                                f"{fmt(rank.current.total)} / {fmt(target)}{focus.unit}"))

    trend_ind = focus if focus is not None and is_dated(focus) else next((i for i in indicators if is_dated(i)), None)
    trend = engine.series(trend_ind, user, org, period, grain) if trend_ind is not None else []
    return Dashboard(org, period, prev, results, columns, totals, focus, rank, gauges, target, trend_ind, trend, grain)


# --- presentation helpers (numbers as the page and the sheet show them) ----------------------------

def fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal) and v.is_finite() and int(v.as_tuple().exponent) >= 0:
        v = int(v)  # 5 rather than 5E+0; 60.0 keeps its decimal place
    return f"{v:,}" if isinstance(v, int | Decimal) else str(v)


def fmt_delta(c: Change | None, unit: str = "") -> str:
    """+3 / -2 / 0 (or +2.5个百分点 for a ratio); — when it cannot be computed."""
    if c is None or c.delta is None:
        return "—"
    sign = "+" if c.delta > 0 else ""
    return f"{sign}{fmt(c.delta)}{POINTS if c.points else unit}"


def fmt_pct(c: Change | None) -> str:
    if c is None or c.pct is None:
        return "—"
    return f"{'+' if c.pct > 0 else ''}{c.pct}%"


def cell_number(v: Any) -> Any:
    """A number for a spreadsheet cell: Decimal as float (xlsx has no decimal type), None as blank."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def records_url(code: str, org_id: int, period: Period, own: bool = False) -> str:
    """The provenance list behind a figure: same indicator, unit subtree and period."""
    params: dict[str, Any] = {"indicator": code, "org": org_id}
    if period.start:
        params["start"] = period.start.isoformat()
    if period.end:
        params["end"] = period.end.isoformat()
    if own:
        params["own"] = "1"
    return reverse("stats:records") + "?" + urlencode(params)


def _float(v: Number) -> float | None:
    return None if v is None else float(v)


def _change_cells(c: Change | None) -> dict[str, Any]:
    return {"previous": fmt(c.previous) if c else "—", "delta": fmt_delta(c), "pct": fmt_pct(c),
            "direction": c.direction if c else ""}


def table(d: Dashboard, drill: Callable[[int], str]) -> list[dict[str, Any]]:
    """The per-child table: every figure links to its records, every child name drills down."""
    out: list[dict[str, Any]] = []
    for i, row in enumerate(d.rows):
        cells = []
        for b, rows in zip(d.results, d.columns, strict=True):
            r = rows[i]
            link = None
            if not b.indicator.is_ratio:
                link = records_url(b.indicator.code, d.org.pk if r.is_own else r.org_id, d.period, own=r.is_own)
            cells.append({"value": fmt(r.value), "raw": r.value, "link": link})
        out.append({"row": row, "cells": cells, "drill": None if row.is_own else drill(row.org_id)})
    return out


def totals(d: Dashboard) -> list[dict[str, Any]]:
    """合计 with 上年同期 and the change, per indicator (— for state indicators)."""
    out = []
    for b, c in zip(d.results, d.totals, strict=True):
        ind = b.indicator
        out.append({
            "code": ind.code, "label": ind.label, "unit": ind.unit, "value": fmt(b.total), "link": None if ind.is_ratio else records_url(ind.code, d.org.pk, d.period),
            "prev_link": None if ind.is_ratio or c is None else records_url(ind.code, d.org.pk, d.previous_period),
            "state": c is None, **_change_cells(c),
        })
    return out


def ranking_rows(d: Dashboard, drill: Callable[[int], str]) -> list[dict[str, Any]]:
    if d.ranking is None:
        return []
    ind = d.ranking.indicator
    link = not ind.is_ratio
    return [{
        "rank": r.rank, "name": r.row.name, "org_id": r.row.org_id, "drill": drill(r.row.org_id),
        "value": fmt(r.row.value), "link": records_url(ind.code, r.row.org_id, d.period) if link else None,
        "prev_link": records_url(ind.code, r.row.org_id, d.previous_period) if link and r.change else None,
        **_change_cells(r.change),
    } for r in d.ranking.rows]


def charts(d: Dashboard) -> list[dict[str, Any]]:
    return [
        {"id": f"chart-{i}", "title": f"{b.indicator.label}（{b.indicator.unit}）",
         "data": [{"name": r.name, "value": _float(r.value)} for r in rows]}
        for i, (b, rows) in enumerate(zip(d.results, d.columns, strict=True))
    ]


def ranking_chart(d: Dashboard) -> dict[str, Any] | None:
    """Ranked children, 本期 beside 上年同期 (dated indicators), for the ranking bar chart."""
    if d.ranking is None or not d.ranking.rows:
        return None
    rows = d.ranking.rows
    series = [{"name": "本期", "data": [_float(r.row.value) for r in rows]}]
    if d.ranking.dated:
        series.append({"name": "上年同期", "data": [_float(r.change.previous if r.change else None) for r in rows]})
    height = max(180, 40 + len(rows) * 14 * (len(series) + 1))
    return {"unit": d.ranking.indicator.unit, "categories": [r.row.name for r in rows], "series": series, "height": height}


def gauges(d: Dashboard) -> list[dict[str, Any]]:
    return [{"id": g.id, "title": g.title, "name": g.title, "value": float(g.value), "max": g.max, "detail": g.detail}
            for g in d.gauges]


def trend(d: Dashboard) -> dict[str, Any] | None:
    if d.trend_indicator is None or not d.trend:
        return None
    return {"title": f"{d.trend_indicator.label}{GRAIN_LABELS[d.grain]}走势（{d.trend_indicator.unit}）",
            "data": [{"name": k, "value": _float(v)} for k, v in d.trend]}


def sheet(d: Dashboard) -> tuple[list[str], list[list[Any]]]:
    """The table as a sheet; the ranked indicator also gets 排名, 上年同期, 增减 and 增幅 columns."""
    headers = ["单位", *[f"{b.indicator.label}（{b.indicator.unit}）" for b in d.results]]
    rk = d.ranking
    ranks: dict[int, RankRow] = {}
    if rk is not None:
        ind = rk.indicator
        change_unit = POINTS if ind.unit == "%" else ind.unit
        headers += [f"{ind.label}排名", f"{ind.label}上年同期（{ind.unit}）", f"{ind.label}增减（{change_unit}）",
                    f"{ind.label}增幅（%）"]
        ranks = {r.row.org_id: r for r in rk.rows}

    def extra(rank: int | None, c: Change | None) -> list[Any]:
        if rk is None:
            return []
        return [cell_number(rank), *(cell_number(v) for v in ((c.previous, c.delta, c.pct) if c else (None, None, None)))]

    own_change = None
    if rk is not None and rk.previous is not None:
        own_change = compare(rk.current.own, rk.previous.own, ratio=rk.indicator.is_ratio)
    rows: list[list[Any]] = []
    for i, row in enumerate(d.rows):
        values = [cell_number(col[i].value) for col in d.columns]
        if row.is_own:
            rows.append([row.name, *values, *extra(None, own_change)])
        else:
            r = ranks.get(row.org_id)
            rows.append([row.name, *values, *extra(r.rank if r else None, r.change if r else None)])
    rows.append(["合计", *[cell_number(b.total) for b in d.results], *extra(None, rk.total if rk else None)])
    if d.has_dated:
        rows.append(["上年同期合计", *[cell_number(c.previous if c else None) for c in d.totals]])
        rows.append(["同比增减", *[cell_number(c.delta if c else None) for c in d.totals]])
    if d.has_state or (rk is not None and not rk.dated):
        rows.append([f"注：{STATE_FOOTNOTE}"])
    return headers, rows
