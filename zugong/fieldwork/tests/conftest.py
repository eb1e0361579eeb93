"""Fixtures of the 基层工作 tests: cadres of county A1, A2 and B1 and a contact point of A1's office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Staff:
    a1: list[Any]  # 张一, 张二, 张三 of county A1
    a2: Any  # 李四 of county A2
    b1: Any  # 王五 of county B1
    point: Any  # A1's contact point, kept by its office


@pytest.fixture
def staff(personas: Any, tree: Any, make_cadre: Any) -> Staff:
    from django.utils import timezone

    from zugong.fieldwork import services

    a1 = [make_cadre(tree.county_a1, name=n) for n in ("张一", "张二", "张三")]
    point = services.point_create(actor=personas.province, data={
        "org_unit": tree.county_a1, "office": tree.county_a1_office, "name": "新阳社区党委", "address": "新阳路1号",
        "since": timezone.localdate()})
    return Staff(a1=a1, a2=make_cadre(tree.county_a2, name="李四"), b1=make_cadre(tree.county_b1, name="王五"), point=point)


def visit_data(unit: Any, cadres: list[Any], **extra: Any) -> dict[str, Any]:
    from django.utils import timezone

    return {"org_unit": unit, "kind": "community", "date": timezone.localdate(), "place": "新阳社区", "purpose": "调研社区党建",
            "findings": "", "cadres": cadres, **extra}
