"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds)."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SPEC: dict[str, Url] = {
    "care:activity_list": Url("list"),
    "care:activity_add": Url("list", write=True),
    "care:activity_import": Url("list", write=True),
    "care:activity_import_template": Url("list", write=True),
    "care:activity_detail": Url("object", obj="care_activity"),
    "care:activity_edit": Url("object", obj="care_activity", write=True),
    "care:activity_delete": Url("object", obj="care_activity", write=True),
    "careactivity-list": Url("list", api=True),
    "careactivity-detail": Url("object", obj="care_activity", api=True),
}
IGNORED: set[str] = {"careactivity-list", "careactivity-detail"}  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {"care_activity": "care.careactivity"}  # fixture name → model label


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import date

    from zugong.care import services

    a = services.activity_create(actor=personas.province, data=services.ActivityInput(
        org_unit=tree.county_a1, kind="visit", date=date(2026, 1, 20), title="春节走访慰问", persons=3))
    return {"care_activity": a}
