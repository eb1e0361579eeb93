"""Services of 岗位风险防控: posts, catalogue risk points, the self-check and its next date, findings into the ledger,
the overdue list and the tenure rule, accountability notices; scope is re-checked on every write."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zugong.accounts.access import SYSTEM
from zugong.core.calendar import add_months
from zugong.core.errors import ConflictError, ValidationError
from zugong.opinions.models import Measure, Problem
from zugong.risks import selectors, services
from zugong.risks.catalogue import BY_CODE, CATALOGUE
from zugong.risks.models import Category, Level, Post, ReviewResult, RiskPoint

pytestmark = pytest.mark.django_db
P, N = ReviewResult.Result.PROBLEM, ReviewResult.Result.NORMAL


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else {"__all__": exc.value.messages}


def test_catalogue_covers_the_categories_with_chinese_entries() -> None:
    assert 24 <= len(CATALOGUE) <= 30 and len(BY_CODE) == len(CATALOGUE)
    cats = {e.category for e in CATALOGUE}
    assert {Category.SELECTION, Category.FILES, Category.DUES, Category.TALENT, Category.SUPERVISION, Category.OFFICE} <= cats
    assert {e.level for e in CATALOGUE} == set(Level.values)
    assert all(e.description and e.measures for e in CATALOGUE)


def test_post_create_sets_the_first_review_one_interval_ahead(personas: Any, tree: Any) -> None:
    post = services.post_create(actor=personas.city_a, data={"org_unit": tree.county_a1, "office": tree.county_a1_office,
                                                             "name": "干部档案岗", "review_interval": 6})
    assert post.next_review_on == add_months(timezone.localdate(), 6) and post.created_by == personas.city_a
    with pytest.raises(ValidationError) as dup:
        services.post_create(actor=personas.city_a, data={"org_unit": tree.county_a1, "office": tree.county_a1_office,
                                                          "name": "干部档案岗", "review_interval": 6})
    assert _messages(dup)["name"] == [services.MSG_DUPLICATE_POST]
    with pytest.raises(ValidationError) as bad:
        services.post_create(actor=personas.city_a, data={"org_unit": tree.county_a2, "office": tree.county_a1_office,
                                                          "name": "x", "review_interval": 40})
    assert _messages(bad) == {"office": [services.MSG_OFFICE], "review_interval": [services.MSG_INTERVAL]}
    with pytest.raises(PermissionDenied):
        services.post_create(actor=personas.county_b1, data={"org_unit": tree.county_a1, "office": None, "name": "y", "review_interval": 6})
    assert Post.objects.count() == 1


def test_post_update_conflicts_on_a_stale_version(personas: Any, make_post: Any, tree: Any) -> None:
    post = make_post()
    data = {"org_unit": tree.county_a1, "office": tree.county_a1_office, "name": "干部调配岗（改）", "review_interval": 3}
    services.post_update(actor=personas.city_a, post=post, data=data, expected_version=1)
    with pytest.raises(ConflictError):
        services.post_update(actor=personas.city_a, post=Post.objects.get(pk=post.pk), data=data, expected_version=1)
    assert Post.objects.get(pk=post.pk).version == 2


def test_catalogue_entries_become_risk_points_once(personas: Any, make_post: Any) -> None:
    post = make_post(codes=())
    made = services.points_from_catalogue(actor=personas.city_a, post=post, codes=["XB-01", "DA-02"], responsible="王科长")
    assert [(p.catalogue_code, p.level, p.responsible) for p in made] == [("XB-01", Level.HIGH, "王科长"), ("DA-02", Level.MEDIUM, "王科长")]
    assert made[0].description == BY_CODE["XB-01"].description
    again = services.points_from_catalogue(actor=personas.city_a, post=post, codes=["XB-01", "DF-01"])
    assert [p.catalogue_code for p in again] == ["DF-01"]
    with pytest.raises(ValidationError) as unknown:
        services.points_from_catalogue(actor=personas.city_a, post=post, codes=["ZZ-99"])
    assert _messages(unknown)["codes"] == [services.MSG_CATALOGUE_UNKNOWN.format(code="ZZ-99")]
    # adapt: the unit's own wording and level
    p = made[1]
    services.point_update(actor=personas.city_a, point=p, expected_version=p.version, data={
        "description": "本县干部档案查阅登记不规范", "category": Category.FILES, "level": Level.HIGH, "measures": "双人登记", "responsible": "李股长"})
    p.refresh_from_db()
    assert (p.description, p.level, p.version) == ("本县干部档案查阅登记不规范", Level.HIGH, 2)
    assert RiskPoint.objects.filter(post=post).count() == 3


def test_review_sets_next_review_and_refuses_incomplete_results(personas: Any, make_post: Any) -> None:
    post = make_post()
    a, b = list(post.risk_points.all())
    day = timezone.localdate() - timedelta(days=10)
    with pytest.raises(ValidationError) as missing:
        services.review_record(actor=personas.city_a, post=post, reviewed_on=day, reviewer="王", summary="",
                               results=[services.ResultInput(a.pk, N)])
    assert _messages(missing)["results"] == [services.MSG_RESULTS]
    with pytest.raises(ValidationError) as nofinding:
        services.review_record(actor=personas.city_a, post=post, reviewed_on=day, reviewer="王", summary="",
                               results=[services.ResultInput(a.pk, N), services.ResultInput(b.pk, P, " ")])
    assert _messages(nofinding)["results"] == [services.MSG_FINDING.format(point=str(b))]
    with pytest.raises(ValidationError) as future:
        services.review_record(actor=personas.city_a, post=post, reviewed_on=timezone.localdate() + timedelta(days=1), reviewer="",
                               summary="", results=[services.ResultInput(a.pk, N), services.ResultInput(b.pk, N)])
    assert _messages(future) == {"reviewed_on": [services.MSG_FUTURE], "reviewer": [services.MSG_REVIEWER]}
    review = services.review_record(actor=personas.city_a, post=post, reviewed_on=day, reviewer="王", summary="逐项排查",
                                    results=[services.ResultInput(a.pk, N), services.ResultInput(b.pk, P, "公示期反映问题未核查")])
    post.refresh_from_db()
    assert post.last_review_on == day and post.next_review_on == add_months(day, 6)
    assert review.findings == 1 and review.results.filter(result=P).get().finding == "公示期反映问题未核查"
    assert Measure.objects.count() == 0  # not marked for the ledger
    # an older review entered late does not move the dates back
    services.review_record(actor=personas.city_a, post=post, reviewed_on=day - timedelta(days=200), reviewer="李", summary="",
                           results=[services.ResultInput(a.pk, N), services.ResultInput(b.pk, N)])
    post.refresh_from_db()
    assert post.next_review_on == add_months(day, 6)


def test_a_finding_goes_into_the_ledger_as_problem_and_measure(personas: Any, make_post: Any, tree: Any) -> None:
    post = make_post()
    a, b = list(post.risk_points.all())
    today = timezone.localdate()
    with pytest.raises(ValidationError) as nodeadline:
        services.review_record(actor=personas.county_a1_clerk, post=post, reviewed_on=today, reviewer="王", summary="",
                               results=[services.ResultInput(a.pk, P, "动议未经集体酝酿", to_ledger=True), services.ResultInput(b.pk, N)])
    assert _messages(nodeadline)["deadline"] == [services.MSG_DEADLINE]
    review = services.review_record(actor=personas.county_a1_clerk, post=post, reviewed_on=today, reviewer="王", summary="",
                                    deadline=today + timedelta(days=20),
                                    results=[services.ResultInput(a.pk, P, "动议未经集体酝酿", to_ledger=True), services.ResultInput(b.pk, N)])
    finding = review.results.get(result=P)
    measure = Measure.objects.get()
    problem = Problem.objects.get()
    assert (finding.measure, finding.problem) == (measure, problem)
    assert measure.problem == problem and measure.org_unit == tree.county_a1 and problem.org_unit == tree.county_a1
    assert measure.status == Measure.Status.PLANNED and measure.deadline == today + timedelta(days=20)
    assert problem.title == "动议未经集体酝酿" and problem.category.code == "selection"
    assert "岗位风险排查" in problem.description and measure.content.startswith("整改：动议未经集体酝酿")
    with pytest.raises(ValidationError) as twice:
        services.result_to_ledger(actor=personas.county_a1_clerk, result=finding, deadline=today)
    assert twice.value.messages == [services.MSG_IN_LEDGER]
    normal = review.results.get(result=N)
    with pytest.raises(ValidationError):
        services.result_to_ledger(actor=personas.county_a1_clerk, result=normal, deadline=today)
    with pytest.raises(PermissionDenied):  # a read-only account records nothing
        services.result_to_ledger(actor=personas.county_a1_readonly, result=finding, deadline=today)
    assert Measure.objects.count() == 1


def test_overdue_posts_are_seen_by_the_unit_and_its_ancestors_only(personas: Any, make_post: Any, tree: Any) -> None:
    today = timezone.localdate()
    late = make_post(next_review_on=today - timedelta(days=3))
    make_post("干部考察岗")  # due in six months
    make_post("乙县岗位", unit=tree.county_b1, next_review_on=today - timedelta(days=30))
    for user in (personas.county_a1_readonly, personas.city_a):
        assert [p.pk for p in selectors.overdue_posts(user)] == [late.pk]
    assert len(selectors.overdue_posts(personas.province)) == 2 and late.pk in [p.pk for p in selectors.overdue_posts(personas.province)]
    assert late.pk not in [p.pk for p in selectors.overdue_posts(personas.county_b1)]
    row = selectors.overdue_posts(personas.city_a).get()
    assert (row.n_points, row.n_high) == (2, 1)


def test_tenure_rule_flags_holders_of_high_risk_posts(personas: Any, make_post: Any, tree: Any, make_cadre: Any, settings: Any) -> None:
    today = timezone.localdate()
    high = make_post(codes=("XB-01",))
    low = make_post("文秘岗", codes=("JG-03",))
    old, new, low_old, gone = (make_cadre(tree.county_a1, name=n) for n in ("老张", "小李", "老王", "老赵"))
    long_ago = today.replace(year=today.year - 6)
    services.holding_add(actor=SYSTEM, post=high, cadre=old, since=long_ago)
    services.holding_add(actor=SYSTEM, post=high, cadre=new, since=today - timedelta(days=400))
    services.holding_add(actor=SYSTEM, post=low, cadre=low_old, since=long_ago)
    h = services.holding_add(actor=SYSTEM, post=high, cadre=gone, since=long_ago)
    services.holding_end(actor=personas.city_a, holding=h, until=today)
    assert [x.cadre.name for x in selectors.rotation_due(personas.city_a)] == ["老张"]
    assert list(selectors.rotation_due(personas.county_b1)) == []
    settings.ZUGONG_RISK_ROTATION_YEARS = 7
    assert list(selectors.rotation_due(personas.city_a)) == []
    settings.ZUGONG_RISK_ROTATION_YEARS = 1
    assert sorted(x.cadre.name for x in selectors.rotation_due(personas.city_a)) == ["小李", "老张"]


def test_holders_come_from_the_posts_unit(personas: Any, make_post: Any, tree: Any, make_cadre: Any) -> None:
    post = make_post()
    outsider = make_cadre(tree.county_b1, name="外人")
    with pytest.raises(ValidationError) as exc:
        services.holding_add(actor=personas.province, post=post, cadre=outsider, since=date(2020, 1, 1))
    assert _messages(exc)["cadre"] == [services.MSG_CADRE]
    mine = make_cadre(tree.county_a1, name="本人")
    h = services.holding_add(actor=personas.province, post=post, cadre=mine, since=date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.holding_add(actor=personas.province, post=post, cadre=mine, since=date(2021, 1, 1))
    with pytest.raises(ValidationError) as early:
        services.holding_end(actor=personas.province, holding=h, until=date(2019, 1, 1))
    assert _messages(early)["until"] == [services.MSG_UNTIL]


def test_post_with_reviews_is_not_deleted_and_review_delete_moves_dates_back(personas: Any, make_post: Any) -> None:
    post = make_post(codes=("JG-01",))
    point = post.risk_points.get()
    first = timezone.localdate() - timedelta(days=100)
    services.review_record(actor=personas.city_a, post=post, reviewed_on=first, reviewer="王", summary="",
                           results=[services.ResultInput(point.pk, N)])
    second = services.review_record(actor=personas.city_a, post=post, reviewed_on=first + timedelta(days=50), reviewer="王",
                                    summary="", results=[services.ResultInput(point.pk, N)])
    with pytest.raises(ValidationError) as exc:
        services.post_delete(actor=personas.city_a, post=post)
    assert exc.value.messages == [services.MSG_POST_IN_USE]
    services.review_delete(actor=personas.city_a, review=second)
    post.refresh_from_db()
    assert post.last_review_on == first and post.next_review_on == add_months(first, 6)


def test_notices_check_unit_cadre_and_risk_point(personas: Any, make_post: Any, tree: Any, make_cadre: Any) -> None:
    post = make_post()
    point = post.risk_points.first()
    data = {"org_unit": tree.county_a1, "date": timezone.localdate(), "subject": "", "cadre": make_cadre(tree.county_b1, name="乙人"),
            "form": "admonition", "content": "诫勉", "risk_point": point}
    with pytest.raises(ValidationError) as exc:
        services.notice_create(actor=personas.province, data=data)
    assert _messages(exc) == {"cadre": [services.MSG_NOTICE_CADRE]}
    data["cadre"] = make_cadre(tree.county_a1, name="甲人")
    n = services.notice_create(actor=personas.province, data=data)
    assert n.subject == "甲人" and n.risk_point == point
    with pytest.raises(ValidationError) as bad:
        services.notice_create(actor=personas.province, data={**data, "org_unit": tree.county_b1, "form": "x", "content": ""})
    assert set(_messages(bad)) == {"cadre", "risk_point", "form", "content"}
