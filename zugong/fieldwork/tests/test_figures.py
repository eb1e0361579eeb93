"""Indicators of 基层工作 (values, per-child breakdown, provenance list) and the read-only API (scoped, filtered)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.fieldwork import services, topics
from zugong.fieldwork.tests.conftest import visit_data
from zugong.stats import engine
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas: Any, tree: Any, staff: Any) -> dict[str, Any]:
    """This year: A1 two visits (2 + 3 cadres, one to its contact point), A2 one (1), B1 one (1); last year one in A1.
    A1: a pairing this year and one last year, two problems solved this year, one unsolved; topics with reports."""
    actor, today = personas.province, timezone.localdate()
    this_year, last_year = date(today.year, 1, 1), date(today.year - 1, 6, 1)
    a1 = tree.county_a1
    services.visit_create(actor=actor, data=visit_data(a1, staff.a1[:2], date=this_year, contact_point=staff.point))
    services.visit_create(actor=actor, data=visit_data(a1, staff.a1, date=this_year, kind="petition"))
    services.visit_create(actor=actor, data=visit_data(tree.county_a2, [staff.a2], date=this_year, kind="enterprise"))
    services.visit_create(actor=actor, data=visit_data(tree.county_b1, [staff.b1], date=this_year))
    services.visit_create(actor=actor, data=visit_data(a1, staff.a1, date=last_year))
    pairing = {"org_unit": a1, "cadre": staff.a1[0], "counterpart_kind": "talent", "counterpart_name": "赵春生"}
    services.pairing_create(actor=actor, data={**pairing, "start_date": this_year})
    services.pairing_create(actor=actor, data={**pairing, "start_date": last_year})
    for status, solved in (("solved", this_year), ("solved", this_year), ("unsolved", None)):
        services.problem_create(actor=actor, data={"org_unit": a1, "description": "问题", "raised_on": last_year, "status": status,
                                                   "solved_on": solved, "result": "已解决"})
    lead = staff.a1[0]
    for i, (reported, adopted) in enumerate(((this_year, True), (this_year, False), (None, False), (last_year, True))):
        topics.topic_create(actor=actor, data={"org_unit": a1, "title": f"课题{i}", "year": today.year, "lead": lead, "report_date": reported,
                                               "adopted": adopted, "adoption_note": "采纳"})
    return {"period": engine.Period(this_year, today)}


@pytest.mark.parametrize(("code", "province", "city_a", "a1", "a2", "city_b"), [
    ("fieldwork.visit_persons", 7, 6, 5, 1, 1),
    ("fieldwork.visits", 4, 3, 2, 1, 1),
    ("fieldwork.visit_persons_petition", 3, 3, 3, 0, 0),
    ("fieldwork.visit_persons_community", 3, 2, 2, 0, 1),
    ("fieldwork.contact_point_visits", 2, 2, 2, 0, 0),
    ("fieldwork.pairings", 1, 1, 1, 0, 0),
    ("fieldwork.problems_solved", 2, 2, 2, 0, 0),
    ("fieldwork.reports", 2, 2, 2, 0, 0),
    ("fieldwork.reports_adopted", 1, 1, 1, 0, 0),
])
def test_indicator_values_and_breakdown(records: Any, personas: Any, tree: Any, code: str, province: int, city_a: int, a1: int,
                                        a2: int, city_b: int) -> None:
    ind, period = get(code), records["period"]
    assert engine.value(ind, personas.province, tree.province, period) == province
    by_city = {r.org_id: r.value for r in engine.breakdown(ind, personas.province, tree.province, period).children}
    assert by_city.get(tree.city_a.pk, 0) == city_a and by_city.get(tree.city_b.pk, 0) == city_b
    by_county = {r.org_id: r.value for r in engine.breakdown(ind, personas.city_a, tree.city_a, period).children}
    assert by_county.get(tree.county_a1.pk, 0) == a1 and by_county.get(tree.county_a2.pk, 0) == a2
    # a county's administrator sees its own subtree only
    assert engine.value(ind, personas.county_b1, tree.county_b1, period) == city_b


def test_contact_points_is_a_state(records: Any, personas: Any, tree: Any) -> None:
    ind = get("fieldwork.contact_points")
    assert ind.date_field is None and get("fieldwork.visit_persons").unit == "人次"
    assert engine.value(ind, personas.province, tree.province) == 1


def test_provenance_list_shows_the_visits(records: Any, client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.province)
    period = records["period"]
    page = client.get(reverse("stats:records"), {"indicator": "fieldwork.contact_point_visits", "org": tree.province.pk,
                                                 "start": period.start.isoformat(), "end": period.end.isoformat()}).content.decode()
    assert 'data-total>1<' in page and "新阳社区" in page and "/fieldwork/visits/" in page
    page = client.get(reverse("stats:records"), {"indicator": "fieldwork.reports", "org": tree.province.pk,
                                                 "start": period.start.isoformat(), "end": period.end.isoformat()}).content.decode()
    assert 'data-total>2<' in page and "课题0" in page and "/fieldwork/topics/" in page


def test_api_lists_are_scoped_and_filtered(records: Any, client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    visits = client.get("/api/v1/fieldwork/visits/").json()
    assert visits["count"] == 4 and {v["org_unit_name"] for v in visits["results"]} == {"甲一县委组织部", "甲二县委组织部"}
    petition = client.get("/api/v1/fieldwork/visits/", {"kind": "petition"}).json()["results"]
    assert len(petition) == 1 and petition[0]["person_count"] == 3 and petition[0]["cadre_names"] == ["张二", "张三", "张一"]
    assert client.get("/api/v1/fieldwork/visits/", {"kind": "nope"}).status_code == 400
    assert client.get("/api/v1/fieldwork/topics/", {"adopted": "true"}).json()["count"] == 2
    assert client.get("/api/v1/fieldwork/problems/", {"status": "solved"}).json()["count"] == 2
    assert client.get("/api/v1/fieldwork/pairings/").json()["count"] == 2
    points = client.get("/api/v1/fieldwork/contact-points/").json()["results"]
    assert [p["office_name"] for p in points] == ["干部股"]
    client.force_login(personas.county_b1)
    assert client.get("/api/v1/fieldwork/visits/").json()["count"] == 1
    assert client.get(f"/api/v1/fieldwork/contact-points/{points[0]['id']}/").status_code == 404
    assert client.post("/api/v1/fieldwork/visits/", {}).status_code == 405
    client.force_login(personas.nogrant)
    assert client.get("/api/v1/fieldwork/visits/").status_code == 403
