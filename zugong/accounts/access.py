"""Scope and permission checks: grants on org units cover their subtree (DESIGN.md §5.2, R10-R20).

Grants are loaded once per request (one query) and cached on the user object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from zugong.core.scope import perm_name

_CACHE_ATTR = "_zugong_grants"


class SystemActor:
    """The actor for seeding and maintenance commands: passes scope checks, audited as "system"."""

    is_authenticated = False
    is_active = True
    admin_role = ""
    pk = None
    system = True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


@dataclass(frozen=True)
class Grant:
    org_id: int
    org_path: str
    org_name: str
    role_name: str
    permissions: frozenset[str]


GrantSource = Callable[[Any], list[Grant]]
_SOURCES: list[GrantSource] = []


def register_grant_source(source: GrantSource) -> None:
    """Add grants that come from a business assignment rather than a role grant: a supervision group
    member reads the campaign data of the units the group is assigned (campaigns.supervision)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def grants(user: Any) -> list[Grant]:
    """The user's active grants on active units (role grants, then registered sources), cached for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return []
    cached: list[Grant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from zugong.accounts.models import RoleAssignment

        rows = RoleAssignment.objects.filter(user=user, org_unit__is_active=True).select_related("role", "org_unit")
        cached = [
            Grant(r.org_unit_id, r.org_unit.path, r.org_unit.name, r.role.name, frozenset(r.role.permissions))
            for r in rows
        ]
        for source in _SOURCES:
            cached.extend(source(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _minimal(paths: list[str]) -> list[str]:
    """Drop paths covered by an ancestor path in the list."""
    result: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(q) for q in result):
            result.append(p)
    return result


def scope_paths(user: Any, perm: str) -> list[str]:
    """Org paths whose subtrees the user holds `perm` on (empty: nowhere)."""
    return _minimal([g.org_path for g in grants(user) if perm in g.permissions])


def has_perm_anywhere(user: Any, perm: str) -> bool:
    return any(perm in g.permissions for g in grants(user))


def can_at(user: Any, perm: str, org_path: str) -> bool:
    if user is SYSTEM:
        return True
    return any(org_path.startswith(p) for p in scope_paths(user, perm))


def object_path(obj: models.Model) -> str:
    field = getattr(type(obj), "scope_field", None)
    if field == "path":
        return str(obj.path)  # type: ignore[attr-defined]
    if field is None:
        raise TypeError(f"{type(obj).__name__} declares no scope_field")
    return str(getattr(obj, field).path)


def can(user: Any, action: str, obj: models.Model) -> bool:
    return can_at(user, perm_name(type(obj), action), object_path(obj))


def require_perm(user: Any, perm: str) -> None:
    """403 unless the user holds `perm` on some unit."""
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied("您没有此项操作的权限")


def require(user: Any, action: str, obj: models.Model) -> None:
    """404 when the object is outside every scope the user can even view; 403 when only the action is missing."""
    if can(user, action, obj):
        return
    if action != "view" and can(user, "view", obj):
        raise PermissionDenied("您没有此项操作的权限")
    raise Http404("对象不存在或不在您的授权范围内")


def require_at(user: Any, perm: str, org_path: str) -> None:
    """For writes that place data in a unit: the unit must be within the user's scope for `perm`."""
    if not can_at(user, perm, org_path):
        raise PermissionDenied("所选单位不在您的授权范围内")


def is_admin_role(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.admin_role == role)


def is_sysadmin(user: Any) -> bool:
    return is_admin_role(user, "sysadmin")


def is_secadmin(user: Any) -> bool:
    return is_admin_role(user, "secadmin")


def is_auditor(user: Any) -> bool:
    return is_admin_role(user, "auditor")
