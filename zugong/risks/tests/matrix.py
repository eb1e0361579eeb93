"""This app's permission-matrix entries (merged by core/tests/test_permission_matrix.py; see its docstring for the kinds)."""

from __future__ import annotations

from typing import Any

from zugong.core.tests.matrix_spec import Url

SPEC: dict[str, Url] = {}
IGNORED: set[str] = set()  # DRF format-suffix variants of the API names above
UNSCOPED: set[str] = set()  # configuration lists with no org scope
COVERED_THROUGH: dict[str, str] = {}  # scoped models reached only through another model's pages
MATRIX_OBJECTS: dict[str, str] = {}  # fixture name → model label


def world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    """The fixture objects the entries above name (in county A1's scope unless the entry says otherwise)."""
    return {}
