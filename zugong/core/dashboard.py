"""Home-page widgets registered by apps, each computed for the user's current unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Widget:
    key: str
    template: str
    perm: str
    build: Callable[[Any, Any], dict[str, Any]]  # (user, current unit) -> context
    order: int = 100


_widgets: dict[str, Widget] = {}


def register(widget: Widget) -> None:
    _widgets[widget.key] = widget


def widgets() -> list[Widget]:
    return sorted(_widgets.values(), key=lambda w: w.order)
