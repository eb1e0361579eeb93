"""Pages and API of 项目化管理: the register (filters, xlsx export, query count), add/edit with bad input and a stale
version, the claim path through pages (menu, apply, inbox, decide with a stale page), the bulletin page and its
draft, the award pages, and the API (scoped, claim endpoint)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zugong.projects import services
from zugong.projects.models import AwardRound, Claim, Project
from zugong.projects.tests.conftest import project_data

pytestmark = pytest.mark.django_db


def test_list_filters_export_and_query_count(client: Any, personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    for unit in (tree.county_a1, tree.county_a2, tree.county_b1):
        claim(unit, menu_project, approve=True)
    Project.objects.filter(org_unit=tree.county_b1).update(deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(personas.province)
    url = reverse("projects:list")
    with CaptureQueriesContext(connection) as q:
        r = client.get(url)
    assert r.status_code == 200 and r.context["paginator"].count == 4
    few = len(q.captured_queries)
    for _ in range(10):
        claim(tree.city_a, services.project_create(actor=personas.province, org_unit=tree.province, data=project_data(title="又一个")),
              approve=True)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).context["paginator"].count == 24
    assert len(q.captured_queries) == few  # no query per row
    assert client.get(url, {"kind": "claimed", "org": tree.city_a.pk}).context["paginator"].count == 12
    r = client.get(url, {"overdue": "1"})
    assert [p.org_unit for p in r.context["page_obj"]] == [tree.county_b1]
    assert "逾期" in r.content.decode()
    assert client.get(url, {"kind": "menu"}).context["paginator"].count == 11
    r = client.get(url, {"overdue": "1", "export": "xlsx"})
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][:3] == ("项目名称", "责任单位", "所属工程") and len(rows) == 2 and rows[1][1] == "乙一县委组织部"
    # a sibling sees only its own
    client.force_login(personas.county_b1)
    assert client.get(url).context["paginator"].count == 1 + 11  # its project, and the province's menu


def test_add_and_edit_pages(client: Any, personas: Any, tree: Any, menu_project: Project) -> None:
    client.force_login(personas.province)
    url = reverse("projects:add")
    assert client.get(url).status_code == 200
    n = Project.objects.count()
    r = client.post(url, {"org_unit": tree.province.pk, "title": "", "deadline": "2026-13-01", "status": "active", "progress": "120"})
    assert r.status_code == 400 and Project.objects.count() == n
    body = r.content.decode()
    assert "请填写名称" in body and "请输入正确的日期" in body and "不能大于100" in body
    r = client.post(url, {"org_unit": tree.province.pk, "title": "年轻干部常态化发现储备", "deadline": "2026-12-31", "status": "active",
                          "progress": "0", "claimable": "on", "claim_until": ""})
    assert r.status_code == 400 and "开放认领时请填写认领截止日期" in r.content.decode()
    r = client.post(url, {"org_unit": tree.province.pk, "title": "年轻干部常态化发现储备", "deadline": "2026-12-31", "status": "active",
                          "progress": "0", "responsible_name": "干部二处"})
    p = Project.objects.get(title="年轻干部常态化发现储备")
    assert r.status_code == 303 and r["Location"] == p.get_absolute_url() and p.responsible_display == "干部二处"
    edit = reverse("projects:edit", args=[p.pk])
    form = {"org_unit": tree.province.pk, "title": "改过的名称", "deadline": "2026-12-31", "status": "active", "progress": "10", "version": "1"}
    assert client.post(edit, form).status_code == 303
    r = client.post(edit, {**form, "title": "又改", "version": "1"})
    assert r.status_code == 409 and "该记录已被他人修改" in r.content.decode()
    assert Project.objects.get(pk=p.pk).title == "改过的名称"
    client.force_login(personas.county_a1_readonly)
    assert client.get(edit).status_code == 404  # a superior's own project (not on its menu)
    assert client.get(reverse("projects:edit", args=[menu_project.pk])).status_code == 403


def test_claim_through_the_pages(client: Any, personas: Any, tree: Any, menu_project: Project) -> None:
    client.force_login(personas.county_a1_clerk)
    r = client.get(reverse("projects:menu"))
    assert r.status_code == 200 and menu_project.title in r.content.decode()
    apply = reverse("projects:claim_apply", args=[menu_project.pk])
    assert client.get(apply).status_code == 200
    r = client.post(apply, {"org_unit": tree.county_a1.pk, "targets": "", "deadline": "2026-12-31"})
    assert r.status_code == 400 and "请填写本地目标任务" in r.content.decode() and not Claim.objects.exists()
    r = client.post(apply, {"org_unit": tree.county_b1.pk, "targets": "目标", "deadline": "2026-12-31"})
    assert r.status_code == 400 and not Claim.objects.exists()  # not one of the clerk's units
    r = client.post(apply, {"org_unit": tree.county_a1.pk, "targets": "全县推开", "deadline": "2026-12-31", "leader": "副部长"})
    c = Claim.objects.get()
    assert r.status_code == 303 and r["Location"] == c.get_absolute_url()
    r = client.post(apply, {"org_unit": tree.county_a1.pk, "targets": "再来一次", "deadline": "2026-12-31"})
    assert r.status_code == 400 and services.MSG_TWICE in r.content.decode()
    r = client.get(reverse("projects:claims"))
    assert c.get_absolute_url() in r.content.decode()
    assert client.post(reverse("projects:claim_decide", args=[c.pk]), {"decision": "approve", "version": "1"}).status_code == 403

    client.force_login(personas.province)
    r = client.get(reverse("projects:inbox"))
    assert list(r.context["page_obj"]) == [c]
    decide = reverse("projects:claim_decide", args=[c.pk])
    r = client.post(decide, {"decision": "decline", "reason": "", "version": "1"}, follow=True)
    assert services.MSG_REASON in r.content.decode()
    r = client.post(decide, {"decision": "approve", "version": "1"}, follow=True)
    assert "已同意甲一县委组织部认领" in r.content.decode()
    r = client.post(decide, {"decision": "approve", "version": "1"}, follow=True)
    assert "该记录已被他人修改" in r.content.decode()
    c.refresh_from_db()
    assert c.status == Claim.Status.APPROVED and c.project.org_unit == tree.county_a1

    client.force_login(personas.county_a1_clerk)
    p = c.project
    r = client.post(reverse("projects:report", args=[p.pk]), {"month": timezone.localdate().strftime("%Y-%m"), "percent": "35", "text": "开展试点"},
                    follow=True)
    assert "已报告本月进展" in r.content.decode()
    p.refresh_from_db()
    assert p.progress == 35
    r = client.post(reverse("projects:report", args=[p.pk]), {"month": "", "percent": "35", "text": "x"}, follow=True)
    assert services.MSG_MONTH in r.content.decode()


def test_bulletin_page_and_draft(client: Any, personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    p = claim(tree.county_a1, menu_project, approve=True).project
    services.report_save(actor=personas.province, project=p, month=timezone.localdate(), percent=45, text="推进顺利")
    client.force_login(personas.province)
    r = client.get(reverse("projects:bulletin"))
    body = r.content.decode()
    assert r.status_code == 200 and p.get_absolute_url() in body and "45%" in body and "推进顺利" in body
    r = client.post(reverse("projects:bulletin_draft"), {"org": tree.province.pk, "month": timezone.localdate().strftime("%Y-%m")})
    from zugong.stats.models import Briefing

    b = Briefing.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("stats:briefing_detail", args=[b.pk])
    r = client.get(r["Location"])
    assert r.status_code == 200 and "甲一县委组织部" in r.content.decode()
    r = client.get(reverse("projects:bulletin"))
    assert reverse("stats:briefing_detail", args=[b.pk]) in r.content.decode()
    client.force_login(personas.county_a1_readonly)
    assert client.post(reverse("projects:bulletin_draft"), {"month": "2026-01"}).status_code == 403


def test_award_pages(client: Any, personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    p = claim(tree.county_a1, menu_project, approve=True).project
    client.force_login(personas.province)
    r = client.post(reverse("projects:award_add"), {"org_unit": tree.province.pk, "title": "创新范例奖", "year": "2026"})
    rd = AwardRound.objects.get()
    assert r.status_code == 303
    assert client.get(rd.get_absolute_url()).status_code == 200
    client.post(reverse("projects:award_nominate", args=[rd.pk]), {"project": p.pk, "reason": "成效明显"})
    client.post(reverse("projects:award_advance", args=[rd.pk]), {"version": "1"})
    e = rd.entries.get()
    r = client.post(reverse("projects:award_review", args=[e.pk]), {"score": "abc", "version": "1"}, follow=True)
    assert services.MSG_SCORE in r.content.decode()
    client.post(reverse("projects:award_review", args=[e.pk]), {"score": "92.5", "comment": "好", "version": "1"})
    r = client.post(reverse("projects:award_award", args=[rd.pk]), {"version": "2", f"level_{e.pk}": "first"}, follow=True)
    assert "已评定奖项" in r.content.decode()
    client.force_login(personas.county_a1_readonly)
    r = client.get(reverse("projects:awarded"))
    assert p.title in r.content.decode() and "一等奖" in r.content.decode()


def test_api(client: Any, personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    a1 = claim(tree.county_a1, menu_project, approve=True).project
    client.force_login(personas.county_b1)
    r = client.get("/api/v1/projects/")
    assert r.status_code == 200 and [x["id"] for x in r.json()["results"]] == [menu_project.pk]
    assert client.get(f"/api/v1/projects/{a1.pk}/").status_code == 404
    url = f"/api/v1/projects/{menu_project.pk}/claim/"
    r = client.post(url, {"org_unit": tree.county_b1.pk, "targets": "本县目标", "deadline": "2026-12-31"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "pending"
    r = client.post(url, {"org_unit": tree.county_b1.pk, "targets": "再来", "deadline": "2026-12-31"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["message"] == services.MSG_TWICE
    r = client.get("/api/v1/project-claims/")
    assert [x["org_unit"] for x in r.json()["results"]] == [tree.county_b1.pk]
    client.force_login(personas.province)
    r = client.get("/api/v1/projects/", {"kind": "claimed"})
    assert [x["id"] for x in r.json()["results"]] == [a1.pk] and r.json()["results"][0]["milestones"][0]["title"] == "制定实施方案"
    assert len(client.get("/api/v1/project-claims/").json()["results"]) == 2
