"""Period snapshots: figures frozen per unit and period, so issued documents never change and a closed
period's dashboard is read from a handful of rows instead of recomputed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from zugong.accounts.access import require_at
from zugong.audit.services import record
from zugong.core.errors import ValidationError
from zugong.core.params import int_param
from zugong.orgs.models import OrgUnit
from zugong.stats import engine
from zugong.stats.models import Snapshot, SnapshotValue
from zugong.stats.placeholders import Context, Figure, compute, pct
from zugong.stats.registry import available_to, exists, get

MSG_NO_INDICATORS = "您没有可冻结的指标"


def _records(fig: Figure, user: Any, org: OrgUnit, period: engine.Period) -> int | None:
    ind = get(fig.code)
    if ind.is_ratio:
        return None
    if ind.aggregate == "count" and isinstance(fig.total, int):
        return fig.total  # a count is its number of records
    return engine.provenance_count(ind, user, org, period)


def freeze(*, actor: Any, org: OrgUnit, ctx: Context, reason: str, title: str) -> Snapshot:
    """Write the figures of `ctx` (computed for `org`) as a snapshot; part of the caller's transaction."""
    period = ctx.period
    snap = Snapshot.objects.create(org_unit=org, period_start=period.start, period_end=period.end, reason=reason,
                                   title=title, made_by=actor)
    rows: list[SnapshotValue] = []
    for fig in ctx.figures.values():
        if fig.missing:
            continue
        fig.records = _records(fig, actor, org, period)
        rows.append(SnapshotValue(snapshot=snap, code=fig.code, row=SnapshotValue.RowKind.TOTAL, org_unit_id=org.pk,
                                  name=org.name, position=0, value=fig.total, records=fig.records))
        for i, child in enumerate(fig.children, start=1):
            own = child["name"] == "本级" and child["org"] == org.pk
            rows.append(SnapshotValue(
                snapshot=snap, code=fig.code, row=SnapshotValue.RowKind.OWN if own else SnapshotValue.RowKind.CHILD,
                org_unit_id=child["org"], name=child["name"], position=i, value=child["value"],
            ))
    SnapshotValue.objects.bulk_create(rows, batch_size=500)
    ctx.snapshot_id = snap.pk
    return snap


def _value(v: Decimal | None) -> Any:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else v.normalize()


def context_of(snapshot: Snapshot, codes: list[str] | None = None) -> Context:
    """The frozen figures back as a Context (what the placeholders and the snapshot page read)."""
    figures: dict[str, Figure] = {}
    qs = snapshot.values.order_by("code", "position")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    for v in qs:
        fig = figures.get(v.code)
        if fig is None:
            ind = get(v.code) if exists(v.code) else None
            fig = figures[v.code] = Figure(v.code, ind.label if ind else v.code, ind.unit if ind else "",
                                           is_ratio=bool(ind and ind.is_ratio))
        value = pct(v.value) if fig.is_ratio else _value(v.value)
        if v.row == SnapshotValue.RowKind.TOTAL:
            fig.total, fig.records = value, v.records
        else:
            fig.children.append({"org": v.org_unit_id, "name": v.name, "value": value})
    for code in codes or []:
        figures.setdefault(code, Figure(code, missing="签发时尚无此指标"))
    kids = sum(1 for c in next(iter(figures.values())).children if c["name"] != "本级") if figures else 0
    period = engine.Period(snapshot.period_start, snapshot.period_end)
    return Context(snapshot.org_unit_id, snapshot.org_unit.name, kids, period, figures, snapshot.pk)


@transaction.atomic
def period_close(*, actor: Any, org: OrgUnit, period: engine.Period, title: str = "") -> Snapshot:
    """期间结账: freeze every indicator the actor may see, for `org` and each of its children."""
    require_at(actor, "stats.add_snapshot", org.path)
    if not (period.start and period.end):
        raise ValidationError({"end": "结账需要完整的统计期间（起止日期）"})
    if period.start > period.end:
        raise ValidationError({"end": "统计期间的结束日期不能早于开始日期"})
    codes = [i.code for i in available_to(actor)]
    if not codes:
        raise ValidationError(MSG_NO_INDICATORS)
    ctx = compute(actor, org, period, codes)
    snap = freeze(actor=actor, org=org, ctx=ctx, reason=Snapshot.Reason.PERIOD_CLOSE,
                  title=title.strip() or f"{org.name}{period.label()}统计快照")
    record(action="stats.period_closed", actor=actor, obj=snap,
           after={"period": period.label(), "indicators": len(ctx.figures)})
    return snap


def frozen_vs_current(user: Any, snapshot_id: str | None, code: str, org: OrgUnit, period: engine.Period) -> dict[str, Any] | None:
    """For a figure of an issued briefing: the value frozen in its snapshot beside today's, and the
    difference, so the records page explains why today's list may not have exactly that many rows."""
    pk = int_param(snapshot_id)
    if pk is None:
        return None
    snap = Snapshot.objects.visible_to(user, "view").filter(pk=pk, org_unit=org).first()
    if snap is None:
        return None
    row = snap.values.filter(code=code, row=SnapshotValue.RowKind.TOTAL).first()
    if row is None or not exists(code):
        return None
    frozen = _value(row.value)
    current = engine.value(get(code), user, org, period)
    diff = None if frozen is None or current is None else current - frozen
    return {"snapshot": snap, "frozen": frozen, "records": row.records, "current": current, "diff": diff}


def frozen_for(user: Any, org: OrgUnit, period: engine.Period) -> list[Snapshot]:
    """Snapshots of exactly this unit and period (a closed period, an issued briefing): the dashboard
    offers them, so a historical figure is read as it was frozen, from a few rows."""
    if not (period.start and period.end):
        return []
    return list(Snapshot.objects.visible_to(user, "view").filter(org_unit=org, period_start=period.start, period_end=period.end)
                .order_by("-made_at")[:3])
