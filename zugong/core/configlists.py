"""Platform-wide configuration lists (学习形式, 意见分类 …): rows with a stable `code` (what indicators count by)
and a `name` people see, kept by whoever holds the list's permission on a top-level unit (the province). A row in
use is switched off rather than deleted. One implementation of the checks and the audited save for every list."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from zugong.accounts.access import SYSTEM, grants
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.orgs.models import STEP

CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
MSG_CODE = "代码用小写英文字母开头，只含小写字母、数字和下划线，2–30 位"


def can_change(user: Any, perm: str) -> bool:
    """The list is changed only through a grant of `perm` on a top-level unit."""
    if user is SYSTEM:
        return True
    return any(perm in g.permissions and len(g.org_path) == STEP for g in grants(user))


def check(model: type[models.Model], data: dict[str, Any], entry: models.Model | None, *, noun: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写名称"
    elif model._default_manager.filter(name=name).exclude(pk=getattr(entry, "pk", None)).exists():
        errors["name"] = f"已有名为“{name}”的{noun}"
    if entry is None:
        code = str(data.get("code") or "").strip()
        if not CODE.match(code):
            errors["code"] = MSG_CODE
        elif model._default_manager.filter(code=code).exists():
            errors["code"] = f"代码“{code}”已被使用"
    return errors


@transaction.atomic
def save(*, actor: Any, model: type[models.Model], data: dict[str, Any], entry: Any = None, perm: str, noun: str,
         denied: str, action: str) -> Any:
    """Create (entry None: code, name, order, is_active) or change (name, order, is_active) a row; audited as `action`."""
    if not can_change(actor, perm):
        raise PermissionDenied(denied)
    errors = check(model, data, entry, noun=noun)
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry) if entry is not None else None
    if entry is None:
        entry = model(code=str(data["code"]).strip())
    entry.name = str(data["name"]).strip()
    entry.order = int(data.get("order") or 0)
    entry.is_active = bool(data.get("is_active", True))
    entry.save()
    record(action=action, actor=actor, obj=entry, before=before, after=snapshot(entry))
    return entry
