"""Results, computed once when a survey closes and then frozen in `Result` (R67: nothing is shown while it is open).

For every target (and all targets together) × category (and all) the counts of each answer per item, per aspect
and overall, from two GROUP BY queries over the shuffled responses. The satisfaction rate is
(满意 + 基本满意) / (回答数 − 不了解) — for the appraisal scale (优秀 + 称职) / 回答数 — and the score scale keeps the
mean. Cells behind fewer than k_min responses are suppressed, and so are enough of their neighbours that no
suppressed figure can be got back by subtracting shown ones from a total (complementary suppression)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from zugong.surveys.models import DONT_KNOW, SATISFIED, Aspect, Item, Result, Scale, Survey, Target

FORMULA: dict[str, str] = {
    Scale.SATISFACTION4: "满意度 =（满意 + 基本满意）÷（回答数 − 不了解）",
    Scale.APPRAISAL4: "好评率 =（优秀 + 称职）÷ 回答数",
    Scale.SCORE: "平均分 = 分数之和 ÷ 回答数",
}
Key = tuple[int | None, int | None]  # (target id, category id); None = all


@dataclass
class Tally:
    counts: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, value: int, n: int) -> None:
        self.counts[value] += n


def _rate(scale: str, counts: dict[int, int]) -> tuple[int, int, Decimal | None]:
    """(answered, satisfied, rate) of a cell's counts."""
    total = sum(counts.values())
    if scale == Scale.SCORE:
        if not total:
            return 0, 0, None
        mean = Decimal(sum(v * n for v, n in counts.items())) / total
        return total, 0, mean.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    answered = total - (counts.get(DONT_KNOW, 0) if scale == Scale.SATISFACTION4 else 0)
    satisfied = sum(counts.get(v, 0) for v in SATISFIED)
    if not answered:
        return 0, 0, None
    return answered, satisfied, (Decimal(satisfied) / answered).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def suppressed_cells(respondents: dict[Key, int], targets: list[int], categories: list[int], k_min: int) -> set[Key]:
    """The (target, category) cells to hide: those under k_min, then complements until no row or column of the
    target × category table has exactly one hidden cell beside a shown total."""
    hidden = {k for k, n in respondents.items() if n < k_min}
    all_targets: list[int | None] = [*targets, None]
    all_categories: list[int | None] = [*categories, None]
    lines: list[tuple[list[Key], Key]] = [([(t, c) for c in categories], (t, None)) for t in all_targets]
    lines += [([(t, c) for t in targets], (None, c)) for c in all_categories]
    changed = True
    while changed:
        changed = False
        for line, total in lines:
            inner = [k for k in line if respondents.get(k, 0) > 0]
            gone = [k for k in inner if k in hidden]
            if len(gone) == 1 and total not in hidden and len(inner) > 1:
                spare = min((k for k in inner if k not in hidden), key=lambda k: (respondents.get(k, 0), str(k)))
                hidden.add(spare)
                changed = True
    return hidden


def compute(survey: Survey) -> int:
    """(Re)write the survey's Result rows from its responses. Returns the number of rows."""
    items = {i.pk: i.aspect_id for i in Item.objects.filter(survey=survey).only("id", "aspect_id")}
    aspects = list(Aspect.objects.filter(survey=survey).values_list("id", flat=True))
    targets = list(Target.objects.filter(survey=survey).order_by("order", "id").select_related("org_unit"))
    categories = list(survey.categories.values_list("id", flat=True))
    tallies: dict[tuple[Key, str, int | None], Tally] = defaultdict(Tally)  # (cell, "item"/"aspect"/"all", id)
    respondents: dict[Key, int] = defaultdict(int)
    with connection.cursor() as cur:
        cur.execute("SELECT target_id, category_id, COUNT(*) FROM surveys_response WHERE survey_id = %s GROUP BY target_id, category_id",
                    [survey.pk])
        for t, c, n in cur.fetchall():
            for key in ((t, c), (t, None), (None, c), (None, None)):
                respondents[key] += n
        cur.execute(
            "SELECT r.target_id, r.category_id, a.item_id, a.value, COUNT(*) FROM surveys_responseanswer a "
            "JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s "
            "GROUP BY r.target_id, r.category_id, a.item_id, a.value", [survey.pk])
        for t, c, item, value, n in cur.fetchall():
            for key in ((t, c), (t, None), (None, c), (None, None)):
                tallies[(key, "item", item)].add(value, n)
                tallies[(key, "aspect", items[item])].add(value, n)
                tallies[(key, "all", None)].add(value, n)
    hidden = suppressed_cells(respondents, [t.pk for t in targets], categories, survey.k_min)
    rows: list[Result] = []
    for t in [*(x.pk for x in targets), None]:
        for c in [*categories, None]:
            key = (t, c)
            n = respondents.get(key, 0)
            lines: list[tuple[str, int | None]] = [("all", None), *(("aspect", a) for a in aspects), *(("item", i) for i in items)]
            for kind, ref in lines:
                counts = dict(tallies[(key, kind, ref)].counts) if (key, kind, ref) in tallies else {}
                answered, satisfied, rate = _rate(survey.scale, counts)
                rows.append(Result(
                    survey=survey, target_id=t, category_id=c, respondents=n,
                    aspect_id=ref if kind == "aspect" else (items[ref] if kind == "item" and ref is not None else None),
                    item_id=ref if kind == "item" else None, counts={str(v): k for v, k in sorted(counts.items())},
                    answered=answered, satisfied=satisfied, rate=rate, suppressed=key in hidden or n == 0))
    _rank(rows, targets)
    Result.objects.filter(survey=survey).delete()
    Result.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def level_of(target: Target, survey: Survey) -> int:
    """1 for the units right below the issuing unit (cities), 2 below them (counties) …"""
    from zugong.orgs.models import STEP

    return (len(target.org_unit.path) - len(survey.org_unit.path)) // STEP


def _rank(rows: list[Result], targets: list[Target]) -> None:
    """Rank the targets' overall rows within their level (cities among cities), best first, ties sharing a rank;
    hidden rows unranked."""
    if not targets:
        return
    base = min(len(t.org_unit.path) for t in targets)
    depth = {t.pk: len(t.org_unit.path) - base for t in targets}
    overall = [r for r in rows if r.target_id is not None and r.category_id is None and r.item_id is None and r.aspect_id is None]
    groups: dict[int, list[Result]] = defaultdict(list)
    for r in overall:
        if not r.suppressed and r.rate is not None and r.target_id is not None:
            groups[depth[r.target_id]].append(r)
    for group in groups.values():
        group.sort(key=lambda r: (-(r.rate or 0), r.target_id))
        for i, r in enumerate(group, start=1):  # equal rates share a rank (1, 1, 3)
            r.rank = group[i - 2].rank if i > 1 and group[i - 2].rate == r.rate else i

