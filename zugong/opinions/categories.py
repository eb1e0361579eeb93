"""The opinion categories (意见分类): a list of the whole platform, kept by whoever holds
opinions.change_opinioncategory on a top-level unit (as the study kinds are). Codes are stable (indicators count
by them); a category in use is switched off rather than deleted."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zugong.accounts.access import SYSTEM, grants
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.opinions.models import OpinionCategory
from zugong.orgs.models import STEP

CHANGE = "opinions.change_opinioncategory"
CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
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
    if user is SYSTEM:
        return True
    return any(CHANGE in g.permissions and len(g.org_path) == STEP for g in grants(user))


def _check(data: dict[str, Any], category: OpinionCategory | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写名称"
    elif OpinionCategory.objects.filter(name=name).exclude(pk=getattr(category, "pk", None)).exists():
        errors["name"] = f"已有名为“{name}”的分类"
    if category is None:
        code = str(data.get("code") or "").strip()
        if not CODE.match(code):
            errors["code"] = "代码用小写英文字母开头，只含小写字母、数字和下划线，2–30 位"
        elif OpinionCategory.objects.filter(code=code).exists():
            errors["code"] = f"代码“{code}”已被使用"
    return errors


@transaction.atomic
def category_save(*, actor: Any, data: dict[str, Any], category: OpinionCategory | None = None) -> OpinionCategory:
    if not can_change(actor):
        raise PermissionDenied(MSG_PERM)
    errors = _check(data, category)
    if errors:
        raise ValidationError(errors)
    before = snapshot(category) if category else None
    if category is None:
        category = OpinionCategory(code=str(data["code"]).strip())
    category.name = str(data["name"]).strip()
    category.order = int(data.get("order") or 0)
    category.is_active = bool(data.get("is_active", True))
    category.save()
    record(action="opinioncategory.saved", actor=actor, obj=category, before=before, after=snapshot(category))
    return category
