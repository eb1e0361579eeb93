"""Reads of surveys: lists, participation progress (counts only: which code was used is never shown, and a
code cannot be linked to a response anyway), results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zugong.accounts.access import can_at, scope_paths
from zugong.core.scope import paths_q
from zugong.surveys.models import BallotCode, CodeBatch, Survey

VIEW = "surveys.view_survey"


def survey_list(user: Any) -> Any:
    """Surveys with the codes issued and used that the viewer may count: all of them for the organizing unit's
    subtree, a rated unit's own batches only."""
    paths = scope_paths(user, VIEW)
    mine = paths_q("survey__org_unit__path", paths) | paths_q("target__org_unit__path", paths)
    issued = (CodeBatch.objects.filter(mine, survey=OuterRef("pk")).values("survey").annotate(n=Sum("issued")).values("n"))
    used = (BallotCode.objects.filter(paths_q("batch__survey__org_unit__path", paths) | paths_q("batch__target__org_unit__path", paths),
                                      batch__survey=OuterRef("pk"), used=True).values("batch__survey")
            .annotate(n=Count("id")).values("n"))
    return (Survey.objects.visible_to(user, "view").select_related("org_unit")
            .annotate(codes_issued=Coalesce(Subquery(issued, output_field=IntegerField()), Value(0)),
                      codes_used=Coalesce(Subquery(used, output_field=IntegerField()), Value(0)))
            .order_by("-year", "-id"))


def is_organizer(user: Any, survey: Survey) -> bool:
    """Viewers in the issuing unit's subtree see the whole survey; target units only their own part."""
    return can_at(user, VIEW, survey.org_unit.path)


@dataclass
class ProgressRow:
    batch: CodeBatch
    used: int

    @property
    def rate(self) -> float | None:
        return self.used / self.batch.issued if self.batch.issued else None


@dataclass
class Progress:
    rows: list[ProgressRow]

    @property
    def quota(self) -> int:
        return sum(r.batch.quota for r in self.rows)

    @property
    def issued(self) -> int:
        return sum(r.batch.issued for r in self.rows)

    @property
    def used(self) -> int:
        return sum(r.used for r in self.rows)

    @property
    def rate(self) -> float | None:
        return self.used / self.issued if self.issued else None

    def by_target(self) -> list[dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for r in self.rows:
            t = out.setdefault(r.batch.target_id, {"target": r.batch.target, "rows": [], "quota": 0, "issued": 0, "used": 0})
            t["rows"].append(r)
            t["quota"] += r.batch.quota
            t["issued"] += r.batch.issued
            t["used"] += r.used
        return list(out.values())


def progress(user: Any, survey: Survey) -> Progress:
    """Quota, codes issued and used per target and category, in one query; target units see their own rows."""
    qs = (CodeBatch.objects.filter(survey=survey).select_related("target__org_unit", "category")
          .annotate(used_n=Count("codes", filter=Q(codes__used=True))))
    if not is_organizer(user, survey):
        qs = qs.filter(paths_q("target__org_unit__path", scope_paths(user, VIEW)))
    return Progress([ProgressRow(b, b.used_n) for b in qs])


# ---------------------------------------------------------------- results (closed surveys only, R67)


@dataclass
class Cell:
    """A shown figure, or 样本不足."""

    rate: Any
    n: int
    suppressed: bool
    counts: dict[str, int]


def as_cell(r: Any) -> Cell:
    return Cell(None if r.suppressed else r.rate, 0 if r.suppressed else r.respondents, r.suppressed, {} if r.suppressed else r.counts)


def previous_survey(survey: Survey) -> Survey | None:
    """Last year's survey from the same template by the same unit (for the year-over-year change)."""
    if not survey.template_code:
        return None
    return (Survey.objects.filter(org_unit=survey.org_unit, template_code=survey.template_code, year=survey.year - 1,
                                  status__in=[Survey.Status.CLOSED, Survey.Status.ARCHIVED]).order_by("-id").first())


@dataclass
class RankRow:
    target: Any
    level: int
    overall: Cell
    rank: int | None
    aspects: list[Cell]
    previous: Any  # last year's rate, or None
    inspected: bool = False

    @property
    def change(self) -> Any:
        if self.overall.rate is None or self.previous is None:
            return None
        return self.overall.rate - self.previous


def ranking(survey: Survey) -> dict[str, Any]:
    """Every target's overall and per-aspect rate, its rank within its level and last year's rate: three queries."""
    from zugong.surveys.models import Result
    from zugong.surveys.results import level_of

    aspects = list(survey.aspects.filter(cadre__isnull=True))  # persons are read apart (appraisal.py)
    rows = (Result.objects.filter(survey=survey, category__isnull=True, item__isnull=True, aspect__cadre__isnull=True)
            .select_related("target__org_unit"))
    overall: dict[Any, Any] = {}
    by_aspect: dict[tuple[Any, int], Any] = {}
    for r in rows:
        if r.aspect_id is None:
            overall[r.target_id] = r
        else:
            by_aspect[(r.target_id, r.aspect_id)] = r
    prev = previous_survey(survey)
    last: dict[int, Any] = {}
    if prev is not None:
        for unit_id, rate, suppressed in (Result.objects.filter(survey=prev, category__isnull=True, item__isnull=True, aspect__isnull=True,
                                                                target__isnull=False).values_list("target__org_unit_id", "rate", "suppressed")):
            last[unit_id] = None if suppressed else rate
    out: list[RankRow] = []
    for target_id, r in overall.items():
        if target_id is None:
            continue
        out.append(RankRow(r.target, level_of(r.target, survey), as_cell(r), r.rank,
                           [as_cell(by_aspect[(target_id, a.pk)]) for a in aspects if (target_id, a.pk) in by_aspect],
                           last.get(r.target.org_unit_id)))
    inspected = set(survey.inspections.values_list("region_id", flat=True))
    for row in out:
        row.inspected = row.target.org_unit_id in inspected
    out.sort(key=lambda x: (x.level, x.rank is None, x.rank or 0, x.target.org_unit.path))
    total = overall.get(None)
    return {"aspects": aspects, "rows": out, "total": as_cell(total) if total else None,
            "total_aspects": [as_cell(by_aspect[(None, a.pk)]) for a in aspects if (None, a.pk) in by_aspect], "previous": prev}


def target_results(survey: Survey, target_id: int | None) -> dict[str, Any]:
    """One target's (or all targets') figures per item and aspect, overall and per respondent category."""
    from zugong.surveys.models import Result

    categories = list(survey.categories.all())
    cells = {(r.aspect_id, r.item_id, r.category_id): r
             for r in Result.objects.filter(survey=survey, target_id=target_id, aspect__cadre__isnull=True)}
    lines = []
    for a in survey.aspects.filter(cadre__isnull=True).prefetch_related("items"):  # persons: appraisal.py
        lines.append({"aspect": a, "item": None, "cells": [as_cell(cells[(a.pk, None, c)]) for c in [None, *(x.pk for x in categories)]]})
        for i in a.items.all():
            lines.append({"aspect": a, "item": i, "cells": [as_cell(cells[(a.pk, i.pk, c)]) for c in [None, *(x.pk for x in categories)]],
                          "counts": as_cell(cells[(a.pk, i.pk, None)]).counts})
    overall = [as_cell(cells[(None, None, c)]) for c in [None, *(x.pk for x in categories)]]
    return {"categories": categories, "lines": lines, "overall": overall}
