"""Supervision groups (a member sees exactly the group's units' campaign data), inspections whose
findings become rectification items, work reports, and the campaign indicators."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import forget
from zugong.campaigns import fanout, progress, services, supervision
from zugong.campaigns.models import Assignment, Campaign, Finding, Inspection, WorkReport
from zugong.conftest import make_user
from zugong.core.errors import ValidationError
from zugong.notices.models import Notice
from zugong.stats.engine import Period, value
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def running(personas: Any, tree: Any) -> Campaign:
    start = timezone.localdate() - timedelta(days=30)
    c = services.campaign_from_template(actor=personas.province, org_unit=tree.province, code="sanjiang", start_date=start)
    fanout.campaign_deploy(actor=personas.province, campaign=c, expected_version=c.version)
    for a in Assignment.objects.filter(campaign=c, org_unit=tree.city_a).select_related("task"):
        progress.assignment_save(actor=personas.city_a, assignment=a, co_offices=[], expected_version=a.version,
                                 data={"leader": "", "lead_office": None, "responsible": None, "deadline": a.deadline, "content": ""})
    fanout.deploy_onward(actor=personas.city_a, unit=tree.city_a, campaign=c,
                         assignments=list(Assignment.objects.filter(campaign=c, org_unit=tree.city_a).select_related("task")))
    c.refresh_from_db()
    return c


def test_member_sees_exactly_the_groups_units(client: Any, personas: Any, tree: Any, running: Campaign) -> None:
    sup = make_user("supervisor")  # an account with no role grant at all
    group = supervision.group_save(actor=personas.province, campaign=running, name="第一督导组", leader="王刚",
                                   units=[tree.city_a], members=[sup])
    grants = supervision.grants_for(sup)
    assert [(g.org_name, g.permissions) for g in grants] == [("甲市委组织部", supervision.SUPERVISOR_PERMS)]
    a1 = Assignment.objects.filter(campaign=running, org_unit=tree.county_a1).first()
    b = Assignment.objects.filter(campaign=running, org_unit=tree.city_b).first()
    client.force_login(sup)
    assert client.get(reverse("campaigns:detail", args=[running.pk])).status_code == 200
    assert client.get(reverse("campaigns:assignment", args=[a1.pk])).status_code == 200  # the city's subtree
    assert client.get(reverse("campaigns:assignment", args=[b.pk])).status_code == 404  # another city
    assert client.get(reverse("campaigns:group", args=[group.pk])).status_code == 200
    assert client.get(reverse("people:cadre_list")).status_code == 403  # nothing but campaign data
    assert client.get(reverse("stats:dashboard")).status_code == 403
    assert client.post(reverse("campaigns:assignment_report", args=[a1.pk]), {"text": "x"}).status_code == 403
    page = client.get(reverse("campaigns:supervision")).content.decode()
    assert "第一督导组" in page and "甲市委组织部" in page
    # the campaign closes: the access goes with it
    services.campaign_set_status(actor=personas.province, campaign=running, status="summary", expected_version=running.version)
    services.campaign_set_status(actor=personas.province, campaign=running, status="closed", expected_version=running.version)
    forget(sup)
    assert supervision.grants_for(sup) == []
    assert client.get(reverse("campaigns:assignment", args=[a1.pk])).status_code == 403


def test_group_validation(personas: Any, tree: Any, running: Campaign) -> None:
    with pytest.raises(ValidationError) as exc:
        supervision.group_save(actor=personas.province, campaign=running, name=" ", leader="", units=[tree.province_office],
                               members=[personas.sysadmin])
    assert exc.value.message_dict == {"name": ["请填写督导组名称"], "units": [supervision.MSG_UNIT], "members": ["成员应为启用的业务账号"]}


def test_inspection_with_findings_becomes_rectification_items(client: Any, personas: Any, tree: Any, running: Campaign) -> None:
    sup = make_user("supervisor")
    group = supervision.group_save(actor=personas.province, campaign=running, name="第一督导组", leader="", units=[tree.city_a],
                                   members=[sup])
    client.force_login(sup)
    today = timezone.localdate()
    resp = client.post(reverse("campaigns:inspection_plan", args=[group.pk]), {"org_unit": tree.city_b.pk, "planned_date": today})
    assert resp.status_code == 400 and "不在本督导组的督导范围内" in resp.content.decode()
    resp = client.post(reverse("campaigns:inspection_plan", args=[group.pk]), {"org_unit": tree.city_a.pk, "planned_date": today})
    i = Inspection.objects.get()
    assert resp.status_code == 303 and i.status == "planned" and i.created_by == sup
    assert Notice.objects.filter(recipient=personas.city_a, dedupe_key=f"campaigns.inspection:{i.pk}:planned").exists()
    url = reverse("campaigns:inspection", args=[i.pk])
    resp = client.post(url, {"date": today, "summary": "听取了汇报", "version": i.version})
    assert resp.status_code == 400 and "请选择督导方式" in resp.content.decode()
    resp = client.post(url, {"date": today, "methods": ["听取汇报"], "summary": "听取了汇报", "version": i.version,
                             "f_content": ["台账不全"], "f_suggestion": [""], "f_deadline": ["2020-01-01"]})
    assert resp.status_code == 400 and "第1个问题：整改时限不能早于督导日期" in resp.content.decode()
    assert Finding.objects.count() == 0
    deadline = today + timedelta(days=20)
    resp = client.post(url, {"date": today, "methods": ["听取汇报", "查阅资料"], "summary": "听取了汇报，查阅了台账", "version": i.version,
                             "f_content": ["任务台账更新不及时", "", "部分县未细化任务"], "f_suggestion": ["每月更新", "", "限期细化"],
                             "f_deadline": [deadline.isoformat(), "", deadline.isoformat()]})
    assert resp.status_code == 303
    i.refresh_from_db()
    assert i.status == "done" and i.methods == ["听取汇报", "查阅资料"]
    findings = list(Finding.objects.order_by("id"))
    assert [(f.content, f.org_unit, f.status) for f in findings] == [("任务台账更新不及时", tree.city_a, "open"),
                                                                     ("部分县未细化任务", tree.city_a, "open")]
    assert Notice.objects.filter(recipient=personas.city_a, dedupe_key=f"campaigns.inspection:{i.pk}:findings").exists()
    # each finding starts a measure in the rectification ledger, for the inspected unit, by the finding's deadline
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zugong.opinions import measures
    from zugong.opinions.models import Measure

    m = Measure.objects.get(finding=findings[0])
    assert (m.org_unit, m.deadline, m.content, m.status) == (tree.city_a, deadline, "每月更新", "planned")
    page = client.get(reverse("campaigns:finding", args=[findings[0].pk])).content.decode()
    assert f'data-measure="{m.pk}"' in page
    # the inspected unit reports it done with evidence; its superior (the province) closes it; the finding follows
    m = measures.measure_complete(actor=personas.city_a, measure=m, text="已建立月更新制度", expected_version=m.version,
                                  uploads=[SimpleUploadedFile("制度.pdf", PDF)])
    findings[0].refresh_from_db()
    assert findings[0].status == "rectifying"
    with pytest.raises(PermissionDenied):
        measures.measure_accept(actor=personas.city_a, measure=m, expected_version=m.version)
    measures.measure_accept(actor=personas.province, measure=m, expected_version=m.version)
    findings[0].refresh_from_db()
    assert findings[0].status == "done" and findings[0].closed_on == today
    client.force_login(personas.county_b1)
    assert client.get(reverse("campaigns:finding", args=[findings[1].pk])).status_code == 404
    page = client.get(reverse("campaigns:findings")).content.decode()
    assert "部分县未细化任务" not in page


def test_work_reports_and_indicators(client: Any, personas: Any, tree: Any, running: Campaign) -> None:
    client.force_login(personas.county_a1_clerk)
    resp = client.post(reverse("campaigns:workreport_add"), {"kind": "half", "title": "", "date": "2099-01-01", "content": ""})
    assert resp.status_code == 400 and "请填写标题" in resp.content.decode()
    resp = client.post(reverse("campaigns:workreport_add"), {
        "kind": "half", "title": "上半年述职", "date": timezone.localdate().isoformat(), "content": "上半年工作",
        "attachments": [SimpleUploadedFile("述职报告.pdf", PDF)]})
    assert resp.status_code == 303
    w = WorkReport.objects.get()
    assert (w.org_unit, w.year, w.files.get().name) == (tree.county_a1, timezone.localdate().year, "述职报告.pdf")
    resp = client.post(reverse("campaigns:workreport_add"), {
        "kind": "record", "title": "实绩写实", "date": timezone.localdate().isoformat(), "content": "x",
        "attachments": [SimpleUploadedFile("a.exe", b"MZ")]})
    assert resp.status_code == 400 and "只能上传" in resp.content.decode() and WorkReport.objects.count() == 1

    year = Period(timezone.localdate().replace(month=1, day=1), timezone.localdate())
    a = Assignment.objects.filter(campaign=running, org_unit=tree.county_a1).first()
    progress.assignment_save(actor=personas.county_a1_clerk, assignment=a, co_offices=[], expected_version=a.version,
                             data={"leader": "", "lead_office": None, "responsible": None, "deadline": a.deadline, "content": ""})
    progress.report_add(actor=personas.county_a1_clerk, assignment=a, day=timezone.localdate(), percent=Decimal(100), text="完成")
    Assignment.objects.filter(campaign=running, org_unit=tree.city_b).update(deadline=timezone.localdate() - timedelta(days=1))
    figures = {code: value(get(code), personas.province, tree.province, year) for code in (
        "campaigns.assignments", "campaigns.assignments_done", "campaigns.done_on_time", "campaigns.on_time_rate",
        "campaigns.overdue", "campaigns.progress_reports", "campaigns.work_reports", "campaigns.campaigns")}
    assert figures == {"campaigns.assignments": 24 + 24, "campaigns.assignments_done": 1, "campaigns.done_on_time": 1,
                       "campaigns.on_time_rate": Decimal("100.0"), "campaigns.overdue": 12, "campaigns.progress_reports": 1,
                       "campaigns.work_reports": 1, "campaigns.campaigns": 1}
    assert value(get("campaigns.assignments"), personas.county_b1, tree.county_b1, year) == 0


def test_the_inspected_unit_cannot_inspect_itself(client: Any, personas: Any, tree: Any, running: Campaign) -> None:
    group = supervision.group_save(actor=personas.province, campaign=running, name="第一督导组", leader="", units=[tree.city_a],
                                   members=[])
    assert supervision.may_inspect(personas.province, group, tree.city_a)  # the issuing unit's staff
    assert not supervision.may_inspect(personas.city_a, group, tree.city_a)  # holds add_inspection there, but is the one inspected
    client.force_login(personas.city_a)
    resp = client.post(reverse("campaigns:inspection_plan", args=[group.pk]), {"org_unit": tree.city_a.pk,
                                                                               "planned_date": timezone.localdate()})
    assert resp.status_code == 403 and not Inspection.objects.exists()
    i = supervision.inspection_plan(actor=personas.province, group=group, unit=tree.city_a, planned_date=timezone.localdate())
    resp = client.post(reverse("campaigns:inspection", args=[i.pk]), {"date": timezone.localdate(), "methods": ["听取汇报"],
                                                                     "summary": "自查", "version": i.version})
    assert resp.status_code == 403
    i.refresh_from_db()
    assert i.status == "planned"
