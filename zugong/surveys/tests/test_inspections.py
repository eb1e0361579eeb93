"""The lowest-ranked regions get special inspections at close; what they find becomes problems of the region in
the rectification ledger, with the suggestions counted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from zugong.core.errors import ValidationError
from zugong.notices.models import Notice
from zugong.opinions.models import Measure, OpinionCategory, Problem
from zugong.surveys import ballots, closing, inspections
from zugong.surveys.models import SpecialInspection, Survey
from zugong.surveys.tests.conftest import answers_for, issue_all

pytestmark = pytest.mark.django_db


def _closed(personas: Any, survey: Survey, *, bottom_n: int = 1, bottom_n_sub: int = 1) -> Survey:
    cache.clear()
    Survey.objects.filter(pk=survey.pk).update(bottom_n=bottom_n, bottom_n_sub=bottom_n_sub)
    survey.refresh_from_db()
    plan = {"甲市委组织部": 1, "乙市委组织部": 3, "甲一县委组织部": 1, "甲二县委组织部": 2, "乙一县委组织部": 3}
    for (target, _cat), cs in issue_all(personas.province, survey).items():
        for c in cs:
            ballots.ballot_submit(c, answers_for(survey, plan[target]))
    return closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)


def test_bottom_regions_get_inspections_at_close(personas: Any, survey: Survey) -> None:
    s = _closed(personas, survey)
    planned = {(i.region.name, i.kind, i.rank) for i in SpecialInspection.objects.filter(survey=s).select_related("region")}
    assert planned == {("乙市委组织部", "supervision", 2), ("乙一县委组织部", "special", 3)}
    assert Notice.objects.filter(recipient=personas.province, dedupe_key=f"survey-inspections:{s.pk}").exists()


def test_ties_at_the_cut_are_all_inspected(personas: Any, survey: Survey) -> None:
    s = _closed(personas, survey, bottom_n=0, bottom_n_sub=3)
    # counties: A1 and A2 tie at 100% (基本满意 counts as satisfied), B1 is last: the bottom three are all three
    regions = set(SpecialInspection.objects.filter(survey=s).values_list("region__name", flat=True))
    assert regions == {"甲一县委组织部", "甲二县委组织部", "乙一县委组织部"}


def test_recording_an_inspection_opens_problems_in_the_ledger(personas: Any, survey: Survey, client: Any) -> None:
    s = _closed(personas, survey)
    i = SpecialInspection.objects.get(survey=s, region__name="乙市委组织部")
    category = OpinionCategory.objects.get(code="selection")
    with pytest.raises(ValidationError) as e:
        inspections.inspection_record(actor=personas.province, inspection=i, done_on=None, group="", summary="",
                                      findings=[inspections.FindingInput("", None)], expected_version=i.version)
    assert set(e.value.message_dict) == {"done_on", "summary", "findings"}
    client.force_login(personas.province)
    page = client.post(i.get_absolute_url(), {
        "done_on": timezone.localdate().isoformat(), "group": "省委组织部第一督导组", "summary": "听取汇报，个别谈话 20 人", "version": i.version,
        "title_0": "选人用人工作透明度不高", "category_0": category.pk, "suggestions_0": "推行任前公示全覆盖\n建立干部选任纪实",
        "title_1": "群众对干部工作了解不多", "category_1": category.pk, "suggestions_1": "开展组织工作开放日"})
    assert page.status_code == 303
    i.refresh_from_db()
    assert i.status == "done" and i.findings.count() == 2 and sum(f.suggestion_count for f in i.findings.all()) == 3
    problems = Problem.objects.filter(org_unit__name="乙市委组织部")
    assert problems.count() == 2 and "来源：" in problems.first().description
    # the region sees its inspection and the problems, and plans measures on the ledger as usual
    from zugong.opinions import measures

    p = problems.get(title="选人用人工作透明度不高")
    measures.measure_create(actor=personas.province, problem=p, data={"content": "任前公示", "org_unit": p.org_unit, "days": 20})
    assert Measure.objects.filter(problem=p).count() == 1
    detail = client.get(i.get_absolute_url())
    assert 'data-problems="2"' in detail.content.decode() and 'data-suggestions="3"' in detail.content.decode()
    # a stale second post conflicts instead of overwriting
    stale = client.post(i.get_absolute_url(), {"done_on": timezone.localdate().isoformat(), "summary": "改", "version": 1})
    assert stale.status_code == 409


def test_inspections_are_seen_by_the_organizer_and_the_region_only(personas: Any, survey: Survey, client: Any) -> None:
    s = _closed(personas, survey)
    i = SpecialInspection.objects.get(survey=s, region__name="乙一县委组织部")
    client.force_login(personas.county_b1)
    assert client.get(i.get_absolute_url()).status_code == 200
    assert client.post(i.get_absolute_url(), {"summary": "x"}).status_code == 403
    client.force_login(personas.city_a)
    assert client.get(i.get_absolute_url()).status_code == 404
    listing = client.get("/surveys/inspections/")
    assert listing.status_code == 200 and "乙一县委组织部" not in listing.content.decode()
