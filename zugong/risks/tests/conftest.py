"""Fixtures of the risks tests: a post of county A1's 干部股 with catalogue risk points, made through the services."""

from __future__ import annotations

from typing import Any

import pytest

from zugong.accounts.access import SYSTEM
from zugong.risks import services
from zugong.risks.models import Post


@pytest.fixture
def make_post(tree: Any) -> Any:
    def make(name: str = "干部调配岗", *, unit: Any = None, office: Any = None, codes: tuple[str, ...] = ("XB-01", "XB-04"),
             interval: int = 6, **extra: Any) -> Post:
        unit = unit or tree.county_a1
        if office is None and unit == tree.county_a1:
            office = tree.county_a1_office
        post = services.post_create(actor=SYSTEM, data={"org_unit": unit, "office": office, "name": name, "duties": "",
                                                        "review_interval": interval, **extra})
        if codes:
            services.points_from_catalogue(actor=SYSTEM, post=post, codes=list(codes))
        return post

    return make
