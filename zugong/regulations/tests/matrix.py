"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds).

The world's rule belongs to county A1 and was revised once, the revision with a file. Province and city A are its
ancestors; the read-only persona on A1 reads it (and its versions and file) but may not add, revise, repeal, correct
or import (write=True: 403); B1 is outside (404). Form pages are fetched (GET), so every permitted persona gets 200."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SPEC: dict[str, Url] = {
    "regulations:rule_list": Url("list"),
    "regulations:search": Url("list"),
    "regulations:rule_add": Url("list", write=True),
    "regulations:rule_import": Url("list", write=True),
    "regulations:rule_import_template": Url("list", write=True),
    "regulations:rule_detail": Url("object", obj="regulation"),
    "regulations:rule_edit": Url("object", obj="regulation", write=True),
    "regulations:rule_revise": Url("object", obj="regulation", write=True),
    "regulations:rule_repeal": Url("object", obj="regulation", write=True),
    "regulations:version_file": Url("object", obj="regulation_version"),
    "regulation-list": Url("list", api=True),
    "regulation-detail": Url("object", obj="regulation", api=True),
    "regulation-versions": Url("object", obj="regulation", api=True),
}
IGNORED: set[str] = {"regulation-list", "regulation-detail", "regulation-versions"}  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {"regulation": "regulations.rule", "regulation_version": "regulations.ruleversion"}


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from zugong.regulations import services

    rule = services.rule_create(actor=personas.province, org_unit=tree.county_a1, title="部务会议事规则", doc_number="甲一组发〔2024〕1号",
                                category="internal", first=services.VersionInput(effective_on=date(2024, 3, 1), text="第一条　议事规则。"))
    v2 = services.rule_revise(actor=personas.province, rule=rule, expected_version=rule.version, change=services.VersionInput(
        effective_on=date(2025, 3, 1), summary="修改第一条", text="第一条　议事决策规则。",
        upload=SimpleUploadedFile("规则.pdf", b"%PDF-1.4\n%%EOF\n")))
    rule.refresh_from_db()
    return {"regulation": rule, "regulation_version": v2}
