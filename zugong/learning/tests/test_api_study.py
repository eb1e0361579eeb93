"""Learning API, 学: study sessions (attendees, filters by year, kind and unit subtree), training classes
(course menu, enrolment counts), enrolments (both scopes) and staff enrolling cadres — scope 404, 403
without the permission, anonymous refused, bad parameters 400 in Chinese, query counts flat in rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.learning import api_study, study, training
from zugong.learning.models import Enrollment, StudyKind, StudySession, TrainingClass

pytestmark = pytest.mark.django_db


def today() -> date:
    """Read per use: a module constant goes stale when the suite runs across local midnight."""
    return timezone.localdate()


def _session(actor: Any, unit: Any, cadres: list[Any], *, kind: str = "central_group", day: date | None = None,
             topic: str = "学习党章") -> StudySession:
    return study.studysession_create(actor=actor, org_unit=unit, attendees=cadres, data={
        "kind": StudyKind.objects.get(code=kind), "date": day or today() - timedelta(days=1), "hours": Decimal("2.5"), "topic": topic})


def _class(actor: Any, unit: Any, **extra: Any) -> TrainingClass:
    data = {"title": "组工干部轮训班", "kind": "rotation", "start_date": today() - timedelta(days=5), "end_date": today() - timedelta(days=1),
            "hours": Decimal(24), **extra}
    return training.trainingclass_create(actor=actor, org_unit=unit, data=data)


def _error(resp: Any) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"error"}, body
    return dict(body["error"])


# ---------------------------------------------------------------- study sessions


def test_session_list_and_detail_with_attendees(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a, b = make_cadre(tree.county_a1, name="张三"), make_cadre(tree.county_a1, name="李四")
    s1 = _session(personas.province, tree.county_a1, [a, b], topic="学习二十届四中全会精神")
    s2 = _session(personas.province, tree.county_a2, [make_cadre(tree.county_a2)], kind="party_lecture")
    _session(personas.province, tree.county_b1, [make_cadre(tree.county_b1)])
    client.force_login(personas.city_a)
    body = client.get("/api/v1/study-sessions/").json()
    assert body["count"] == 2 and {r["id"] for r in body["results"]} == {s1.pk, s2.pk}
    row = next(r for r in body["results"] if r["id"] == s1.pk)
    assert row["attendee_count"] == 2 and sorted(row["attendees"]) == sorted([a.pk, b.pk])
    assert (row["kind"], row["kind_name"], row["org_unit"], row["org_unit_name"]) == ("central_group", "中心组学习", tree.county_a1.pk,
                                                                                      "甲一县委组织部")
    assert (row["hours"], row["topic"]) == ("2.5", "学习二十届四中全会精神")
    detail = client.get(f"/api/v1/study-sessions/{s1.pk}/").json()
    assert detail["attendee_count"] == 2 and sorted(detail["attendees"]) == sorted([a.pk, b.pk])


def test_session_filters(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c1, c2 = make_cadre(tree.county_a1), make_cadre(tree.county_a2)
    this = _session(personas.province, tree.county_a1, [c1], kind="party_lecture")
    last = _session(personas.province, tree.county_a1, [c1], day=date(today().year - 1, 6, 1))
    other = _session(personas.province, tree.county_a2, [c2], kind="party_lecture")
    city = _session(personas.province, tree.city_a, [c1, c2])
    client.force_login(personas.city_a)

    def ids(query: str) -> set[int]:
        resp = client.get(f"/api/v1/study-sessions/?{query}")
        assert resp.status_code == 200, resp.content
        return {r["id"] for r in resp.json()["results"]}

    assert ids(f"year={today().year - 1}") == {last.pk}
    assert ids("kind=party_lecture") == {this.pk, other.pk}
    assert ids(f"org={tree.county_a1.pk}") == {this.pk, last.pk}
    assert ids(f"org={tree.city_a.pk}") == {this.pk, last.pk, other.pk, city.pk}
    assert ids(f"org={tree.county_a1.pk}&kind=party_lecture&year={today().year}") == {this.pk}
    assert ids(f"org={tree.county_b1.pk}") == set()  # a unit outside the reader's scope lists nothing


@pytest.mark.parametrize(("query", "field", "message"), [
    ("year=abc", "year", api_study.MSG_YEAR), ("year=20266", "year", api_study.MSG_YEAR), ("year=１２", "year", api_study.MSG_YEAR),
    ("org=x", "org", api_study.MSG_INT), ("org=-1", "org", api_study.MSG_INT), ("org=99999999999999999999", "org", api_study.MSG_INT),
])
def test_session_bad_params_are_400_in_chinese(client: Any, personas: Any, query: str, field: str, message: str) -> None:
    client.force_login(personas.city_a)
    resp = client.get(f"/api/v1/study-sessions/?{query}")
    assert resp.status_code == 400
    err = _error(resp)
    assert err["code"] == "invalid" and err["message"] == "提交的数据有误" and err["fields"] == {field: [message]}


def test_session_unknown_kind_names_the_codes(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    resp = client.get("/api/v1/study-sessions/?kind=nope")
    assert resp.status_code == 400
    message = _error(resp)["fields"]["kind"][0]
    assert message.startswith("学习形式代码不对，可选：") and "central_group" in message and "party_lecture" in message


def test_session_scope_permission_and_anonymous(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    s = _session(personas.province, tree.county_a1, [make_cadre(tree.county_a1)])
    url = f"/api/v1/study-sessions/{s.pk}/"
    assert client.get(url).status_code in (401, 403)
    assert client.get("/api/v1/study-sessions/").status_code in (401, 403)
    client.force_login(personas.county_b1)  # the sibling county
    resp = client.get(url)
    assert resp.status_code == 404 and _error(resp)["message"] == "对象不存在或不在您的授权范围内"
    assert client.get("/api/v1/study-sessions/").json()["count"] == 0
    for persona in (personas.nogrant, personas.sysadmin):
        client.force_login(persona)
        resp = client.get(url)
        assert resp.status_code == 403 and _error(resp)["message"] == "您没有此项操作的权限"
        assert client.get("/api/v1/study-sessions/").status_code == 403
    client.force_login(personas.county_a1_readonly)
    assert client.get(url).json()["id"] == s.pk


def _count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_session_list_queries_do_not_grow_with_rows(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                                   django_assert_max_num_queries: Any) -> None:
    cadres = [make_cadre(tree.county_a1, name=n) for n in ("张三", "李四", "王五")]
    for n in range(5):
        _session(personas.province, tree.county_a1, cadres[: 1 + n % 3], topic=f"第{n}次")
    client.force_login(personas.city_a)
    url = "/api/v1/study-sessions/"
    assert client.get(url).json()["count"] == 5
    with django_assert_max_num_queries(10):  # session (read, save: 3), user, grants (2), count, page, attendance
        client.get(url)
    five = _count_queries(client, url)
    for n in range(15):
        _session(personas.province, tree.county_a1, cadres, topic=f"又一次{n}")
    assert client.get(url).json()["count"] == 20
    assert _count_queries(client, url) == five
    assert _count_queries(client, f"{url}?kind=central_group&year={today().year}") == five + 1  # the kind codes, once


# ---------------------------------------------------------------- training classes


def test_class_list_with_courses_and_counts(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadres = [make_cadre(tree.county_a1, name=n) for n in ("张三", "李四", "王五")]
    c = _class(personas.province, tree.city_a, capacity=30)
    course = training.course_add(actor=personas.province, training_class=c, data={"title": "党建理论", "teacher": "李教授",
                                                                                    "date": c.start_date, "hours": Decimal(3)})
    training.course_add(actor=personas.province, training_class=c, data={"title": "公文写作"})
    training.enrollment_add(actor=personas.province, training_class=c, cadres=cadres)
    Enrollment.objects.get(training_class=c, cadre=cadres[0]).courses.add(course)
    rows = {e.cadre_id: e for e in Enrollment.objects.filter(training_class=c)}
    training.enrollment_complete(actor=personas.province, training_class=c, results=[
        training.Result(rows[cadres[0].pk], "completed", Decimal(90), rows[cadres[0].pk].version),
        training.Result(rows[cadres[1].pk], "absent", None, rows[cadres[1].pk].version)])
    old = _class(personas.province, tree.county_a1, start_date=date(today().year - 1, 3, 1), end_date=date(today().year - 1, 3, 5))
    _class(personas.province, tree.county_b1)
    client.force_login(personas.city_a)
    body = client.get("/api/v1/training-classes/").json()
    assert body["count"] == 2 and {r["id"] for r in body["results"]} == {c.pk, old.pk}
    row = client.get(f"/api/v1/training-classes/{c.pk}/").json()
    assert (row["enrolled"], row["completed"], row["absent"], row["capacity"]) == (3, 1, 1, 30)
    assert (row["kind"], row["kind_name"], row["org_unit_name"]) == ("rotation", "轮训", "甲市委组织部")
    assert [(x["title"], x["teacher"], x["hours"], x["enrolled"]) for x in row["courses"]] == [
        ("党建理论", "李教授", "3.0", 1), ("公文写作", "", "0.0", 0)]  # undated courses last
    assert {r["id"] for r in client.get(f"/api/v1/training-classes/?year={today().year - 1}").json()["results"]} == {old.pk}
    resp = client.get("/api/v1/training-classes/?year=abc")
    assert resp.status_code == 400 and _error(resp)["fields"] == {"year": [api_study.MSG_YEAR]}


def test_class_scope_permission_and_queries(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadres = [make_cadre(tree.county_a1, name=n) for n in ("张三", "李四")]
    classes = [_class(personas.province, tree.county_a1, title=f"第{n}期") for n in range(5)]
    for c in classes:
        training.course_add(actor=personas.province, training_class=c, data={"title": "课程"})
        training.enrollment_add(actor=personas.province, training_class=c, cadres=cadres)
    url = f"/api/v1/training-classes/{classes[0].pk}/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(personas.county_b1)
    assert client.get(url).status_code == 404
    client.force_login(personas.nogrant)
    assert client.get(url).status_code == 403
    client.force_login(personas.city_a)
    five = _count_queries(client, "/api/v1/training-classes/")
    assert five <= 10  # session (read, save: 3), user, grants (2), count, page, courses
    for n in range(15):
        c = _class(personas.province, tree.county_a1, title=f"又一期{n}")
        training.course_add(actor=personas.province, training_class=c, data={"title": "课程"})
        training.enrollment_add(actor=personas.province, training_class=c, cadres=cadres)
    assert client.get("/api/v1/training-classes/").json()["count"] == 20
    assert _count_queries(client, "/api/v1/training-classes/") == five


# ---------------------------------------------------------------- enrolments


def test_enrollment_list_in_both_scopes_and_filters(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a1, a2 = make_cadre(tree.county_a1, name="张三"), make_cadre(tree.county_a2, name="李四")
    c = _class(personas.province, tree.city_a)  # the city's class with cadres of both counties
    other = _class(personas.province, tree.city_a, title="另一期")
    training.enrollment_add(actor=personas.province, training_class=c, cadres=[a1, a2])
    training.enrollment_add(actor=personas.province, training_class=other, cadres=[a1])
    client.force_login(personas.city_a)
    rows = client.get("/api/v1/enrollments/").json()["results"]
    assert len(rows) == 3
    assert {r["id"] for r in client.get(f"/api/v1/enrollments/?training_class={c.pk}").json()["results"]} == set(
        Enrollment.objects.filter(training_class=c).values_list("id", flat=True))
    mine = client.get(f"/api/v1/enrollments/?cadre={a1.pk}&training_class={other.pk}").json()["results"]
    assert len(mine) == 1 and (mine[0]["cadre_name"], mine[0]["training_class_title"], mine[0]["status"], mine[0]["status_name"],
                               mine[0]["cadre_org_unit"], mine[0]["courses"]) == ("张三", "另一期", "enrolled", "已报名",
                                                                                  tree.county_a1.pk, [])
    # county A1 reads its own cadres' training at the city's class (coverage), not county A2's cadres
    client.force_login(personas.county_a1_readonly)
    seen = client.get(f"/api/v1/enrollments/?training_class={c.pk}").json()["results"]
    assert [r["cadre"] for r in seen] == [a1.pk]
    client.force_login(personas.county_b1)
    assert client.get("/api/v1/enrollments/").json()["count"] == 0
    client.force_login(personas.nogrant)
    assert client.get("/api/v1/enrollments/").status_code == 403
    client.logout()
    assert client.get("/api/v1/enrollments/").status_code in (401, 403)
    client.force_login(personas.city_a)
    for query, field in (("training_class=abc", "training_class"), ("cadre=1.5", "cadre")):
        resp = client.get(f"/api/v1/enrollments/?{query}")
        assert resp.status_code == 400 and _error(resp)["fields"] == {field: [api_study.MSG_INT]}


def test_enrollment_list_queries_do_not_grow_with_rows(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c = _class(personas.province, tree.county_a1)
    course = training.course_add(actor=personas.province, training_class=c, data={"title": "课程"})
    first = [make_cadre(tree.county_a1, name=f"张{n}") for n in "一二三四五"]
    training.enrollment_add(actor=personas.province, training_class=c, cadres=first)
    for e in Enrollment.objects.filter(training_class=c):
        e.courses.add(course)
    client.force_login(personas.city_a)
    five = _count_queries(client, "/api/v1/enrollments/")
    assert five <= 10  # session (read, save: 3), user, grants (2), count, page, courses
    more = [make_cadre(tree.county_a1, name=f"李{n}") for n in "一二三四五六七八九十甲乙丙丁戊"]
    training.enrollment_add(actor=personas.province, training_class=c, cadres=more)
    assert client.get("/api/v1/enrollments/").json()["count"] == 20
    assert _count_queries(client, "/api/v1/enrollments/") == five


def test_staff_enrol_cadres(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a, b = make_cadre(tree.county_a1, name="张三"), make_cadre(tree.county_a1, name="李四")
    c = _class(personas.province, tree.city_a, capacity=3)
    client.force_login(personas.city_a)
    resp = client.post("/api/v1/enrollments/", {"training_class": c.pk, "cadres": [a.pk, b.pk, a.pk]}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["created"], body["already_enrolled"]) == (2, 0)
    assert sorted(r["cadre"] for r in body["results"]) == sorted([a.pk, b.pk]) and {r["training_class"] for r in body["results"]} == {c.pk}
    assert set(Enrollment.objects.filter(training_class=c).values_list("cadre_id", flat=True)) == {a.pk, b.pk}
    assert ObjectChange.objects.filter(action="enrollment.added").count() == 2
    again = client.post("/api/v1/enrollments/", {"training_class": c.pk, "cadres": [a.pk]}, content_type="application/json").json()
    assert (again["created"], again["already_enrolled"], again["results"]) == (0, 1, [])
    # over the planned number: refused as a whole, with the numbers
    x, y = make_cadre(tree.county_a2, name="王五"), make_cadre(tree.county_a2, name="赵六")
    resp = client.post("/api/v1/enrollments/", {"training_class": c.pk, "cadres": [x.pk, y.pk]}, content_type="application/json")
    assert resp.status_code == 400
    assert _error(resp)["fields"] == {"cadres": [training.MSG_CAPACITY.format(cap=3, n=2, left=1)]}
    assert Enrollment.objects.filter(training_class=c).count() == 2


def test_enrol_refusals(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a = make_cadre(tree.county_a1)
    outside = make_cadre(tree.county_a2)
    b1 = make_cadre(tree.county_b1)
    c = _class(personas.province, tree.county_a1)

    def post(**data: Any) -> Any:
        return client.post("/api/v1/enrollments/", data, content_type="application/json")

    assert post(training_class=c.pk, cadres=[a.pk]).status_code in (401, 403)
    client.force_login(personas.county_a1_readonly)  # reads the class, may not enrol
    resp = post(training_class=c.pk, cadres=[a.pk])
    assert resp.status_code == 403 and _error(resp)["message"] == "您没有此项操作的权限"
    client.force_login(personas.county_b1)  # the sibling county does not see the class
    resp = post(training_class=c.pk, cadres=[b1.pk])
    assert resp.status_code == 404 and _error(resp)["message"] == "对象不存在或不在您的授权范围内"
    client.force_login(personas.nogrant)
    assert post(training_class=c.pk, cadres=[a.pk]).status_code == 403
    client.force_login(personas.city_a)
    resp = post(training_class=c.pk, cadres=[outside.pk])  # seen by the city, but not on the organizer's roster
    assert resp.status_code == 400 and _error(resp)["fields"] == {"cadres": [training.MSG_ROSTER]}
    resp = post(training_class=c.pk, cadres=[b1.pk])  # not even seen
    assert resp.status_code == 400 and _error(resp)["fields"] == {"cadres": [api_study.MSG_CADRES]}
    resp = post(training_class=c.pk, cadres=[])
    assert resp.status_code == 400 and _error(resp)["fields"] == {"cadres": [training.MSG_NO_CADRES]}
    resp = post(training_class="abc", cadres=["x"])
    assert resp.status_code == 400 and set(_error(resp)["fields"]) == {"training_class", "cadres"}
    assert post(training_class=10**9, cadres=[a.pk]).status_code == 404
    assert not Enrollment.objects.exists()
