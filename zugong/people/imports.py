"""xlsx import of the roster: idempotent by ID number (a re-import updates), all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup
from zugong.people import services
from zugong.people.models import CadreStatus, Degree, Education, Gender, PoliticalStatus, Rank


@register
class CadreImport(ImportResource):
    key = "people.cadre"
    title = "组工干部名册"
    perm = "people.import_cadre"
    list_url_name = "people:cadre_list"
    template_url_name = "people:cadre_import_template"
    columns = [
        ImportColumn("姓名", "name", required=True, max_length=50),
        ImportColumn("身份证号", "id_number", required=True, max_length=18, help="18位，末位可为X；已登记的身份证号会更新原记录"),
        ImportColumn("性别", "gender", kind="choice", choices=Gender.choices, help="可不填，按身份证号"),
        ImportColumn("民族", "ethnicity", max_length=20, help="不填为汉族"),
        ImportColumn("手机号", "phone", max_length=20),
        ImportColumn("政治面貌", "political_status", required=True, kind="choice", choices=PoliticalStatus.choices),
        ImportColumn("学历", "education", required=True, kind="choice", choices=Education.choices),
        ImportColumn("学位", "degree", kind="choice", choices=Degree.choices, help="不填为无学位"),
        ImportColumn("所在单位", "org_unit", required=True, max_length=100,
                     help="单位全称（从下拉列表选择）；有同名单位时写“上级单位/单位”，也可填行政区划代码；须在您的授权范围内"),
        ImportColumn("所在科室", "office", max_length=100, help="所在单位的内设科室名称"),
        ImportColumn("职务", "position", max_length=100),
        ImportColumn("职级", "rank", required=True, kind="choice", choices=Rank.choices),
        ImportColumn("从事组织工作时间", "work_start_date", kind="date"),
        ImportColumn("状态", "status", kind="choice", choices=CadreStatus.choices, help="不填为在岗"),
    ]
    example = [
        "张三", "230102199001011234", "男", "汉族", "13800000000", "中共党员", "大学本科", "学士",
        "哈尔滨市委组织部", "干部科", "科员", "科员", "2015-07-01", "在岗",
    ]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []
        self._offices: dict[tuple[int, str], OrgUnit] = {}

    def _load_units(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            units = list(
                OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
                .select_related("parent")
                .order_by("path")
            )
            self._units, self._labels = unit_lookup([u for u in units if u.kind != OrgUnit.Kind.OFFICE])
            self._offices = {(u.parent_id or 0, u.name): u for u in units if u.kind == OrgUnit.Kind.OFFICE}
        return self._units

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load_units()
        return {"org_unit": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load_units(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        office = None
        if cleaned["office"]:
            office = self._offices.get((unit.pk, cleaned["office"]))
            if office is None:
                return None, {"office": f"{unit.name}没有名为“{cleaned['office']}”的内设科室"}
        data = services.CadreInput(
            name=cleaned["name"], id_number=cleaned["id_number"], gender=cleaned["gender"] or "",
            ethnicity=cleaned["ethnicity"] or "汉族", phone=cleaned["phone"] or "",
            political_status=cleaned["political_status"], education=cleaned["education"],
            degree=cleaned["degree"] or Degree.NONE, rank=cleaned["rank"], org_unit=unit, office=office,
            position=cleaned["position"] or "", work_start_date=cleaned["work_start_date"],
            status=cleaned["status"] or CadreStatus.ACTIVE,
        )
        return data, services.validate_cadre(data)

    def check_all(self, valid: list[tuple[int, Any]]) -> dict[int, dict[str, str]]:
        errors: dict[int, dict[str, str]] = {}
        first_row: dict[str, int] = {}
        for n, data in valid:
            if data.id_hash in first_row:
                errors[n] = {"id_number": f"与第{first_row[data.id_hash]}行的身份证号重复"}
            else:
                first_row[data.id_hash] = n
        self._existing = services.existing_by_hash(first_row)
        rows = [d for _, d in valid]
        for i, errs in services.check_import_scope(actor=self.actor, rows=rows, existing=self._existing).items():
            errors.setdefault(valid[i][0], {}).update(errs)
        return errors

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        existing = getattr(self, "_existing", {})
        updates = sum(1 for _, d in valid if d.id_hash in existing)
        return {"to_create": len(valid) - updates, "to_update": updates}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        outcome = services.cadre_import(actor=self.actor, rows=inputs, progress=progress)
        return {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged}
