"""The admin guide's permission table (docs/admin-guide.md §3.2) says exactly what roles.py grants: one row per
permission of the catalog, with its text and a ✓ under each built-in role that holds it. On failure the message
gives the row to write."""

from __future__ import annotations

import re
from pathlib import Path

from zugong.accounts.roles import BUILTIN_ROLES, PERMISSION_CATALOG

COLUMNS = ["admin", "clerk", "leader", "readonly", "inspector", "mailbox", "discipline"]  # the table's order
GUIDE = Path(__file__).resolve().parents[3] / "docs" / "admin-guide.md"


def expected_row(perm: str) -> str:
    marks = " | ".join("✓" if perm in BUILTIN_ROLES[role][2] else "" for role in COLUMNS)
    return re.sub(r" {2,}", "  ", f"| {perm} | {PERMISSION_CATALOG[perm]} | {marks} |")


def test_every_permission_is_in_the_admin_guide_as_granted() -> None:
    rows = {m.group(1): re.sub(r" {2,}", "  ", line.strip())
            for line in GUIDE.read_text(encoding="utf-8").splitlines() if (m := re.match(r"^\| ([a-z_]+\.[a-z_]+) \|", line))}
    wrong = [expected_row(p) for p in PERMISSION_CATALOG if rows.get(p) != expected_row(p)]
    assert not wrong, "docs/admin-guide.md §3.2 should have these rows:\n" + "\n".join(wrong)
    assert set(rows) <= set(PERMISSION_CATALOG), f"rows of permissions that no longer exist: {set(rows) - set(PERMISSION_CATALOG)}"
