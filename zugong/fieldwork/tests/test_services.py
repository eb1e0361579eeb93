"""Services of 基层工作: 人次 kept from the cadres, scope and input checks, optimistic locking, the rectification ledger
hand-over, research topics with their report file and milestones."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.core.errors import ConflictError, ValidationError
from zugong.fieldwork import services, topics
from zugong.fieldwork.models import FieldVisit, GrassrootsProblem, Pairing
from zugong.fieldwork.tests.conftest import visit_data
from zugong.opinions.models import Measure, OpinionCategory, Problem

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _errors(exc: Any) -> dict[str, list[str]]:
    return dict(exc.value.message_dict)


def test_visit_counts_one_person_time_per_distinct_cadre(personas: Any, tree: Any, staff: Any) -> None:
    c1, c2, _ = staff.a1
    v = services.visit_create(actor=personas.city_a, data=visit_data(tree.county_a1, [c1, c2, c1], contact_point=staff.point))
    assert v.person_count == 2 and set(v.cadres.all()) == {c1, c2}
    # a cadre of a unit below counts: city A's visit with an A1 and an A2 cadre
    v2 = services.visit_create(actor=personas.city_a, data=visit_data(tree.city_a, [c1, staff.a2]))
    assert v2.person_count == 2
    v = services.visit_update(actor=personas.city_a, visit=v, expected_version=v.version,
                              data=visit_data(tree.county_a1, staff.a1, contact_point=staff.point))
    assert FieldVisit.objects.get(pk=v.pk).person_count == 3 and v.version == 2
    assert ObjectChange.objects.filter(action="fieldvisit.updated", object_id=str(v.pk)).exists()


def test_visit_refuses_bad_input_and_writes_nothing(personas: Any, tree: Any, staff: Any) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.visit_create(actor=personas.province, data=visit_data(tree.county_a1, [staff.a1[0], staff.b1], date=tomorrow, place=" "))
    errors = _errors(exc)
    assert errors["cadres"] == [services.MSG_CADRE_SCOPE.format(name="王五")]
    assert errors["date"] == [services.MSG_FUTURE] and errors["place"] == [services.MSG_PLACE]
    with pytest.raises(ValidationError) as exc:
        services.visit_create(actor=personas.province, data=visit_data(tree.county_a2, [staff.a2], contact_point=staff.point))
    assert _errors(exc)["contact_point"] == [services.MSG_POINT_UNIT]
    with pytest.raises(ValidationError) as exc:
        services.visit_create(actor=personas.province, data=visit_data(tree.county_a1_office, staff.a1[:1]))
    assert _errors(exc)["org_unit"] == [services.MSG_UNIT]
    with pytest.raises(PermissionDenied):  # B1's administrator may not write into city A's subtree
        services.visit_create(actor=personas.county_b1, data=visit_data(tree.county_a1, staff.a1[:1]))
    with pytest.raises(PermissionDenied):  # read-only
        services.visit_create(actor=personas.county_a1_readonly, data=visit_data(tree.county_a1, staff.a1[:1]))
    assert FieldVisit.objects.count() == 0


def test_stale_edit_conflicts(personas: Any, tree: Any, staff: Any) -> None:
    v = services.visit_create(actor=personas.province, data=visit_data(tree.county_a1, staff.a1[:1]))
    services.visit_update(actor=personas.province, visit=v, expected_version=1, data=visit_data(tree.county_a1, staff.a1[:2]))
    stale = FieldVisit.objects.get(pk=v.pk)
    with pytest.raises(ConflictError):
        services.visit_update(actor=personas.province, visit=stale, expected_version=1, data=visit_data(tree.county_a1, staff.a1))
    assert FieldVisit.objects.get(pk=v.pk).person_count == 2 and v.cadres.count() == 2


def test_contact_point_office_must_be_the_units(personas: Any, tree: Any, staff: Any) -> None:
    data = {"org_unit": tree.county_a2, "office": tree.county_a1_office, "name": "某村党支部", "since": timezone.localdate()}
    with pytest.raises(ValidationError) as exc:
        services.point_create(actor=personas.province, data=data)
    assert _errors(exc)["office"] == [services.MSG_OFFICE]
    with pytest.raises(ValidationError) as exc:
        services.point_create(actor=personas.province, data={**data, "org_unit": tree.county_a1, "name": "新阳社区党委"})
    assert _errors(exc)["name"] == [services.MSG_POINT_DUP]
    v = services.visit_create(actor=personas.province, data=visit_data(tree.county_a1, staff.a1[:1], contact_point=staff.point))
    services.point_delete(actor=personas.province, point=staff.point)
    assert FieldVisit.objects.get(pk=v.pk).contact_point is None


def test_pairing_end_and_contact_log(personas: Any, tree: Any, staff: Any) -> None:
    today = timezone.localdate()
    data = {"org_unit": tree.county_a1, "cadre": staff.a1[0], "counterpart_kind": "family", "counterpart_name": "王桂兰",
            "start_date": today - timedelta(days=30), "status": "ended"}
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(actor=personas.province, data=data)
    assert _errors(exc)["end_date"] == [services.MSG_ENDED]
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(actor=personas.province, data={**data, "cadre": staff.b1, "status": "active"})
    assert _errors(exc)["cadre"] == [services.MSG_CADRE_SCOPE.format(name="王五")]
    p = services.pairing_create(actor=personas.province, data={**data, "status": "active"})
    assert p.status == Pairing.Status.ACTIVE
    services.contact_add(actor=personas.county_a1_clerk, pairing=p, day=today, content="电话联系，了解近况")
    with pytest.raises(ValidationError):
        services.contact_add(actor=personas.province, pairing=p, day=today - timedelta(days=31), content="早于结对")
    with pytest.raises(PermissionDenied):
        services.contact_add(actor=personas.county_a1_readonly, pairing=p, day=today, content="只读")
    assert list(p.contacts.values_list("content", flat=True)) == ["电话联系，了解近况"]


def _problem(personas: Any, tree: Any, **extra: Any) -> GrassrootsProblem:
    data = {"org_unit": tree.county_a1, "description": "社区活动场所冬季取暖不足", "raised_on": timezone.localdate(), "status": "unsolved",
            **extra}
    return services.problem_create(actor=personas.province, data=data)


def test_solved_problem_needs_date_and_result(personas: Any, tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _problem(personas, tree, status="solved")
    assert _errors(exc) == {"solved_on": [services.MSG_SOLVED_ON], "result": [services.MSG_RESULT]}
    other = services.visit_create(actor=personas.province, data=visit_data(tree.county_a2, [staff.a2]))
    with pytest.raises(ValidationError) as exc:
        _problem(personas, tree, visit=other)
    assert _errors(exc)["visit"] == [services.MSG_VISIT_UNIT]
    p = _problem(personas, tree, status="solved", solved_on=timezone.localdate(), result="已协调供暖公司解决")
    assert p.solved_on == timezone.localdate()


def test_unsolved_problem_goes_to_the_ledger_once(personas: Any, tree: Any, staff: Any) -> None:
    v = services.visit_create(actor=personas.province, data=visit_data(tree.county_a1, staff.a1[:1]))
    p = _problem(personas, tree, visit=v)
    category = OpinionCategory.objects.filter(is_active=True).first()
    p = services.problem_to_ledger(actor=personas.city_a, problem=p, category=category, expected_version=p.version,
                                   data={"content": "协调解决取暖", "responsible": "组织股", "days": 10})
    lp, m = Problem.objects.get(), Measure.objects.get()
    assert p.ledger_problem == lp and p.ledger_measure == m and p.version == 2
    assert lp.org_unit == tree.county_a1 and lp.title == "社区活动场所冬季取暖不足" and "下基层" in lp.description
    assert m.org_unit == tree.county_a1 and m.status == Measure.Status.PLANNED and m.responsible == "组织股"
    with pytest.raises(ValidationError) as exc:
        services.problem_to_ledger(actor=personas.city_a, problem=p, category=category, expected_version=p.version, data={"content": "再次"})
    assert exc.value.messages == [services.MSG_LEDGER_DONE]
    with pytest.raises(ValidationError) as exc:
        services.problem_delete(actor=personas.province, problem=p)
    assert exc.value.messages == [services.MSG_LEDGER_LINKED]
    solved = _problem(personas, tree, status="solved", solved_on=timezone.localdate(), result="已解决")
    with pytest.raises(ValidationError) as exc:
        services.problem_to_ledger(actor=personas.city_a, problem=solved, category=category, expected_version=solved.version,
                                   data={"content": "x", "days": 5})
    assert exc.value.messages == [services.MSG_LEDGER_SOLVED]
    bad = _problem(personas, tree)
    with pytest.raises(ValidationError):  # the ledger's own checks (no deadline): nothing half-written
        services.problem_to_ledger(actor=personas.city_a, problem=bad, category=category, expected_version=bad.version,
                                   data={"content": "措施"})
    assert Problem.objects.count() == 1 and GrassrootsProblem.objects.get(pk=bad.pk).ledger_problem_id is None


def test_topic_report_rating_adoption_and_milestones(personas: Any, tree: Any, staff: Any) -> None:
    today = timezone.localdate()
    lead, member, other = staff.a1
    data = {"org_unit": tree.county_a1, "title": "基层党组织组织力提升路径研究", "year": today.year, "lead": lead, "team": [lead, member]}
    with pytest.raises(ValidationError) as exc:
        topics.topic_create(actor=personas.province, data=data, report=SimpleUploadedFile("报告.pdf", PDF))
    assert _errors(exc)["report_date"] == [topics.MSG_REPORT_DATE]
    with pytest.raises(ValidationError) as exc:
        topics.topic_create(actor=personas.province, data={**data, "adopted": True, "rating": "good"})
    assert _errors(exc) == {"adopted": [topics.MSG_ADOPTED], "rating": [topics.MSG_RATING]}
    with pytest.raises(ValidationError) as exc:
        topics.topic_create(actor=personas.province, data={**data, "team": [staff.b1]})
    assert _errors(exc)["team"] == [services.MSG_CADRE_SCOPE.format(name="王五")]
    t = topics.topic_create(actor=personas.province, data=data)
    assert list(t.team.all()) == [member]  # the lead is not listed twice
    with pytest.raises(ValidationError):  # not a PDF
        topics.topic_update(actor=personas.province, topic=t, expected_version=t.version, data={**data, "report_date": today},
                            report=SimpleUploadedFile("报告.pdf", b"not a pdf"))
    t.refresh_from_db()
    assert t.report_file_id is None and t.version == 1
    t = topics.topic_update(actor=personas.province, topic=t, expected_version=t.version, report=SimpleUploadedFile("报告.pdf", PDF),
                            data={**data, "team": [member, other], "report_date": today, "rating": "excellent", "adopted": True,
                                  "adoption_note": "转化为《关于加强社区党组织建设的意见》"})
    assert t.report_file is not None and t.report_file.name == "报告.pdf" and t.rating == "excellent" and t.adopted
    assert t.team.count() == 2
    m = topics.milestone_add(actor=personas.county_a1_clerk, topic=t, day=today, title="开题论证")
    topics.milestone_set_done(actor=personas.province, milestone=m, done=True)
    assert t.milestones.get().done
    with pytest.raises(ValidationError):
        topics.milestone_add(actor=personas.province, topic=t, day=None, title="")
