"""The indicator registry (DESIGN.md §5.6): every figure the platform reports is declared once, by the
app that owns its records, as an aggregate over a scoped model (or a ratio of two indicators)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from django.db import models

from zugong.core.scope import perm_name

Aggregate = Literal["count", "sum", "distinct", "ratio"]
UNITS = ("人", "人次", "期", "次", "个", "项", "份", "篇", "对", "条", "分", "%")


@dataclass(frozen=True)
class Indicator:
    """A figure: `code` (app.name), Chinese `label` and `unit`, and how to compute it from records."""

    code: str
    label: str
    unit: str
    model: type[models.Model] | None = None
    aggregate: Aggregate = "count"
    field: str | None = None  # summed or distinct-counted field
    date_field: str | None = None  # period filter; None: a state (counted as of now, or as frozen)
    filters: dict[str, Any] = dc_field(default_factory=dict)
    numerator: str | None = None  # ratio: codes of two indicators
    denominator: str | None = None
    description: str = ""
    group: str = ""
    form_fed: bool = False  # reported through report forms (填报), not counted from records
    unit_field: str | None = None  # the unit a record counts at, if not its scope unit (a response counts at the region rated)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unit {self.unit!r} is not one of {UNITS}")
        if self.aggregate == "ratio":
            if not (self.numerator and self.denominator):
                raise ValueError(f"{self.code}: a ratio needs numerator and denominator")
        elif self.model is None:
            raise ValueError(f"{self.code}: a record indicator needs a model")
        elif self.aggregate in ("sum", "distinct") and not self.field:
            raise ValueError(f"{self.code}: {self.aggregate} needs a field")
        if self.model is not None and not getattr(self.model, "scope_field", None):
            raise ValueError(f"{self.code}: {self.model.__name__} is not a scoped model")

    @property
    def unit_path(self) -> str:
        """The lookup of the path of the unit a record counts at (roll-ups and breakdowns group by it)."""
        from zugong.core.scope import path_lookup

        assert self.model is not None
        return f"{self.unit_field}__path" if self.unit_field else path_lookup(self.model)

    @property
    def is_ratio(self) -> bool:
        return self.aggregate == "ratio"

    @property
    def source(self) -> str:
        if self.is_ratio:
            return f"ratio:{self.numerator}/{self.denominator}"
        assert self.model is not None
        return self.model._meta.label_lower

    def models(self) -> list[type[models.Model]]:
        if self.model is not None:
            return [self.model]
        return [m for code in (self.numerator, self.denominator) if code for m in get(code).models()]

    def view_perms(self) -> list[str]:
        return [perm_name(m, "view") for m in self.models()]


_registry: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for ind in indicators:
        if ind.code in _registry and _registry[ind.code] != ind:
            raise ValueError(f"indicator {ind.code} registered twice")
        _registry[ind.code] = ind


def get(code: str) -> Indicator:
    return _registry[code]


def exists(code: str) -> bool:
    return code in _registry


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda i: (i.group, i.code))


def form_fed() -> list[Indicator]:
    return [i for i in all_indicators() if i.form_fed]


def available_to(user: Any) -> list[Indicator]:
    """Indicators whose records the user may view somewhere."""
    from zugong.accounts.access import has_perm_anywhere

    return [i for i in all_indicators() if all(has_perm_anywhere(user, p) for p in i.view_perms())]


@dataclass(frozen=True)
class ListSource:
    """A ready table another app builds for a briefing (a [清单: code] line), e.g. the project bulletin's rows:
    `build(user, org, period)` returns {"rows": [header, row, …], "links": [url or "" per row after the header]}.
    Issuing the briefing keeps the table as built, beside the frozen figures."""

    code: str
    label: str
    build: Callable[[Any, Any, Any], dict[str, Any]]
    description: str = ""
    perm: str = ""  # the viewer needs it somewhere to see the table


_lists: dict[str, ListSource] = {}


def register_list(*sources: ListSource) -> None:
    for s in sources:
        _lists[s.code] = s


def get_list(code: str) -> ListSource | None:
    return _lists.get(code)


def all_lists() -> list[ListSource]:
    return sorted(_lists.values(), key=lambda s: s.code)
