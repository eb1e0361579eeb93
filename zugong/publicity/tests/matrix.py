"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds)."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SPEC: dict[str, Url] = {
    "publicity:report_list": Url("list"),
    "publicity:report_add": Url("list", write=True),
    "publicity:report_import": Url("list", write=True),
    "publicity:report_import_template": Url("list", write=True),
    "publicity:report_detail": Url("object", obj="media_report"),
    "publicity:report_edit": Url("object", obj="media_report", write=True),
    "publicity:report_delete": Url("object", obj="media_report", write=True),
    "mediareport-list": Url("list", api=True),
    "mediareport-detail": Url("object", obj="media_report", api=True),
}
IGNORED: set[str] = {"mediareport-list", "mediareport-detail"}  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {"media_report": "publicity.mediareport"}  # fixture name → model label


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import date

    from zugong.publicity import services

    r = services.report_create(actor=personas.province, data=services.ReportInput(
        org_unit=tree.county_a1, date=date(2026, 3, 1), title="甲一县深化“四进”活动", media_name="甲市日报", media_level="city",
        kind="newspaper"))
    return {"media_report": r}
