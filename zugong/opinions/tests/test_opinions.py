"""Opinions in: the entry form and its messages, the list (filters, pinned query count, export), the xlsx
import (all or nothing), the API, duplicate signatures, and the category list kept by the province."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zugong.core.models import Job
from zugong.opinions import entry, similarity
from zugong.opinions.imports import OpinionImport
from zugong.opinions.models import Opinion, OpinionCategory

pytestmark = pytest.mark.django_db


def _opinion(actor: Any, unit: Any, content: str = "希望简化材料报送", channel: str = "letter", code: str = "work_style", **over: Any) -> Opinion:
    data = {"org_unit": unit, "channel": channel, "category": OpinionCategory.objects.get(code=code), "content": content,
            "received_on": timezone.localdate(), **over}
    return entry.opinion_create(actor=actor, data=entry.OpinionInput(**data))


def test_entry_form_saves_and_explains_bad_input(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    cat = OpinionCategory.objects.get(code="efficiency")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = client.post("/opinions/add/", {"org_unit": tree.county_b1.pk, "channel": "mailbox", "category": "x", "content": "",
                                         "source_kind": "masses", "received_on": tomorrow})
    assert bad.status_code == 400
    page = bad.content.decode()
    for msg in ("所选单位不在您的授权范围内", entry.MSG_CHANNEL, entry.MSG_CATEGORY, entry.MSG_CONTENT):
        assert msg in page
    assert Opinion.objects.count() == 0
    future = client.post("/opinions/add/", {"org_unit": tree.county_a1.pk, "channel": "hotline", "category": cat.pk,
                                            "content": "办事效率低", "source_kind": "masses", "received_on": tomorrow})
    assert future.status_code == 400 and entry.MSG_FUTURE in future.content.decode()
    ok = client.post("/opinions/add/", {"org_unit": tree.county_a1.pk, "channel": "hotline", "category": cat.pk, "content": "办事效率低，<b>跑多次</b>",
                                        "source_kind": "client", "submitter": "某企业", "anonymous": "on",
                                        "received_on": timezone.localdate().isoformat()})
    assert ok.status_code == 303
    o = Opinion.objects.get()
    assert (o.channel, o.category, o.source_kind, o.anonymous, o.submitter, o.status) == ("hotline", cat, "client", True, "", "new")
    assert len(bytes(o.signature)) == similarity.SIG_BYTES
    detail = client.get(o.get_absolute_url()).content.decode()
    assert "&lt;b&gt;跑多次&lt;/b&gt;" in detail and "（匿名）" in detail
    client.force_login(personas.county_b1)
    assert client.get(o.get_absolute_url()).status_code == 404


def test_edit_is_versioned(client: Any, personas: Any, tree: Any) -> None:
    o = _opinion(personas.county_a1_clerk, tree.county_a1)
    client.force_login(personas.county_a1_clerk)
    form = {"channel": "letter", "category": o.category_id, "content": "改过的内容", "source_kind": "masses",
            "received_on": o.received_on.isoformat(), "version": o.version}
    assert client.post(f"/opinions/{o.pk}/edit/", form).status_code == 303
    stale = client.post(f"/opinions/{o.pk}/edit/", {**form, "content": "另一人的修改"})
    assert stale.status_code == 409
    o.refresh_from_db()
    assert o.content == "改过的内容" and o.version == 2


def test_list_filters_and_costs_the_same_at_any_size(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    for i in range(3):
        _opinion(clerk, tree.county_a1, f"第{i}条意见", channel="symposium")
    _opinion(personas.county_b1, tree.county_b1, "乙县的意见")
    client.force_login(personas.city_a)
    page = client.get("/opinions/?channel=symposium").content.decode()
    assert page.count("第") >= 3 and "乙县的意见" not in page

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/opinions/?channel=symposium&category=&org=").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(40):
        _opinion(clerk, tree.county_a1, f"更多的意见{i}", channel="symposium")
    assert queries() == few
    bad = client.get("/opinions/?received_from=2026-02-30")
    assert bad.status_code == 200 and "请输入正确的日期" in bad.content.decode()


def test_export_streams_the_filtered_rows(client: Any, personas: Any, tree: Any) -> None:
    _opinion(personas.county_a1_clerk, tree.county_a1, "导出的意见", submitter="老党员")
    client.force_login(personas.city_a)
    response = client.get("/opinions/?export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("收到日期", "反映对象单位", "渠道", "分类", "意见内容")
    assert rows[1][1:5] == ("甲一县委组织部", "征求意见函（表）", "工作作风", "导出的意见")
    client.force_login(personas.county_a1_readonly)
    assert client.get("/opinions/?export=xlsx").status_code == 403


def _xlsx(rows: list[list[Any]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in OpinionImport.columns])
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "opinions.xlsx"
    return buf


def _upload(client: Any, buf: BytesIO) -> Job:
    response = client.post("/opinions/import/", {"file": buf})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_import_is_all_or_nothing(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    template = client.get("/opinions/import/template/")
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in
               load_workbook(BytesIO(b"".join(template.streaming_content)))["选项"].iter_cols()}
    assert "工作作风" in options["分类"] and "公开信箱" not in options["渠道"]
    today = timezone.localdate().isoformat()
    bad = _upload(client, _xlsx([
        ["甲一县委组织部", "座谈会", "工作作风", "会议太多", "党员干部", "", "否", today, ""],
        ["乙一县委组织部", "座谈会", "工作作风", "不在范围", "", "", "", today, ""],
        ["甲二县委组织部", "公开信箱", "无此分类", "x", "", "", "", "2026-02-30", ""],
    ]))
    assert bad.status == Job.Status.INVALID
    errors = {(e["row"], e["column"]) for e in bad.result["errors"]}
    assert {(3, "反映对象单位"), (4, "渠道"), (4, "收到日期")} <= errors
    assert Opinion.objects.count() == 0
    good = _upload(client, _xlsx([
        ["甲一县委组织部", "座谈会", "工作作风", "会议太多", "党员干部", "", "否", today, ""],
        ["甲二县委组织部", "走访", "选人用人", "希望公开选拔条件", "", "张某", "是", today, ""],
    ]))
    assert good.status == Job.Status.VALIDATED and good.result["to_create"] == 2
    assert client.post(f"/jobs/{good.pk}/confirm/").status_code == 302
    rows = {o.content: o for o in Opinion.objects.select_related("org_unit")}
    assert set(rows) == {"会议太多", "希望公开选拔条件"}
    assert rows["希望公开选拔条件"].anonymous and rows["希望公开选拔条件"].submitter == ""
    assert rows["会议太多"].source_kind == "cadre" and len(bytes(rows["会议太多"].signature)) == similarity.SIG_BYTES
    from zugong.audit.models import ObjectChange

    assert ObjectChange.objects.filter(action="opinion.imported").count() == 2


def test_api_creates_and_lists(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    body = {"org_unit": tree.county_a1.pk, "channel": "visit", "category": "service", "content": "走访中群众反映",
            "received_on": timezone.localdate().isoformat()}
    created = client.post("/api/v1/opinions/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["category"] == "service"
    bad = client.post("/api/v1/opinions/", {**body, "category": "nope", "org_unit": tree.county_b1.pk}, content_type="application/json")
    assert bad.status_code == 400 and "单位不存在" in bad.json()["error"]["fields"]["org_unit"][0]
    bad = client.post("/api/v1/opinions/", {**body, "category": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "分类代码不对" in bad.json()["error"]["fields"]["category"][0]
    assert client.post("/api/v1/opinions/", {**body, "channel": "mailbox"}, content_type="application/json").status_code == 400
    listed = client.get("/api/v1/opinions/?channel=visit").json()
    assert listed["count"] == 1 and listed["results"][0]["content"] == "走访中群众反映"
    assert client.get("/api/v1/opinions/?received_to=yesterday").status_code == 400
    client.force_login(personas.county_a1_readonly)
    assert client.post("/api/v1/opinions/", body, content_type="application/json").status_code == 403
    assert Opinion.objects.count() == 1


def test_signatures_find_near_duplicates() -> None:
    base = "基层反映组织部门下发的报表过多，一个月要报十几种材料，希望精简"
    near = "基层反映组织部门下发报表太多，每月要报十几种材料，希望能精简一些"
    other = "建议加强年轻干部的选拔培养，拓宽选人用人视野"
    ranked = similarity.estimate(similarity.signature(base), [(1, similarity.signature(other)), (2, similarity.signature(near))])
    assert [pk for pk, _ in ranked] == [2, 1]
    assert ranked[0][1] > 0.3 > ranked[1][1]
    assert similarity.jaccard(base, near) > 0.4 > similarity.jaccard(base, other)
    assert similarity.signature("。，！") == b"" and similarity.estimate(b"", []) == []
    assert similarity.signature("ＡＢＣ") == similarity.signature("abc")  # NFKC and case


def test_categories_are_kept_by_the_province(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    assert client.get("/opinions/categories/").status_code == 200
    assert client.get("/opinions/categories/add/").status_code == 403
    client.force_login(personas.province)
    bad = client.post("/opinions/categories/add/", {"code": "Bad Code", "name": "工作作风", "order": "5"})
    assert bad.status_code == 400 and "代码用小写英文字母开头" in bad.content.decode() and "已有名为" in bad.content.decode()
    assert client.post("/opinions/categories/add/", {"code": "discipline", "name": "纪律作风", "order": "5", "is_active": "on"}).status_code == 303
    c = OpinionCategory.objects.get(code="discipline")
    assert client.post(f"/opinions/categories/{c.pk}/edit/", {"name": "纪律作风", "order": "5"}).status_code == 303
    c.refresh_from_db()
    assert not c.is_active and c.code == "discipline"
