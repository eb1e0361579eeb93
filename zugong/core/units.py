"""The user's current unit: one of the units they hold grants on, chosen with the unit switcher."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from zugong.accounts.access import grants

SESSION_KEY = "zugong_current_unit"


def units_with(user: Any, perm: str) -> Any:
    """The active units (not offices) where the user holds `perm`: where they may place a record that needs it."""
    from zugong.accounts.access import scope_paths
    from zugong.core.scope import paths_q
    from zugong.orgs.models import OrgUnit

    return (OrgUnit.objects.filter(paths_q("path", scope_paths(user, perm)), is_active=True)
            .exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))


def switchable_units(user: Any) -> list[tuple[int, str]]:
    """Units the user holds grants on; the one with the most permissions (then the highest) first."""
    best: dict[int, tuple[int, str, str]] = {}
    for g in grants(user):
        n = len(g.permissions)
        if g.org_id not in best or n > best[g.org_id][0]:
            best[g.org_id] = (n, g.org_path, g.org_name)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    return [(pk, name) for pk, (_n, _p, name) in ordered]


def current_unit(request: HttpRequest) -> Any:
    """The OrgUnit the pages default to (None for 三员 and users without grants)."""
    cached = getattr(request, "_zugong_unit", False)
    if cached is not False:
        return cached
    from zugong.orgs.models import OrgUnit

    units = switchable_units(request.user)
    unit = None
    if units:
        wanted = request.session.get(SESSION_KEY)
        ids = [pk for pk, _ in units]
        unit = OrgUnit.objects.get(pk=wanted if wanted in ids else ids[0])
    request._zugong_unit = unit  # type: ignore[attr-defined]
    return unit


def require_unit(request: HttpRequest) -> Any:
    """The current unit, or 403 for an account without any grant (三员, new accounts)."""
    unit = current_unit(request)
    if unit is None:
        raise PermissionDenied("您没有任何单位的授权")
    return unit
