"""Reading the democratic appraisal of persons (民主测评干部个人): how each cadre was rated. These are the most
sensitive figures of the app, so they are read apart from the other results:

- only with `surveys.view_appraisal` (部领导; not the business administrator) over the cadre's unit, that is by
  the leaders of the cadre's own unit and of the units above it;
- never by the cadre themselves;
- only after close, with the same suppression as every result (a person rated by fewer than k_min respondents of a
  group shows 样本不足);
- every read is audited (`survey.appraisal_viewed`: who, which survey, how many persons), as revealing a cadre's
  ID number is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zugong.accounts.access import scope_paths
from zugong.audit.services import record
from zugong.core.scope import paths_q
from zugong.surveys.models import Aspect, Result, Survey
from zugong.surveys.selectors import Cell, as_cell

APPRAISAL = "surveys.view_appraisal"


@dataclass
class PersonRow:
    aspect: Aspect
    overall: Cell  # all criteria together
    criteria: list[Cell]  # per item, in order
    by_category: list[Cell]  # the overall per respondent category


def visible_persons(user: Any, survey: Survey) -> Any:
    """The survey's rated cadres this user may see: in their appraisal scope, never themselves."""
    paths = scope_paths(user, APPRAISAL)
    if not paths:
        return Aspect.objects.none()
    return (Aspect.objects.filter(survey=survey, cadre__isnull=False).filter(paths_q("cadre__org_unit__path", paths))
            .exclude(cadre__user=user).select_related("cadre__org_unit").order_by("order", "id"))


@transaction.atomic
def appraisal_read(*, actor: Any, survey: Survey) -> dict[str, Any]:
    """The rows the actor may see (empty when none), and an audit row of the read."""
    persons = list(visible_persons(actor, survey))
    if not persons:
        return {"persons": [], "criteria": [], "categories": []}
    categories = list(survey.categories.all())
    criteria = list(persons[0].items.order_by("order", "id").values_list("text", flat=True))
    cells: dict[tuple[int | None, int | None, int | None], Result] = {
        (r.aspect_id, r.item_id, r.category_id): r
        for r in Result.objects.filter(survey=survey, target__isnull=True, aspect__in=[p.pk for p in persons])}
    items: dict[int, list[int]] = {}
    for aspect_id, item_id in (survey.items.filter(aspect__in=[p.pk for p in persons]).order_by("order", "id")
                               .values_list("aspect_id", "id")):
        items.setdefault(aspect_id, []).append(item_id)
    rows = []
    for p in persons:
        def cell(item: int | None, category: int | None, aspect: int = p.pk) -> Cell:
            r = cells.get((aspect, item, category))
            return as_cell(r) if r is not None else Cell(None, 0, True, {})

        rows.append(PersonRow(p, cell(None, None), [cell(i, None) for i in items.get(p.pk, [])],
                              [cell(None, c.pk) for c in categories]))
    record(action="survey.appraisal_viewed", actor=actor, obj=survey, after={"persons": len(rows)})
    return {"persons": rows, "criteria": criteria, "categories": categories}
