"""Campaigns carried out: deployment (一级抓一级), accepting and refining, deploying onward, progress
reports with evidence and the roll-up rule, urging, the task ledger, scope."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from zugong.campaigns import fanout, progress, selectors, services
from zugong.campaigns.models import Assignment, Campaign, ProgressReport, TaskDefaults
from zugong.core.calendar import sub_workdays
from zugong.core.errors import ConflictError, ValidationError
from zugong.notices.models import Notice

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _campaign(personas: Any, tree: Any, **extra: Any) -> Campaign:
    start = timezone.localdate() - timedelta(days=30)
    return services.campaign_from_template(actor=personas.province, org_unit=tree.province, code="sanjiang", start_date=start)


def _deployed(personas: Any, tree: Any) -> Campaign:
    c = _campaign(personas, tree)
    fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    c.refresh_from_db()
    return c


def _accept(actor: Any, a: Assignment, **data: Any) -> Assignment:
    base = {"leader": "", "lead_office": None, "responsible": None, "deadline": a.deadline, "content": ""}
    return progress.assignment_save(actor=actor, assignment=a, data={**base, **data}, co_offices=data.pop("co", []),
                                    expected_version=a.version)


def test_receivers_follow_the_scope(personas: Any, tree: Any) -> None:
    c = _campaign(personas, tree)
    assert fanout.receivers(c, tree.province) == [tree.city_a, tree.city_b]
    assert fanout.receivers(c, tree.city_a) == [tree.county_a1, tree.county_a2]
    assert fanout.receivers(c, tree.county_a1) == []  # offices are never receivers
    c.scope, c.scope_kinds = Campaign.Scope.KINDS, ["county"]
    assert fanout.receivers(c, tree.province) == [tree.county_a1, tree.county_a2, tree.county_b1]
    c.scope = Campaign.Scope.PICKED
    c.save()
    c.scope_units.set([tree.city_a])
    assert fanout.receivers(c, tree.province) == [tree.city_a]
    assert fanout.receivers(c, tree.city_a) == [tree.county_a1, tree.county_a2]


def test_deploy_fans_out_with_defaults_notices_and_no_repeat(personas: Any, tree: Any) -> None:
    services.defaults_save(actor=personas.city_a, org_unit=tree.city_a, expected_version=0,
                           data={"leader": "王刚（副部长）", "lead_office": tree.city_a_office, "responsible": personas.city_a})
    c = _campaign(personas, tree)
    rows = fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    c.refresh_from_db()
    assert c.status == Campaign.Status.DEPLOYED and c.deployed_at is not None
    assert len(rows) == 24 and Assignment.objects.filter(campaign=c).count() == 24
    city = Assignment.objects.filter(campaign=c, org_unit=tree.city_a)
    assert city.count() == 12 and set(city.values_list("status", flat=True)) == {"issued"}
    a = city.get(task__title__contains="能力建设")
    assert (a.leader, a.lead_office, a.responsible, a.issuer) == ("王刚（副部长）", tree.city_a_office, personas.city_a, tree.province)
    assert a.deadline == a.task.deadline
    assert Assignment.objects.filter(campaign=c, org_unit=tree.city_b).first().leader == ""  # no defaults there
    notices = Notice.objects.filter(dedupe_key__startswith=f"campaigns.deploy:{c.pk}:")
    # city B has no staff of its own: its nearest holders are the province's
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["a-admin", "p-admin"]
    assert all("12 项任务" in n.title for n in notices)
    with pytest.raises(ValidationError):
        fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    c2 = _campaign(personas, tree)
    with pytest.raises(ConflictError):
        fanout.campaign_deploy(actor=personas.province, campaign=c2, expected_version=c2.version + 1)
    with pytest.raises(Http404):  # a draft of the province is not even visible to a city
        fanout.campaign_deploy(actor=personas.city_a, campaign=c2, expected_version=c2.version)
    assert Assignment.objects.filter(campaign=c2).count() == 0


def test_accept_refine_onward_report_and_roll_up(personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = Assignment.objects.get(campaign=c, org_unit=tree.city_a, task__title__contains="能力建设")
    with pytest.raises(ValidationError) as exc:
        _accept(personas.city_a, a, lead_office=tree.province_office, deadline=a.deadline + timedelta(days=1))
    assert exc.value.message_dict["lead_office"] == ["牵头科室应为本单位的内设科室"]
    assert "不能晚于上级规定" in exc.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as exc:  # issued: accept first
        fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c, assignments=[a])
    assert exc.value.messages == [fanout.MSG_NOT_ACCEPTED]
    a = _accept(personas.city_a, a, leader="王刚", lead_office=tree.city_a_office, responsible=personas.city_a)
    assert a.status == "accepted" and Campaign.objects.get(pk=c.pk).status == Campaign.Status.RUNNING

    rows = fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c,
                                assignments=[Assignment.objects.select_related("task").get(pk=a.pk)], workdays_earlier=5)
    assert sorted(r.org_unit.name for r in rows) == ["甲一县委组织部", "甲二县委组织部"]
    assert all(r.parent_id == a.pk and r.issuer == tree.city_a and r.deadline == sub_workdays(a.deadline, 5) for r in rows)
    a.refresh_from_db()
    assert a.has_children and a.progress == 0
    with pytest.raises(ValidationError) as exc:
        fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c,
                             assignments=[Assignment.objects.select_related("task").get(pk=a.pk)])
    assert exc.value.messages == [fanout.MSG_ALREADY]

    county = Assignment.objects.get(parent=a, org_unit=tree.county_a1)
    with pytest.raises(ValidationError) as exc:
        progress.report_add(actor=personas.county_a1_clerk, assignment=county, day=timezone.localdate(), percent=Decimal(50), text="x")
    assert exc.value.message_dict["__all__"] == [progress.MSG_ISSUED]
    county = _accept(personas.county_a1_clerk, county, lead_office=tree.county_a1_office)
    evidence = SimpleUploadedFile("培训通知.pdf", PDF, content_type="application/pdf")
    r = progress.report_add(actor=personas.county_a1_clerk, assignment=county, day=timezone.localdate(), percent=Decimal(50),
                            text="举办专题培训班一期", uploads=[evidence])
    assert [f.name for f in r.files.all()] == ["培训通知.pdf"]
    county.refresh_from_db()
    a.refresh_from_db()
    assert county.progress == 50 and a.progress == 25  # (50 + 0) / 2
    assert selectors.unit_progress(personas.province, c, tree.city_a) == Decimal("2.1")  # 25 / 12 received

    # a parent takes text only; a leaf needs a percent; no future dates
    with pytest.raises(ValidationError) as exc:
        progress.report_add(actor=personas.city_a, assignment=a, day=timezone.localdate(), percent=Decimal(10), text="x")
    assert exc.value.message_dict["percent"] == [progress.MSG_PARENT_PERCENT]
    with pytest.raises(ValidationError) as exc:
        progress.report_add(actor=personas.county_a1_clerk, assignment=county, day=timezone.localdate() + timedelta(days=1),
                            percent=None, text="")
    assert set(exc.value.message_dict) == {"date", "percent", "text"}

    # refining: two local measures, weights 1 and 3; the county stands at their weighted average
    m1 = progress.measure_add(actor=personas.county_a1_clerk, parent=county, data={
        "title": "集中轮训", "deadline": county.deadline, "weight": 1, "lead_office": tree.county_a1_office})
    m2 = progress.measure_add(actor=personas.county_a1_clerk, parent=county, data={"title": "网络培训", "deadline": county.deadline,
                                                                                  "weight": 3})
    progress.report_add(actor=personas.county_a1_clerk, assignment=m1, day=timezone.localdate(), percent=Decimal(100), text="完成")
    progress.report_add(actor=personas.county_a1_clerk, assignment=m2, day=timezone.localdate(), percent=Decimal(20), text="开班")
    county.refresh_from_db()
    a.refresh_from_db()
    assert county.progress == Decimal("40.0")  # (100*1 + 20*3) / 4
    assert a.progress == Decimal("20.0")
    m1.refresh_from_db()
    assert m1.status == "done" and m1.completed_on == timezone.localdate()

    # everything below done: the parent line is done too
    progress.report_add(actor=personas.county_a1_clerk, assignment=m2, day=timezone.localdate(), percent=Decimal(100), text="结业")
    a2 = _accept(personas.city_a, Assignment.objects.get(parent=a, org_unit=tree.county_a2))
    progress.report_add(actor=personas.city_a, assignment=a2, day=timezone.localdate(), percent=Decimal(100), text="完成")
    a.refresh_from_db()
    assert a.progress == 100 and a.status == "done" and a.completed_on == timezone.localdate()


def test_bad_evidence_file_writes_nothing(personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = _accept(personas.city_a, Assignment.objects.filter(campaign=c, org_unit=tree.city_a).first())
    shell = SimpleUploadedFile("a.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        progress.report_add(actor=personas.city_a, assignment=a, day=timezone.localdate(), percent=Decimal(30), text="x",
                            uploads=[SimpleUploadedFile("ok.pdf", PDF), shell])
    assert "文件内容与扩展名不符" in exc.value.messages[0]
    assert not ProgressReport.objects.exists()
    a.refresh_from_db()
    assert a.progress == 0


def test_scope_county_cannot_see_other_county_and_participants_see_the_campaign(client: Any, personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = _accept(personas.city_a, Assignment.objects.select_related("task").filter(campaign=c, org_unit=tree.city_a).first())
    fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c, assignments=[a])
    a1 = Assignment.objects.get(parent=a, org_unit=tree.county_a1)
    client.force_login(personas.county_a1_clerk)
    assert client.get(reverse("campaigns:detail", args=[c.pk])).status_code == 200  # a participant reads the campaign
    assert client.get(reverse("campaigns:assignment", args=[a1.pk])).status_code == 200
    client.force_login(personas.county_b1)
    assert client.get(reverse("campaigns:assignment", args=[a1.pk])).status_code == 404
    assert client.post(reverse("campaigns:assignment_report", args=[a1.pk]), {"text": "x"}).status_code == 404
    assert a1.pk not in set(selectors.assignments(personas.county_b1).values_list("pk", flat=True))
    assert Campaign.objects.visible_to(personas.county_b1).filter(pk=c.pk).exists() is False  # B1 received nothing yet
    client.force_login(personas.county_a1_readonly)
    assert client.post(reverse("campaigns:assignment_report", args=[a1.pk]), {"text": "x"}).status_code == 403


def test_pages_accept_report_with_file_and_urge(client: Any, personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = Assignment.objects.filter(campaign=c, org_unit=tree.city_a).first()
    client.force_login(personas.city_a)
    page = client.get(reverse("campaigns:my_tasks"))
    assert page.status_code == 200 and "待接收" in page.content.decode() and a.title in page.content.decode()
    resp = client.post(reverse("campaigns:assignment_accept", args=[a.pk]), {
        "leader": "王刚", "lead_office": tree.city_a_office.pk, "deadline": (a.deadline + timedelta(days=3)).isoformat(),
        "version": a.version})
    assert resp.status_code == 400 and "不能晚于上级规定" in resp.content.decode()
    resp = client.post(reverse("campaigns:assignment_accept", args=[a.pk]), {
        "leader": "王刚", "lead_office": tree.city_a_office.pk, "deadline": a.deadline.isoformat(), "version": a.version})
    assert resp.status_code == 303
    resp = client.post(reverse("campaigns:assignment_report", args=[a.pk]), {
        "date": timezone.localdate().isoformat(), "percent": "abc", "text": "推进中"})
    assert resp.status_code == 400 and progress.MSG_PERCENT in resp.content.decode()
    resp = client.post(reverse("campaigns:assignment_report", args=[a.pk]), {
        "date": timezone.localdate().isoformat(), "percent": "60", "text": "已完成调研",
        "attachments": [SimpleUploadedFile("调研报告.pdf", PDF)]})
    assert resp.status_code == 303
    r = ProgressReport.objects.get(assignment=a)
    f = r.files.get()
    download = client.get(reverse("campaigns:report_file", args=[r.pk, f.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == PDF
    client.force_login(personas.county_b1)
    assert client.get(reverse("campaigns:report_file", args=[r.pk, f.pk])).status_code == 404

    # the city cannot urge itself; the province can
    client.force_login(personas.city_a)
    client.post(reverse("campaigns:assignment_urge", args=[a.pk]))
    a.refresh_from_db()
    assert a.urged == 0
    client.force_login(personas.province)
    resp = client.post(reverse("campaigns:assignment_urge", args=[a.pk]), {"note": "请于周五前报送"})
    a.refresh_from_db()
    assert resp.status_code == 303 and a.urged == 1
    urge = Notice.objects.get(kind=Notice.Kind.URGE)
    assert urge.recipient == personas.city_a and urge.body == "请于周五前报送"


def test_overview_counts_overdue_and_drill_down(client: Any, personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    late = Assignment.objects.filter(campaign=c, org_unit=tree.city_b).first()
    Assignment.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    ov = selectors.overview(personas.province, c, tree.province)
    assert [r.unit for r in ov.rows] == [tree.city_a, tree.city_b]
    assert ov.counts["issued"] == 24 and ov.counts["overdue"] == 1 and [x.pk for x in ov.overdue] == [late.pk]
    assert [r.overdue for r in ov.rows] == [0, 1] and ov.progress == 0
    client.force_login(personas.province)
    page = client.get(reverse("campaigns:detail", args=[c.pk])).content.decode()
    assert "逾期未完成（1）" in page and f'data-assignment="{late.pk}"' in page
    listed = client.get(reverse("campaigns:assignments", args=[c.pk]) + "?overdue=1").content.decode()
    assert "共 1 项" in listed and f'data-assignment="{late.pk}"' in listed
    page = client.get(reverse("campaigns:detail", args=[c.pk]) + f"?unit={tree.city_a.pk}").content.decode()
    assert "甲市委组织部：落实进度" in page


def test_ledger_round_trip_all_or_nothing(client: Any, personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    for a in Assignment.objects.filter(campaign=c, org_unit=tree.city_a)[:2]:
        _accept(personas.city_a, a)
    client.force_login(personas.city_a)
    resp = client.get(reverse("campaigns:ledger", args=[c.pk]))
    assert resp.status_code == 200
    content = b"".join(resp.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == f"{c.name}任务台账" and rows[2][:2] == ["编号", "任务"]
    body = [r for r in rows[3:] if r[0] != ""]
    assert len(body) == 12 and {r[2] for r in body} == {"甲市委组织部"}  # the city's share only

    accepted = list(Assignment.objects.filter(campaign=c, org_unit=tree.city_a, status="accepted").order_by("pk"))
    issued = Assignment.objects.filter(campaign=c, org_unit=tree.city_a, status="issued").first()

    def upload(lines: list[tuple[Any, Any, Any]]) -> SimpleUploadedFile:
        import xlsxwriter

        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        ws = wb.add_worksheet()
        ws.write_row(2, 0, ["编号", "任务", "承办单位", "部署单位", "分管领导", "牵头科室", "责任人", "完成时限", "状态", "当前进度（%）",
                            "本次进度（%）", "进展情况"])
        for n, (pk, pct, text) in enumerate(lines, start=3):
            ws.write_row(n, 0, [pk, "", "", "", "", "", "", "", "", 0, pct, text])
        wb.close()
        return SimpleUploadedFile("台账.xlsx", buf.getvalue())

    bad = upload([(accepted[0].pk, 40, "推进"), (accepted[1].pk, 150, ""), (issued.pk, 10, "x"), (999999, 10, "x")])
    resp = client.post(reverse("campaigns:ledger_import", args=[c.pk]), {"file": bad})
    page = resp.content.decode()
    assert resp.status_code == 400 and "有 3 处错误，未导入任何数据" in page
    assert progress.MSG_PERCENT in page and progress.MSG_ISSUED in page and "编号不存在" in page
    assert not ProgressReport.objects.exists()
    good = upload([(accepted[0].pk, 40, "推进"), (accepted[1].pk, 100, "")])
    resp = client.post(reverse("campaigns:ledger_import", args=[c.pk]), {"file": good})
    assert resp.status_code == 303
    assert [x.progress for x in Assignment.objects.filter(pk__in=[a.pk for a in accepted]).order_by("pk")] == [40, 100]
    assert set(ProgressReport.objects.values_list("source", flat=True)) == {"ledger"}
    resp = client.post(reverse("campaigns:ledger_import", args=[c.pk]), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert resp.status_code == 400 and "请上传由本页下载的任务台账" in resp.content.decode()


def test_status_moves_forward_only_and_closed_takes_no_work(personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = Assignment.objects.filter(campaign=c, org_unit=tree.city_a).first()
    with pytest.raises(ValidationError):
        services.campaign_set_status(actor=personas.province, campaign=c, status="closed", expected_version=c.version)
    services.campaign_set_status(actor=personas.province, campaign=c, status="summary", expected_version=c.version)
    services.campaign_set_status(actor=personas.province, campaign=c, status="closed", expected_version=c.version)
    with pytest.raises(ValidationError) as exc:
        _accept(personas.city_a, a)
    assert exc.value.messages == [progress.MSG_INACTIVE]


def test_defaults_validate_office_and_person(personas: Any, tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.defaults_save(actor=personas.city_a, org_unit=tree.city_a, expected_version=0,
                               data={"lead_office": tree.county_a1_office, "responsible": personas.county_b1})
    assert set(exc.value.message_dict) == {"lead_office", "responsible"}
    d = services.defaults_save(actor=personas.city_a, org_unit=tree.city_a, expected_version=0, data={"leader": "王刚"})
    with pytest.raises(ConflictError):
        services.defaults_save(actor=personas.city_a, org_unit=tree.city_a, expected_version=d.version + 5, data={"leader": "李"})
    assert TaskDefaults.objects.get(org_unit=tree.city_a).leader == "王刚"


def test_sub_workdays_skips_the_national_day_holiday() -> None:
    assert sub_workdays(date(2026, 10, 8), 1) == date(2026, 9, 30)
    assert sub_workdays(date(2026, 10, 9), 2) == date(2026, 9, 30)


def test_reminders_escalate_once_per_deadline(personas: Any, tree: Any) -> None:
    from zugong.campaigns.reminders import send_assignment_reminders
    from zugong.core.calendar import add_workdays

    c = _deployed(personas, tree)
    today = date(2026, 11, 20)  # a Friday
    soon, late = Assignment.objects.filter(campaign=c, org_unit=tree.city_a).order_by("pk")[:2]
    Assignment.objects.filter(campaign=c).update(deadline=date(2026, 12, 31))
    Assignment.objects.filter(pk=soon.pk).update(deadline=add_workdays(today, 1), responsible=personas.city_a)
    Assignment.objects.filter(pk=late.pk).update(deadline=date(2026, 11, 18))
    r = send_assignment_reminders(today=today)
    assert (r.due_soon, r.overdue, r.reminders, r.overdue_notices, r.urgings) == (1, 1, 1, 1, 1)
    reminder = Notice.objects.get(kind=Notice.Kind.REMINDER)
    assert reminder.recipient == personas.city_a and "还有 1 个工作日到期" in reminder.title
    urge = Notice.objects.get(kind=Notice.Kind.URGE)
    assert urge.recipient == personas.province and "甲市委组织部逾期未完成" in urge.title
    again = send_assignment_reminders(today=today)
    assert (again.reminders, again.overdue_notices, again.urgings) == (0, 0, 0)
    Assignment.objects.filter(pk=late.pk).update(status="done")
    assert send_assignment_reminders(today=today).overdue == 0


def test_api_lists_accepts_and_reports_in_scope(client: Any, personas: Any, tree: Any) -> None:
    c = _deployed(personas, tree)
    a = Assignment.objects.filter(campaign=c, org_unit=tree.city_a).order_by("pk").first()
    client.force_login(personas.city_a)
    rows = client.get("/api/v1/assignments/", {"campaign": c.pk}).json()
    assert rows["count"] == 12 and {r["org_unit_name"] for r in rows["results"]} == {"甲市委组织部"}
    assert client.get("/api/v1/assignments/", {"status": "bogus"}).json()["error"]["fields"]["status"] == ["状态应为 issued、accepted 或 done"]
    assert client.get(f"/api/v1/campaigns/{c.pk}/").json()["status"] == "deployed"
    resp = client.put(f"/api/v1/assignments/{a.pk}/", {"leader": "王刚", "lead_office": tree.city_a_office.pk,
                                                       "deadline": a.deadline.isoformat(), "version": a.version},
                      content_type="application/json")
    assert resp.status_code == 200 and resp.json()["status"] == "accepted" and resp.json()["lead_office"] == tree.city_a_office.pk
    stale = client.put(f"/api/v1/assignments/{a.pk}/", {"deadline": a.deadline.isoformat(), "version": a.version},
                       content_type="application/json")
    assert stale.status_code == 409
    bad = client.post(f"/api/v1/assignments/{a.pk}/progress/", {"percent": 120, "text": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "percent" in bad.json()["error"]["fields"]
    ok = client.post(f"/api/v1/assignments/{a.pk}/progress/", {"percent": 35, "text": "推进中"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["progress"] == "35.0"
    assert ProgressReport.objects.get().source == "api"
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/assignments/{a.pk}/").status_code == 404
    assert client.post(f"/api/v1/assignments/{a.pk}/progress/", {"percent": 1, "text": "x"},
                       content_type="application/json").status_code == 404


def test_overview_page_query_count_does_not_grow_with_units(client: Any, personas: Any, tree: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    def page_queries(c: Campaign) -> int:
        client.force_login(personas.province)
        url = reverse("campaigns:detail", args=[c.pk])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def deploy_all() -> Campaign:
        c = _deployed(personas, tree)
        for city in fanout.receivers(c, tree.province):
            mine = list(Assignment.objects.filter(campaign=c, org_unit=city).select_related("task"))
            Assignment.objects.filter(pk__in=[a.pk for a in mine]).update(status="accepted")
            for a in mine:
                a.status = "accepted"
            if fanout.receivers(c, city):
                fanout.deploy_onward(actor=personas.province, unit=city, campaign=c, assignments=mine)
        Assignment.objects.filter(campaign=c, parent__isnull=False).update(deadline=timezone.localdate() - timedelta(days=1))
        return c

    small = deploy_all()
    before = page_queries(small)
    for i in range(8):
        city = orgunit_create(actor=SYSTEM, parent=tree.province, name=f"新{i}市委组织部", kind=OrgUnit.Kind.CITY)
        for j in range(3):
            orgunit_create(actor=SYSTEM, parent=city, name=f"新{i}-{j}县委组织部", kind=OrgUnit.Kind.COUNTY)
    large = deploy_all()
    assert Assignment.objects.filter(campaign=large).count() > 4 * Assignment.objects.filter(campaign=small).count()
    assert page_queries(large) == before <= 40, before
