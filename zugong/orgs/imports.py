"""xlsx import of units: idempotent by (parent, name) or division code, all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs import services
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup


@register
class OrgUnitImport(ImportResource):
    key = "orgs.orgunit"
    title = "单位"
    perm = "orgs.import_orgunit"
    list_url_name = "orgs:tree"
    template_url_name = "orgs:unit_import_template"
    columns = [
        ImportColumn("单位名称", "name", required=True, max_length=100),
        ImportColumn("上级单位", "parent", required=True, max_length=100,
                     help="上级单位全称（从下拉列表选择）；有同名单位时写“上级/单位”，也可填行政区划代码；可以是本文件中前面行新增的单位"),
        ImportColumn("类型", "kind", required=True, kind="choice", choices=OrgUnit.Kind.choices),
        ImportColumn("行政区划代码", "division_code", max_length=6, help="GB/T 2260 六位代码"),
        ImportColumn("排序", "order", max_length=6),
    ]
    example = ["示范县委组织部", "哈尔滨市委组织部", "县级组织部", "230199", "1"]

    def _units(self) -> dict[str, OrgUnit | None]:
        if not hasattr(self, "_cache"):
            qs = OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
            self._cache, self._labels = unit_lookup(list(qs.exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path")))
        return self._cache

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._units()
        return {"parent": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        errors: dict[str, str] = {}
        code = cleaned["division_code"]
        if code and (len(code) != 6 or not code.isdigit()):
            errors["division_code"] = services.MSG_BAD_CODE
        order = cleaned["order"] or "0"
        if not order.isdigit():
            errors["order"] = "排序应为非负整数"
        return {**cleaned, "order": int(order) if order.isdigit() else 0}, errors

    def check_all(self, valid: list[tuple[int, Any]]) -> dict[int, dict[str, str]]:
        """Parents must exist in scope or be created by an earlier row; (parent, name) unique in the file."""
        units = self._units()
        new_names: set[str] = set()
        errors: dict[int, dict[str, str]] = {}
        seen: dict[tuple[str, str], int] = {}
        creates = updates = 0
        for n, row in valid:
            parent_cell = row["parent"].strip()
            if parent_cell in new_names:
                parent_key = f"new:{parent_cell}"
                existing = None
            else:
                parent, problem = resolve_unit(units, parent_cell)
                if parent is None:
                    errors[n] = {"parent": problem if "同名" in problem else "上级单位不存在、不在您的授权范围内，或在本行之后才出现"}
                    continue
                parent_key = str(parent.pk)
                existing = OrgUnit.objects.filter(parent=parent, name=row["name"]).first()
                row["parent_unit"] = parent
            key = (parent_key, row["name"])
            if key in seen:
                errors[n] = {"name": f"与第{seen[key]}行重复"}
                continue
            seen[key] = n
            if existing is not None:
                updates += 1
            else:
                creates += 1
                new_names.add(row["name"])
        self._counts = {"to_create": creates, "to_update": updates}
        return errors

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return getattr(self, "_counts", {})

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        created = updated = 0
        with transaction.atomic():
            created_now: dict[str, OrgUnit] = {}
            for i, row in enumerate(inputs, start=1):
                parent = row.get("parent_unit") or created_now[row["parent"].strip()]
                existing = OrgUnit.objects.filter(parent=parent, name=row["name"]).first()
                if existing is None:
                    created_now[row["name"]] = services.orgunit_create(
                        actor=self.actor, parent=parent, name=row["name"], kind=row["kind"],
                        division_code=row["division_code"], order=row["order"],
                    )
                    created += 1
                elif (existing.kind, existing.division_code, existing.order) == (row["kind"], row["division_code"], row["order"]):
                    continue  # nothing to change: no new version, no audit row
                else:
                    services.orgunit_update(
                        actor=self.actor, unit=existing, expected_version=existing.version, name=row["name"],
                        kind=row["kind"], division_code=row["division_code"], order=row["order"],
                    )
                    updated += 1
                progress(i)
        return {"created": created, "updated": updated}
