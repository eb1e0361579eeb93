"""The statistics cost a fixed number of queries: the dashboard, the values API and the engine issue as many
SQL statements for a small province as for one with five times more units and cadres under it (one GROUP BY
per indicator, never one query per child unit or per record)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from zugong.stats import engine
from zugong.stats.registry import all_indicators

pytestmark = pytest.mark.django_db

FACTOR = 5


def _period() -> engine.Period:
    today = timezone.localdate()
    return engine.Period(date(today.year - 1, 1, 1), today)


def _add_data(root: Any, units: list[Any], make_cadre: Any, actor: Any) -> None:
    """Two cadres per unit (one postgraduate, one entering this year), a movement of each kind spread over them,
    and an accepted report value of every form-fed indicator per unit: every indicator gets a figure."""
    from zugong.people.models import Movement
    from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
    from zugong.stats.registry import form_fed

    today = timezone.localdate()
    cadres = []
    for u in units:
        cadres.append(make_cadre(u, education="postgraduate"))
        cadres.append(make_cadre(u, work_start_date=today - timedelta(days=30)))
    kinds = Movement.Kind.values
    Movement.objects.bulk_create([
        Movement(cadre=c, kind=kinds[i % len(kinds)], date=today - timedelta(days=i % 200), org_unit=c.org_unit)
        for i, c in enumerate(cadres)
    ])
    codes = [i.code for i in form_fed()]
    form = ReportForm.objects.create(title=f"季度填报{ReportForm.objects.count() + 1}", org_unit=root, period_start=date(today.year, 1, 1),
                                     period_end=today, indicator_codes=codes, status=ReportForm.Status.CLOSED, created_by=actor)
    for u in units:
        a = ReportAssignment.objects.create(form=form, org_unit=u, deadline=today, status=ReportAssignment.Status.ACCEPTED)
        ReportValue.objects.bulk_create([
            ReportValue(assignment=a, org_unit=u, code=code, value=3, period_end=today, accepted=True) for code in codes
        ])
    _add_campaign_data(units, actor)
    _add_learning_data(cadres, actor)
    _add_opinion_data(units, actor)
    _add_survey_data(root, units, actor)
    _add_honors_data(root, cadres, actor)
    for hook in _app_hooks():
        hook.add(root=root, units=units, cadres=cadres, actor=actor)


# Apps added later seed their own figures here: zugong/<app>/tests/stats_data.py with add(root=, units=, cadres=, actor=).
LATER_APPS = ("fieldwork", "projects", "risks", "regulations", "care", "discipline", "publicity")


def _app_hooks() -> list[Any]:
    import importlib
    import importlib.util

    from django.apps import apps

    out = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.stats_data"
        if config.name.startswith("zugong.") and importlib.util.find_spec(f"{config.name}.tests") and importlib.util.find_spec(name):
            out.append(importlib.import_module(name))
    return out


def _seeded(code: str) -> bool:
    """Whether this fixture gives the indicator records: every app's before issue 8; a later app's once it has a hook."""
    app = code.split(".")[0]
    return app not in LATER_APPS or any(h.__name__ == f"zugong.{app}.tests.stats_data" for h in _app_hooks())


def _add_honors_data(root: Any, cadres: list[Any], actor: Any) -> None:
    """A selection of `root`, counted and commended: one accepted nomination per unit (its first cadre), each
    commended, and the ballots cast."""
    from zugong.honors.models import Commendation, Nomination, Selection

    today = timezone.localdate()
    s = Selection.objects.create(org_unit=root, year=today.year, title=f"评选{Selection.objects.count() + 1}", status="commended",
                                 ballots=10, closed_on=today, commended_on=today, created_by=actor,
                                 **dict.fromkeys(["nominate_from", "nominate_until", "publicize_from", "publicize_until", "vote_from",
                                                  "vote_until"], today - timedelta(days=1)))
    firsts = list({c.org_unit_id: c for c in reversed(cadres)}.values())
    Nomination.objects.bulk_create([Nomination(selection=s, org_unit=c.org_unit, cadre=c, deeds="事迹", status="accepted",
                                               submitted_on=today, votes=3, rank=1, created_by=actor) for c in firsts])
    Commendation.objects.bulk_create([Commendation(selection=s, cadre=c, unit=c.org_unit, title=s.honor_title, awarded_on=today,
                                                   votes=3, created_by=actor) for c in firsts])


def _add_survey_data(root: Any, units: list[Any], actor: Any) -> None:
    """A closed survey of `root` rating every unit: codes, six responses and results per unit and aspect, and a
    done special inspection per unit with a problem and two suggestions."""
    from zugong.opinions.models import OpinionCategory, Problem
    from zugong.surveys.indicators import ASPECTS
    from zugong.surveys.models import (
        Aspect,
        CodeBatch,
        InspectionFinding,
        RespondentCategory,
        Response,
        Result,
        SpecialInspection,
        Survey,
        Target,
    )

    today = timezone.localdate()
    s = Survey.objects.create(org_unit=root, year=today.year, title=f"满意度测评{Survey.objects.count() + 1}", opens_on=today - timedelta(days=9),
                              closes_on=today - timedelta(days=1), status="closed", closed_on=today, created_by=actor)
    aspects = [Aspect.objects.create(survey=s, order=i, name=name) for i, name in enumerate(ASPECTS)]
    cat = RespondentCategory.objects.create(survey=s, name="群众")
    category = OpinionCategory.objects.order_by("id").first()
    for u in units:
        t = Target.objects.create(survey=s, org_unit=u)
        CodeBatch.objects.create(survey=s, target=t, category=cat, quota=10, issued=10)
        Response.objects.bulk_create([Response(survey=s, target=t, category=cat) for _ in range(6)])
        Result.objects.bulk_create([Result(survey=s, target=t, aspect=a, respondents=6, answered=6, satisfied=5) for a in [None, *aspects]])
        insp = SpecialInspection.objects.create(survey=s, region=u, kind="special", rank=1, status="done", done_on=today)
        p = Problem.objects.create(org_unit=u, category=category, title="问题", identified_on=today, created_by=actor)
        InspectionFinding.objects.create(inspection=insp, problem=p, suggestions="建议一\n建议二", suggestion_count=2)


def _add_opinion_data(units: list[Any], actor: Any) -> None:
    """Per unit: a drive with one record of each channel kind, and an opinion on each staff channel, one per category."""
    from zugong.opinions.models import (
        RECORD_KINDS,
        Channel,
        ChannelRecord,
        Drive,
        MailboxCase,
        Measure,
        Opinion,
        OpinionCategory,
        Problem,
    )

    today = timezone.localdate()
    categories = list(OpinionCategory.objects.order_by("id"))
    channels = [c for c in Channel if c != Channel.MAILBOX]
    for u in units:
        d = Drive.objects.create(org_unit=u, title="征求意见", start_date=today - timedelta(days=30), end_date=today,
                                 channels=list(Channel.values), created_by=actor)
        ChannelRecord.objects.bulk_create([ChannelRecord(drive=d, org_unit=u, kind=k, date=today - timedelta(days=2), count=3,
                                                         participants=5, created_by=actor) for k in RECORD_KINDS])
        Opinion.objects.bulk_create([Opinion(org_unit=u, drive=d, channel=channels[i % len(channels)], category=c, content="意见",
                                             received_on=today - timedelta(days=1), created_by=actor) for i, c in enumerate(categories)])
        letter = Opinion.objects.create(org_unit=u, channel=Channel.MAILBOX, category=categories[0], content="", received_on=today,
                                        reply="已答复", replied_on=today, status=Opinion.Status.REPLIED)
        MailboxCase.objects.create(opinion=letter, receipt_hash=f"h{u.pk}", content_enc="x", status=MailboxCase.Status.REPLIED,
                                   received_on=today, ack_due=today, reply_due=today)
        Opinion.objects.filter(pk=letter.pk).update(rating=4, rated_on=today)
        p = Problem.objects.create(org_unit=u, category=categories[0], title="问题", identified_on=today, created_by=actor)
        Measure.objects.bulk_create([
            Measure(org_unit=u, problem=p, content="已销号", planned_on=today, deadline=today, status="closed", accepted_on=today, created_by=actor),
            Measure(org_unit=u, problem=p, content="逾期", planned_on=today - timedelta(days=9), deadline=today - timedelta(days=2),
                    status="in_progress", created_by=actor)])


def _add_learning_data(cadres: list[Any], actor: Any) -> None:
    """Per cadre pair (one unit): a 中心组学习, a 党课 and a 座谈讨论 both attended, a training class one of them
    completed, an exam both sat and one passed."""
    from zugong.core.models import StoredFile
    from zugong.learning.models import (
        Attempt,
        Contest,
        ContestEntry,
        Enrollment,
        Exam,
        StudyAttendance,
        StudyKind,
        StudySession,
        TrainingClass,
        Writing,
    )
    from zugong.points.models import PointEntry

    today = timezone.localdate()
    now = timezone.now()
    kinds = list(StudyKind.objects.filter(code__in=["central_group", "party_lecture", "discussion"]))
    for first, second in zip(cadres[::2], cadres[1::2], strict=True):
        u = first.org_unit
        for k in kinds:
            s = StudySession.objects.create(org_unit=u, kind=k, date=today - timedelta(days=3), hours=2, topic="学习", created_by=actor)
            StudyAttendance.objects.bulk_create([StudyAttendance(session=s, cadre=first), StudyAttendance(session=s, cadre=second)])
        tc = TrainingClass.objects.create(org_unit=u, title="轮训班", kind="rotation", start_date=today - timedelta(days=20),
                                          end_date=today - timedelta(days=15), hours=40, created_by=actor)
        Enrollment.objects.create(training_class=tc, cadre=first, status="completed", completed_on=tc.end_date)
        Enrollment.objects.create(training_class=tc, cadre=second)
        exam = Exam.objects.create(org_unit=u, title="测试", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1),
                                   time_limit=30, pass_score=60, status="closed", created_by=actor)
        for c, score in ((first, 90), (second, 40)):
            Attempt.objects.create(exam=exam, cadre=c, user=actor, org_unit=u, number=1, started_at=now - timedelta(days=2),
                                   deadline_at=now - timedelta(days=2), submitted_at=now - timedelta(days=2), status="submitted",
                                   score=score, max_score=100, passed=score >= 60)
        contest = Contest.objects.create(org_unit=u, title="征文", opens_on=today - timedelta(days=30), closes_on=today,
                                         status="published", published_on=today, created_by=actor)
        f = StoredFile.objects.create(name="征文.pdf", stored_name=f"q{contest.pk}", size=10, kind="pdf", sha256="0" * 64, org_unit=u,
                                      uploaded_by=actor)
        ContestEntry.objects.create(contest=contest, cadre=first, org_unit=u, title="征文", code=f"{contest.pk:06d}", file=f,
                                    submitted_by=actor, award="first", awarded_on=today)
        for kind in ("party_spirit", "reading"):
            Writing.objects.create(cadre=second, org_unit=u, kind=kind, period="2026-H2" if kind == "party_spirit" else "2026-11",
                                   title="材料", content="内容" * 10, submitted_on=today - timedelta(days=1))
        PointEntry.objects.create(cadre=first, org_unit=u, year=today.year, date=today - timedelta(days=1), points=5, reason="学习")


def _add_campaign_data(units: list[Any], actor: Any) -> None:
    """Per unit: a running campaign it issued, two assignments (one done on time, one overdue) with a report,
    an inspection with a rectified finding, a 述职 and a 实绩写实 record."""
    from zugong.campaigns.models import (
        Assignment,
        Campaign,
        CampaignTask,
        Finding,
        Inspection,
        ProgressReport,
        SupervisionGroup,
    )
    from zugong.campaigns.models import WorkReport as W

    today = timezone.localdate()
    for u in units:
        c = Campaign.objects.create(name=f"活动{u.pk}", org_unit=u, start_date=today - timedelta(days=60), end_date=today + timedelta(days=60),
                                    status=Campaign.Status.RUNNING, created_by=actor)
        t = CampaignTask.objects.create(campaign=c, title="任务", deadline=today)
        done = Assignment.objects.create(campaign=c, task=t, org_unit=u, issuer=u, origin="measure", title="已完成", deadline=today,
                                         status="done", progress=100, completed_on=today - timedelta(days=1))
        Assignment.objects.create(campaign=c, task=t, org_unit=u, issuer=u, origin="measure", title="逾期", status="accepted",
                                  deadline=today - timedelta(days=5))
        ProgressReport.objects.create(assignment=done, date=today - timedelta(days=1), percent=100, text="完成", author=actor)
        g = SupervisionGroup.objects.create(campaign=c, name="督导组")
        i = Inspection.objects.create(group=g, org_unit=u, planned_date=today - timedelta(days=3), date=today - timedelta(days=2),
                                      status="done", created_by=actor)
        Finding.objects.create(inspection=i, org_unit=u, content="问题", deadline=today, status="done", closed_on=today)
        for kind in ("half", "record"):
            W.objects.create(kind=kind, org_unit=u, year=today.year, date=today - timedelta(days=1), title="述职", content="x", created_by=actor)


def _grow(tree: Any, n_cities: int, n_counties: int) -> list[Any]:
    """`n_cities` more cities under the province and `n_counties` counties spread over them."""
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    cities = [
        orgunit_create(actor=SYSTEM, parent=tree.province, name=f"新{i}市委组织部", kind=OrgUnit.Kind.CITY,
                       division_code=f"99{i + 10:02d}00")
        for i in range(n_cities)
    ]
    counties = [
        orgunit_create(actor=SYSTEM, parent=cities[j % n_cities], name=f"新{j}县委组织部", kind=OrgUnit.Kind.COUNTY,
                       division_code=f"99{j % n_cities + 10:02d}{j // n_cities + 1:02d}")
        for j in range(n_counties)
    ]
    return cities + counties


@pytest.fixture
def small(tree: Any, personas: Any, make_cadre: Any) -> list[Any]:
    """The small province: its five departments below the root, each with data."""
    units = [tree.city_a, tree.county_a1, tree.county_a2, tree.city_b, tree.county_b1]
    _add_data(tree.province, units, make_cadre, personas.province)
    return units


def _make_larger(tree: Any, personas: Any, make_cadre: Any, small: list[Any]) -> None:
    """Five times the units under the province (2 cities and 3 counties become 10 and 15), five times the cadres,
    movements and report values."""
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre

    added = _grow(tree, (FACTOR - 1) * 2, (FACTOR - 1) * 3)
    _add_data(tree.province, added, make_cadre, personas.province)
    below = OrgUnit.objects.filter(path__startswith=tree.province.path).exclude(pk=tree.province.pk).exclude(kind=OrgUnit.Kind.OFFICE)
    assert below.count() == FACTOR * len(small)
    assert engine.children_of(tree.province) == [tree.city_a, tree.city_b, *added[: (FACTOR - 1) * 2]]
    assert Cadre.objects.count() == FACTOR * 2 * len(small)


def _count(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _engine_rollup(user: Any, org: Any) -> dict[str, tuple[Any, Any]]:
    """What the dashboard asks of the engine for every indicator: value and per-child breakdown."""
    from zugong.accounts.access import forget

    forget(user)
    period = _period()
    kids = engine.children_of(org)
    return {
        ind.code: (engine.value(ind, user, org, period), engine.breakdown(ind, user, org, period, kids).total)
        for ind in all_indicators()
    }


def test_engine_query_count_does_not_grow(small: list[Any], tree: Any, personas: Any, make_cadre: Any) -> None:
    user = personas.province
    before = _count(lambda: _engine_rollup(user, tree.province))
    figures = _engine_rollup(user, tree.province)
    empty = [c for c, (v, _t) in figures.items() if not v and _seeded(c)]
    assert not empty, f"every indicator has data: {empty}"
    _make_larger(tree, personas, make_cadre, small)
    after = _count(lambda: _engine_rollup(user, tree.province))
    # grants + children + value and breakdown per record indicator (a ratio: those of its two parts); a distinct
    # count (people, not rows) adds one: its total is counted once for the parent, not summed over children
    from zugong.stats.registry import available_to, get

    readable = available_to(user)

    def cost(i: Any) -> int:
        if i not in readable:
            return 0  # no scope at all for a restricted figure (discipline cases): the empty filter runs no query
        return cost(get(i.numerator)) + cost(get(i.denominator)) if i.is_ratio else 2 + (i.aggregate == "distinct")

    assert before == after == 3 + sum(cost(i) for i in all_indicators())  # grants: role grants and supervision-group grants
    larger = _engine_rollup(user, tree.province)
    for code in ("people.headcount", "people.movements", "forms.letters_sent"):
        assert larger[code] == (FACTOR * figures[code][0], FACTOR * figures[code][0]), code


def _api_urls(org: Any, user: Any) -> list[str]:
    from zugong.stats.registry import available_to

    period = _period()
    return [
        "/api/v1/stats/values/?" + urlencode({"indicator": ind.code, "org": org.pk, "start": period.start, "end": period.end,
                                              "breakdown": "children"})
        for ind in available_to(user)  # restricted figures (discipline cases) are not the business administrator's
    ]


def test_values_api_query_count_does_not_grow(small: list[Any], tree: Any, personas: Any, make_cadre: Any) -> None:
    api = APIClient()
    api.force_authenticate(personas.province)

    def counts() -> tuple[list[int], list[int]]:
        from zugong.accounts.access import forget

        out, children = [], []
        for url in _api_urls(tree.province, personas.province):
            forget(personas.province)  # force_authenticate hands the same user object to every request
            with CaptureQueriesContext(connection) as ctx:
                response = api.get(url)
            assert response.status_code == 200, (url, response.content)
            out.append(len(ctx.captured_queries))
            children.append(len(response.json()["children"]))
        return out, children

    before, kids_before = counts()
    _make_larger(tree, personas, make_cadre, small)
    after, kids_after = counts()
    assert kids_after == [FACTOR * k for k in kids_before]
    assert before == after


def test_dashboard_query_count_does_not_grow(small: list[Any], client: Any, tree: Any, personas: Any, make_cadre: Any) -> None:
    """Only the status, the page naming the new units and the query count are checked: the page's layout is not."""
    client.force_login(personas.province)
    period = _period()
    url = "/stats/?" + urlencode([("org", tree.province.pk), ("start", period.start), ("end", period.end),
                                   *(("indicators", i.code) for i in all_indicators())])

    def get() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200
        return len(ctx.captured_queries), page.content.decode()

    client.get(url)  # the first request of a session may save it
    before, body = get()
    assert "甲市委组织部" in body and "新7市委组织部" not in body
    _make_larger(tree, personas, make_cadre, small)
    after, body = get()
    assert "新7市委组织部" in body
    assert before == after
