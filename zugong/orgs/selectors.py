"""Reads on the org tree: the visible tree with headcount per subtree."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from zugong.orgs.models import STEP, OrgUnit


def tree_with_headcount(
    user: Any, *, include_inactive: bool = False, include_offices: bool = False
) -> list[dict[str, Any]]:
    """Visible units in path order with `own` and `subtree` headcount (people on the roll).

    Cadres belong to departments; an office's figure counts the cadres assigned to it and is not
    added up the tree again. Three queries whatever the size of the tree: the units, one GROUP BY
    of cadres per unit and one per office; subtree sums are added up in memory along the paths."""
    from zugong.people.models import Cadre
    from zugong.people.selectors import ON_ROLL

    units = OrgUnit.objects.visible_to(user, "view").order_by("path")
    if not include_inactive:
        units = units.filter(is_active=True)
    if not include_offices:
        units = units.exclude(kind=OrgUnit.Kind.OFFICE)
    unit_list: list[OrgUnit] = list(units)
    own = dict(
        Cadre.objects.visible_to(user, "view")
        .filter(status__in=ON_ROLL)
        .values_list("org_unit_id")
        .annotate(n=Count("id"))
        .values_list("org_unit_id", "n")
    )
    per_office: dict[int, int] = {}
    if include_offices:
        per_office = dict(
            Cadre.objects.visible_to(user, "view")
            .filter(status__in=ON_ROLL, office__isnull=False)
            .values_list("office_id")
            .annotate(n=Count("id"))
            .values_list("office_id", "n")
        )
    subtree: dict[str, int] = defaultdict(int)
    by_path = {u.path: u for u in unit_list}
    for u in unit_list:
        n = own.get(u.pk, 0)
        if not n:
            continue
        # add to the unit and to each visible ancestor
        p = u.path
        while p:
            if p in by_path:
                subtree[p] += n
            p = p[:-STEP]
    base_depth = min((u.depth for u in unit_list), default=1)
    rows = []
    for u in unit_list:
        if u.kind == OrgUnit.Kind.OFFICE:
            n = per_office.get(u.pk, 0)
            rows.append({"unit": u, "own": n, "subtree": n, "indent": u.depth - base_depth})
        else:
            rows.append({"unit": u, "own": own.get(u.pk, 0), "subtree": subtree.get(u.path, 0), "indent": u.depth - base_depth})
    return rows


MSG_AMBIGUOUS_UNIT = "有多个同名单位，请填写“上级单位/单位”（如“{example}”）或行政区划代码"


def unit_lookup(units: list[OrgUnit]) -> tuple[dict[str, OrgUnit | None], list[str]]:
    """How spreadsheet cells name units: the name when unique, "上级/名称" always, the division code.

    Returns (index, dropdown labels). An ambiguous bare name maps to None (the caller says so).
    Units must come with `parent` selected."""
    by_name: dict[str, list[OrgUnit]] = defaultdict(list)
    for u in units:
        by_name[u.name].append(u)
    index: dict[str, OrgUnit | None] = {}
    labels: list[str] = []
    for name, same in by_name.items():
        index[name] = same[0] if len(same) == 1 else None
        for u in same:
            full = f"{u.parent.name}/{u.name}" if u.parent_id and u.parent else u.name
            index[full] = u
            labels.append(name if len(same) == 1 else full)
            if u.division_code and u.kind != OrgUnit.Kind.OFFICE:
                index[u.division_code] = u
    return index, labels


def resolve_unit(index: dict[str, OrgUnit | None], cell: str) -> tuple[OrgUnit | None, str]:
    """(unit, error message) for a cell naming a unit."""
    key = cell.strip().replace("／", "/")
    if key in index and index[key] is None:
        example = next((k for k, v in index.items() if "/" in k and v is not None and k.endswith("/" + key)), key)
        return None, MSG_AMBIGUOUS_UNIT.format(example=example)
    unit = index.get(key)
    if unit is None:
        return None, "单位不存在或不在您的授权范围内"
    return unit, ""
