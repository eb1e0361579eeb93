"""The opinion categories (意见分类): a list of the whole platform (core.configlists), kept by whoever holds
opinions.change_opinioncategory on a top-level unit, as the study kinds are. Codes are stable (indicators count
by them); a category in use is switched off rather than deleted."""

from __future__ import annotations

from typing import Any

from zugong.core import configlists
from zugong.opinions.models import OpinionCategory

CHANGE = "opinions.change_opinioncategory"
MSG_PERM = "意见分类由省级业务管理员维护"

# the seeds' wording (征求到4大类20个问题: 思想作风、工作作风、工作效率、选人用人 …)
SHIPPED = [
    ("thinking", "思想作风"), ("work_style", "工作作风"), ("efficiency", "工作效率"), ("selection", "选人用人"),
    ("integrity", "廉洁自律"), ("service", "服务基层"), ("other", "其他"),
]


def ensure_categories() -> None:
    """Put back the shipped categories a flushed test database lost (the data migration seeds them)."""
    for order, (code, name) in enumerate(SHIPPED, start=1):
        OpinionCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def can_change(user: Any) -> bool:
    return configlists.can_change(user, CHANGE)


def category_save(*, actor: Any, data: dict[str, Any], category: OpinionCategory | None = None) -> OpinionCategory:
    return configlists.save(actor=actor, model=OpinionCategory, data=data, entry=category, perm=CHANGE, noun="分类",
                            denied=MSG_PERM, action="opinioncategory.saved")
