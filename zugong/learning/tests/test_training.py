"""Training classes: the course menu, staff enrolment within the planned number (whole offices too),
点训 by the signed-in cadre (linked accounts in scope only, places under lock), completion with points
and their withdrawal, and 轮训 coverage (numbers, overdue and due lists, rules, query budgets)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.calendar import add_months
from zugong.core.errors import ConflictError, ValidationError
from zugong.learning import coverage, training
from zugong.learning.models import CoverageRule, Enrollment, TrainingClass, TrainingCourse
from zugong.people.models import Cadre
from zugong.points.models import PointEntry

pytestmark = pytest.mark.django_db


def _class(actor: Any, unit: Any, **extra: Any) -> TrainingClass:
    today = timezone.localdate()
    data = {"title": "组工干部能力提升培训班", "kind": "topical", "start_date": today - timedelta(days=5),
            "end_date": today - timedelta(days=1), "hours": Decimal(24), "place": "党校", **extra}
    return training.trainingclass_create(actor=actor, org_unit=unit, data=data)


def _complete(actor: Any, c: TrainingClass, marks: dict[int, tuple[str, Decimal | None]]) -> int:
    rows = {e.cadre_id: e for e in Enrollment.objects.filter(training_class=c).select_related("cadre")}
    return training.enrollment_complete(actor=actor, training_class=c, results=[
        training.Result(rows[pk], status, score, rows[pk].version) for pk, (status, score) in marks.items()])


def _trained(actor: Any, unit: Any, cadres: list[Any], end: date, kind: str = "topical") -> TrainingClass:
    c = _class(actor, unit, start_date=end - timedelta(days=3), end_date=end, kind=kind)
    training.enrollment_add(actor=actor, training_class=c, cadres=cadres)
    _complete(actor, c, {x.pk: ("completed", Decimal(90)) for x in cadres})
    return c


def _link(cadre: Any, username: str) -> Any:
    user = make_user(username)
    Cadre.objects.filter(pk=cadre.pk).update(user=user)
    return user


# ---------------------------------------------------------------- classes and courses


def test_class_and_course_validation(personas: Any, tree: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        training.trainingclass_create(actor=personas.city_a, org_unit=tree.city_a, data={
            "title": " ", "kind": "nope", "start_date": today, "end_date": today - timedelta(days=1), "hours": Decimal(0),
            "capacity": 0})
    assert exc.value.message_dict == {"title": [training.MSG_TITLE], "kind": [training.MSG_KIND], "end_date": [training.MSG_DATES],
                                      "hours": [training.MSG_HOURS], "capacity": ["计划人数至少为 1 人"]}
    c = _class(personas.city_a, tree.city_a)
    assert ObjectChange.objects.filter(action="trainingclass.created", object_id=str(c.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        training.course_add(actor=personas.city_a, training_class=c, data={"title": "党建理论", "date": c.end_date + timedelta(days=1)})
    assert exc.value.message_dict == {"date": [training.MSG_COURSE_DATE]}
    course = training.course_add(actor=personas.city_a, training_class=c, data={"title": "党建理论", "teacher": "李教授",
                                                                                "date": c.start_date, "hours": Decimal(3)})
    assert course.training_class == c and ObjectChange.objects.filter(action="trainingcourse.added").count() == 1


def test_class_pages_and_edit(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    today = timezone.localdate()
    resp = client.post(reverse("learning:class_add"), {
        "org_unit": tree.county_a1.pk, "title": "新任组工干部培训班", "kind": "rotation", "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=3)).isoformat(), "hours": "32", "capacity": "40", "open_enrolment": "on"})
    assert resp.status_code == 303
    c = TrainingClass.objects.get()
    assert (c.org_unit, c.kind, c.capacity, c.open_enrolment, c.hours) == (tree.county_a1, "rotation", 40, True, Decimal(32))
    resp = client.post(reverse("learning:class_add"), {"org_unit": tree.county_b1.pk, "title": "x", "kind": "topical",
                                                       "start_date": today.isoformat(), "end_date": today.isoformat(), "hours": "1"})
    assert resp.status_code == 400 and "所选单位不在您的授权范围内" in resp.content.decode()
    resp = client.post(reverse("learning:class_course_add", args=[c.pk]), {"title": "谈心谈话方法", "hours": "2", "capacity": "20"})
    assert resp.status_code == 303 and c.courses.get().capacity == 20
    resp = client.post(reverse("learning:class_edit", args=[c.pk]), {
        "title": "新任组工干部培训班（第二期）", "kind": "rotation", "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=3)).isoformat(), "hours": "32", "capacity": "30", "version": "1"})
    assert resp.status_code == 303
    c.refresh_from_db()
    assert c.title.endswith("（第二期）") and c.capacity == 30 and c.open_enrolment is False and c.version == 2
    resp = client.post(reverse("learning:class_edit", args=[c.pk]), {
        "title": "x", "kind": "rotation", "start_date": today.isoformat(), "end_date": today.isoformat(), "hours": "1", "version": "1"})
    assert resp.status_code == 409
    assert ObjectChange.objects.filter(action="trainingclass.updated").count() == 1
    page = client.get(c.get_absolute_url()).content.decode()
    assert "谈心谈话方法" in page and 'data-count="total">0<' in page


def test_scope_and_readonly_on_class_pages(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c = _class(personas.city_a, tree.county_a1)
    client.force_login(personas.county_a1_readonly)
    assert client.get(c.get_absolute_url()).status_code == 200
    for name in ("class_edit", "class_course_add", "class_enrol", "class_complete"):
        assert client.get(reverse(f"learning:{name}", args=[c.pk])).status_code == 403, name
        assert client.post(reverse(f"learning:{name}", args=[c.pk]), {"title": "x"}).status_code == 403, name
    assert client.get(reverse("learning:class_add")).status_code == 403
    assert client.get(reverse("learning:coverage_rule")).status_code == 403
    assert client.post(reverse("learning:coverage_rule"), {"window_months": "12", "due_months": "1"}).status_code == 403
    client.force_login(personas.county_b1)
    for name in ("class_detail", "class_edit", "class_enrol", "class_complete"):
        assert client.get(reverse(f"learning:{name}", args=[c.pk])).status_code == 404, name
    assert client.get(reverse("learning:coverage") + f"?unit={tree.county_a1.pk}").status_code == 404
    assert f'data-class="{c.pk}"' not in client.get(reverse("learning:class_list")).content.decode()
    client.force_login(personas.nogrant)
    assert client.get(reverse("learning:class_list")).status_code == 403
    assert client.get(reverse("learning:coverage")).status_code == 403


def test_class_list_filters_and_pinned_queries(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                               django_assert_max_num_queries: Any) -> None:
    cadres = [make_cadre(tree.county_a1, name=f"学员{chr(0x4e00 + n)}") for n in range(3)]
    _trained(personas.city_a, tree.county_a1, cadres, timezone.localdate() - timedelta(days=1), kind="rotation")
    _class(personas.city_a, tree.city_a, start_date=date(2025, 3, 1), end_date=date(2025, 3, 3))
    client.force_login(personas.city_a)
    url = reverse("learning:class_list")
    page = client.get(url).content.decode()
    assert "共 2 期" in page
    assert "共 1 期" in client.get(url + "?kind=rotation").content.decode()
    assert "共 1 期" in client.get(url + "?year=2025").content.decode()
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(8):
        _trained(personas.city_a, tree.county_a2, [make_cadre(tree.county_a2, name=f"县二{chr(0x4e00 + n)}某")],
                 timezone.localdate() - timedelta(days=10 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        resp = client.get(url)
    assert "共 10 期" in resp.content.decode()


# ---------------------------------------------------------------- staff enrolment


def test_staff_enrolment_respects_capacity_and_scope(personas: Any, tree: Any, make_cadre: Any) -> None:
    c = _class(personas.city_a, tree.county_a1, capacity=2)
    a, b, d = (make_cadre(tree.county_a1, name=n) for n in ("甲某", "乙某", "丙某"))
    with pytest.raises(ValidationError) as exc:
        training.enrollment_add(actor=personas.county_a1_clerk, training_class=c, cadres=[a, b, d])
    assert exc.value.messages == ["超出计划人数：计划 2 人，已报名 0 人，最多还能报名 2 人"]
    assert not Enrollment.objects.exists()
    rows = training.enrollment_add(actor=personas.county_a1_clerk, training_class=c, cadres=[a, b])
    assert len(rows) == 2 and ObjectChange.objects.filter(action="enrollment.added").count() == 2
    assert training.enrollment_add(actor=personas.county_a1_clerk, training_class=c, cadres=[a]) == []  # already in: no-op
    with pytest.raises(ValidationError) as exc:
        training.enrollment_add(actor=personas.county_a1_clerk, training_class=c, cadres=[d])
    assert exc.value.messages == ["超出计划人数：计划 2 人，已报名 2 人，最多还能报名 0 人"]
    other = make_cadre(tree.county_a2)
    c2 = _class(personas.city_a, tree.county_a1)
    with pytest.raises(ValidationError) as exc:
        training.enrollment_add(actor=personas.city_a, training_class=c2, cadres=[other])
    assert exc.value.messages == [training.MSG_ROSTER]


def test_enrol_page_by_office_and_capacity_message(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    office = [make_cadre(tree.county_a1, name=n, office=tree.county_a1_office) for n in ("赵某", "钱某", "孙某")]
    loose = make_cadre(tree.county_a1, name="李某")
    c = _class(personas.city_a, tree.county_a1, capacity=3)
    client.force_login(personas.county_a1_clerk)
    url = reverse("learning:class_enrol", args=[c.pk])
    page = client.get(url).content.decode()
    assert "干部股（整个科室 3 人）" in page and "尚余 <b data-left>3</b> 个名额" in page
    resp = client.post(url, {"offices": [tree.county_a1_office.pk], "cadres": [loose.pk]})
    assert resp.status_code == 400 and "超出计划人数：计划 3 人，已报名 0 人，最多还能报名 3 人" in resp.content.decode()
    resp = client.post(url, {"offices": [tree.county_a1_office.pk]})
    assert resp.status_code == 303
    assert set(Enrollment.objects.filter(training_class=c).values_list("cadre_id", flat=True)) == {x.pk for x in office}
    detail = client.get(c.get_absolute_url()).content.decode()
    assert 'data-count="total">3<' in detail and "尚余 0 个名额" in detail


# ---------------------------------------------------------------- 点训


def test_self_enrolment_for_linked_cadres_in_scope(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    today = timezone.localdate()
    c = _class(personas.city_a, tree.city_a, open_enrolment=True, capacity=2, start_date=today + timedelta(days=3),
               end_date=today + timedelta(days=5))
    first = training.course_add(actor=personas.city_a, training_class=c, data={"title": "组织工作条例", "capacity": 1})
    second = training.course_add(actor=personas.city_a, training_class=c, data={"title": "公文写作"})
    x, y, z = (make_cadre(tree.county_a1, name=n) for n in ("徐某", "杨某", "钟某"))
    ux, uy, uz = _link(x, "cadre-x"), _link(y, "cadre-y"), _link(z, "cadre-z")
    url = reverse("learning:class_self_enrol", args=[c.pk])

    client.force_login(ux)
    mine = client.get(reverse("learning:mytraining")).content.decode()
    assert f'data-open-class="{c.pk}"' in mine
    assert client.post(url, {}).status_code == 400  # a class with a menu: pick at least one course
    resp = client.post(url, {"courses": [first.pk]})
    assert resp.status_code == 303
    e = Enrollment.objects.get(cadre=x)
    assert e.self_enrolled and list(e.courses.all()) == [first]
    assert ObjectChange.objects.filter(action="enrollment.self_enrolled", object_id=str(e.pk)).exists()

    client.force_login(uy)
    resp = client.post(url, {"courses": [first.pk]})
    assert resp.status_code == 400 and "课程“组织工作条例”已报满（限额 1 人）" in resp.content.decode()
    assert client.post(url, {"courses": [second.pk]}).status_code == 303
    client.force_login(uz)
    resp = client.post(url, {"courses": [second.pk]})
    assert resp.status_code == 400 and "超出计划人数：计划 2 人，已报名 2 人，最多还能报名 0 人" in resp.content.decode()
    client.force_login(ux)  # changing one's own picks takes no new place
    assert client.post(url, {"courses": [first.pk, second.pk]}).status_code == 303
    assert set(Enrollment.objects.get(cadre=x).courses.all()) == {first, second}

    # not linked, outside the organizer's subtree, or a class not open: not offered (404)
    outsider = _link(make_cadre(tree.county_b1, name="吴某"), "cadre-b1")
    for user in (personas.city_a, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404 and client.post(url, {"courses": [second.pk]}).status_code == 404
    closed = _class(personas.city_a, tree.city_a, end_date=today + timedelta(days=9))
    client.force_login(uz)
    assert client.get(reverse("learning:class_self_enrol", args=[closed.pk])).status_code == 404
    with pytest.raises(ValidationError) as exc:
        training.enrollment_self(actor=uz, training_class=closed, courses=[])
    assert exc.value.messages == [training.MSG_CLOSED]
    client.force_login(personas.city_a)
    page = client.get(reverse("learning:mytraining")).content.decode()
    assert "您的账号没有关联组工干部档案" in page
    client.logout()
    assert "/accounts/login/" in client.get(reverse("learning:mytraining"))["Location"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel transactions are tested on PostgreSQL")
def test_last_course_place_taken_once_under_concurrency(personas: Any, tree: Any, make_cadre: Any) -> None:
    today = timezone.localdate()
    c = _class(personas.city_a, tree.city_a, open_enrolment=True, end_date=today + timedelta(days=5))
    course = training.course_add(actor=personas.city_a, training_class=c, data={"title": "限额课程", "capacity": 1})
    users = [_link(make_cadre(tree.county_a1, name=f"并发{chr(0x4e00 + n)}"), f"race-{n}") for n in range(4)]
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def run(user: Any) -> None:
        try:
            barrier.wait()
            training.enrollment_self(actor=user, training_class=TrainingClass.objects.get(pk=c.pk),
                                     courses=[TrainingCourse.objects.get(pk=course.pk)])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert course.enrollments.count() == 1 and len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors)


# ---------------------------------------------------------------- completion


def test_completion_awards_and_reverting_revokes(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a, b = make_cadre(tree.county_a1, name="甲某"), make_cadre(tree.county_a1, name="乙某")
    c = _class(personas.city_a, tree.county_a1)
    training.enrollment_add(actor=personas.city_a, training_class=c, cadres=[a, b])
    ea, eb = Enrollment.objects.get(cadre=a), Enrollment.objects.get(cadre=b)
    client.force_login(personas.county_a1_clerk)
    url = reverse("learning:class_complete", args=[c.pk])
    resp = client.post(url, {f"status_{ea.pk}": "completed", f"score_{ea.pk}": "120", f"version_{ea.pk}": "1"})
    assert resp.status_code == 400 and "甲某：成绩应为 0 到 100 之间的数字" in resp.content.decode()
    resp = client.post(url, {f"status_{ea.pk}": "completed", f"score_{ea.pk}": "88.5", f"version_{ea.pk}": "1",
                             f"status_{eb.pk}": "absent", f"score_{eb.pk}": "", f"version_{eb.pk}": "1"})
    assert resp.status_code == 303
    ea.refresh_from_db()
    eb.refresh_from_db()
    assert (ea.status, ea.score, ea.completed_on) == ("completed", Decimal("88.5"), c.end_date)
    assert (eb.status, eb.completed_on) == ("absent", None)
    entry = PointEntry.objects.get(source=f"enrollment:{ea.pk}")
    assert (entry.cadre, entry.points, entry.date, entry.rule.code) == (a, Decimal(5), c.end_date, "learning.training_completed")
    assert not PointEntry.objects.filter(cadre=b).exists()
    assert ObjectChange.objects.filter(action="enrollment.completed").count() == 2
    detail = client.get(c.get_absolute_url()).content.decode()
    assert 'data-count="completed">1<' in detail and 'data-count="absent">1<' in detail and "88.5" in detail

    resp = client.post(url, {f"status_{ea.pk}": "enrolled", f"version_{ea.pk}": "1"})  # stale sheet
    assert resp.status_code == 409 and "该记录已被他人修改" in resp.content.decode()
    assert client.post(url, {f"status_{ea.pk}": "absent", f"version_{ea.pk}": str(ea.version)}).status_code == 303
    ea.refresh_from_db()
    assert (ea.status, ea.score, ea.completed_on) == ("absent", None, None)
    assert not PointEntry.objects.filter(source=f"enrollment:{ea.pk}").exists()
    assert ObjectChange.objects.filter(action="points.revoked").count() == 1


def test_completion_waits_for_the_end_and_points_are_capped_per_year(personas: Any, tree: Any, make_cadre: Any) -> None:
    a = make_cadre(tree.county_a1)
    future = _class(personas.city_a, tree.county_a1, end_date=timezone.localdate() + timedelta(days=2))
    training.enrollment_add(actor=personas.city_a, training_class=future, cadres=[a])
    with pytest.raises(ValidationError) as exc:
        _complete(personas.city_a, future, {a.pk: ("completed", None)})
    assert exc.value.messages == [f"培训班 {future.end_date:%Y-%m-%d} 结业，结业后才能登记结业情况"]
    year = timezone.localdate().year - 1
    for n in range(7):
        _trained(personas.city_a, tree.county_a1, [a], date(year, 3, 1 + n))
    points = PointEntry.objects.filter(cadre=a, rule__code="learning.training_completed").order_by("date")
    assert [p.points for p in points] == [Decimal(5)] * 6 + [Decimal(0)]  # 30 a year at most
    with pytest.raises(ConflictError):
        e = Enrollment.objects.select_related("cadre").filter(cadre=a, status="completed").first()
        training.enrollment_complete(actor=personas.city_a, training_class=e.training_class,
                                     results=[training.Result(e, "absent", None, e.version + 5)])


# ---------------------------------------------------------------- coverage


def _world(personas: Any, tree: Any, make_cadre: Any) -> dict[str, Any]:
    today = timezone.localdate()
    recent, old, fresh, never = (make_cadre(tree.county_a1, name=n) for n in ("近训某", "将到期", "新训某", "未训某"))
    make_cadre(tree.county_a1, name="退休某", status="retired")  # off the roll: not counted
    city = make_cadre(tree.city_a, name="市本级", office=tree.city_a_office)
    _trained(personas.city_a, tree.city_a, [recent, city], add_months(today, -6))
    _trained(personas.city_a, tree.city_a, [old], add_months(today, -22), kind="rotation")
    _trained(personas.city_a, tree.county_a1, [fresh], today - timedelta(days=20))
    return {"recent": recent, "old": old, "fresh": fresh, "never": never, "city": city}


def test_coverage_numbers_overdue_and_due(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    w = _world(personas, tree, make_cadre)
    result = coverage.coverage(personas.city_a, tree.county_a1)
    assert (result.total.on_roll, result.total.covered, result.total.percent) == (4, 3, Decimal("75.0"))
    assert [e.id for e in result.overdue] == [w["never"].pk] and result.overdue[0].last is None
    assert [e.id for e in result.due] == [w["old"].pk]
    assert result.due[0].expires == add_months(add_months(timezone.localdate(), -22), 24)

    city = coverage.coverage(personas.city_a, tree.city_a)
    assert [(r.name, r.on_roll, r.covered, r.percent) for r in city.rows] == [
        ("本级", 1, 1, Decimal("100.0")), ("甲一县委组织部", 4, 3, Decimal("75.0")), ("甲二县委组织部", 0, 0, Decimal(0))]
    assert city.total.percent == Decimal("80.0")

    client.force_login(personas.city_a)
    page = client.get(reverse("learning:coverage") + f"?unit={tree.county_a1.pk}").content.decode()
    assert f'data-overdue="{w["never"].pk}"' in page and "从未参训" in page and f'data-due="{w["old"].pk}"' in page
    assert "75.0%" in page and "应训未训（1）" in page and "即将到期（1）" in page
    # the county sees its own cadres' training at the city's class (enrolments read by the cadre's unit too)
    assert coverage.coverage(personas.county_a1_readonly, tree.county_a1).total.covered == 3


def test_coverage_rule_nearest_wins_and_kinds(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    w = _world(personas, tree, make_cadre)
    client.force_login(personas.city_a)
    url = reverse("learning:coverage_rule")
    resp = client.post(url, {"window_months": "12", "due_months": "12"})
    assert resp.status_code == 400 and "提前提醒的月数应小于轮训周期" in resp.content.decode()
    assert client.post(url, {"window_months": "12", "due_months": "1"}).status_code == 303
    rule = CoverageRule.objects.get(org_unit=tree.city_a)
    assert (rule.window_months, rule.due_months, rule.kinds) == (12, 1, [])
    assert ObjectChange.objects.filter(action="coveragerule.saved").count() == 1
    result = coverage.coverage(personas.city_a, tree.county_a1)
    assert result.total.covered == 2 and {e.id for e in result.overdue} == {w["never"].pk, w["old"].pk}
    # the county's own rule (nearer) counts only 轮训 classes over 36 months
    training.coveragerule_save(actor=personas.city_a, org_unit=tree.county_a1, window_months=36, due_months=3, kinds=["rotation"])
    result = coverage.coverage(personas.city_a, tree.city_a)
    assert [(r.name, r.covered) for r in result.rows] == [("本级", 1), ("甲一县委组织部", 1), ("甲二县委组织部", 0)]
    assert coverage.rule_for(tree.county_a1).window_months == 36 and coverage.rule_for(tree.county_a2).window_months == 12


def test_coverage_queries_do_not_grow_with_cadres(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                                  django_assert_max_num_queries: Any) -> None:
    today = timezone.localdate()
    first = [make_cadre(tree.county_a1, name=f"学员{chr(0x4e00 + n)}") for n in range(10)]
    _trained(personas.city_a, tree.county_a1, first[:5], today - timedelta(days=30))
    client.force_login(personas.city_a)
    url = reverse("learning:coverage")
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    more = [make_cadre(tree.county_a2, name=f"学员{chr(0x4f00 + n)}") for n in range(30)]
    _trained(personas.city_a, tree.county_a2, more[:15], today - timedelta(days=40))
    with django_assert_max_num_queries(len(few.captured_queries)):
        resp = client.get(url)
    assert "应训未训（20）" in resp.content.decode()
    assert coverage.coverage(personas.city_a, tree.city_a).total.percent == Decimal("50.0")
