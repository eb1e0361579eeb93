"""Reads for the inbox (always by recipient: an inbox is personal) and who to notify about a unit."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from zugong.accounts.models import Role, User
from zugong.notices.models import Notice
from zugong.orgs.models import STEP, OrgUnit


def inbox(user: Any, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's notices, unread first, newest first within each group."""
    qs = Notice.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.select_related("org_unit").order_by(unread_first, "-created_at", "-id")


def unread_count(user: Any) -> int:
    """How many unread notices the user has (one indexed COUNT)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def users_with_perm_at(org_unit: OrgUnit, perm: str, *, nearest: bool = False) -> QuerySet[User]:
    """Active business users holding `perm` on `org_unit`: the inverse of `access.can_at`.

    Mirrors `access.grants`: a grant on the unit or on any ancestor covers it; grants on inactive units,
    inactive accounts and 三员 accounts (which hold no business grants) do not count.
    """
    role_ids = [pk for pk, perms in Role.objects.values_list("pk", "permissions") if perm in (perms or [])]
    if not role_ids:
        return User.objects.none()
    paths = [org_unit.path[:end] for end in range(STEP, len(org_unit.path) + 1, STEP)]
    if nearest:
        # only the holders closest to the unit: the unit's own staff if it has any, else its nearest
        # superior's, so a province admin is not told about every county's every deadline
        held = (User.objects.filter(is_active=True, admin_role="", grants__role_id__in=role_ids, grants__org_unit__path__in=paths,
                                    grants__org_unit__is_active=True).values_list("grants__org_unit__path", flat=True))
        deepest = max(held, key=len, default=None)
        if deepest is None:
            return User.objects.none()
        paths = [deepest]
    # one filter() call: the role, unit and activity conditions must hold on the same grant row
    return (
        User.objects.filter(is_active=True, admin_role="", grants__role_id__in=role_ids, grants__org_unit__path__in=paths,
                            grants__org_unit__is_active=True)
        .distinct().order_by("username")
    )


def nearest_holders(units: list[OrgUnit], perm: str) -> dict[int, list[int]]:
    """`users_with_perm_at(unit, perm, nearest=True)` for many units in two queries: unit id -> user ids.

    For each unit, the holders on the deepest unit of its ancestor line (itself included) that has any.
    """
    role_ids = [pk for pk, perms in Role.objects.values_list("pk", "permissions") if perm in (perms or [])]
    if not role_ids or not units:
        return {u.pk: [] for u in units}
    lines = {u.pk: [u.path[:end] for end in range(STEP, len(u.path) + 1, STEP)] for u in units}
    wanted = {p for line in lines.values() for p in line}
    by_path: dict[str, set[int]] = {}
    rows = (User.objects.filter(is_active=True, admin_role="", grants__role_id__in=role_ids, grants__org_unit__path__in=wanted,
                                grants__org_unit__is_active=True).values_list("grants__org_unit__path", "pk"))
    for path, uid in rows:
        by_path.setdefault(path, set()).add(uid)
    result: dict[int, list[int]] = {}
    for uid_unit, line in lines.items():
        deepest = next((p for p in reversed(line) if p in by_path), None)
        result[uid_unit] = sorted(by_path[deepest]) if deepest else []
    return result
