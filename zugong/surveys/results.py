"""Results, computed once when a survey closes and then frozen in `Result` (R67: nothing is shown while it is open).

For every target (and all targets together) × category (and all) the counts of each answer per item, per aspect
and overall, from two GROUP BY queries over the shuffled responses. The satisfaction rate is
(满意 + 基本满意) / (回答数 − 不了解) — for the appraisal scale (优秀 + 称职) / 回答数 — and the score scale keeps the
mean. Cells behind fewer than k_min responses are suppressed, and so are enough of their neighbours that no
suppressed figure can be got back by subtracting shown ones from a total (complementary suppression)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from zugong.core.bulk import insert_rows
from zugong.surveys.models import DONT_KNOW, SATISFIED, Aspect, Item, Result, Scale, Survey, Target

FORMULA: dict[str, str] = {
    Scale.SATISFACTION4: "满意度 =（满意 + 基本满意）÷（回答数 − 不了解）",
    Scale.APPRAISAL4: "好评率 =（优秀 + 称职）÷ 回答数",
    Scale.SCORE: "平均分 = 分数之和 ÷ 回答数",
}
Key = tuple[int | None, int | None]  # (target id, category id); None = all


def _ratio(num: int, den: int) -> Decimal:
    """num / den to four places, halves up, in integers (as Decimal division and quantize would give, faster)."""
    return Decimal((2 * num * 10_000 + den) // (2 * den)).scaleb(-4)


def _rate(scale: str, counts: dict[int, int]) -> tuple[int, int, Decimal | None]:
    """(answered, satisfied, rate) of a cell's counts."""
    total = sum(counts.values())
    if scale == Scale.SCORE:
        if not total:
            return 0, 0, None
        return total, 0, _ratio(sum(v * n for v, n in counts.items()), total)
    answered = total - (counts.get(DONT_KNOW, 0) if scale == Scale.SATISFACTION4 else 0)
    satisfied = counts.get(SATISFIED[0], 0) + counts.get(SATISFIED[1], 0)
    if not answered:
        return 0, 0, None
    return answered, satisfied, _ratio(satisfied, answered)


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


@dataclass(slots=True)
class Cell:
    """A Result row before it is written (insert_rows reads these attribute names)."""

    survey_id: int
    target_id: int | None
    category_id: int | None
    aspect_id: int | None
    item_id: int | None
    respondents: int
    counts: dict[str, int]
    answered: int
    satisfied: int
    rate: Decimal | None
    suppressed: bool
    rank: int | None = None


def _add(into: dict[int, int], counts: dict[int, int]) -> None:
    for v, n in counts.items():
        into[v] = into.get(v, 0) + n


def compute(survey: Survey) -> int:
    """(Re)write the survey's Result rows from its responses. Returns the number of rows.

    One GROUP BY gives the counts per target × category × item × value; each row is added to its own cell and to the
    three totals (target, category, all), per item only; aspects and overall are sums of a cell's items."""
    item_aspect = dict(Item.objects.filter(survey=survey).order_by("order", "id").values_list("id", "aspect_id"))
    aspects = list(Aspect.objects.filter(survey=survey).values_list("id", flat=True))
    targets = list(Target.objects.filter(survey=survey).order_by("order", "id").select_related("org_unit"))
    categories = list(survey.categories.values_list("id", flat=True))
    by_item: dict[Key, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))  # cell → item → value → n
    respondents: dict[Key, int] = defaultdict(int)
    with connection.cursor() as cur:
        if survey.rates_persons:  # a respondent may skip persons: count the responses themselves
            cur.execute("SELECT target_id, category_id, COUNT(*) FROM surveys_response WHERE survey_id = %s "
                        "GROUP BY target_id, category_id", [survey.pk])
            for t, c, n in cur.fetchall():
                for key in ((t, c), (t, None), (None, c), (None, None)):
                    respondents[key] += n
        cur.execute(
            "SELECT r.target_id, r.category_id, a.item_id, a.value, COUNT(*) FROM surveys_responseanswer a "
            "JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s "
            "GROUP BY r.target_id, r.category_id, a.item_id, a.value", [survey.pk])
        for t, c, item, value, n in cur.fetchall():
            for key in ((t, c), (t, None), (None, c), (None, None)):
                counts = by_item[key][item]
                counts[value] = counts.get(value, 0) + n
    if not survey.rates_persons:  # every response answers every item: the respondents are any one item's answers
        first = next(iter(item_aspect), None)
        for key, items in by_item.items():
            respondents[key] = sum(items[first].values()) if first in items else 0
    hidden = suppressed_cells(respondents, [t.pk for t in targets], categories, survey.k_min)
    persons = _persons(survey, by_item, [t.pk for t in targets], categories) if survey.rates_persons else {}
    rows: list[Cell] = []
    empty: dict[int, dict[int, int]] = {}
    for t in [*(x.pk for x in targets), None]:
        for c in [*categories, None]:
            key = (t, c)
            n = respondents.get(key, 0)
            items = by_item.get(key, empty)
            per_aspect: dict[int, dict[int, int]] = {a: {} for a in aspects}
            overall: dict[int, int] = {}
            for item, counts in items.items():
                _add(per_aspect[item_aspect[item]], counts)
                _add(overall, counts)
            lines = [(None, None, overall), *((a, None, per_aspect[a]) for a in aspects),
                     *((a, i, items.get(i, {})) for i, a in item_aspect.items())]
            for aspect, item, counts in lines:
                answered, satisfied, rate = _rate(survey.scale, counts)
                cell_n, hide = n, key in hidden or n == 0
                if persons and aspect is not None:  # a person's cell: the respondents who rated that person
                    rated, gone = persons[aspect]
                    cell_n = rated.get(key, 0)
                    hide = hide or key in gone or cell_n == 0
                elif persons:  # everyone together: hidden where any person is, or it would give that person back
                    hide = hide or any(key in gone for _n, gone in persons.values())
                rows.append(Cell(survey.pk, t, c, aspect, item, cell_n, {str(v): k for v, k in sorted(counts.items())},
                                 answered, satisfied, rate, hide))
    if not survey.rates_persons:
        _rank(rows, targets)
    Result.objects.filter(survey=survey).delete()
    insert_rows(Result, rows)
    return len(rows)


def _persons(survey: Survey, by_item: dict[Key, dict[int, dict[int, int]]], targets: list[int],
             categories: list[int]) -> dict[int, tuple[dict[Key, int], set[Key]]]:
    """In the appraisal of persons a respondent may skip one person (themselves), so each person has their own
    respondent counts, and their own suppression (with complements) over the target × category table."""
    first: dict[int, int] = {}
    for aspect, item in Item.objects.filter(survey=survey).order_by("order", "id").values_list("aspect_id", "id"):
        first.setdefault(aspect, item)
    out: dict[int, tuple[dict[Key, int], set[Key]]] = {}
    for aspect, item in first.items():
        n = {key: sum(items[item].values()) for key, items in by_item.items() if item in items}
        out[aspect] = (n, suppressed_cells(n, targets, categories, survey.k_min))
    return out


def level_of(target: Target, survey: Survey) -> int:
    """1 for the units right below the issuing unit (cities), 2 below them (counties) …"""
    from zugong.orgs.models import STEP

    return (len(target.org_unit.path) - len(survey.org_unit.path)) // STEP


def _rank(rows: list[Cell], targets: list[Target]) -> None:
    """Rank the targets' overall rows within their level (cities among cities), best first, ties sharing a rank;
    hidden rows unranked."""
    if not targets:
        return
    base = min(len(t.org_unit.path) for t in targets)
    depth = {t.pk: len(t.org_unit.path) - base for t in targets}
    overall = [r for r in rows if r.target_id is not None and r.category_id is None and r.item_id is None and r.aspect_id is None]
    groups: dict[int, list[Cell]] = defaultdict(list)
    for r in overall:
        if not r.suppressed and r.rate is not None and r.target_id is not None:
            groups[depth[r.target_id]].append(r)
    for group in groups.values():
        group.sort(key=lambda r: (-(r.rate or 0), r.target_id))
        for i, r in enumerate(group, start=1):  # equal rates share a rank (1, 1, 3)
            r.rank = group[i - 2].rank if i > 1 and group[i - 2].rate == r.rate else i

