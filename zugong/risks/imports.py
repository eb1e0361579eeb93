"""xlsx import of risk points: each row names the unit, office and post (which must exist) and the risk point;
a row whose post already has a risk point with the same wording updates it (idempotent), all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zugong.accounts.access import scope_paths
from zugong.core.imports import ImportColumn, ImportResource, register
from zugong.core.scope import paths_q
from zugong.orgs.models import OrgUnit
from zugong.orgs.selectors import resolve_unit, unit_lookup
from zugong.risks import services
from zugong.risks.models import Category, Level, Post

MSG_POST = "{unit}{office}没有名为“{post}”的岗位，请先在岗位台账中登记"


@register
class RiskPointImport(ImportResource):
    key = "risks.riskpoint"
    title = "岗位风险点"
    perm = services.IMPORT_POINT
    list_url_name = "risks:point_list"
    template_url_name = "risks:point_import_template"
    columns = [
        ImportColumn("单位", "org_unit", required=True, max_length=100, help="单位全称（从下拉列表选择）；须在您的授权范围内"),
        ImportColumn("科室", "office", max_length=100, help="岗位所在的内设科室名称；不分科室的岗位不填"),
        ImportColumn("岗位名称", "post", required=True, max_length=100, help="已在岗位台账登记的岗位"),
        ImportColumn("风险点", "description", required=True, max_length=services.MAX_TEXT, help="同一岗位已有相同表述的风险点时更新该风险点"),
        ImportColumn("类别", "category", required=True, kind="choice", choices=Category.choices),
        ImportColumn("风险等级", "level", required=True, kind="choice", choices=Level.choices),
        ImportColumn("防控措施", "measures", max_length=services.MAX_TEXT),
        ImportColumn("责任人", "responsible", max_length=50),
    ]
    example = ["哈尔滨市委组织部", "干部科", "干部调配岗", "干部任免文件、职数使用超职数配备或越权审批", "干部选拔任用", "中",
               "实行职数预审制度，任免文件由分管领导和经办人双签", "王科长"]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self._units: dict[str, OrgUnit | None] | None = None
        self._labels: list[str] = []
        self._posts: dict[tuple[int, str, str], Post] = {}

    def _load(self) -> dict[str, OrgUnit | None]:
        if self._units is None:
            paths = scope_paths(self.actor, self.perm)
            units = list(OrgUnit.objects.filter(paths_q("path", paths), is_active=True).exclude(kind=OrgUnit.Kind.OFFICE)
                         .select_related("parent").order_by("path"))
            self._units, self._labels = unit_lookup(units)
            for p in Post.objects.filter(paths_q("org_unit__path", paths)).select_related("office"):
                self._posts[(p.org_unit_id, p.office.name if p.office else "", p.name)] = p
        return self._units

    def dropdown_sources(self) -> dict[str, list[str]]:
        self._load()
        return {"org_unit": self._labels}

    def parse_row(self, cleaned: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        unit, problem = resolve_unit(self._load(), cleaned["org_unit"])
        if unit is None:
            return None, {"org_unit": problem}
        post = self._posts.get((unit.pk, cleaned["office"] or "", cleaned["post"]))
        if post is None:
            office = f"（{cleaned['office']}）" if cleaned["office"] else ""
            return None, {"post": MSG_POST.format(unit=unit.name, office=office, post=cleaned["post"])}
        fields, errors = services.point_fields(cleaned)
        return services.PointRow(post=post, fields=fields), errors

    def check_all(self, valid: list[tuple[int, Any]]) -> dict[int, dict[str, str]]:
        errors: dict[int, dict[str, str]] = {}
        first: dict[tuple[int, str], int] = {}
        for n, row in valid:
            key = (row.post.pk, row.fields["description"])
            if key in first:
                errors[n] = {"description": f"与第{first[key]}行重复"}
            else:
                first[key] = n
        return errors

    def describe(self, valid: list[tuple[int, Any]]) -> dict[str, Any]:
        from zugong.risks.models import RiskPoint

        existing = 0
        for _n, row in valid:
            existing += RiskPoint.objects.filter(post=row.post, description=row.fields["description"]).exists()
        return {"to_create": len(valid) - existing, "to_update": existing}

    def commit(self, inputs: list[Any], progress: Callable[[int], None]) -> dict[str, Any]:
        return services.points_import(actor=self.actor, rows=inputs, progress=progress)
