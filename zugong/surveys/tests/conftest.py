"""Fixtures of the surveys tests: the province's survey of its cities and counties from the shipped template."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from zugong.surveys import ballots, design
from zugong.surveys.models import Survey


@pytest.fixture
def survey(personas: Any, tree: Any) -> Survey:
    """A published survey of the province over cities A, B (level 1) and counties A1, A2, B1 (level 2): 4 aspects,
    19 items, three categories with quotas 6 / 4 / 2 per target."""
    data = design.template_data("org-work-satisfaction")
    data.update(categories_text="党员干部 6\n群众 4\n服务对象 2", opens_on=timezone.localdate() - timedelta(days=1))
    targets = [tree.city_a, tree.city_b, tree.county_a1, tree.county_a2, tree.county_b1]
    s = design.survey_create(actor=personas.province, org_unit=tree.province, data=data, targets=targets)
    return design.survey_publish(actor=personas.province, survey=s, expected_version=s.version)


def issue_all(actor: Any, survey: Survey) -> dict[tuple[str, str], list[str]]:
    """Codes of every batch: {(target name, category name): [codes]}."""
    out: dict[tuple[str, str], list[str]] = {}
    for part in ballots.codes_issue(actor=actor, survey=survey):
        out[(str(part.batch.target), part.batch.category.name)] = part.codes
    return out


def answers_for(survey: Survey, value: int | list[int]) -> dict[str, int]:
    items = list(survey.items.order_by("order").values_list("id", flat=True))
    values = value if isinstance(value, list) else [value] * len(items)
    return {str(i): v for i, v in zip(items, values, strict=True)}
