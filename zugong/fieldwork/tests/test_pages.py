"""基层工作 pages: lists (filter, sort, export, query budget), forms (bad input → 400 and nothing written, a stale
page → 409 with the message), the import, the steps posted from detail pages and the report download."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zugong.core.errors import CONFLICT_MESSAGE
from zugong.core.models import Job
from zugong.fieldwork import services, topics
from zugong.fieldwork.imports import MSG_NO_CADRE, VisitImport
from zugong.fieldwork.models import ContactPoint, FieldVisit, GrassrootsProblem, Pairing, ResearchTopic
from zugong.fieldwork.tests.conftest import visit_data
from zugong.opinions.models import Measure, OpinionCategory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _visits(personas: Any, tree: Any, staff: Any, n: int, prefix: str = "地点", **extra: Any) -> list[FieldVisit]:
    today = timezone.localdate()
    return [services.visit_create(actor=personas.province, data=visit_data(
        tree.county_a1, staff.a1[: 1 + i % 3], date=today - timedelta(days=i), place=f"{prefix}{i}", **extra)) for i in range(n)]


def test_visit_list_filters_sorts_and_exports(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    _visits(personas, tree, staff, 3)
    services.visit_create(actor=personas.province, data=visit_data(tree.county_a2, [staff.a2], kind="enterprise", place="某企业"))
    services.visit_create(actor=personas.province, data=visit_data(tree.county_b1, [staff.b1], place="乙地"))
    client.force_login(personas.city_a)
    page = client.get(reverse("fieldwork:visit_list")).content.decode()
    assert "地点0" in page and "某企业" in page and "乙地" not in page  # B1 is outside city A
    page = client.get(reverse("fieldwork:visit_list") + "?kind=enterprise").content.decode()
    assert "某企业" in page and "地点0" not in page
    page = client.get(reverse("fieldwork:visit_list") + "?q=张三").content.decode()  # by a cadre's name
    assert "地点2" in page and "地点0" not in page
    page = client.get(reverse("fieldwork:visit_list") + "?sort=-person_count").content.decode()
    assert page.index("地点2") < page.index("地点0")
    response = client.get(reverse("fieldwork:visit_list") + "?kind=community&export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "类型", "日期") and len(rows) == 4
    assert {r[6] for r in rows[1:]} == {1, 2, 3} and {r[5] for r in rows[1:]} == {"张一", "张二、张一", "张二、张三、张一"}  # 拼音序
    client.force_login(personas.county_a1_readonly)  # reads, but exports need the export permission
    assert client.get(reverse("fieldwork:visit_list") + "?export=xlsx").status_code == 403


def test_visit_list_query_count_does_not_grow_with_rows(client: Any, personas: Any, tree: Any, staff: Any,
                                                        django_assert_max_num_queries: Any) -> None:
    _visits(personas, tree, staff, 3)
    client.force_login(personas.city_a)
    client.get(reverse("fieldwork:visit_list"))  # warm the per-request grant cache paths
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("fieldwork:visit_list"))
    _visits(personas, tree, staff, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("fieldwork:visit_list")).status_code == 200


def test_visit_form_add_bad_input_and_stale_edit(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    today = timezone.localdate().isoformat()
    post = {"org_unit": tree.county_a1.pk, "kind": "household", "date": today, "place": "某村", "purpose": "走访困难党员",
            "cadres": [c.pk for c in staff.a1[:2]], "contact_point": staff.point.pk}
    response = client.post(reverse("fieldwork:visit_add"), {**post, "place": ""})
    assert response.status_code == 400 and FieldVisit.objects.count() == 0
    response = client.post(reverse("fieldwork:visit_add"), {**post, "cadres": [staff.a2.pk]})  # not on the clerk's roll
    assert response.status_code == 400 and FieldVisit.objects.count() == 0
    response = client.post(reverse("fieldwork:visit_add"), post)
    assert response.status_code == 302
    v = FieldVisit.objects.get()
    assert v.person_count == 2 and v.contact_point == staff.point and v.created_by == personas.county_a1_clerk
    detail = client.get(response["Location"]).content.decode()
    assert 'data-person-count="2"' in detail and "张一" in detail and "新阳社区党委" in detail
    edit = reverse("fieldwork:visit_edit", args=[v.pk])
    assert client.post(edit, {**post, "cadres": [c.pk for c in staff.a1], "version": 1}).status_code == 302
    response = client.post(edit, {**post, "place": "另一个村", "version": 1})
    assert response.status_code == 409 and CONFLICT_MESSAGE in response.content.decode()
    v.refresh_from_db()
    assert v.place == "某村" and v.person_count == 3
    # delete: the clerk may not, the administrator may
    assert client.post(reverse("fieldwork:visit_delete", args=[v.pk])).status_code == 403
    client.force_login(personas.city_a)
    assert client.post(reverse("fieldwork:visit_delete", args=[v.pk])).status_code == 302
    assert not FieldVisit.objects.exists()


def _xlsx(rows: list[list[str]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in VisitImport.columns])
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "visits.xlsx"
    return buf


def _upload(client: Any, buf: BytesIO) -> Job:
    response = client.post(reverse("fieldwork:visit_import"), {"file": buf})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_visit_import_template_errors_and_commit(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    client.force_login(personas.city_a)
    template = client.get(reverse("fieldwork:visit_import_template"))
    assert template.status_code == 200
    ws = load_workbook(BytesIO(b"".join(template.streaming_content))).active
    assert [c.value for c in ws[1]][:6] == ["单位*", "类型*", "日期*", "地点*", "事由*", "参加干部*"]
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    good = [["甲一县委组织部", "进社区", day, "新阳社区", "调研", "张一、张二", "新阳社区党委", ""],
            ["甲二县委组织部", "进企业", day, "某企业", "了解人才需求", "李四", "", "缺少技术人才"]]
    bad = [*good, ["甲一县委组织部", "进农户", day, "某村", "走访", "张一、王五", "", ""],
           ["甲一县委组织部", "进月球", day, "某处", "走访", "张一", "", ""], ["乙一县委组织部", "进社区", day, "乙地", "走访", "王五", "", ""]]
    job = _upload(client, _xlsx(bad))
    assert job.status == Job.Status.INVALID and FieldVisit.objects.count() == 0
    errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    assert errors[(4, "参加干部")] == MSG_NO_CADRE.format(name="王五")
    assert errors[(5, "类型")].startswith("应为：进社区")
    assert errors[(6, "单位")] == "单位不存在或不在您的授权范围内"
    job = _upload(client, _xlsx(good))
    assert job.status == Job.Status.VALIDATED and FieldVisit.objects.count() == 0
    assert client.post(f"/jobs/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["created"] == 2
    first = FieldVisit.objects.get(org_unit=tree.county_a1)
    assert first.person_count == 2 and first.contact_point == staff.point
    assert FieldVisit.objects.get(org_unit=tree.county_a2).findings == "缺少技术人才"


def test_pairing_detail_contact_log(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    today = timezone.localdate().isoformat()
    response = client.post(reverse("fieldwork:pairing_add"), {
        "org_unit": tree.county_a1.pk, "cadre": staff.a1[0].pk, "counterpart_kind": "member", "counterpart_name": "刘德明",
        "start_date": today, "status": "active"})
    assert response.status_code == 302
    p = Pairing.objects.get()
    url = reverse("fieldwork:pairing_contact_add", args=[p.pk])
    response = client.post(url, {"date": today, "content": ""})
    assert response.status_code == 303 and p.contacts.count() == 0
    client.post(url, {"date": today, "content": "上门走访，帮助申请临时救助"})
    page = client.get(reverse("fieldwork:pairing_detail", args=[p.pk])).content.decode()
    assert "上门走访，帮助申请临时救助" in page and "联系记录（1）" in page


def test_problem_from_visit_to_ledger_shows_the_measure_status(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    v = _visits(personas, tree, staff, 1)[0]
    client.force_login(personas.county_a1_clerk)
    form = client.get(reverse("fieldwork:problem_add") + f"?visit={v.pk}").content.decode()
    assert f'value="{v.pk}"' in form and "来源：" in form
    today = timezone.localdate().isoformat()
    response = client.post(reverse("fieldwork:problem_add") + f"?visit={v.pk}", {
        "org_unit": tree.county_a1.pk, "visit": v.pk, "description": "老旧小区供水不稳定", "raised_on": today, "status": "unsolved"})
    assert response.status_code == 302
    p = GrassrootsProblem.objects.get()
    assert p.visit == v
    detail = reverse("fieldwork:problem_detail", args=[p.pk])
    assert "转入整改台帐" in client.get(detail).content.decode()
    ledger = reverse("fieldwork:problem_to_ledger", args=[p.pk])
    category = OpinionCategory.objects.filter(is_active=True).first()
    assert client.post(ledger, {"version": p.version}).status_code == 303 and not Measure.objects.exists()
    response = client.post(ledger, {"version": p.version, "category": category.pk, "content": "协调供水公司改造管网", "days": 15})
    assert response.status_code == 303
    m = Measure.objects.get()
    page = client.get(detail).content.decode()
    assert f'data-measure-status="{m.status}"' in page and "未启动" in page and m.get_absolute_url() in page
    assert client.post(ledger, {"version": p.version + 1, "category": category.pk, "content": "再次", "days": 5}).status_code == 303
    assert Measure.objects.count() == 1
    assert "老旧小区供水不稳定" in client.get(reverse("fieldwork:problem_list") + "?ledger=true").content.decode()
    assert "老旧小区供水不稳定" not in client.get(reverse("fieldwork:problem_list") + "?ledger=false").content.decode()


def test_topic_report_upload_download_and_milestones(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    client.force_login(personas.city_a)
    today = timezone.localdate()
    post = {"org_unit": tree.county_a1.pk, "title": "年轻干部培养选拔机制研究", "year": today.year, "lead": staff.a1[0].pk,
            "team": [staff.a1[1].pk]}
    response = client.post(reverse("fieldwork:topic_add"), {**post, "report": SimpleUploadedFile("报告.exe", b"MZ")})
    assert response.status_code == 400 and not ResearchTopic.objects.exists()
    response = client.post(reverse("fieldwork:topic_add"), {**post, "report_date": today.isoformat(), "rating": "good",
                                                             "report": SimpleUploadedFile("调研报告.pdf", PDF)})
    assert response.status_code == 302
    t = ResearchTopic.objects.get()
    download = client.get(reverse("fieldwork:topic_report", args=[t.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.post(reverse("fieldwork:milestone_add", args=[t.pk]), {"date": today.isoformat(), "title": "开题论证"})
    m = t.milestones.get()
    client.post(reverse("fieldwork:milestone_done", args=[t.pk, m.pk]), {"done": "1"})
    page = client.get(reverse("fieldwork:topic_detail", args=[t.pk])).content.decode()
    assert "调研报告.pdf" in page and "开题论证" in page and "已完成" in page and 'data-rating="good"' in page
    client.force_login(personas.county_b1)
    assert client.get(reverse("fieldwork:topic_report", args=[t.pk])).status_code == 404


def test_contact_point_detail_counts_its_visits(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    _visits(personas, tree, staff, 3, prefix="联系点走访", contact_point=staff.point)
    _visits(personas, tree, staff, 2, prefix="其他走访")
    client.force_login(personas.county_a1_readonly)
    page = client.get(reverse("fieldwork:point_detail", args=[staff.point.pk])).content.decode()
    assert 'data-visit-count="3"' in page and 'data-visit-persons="6"' in page  # 1 + 2 + 3 cadres
    listed = client.get(reverse("fieldwork:visit_list") + f"?point={staff.point.pk}").content.decode()
    assert listed.count("联系点走访") == 3 and "其他走访" not in listed
    assert ContactPoint.objects.count() == 1
    points = client.get(reverse("fieldwork:point_list")).content.decode()
    assert "新阳社区党委" in points


def test_topic_milestone_delete_twice_is_told(client: Any, personas: Any, tree: Any, staff: Any) -> None:
    t = topics.topic_create(actor=personas.province, data={"org_unit": tree.county_a1, "title": "课题", "year": 2026, "lead": staff.a1[0]})
    m = topics.milestone_add(actor=personas.province, topic=t, day=timezone.localdate(), title="开题")
    client.force_login(personas.city_a)
    url = reverse("fieldwork:milestone_delete", args=[t.pk, m.pk])
    assert client.post(url).status_code == 303 and client.post(url).status_code == 303
    assert not t.milestones.exists()
