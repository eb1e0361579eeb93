"""Roster import: template, validation with row-level Chinese errors, all-or-nothing, idempotent re-import."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from zugong.core import idcard
from zugong.core.models import Job
from zugong.people.imports import CadreImport
from zugong.people.models import Cadre

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in CadreImport.columns]


def _number(seq: int) -> str:
    from datetime import date

    return idcard.make("990101", date(1988, 5, 20), seq)


def _row(name: str, seq: int, unit: str = "甲一县委组织部", **over: str) -> list[str]:
    values = {
        "姓名": name, "身份证号": _number(seq), "性别": "", "民族": "汉族", "手机号": "13900001111",
        "政治面貌": "中共党员", "学历": "大学本科", "学位": "学士", "所在单位": unit, "所在科室": "",
        "职务": "科员", "职级": "科员", "从事组织工作时间": "2012-07-01", "状态": "在岗",
    }
    values.update(over)
    return [values[h] for h in HEADERS]


def _xlsx(rows: list[list[str]], headers: list[str] | None = None) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers or [h + ("*" if c.required else "") for h, c in zip(HEADERS, CadreImport.columns, strict=True)])
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "roster.xlsx"
    return buf


def _upload(client: Any, buf: BytesIO) -> Job:
    response = client.post("/people/cadres/import/", {"file": buf})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_template_has_chinese_headers_dropdowns_and_example(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    response = client.get("/people/cadres/import/template/")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "姓名*" and "职级*" in headers and "所在科室" in headers
    assert ws.cell(2, 1).value == "张三"
    validations = ws.data_validations.dataValidation
    assert len(validations) == 7  # gender, political status, education, degree, unit, rank, status
    assert all(dv.type == "list" and dv.formula1.startswith("选项!") for dv in validations)
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb["选项"].iter_cols()}
    assert set(options["所在单位"]) == {"甲市委组织部", "甲一县委组织部", "甲二县委组织部"}
    assert options["学历"] == ["研究生", "大学本科", "大学专科", "中专及以下"]


def test_good_file_previews_then_imports(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1), _row("李四", 3, unit="甲二县委组织部", 所在科室="")]))
    assert job.status == Job.Status.VALIDATED
    assert job.result["to_create"] == 2 and job.result["error_count"] == 0
    assert Cadre.objects.count() == 0  # nothing written before confirmation
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "确认导入" in page
    assert client.post(f"/jobs/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["created"] == 2
    assert sorted(Cadre.objects.values_list("name", flat=True)) == ["张三", "李四"]


def test_one_bad_row_rejects_the_file_with_row_level_messages(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    rows = [_row("张三", 1), _row("李四", 3, 身份证号="110105194912310021"), _row("王五", 5, 学历="博士后")]
    job = _upload(client, _xlsx(rows))
    assert job.status == Job.Status.INVALID
    assert Cadre.objects.count() == 0
    errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    assert errors[(3, "身份证号")] == "身份证号校验位错误"
    assert errors[(4, "学历")].startswith("应为：研究生、大学本科")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "第 3 行" in page and "身份证号校验位错误" in page
    assert "确认导入" not in page
    failed = client.get(f"/jobs/{job.pk}/failed-rows/")
    wb = load_workbook(BytesIO(b"".join(failed.streaming_content)))
    data = list(wb.active.iter_rows(values_only=True))
    assert [r[0] for r in data[1:]] == ["李四", "王五"]
    assert data[0][-1] == "错误说明" and "身份证号校验位错误" in data[1][-1]


def test_rows_outside_scope_and_duplicates_are_errors(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1), _row("张三", 1), _row("王五", 5, unit="乙一县委组织部")]))
    errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    assert errors[(3, "身份证号")] == "与第2行的身份证号重复"
    assert errors[(4, "所在单位")] == "单位不存在或不在您的授权范围内"
    assert Cadre.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1), _row("李四", 3)]))
    client.post(f"/jobs/{job.pk}/confirm/")
    job = _upload(client, _xlsx([_row("张三", 1, 职务="副股长", 所在科室="干部股"), _row("王五", 5)]))
    assert job.result["to_create"] == 1 and job.result["to_update"] == 1
    client.post(f"/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert (job.result["created"], job.result["updated"]) == (1, 1)
    assert Cadre.objects.count() == 3
    zhang = Cadre.objects.get(name="张三")
    assert zhang.position == "副股长" and zhang.office == tree.county_a1_office and zhang.version == 2


def test_cannot_overwrite_a_cadre_registered_outside_scope(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.core import crypto

    other = make_cadre(tree.county_b1, name="王六")
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("王六", 0, 身份证号=crypto.decrypt(other.id_number_enc))]))
    assert job.status == Job.Status.INVALID
    assert job.result["errors"][0]["message"] == "该身份证号已登记在您授权范围以外的单位，不能覆盖"
    assert Cadre.objects.get(pk=other.pk).org_unit == tree.county_b1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"name,id\n1,2", "roster.csv", "请上传 .xlsx 格式的文件"),
        (b"not really a zip file", "roster.xlsx", "请上传 .xlsx 格式的文件"),
    ],
)
def test_wrong_files_get_a_clear_message(client: Any, personas: Any, content: bytes, name: str, message: str) -> None:
    client.force_login(personas.city_a)
    buf = BytesIO(content)
    buf.name = name
    response = client.post("/people/cadres/import/", {"file": buf})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Job.objects.count() == 0


def test_missing_required_column(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([["张三"]], headers=["姓名"]))
    assert job.status == Job.Status.INVALID
    assert job.message == "缺少必填列“身份证号”，请使用下载的模板"


def test_broken_zip_with_xlsx_magic(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    buf = BytesIO(b"PK\x03\x04" + b"\x00" * 200)
    buf.name = "x.xlsx"
    job = _upload(client, buf)
    assert job.status == Job.Status.INVALID
    assert "无法读取文件" in job.message


def test_readonly_cannot_import(client: Any, personas: Any) -> None:
    client.force_login(personas.county_a1_readonly)
    assert client.get("/people/cadres/import/").status_code == 403
    assert client.get("/people/cadres/import/template/").status_code == 403


def test_other_users_cannot_see_or_confirm_my_job(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1)]))
    client.force_login(personas.province)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/confirm/").status_code == 404
    assert Cadre.objects.count() == 0


def test_resource_validates_a_file_on_disk(tmp_path: Path, personas: Any, tree: Any) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(_xlsx([_row("张三", 1)]).getvalue())
    result = CadreImport(personas.city_a).validate(path)
    assert result.total == 1 and not result.errors and result.valid[0][1].org_unit == tree.county_a1


def test_uploads_are_private_and_removed(client: Any, personas: Any, tree: Any) -> None:
    import os
    from datetime import timedelta

    from django.utils import timezone

    from zugong.core.jobs import purge_uploads, upload_dir

    client.force_login(personas.city_a)
    done = _upload(client, _xlsx([_row("张三", 1)]))
    stored = upload_dir() / done.file
    assert stored.is_file() and (os.stat(stored).st_mode & 0o777) == 0o600
    client.post(f"/jobs/{done.pk}/confirm/")
    done.refresh_from_db()
    assert done.status == Job.Status.DONE and done.file == "" and not stored.exists()
    abandoned = _upload(client, _xlsx([_row("李四", 3)]))
    left = upload_dir() / abandoned.file
    assert purge_uploads() == 0 and left.exists()  # still within the retention time
    Job.objects.filter(pk=abandoned.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert purge_uploads() == 1 and not left.exists()


def test_same_named_units_must_be_told_apart(client: Any, personas: Any, tree: Any) -> None:
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.services import orgunit_create

    a3 = orgunit_create(actor=SYSTEM, parent=tree.city_a, name="向阳区委组织部", kind="county", division_code="990103")
    orgunit_create(actor=SYSTEM, parent=tree.city_b, name="向阳区委组织部", kind="county", division_code="990203")
    client.force_login(personas.province)
    job = _upload(client, _xlsx([_row("张三", 1, unit="向阳区委组织部")]))
    assert job.status == Job.Status.INVALID
    assert job.result["errors"][0]["message"].startswith("有多个同名单位，请填写“上级单位/单位”")
    job = _upload(client, _xlsx([_row("张三", 1, unit="甲市委组织部/向阳区委组织部"), _row("李四", 3, unit="990103")]))
    assert job.status == Job.Status.VALIDATED, job.result
    client.post(f"/jobs/{job.pk}/confirm/")
    assert set(Cadre.objects.values_list("org_unit_id", flat=True)) == {a3.pk}
    template = client.get("/people/cadres/import/template/")
    wb = load_workbook(BytesIO(b"".join(template.streaming_content)))
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb["选项"].iter_cols()}
    assert "甲市委组织部/向阳区委组织部" in options["所在单位"] and "向阳区委组织部" not in options["所在单位"]


def test_reimporting_the_same_file_changes_nothing(client: Any, personas: Any, tree: Any) -> None:
    from zugong.audit.models import ObjectChange

    client.force_login(personas.city_a)
    rows = [_row("张三", 1), _row("李四", 3)]
    client.post(f"/jobs/{_upload(client, _xlsx(rows)).pk}/confirm/")
    audit_rows = ObjectChange.objects.count()
    job = _upload(client, _xlsx(rows))
    client.post(f"/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 2)
    assert job.message == "导入完成：新增 0 条，更新 0 条，2 条无变化"
    assert set(Cadre.objects.values_list("version", flat=True)) == {1}
    assert ObjectChange.objects.count() == audit_rows + 1  # just the import.committed row


def test_confirming_after_the_upload_was_purged(client: Any, personas: Any, tree: Any) -> None:
    from zugong.core.jobs import upload_dir

    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1)]))
    (upload_dir() / job.file).unlink()
    client.post(f"/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "上传的文件已清理（超过24小时未确认），请重新上传"
    assert Cadre.objects.count() == 0


def test_worker_audit_rows_name_the_confirming_request(client: Any, personas: Any, tree: Any) -> None:
    from zugong.audit.models import ObjectChange

    client.force_login(personas.city_a)
    job = _upload(client, _xlsx([_row("张三", 1)]))
    client.post(f"/jobs/{job.pk}/confirm/", HTTP_X_REQUEST_ID="confirm-req-0001")
    row = ObjectChange.objects.get(action="import.committed")
    assert row.request_id == "confirm-req-0001" and row.ip == "127.0.0.1"
