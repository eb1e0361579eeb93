"""Menu registry: each app registers its sidebar entries with the permission they need (DESIGN.md §5.11)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str = "circle"
    perm: str | None = None  # business permission held on any unit
    check: Callable[[Any], bool] | None = None  # other rule (三员 roles)
    order: int = 100


@dataclass
class MenuGroup:
    label: str
    order: int
    items: list[MenuItem] = field(default_factory=list)


_groups: dict[str, MenuGroup] = {}


def register(group: str, *items: MenuItem, order: int = 100) -> None:
    g = _groups.setdefault(group, MenuGroup(label=group, order=order))
    g.order = min(g.order, order)
    known = {i.url_name for i in g.items}
    g.items.extend(i for i in items if i.url_name not in known)


def all_items() -> list[MenuItem]:
    return [i for g in _groups.values() for i in g.items]


def menu_for(user: Any) -> list[MenuGroup]:
    from zugong.accounts.access import has_perm_anywhere

    result = []
    for g in sorted(_groups.values(), key=lambda g: g.order):
        visible = [
            i
            for i in sorted(g.items, key=lambda i: i.order)
            if (i.perm is None or has_perm_anywhere(user, i.perm)) and (i.check is None or i.check(user))
        ]
        if visible:
            result.append(MenuGroup(label=g.label, order=g.order, items=visible))
    return result
