"""Fixtures of the honors tests: the province's selection, with nominees from county A1, county A2, county B1 and
city A, brought to the stage a test needs through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from zugong.honors import services, voting
from zugong.honors.models import Nomination, Selection


def settings_data(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {"title": "2026年度“我身边的优秀组工干部”评选", "year": today.year, "voting_mode": "both", "nominations_per_unit": 2,
            "places": 2, "votes_per_voter": 2, "description": "评选说明", "honor_title": "",
            **dict.fromkeys(services.DATES, today), **extra}


@dataclass
class World:
    selection: Selection
    nominations: dict[str, Nomination] = field(default_factory=dict)  # by nominee name
    cadres: dict[str, Any] = field(default_factory=dict)

    def refresh(self) -> Selection:
        self.selection.refresh_from_db()
        return self.selection


STAGES = ["draft", "nominating", "publicized", "voting", "closed"]


@pytest.fixture
def make_world(personas: Any, tree: Any, make_cadre: Any) -> Any:
    def make(stage: str = "voting", *, organizer: Any = None, **extra: Any) -> World:
        actor = personas.province
        s = services.selection_create(actor=actor, org_unit=organizer or tree.province, data=settings_data(**extra))
        w = World(s)
        units = {"甲一": tree.county_a1, "甲二": tree.county_a2, "乙一": tree.county_b1, "甲市": tree.city_a}
        for name, unit in units.items():
            w.cadres[name] = make_cadre(unit, name=name)
        target = STAGES.index(stage)
        for i in range(1, target + 1):
            if STAGES[i] == "closed":
                s = voting.selection_close(actor=actor, selection=s, expected_version=s.version)
                continue
            s = services.selection_advance(actor=actor, selection=s, expected_version=s.version, reason="测试：提前进入下一阶段")
            if STAGES[i] == "nominating":
                for name, unit in units.items():
                    if not unit.path.startswith(s.org_unit.path):
                        continue
                    n = services.nomination_submit(actor=actor, selection=s, org_unit=unit, cadre=w.cadres[name], deeds=f"{name}的先进事迹")
                    w.nominations[name] = n if target == 1 else services.nomination_decide(
                        actor=actor, nomination=n, accept=True, expected_version=n.version)
        w.selection = s
        return w

    return make
