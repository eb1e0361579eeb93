"""xlsx import of care activities kept offline: every row checked like the form, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup

from . import services
from .models import CareActivity


def parse_int(text: str) -> int:
    value = Decimal(text)
    if value != value.to_integral_value() or value < 0:
        raise InvalidOperation
    return int(value)


@register
class ActivityImport(ImportResource):
    key = "care.careactivity"
    title = "关心关爱活动"
    perm = "care.import_careactivity"
    list_url_name = "care:activity_list"
    template_url_name = "care:activity_import_template"
    columns = [
        ImportColumn("组织单位", "org_unit", required=True, max_length=100,
                     help="组织活动的单位（从下拉列表选择）；有同名单位时写“上级单位/单位”；须在您的授权范围内"),
        ImportColumn("活动类型", "kind", required=True, kind="choice", choices=CareActivity.Kind.choices),
        ImportColumn("日期", "date", required=True, kind="date"),
        ImportColumn("活动名称", "title", required=True, max_length=200),
        ImportColumn("关爱对象（组工干部）", "cadre_names", max_length=4000,
                     help="组织单位及下级单位的组工干部姓名，多人用顿号分隔；同名时写“单位/姓名”。可不填"),
        ImportColumn("关爱人次", "persons", max_length=10, help="整数；不填按所填组工干部人数计"),
        ImportColumn("慰问金额（元）", "amount", max_length=15, help="数字，可不填"),
        ImportColumn("备注", "note", max_length=2000),
    ]
    example = ["哈尔滨市委组织部", "走访慰问", "2026-01-20", "春节前走访慰问困难组工干部", "", "12", "6000", ""]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []

    def _load_units(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            units = list(OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
                         .exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path"))
            self._units, self._labels = unit_lookup(units)
        return self._units

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load_units()
        return {"org_unit": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load_units(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        persons = amount = None
        try:
            persons = parse_int(cleaned["persons"]) if cleaned["persons"] else None
        except (InvalidOperation, ValueError):
            return None, {"persons": "应为不小于0的整数"}
        try:
            amount = Decimal(cleaned["amount"]).quantize(Decimal("0.01")) if cleaned["amount"] else None
        except (InvalidOperation, ValueError):
            return None, {"amount": "应为数字，如 500 或 500.00"}
        if amount is not None and amount >= Decimal("1e10"):
            return None, {"amount": "金额过大"}
        data = services.ActivityInput(org_unit=unit, kind=cleaned["kind"], date=cleaned["date"], title=cleaned["title"],
                                      cadre_names=cleaned["cadre_names"] or "", persons=persons, amount=amount,
                                      note=cleaned["note"] or "")
        return data, services.validate_activity(self.actor, data)

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return {"to_create": len(valid)}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        made = services.activity_import(actor=self.actor, rows=inputs)
        progress(len(made))
        return {"created": len(made), "updated": 0}
