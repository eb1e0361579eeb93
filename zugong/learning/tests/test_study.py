"""学: study sessions (attendees, whole offices, materials, points with the daily cap), editing, study
hours against the per-rank requirement (nearest unit wins), scope and query budgets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.core.errors import ConflictError, ValidationError
from zugong.learning import coverage, study, training
from zugong.learning.models import Enrollment, StudyAttendance, StudyKind, StudyRequirement, StudySession
from zugong.points.models import PointEntry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(**extra: Any) -> dict[str, Any]:
    return {"kind": StudyKind.objects.get(code="central_group"), "date": timezone.localdate() - timedelta(days=1),
            "hours": Decimal("2.5"), "topic": "学习党的二十届四中全会精神", "speaker": "王部长", "place": "三楼会议室", "summary": "", **extra}


def _session(actor: Any, unit: Any, cadres: list[Any], **extra: Any) -> StudySession:
    return study.studysession_create(actor=actor, org_unit=unit, data=_data(**extra), attendees=cadres)


def test_session_create_records_attendance_points_and_audit(personas: Any, tree: Any, make_cadre: Any) -> None:
    a, b = make_cadre(tree.county_a1, name="张三"), make_cadre(tree.county_a1, name="李四")
    s = _session(personas.county_a1_clerk, tree.county_a1, [a, b])
    assert sorted(StudyAttendance.objects.filter(session=s).values_list("cadre_id", flat=True)) == sorted([a.pk, b.pk])
    entries = PointEntry.objects.filter(source=f"study:{s.pk}")
    assert entries.count() == 2 and {e.points for e in entries} == {Decimal(1)}
    assert {e.date for e in entries} == {s.date} and {e.rule.code for e in entries} == {"learning.study_attended"}
    change = ObjectChange.objects.get(action="studysession.created")
    assert change.after["attendees"] == sorted([a.pk, b.pk]) and change.actor_name == "a1-clerk"


def test_three_sessions_on_one_day_give_two_points(personas: Any, tree: Any, make_cadre: Any) -> None:
    c = make_cadre(tree.county_a1)
    day = timezone.localdate() - timedelta(days=2)
    for n in range(3):
        _session(personas.county_a1_clerk, tree.county_a1, [c], date=day, topic=f"第{n + 1}次学习")
    entries = PointEntry.objects.filter(cadre=c, rule__code="learning.study_attended").order_by("id")
    assert entries.count() == 3
    assert [e.points for e in entries] == [Decimal(1), Decimal(1), Decimal(0)] and [e.capped for e in entries] == [False, False, True]
    assert entries.aggregate(s=Sum("points"))["s"] == Decimal(2)


def test_session_validation_in_chinese(personas: Any, tree: Any, make_cadre: Any) -> None:
    outsider = make_cadre(tree.county_a2)
    with pytest.raises(ValidationError) as exc:
        study.studysession_create(actor=personas.city_a, org_unit=tree.county_a1, attendees=[outsider],
                                  data=_data(date=timezone.localdate() + timedelta(days=1), hours=Decimal(25), topic=" "))
    errors = exc.value.message_dict
    assert errors["date"] == [study.MSG_FUTURE] and errors["hours"] == [study.MSG_HOURS]
    assert errors["topic"] == [study.MSG_TOPIC] and errors["attendees"] == [study.MSG_ROSTER]
    with pytest.raises(ValidationError) as exc:
        study.studysession_create(actor=personas.city_a, org_unit=tree.county_a1, attendees=[], data=_data(hours=Decimal(0)))
    assert exc.value.message_dict == {"hours": [study.MSG_HOURS], "attendees": [study.MSG_NO_ATTENDEES]}
    retired = make_cadre(tree.county_a1, status="retired")
    with pytest.raises(ValidationError) as exc:
        _session(personas.city_a, tree.county_a1, [retired])
    assert exc.value.message_dict["attendees"] == [study.MSG_ROSTER]
    assert not StudySession.objects.exists() and not PointEntry.objects.exists()


def test_page_add_with_whole_office_without_js_and_materials(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    in_office = [make_cadre(tree.county_a1, name=n, office=tree.county_a1_office) for n in ("赵一", "钱二")]
    loose = make_cadre(tree.county_a1, name="孙三")
    other = make_cadre(tree.county_a1, name="周四")
    client.force_login(personas.city_a)
    page = client.get(reverse("learning:study_add") + f"?unit={tree.county_a1.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "甲一县委组织部 · 干部股（整个科室 2 人）" in html
    assert f'name="offices" value="{tree.county_a1_office.pk}"' in html and f'data-roster-cadre="{loose.pk}"' in html
    url = reverse("learning:study_add") + f"?unit={tree.county_a1.pk}"
    resp = client.post(url, {"kind": StudyKind.objects.get(code="party_lecture").pk, "date": timezone.localdate().isoformat(),
                             "hours": "3", "topic": "专题党课", "offices": [tree.county_a1_office.pk], "attendees": [loose.pk],
                             "attachments": [SimpleUploadedFile("讲稿.pdf", PDF)]})
    assert resp.status_code == 303
    s = StudySession.objects.get()
    assert s.org_unit == tree.county_a1 and s.created_by == personas.city_a
    assert set(s.attendance.values_list("cadre_id", flat=True)) == {in_office[0].pk, in_office[1].pk, loose.pk}
    assert other.pk not in set(s.attendance.values_list("cadre_id", flat=True))
    f = s.files.get()
    detail = client.get(s.get_absolute_url()).content.decode()
    assert "参加人员（3 人）" in detail and "讲稿.pdf" in detail
    download = client.get(reverse("learning:study_file", args=[s.pk, f.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(personas.county_b1)
    assert client.get(reverse("learning:study_file", args=[s.pk, f.pk])).status_code == 404
    assert client.get(s.get_absolute_url()).status_code == 404


def test_page_errors_are_400_in_chinese(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    outsider = make_cadre(tree.county_a2)
    client.force_login(personas.county_a1_clerk)
    resp = client.post(reverse("learning:study_add"), {
        "kind": "abc", "date": "2026-13-01", "hours": "x", "topic": "", "attendees": [outsider.pk, "¹"], "offices": ["9" * 30]})
    html = resp.content.decode()
    assert resp.status_code == 400
    for msg in ("请选择学习形式", "请输入正确的日期", "学时应为数字", "请填写学习主题", "参加人员应为本单位及下级在册的组工干部"):
        assert msg in html, msg
    assert not StudySession.objects.exists()


def test_unit_choice_is_limited_to_the_add_scope(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.county_a1_clerk)
    page = client.get(reverse("learning:study_add") + f"?unit={tree.county_b1.pk}")  # not theirs: their own unit is used
    assert page.status_code == 200 and "登记学习活动（甲一县委组织部）" in page.content.decode()
    assert [u.pk for u in study.units_with(personas.city_a, study.ADD)] == [tree.city_a.pk, tree.county_a1.pk, tree.county_a2.pk]


def test_edit_moves_points_and_refuses_stale_versions(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a, b, c = (make_cadre(tree.county_a1, name=n) for n in ("甲某", "乙某", "丙某"))
    s = _session(personas.county_a1_clerk, tree.county_a1, [a, b])
    study.studysession_update(actor=personas.county_a1_clerk, session=s, data=_data(topic="改后的主题"), attendees=[b, c],
                              expected_version=s.version)
    s.refresh_from_db()
    assert s.topic == "改后的主题" and s.version == 2
    assert set(PointEntry.objects.filter(source=f"study:{s.pk}").values_list("cadre_id", flat=True)) == {b.pk, c.pk}
    with pytest.raises(ConflictError):
        study.studysession_update(actor=personas.county_a1_clerk, session=s, data=_data(), attendees=[b], expected_version=1)
    new_day = timezone.localdate() - timedelta(days=5)
    study.studysession_update(actor=personas.county_a1_clerk, session=s, data=_data(date=new_day), attendees=[b, c],
                              expected_version=s.version)
    assert set(PointEntry.objects.filter(source=f"study:{s.pk}").values_list("date", flat=True)) == {new_day}
    assert ObjectChange.objects.filter(action="studysession.updated").count() == 2
    client.force_login(personas.county_a1_clerk)
    resp = client.post(reverse("learning:study_edit", args=[s.pk]), {
        "kind": s.kind_id, "date": new_day.isoformat(), "hours": "2", "topic": "x", "attendees": [b.pk], "version": "1"})
    assert resp.status_code == 409 and "该记录已被他人修改" in resp.content.decode()


def test_scope_and_permissions_on_study_pages(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    s = _session(personas.county_a1_clerk, tree.county_a1, [make_cadre(tree.county_a1)])
    client.force_login(personas.county_a1_readonly)
    assert client.get(s.get_absolute_url()).status_code == 200
    assert client.get(reverse("learning:study_add")).status_code == 403
    assert client.post(reverse("learning:study_add"), {"topic": "x"}).status_code == 403
    assert client.get(reverse("learning:study_edit", args=[s.pk])).status_code == 403
    assert client.post(reverse("learning:study_edit", args=[s.pk]), {"topic": "x"}).status_code == 403
    assert client.get(reverse("learning:hours_requirement")).status_code == 403
    assert client.post(reverse("learning:hours_requirement"), {"hours": "10"}).status_code == 403
    client.force_login(personas.county_b1)
    assert client.get(reverse("learning:study_edit", args=[s.pk])).status_code == 404
    assert client.get(reverse("learning:study_list") + f"?unit={tree.county_a1.pk}").status_code == 404
    assert client.get(reverse("learning:hours") + f"?unit={tree.county_a1.pk}").status_code == 404
    listed = client.get(reverse("learning:study_list")).content.decode()
    assert f'data-study="{s.pk}"' not in listed
    client.force_login(personas.nogrant)
    assert client.get(reverse("learning:study_list")).status_code == 403


def test_list_filters_and_pinned_queries(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                         django_assert_max_num_queries: Any) -> None:
    cadres = [make_cadre(tree.county_a1, name=f"干部{chr(0x4e00 + n)}") for n in range(3)]
    lecture = StudyKind.objects.get(code="party_lecture")
    _session(personas.city_a, tree.county_a1, cadres, kind=lecture, topic="党课一")
    _session(personas.city_a, tree.county_a2, [make_cadre(tree.county_a2)], topic="县二学习")
    _session(personas.city_a, tree.city_a, cadres[:1], topic="市级学习", date=date(2025, 6, 1))
    client.force_login(personas.city_a)
    url = reverse("learning:study_list")
    page = client.get(url).content.decode()
    assert "共 3 次" in page and "党课一" in page
    assert "共 1 次" in client.get(url + "?kind=party_lecture").content.decode()
    assert "共 1 次" in client.get(url + "?year=2025").content.decode()
    assert "共 1 次" in client.get(url + f"?unit={tree.county_a2.pk}").content.decode()
    assert "共 3 次" in client.get(url + "?kind=nope&year=abc&unit=¹").content.decode()
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(12):
        _session(personas.city_a, tree.county_a1, cadres, topic=f"学习{n}", date=timezone.localdate() - timedelta(days=n + 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        resp = client.get(url)
    assert "共 15 次" in resp.content.decode()


# ---------------------------------------------------------------- hours


def _completed(personas: Any, unit: Any, cadres: list[Any], *, hours: str, end: date) -> None:
    c = training.trainingclass_create(actor=personas.province, org_unit=unit, data={
        "title": "专题培训班", "kind": "topical", "start_date": end - timedelta(days=2), "end_date": end, "hours": Decimal(hours)})
    rows = training.enrollment_add(actor=personas.province, training_class=c, cadres=cadres)
    rows = list(Enrollment.objects.filter(pk__in=[r.pk for r in rows]).select_related("cadre"))
    training.enrollment_complete(actor=personas.province, training_class=c, results=[
        training.Result(e, "completed", Decimal(90), e.version) for e in rows])


def test_hours_against_the_nearest_requirement(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    year = timezone.localdate().year
    staff = make_cadre(tree.county_a1, name="科员甲", rank="staff")
    chief = make_cadre(tree.county_a1, name="股长乙", rank="section_chief")
    far = make_cadre(tree.county_a2, name="县二丙", rank="staff")
    study.requirement_save(actor=personas.province, org_unit=tree.province, rank="", hours="40")
    study.requirement_save(actor=personas.city_a, org_unit=tree.city_a, rank="", hours="20")
    study.requirement_save(actor=personas.city_a, org_unit=tree.county_a1, rank="staff", hours="10")
    _session(personas.city_a, tree.county_a1, [staff, chief], hours=Decimal(4), date=date(year, 1, 2))
    _session(personas.city_a, tree.city_a, [chief], hours=Decimal(3), date=date(year - 1, 12, 30))  # last year: not counted
    _completed(personas, tree.city_a, [staff], hours="8", end=date(year, 1, 5))
    rows = {r.id: r for r in coverage.hours(personas.city_a, tree.city_a, year)}
    assert (rows[staff.pk].study, rows[staff.pk].training, rows[staff.pk].hours) == (Decimal(4), Decimal(8), Decimal(12))
    assert rows[staff.pk].required == Decimal(10) and rows[staff.pk].shortfall == 0  # the county's staff setting
    assert rows[chief.pk].required == Decimal(20) and rows[chief.pk].shortfall == Decimal(16)  # the city's all-ranks setting
    assert rows[far.pk].required == Decimal(20) and rows[far.pk].shortfall == Decimal(20)
    client.force_login(personas.city_a)
    page = client.get(reverse("learning:hours") + "?short=1").content.decode()
    assert f'data-cadre="{chief.pk}"' in page and f'data-cadre="{far.pk}"' in page and f'data-cadre="{staff.pk}"' not in page
    assert "在册 3 人，未达标 <span data-short-count>2</span> 人" in page
    last = client.get(reverse("learning:hours") + f"?year={year - 1}").content.decode()
    assert f'data-cadre="{chief.pk}"' in last and 'data-shortfall="17.0"' in last  # 20 - 3


def test_requirement_page_saves_and_removes(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    url = reverse("learning:hours_requirement")
    assert client.post(url, {"rank": "staff", "hours": "abc"}).status_code == 400
    resp = client.post(url, {"rank": "nope", "hours": "12"})
    assert resp.status_code == 400 and "职级不对" in resp.content.decode()
    assert client.post(url, {"rank": "staff", "hours": "12.5"}).status_code == 303
    assert client.post(url, {"rank": "staff", "hours": "15"}).status_code == 303
    r = StudyRequirement.objects.get(org_unit=tree.city_a, rank="staff")
    assert r.hours == Decimal("15.0")
    assert ObjectChange.objects.filter(action="studyrequirement.saved").count() == 2
    assert "科员" in client.get(url).content.decode()
    assert client.post(url, {"rank": "staff", "hours": ""}).status_code == 303
    assert not StudyRequirement.objects.exists() and ObjectChange.objects.filter(action="studyrequirement.saved").count() == 3


def test_hours_page_queries_do_not_grow_with_cadres(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                                    django_assert_max_num_queries: Any) -> None:
    study.requirement_save(actor=personas.city_a, org_unit=tree.city_a, rank="", hours="20")
    cadres = [make_cadre(tree.county_a1, name=f"干部{chr(0x4e00 + n)}") for n in range(10)]
    _session(personas.city_a, tree.county_a1, cadres)
    client.force_login(personas.city_a)
    url = reverse("learning:hours")
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    more = [make_cadre(tree.county_a2, name=f"干部{chr(0x4f00 + n)}") for n in range(30)]
    _session(personas.city_a, tree.county_a2, more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        resp = client.get(url)
    assert "在册 40 人" in resp.content.decode()


def test_study_kinds_are_kept_by_the_province(personas: Any, client: Any) -> None:
    from zugong.learning import kinds


    client.force_login(personas.city_a)
    page = client.get(reverse("learning:kind_list"))
    assert page.status_code == 200 and "党课" in page.content.decode() and "新增学习形式" not in page.content.decode()
    assert client.get(reverse("learning:kind_add")).status_code == 403
    client.force_login(personas.province)
    r = client.post(reverse("learning:kind_add"), {"code": "Bad Code", "name": "党课", "order": "5"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "代码用小写英文字母开头" in html and "已有名为“党课”的学习形式" in html
    r = client.post(reverse("learning:kind_add"), {"code": "theory_salon", "name": "理论沙龙", "order": "95", "is_active": "on"})
    assert r.status_code == 303
    salon = StudyKind.objects.get(code="theory_salon")
    assert salon.name == "理论沙龙" and salon.is_active
    r = client.post(reverse("learning:kind_edit", args=[salon.pk]), {"name": "理论沙龙（停用）", "order": "95"})
    salon.refresh_from_db()
    assert r.status_code == 303 and salon.code == "theory_salon" and not salon.is_active
    assert kinds.can_change(personas.province) and not kinds.can_change(personas.city_a)


def test_lists_export_the_filtered_rows(personas: Any, tree: Any, make_cadre: Any, client: Any) -> None:
    import io

    from openpyxl import load_workbook

    c = make_cadre(tree.county_a1, name="导出人")
    kinds = {k.code: k for k in StudyKind.objects.all()}
    for code in ("party_lecture", "party_lecture", "central_group"):
        study.studysession_create(actor=personas.province, org_unit=tree.county_a1, attendees=[c], data={
            "kind": kinds[code], "date": timezone.localdate(), "hours": Decimal(2), "topic": f"主题{code}"})
    client.force_login(personas.city_a)
    r = client.get(reverse("learning:study_list") + f"?unit={tree.county_a1.pk}&kind=party_lecture&export=xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "形式", "主题") and len(rows) == 3 and {row[1] for row in rows[1:]} == {"党课"}
    assert ObjectChange.objects.filter(action="learning.exported").count() == 1
    r = client.get(reverse("learning:class_list") + "?export=xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
