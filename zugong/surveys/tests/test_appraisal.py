"""Democratic appraisal of persons (民主测评干部个人): every cadre is rated on the same criteria, a respondent skips
themselves as a whole, each person is suppressed on their own (with complements), and the ratings are read only by
部领导 over the cadre's unit — not the business administrator, not the cadre — each read audited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ValidationError
from zugong.surveys import appraisal, ballots, closing, design
from zugong.surveys.models import Aspect, Kind, Result, Survey
from zugong.surveys.results import suppressed_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadres(tree: Any, make_cadre: Any) -> dict[str, Any]:
    return {"zhao": make_cadre(tree.city_a, name="赵一", position="部长"),
            "qian": make_cadre(tree.city_a, name="钱二", position="副部长"),
            "sun": make_cadre(tree.county_a1, name="孙三", position="部长")}


def _person_survey(actor: Any, tree: Any, names: str = "赵一\n钱二\n孙三") -> Survey:
    data = design.template_data("cadre-appraisal")
    data.update(categories_text="中层干部 12\n一般干部 3", opens_on=timezone.localdate() - timedelta(days=1), cadres_text=names)
    s = design.survey_create(actor=actor, org_unit=tree.city_a, data=data, targets=[tree.city_a])
    return design.survey_publish(actor=actor, survey=s, expected_version=s.version)


def _answers(s: Survey, values: dict[str, int]) -> dict[str, int]:
    """The same grade on every criterion of each named person; persons not named are skipped."""
    out: dict[str, int] = {}
    for item_id, name in s.items.values_list("id", "aspect__cadre__name"):
        if name in values:
            out[str(item_id)] = values[name]
    return out


def test_a_survey_of_persons_asks_every_criterion_about_every_cadre(personas: Any, tree: Any, cadres: Any) -> None:
    s = _person_survey(personas.city_a, tree)
    assert s.kind == Kind.APPRAISAL_PERSON and s.rates_persons and s.bottom_n == 0
    people = list(s.aspects.order_by("order").values_list("cadre__name", "name"))
    assert people == [("赵一", "赵一（部长）"), ("钱二", "钱二（副部长）"), ("孙三", "孙三（部长）")]
    assert s.items.count() == 18  # 6 criteria × 3 persons
    assert list(s.targets.values_list("org_unit", flat=True)) == [tree.city_a.pk]  # codes handed out in the unit itself


def test_cadres_are_named_one_per_line_and_checked(personas: Any, tree: Any, cadres: Any, make_cadre: Any) -> None:
    data = design.template_data("cadre-appraisal")
    data.update(cadres_text="赵一\n周五")
    with pytest.raises(ValidationError) as e:
        design.survey_create(actor=personas.city_a, org_unit=tree.city_a, data=data, targets=[tree.city_a])
    assert "组织单位及下级单位中没有在职干部“周五”" in str(e.value.message_dict["cadres_text"])
    make_cadre(tree.county_a2, name="赵一")  # a namesake: the unit tells them apart
    data.update(cadres_text="赵一")
    with pytest.raises(ValidationError) as e:
        design.survey_create(actor=personas.city_a, org_unit=tree.city_a, data=data, targets=[tree.city_a])
    assert "有重名" in str(e.value.message_dict["cadres_text"])
    data.update(cadres_text="赵一 甲二县\n钱二")
    s = design.survey_create(actor=personas.city_a, org_unit=tree.city_a, data=data, targets=[tree.city_a])
    assert list(s.aspects.values_list("cadre__org_unit", flat=True)) == [tree.county_a2.pk, tree.city_a.pk]
    data.update(cadres_text="")
    with pytest.raises(ValidationError) as e:
        design.survey_create(actor=personas.city_a, org_unit=tree.city_a, data=data, targets=[tree.city_a])
    assert e.value.message_dict["cadres_text"] == ["请填写被测评干部"]


def test_a_respondent_skips_themselves_whole_but_not_in_part(personas: Any, tree: Any, cadres: Any) -> None:
    s = _person_survey(personas.city_a, tree)
    codes = [c for part in ballots.codes_issue(actor=personas.city_a, survey=s) for c in part.codes]
    partial = _answers(s, {"赵一": 1, "钱二": 2})
    partial.pop(next(iter(partial)))
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit(codes[0], partial)
    assert "请对“赵一（部长）”的每个项目作出评价（本人可整体跳过，不评价自己）" in str(e.value)
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit(codes[0], {})
    assert "请对每个项目作出评价" in str(e.value) or "请至少评价一位干部" in str(e.value)
    ballots.ballot_submit(codes[0], _answers(s, {"钱二": 2, "孙三": 1}))  # 赵一 answering: skips 赵一
    assert s.batches.get(category__name="中层干部").codes.filter(used=True).count() == 1


def test_results_per_person_with_their_own_suppression(personas: Any, tree: Any, cadres: Any) -> None:
    s = _person_survey(personas.city_a, tree)
    parts = {p.batch.category.name: p.codes for p in ballots.codes_issue(actor=personas.city_a, survey=s)}
    for i, code in enumerate(parts["中层干部"][:10]):  # 10 middle managers: all rate 赵一 and 钱二, 4 rate 孙三
        grades = {"赵一": 1, "钱二": 2 if i % 2 else 3}
        if i < 4:
            grades["孙三"] = 4
        ballots.ballot_submit(code, _answers(s, grades))
    for code in parts["一般干部"][:3]:  # 3 staff: under k_min as a group
        ballots.ballot_submit(code, _answers(s, {"赵一": 2, "钱二": 2, "孙三": 2}))
    closing.survey_close(actor=personas.city_a, survey=s, expected_version=s.version)

    zhao, qian, sun = (Aspect.objects.get(survey=s, cadre=c) for c in (cadres["zhao"], cadres["qian"], cadres["sun"]))
    everyone = Result.objects.get(survey=s, target=None, category=None, aspect=zhao, item=None)
    assert (everyone.respondents, everyone.suppressed) == (13, False)
    assert everyone.counts == {"1": 60, "2": 18} and everyone.rate == 1  # (优秀 + 称职) ÷ 回答数
    q = Result.objects.get(survey=s, target=None, category=None, aspect=qian, item=None)
    assert q.counts == {"2": 48, "3": 30} and str(q.rate) == "0.6154"  # 8 ballots of 13 rated 钱二 优秀 or 称职
    # 孙三 was rated by 4 + 3 respondents: every cell of his is under k_min or would give one back
    assert Result.objects.get(survey=s, target=None, category=None, aspect=sun, item=None).respondents == 7
    middle = s.categories.get(name="中层干部").pk
    staff = s.categories.get(name="一般干部").pk
    sun_cells = {r.category_id: r.suppressed for r in Result.objects.filter(survey=s, target=None, aspect=sun, item=None)}
    assert sun_cells[middle] and sun_cells[staff]
    # the staff group (3) is hidden for everyone, and so is its complement in each line
    zhao_cells = {r.category_id: r.suppressed for r in Result.objects.filter(survey=s, target=None, aspect=zhao, item=None)}
    assert zhao_cells[staff] and zhao_cells[middle] and not zhao_cells[None]
    # everyone together: shown where every person is, hidden where any person's cell is (it would give it back)
    together = {r.category_id: r for r in Result.objects.filter(survey=s, target=None, aspect=None, item=None)}
    assert not together[None].suppressed and together[None].counts == {"1": 60, "2": 84, "3": 30, "4": 24}
    assert together[middle].suppressed and together[staff].suppressed
    assert suppressed_cells({(1, 2): 3, (1, 3): 9, (1, None): 12, (None, 2): 3, (None, 3): 9, (None, None): 12}, [1], [2, 3], 5) == {
        (1, 2), (1, 3), (None, 2), (None, 3)}


@pytest.fixture
def closed(personas: Any, tree: Any, cadres: Any) -> Survey:
    s = _person_survey(personas.city_a, tree)
    codes = [c for p in ballots.codes_issue(actor=personas.city_a, survey=s) for c in p.codes]
    for code in codes[:10]:
        ballots.ballot_submit(code, _answers(s, {"赵一": 1, "钱二": 2, "孙三": 1}))
    return closing.survey_close(actor=personas.city_a, survey=s, expected_version=s.version)


def _names(page: Any) -> list[str]:
    return re.findall(r'<div class="fw-bold">(.+?)</div>', page.content.decode())


def test_only_leaders_over_the_cadres_unit_read_the_ratings_and_each_read_is_audited(client: Any, personas: Any, tree: Any,
                                                                                   cadres: Any, closed: Survey) -> None:
    url = f"/surveys/{closed.pk}/appraisal/"
    client.force_login(personas.city_a)  # 业务管理员: manages the survey, does not read how persons were rated
    assert client.get(url).status_code == 403
    assert "干部个人测评结果" not in client.get(closed.get_absolute_url()).content.decode()
    assert "赵一" not in client.get(f"/surveys/{closed.pk}/results/").content.decode()
    assert "赵一" not in client.get(f"/surveys/{closed.pk}/results/0/").content.decode()

    city_leader = make_user("a-leader", grants=[("leader", tree.city_a)])
    client.force_login(city_leader)
    page = client.get(url)
    assert page.status_code == 200 and _names(page) == ["赵一", "钱二", "孙三"]
    assert "本次查看已记录" in page.content.decode()
    row = re.search(rf'data-person="{cadres["qian"].pk}">(.+?)</tr>', page.content.decode(), re.S)
    assert row and "优秀 0 · 称职 60" in row.group(1)  # 10 respondents × 6 criteria
    assert ObjectChange.objects.filter(action="survey.appraisal_viewed", actor=city_leader, object_id=str(closed.pk)).count() == 1

    county_leader = make_user("a1-leader", grants=[("leader", tree.county_a1)])  # 孙三's own unit: the city's survey is not theirs
    client.force_login(county_leader)
    assert client.get(url).status_code == 404
    outsider = make_user("b1-leader", grants=[("leader", tree.county_b1)])
    client.force_login(outsider)
    assert client.get(url).status_code == 404

    zhao = cadres["zhao"]  # the rated cadre, a leader of city A: sees the others, never himself
    zhao.user = city_leader
    zhao.save(update_fields=["user"])
    client.force_login(city_leader)
    assert _names(client.get(url)) == ["钱二", "孙三"]
    assert ObjectChange.objects.filter(action="survey.appraisal_viewed").count() == 2  # refused reads leave none


def test_persons_are_not_read_while_open(client: Any, personas: Any, tree: Any, cadres: Any) -> None:
    s = _person_survey(personas.city_a, tree)
    client.force_login(make_user("a-leader", grants=[("leader", tree.city_a)]))
    page = client.get(f"/surveys/{s.pk}/appraisal/")
    assert page.status_code == 409 and "测评结束后才能查看结果" in page.content.decode()
    assert appraisal.visible_persons(personas.city_a, s).count() == 0  # the administrator has no appraisal grant
