"""xlsx import of media reports collected offline: every row checked like the form, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup

from . import services
from .models import MediaReport


@register
class ReportImport(ImportResource):
    key = "publicity.mediareport"
    title = "宣传报道"
    perm = "publicity.import_mediareport"
    list_url_name = "publicity:report_list"
    template_url_name = "publicity:report_import_template"
    columns = [
        ImportColumn("报道单位", "org_unit", required=True, max_length=100,
                     help="报道反映其工作的单位（从下拉列表选择）；有同名单位时写“上级单位/单位”；须在您的授权范围内"),
        ImportColumn("刊播日期", "date", required=True, kind="date"),
        ImportColumn("标题", "title", required=True, max_length=200),
        ImportColumn("媒体名称", "media_name", required=True, max_length=100),
        ImportColumn("媒体级别", "media_level", required=True, kind="choice", choices=MediaReport.Level.choices),
        ImportColumn("媒体类型", "kind", required=True, kind="choice", choices=MediaReport.Kind.choices),
        ImportColumn("链接", "link", max_length=500, help="以 http:// 或 https:// 开头，可不填"),
        ImportColumn("作者（组工干部）", "cadre_names", max_length=2000,
                     help="报道单位及下级单位的组工干部姓名，多人用顿号分隔；同名时写“单位/姓名”。可不填"),
        ImportColumn("备注", "note", max_length=2000),
    ]
    example = ["哈尔滨市委组织部", "2026-03-15", "哈尔滨市深化“四进”活动解决群众实际问题", "黑龙江日报", "省部级", "报纸",
               "", "", ""]

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
        data = services.ReportInput(org_unit=unit, date=cleaned["date"], title=cleaned["title"], media_name=cleaned["media_name"],
                                    media_level=cleaned["media_level"], kind=cleaned["kind"], link=cleaned["link"] or "",
                                    cadre_names=cleaned["cadre_names"] or "", note=cleaned["note"] or "")
        return data, services.validate_report(self.actor, data)

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return {"to_create": len(valid)}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        made = services.report_import(actor=self.actor, rows=inputs)
        progress(len(made))
        return {"created": len(made), "updated": 0}
