"""The list of study-session kinds (学习形式): configuration of the whole platform (core.configlists), changed by whoever holds
learning.change_studykind on a top-level unit (as the point rules are). Codes are stable (indicators count
党课 by its code); a kind in use is switched off rather than deleted."""

from __future__ import annotations

from typing import Any

from zugong.core import configlists
from zugong.learning.models import StudyKind

CHANGE = "learning.change_studykind"


SHIPPED = [
    ("central_group", "中心组学习"), ("collective", "集中学习"), ("lecture", "报告会"), ("party_lecture", "党课"),
    ("discussion", "座谈讨论"), ("reading", "读书会"), ("warning", "警示教育"), ("tradition", "革命传统教育"),
]


def ensure_kinds() -> None:
    """Put back the shipped kinds a flushed test database lost (the data migration seeds them)."""
    for order, (code, name) in enumerate(SHIPPED, start=1):
        StudyKind.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def can_change(user: Any) -> bool:
    return configlists.can_change(user, CHANGE)


def kind_save(*, actor: Any, data: dict[str, Any], kind: StudyKind | None = None) -> StudyKind:
    return configlists.save(actor=actor, model=StudyKind, data=data, entry=kind, perm=CHANGE, noun="学习形式",
                            denied="学习形式由省级业务管理员维护", action="studykind.saved")
