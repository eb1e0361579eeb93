"""The audit log is append-only and hash-chained: audit-verify detects edits and deletions."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from zugong.audit.models import ObjectChange
from zugong.audit.services import record, verify

pytestmark = pytest.mark.django_db


def _rows(n: int) -> list[ObjectChange]:
    return [record(action=f"test.{i}", actor_name="tester", object_repr=f"row {i}", after={"i": i}) for i in range(n)]


def test_intact_chain_verifies() -> None:
    _rows(5)
    assert list(verify()) == []
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "5 条记录，哈希链校验通过" in out.getvalue()


def test_edited_row_is_detected() -> None:
    rows = _rows(4)
    ObjectChange.objects.filter(pk=rows[1].pk).update(after={"i": 99})
    problems = list(verify())
    assert [p.row_id for p in problems] == [rows[1].pk]
    assert "被修改" in problems[0].message
    with pytest.raises(CommandError, match="审计日志校验失败"):
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())


def test_deleted_middle_row_is_detected() -> None:
    rows = _rows(4)
    ObjectChange.objects.filter(pk=rows[2].pk).delete()
    problems = list(verify())
    assert problems and problems[0].row_id == rows[3].pk
    assert "前序哈希" in problems[0].message


def test_deleted_last_row_is_detected() -> None:
    rows = _rows(3)
    ObjectChange.objects.filter(pk=rows[2].pk).delete()
    problems = list(verify())
    assert len(problems) == 1 and "链尾" in problems[0].message


def test_rows_carry_request_context(client: Any, personas: Any, make_cadre: Any, tree: Any) -> None:
    client.force_login(personas.province)
    cadre = make_cadre(tree.county_a1)
    response = client.post(f"/people/cadres/{cadre.pk}/reveal/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    row = ObjectChange.objects.filter(action="cadre.pii_revealed").get()
    assert row.actor_id == personas.province.pk
    assert row.request_id == "req-12345678"
    assert row.ip == "127.0.0.1"
    assert row.object_id == str(cadre.pk) and row.org_unit_id == tree.county_a1.pk


def test_only_the_audit_admin_reads_the_log(client: Any, personas: Any) -> None:
    _rows(2)
    for user in (personas.province, personas.sysadmin, personas.secadmin):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403
    record(action="cadre.updated", actor_name="tester", object_type="people.cadre", object_repr="张三",
           before={"name": "张三", "position": "科员"}, after={"name": "张三丰", "position": "科员"})
    client.force_login(personas.auditor)
    page = client.get("/audit/?action=cadre.updated")
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 1
    body = page.content.decode()
    assert "修改干部信息" in body and "姓名：张三 → 张三丰" in body and "组工干部" in body
    export = client.get("/audit/?export=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ObjectChange.objects.filter(action="audit.exported", actor=personas.auditor).exists()
