"""查摆问题 and the rectification ledger: clustering with suggestions, the measure's life (plan in working days,
report, complete with evidence, accept or return by the superior only, reopen on a later complaint), per-unit
counts from one query, the official-layout xlsx round trip (all or nothing) and the indicators."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from zugong.conftest import make_user
from zugong.core.calendar import add_workdays
from zugong.core.errors import ConflictError, ValidationError
from zugong.opinions import entry, ledger, measures, problems
from zugong.opinions.models import Measure, Opinion, OpinionCategory, Problem
from zugong.stats import engine
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _evidence() -> list[Any]:
    return [SimpleUploadedFile("佐证.pdf", PDF)]


def _opinion(unit: Any, content: str, code: str = "work_style", actor: Any = None) -> Opinion:
    from zugong.accounts.access import SYSTEM

    return entry.opinion_create(actor=actor or SYSTEM, data=entry.OpinionInput(
        org_unit=unit, channel="letter", category=OpinionCategory.objects.get(code=code), content=content, received_on=timezone.localdate()))


def _problem(actor: Any, unit: Any, opinions: list[Opinion] | None = None, title: str = "报表材料过多") -> Problem:
    return problems.problem_create(actor=actor, org_unit=unit, opinions=opinions,
                                   data={"title": title, "category": OpinionCategory.objects.get(code="work_style")})


def _measure(actor: Any, p: Problem, unit: Any, **over: Any) -> Measure:
    return measures.measure_create(actor=actor, problem=p, data={"content": "精简报表，合并同类", "org_unit": unit, "responsible": "王科长",
                                                                 "days": 10, **over})


def test_clustering_with_suggestions(personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    first = _opinion(tree.county_a1, "基层每个月要填报的报表有十几种，内容重复，希望精简报表")
    near = _opinion(tree.county_a1, "每个月要填的报表有十几种，很多内容重复，建议精简")
    other = _opinion(tree.county_a1, "希望公开选调生的报名条件和考察程序", code="selection")
    elsewhere = _opinion(tree.county_b1, "每个月要填报的报表有十几种，内容重复，希望精简")
    p = _problem(clerk, tree.county_a1, [first])
    first.refresh_from_db()
    assert first.problem == p and first.status == "clustered"
    suggested = [s.opinion.pk for s in problems.problem_suggestions(clerk, p)]
    assert suggested[0] == near.pk and other.pk not in suggested[:1] and elsewhere.pk not in suggested
    assert next(s.opinion.pk for s in problems.similar_opinions(clerk, near)) == first.pk
    assert problems.problems_for(clerk, near, problems.similar_opinions(clerk, near))[0] == p
    with pytest.raises(ValidationError):  # B1's opinion is not under A1
        problems.cluster(actor=personas.province, problem=p, opinions=Opinion.objects.filter(pk=elsewhere.pk))
    assert problems.cluster(actor=clerk, problem=p, opinions=Opinion.objects.filter(pk__in=[near.pk, other.pk])) == 2
    assert p.opinions.count() == 3
    problems.uncluster(actor=clerk, problem=p, opinion=Opinion.objects.get(pk=other.pk))
    assert Opinion.objects.get(pk=other.pk).status == "new" and p.opinions.count() == 2
    with pytest.raises(PermissionDenied):
        _problem(personas.county_a1_readonly, tree.county_a1)


def test_the_measure_closes_only_with_the_superior(personas: Any, tree: Any) -> None:
    clerk, city = personas.county_a1_clerk, personas.city_a
    a1_admin = make_user("a1-admin", grants=[("admin", tree.county_a1)])
    p = _problem(clerk, tree.county_a1)
    m = _measure(clerk, p, tree.county_a1)
    assert m.status == "planned" and m.deadline == add_workdays(timezone.localdate(), 10)
    with pytest.raises(ValidationError) as exc:
        _measure(clerk, p, tree.county_b1)
    assert exc.value.message_dict == {"org_unit": [measures.MSG_UNIT]}
    with pytest.raises(ValidationError):
        _measure(clerk, p, tree.county_a1, days=None, deadline=timezone.localdate() - timedelta(days=1))
    m = measures.measure_report(actor=clerk, measure=m, text="已梳理报表清单", progress=40, expected_version=m.version)
    assert (m.status, m.progress) == ("in_progress", 40)
    with pytest.raises(ConflictError):
        measures.measure_report(actor=clerk, measure=m, text="旧页面", progress=50, expected_version=m.version - 1)
    with pytest.raises(ValidationError) as exc:
        measures.measure_complete(actor=clerk, measure=m, text="完成", expected_version=m.version)
    assert exc.value.message_dict == {"attachments": [measures.MSG_EVIDENCE]}
    m = measures.measure_complete(actor=clerk, measure=m, text="报表由15种减为5种", expected_version=m.version, uploads=_evidence())
    assert (m.status, m.progress, m.completed_on) == ("awaiting", 100, timezone.localdate())
    # the county cannot close its own measure, even as its admin; the city can
    for who in (clerk, a1_admin):
        assert not measures.can_accept(who, m)
        with pytest.raises(PermissionDenied):
            measures.measure_accept(actor=who, measure=m, expected_version=m.version)
    assert measures.can_accept(city, m) and measures.can_accept(personas.province, m)
    with pytest.raises(ValidationError):
        measures.measure_return(actor=city, measure=m, comment=" ", expected_version=m.version)
    m = measures.measure_return(actor=city, measure=m, comment="佐证不全，请补充报表清单", expected_version=m.version)
    assert (m.status, m.returned_comment) == ("returned", "佐证不全，请补充报表清单")
    m = measures.measure_complete(actor=clerk, measure=m, text="已补充", expected_version=m.version, uploads=_evidence())
    m = measures.measure_accept(actor=city, measure=m, expected_version=m.version, comment="同意销号")
    assert (m.status, m.accepted_by, m.accepted_on) == ("closed", city, timezone.localdate())
    with pytest.raises(ValidationError):
        measures.measure_report(actor=clerk, measure=m, text="x", progress=1, expected_version=m.version)
    complaint = _opinion(tree.county_a1, "报表又多起来了")
    m = measures.measure_reopen(actor=clerk, measure=m, reason="又有来信反映", expected_version=m.version, opinion=complaint)
    assert (m.status, m.reopened, m.accepted_on) == ("in_progress", 1, None)
    assert Opinion.objects.get(pk=complaint.pk).problem == p
    assert [u.kind for u in m.updates.order_by("id")] == ["progress", "complete", "return", "complete", "accept", "reopen"]


def test_counts_per_unit_from_one_query(personas: Any, tree: Any) -> None:
    prov = personas.province
    today = timezone.localdate()

    def fill(k: int) -> None:
        for unit in (tree.county_a1, tree.county_a2, tree.county_b1):
            p = _problem(prov, unit, title=f"问题{k}")
            for i in range(k):
                m = _measure(prov, p, unit)
                if i == 0:
                    m = measures.measure_complete(actor=prov, measure=m, text="完成", expected_version=m.version, uploads=_evidence())
                    measures.measure_accept(actor=prov, measure=m, expected_version=m.version)
                elif i == 1:
                    Measure.objects.filter(pk=m.pk).update(deadline=today - timedelta(days=1))

    fill(3)
    c = ledger.counts(ledger.measures_in(prov, tree.province), tree.province)
    assert (c.total.planned, c.total.done, c.total.overdue) == (9, 3, 3)
    by = {row.unit.name: (row.planned, row.done, row.overdue, row.rate) for row in c.children}
    assert by[tree.city_a.name] == (6, 2, 2, Decimal("33.3")) and by[tree.city_b.name] == (3, 1, 1, Decimal("33.3"))
    with CaptureQueriesContext(connection) as few:
        ledger.counts(ledger.measures_in(prov, tree.province), tree.province)
    fill(4)
    with CaptureQueriesContext(connection) as more:
        c = ledger.counts(ledger.measures_in(prov, tree.province), tree.province)
    assert len(more.captured_queries) == len(few.captured_queries) and c.total.planned == 21
    assert engine.value(get("opinions.measures"), prov, tree.city_a) == 14
    assert engine.value(get("opinions.measures_done"), prov, tree.city_a) == 4
    assert engine.value(get("opinions.measures_overdue"), prov, tree.province) == 6
    assert engine.value(get("opinions.measures_rate"), prov, tree.province) == Decimal("28.6")  # 6 closed of 21
    assert engine.value(get("opinions.problems"), prov, tree.province) == 6


def test_ledger_xlsx_round_trip_is_all_or_nothing(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    p = _problem(clerk, tree.county_a1)
    m1, m2 = _measure(clerk, p, tree.county_a1), _measure(clerk, p, tree.county_a1, content="规范会议")
    pb = _problem(personas.county_b1, tree.county_b1)
    mb = _measure(personas.county_b1, pb, tree.county_b1)
    client.force_login(clerk)
    response = client.get("/opinions/ledger/?export=xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    ws = load_workbook(BytesIO(data)).active
    assert ws["A1"].value == "甲一县委组织部整改台帐" and "A1:M1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value.startswith("填报单位：甲一县委组织部") and [c.value for c in ws[3]][:3] == ["序号", "编号", "问题类别"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rows] == [(1, m1.pk, m1.content), (2, m2.pk, "规范会议")]

    def upload(edit: dict[int, tuple[Any, Any]], extra: list[list[Any]] | None = None) -> Any:
        wb = load_workbook(BytesIO(data))
        sheet = wb.active
        for row in sheet.iter_rows(min_row=4):
            if row[1].value in edit:
                row[11].value, row[12].value = edit[row[1].value]
        for r in extra or []:
            sheet.append(r)
        buf = BytesIO()
        wb.save(buf)
        return client.post("/opinions/ledger/import/", {"file": SimpleUploadedFile("台帐.xlsx", buf.getvalue())})

    bad = upload({m1.pk: (150, "进度超了"), m2.pk: (30, "")}, extra=[[3, mb.pk, "", "", "", "", "", "", "", "", 0, 20, "别县的措施"]])
    page = bad.content.decode()
    assert bad.status_code == 400 and 'data-error-row="4"' in page and 'data-error-row="5"' in page and 'data-error-row="6"' in page
    assert "措施不存在或不在您的授权范围内" in page and "应为 0 到 99 之间的整数" in page
    assert Measure.objects.filter(status="planned").count() == 3  # nothing written
    good = upload({m1.pk: (60, "已制定精简方案"), m2.pk: (None, "已起草会议制度")})
    assert good.status_code == 303
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.status, m1.progress, m2.status, m2.progress) == ("in_progress", 60, "in_progress", 0)
    assert m1.updates.get().text == "已制定精简方案"
    wrong = client.post("/opinions/ledger/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert wrong.status_code == 400 and ledger.MSG_FILE in wrong.content.decode()


def test_pages_of_the_loop(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    o1 = _opinion(tree.county_a1, "会议太多，基层疲于应付，建议合并会议")
    o2 = _opinion(tree.county_a1, "会议太多，基层疲于应付，希望少开会")
    _opinion(tree.county_a1, "希望多到基层一线调研", code="service")
    client.force_login(clerk)
    page = client.get(o1.get_absolute_url()).content.decode()
    assert f'data-similar="{o2.pk}"' in page and "新建问题并归入" in page
    r = client.post(f"/opinions/problems/add/?opinion={o1.pk}", {"org_unit": tree.county_a1.pk, "category": o1.category_id,
                                                                 "title": "会议过多", "opinion": o1.pk})
    assert r.status_code == 303
    p = Problem.objects.get()
    detail = client.get(p.get_absolute_url()).content.decode()
    assert f'data-clustered="{o1.pk}"' in detail and f'data-suggestion="{o2.pk}"' in detail
    preview = client.get(p.get_absolute_url() + f"?cf=1&category={o1.category_id}").content.decode()
    assert 'data-matching="1"' in preview
    assert client.post(f"/opinions/problems/{p.pk}/cluster/", {"mode": "filter", "category": o1.category_id}).status_code == 303
    assert p.opinions.count() == 2
    r = client.post(f"/opinions/problems/{p.pk}/measures/add/", {"content": "合并同类会议", "org_unit": tree.county_a1.pk, "days": "5"})
    assert r.status_code == 303
    m = Measure.objects.get()
    bad = client.post(f"/opinions/problems/{p.pk}/measures/add/", {"content": "", "org_unit": tree.county_b1.pk, "days": "0"})
    assert bad.status_code == 400 and measures.MSG_CONTENT in bad.content.decode()
    client.post(f"/opinions/measures/{m.pk}/complete/", {"text": "已合并", "version": m.version,
                                                          "attachments": SimpleUploadedFile("会议制度.pdf", PDF)})
    m.refresh_from_db()
    assert m.status == "awaiting"
    mpage = client.get(m.get_absolute_url()).content.decode()
    assert 'data-update="complete"' in mpage and "验收销号" not in mpage  # the county does not see the accept form
    assert client.post(f"/opinions/measures/{m.pk}/decide/", {"decision": "accept", "version": m.version}).status_code == 403
    client.force_login(personas.city_a)
    assert "验收销号" in client.get(m.get_absolute_url()).content.decode()
    assert client.post(f"/opinions/measures/{m.pk}/decide/", {"decision": "accept", "version": m.version}).status_code == 303
    m.refresh_from_db()
    assert m.status == "closed"
    ledger_page = client.get(f"/opinions/ledger/?org={tree.city_a.pk}").content.decode()
    assert "data-planned>1<" in ledger_page and "data-done>1<" in ledger_page
    assert client.get("/opinions/ledger/?status=overdue&deadline_from=2026-02-30").status_code == 200
    client.force_login(personas.county_b1)
    assert client.get(m.get_absolute_url()).status_code == 404 and client.get(p.get_absolute_url()).status_code == 404


def test_feedback_reaches_whoever_raised_the_opinion(client: Any, personas: Any, tree: Any) -> None:
    from zugong.opinions import mailbox
    from zugong.opinions.models import MailboxCase

    clerk = personas.county_a1_clerk
    staff = _opinion(tree.county_a1, "会议太多")
    case, code = mailbox.submit(mailbox.Letter(org_unit=tree.county_a1, category=OpinionCategory.objects.get(code="work_style"),
                                               content="会议太多，希望精简"))
    p = _problem(clerk, tree.county_a1, [staff, case.opinion])
    with pytest.raises(ValidationError):
        problems.problem_feedback(actor=clerk, problem=p, text=" ")
    assert problems.problem_feedback(actor=clerk, problem=p, text="已合并同类会议，月度会议减少一半") == 2
    case.refresh_from_db()
    assert case.status == MailboxCase.Status.REPLIED and mailbox.look_up(code).opinion.reply == "已合并同类会议，月度会议减少一半"  # type: ignore[union-attr]
    client.force_login(clerk)
    staff.refresh_from_db()
    bad = client.post(f"/opinions/{staff.pk}/feedback/", {"reply": "已答复", "rating": "9", "version": staff.version})
    assert bad.status_code == 303 and Opinion.objects.get(pk=staff.pk).rating is None
    client.post(f"/opinions/{staff.pk}/feedback/", {"reply": "已答复", "rating": "4", "comment": "基本满意", "version": staff.version})
    staff.refresh_from_db()
    assert (staff.rating, staff.rating_comment, staff.rated_on) == (4, "基本满意", timezone.localdate())
    assert engine.value(get("opinions.satisfaction"), personas.province, tree.province) == Decimal("4.0")
    assert client.post(f"/opinions/{case.opinion_id}/feedback/", {"reply": "x", "version": 1}).status_code == 303  # mailbox: refused
    assert Opinion.objects.get(pk=case.opinion_id).rating is None


def test_ledger_api(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    p = _problem(clerk, tree.county_a1, [_opinion(tree.county_a1, "会议太多")])
    m = _measure(clerk, p, tree.county_a1)
    _measure(personas.county_b1, _problem(personas.county_b1, tree.county_b1), tree.county_b1)
    client.force_login(clerk)
    listed = client.get("/api/v1/measures/?status=planned").json()
    assert listed["count"] == 1 and listed["results"][0]["origin"] == "problem" and listed["results"][0]["overdue"] is False
    assert client.get("/api/v1/problems/").json()["results"][0]["opinion_count"] == 1
    assert client.get("/api/v1/measures/?deadline_from=someday").status_code == 400
    r = client.post(f"/api/v1/measures/{m.pk}/report/", {"text": "已起草方案", "progress": 30, "version": m.version}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "in_progress" and r.json()["progress"] == 30
    stale = client.post(f"/api/v1/measures/{m.pk}/report/", {"text": "旧页面", "progress": 40, "version": m.version}, content_type="application/json")
    assert stale.status_code == 409
    bad = client.post(f"/api/v1/measures/{m.pk}/report/", {"text": "", "progress": 150, "version": 2}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"text", "progress"}
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/measures/{m.pk}/").status_code == 404
