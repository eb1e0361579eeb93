"""Reads of training coverage (轮训) and study hours, per unit subtree, in a fixed number of queries.

Coverage: a cadre on the roll is covered when they completed a training (of the kinds the rule counts)
within the rule's window (default 24 months); the rule is the one set nearest up the tree from the
cadre's unit. OVERDUE = not covered (never trained included); DUE = covered, but the window ends within
`due_months`. The last completion per cadre is one GROUP BY, never a query per cadre.

Study hours: per cadre per year, the hours of the study sessions attended plus the hours of the
training classes completed that year, against the requirement for the cadre's rank set nearest up the
tree (a rank-specific setting beats the "all ranks" one of the same unit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, Sum
from django.utils import timezone

from zugong.accounts.access import scope_paths
from zugong.core.calendar import add_months
from zugong.core.scope import paths_q
from zugong.learning.models import CoverageRule, Enrollment, StudyAttendance, StudyRequirement
from zugong.orgs.models import STEP, OrgUnit
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL

DEFAULT_WINDOW = 24
DEFAULT_DUE = 3
ZERO = Decimal(0)


def _lineage(unit: OrgUnit) -> list[str]:
    return [*unit.ancestor_paths(), unit.path]


def _nearest(path: str, by_path: dict[str, Any]) -> Any:
    """The value set on the longest path that is a prefix of `path` (the nearest unit up the tree)."""
    for n in range(len(path), 0, -STEP):
        hit = by_path.get(path[:n])
        if hit is not None:
            return hit
    return None


# ---------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Rule:
    window_months: int = DEFAULT_WINDOW
    due_months: int = DEFAULT_DUE
    kinds: tuple[str, ...] = ()
    unit_name: str = ""  # where it was set ("" = the default)


def _rules(unit: OrgUnit) -> dict[str, Rule]:
    """Rules set on the unit, its ancestors and inside its subtree, by unit path (one query)."""
    rows = CoverageRule.objects.filter(Q(org_unit__path__in=_lineage(unit)) | Q(org_unit__path__startswith=unit.path)) \
        .select_related("org_unit")
    return {r.org_unit.path: Rule(r.window_months, r.due_months, tuple(r.kinds or ()), r.org_unit.name) for r in rows}


def rule_for(unit: OrgUnit) -> Rule:
    """The rule that applies to a unit's own cadres (nearest setting up the tree, else the default)."""
    rows = CoverageRule.objects.filter(org_unit__path__in=_lineage(unit)).select_related("org_unit")
    found = _nearest(unit.path, {r.org_unit.path: Rule(r.window_months, r.due_months, tuple(r.kinds or ()), r.org_unit.name)
                                 for r in rows})
    return found or Rule()


@dataclass
class CadreCoverage:
    id: int
    name: str
    unit: str
    office: str
    last: date | None
    expires: date | None  # the day the window ends (None: never trained)


@dataclass
class UnitCoverage:
    id: int
    name: str
    on_roll: int = 0
    covered: int = 0

    @property
    def percent(self) -> Decimal:
        if not self.on_roll:
            return ZERO
        return (Decimal(self.covered * 100) / self.on_roll).quantize(Decimal("0.1"))


@dataclass
class Coverage:
    unit: OrgUnit
    rule: Rule
    total: UnitCoverage
    rows: list[UnitCoverage] = field(default_factory=list)
    overdue: list[CadreCoverage] = field(default_factory=list)
    due: list[CadreCoverage] = field(default_factory=list)


def last_completions(user: Any, unit: OrgUnit) -> dict[int, dict[str, date]]:
    """Per cadre of the subtree, the last completion date per class kind, in one GROUP BY over the
    enrolments the user may read."""
    rows = (Enrollment.objects.visible_to(user, "view")
            .filter(cadre__org_unit__path__startswith=unit.path, status=Enrollment.Status.COMPLETED, completed_on__isnull=False)
            .values("cadre_id", "training_class__kind").annotate(last=Max("completed_on")).order_by())
    result: dict[int, dict[str, date]] = defaultdict(dict)
    for r in rows:
        result[r["cadre_id"]][r["training_class__kind"]] = r["last"]
    return result


def coverage(user: Any, unit: OrgUnit, today: date | None = None) -> Coverage:
    """Coverage of the unit's subtree: overall, per direct child unit (offices count as the unit's own
    staff, 本级), and the cadres overdue and due. Four queries whatever the number of cadres."""
    today = today or timezone.localdate()
    rules = _rules(unit)
    default = _nearest(unit.path, rules) or Rule()
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("order", "path"))
    own = UnitCoverage(unit.pk, "本级")
    per_child = {c.path: UnitCoverage(c.pk, c.name) for c in children}
    total = UnitCoverage(unit.pk, unit.name)
    lasts = last_completions(user, unit)
    result = Coverage(unit=unit, rule=default, total=total)
    prefix_len = len(unit.path) + STEP
    cadres = (Cadre.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL)
              .values_list("id", "name", "org_unit__path", "org_unit__name", "office__name").order_by("org_unit__path", "name_pinyin", "id"))
    for pk, name, path, unit_name, office in cadres:
        rule = _nearest(path, rules) or Rule()
        kinds = lasts.get(pk, {})
        dates = [d for k, d in kinds.items() if not rule.kinds or k in rule.kinds]
        last = max(dates) if dates else None
        expires = add_months(last, rule.window_months) if last else None
        covered = expires is not None and expires > today
        row = per_child.get(path[:prefix_len], own)
        for bucket in (row, total):
            bucket.on_roll += 1
            bucket.covered += int(covered)
        entry = CadreCoverage(pk, name, unit_name, office or "", last, expires)
        if not covered:
            result.overdue.append(entry)
        elif expires is not None and expires <= add_months(today, rule.due_months):
            result.due.append(entry)
    result.rows = ([own] if own.on_roll else []) + [per_child[c.path] for c in children]
    result.due.sort(key=lambda e: (e.expires or today, e.id))
    return result


# ---------------------------------------------------------------- study hours


def requirement_table(unit: OrgUnit) -> dict[str, dict[str, Decimal]]:
    """Requirements set on the unit's ancestors, itself and its subtree: path -> {rank: hours} (one query)."""
    rows = StudyRequirement.objects.filter(Q(org_unit__path__in=_lineage(unit)) | Q(org_unit__path__startswith=unit.path)) \
        .values_list("org_unit__path", "rank", "hours")
    table: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for path, rank, hours in rows:
        table[path][rank] = hours
    return table


def required_hours(table: dict[str, dict[str, Decimal]], path: str, rank: str) -> Decimal | None:
    """The nearest unit up the tree with a setting for the rank or for all ranks decides."""
    for n in range(len(path), 0, -STEP):
        ranks = table.get(path[:n])
        if ranks:
            if rank in ranks:
                return ranks[rank]
            if "" in ranks:
                return ranks[""]
    return None


@dataclass
class CadreHours:
    id: int
    name: str
    unit: str
    rank: str
    study: Decimal
    training: Decimal
    required: Decimal | None

    @property
    def hours(self) -> Decimal:
        return self.study + self.training

    @property
    def shortfall(self) -> Decimal:
        if self.required is None:
            return ZERO
        return max(self.required - self.hours, ZERO)


def _study_sums(user: Any, cadre_filter: Q, year: int) -> dict[int, Decimal]:
    """Hours of the sessions attended in the year, per cadre. A cadre's hours count whoever held the
    session, so they are read by the cadre's scope: the user sees the cadre and holds view_studysession
    on the cadre's unit."""
    paths = scope_paths(user, "learning.view_studysession")
    rows = (StudyAttendance.objects.filter(cadre_filter, paths_q("cadre__org_unit__path", paths), session__date__year=year)
            .values("cadre_id").annotate(h=Sum("session__hours")).order_by())
    return {r["cadre_id"]: r["h"] or ZERO for r in rows}


def _training_sums(user: Any, cadre_filter: Q, year: int) -> dict[int, Decimal]:
    rows = (Enrollment.objects.visible_to(user, "view")
            .filter(cadre_filter, status=Enrollment.Status.COMPLETED, completed_on__year=year)
            .values("cadre_id").annotate(h=Sum("training_class__hours")).order_by())
    return {r["cadre_id"]: r["h"] or ZERO for r in rows}


def hours(user: Any, unit: OrgUnit, year: int) -> list[CadreHours]:
    """Study hours of the subtree's cadres on the roll in a year, with the requirement and the shortfall
    (four queries whatever the number of cadres)."""
    from zugong.people.models import Rank

    cadres = list(Cadre.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL)
                  .values_list("id", "name", "org_unit__path", "org_unit__name", "rank").order_by("org_unit__path", "name_pinyin", "id"))
    where = Q(cadre__org_unit__path__startswith=unit.path, cadre__status__in=ON_ROLL)
    study = _study_sums(user, where, year)
    training = _training_sums(user, where, year)
    table = requirement_table(unit)
    ranks = dict(Rank.choices)
    return [CadreHours(pk, name, unit_name, str(ranks.get(rank, rank)), study.get(pk, ZERO), training.get(pk, ZERO),
                       required_hours(table, path, rank))
            for pk, name, path, unit_name, rank in cadres]


def cadre_hours(cadre: Cadre, year: int) -> CadreHours:
    """One cadre's own hours (their personal page: read by the cadre, not by role scope)."""
    study = (StudyAttendance.objects.filter(cadre=cadre, session__date__year=year).aggregate(h=Sum("session__hours"))["h"]
             or ZERO)
    training = (Enrollment.objects.filter(cadre=cadre, status=Enrollment.Status.COMPLETED, completed_on__year=year)
                .aggregate(h=Sum("training_class__hours"))["h"] or ZERO)
    table = requirement_table(cadre.org_unit)
    return CadreHours(cadre.pk, cadre.name, cadre.org_unit.name, cadre.get_rank_display(), study, training,
                      required_hours(table, cadre.org_unit.path, cadre.rank))
