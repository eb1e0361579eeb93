"""xlsx import of opinions (意见建议) collected offline: every row checked like a form entry, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.opinions import entry
from zugong.opinions.models import Drive, Opinion, OpinionCategory
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup

YES, NO = "是", "否"


@register
class OpinionImport(ImportResource):
    key = "opinions.opinion"
    title = "意见建议"
    perm = entry.ADD
    list_url_name = "opinions:opinion_list"
    template_url_name = "opinions:opinion_import_template"
    columns = [
        ImportColumn("反映对象单位", "org_unit", required=True, max_length=100,
                     help="意见所针对的单位（从下拉列表选择）；有同名单位时写“上级单位/单位”；须在您的授权范围内"),
        ImportColumn("渠道", "channel", required=True, kind="choice", choices=[(c.value, c.label) for c in entry.STAFF_CHANNELS]),
        ImportColumn("分类", "category", required=True, max_length=30, help="从下拉列表选择"),
        ImportColumn("意见内容", "content", required=True, max_length=entry.MAX_CONTENT),
        ImportColumn("提出人类别", "source_kind", kind="choice", choices=Opinion.SourceKind.choices, help="不填为群众"),
        ImportColumn("提出人", "submitter", max_length=100, help="匿名时不填"),
        ImportColumn("匿名", "anonymous", kind="choice", choices=[("1", YES), ("0", NO)], help="不填为否"),
        ImportColumn("收到日期", "received_on", required=True, kind="date"),
        ImportColumn("征求意见活动", "drive", max_length=200, help="活动名称（从下拉列表选择），可不填"),
    ]
    example = ["哈尔滨市委组织部", "座谈会", "工作作风", "希望进一步简化基层党组织换届的报送材料", "党员干部", "", "否",
               "2026-03-15", ""]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []
        self._categories = {c.name: c for c in OpinionCategory.objects.filter(is_active=True)}
        self._drives: dict[str, Drive] | None = None

    def _load_units(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            units = list(OrgUnit.objects.filter(paths_q("path", scope_paths(self.actor, self.perm)), is_active=True)
                         .exclude(kind=OrgUnit.Kind.OFFICE).select_related("parent").order_by("path"))
            self._units, self._labels = unit_lookup(units)
        return self._units

    def _load_drives(self) -> dict[str, Drive]:
        if self._drives is None:
            qs = Drive.objects.visible_to(self.actor, "view").filter(status=Drive.Status.OPEN).select_related("org_unit")
            self._drives = {d.title: d for d in qs.order_by("start_date", "id")}
        return self._drives

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load_units()
        return {"org_unit": self._labels, "category": list(self._categories), "drive": list(self._load_drives())}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load_units(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        category = self._categories.get(cleaned["category"])
        if category is None:
            return None, {"category": f"应为：{'、'.join(self._categories)}"}
        drive = None
        if cleaned["drive"]:
            drive = self._load_drives().get(cleaned["drive"])
            if drive is None:
                return None, {"drive": "没有这个进行中的征求意见活动"}
        data = entry.OpinionInput(org_unit=unit, channel=cleaned["channel"], category=category, content=cleaned["content"],
                                  received_on=cleaned["received_on"], source_kind=cleaned["source_kind"] or Opinion.SourceKind.MASSES,
                                  submitter=cleaned["submitter"] or "", anonymous=cleaned["anonymous"] == "1", drive=drive)
        return data, entry.check(data)

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        return {"to_create": len(valid)}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        created = entry.opinion_import(actor=self.actor, rows=inputs)
        progress(len(created))
        return {"created": len(created), "updated": 0}
