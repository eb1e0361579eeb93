"""The shell around every page: sidebar menu, unit switcher, current unit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zugong.core.menu import menu_for
from zugong.core.units import current_unit, switchable_units


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user),
        "current_unit": current_unit(request),
        "switchable_units": switchable_units(user),
    }
