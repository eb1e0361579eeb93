"""Pages of 岗位风险防控: registers with filters, export and query budget; edit conflicts and bad input; the review
page recording a finding into the ledger; the overdue and rotation lists; the catalogue picker; risk point import;
the API; the indicators with their per-child breakdown."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zugong.accounts.access import SYSTEM
from zugong.core.errors import CONFLICT_MESSAGE
from zugong.core.models import Job
from zugong.opinions.models import Measure
from zugong.risks import services
from zugong.risks.imports import RiskPointImport
from zugong.risks.models import AccountabilityNotice, Post, ReviewResult, RiskPoint, RiskReview

pytestmark = pytest.mark.django_db


def _xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return list(wb.active.iter_rows(values_only=True))


def test_post_list_filters_exports_and_keeps_its_query_budget(client: Any, personas: Any, make_post: Any, tree: Any,
                                                              django_assert_max_num_queries: Any) -> None:
    today = timezone.localdate()
    make_post("干部调配岗", next_review_on=today - timedelta(days=1))
    make_post("干部档案岗", codes=("DA-03",))
    make_post("乙县岗位", unit=tree.county_b1)
    client.force_login(personas.city_a)
    page = client.get("/risks/")
    assert page.status_code == 200 and "干部调配岗" in page.content.decode() and "乙县岗位" not in page.content.decode()
    assert page.context["paginator"].count == 2
    assert client.get("/risks/?overdue=1").context["paginator"].count == 1
    assert client.get("/risks/?high=0").context["paginator"].count == 1  # 干部档案岗 has only a 低 point
    rows = _xlsx_rows(client.get("/risks/?export=xlsx"))
    assert rows[0][:3] == ("单位", "科室", "岗位名称") and sorted(r[2] for r in rows[1:]) == ["干部档案岗", "干部调配岗"]
    for i in range(10):
        make_post(f"岗位{i}", codes=())
    with django_assert_max_num_queries(12):
        assert client.get("/risks/").status_code == 200
    client.force_login(personas.county_a1_readonly)
    assert client.get("/risks/?export=xlsx").status_code == 403  # export needs the export permission


def test_point_and_review_and_notice_lists(client: Any, personas: Any, make_post: Any, tree: Any) -> None:
    post = make_post()
    a, b = list(post.risk_points.all())
    services.review_record(actor=SYSTEM, post=post, reviewed_on=timezone.localdate(), reviewer="王", summary="",
                           results=[services.ResultInput(a.pk, "problem", "问题一"), services.ResultInput(b.pk, "normal")])
    services.notice_create(actor=SYSTEM, data={"org_unit": tree.county_a1, "date": timezone.localdate(), "subject": "某某",
                                               "cadre": None, "form": "criticism", "content": "通报批评某某", "risk_point": None})
    client.force_login(personas.province)
    assert client.get("/risks/points/?level=high").context["paginator"].count == 1
    assert client.get("/risks/points/?category=selection").context["paginator"].count == 2
    rows = _xlsx_rows(client.get("/risks/points/?export=xlsx"))
    assert rows[0][3] == "风险点" and {r[5] for r in rows[1:]} == {"高", "中"}
    assert client.get("/risks/reviews/?found=1").context["paginator"].count == 1
    assert client.get("/risks/reviews/?found=0").context["paginator"].count == 0
    assert client.get("/risks/notices/?form=criticism").context["paginator"].count == 1
    assert _xlsx_rows(client.get("/risks/notices/?export=xlsx"))[1][2] == "某某"
    client.force_login(personas.county_b1)
    assert client.get("/risks/notices/").context["paginator"].count == 0


def test_post_edit_with_a_stale_version_conflicts_and_bad_input_writes_nothing(client: Any, personas: Any, make_post: Any,
                                                                               tree: Any) -> None:
    post = make_post()
    client.force_login(personas.city_a)
    form = {"org_unit": tree.county_a1.pk, "office": tree.county_a1_office.pk, "name": "干部调配岗", "review_interval": 3,
            "next_review_on": "", "duties": "调配", "version": 1}
    assert client.post(f"/risks/posts/{post.pk}/edit/", form).status_code == 303
    stale = client.post(f"/risks/posts/{post.pk}/edit/", {**form, "name": "改名"})
    assert stale.status_code == 409 and CONFLICT_MESSAGE in stale.content.decode()
    bad = client.post(f"/risks/posts/{post.pk}/edit/", {**form, "version": 2, "review_interval": 99})
    assert bad.status_code == 400
    post.refresh_from_db()
    assert (post.name, post.review_interval, post.version) == ("干部调配岗", 3, 2)
    add = client.post("/risks/posts/add/", {"org_unit": tree.county_a1.pk, "office": tree.county_a2.pk, "name": "新岗",
                                            "review_interval": 6})
    assert add.status_code == 400 and Post.objects.count() == 1
    # a unit outside the user's scope is not even a choice
    assert client.post("/risks/posts/add/", {"org_unit": tree.county_b1.pk, "name": "越权", "review_interval": 6}).status_code == 400


def test_review_page_records_a_finding_into_the_ledger(client: Any, personas: Any, make_post: Any, tree: Any) -> None:
    today = timezone.localdate()
    post = make_post(next_review_on=today - timedelta(days=5))
    a, b = list(post.risk_points.all())
    client.force_login(personas.county_a1_clerk)
    page = client.get(f"/risks/posts/{post.pk}/review/")
    assert page.status_code == 200 and "列入整改台帐" in page.content.decode()
    data = {"reviewed_on": today.isoformat(), "reviewer": "王股长", "summary": "", "deadline": (today + timedelta(days=15)).isoformat(),
            f"result_{a.pk}": "problem", f"finding_{a.pk}": "", f"ledger_{a.pk}": "on", f"result_{b.pk}": "normal"}
    refused = client.post(f"/risks/posts/{post.pk}/review/", data)
    assert refused.status_code == 400 and services.MSG_FINDING.format(point=str(a)) in refused.content.decode()
    assert RiskReview.objects.count() == 0
    done = client.post(f"/risks/posts/{post.pk}/review/", {**data, f"finding_{a.pk}": "提名未经集体研究"}, follow=True)
    assert "1 个问题已列入整改台帐" in done.content.decode()
    measure = Measure.objects.get()
    assert measure.org_unit == tree.county_a1 and "提名未经集体研究" in measure.content
    detail = done.content.decode()
    assert f'data-measure="{measure.pk}"' in detail and "未启动" in detail
    post.refresh_from_db()
    assert post.next_review_on > today
    # the ledger's measure page shows it to the city above
    client.force_login(personas.city_a)
    assert "提名未经集体研究" in client.get(f"/opinions/measures/{measure.pk}/").content.decode()


def test_finding_put_into_the_ledger_later_from_the_review_page(client: Any, personas: Any, make_post: Any) -> None:
    post = make_post(codes=("JD-01",))
    point = post.risk_points.get()
    review = services.review_record(actor=SYSTEM, post=post, reviewed_on=timezone.localdate(), reviewer="王", summary="",
                                    results=[services.ResultInput(point.pk, "problem", "举报件未反馈")])
    result = review.results.get()
    client.force_login(personas.city_a)
    assert 'data-ledger-form' in client.get(f"/risks/reviews/{review.pk}/").content.decode()
    missing = client.post(f"/risks/findings/{result.pk}/ledger/", {"deadline": ""}, follow=True)
    assert services.MSG_DEADLINE in missing.content.decode() and result.measure is None
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    ok = client.post(f"/risks/findings/{result.pk}/ledger/", {"deadline": deadline, "responsible": "李"}, follow=True)
    assert "已列入整改台帐" in ok.content.decode()
    result.refresh_from_db()
    assert result.measure is not None and result.measure.responsible == "李"
    client.force_login(personas.county_a1_readonly)
    assert client.post(f"/risks/findings/{result.pk}/ledger/", {"deadline": deadline}).status_code == 403


def test_overdue_page_lists_posts_by_office(client: Any, personas: Any, make_post: Any, tree: Any) -> None:
    today = timezone.localdate()
    late = make_post(next_review_on=today - timedelta(days=12))
    make_post("干部考察岗")
    client.force_login(personas.province)
    page = client.get("/risks/overdue/").content.decode()
    assert f'data-overdue-post="{late.pk}"' in page and "干部股" in page and "12 天" in page and "干部考察岗" not in page
    assert client.get(f"/risks/overdue/?org={tree.city_b.pk}").context["page_obj"].paginator.count == 0
    client.force_login(personas.county_b1)
    assert f'data-overdue-post="{late.pk}"' not in client.get("/risks/overdue/").content.decode()


def test_rotation_page_links_cadre_and_post(client: Any, personas: Any, make_post: Any, tree: Any, make_cadre: Any) -> None:
    today = timezone.localdate()
    post = make_post(codes=("XB-01",))
    cadre = make_cadre(tree.county_a1, name="老岗位")
    h = services.holding_add(actor=SYSTEM, post=post, cadre=cadre, since=today.replace(year=today.year - 8))
    client.force_login(personas.city_a)
    page = client.get("/risks/rotation/").content.decode()
    assert f'data-rotation="{h.pk}"' in page and f"/people/cadres/{cadre.pk}/" in page and f"/risks/posts/{post.pk}/" in page
    assert "8 年" in page
    assert "到期应轮岗" in client.get(f"/risks/posts/{post.pk}/").content.decode()


def test_catalogue_picker_adds_points_and_holder_forms(client: Any, personas: Any, make_post: Any, tree: Any, make_cadre: Any) -> None:
    post = make_post(codes=())
    client.force_login(personas.city_a)
    assert "XB-01" in client.get("/risks/catalogue/").content.decode()
    assert client.post(f"/risks/posts/{post.pk}/catalogue/", {}).status_code == 400
    r = client.post(f"/risks/posts/{post.pk}/catalogue/", {"codes": ["XB-01", "DA-01"], "responsible": "王"})
    assert r.status_code == 303 and post.risk_points.count() == 2
    assert "已添加" in client.get(f"/risks/posts/{post.pk}/catalogue/").content.decode()
    cadre = make_cadre(tree.county_a1, name="在岗人")
    client.post(f"/risks/posts/{post.pk}/holders/", {"cadre": cadre.pk, "since": "2024-01-01"})
    h = post.holdings.get()
    assert h.cadre == cadre and h.until is None
    client.post(f"/risks/holdings/{h.pk}/end/", {"until": timezone.localdate().isoformat()})
    h.refresh_from_db()
    assert h.until == timezone.localdate()


def test_point_edit_conflict_and_notice_pages(client: Any, personas: Any, make_post: Any, tree: Any) -> None:
    post = make_post()
    point = post.risk_points.first()
    assert point is not None
    client.force_login(personas.city_a)
    data = {"description": "改写的风险点", "category": "selection", "level": "low", "measures": "", "responsible": "", "version": 1}
    assert client.post(f"/risks/points/{point.pk}/edit/", data).status_code == 303
    stale = client.post(f"/risks/points/{point.pk}/edit/", {**data, "level": "high"})
    assert stale.status_code == 409 and CONFLICT_MESSAGE in stale.content.decode()
    assert RiskPoint.objects.get(pk=point.pk).level == "low"
    add = client.post("/risks/notices/add/", {"org_unit": tree.county_a1.pk, "date": timezone.localdate().isoformat(),
                                              "subject": "甲一县委组织部", "form": "criticism", "content": "通报", "risk_point": point.pk})
    assert add.status_code == 303
    n = AccountabilityNotice.objects.get()
    assert "改写的风险点" in client.get(f"/risks/notices/{n.pk}/").content.decode()
    assert client.post("/risks/notices/add/", {"org_unit": tree.county_a1.pk, "date": "", "form": "", "content": ""}).status_code == 400
    assert client.post(f"/risks/notices/{n.pk}/delete/").status_code == 303 and AccountabilityNotice.objects.count() == 0
    assert client.post(f"/risks/points/{point.pk}/delete/").status_code == 303 and not RiskPoint.objects.filter(pk=point.pk).exists()


HEADERS = [c.header + ("*" if c.required else "") for c in RiskPointImport.columns]


def _xlsx(rows: list[list[str]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "points.xlsx"
    return buf


def test_risk_point_import_is_all_or_nothing_and_idempotent(client: Any, personas: Any, make_post: Any) -> None:
    post = make_post(codes=())
    client.force_login(personas.city_a)
    template = client.get("/risks/points/import/template/")
    wb = load_workbook(BytesIO(b"".join(template.streaming_content)))
    assert [c.value for c in wb.worksheets[0][1]][:4] == ["单位*", "科室", "岗位名称*", "风险点*"]
    good = ["甲一县委组织部", "干部股", "干部调配岗", "调配环节超职数配备", "干部选拔任用", "高", "职数预审", "王"]
    bad = ["甲一县委组织部", "干部股", "不存在的岗", "某风险", "干部档案", "特高", "", ""]
    r = client.post("/risks/points/import/", {"file": _xlsx([good, bad])})
    job = Job.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.INVALID and RiskPoint.objects.count() == 0
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert (3, "岗位名称") in errors or (3, "风险等级") in errors
    r = client.post("/risks/points/import/", {"file": _xlsx([good])})
    job = Job.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.VALIDATED and job.result["to_create"] == 1
    client.post(f"/jobs/{job.pk}/confirm/")
    p = RiskPoint.objects.get()
    assert (p.post, p.level, p.responsible) == (post, "high", "王")
    again = [*good[:5], "中", "职数预审和双签", "李"]
    r = client.post("/risks/points/import/", {"file": _xlsx([again])})
    job = Job.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert job.result["to_update"] == 1
    client.post(f"/jobs/{job.pk}/confirm/")
    p.refresh_from_db()
    assert RiskPoint.objects.count() == 1 and (p.level, p.responsible, p.version) == ("medium", "李", 2)


def test_api_is_scoped_and_read_only(client: Any, personas: Any, make_post: Any, tree: Any) -> None:
    post = make_post()
    point = post.risk_points.first()
    assert point is not None
    review = services.review_record(actor=SYSTEM, post=post, reviewed_on=timezone.localdate(), reviewer="王", summary="",
                                    results=[services.ResultInput(p.pk, "normal") for p in post.risk_points.all()])
    client.force_login(personas.city_a)
    data = client.get("/api/v1/risk-posts/").json()
    assert data["count"] == 1 and data["results"][0]["name"] == "干部调配岗" and data["results"][0]["office_name"] == "干部股"
    assert client.get("/api/v1/risk-points/?level=high").json()["count"] == 1
    rv = client.get(f"/api/v1/risk-reviews/{review.pk}/").json()
    assert len(rv["results"]) == 2 and {r["result"] for r in rv["results"]} == {ReviewResult.Result.NORMAL}
    assert client.get("/api/v1/risk-notices/").json()["count"] == 0
    assert client.post("/api/v1/risk-posts/", {}).status_code == 405
    client.force_login(personas.county_b1)
    assert client.get("/api/v1/risk-posts/").json()["count"] == 0
    assert client.get(f"/api/v1/risk-posts/{post.pk}/").status_code == 404
    client.force_login(personas.nogrant)
    assert client.get("/api/v1/risk-points/").status_code == 403


def test_indicators_count_and_break_down_by_child(personas: Any, make_post: Any, tree: Any, make_cadre: Any, client: Any) -> None:
    from zugong.stats import engine
    from zugong.stats.registry import get

    today = timezone.localdate()
    a1 = make_post(next_review_on=today - timedelta(days=1))  # XB-01 高, XB-04 中
    a2 = make_post("岗位二", unit=tree.county_a2, codes=("DA-01", "JG-03"))
    b1 = make_post("岗位三", unit=tree.county_b1, codes=("RC-02",))
    for post, problem in ((a1, True), (a2, False), (b1, False)):
        pts = list(post.risk_points.all())
        services.review_record(actor=SYSTEM, post=post, reviewed_on=today, reviewer="王", summary="", results=[
            services.ResultInput(p.pk, "problem" if problem and i == 0 else "normal", "问题" if problem and i == 0 else "")
            for i, p in enumerate(pts)])
    a1.refresh_from_db()
    Post.objects.filter(pk=a2.pk).update(next_review_on=today - timedelta(days=2))  # overdue again
    long_ago = today.replace(year=today.year - 6)
    services.holding_add(actor=SYSTEM, post=a1, cadre=make_cadre(tree.county_a1, name="甲一人"), since=long_ago)
    services.holding_add(actor=SYSTEM, post=a2, cadre=make_cadre(tree.county_a2, name="甲二人"), since=long_ago)
    services.holding_add(actor=SYSTEM, post=b1, cadre=make_cadre(tree.county_b1, name="乙一人"), since=long_ago)  # RC-02 is 中
    services.notice_create(actor=SYSTEM, data={"org_unit": tree.county_b1, "date": today, "subject": "某", "cadre": None,
                                               "form": "talk", "content": "提醒谈话", "risk_point": None})
    user, p = personas.province, tree.province
    expected = {"risks.posts": 3, "risks.risk_points": 5, "risks.high_risk_points": 2, "risks.reviews": 3, "risks.reviews_overdue": 1,
                "risks.findings": 1, "risks.notices": 1, "risks.rotation_due": 2}
    assert {code: engine.value(get(code), user, p) for code in expected} == expected
    by_city = {r.name: r.value for r in engine.breakdown(get("risks.posts"), user, p).children}
    assert by_city == {"甲市委组织部": 2, "乙市委组织部": 1}
    rotation = {r.name: r.value for r in engine.breakdown(get("risks.rotation_due"), user, tree.city_a).children}
    assert rotation == {"甲一县委组织部": 1, "甲二县委组织部": 1}
    assert engine.value(get("risks.rotation_due"), personas.county_b1, tree.county_b1) == 0
    # the provenance list behind a figure
    client.force_login(user)
    page = client.get(f"/stats/records/?indicator=risks.rotation_due&org={p.pk}").content.decode()
    assert "甲一人（" in page and "甲二人（" in page and "乙一人（" not in page
    page = client.get(f"/stats/records/?indicator=risks.findings&org={p.pk}").content.decode()
    assert "发现问题：问题" in page
