"""The list of study-session kinds (学习形式): configuration of the whole platform, changed by whoever holds
learning.change_studykind on a top-level unit (as the point rules are). Codes are stable (indicators count
党课 by its code); a kind in use is switched off rather than deleted."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from zugong.accounts.access import SYSTEM, grants
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.learning.models import StudyKind
from zugong.orgs.models import STEP

CHANGE = "learning.change_studykind"
CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


SHIPPED = [
    ("central_group", "中心组学习"), ("collective", "集中学习"), ("lecture", "报告会"), ("party_lecture", "党课"),
    ("discussion", "座谈讨论"), ("reading", "读书会"), ("warning", "警示教育"), ("tradition", "革命传统教育"),
]


def ensure_kinds() -> None:
    """Put back the shipped kinds a flushed test database lost (the data migration seeds them)."""
    for order, (code, name) in enumerate(SHIPPED, start=1):
        StudyKind.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def can_change(user: Any) -> bool:
    if user is SYSTEM:
        return True
    return any(CHANGE in g.permissions and len(g.org_path) == STEP for g in grants(user))


def _check(data: dict[str, Any], kind: StudyKind | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写名称"
    elif StudyKind.objects.filter(name=name).exclude(pk=getattr(kind, "pk", None)).exists():
        errors["name"] = f"已有名为“{name}”的学习形式"
    if kind is None:
        code = str(data.get("code") or "").strip()
        if not CODE.match(code):
            errors["code"] = "代码用小写英文字母开头，只含小写字母、数字和下划线，2–30 位"
        elif StudyKind.objects.filter(code=code).exists():
            errors["code"] = f"代码“{code}”已被使用"
    return errors


@transaction.atomic
def kind_save(*, actor: Any, data: dict[str, Any], kind: StudyKind | None = None) -> StudyKind:
    if not can_change(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("学习形式由省级业务管理员维护")
    errors = _check(data, kind)
    if errors:
        raise ValidationError(errors)
    before = snapshot(kind) if kind else None
    if kind is None:
        kind = StudyKind(code=str(data["code"]).strip())
    kind.name = str(data["name"]).strip()
    kind.order = int(data.get("order") or 0)
    kind.is_active = bool(data.get("is_active", True))
    kind.save()
    record(action="studykind.saved", actor=actor, obj=kind, before=before, after=snapshot(kind))
    return kind
