"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds).

Discipline cases are for 部领导 and 纪检监察员 only, roles no matrix persona holds (the 业务管理员 personas lack every
discipline permission): like surveys:person_results, every page and the API are "leader_only" (403 for every persona).
The holders' side — their scope, outsiders 404, the audit rows — is in discipline/tests/test_discipline.py."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SPEC: dict[str, Url] = {
    "discipline:case_list": Url("leader_only"),
    "discipline:case_add": Url("leader_only", write=True),
    "discipline:case_detail": Url("leader_only", obj="discipline_case"),
    "discipline:case_edit": Url("leader_only", obj="discipline_case", write=True),
    "discipline:case_delete": Url("leader_only", obj="discipline_case", write=True, method="post"),
    "discipline:case_file": Url("leader_only", obj="discipline_case"),
    "disciplinecase-list": Url("leader_only", api=True),
    "disciplinecase-detail": Url("leader_only", obj="discipline_case", api=True),
}
IGNORED: set[str] = {"disciplinecase-list", "disciplinecase-detail"}  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {"discipline_case": "discipline.disciplinecase"}  # fixture name → model label


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    from datetime import date

    from zugong.accounts.access import SYSTEM
    from zugong.discipline import services

    make_cadre(tree.county_a1, name="纪案甲")
    case = services.case_create(actor=SYSTEM, data=services.CaseInput(
        org_unit=tree.county_a1, cadre_name="纪案甲", decided_on=date(2026, 2, 1), kind="integrity", handling="admonition",
        summary="接受宴请", decided_by="甲一县委组织部部务会"))
    return {"discipline_case": case}
