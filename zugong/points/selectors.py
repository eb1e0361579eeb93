"""Reads of the points card: a cadre's card for a year, the entries list, the leaderboards of persons and
of units (points per cadre on the roll), and the wording of the rules.

A card belongs to the cadre, not to the unit where a line was earned: who may read it is decided by the
cadre's current unit (points.view_pointentry over it) or by being that cadre, and it holds every entry of
the cadre's year, so points earned before a move stay on it. The same holds for the leaderboards, which
add up the cards of the cadres now on the roll of a subtree. Lists of entries (the approvers' work) are
scoped by the entry's own unit through `PointEntry.objects.visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils import timezone

from zugong.accounts.access import SYSTEM, can_at, grants, scope_paths
from zugong.core.scope import paths_q
from zugong.orgs.models import STEP, OrgUnit
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL
from zugong.points.models import PointEntry, PointRule

VIEW = "points.view_pointentry"
ADD = "points.add_pointentry"
APPROVE = "points.approve_pointentry"
CHANGE_RULE = "points.change_pointrule"

ZERO = Decimal(0)
MANUAL_CATEGORY = "加减分"
MANUAL_PLUS = "手工加分"
MANUAL_MINUS = "手工减分"
MIN_YEAR, MAX_YEAR = 2000, 2100
_POINTS = DecimalField(max_digits=12, decimal_places=1)


def num(value: Decimal | str | float | int) -> str:
    """A point value as people write it: 10, 6, 2.5 (one decimal at most, no trailing .0)."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    return text[:-2] if text.endswith(".0") else text


# --- who may read what ------------------------------------------------------------------------------


def card_cadres(user: Any) -> QuerySet[Cadre]:
    """Cadres whose cards the user reads by grant: points.view_pointentry over the cadre's current unit."""
    return Cadre.objects.filter(paths_q("org_unit__path", scope_paths(user, VIEW)))


def cadres_for_entry(user: Any, unit: OrgUnit) -> QuerySet[Cadre]:
    """Cadres on the roll below `unit` whom the user may give manual points (points.add_pointentry there)."""
    return (Cadre.objects.filter(paths_q("org_unit__path", scope_paths(user, ADD)))
            .filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL).select_related("org_unit")
            .order_by("org_unit__path", "name_pinyin", "id"))


def is_own_card(user: Any, cadre: Cadre) -> bool:
    return cadre.user_id is not None and cadre.user_id == getattr(user, "pk", None)


def may_view_card(user: Any, cadre: Cadre) -> bool:
    return is_own_card(user, cadre) or can_at(user, VIEW, cadre.org_unit.path)


def may_decide(user: Any, entry: PointEntry) -> bool:
    """Whether the approve / reject buttons apply: a pending entry in the user's approval scope, neither
    entered by the user nor on the user's own card (no grant queries: grants are cached per request)."""
    return (entry.status == PointEntry.Status.PENDING and can_at(user, APPROVE, entry.org_unit.path)
            and entry.created_by_id != getattr(user, "pk", None) and not is_own_card(user, entry.cadre))


def can_edit_rules(user: Any) -> bool:
    """The rules are the province's: points.change_pointrule held on a top-level unit (depth 1)."""
    if user is SYSTEM:
        return True
    return any(CHANGE_RULE in g.permissions and len(g.org_path) == STEP for g in grants(user))


def board_unit(user: Any, pk: int | None) -> OrgUnit | None:
    """An active unit inside the user's points.view_pointentry scope (None: not there or not given)."""
    if pk is None:
        return None
    return OrgUnit.objects.filter(paths_q("path", scope_paths(user, VIEW)), pk=pk, is_active=True).first()


def default_board_unit(user: Any, current: OrgUnit | None) -> OrgUnit | None:
    """The current unit when the user may read points there, else the top of their points scope."""
    if current is not None and can_at(user, VIEW, current.path):
        return current
    paths = scope_paths(user, VIEW)
    return OrgUnit.objects.filter(path=paths[0]).first() if paths else None


# --- the card ---------------------------------------------------------------------------------------


@dataclass
class CardItem:
    """One rule (or manual additions / deductions) on the card: its lines and their subtotal."""

    name: str
    entries: list[PointEntry] = field(default_factory=list)
    subtotal: Decimal = ZERO


@dataclass
class CardGroup:
    category: str
    items: list[CardItem] = field(default_factory=list)
    subtotal: Decimal = ZERO


@dataclass
class Card:
    """A cadre's card for a year: approved lines by category and rule with subtotals and the total;
    pending and rejected lines apart (they do not count)."""

    cadre: Cadre
    year: int
    groups: list[CardGroup]
    total: Decimal
    pending: list[PointEntry]
    pending_total: Decimal
    rejected: list[PointEntry]
    years: list[int]


def _item_key(entry: PointEntry) -> tuple[str, str]:
    if entry.rule is not None:
        return entry.rule.category, entry.rule.name
    return MANUAL_CATEGORY, MANUAL_PLUS if entry.points > 0 else MANUAL_MINUS


def card(user: Any, cadre: Cadre, year: int) -> Card:
    """The cadre's card for `year` (404 unless the user may read it). Three queries: the year's lines,
    their evidence files, the years that have lines (for the year switcher)."""
    if not may_view_card(user, cadre):
        raise Http404("对象不存在或不在您的授权范围内")
    # the card's gate is the cadre (above), so every line of the cadre is read, wherever it was earned
    entries = list(PointEntry.objects.filter(cadre=cadre, year=year).select_related("rule", "org_unit", "created_by", "decided_by")
                   .prefetch_related("files").order_by(F("rule__order").asc(nulls_last=True), "rule_id", "points", "date", "id"))
    groups: dict[str, CardGroup] = {}
    items: dict[tuple[str, str], CardItem] = {}
    pending: list[PointEntry] = []
    rejected: list[PointEntry] = []
    for e in entries:
        if e.status == PointEntry.Status.PENDING:
            pending.append(e)
            continue
        if e.status == PointEntry.Status.REJECTED:
            rejected.append(e)
            continue
        category, name = _item_key(e)
        group = groups.setdefault(category, CardGroup(category))
        item = items.get((category, name))
        if item is None:
            item = items[(category, name)] = CardItem(name)
            group.items.append(item)
        item.entries.append(e)
        item.subtotal += e.points
        group.subtotal += e.points
    for item in items.values():
        item.entries.sort(key=lambda e: (e.date, e.pk))
    years = set(PointEntry.objects.filter(cadre=cadre).order_by("year").values_list("year", flat=True).distinct())
    years |= {timezone.localdate().year, year}
    ordered = sorted(groups.values(), key=lambda g: g.category == MANUAL_CATEGORY)  # the rules first, manual lines last
    return Card(cadre=cadre, year=year, groups=ordered, total=sum((g.subtotal for g in ordered), ZERO), pending=pending,
                pending_total=sum((e.points for e in pending), ZERO), rejected=rejected, years=sorted(years, reverse=True))


# --- entries ------------------------------------------------------------------------------------------


def entries(user: Any, unit: OrgUnit, *, year: int | None = None, status: str = "", sign: str = "", origin: str = "",
            cadre_id: int | None = None, q: str = "") -> QuerySet[PointEntry]:
    """Entries the user may view below `unit`, filtered: status, year, addition / deduction, manual /
    automatic, one cadre, a name."""
    qs = (PointEntry.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path)
          .select_related("cadre", "org_unit", "rule", "created_by", "decided_by").prefetch_related("files"))
    if year is not None:
        qs = qs.filter(year=year)
    if status in PointEntry.Status.values:
        qs = qs.filter(status=status)
    if sign == "plus":
        qs = qs.filter(points__gt=0)
    elif sign == "minus":
        qs = qs.filter(points__lt=0)
    if origin == "manual":
        qs = qs.filter(rule__isnull=True)
    elif origin == "auto":
        qs = qs.filter(rule__isnull=False)
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
    if q:
        qs = qs.filter(Q(cadre__name__contains=q) | Q(cadre__name_pinyin__startswith=q.lower())
                       | Q(cadre__name_initials__startswith=q.lower()) | Q(reason__contains=q))
    return qs.order_by("-date", "-id")


def pending_count(user: Any, unit: OrgUnit) -> int:
    return int(PointEntry.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path,
                                                                  status=PointEntry.Status.PENDING).count())


# --- leaderboards -------------------------------------------------------------------------------------


def ranks(values: list[Any]) -> list[int]:
    """Competition ranks of values sorted best first: ties share a rank, the next rank skips (1, 1, 3)."""
    result: list[int] = []
    for i, v in enumerate(values, start=1):
        result.append(result[-1] if result and v == values[i - 2] else i)
    return result


def _on_roll(user: Any, unit: OrgUnit) -> QuerySet[Cadre]:
    return card_cadres(user).filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL)


def _year_lines(year: int) -> FilteredRelation:
    """The cadre's approved lines of the year, joined once (the rest of the cadre's lines never joined)."""
    return FilteredRelation("point_entries", condition=Q(point_entries__year=year, point_entries__status=PointEntry.Status.APPROVED))


def _total() -> Coalesce:
    return Coalesce(Sum("year_lines__points"), Value(ZERO), output_field=_POINTS)


@dataclass(frozen=True)
class PersonRow:
    rank: int
    cadre_id: int
    name: str
    unit_name: str
    total: Decimal


def top_cadres(user: Any, unit: OrgUnit, year: int, limit: int = 20) -> list[PersonRow]:
    """The `limit` cadres on the roll below `unit` with the most points in `year`, ranked (one GROUP BY)."""
    rows = list(_on_roll(user, unit).alias(year_lines=_year_lines(year)).annotate(total=_total())
                .order_by("-total", "name_pinyin", "id").values("id", "name", "org_unit__name", "total")[:limit])
    return [PersonRow(rank, r["id"], r["name"], r["org_unit__name"], r["total"])
            for rank, r in zip(ranks([r["total"] for r in rows]), rows, strict=True)]


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    total: Decimal
    headcount: int
    average: Decimal | None  # points per cadre on the roll; None without anybody on the roll
    rank: int | None = None


@dataclass(frozen=True)
class UnitBoard:
    """Direct children of `unit` ranked by points per cadre; the unit's own staff (本级, with its offices)
    apart and unranked; the subtree's figures for the heading."""

    unit: OrgUnit
    year: int
    rows: list[UnitRow]
    own: UnitRow | None
    overall: UnitRow


def _average(total: Decimal, headcount: int) -> Decimal | None:
    return (total / headcount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if headcount else None


def average_points(user: Any, unit: OrgUnit, year: int) -> UnitBoard:
    """Points per cadre on the roll (people.selectors.ON_ROLL) in `year`, for each direct child of `unit`:
    the sum of the on-roll cadres' cards over their headcount, normalised so that large and small units
    compare. One GROUP BY on the child-level path prefix, one query for the children."""
    prefix_len = len(unit.path) + STEP
    rows = (_on_roll(user, unit).alias(year_lines=_year_lines(year)).annotate(prefix=Substr("org_unit__path", 1, prefix_len))
            .values("prefix").annotate(headcount=Count("id", distinct=True), total=_total()).order_by())
    counts = {r["prefix"]: (r["total"], r["headcount"]) for r in rows}
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("order", "path").values("id", "name", "path", "kind"))
    ranked: list[UnitRow] = []
    own_total, own_heads = counts.get(unit.path, (ZERO, 0))
    for c in children:
        total, heads = counts.get(c["path"], (ZERO, 0))
        if c["kind"] == OrgUnit.Kind.OFFICE:  # an office's staff are the department's own (本级)
            own_total, own_heads = own_total + total, own_heads + heads
        else:
            ranked.append(UnitRow(c["id"], c["name"], total, heads, _average(total, heads)))
    ranked.sort(key=lambda r: (r.average is None, -(r.average or ZERO), r.name))
    scored = [r for r in ranked if r.average is not None]
    positions = ranks([r.average for r in scored])
    rows_out = [UnitRow(r.unit_id, r.name, r.total, r.headcount, r.average, positions[i]) for i, r in enumerate(scored)]
    rows_out += [r for r in ranked if r.average is None]
    all_total = sum((t for t, _h in counts.values()), ZERO)
    all_heads = sum(h for _t, h in counts.values())
    own = UnitRow(unit.pk, "本级", own_total, own_heads, _average(own_total, own_heads)) if own_heads else None
    return UnitBoard(unit=unit, year=year, rows=rows_out, own=own,
                     overall=UnitRow(unit.pk, unit.name, all_total, all_heads, _average(all_total, all_heads)))


# --- rules --------------------------------------------------------------------------------------------


def decay_text(rule: PointRule) -> str:
    """"第1次10分，第2次6分，第3次及以后3分" for a decay list; "" without one."""
    steps = [num(v) for v in rule.decay or []]
    if not steps:
        return ""
    if len(steps) == 1:
        return f"每次{steps[0]}分"
    parts = [f"第{i}次{v}分" for i, v in enumerate(steps[:-1], start=1)]
    return "，".join([*parts, f"第{len(steps)}次及以后{steps[-1]}分"])


def caps_text(rule: PointRule) -> str:
    parts = []
    if rule.daily_cap is not None:
        parts.append(f"每日最多{num(rule.daily_cap)}分")
    if rule.yearly_cap is not None:
        parts.append(f"每年最多{num(rule.yearly_cap)}分")
    return "，".join(parts)


@dataclass(frozen=True)
class RuleLine:
    rule: PointRule
    points: str
    decay: str
    caps: str


def rules(*, include_inactive: bool = False) -> list[RuleLine]:
    """The rules as shown to cadres: points, caps, decay wording, description (active ones, unless the
    reader edits them). Rules are platform-wide configuration, not records of a unit: no scope."""
    qs = PointRule.objects.order_by("order", "id")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return [RuleLine(r, num(r.points), decay_text(r), caps_text(r)) for r in qs]
