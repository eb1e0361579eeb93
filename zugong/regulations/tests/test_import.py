"""Importing rules from xlsx: 新建 rows register rules, 修订 rows add versions to the unit's rule with the same 文号 (or
name), in file order; per-row Chinese errors reject the whole file; importing the same file again changes nothing."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from zugong.core.models import Job
from zugong.regulations import imports, services
from zugong.regulations.imports import RuleImport
from zugong.regulations.models import Rule, RuleVersion

pytestmark = pytest.mark.django_db

HEADERS = [c.header + ("*" if c.required else "") for c in RuleImport.columns]


def _xlsx(rows: list[list[str]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "rules.xlsx"
    return buf


def _row(title: str, doc: str, kind: str, day: str, *, unit: str = "甲一县委组织部", category: str = "干部选拔任用", summary: str = "",
         text: str = "") -> list[str]:
    return [unit, title, doc, category, kind, day, summary, text]


def _import(client: Any, rows: list[list[str]]) -> Job:
    response = client.post("/regulations/rules/import/", {"file": _xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:500]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    if job.status == Job.Status.VALIDATED:
        assert client.post(f"/jobs/{job.pk}/confirm/").status_code == 302
        job.refresh_from_db()
    return job


def test_template(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    response = client.get("/regulations/rules/import/template/")
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb["选项"].iter_cols()}
    assert options["类型"] == ["新建", "修订"] and set(options["制定单位"]) == {"甲市委组织部", "甲一县委组织部", "甲二县委组织部"}
    client.force_login(personas.county_a1_readonly)
    assert client.get("/regulations/rules/import/template/").status_code == 403


def test_new_and_revised_rows_in_one_file_then_again(client: Any, personas: Any, tree: Any, make_rule: Any) -> None:
    existing = make_rule(tree.county_a2, "部务会议事规则", doc="甲二组发〔2020〕1号", day=date(2020, 1, 1))
    client.force_login(personas.city_a)
    rows = [
        _row("干部考察工作实施细则", "甲一组发〔2023〕2号", "新建", "2023-05-01", text="第一条　考察。"),
        _row("干部考察工作实施细则（修订）", "甲一组发〔2023〕2号", "修订", "2024-05-01", summary="修改第一条", text="第一条　考察组。"),
        _row("部务会议事规则", "", "修订", "2025-01-01", unit="甲二县委组织部", category="机关内部管理", summary="按名称匹配"),
        _row("干部考察工作实施细则（修订）", "甲一组发〔2025〕9号", "修订", "2025-06-01", summary="换新文号"),  # found by the earlier row
        _row("党员发展工作规程", "", "新建", "2024-01-01", category="组织建设"),
    ]
    job = _import(client, rows)
    assert job.status == Job.Status.DONE, job.result
    assert (job.result["created"], job.result["updated"]) == (2, 3)
    rule = Rule.objects.get(org_unit=tree.county_a1, doc_number="甲一组发〔2025〕9号")
    assert list(rule.versions.values_list("number", "kind", "effective_on", "doc_number")) == [
        (1, "new", date(2023, 5, 1), "甲一组发〔2023〕2号"), (2, "revised", date(2024, 5, 1), "甲一组发〔2023〕2号"),
        (3, "revised", date(2025, 6, 1), "甲一组发〔2025〕9号")]
    assert rule.current.number == 3 and rule.title == "干部考察工作实施细则（修订）"
    existing.refresh_from_db()
    assert existing.current.number == 2 and existing.current.summary == "按名称匹配"
    again = _import(client, rows)  # the same file: every row is there already
    assert again.status == Job.Status.DONE and (again.result["created"], again.result["updated"], again.result["unchanged"]) == (0, 0, 5)
    assert RuleVersion.objects.count() == 6


def test_bad_rows_reject_the_file(client: Any, personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "部务会议事规则", doc="甲一组发〔2024〕1号", day=date(2024, 3, 1))
    make_rule(tree.county_b1, "乙县规则", doc="乙一组发〔2024〕1号")
    client.force_login(personas.city_a)
    rows = [
        _row("新制度", "", "新建", "2024-01-01"),
        _row("找不到", "甲一组发〔1999〕1号", "修订", "2024-01-01", summary="s"),
        _row("部务会议事规则", "甲一组发〔2024〕1号", "修订", "2023-01-01", summary="早于现行版本"),
        _row("部务会议事规则", "甲一组发〔2024〕1号", "修订", "2025-01-01"),
        _row("部务会议事规则", "甲一组发〔2024〕1号", "新建", "2025-01-01"),
        _row("乙县规则", "乙一组发〔2024〕1号", "修订", "2025-01-01", unit="乙一县委组织部", summary="s"),
        _row("x", "", "新建", "2024-02-30", category="不存在"),
    ]
    job = _import(client, rows)
    assert job.status == Job.Status.INVALID
    errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    assert errors == {
        (3, "文号"): imports.MSG_NOT_FOUND,
        (4, "施行日期"): services.MSG_EARLIER.format(day="2024-03-01"),
        (5, "修订说明"): imports.MSG_SUMMARY_REQUIRED,
        (6, "文号"): imports.MSG_EXISTS,
        (7, "制定单位"): "单位不存在或不在您的授权范围内",
        (8, "类别"): "应为：干部选拔任用、干部监督管理、组织建设、人才工作、机关内部管理、其他",
        (8, "施行日期"): "日期无效",
    }
    assert Rule.objects.count() == 2 and RuleVersion.objects.count() == 2  # nothing written
