"""xlsx import of field visits (下基层记录) kept offline: cadres named by name within the unit's roll, every row
checked like a form entry, all or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.fieldwork import services
from zugong.fieldwork.models import ContactPoint, VisitKind
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup
from zugong.people.models import Cadre

MSG_NO_CADRE = "“{name}”不在该单位及下级单位的名册中"
MSG_SAME_NAME = "该单位有 {n} 名叫“{name}”的干部，无法区分：请在系统中手工登记这一条"
MSG_NO_POINT = "该单位没有名为“{name}”的联系点"
SEPARATORS = r"[、,，;；\s]+"


@register
class VisitImport(ImportResource):
    key = "fieldwork.fieldvisit"
    title = "下基层记录"
    perm = "fieldwork.import_fieldvisit"
    list_url_name = "fieldwork:visit_list"
    template_url_name = "fieldwork:visit_import_template"
    columns = [
        ImportColumn("单位", "org_unit", required=True, max_length=100,
                     help="登记记录的组织部门（从下拉列表选择）；有同名单位时写“上级单位/单位”；须在您的授权范围内"),
        ImportColumn("类型", "kind", required=True, kind="choice", choices=VisitKind.choices),
        ImportColumn("日期", "date", required=True, kind="date"),
        ImportColumn("地点", "place", required=True, max_length=200),
        ImportColumn("事由", "purpose", required=True, max_length=500),
        ImportColumn("参加干部", "cadres", required=True, max_length=2000,
                     help="干部姓名，多人用顿号分隔（如：张三、李四）；须在该单位或下级单位的名册中；人次按人数计"),
        ImportColumn("联系点", "contact_point", max_length=200, help="到本单位联系点的，填联系点（基层单位）名称；否则不填"),
        ImportColumn("发现的问题和情况", "findings", max_length=services.MAX_TEXT),
    ]
    example = ["道里区委组织部", "进社区", "2026-03-15", "抚顺街道新阳路社区", "调研社区党组织建设", "张三、李四", "", "社区党员活动阵地面积不足"]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []
        self._cadres: dict[int, dict[str, list[Cadre]]] = {}
        self._points: dict[int, dict[str, ContactPoint]] = {}

    def _load_units(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            units = list(OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
                         .exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path"))
            self._units, self._labels = unit_lookup(units)
        return self._units

    def _roll(self, unit: OrgUnit) -> dict[str, list[Cadre]]:
        """The unit's roll (its subtree) by name, read once per unit."""
        if unit.pk not in self._cadres:
            by_name: dict[str, list[Cadre]] = {}
            for c in Cadre.objects.filter(org_unit__path__startswith=unit.path).select_related("org_unit").order_by("pk"):
                by_name.setdefault(c.name, []).append(c)
            self._cadres[unit.pk] = by_name
        return self._cadres[unit.pk]

    def _unit_points(self, unit: OrgUnit) -> dict[str, ContactPoint]:
        if unit.pk not in self._points:
            self._points[unit.pk] = {p.name: p for p in ContactPoint.objects.filter(org_unit=unit).order_by("pk")}
        return self._points[unit.pk]

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load_units()
        return {"org_unit": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load_units(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        roll = self._roll(unit)
        cadres: list[Cadre] = []
        for name in (n for n in re.split(SEPARATORS, cleaned["cadres"]) if n):
            found = roll.get(name, [])
            if not found:
                return None, {"cadres": MSG_NO_CADRE.format(name=name)}
            if len(found) > 1:
                return None, {"cadres": MSG_SAME_NAME.format(n=len(found), name=name)}
            cadres.append(found[0])
        point = None
        if cleaned["contact_point"]:
            point = self._unit_points(unit).get(cleaned["contact_point"])
            if point is None:
                return None, {"contact_point": MSG_NO_POINT.format(name=cleaned["contact_point"])}
        data = services.VisitInput(org_unit=unit, kind=cleaned["kind"], date=cleaned["date"], place=cleaned["place"],
                                   purpose=cleaned["purpose"], findings=cleaned["findings"] or "", cadres=cadres, contact_point=point)
        return data, services.check_visit(data.__dict__)

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return {"to_create": len(valid), "person_times": sum(len({c.pk for c in v.cadres}) for _, v in valid)}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        created = services.visit_import(actor=self.actor, rows=inputs)
        progress(len(created))
        return {"created": len(created), "updated": 0}
