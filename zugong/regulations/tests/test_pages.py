"""The rules-library pages: the list with its filters, sorting, export and a pinned query count; full-text search
with the phrase highlighted (escaped); the rule with its history and the comparison of two versions; new, revise,
repeal and correct, with bad input (400, nothing written) and stale pages (409); the version's file."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from zugong.core.errors import CONFLICT_MESSAGE
from zugong.regulations import services
from zugong.regulations.models import Rule, RuleVersion
from zugong.regulations.tests.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(tree: Any, make_rule: Any) -> dict[str, Any]:
    a1 = make_rule(tree.county_a1, "干部考察工作实施细则", doc="甲一组发〔2023〕2号", category="selection", day=date(2023, 5, 1),
                   upload=SimpleUploadedFile("细则.pdf", PDF),
                   revisions=[(date(2025, 2, 1), "第一条　考察组由两名以上人员组成。\n第二条　本细则自印发之日起施行。")])
    a2 = make_rule(tree.county_a2, "部务会议事规则", category="internal", day=date(2024, 6, 1))
    city = make_rule(tree.city_a, "人才项目申报评审管理办法", doc="甲组发〔2022〕8号", category="talent", day=date(2022, 1, 10))
    b1 = make_rule(tree.county_b1, "党员发展工作规程", category="organization", day=date(2024, 1, 1))
    services.rule_repeal(actor=_system(), rule=city, expected_version=city.version,
                         repealed_on=date(2025, 1, 1), reason="已被新制度代替")
    return {"a1": a1, "a2": a2, "city": city, "b1": b1}


def _system() -> Any:
    from zugong.accounts.access import SYSTEM

    return SYSTEM


def _titles(response: Any) -> list[str]:
    page = response.content.decode()
    return [t for t in ("干部考察工作实施细则", "部务会议事规则", "人才项目申报评审管理办法", "党员发展工作规程") if t in page]


def test_list_filters(client: Any, personas: Any, tree: Any, library: Any) -> None:
    client.force_login(personas.province)
    assert _titles(client.get("/regulations/rules/")) == ["干部考察工作实施细则", "部务会议事规则", "人才项目申报评审管理办法", "党员发展工作规程"]
    assert _titles(client.get("/regulations/rules/?category=selection")) == ["干部考察工作实施细则"]
    assert _titles(client.get("/regulations/rules/?status=repealed")) == ["人才项目申报评审管理办法"]
    assert _titles(client.get(f"/regulations/rules/?org={tree.city_a.pk}")) == ["干部考察工作实施细则", "部务会议事规则", "人才项目申报评审管理办法"]
    # the current version's effective date: A1's rule is in force as revised on 2025-02-01
    assert _titles(client.get("/regulations/rules/?effective_from=2024-01-01&effective_to=2024-12-31")) == ["部务会议事规则", "党员发展工作规程"]
    assert _titles(client.get("/regulations/rules/?effective_from=2025-01-01")) == ["干部考察工作实施细则"]
    assert _titles(client.get("/regulations/rules/?has_file=0")) == ["干部考察工作实施细则", "部务会议事规则", "人才项目申报评审管理办法", "党员发展工作规程"]
    assert _titles(client.get("/regulations/rules/?q=考察组由")) == ["干部考察工作实施细则"]
    client.force_login(personas.city_a)
    assert _titles(client.get("/regulations/rules/")) == ["干部考察工作实施细则", "部务会议事规则", "人才项目申报评审管理办法"]
    bad = client.get("/regulations/rules/?effective_from=2024-13-01")
    assert bad.status_code == 200 and _titles(bad) == []


def test_has_file_and_sorting(client: Any, personas: Any, tree: Any, library: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "有文件的制度", upload=SimpleUploadedFile("a.pdf", PDF))
    client.force_login(personas.province)
    assert _titles(client.get("/regulations/rules/?has_file=1")) == []  # A1's file was on version 1, not the current one
    assert "有文件的制度" in client.get("/regulations/rules/?has_file=1").content.decode()
    page = client.get("/regulations/rules/?sort=-effective_on").content.decode()
    order = [page.index(t) for t in ("干部考察工作实施细则", "部务会议事规则", "有文件的制度", "党员发展工作规程", "人才项目申报评审管理办法")]
    assert order == sorted(order)


def test_export_is_the_filtered_rows(client: Any, personas: Any, library: Any) -> None:
    client.force_login(personas.city_a)
    response = client.get("/regulations/rules/?export=xlsx&status=in_force")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("制度名称", "文号", "类别", "制定单位")
    assert sorted((r[0], r[4], r[5], r[7]) for r in rows[1:]) == [("干部考察工作实施细则", 2, "修订", "现行"), ("部务会议事规则", 1, "新建", "现行")]
    client.force_login(personas.county_a1_readonly)
    assert client.get("/regulations/rules/?export=xlsx").status_code == 403


def test_list_query_count_does_not_grow(client: Any, personas: Any, tree: Any, make_rule: Any, django_assert_max_num_queries: Any) -> None:
    client.force_login(personas.province)
    make_rule(tree.county_a1, "规则一")
    with django_assert_max_num_queries(12) as small:
        client.get("/regulations/rules/")
    for i in range(30):
        make_rule(tree.county_a2, f"规则{i}", revisions=[(date(2025, 1, 1), "新")] if i % 3 == 0 else None)
    with django_assert_max_num_queries(12) as large:
        assert client.get("/regulations/rules/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_search_page_highlights_and_escapes(client: Any, personas: Any, tree: Any, make_rule: Any) -> None:
    make_rule(tree.county_a1, "<b>干部档案</b>管理办法", text="第一条　<script>alert(1)</script>查阅干部档案应当登记。")
    client.force_login(personas.province)
    page = client.get("/regulations/rules/search/?q=干部档案").content.decode()
    assert "&lt;b&gt;<mark>干部档案</mark>&lt;/b&gt;管理办法" in page
    assert "查阅<mark>干部档案</mark>应当登记" in page and "<script>alert" not in page
    assert 'data-total>1<' in page
    none = client.get("/regulations/rules/search/?q=不存在的短语").content.decode()
    assert "没有找到包含“不存在的短语”的制度" in none
    client.force_login(personas.county_b1)
    assert 'data-total>0<' in client.get("/regulations/rules/search/?q=干部档案").content.decode()


def test_detail_history_and_comparison(client: Any, personas: Any, library: Any) -> None:
    rule = library["a1"]
    RuleVersion.objects.filter(rule=rule, number=1).update(text="第一条　<i>考察组</i>由三人组成。\n第二条　本细则自印发之日起施行。")
    client.force_login(personas.county_a1_readonly)
    page = client.get(f"/regulations/rules/{rule.pk}/").content.decode()
    assert 'data-version="2"' in page and 'data-version="1"' in page and 'data-current="2"' in page
    assert "修订" not in page.split("page-title")[1].split("</h2>")[0]
    assert f"/regulations/rules/{rule.pk}/revise/" not in page  # read-only: no actions
    cmp = client.get(f"/regulations/rules/{rule.pk}/?a=1&b=2").content.decode()
    assert 'data-changed="1"' in cmp
    assert "<del>&lt;i&gt;</del>考察组<del>&lt;/i&gt;</del>由<del>三</del>人组成" in cmp  # escaped, changes marked
    i = cmp.find("<i>考察组</i>")
    assert i < 0, cmp[i - 300:i + 100]
    assert "<ins>两名以上</ins>" in cmp
    bad = client.get(f"/regulations/rules/{rule.pk}/?a=1&b=9")
    assert "请选择该制度的两个不同版本进行对照" in bad.content.decode()
    client.force_login(personas.county_b1)
    assert client.get(f"/regulations/rules/{rule.pk}/").status_code == 404


def test_add_page(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    assert client.get("/regulations/rules/add/").status_code == 200
    bad = client.post("/regulations/rules/add/", {"org_unit": tree.county_a1.pk, "title": "", "category": "x", "effective_on": "2024-13-01"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert services.MSG_TITLE in text and "请输入正确的日期" in text and services.MSG_CATEGORY in text
    outside = client.post("/regulations/rules/add/", {"org_unit": tree.county_b1.pk, "title": "t", "category": "other",
                                                      "effective_on": "2024-01-01"})
    assert outside.status_code == 400 and "所选单位不在您的授权范围内" in outside.content.decode()
    assert Rule.objects.count() == 0
    ok = client.post("/regulations/rules/add/", {"org_unit": tree.county_a1.pk, "title": "干部档案管理办法", "doc_number": "甲一组发〔2024〕1号",
                                                 "category": "supervision", "effective_on": "2024-01-01", "text": "第一条　档案。",
                                                 "file": SimpleUploadedFile("办法.pdf", PDF)})
    rule = Rule.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/regulations/rules/{rule.pk}/"
    assert rule.current.file.name == "办法.pdf"
    client.force_login(personas.county_a1_readonly)
    assert client.get("/regulations/rules/add/").status_code == 403


def test_revise_page_conflict_and_success(client: Any, personas: Any, library: Any) -> None:
    rule = library["a2"]
    client.force_login(personas.city_a)
    form = client.get(f"/regulations/rules/{rule.pk}/revise/").content.decode()
    assert "第一条　为了规范工作" in form  # starts from the current text
    data = {"title": rule.title, "doc_number": "", "effective_on": "2025-03-01", "summary": "修改第二条", "text": "第一条　新。",
            "version": rule.version}
    bad = client.post(f"/regulations/rules/{rule.pk}/revise/", {**data, "summary": "", "effective_on": "2020-01-01"})
    assert bad.status_code == 400 and services.MSG_SUMMARY in bad.content.decode()
    stale = client.post(f"/regulations/rules/{rule.pk}/revise/", {**data, "version": rule.version - 1})
    assert stale.status_code == 409 and CONFLICT_MESSAGE in stale.content.decode()
    assert RuleVersion.objects.filter(rule=rule).count() == 1
    ok = client.post(f"/regulations/rules/{rule.pk}/revise/", data)
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert rule.current.number == 2 and rule.current.summary == "修改第二条"
    again = client.post(f"/regulations/rules/{rule.pk}/revise/", data)  # the same page posted twice: stale
    assert again.status_code == 409 and RuleVersion.objects.filter(rule=rule).count() == 2


def test_repeal_and_edit_pages(client: Any, personas: Any, library: Any) -> None:
    rule = library["a2"]
    client.force_login(personas.county_a1_readonly)
    assert client.get(f"/regulations/rules/{library['a1'].pk}/repeal/").status_code == 403
    assert client.get(f"/regulations/rules/{rule.pk}/repeal/").status_code == 404  # A2 is outside A1
    client.force_login(personas.province)
    bad = client.post(f"/regulations/rules/{rule.pk}/repeal/", {"repealed_on": "2025-01-01", "repeal_reason": "", "version": rule.version})
    assert bad.status_code == 400 and services.MSG_REASON in bad.content.decode()
    ok = client.post(f"/regulations/rules/{rule.pk}/repeal/", {"repealed_on": "2025-01-01", "repeal_reason": "停止执行", "version": rule.version})
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert rule.status == "repealed"
    back = client.get(f"/regulations/rules/{rule.pk}/revise/")
    assert back.status_code == 303
    assert services.MSG_REPEALED in client.get(back["Location"]).content.decode()
    stale = client.post(f"/regulations/rules/{rule.pk}/edit/", {"title": "新名称", "category": "other", "version": rule.version - 1})
    assert stale.status_code == 409 and CONFLICT_MESSAGE in stale.content.decode()
    ok = client.post(f"/regulations/rules/{rule.pk}/edit/", {"title": "新名称", "category": "other", "version": rule.version})
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert (rule.title, rule.category, rule.status) == ("新名称", "other", "repealed")


def test_version_file(client: Any, personas: Any, library: Any) -> None:
    v1 = RuleVersion.objects.get(rule=library["a1"], number=1)
    v2 = RuleVersion.objects.get(rule=library["a1"], number=2)
    client.force_login(personas.county_a1_readonly)
    response = client.get(f"/regulations/versions/{v1.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client.get(f"/regulations/versions/{v2.pk}/file/").status_code == 404  # no file
    client.force_login(personas.county_b1)
    assert client.get(f"/regulations/versions/{v1.pk}/file/").status_code == 404
