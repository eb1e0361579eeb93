"""Benchmark 4: the statistics roll-up of every registered indicator at the province root.

Data: the demo province at `--scale province` (`zugong.core.demo.build_cadres`, as `./dev demo --scale province`:
~39,000 cadres over the whole tree, with their movements), plus report forms (填报) issued by the province to
every unit for six quarters, most of them accepted, so every form-fed indicator has figures (bulk inserts), and
campaign records (活动部署, `add_campaigns`, bulk inserts): a running campaign of the province deployed to every unit
and on to the counties (done on time, done late, overdue, not due yet), an older closed one, city campaigns, drafts,
progress reports, supervision groups with their inspections and findings, and work reports (述职, 实绩写实), and
learning and points records (学习培训, 积分, `add_learning`, bulk inserts): study sessions and attendance, training classes
and enrolments, exams and attempts, essay contests and entries, writings, point entries, and opinion records
(开门评部, `add_opinions`, bulk inserts): a province drive with channel records of every unit and ~150,000 opinions
over every channel and category, some received before the period.

Project path (timed): as demo-province (业务管理员 on the root unit, a real role grant), what the dashboard does
for all indicators at once: the grants resolved once (as once per request), `engine.children_of(root)`, then for
EVERY registered indicator `engine.value(ind, user, root, period)` and `engine.breakdown(ind, user, root, period,
kids)` (ratios included: the engine computes them from their parts).

Floor (timed): the same figures written by hand as single SQL statements through `connection.cursor()`: one
query for the children, then per record indicator one COUNT / SUM with the same filters and path prefix and one
`GROUP BY substr(path, 1, n)`; a ratio is two such queries for its value and two for its breakdown.
Project and floor must give identical numbers (the benchmark exits with an error otherwise).

Target: project <= 1.5 x floor (median of the whole roll-up).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import common

REPEATS = 21
WARMUP = 3
PER_INDICATOR_REPEATS = 9
TARGET = 1.5
QUARTERS = 6  # report forms: the six quarters before today's


# --- data ------------------------------------------------------------------------------------------
def period() -> Any:
    """Since January 1st of last year: movements (last 540 days), recent entrants and four quarterly reports fall in it."""
    from django.utils import timezone

    from zugong.stats.engine import Period

    today = timezone.localdate()
    return Period(date(today.year - 1, 1, 1), today)


def quarter_ends(today: date, n: int) -> list[tuple[date, date]]:
    """(start, end) of the `n` complete quarters before `today`, latest first."""
    out = []
    q_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    for _ in range(n):
        end = q_start - timedelta(days=1)
        q_start = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
        out.append((q_start, end))
    return out


def add_reports(user: Any, *, seed: int = 2026) -> dict[str, int]:
    """Quarterly report forms from the root to every department (offices excepted), with values: 85% accepted."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.orgs.models import OrgUnit
    from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
    from zugong.stats.registry import form_fed

    rng = random.Random(seed)
    codes = [i.code for i in form_fed()]
    root = OrgUnit.objects.get(depth=1)
    units = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).exclude(pk=root.pk).order_by("path"))
    now = timezone.now()
    with transaction.atomic():
        forms = ReportForm.objects.bulk_create([
            ReportForm(title=f"{end.year}年第{(end.month - 1) // 3 + 1}季度工作情况", org_unit=root, period_start=start,
                       period_end=end, indicator_codes=codes, status=ReportForm.Status.CLOSED, created_by=user, created_at=now)
            for start, end in quarter_ends(timezone.localdate(), QUARTERS)
        ])
        assignments = []
        for form in forms:
            for u in units:
                accepted = rng.random() < 0.85
                assignments.append(ReportAssignment(
                    form=form, org_unit=u, deadline=form.period_end + timedelta(days=10),
                    status=ReportAssignment.Status.ACCEPTED if accepted else ReportAssignment.Status.SUBMITTED,
                    submitted_at=now, submitted_by=user, reviewed_at=now if accepted else None,
                    reviewed_by=user if accepted else None))
        ReportAssignment.objects.bulk_create(assignments, batch_size=2000)
        saved = ReportAssignment.objects.filter(form__in=forms).values_list("id", "org_unit_id", "status", "form__period_end")
        values = [
            ReportValue(assignment_id=pk, org_unit_id=org_id, code=code, value=rng.randrange(0, 40), period_end=end,
                        accepted=status == ReportAssignment.Status.ACCEPTED)
            for pk, org_id, status, end in saved for code in codes
        ]
        ReportValue.objects.bulk_create(values, batch_size=2000)
    return {"report_forms": len(forms), "report_assignments": len(assignments), "report_values": len(values)}


def add_campaigns(user: Any, *, seed: int = 2026) -> dict[str, int]:
    """Campaign records for the campaign indicators (bulk inserts, deterministic), with the cases their filters tell
    apart: a running campaign of the province (10 tasks, the deadlines every month from 7 months ago to 2 months
    ahead, one of them today) deployed to every first-level unit and on to the counties and zones, a few counties
    refining a task into local measures; the leaves done on time (some on the deadline day), done late, still open
    after the deadline (overdue) or not due yet; an older closed campaign of the province that started before the
    period (its open tasks are past their deadlines but not overdue: the campaign is over; its rows created the
    evening before the period starts); city campaigns (in summary since the first day of the period, created at
    00:30 local time, i.e. the day before in UTC; deployed; closed) and drafts; progress reports; supervision groups
    with inspections (done or planned) and findings (open, rectifying, rectified, the older ones closed inside the
    period); unit and personal half-year and annual work reports and 实绩写实 records, some before the period, some
    at the province itself and one of its offices (本级)."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.campaigns.models import (
        Assignment,
        Campaign,
        CampaignTask,
        Finding,
        Inspection,
        ProgressReport,
        SupervisionGroup,
        WorkReport,
    )
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre

    rng = random.Random(seed)
    today = timezone.localdate()
    p0 = period().start
    year = today.year

    def at(d: date, hour: int = 9, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(d, clock(hour, minute)))

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    root = OrgUnit.objects.get(depth=1)
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).exclude(pk=root.pk).order_by("path"))
    below: dict[int, list[Any]] = {}
    for u in units:
        below.setdefault(u.parent_id, []).append(u)
    first = below[root.pk]
    cities = [u for u in first if u.kind == OrgUnit.Kind.CITY and below.get(u.pk)]
    counties = [u for u in units if u.depth == 3]
    office = OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, parent=root).order_by("order", "path").first()
    S, A = Campaign.Status, Assignment.Status
    run_start = today - days(300)
    with transaction.atomic():
        # (campaign, its tasks' deadlines, when the first and the second level received them)
        plans: list[tuple[Campaign, list[date], datetime, datetime]] = []
        for unit, name, status, start, end, deadlines, created, onward in (
            (root, "三讲三提升", S.RUNNING, run_start, run_start + days(540), [run_start + days(90 + 30 * i) for i in range(10)],
             at(run_start, 9), at(run_start + days(7), 10)),
            (root, "创先争优", S.CLOSED, p0 - days(150), p0 + days(60), [p0 - days(120 - 40 * i) for i in range(4)],
             at(p0 - days(150), 9), at(p0 - days(1), 23, 30)),
            (root, "作风建设年", S.DRAFT, today - days(10), today + days(200), [today + days(60)], None, None),
            (cities[0], "争做新时代好干部", S.SUMMARY, p0, p0 + days(240), [p0 + days(60 + 60 * i) for i in range(3)],
             at(p0, 0, 30), None),
            (cities[1], "基层组织建设提升", S.DEPLOYED, today - days(60), today + days(120), [today + days(45 * i - 30) for i in range(3)],
             at(today - days(60), 15), None),
            (cities[2], "干部教育培训", S.CLOSED, p0 + days(30), p0 + days(200), [p0 + days(60 + 40 * i) for i in range(3)],
             at(p0 + days(30), 9), None),
            (cities[3], "人才工作推进", S.DRAFT, today - days(5), today + days(100), [today + days(40)], None, None),
        ):
            c = Campaign(name=name, org_unit=unit, start_date=start, end_date=end, status=status, created_by=user,
                         created_at=created or at(start - days(3)), deployed_at=created)
            plans.append((c, deadlines, created, onward))
        Campaign.objects.bulk_create([c for c, *_ in plans])
        tasks = {c.pk: CampaignTask.objects.bulk_create([
            CampaignTask(campaign=c, title=f"重点任务{i + 1}", deadline=dl, order=i) for i, dl in enumerate(deadlines)
        ]) for c, deadlines, *_ in plans}

        # the assignments, level by level (the parents' ids first)
        levels: list[list[Assignment]] = []
        for c, _deadlines, created, onward in plans:
            if created is None:
                continue  # a draft has no assignments
            top = [Assignment(campaign=c, task=t, org_unit=u, issuer=c.org_unit, title=t.title, deadline=t.deadline,
                              has_children=bool(below.get(u.pk)), created_at=created)
                   for u in below[c.org_unit.pk] for t in tasks[c.pk]]
            Assignment.objects.bulk_create(top)
            levels.append(top)
            nxt = [Assignment(campaign=c, task=a.task, parent=a, org_unit=u, issuer=a.org_unit, title=a.title,
                              deadline=a.deadline - days(rng.choice([0, 0, 3, 5])), created_at=onward or
                              at(created.date() + days(rng.randint(1, 10)), rng.randint(8, 17), rng.randrange(60)))
                   for a in top if a.has_children for u in below[a.org_unit_id]]
            Assignment.objects.bulk_create(nxt)
            levels.append(nxt)
        # a few counties refine a task of the running campaign into local measures
        refined = levels[1][::97]
        for a in refined:
            a.has_children = True
        measures = [Assignment(campaign_id=a.campaign_id, task_id=a.task_id, parent=a, org_unit_id=a.org_unit_id,
                               issuer_id=a.org_unit_id, origin=Assignment.Origin.MEASURE, title=f"{a.title}：细化措施{k}",
                               deadline=a.deadline - days(5 * k), created_at=a.created_at + days(3))
                    for a in refined for k in (1, 2)]
        Assignment.objects.bulk_create(measures)
        levels.append(measures)

        # how the leaves were carried out; a parent is done when all its children are
        starts = {c.pk: c.start_date for c, *_ in plans}
        everything = [a for level in levels for a in level]
        for a in everything:
            a.status, a.accepted_at = A.ACCEPTED, a.created_at + days(2)
            if a.has_children:
                continue
            r, start = rng.random(), starts[a.campaign_id]
            if a.deadline < today and r < 0.55:  # on time, a few on the deadline day
                a.completed_on = max(start + days(1), a.deadline - days(rng.choice([0, 0, 1, 5, 10, 20])))
            elif a.deadline < today and r < 0.75:  # late
                a.completed_on = min(today, a.deadline + days(rng.randint(1, 40)))
            elif a.deadline >= today and r < 0.15:  # early
                a.completed_on = min(today, max(start + days(1), a.deadline - days(rng.randint(0, 30))))
            elif r > 0.93:
                a.status, a.accepted_at = A.ISSUED, None
            if a.completed_on:
                a.status, a.progress = A.DONE, 100
            else:
                a.progress = rng.choice([0, 20, 40, 60, 80])
        children: dict[int, list[Assignment]] = {}
        for a in everything:
            if a.parent_id:
                children.setdefault(a.parent_id, []).append(a)
        for level in reversed(levels):
            for a in level:
                if a.has_children:
                    kids = children[a.pk]
                    if all(k.status == A.DONE for k in kids):
                        a.status, a.progress, a.completed_on = A.DONE, 100, max(k.completed_on for k in kids)
                    else:
                        a.progress = round(sum(k.progress for k in kids) / len(kids), 1)
        Assignment.objects.bulk_update(everything, ["status", "accepted_at", "completed_on", "progress", "has_children"],
                                       batch_size=500)

        reports = []
        for a in everything:
            if a.has_children or a.status == A.ISSUED:
                continue
            begin = timezone.localtime(a.created_at).date() + days(1)
            end = max(begin, a.completed_on or today)
            n = rng.randint(1, 3)
            reports += [ProgressReport(assignment=a, date=min(today, begin + days((end - begin).days * (k + 1) // n)),
                                       percent=a.progress if k == n - 1 else None, text=f"{a.title}进展情况（{k + 1}）",
                                       author=user) for k in range(n)]
        ProgressReport.objects.bulk_create(reports, batch_size=2000)

        # supervision: four groups of the running campaign over the cities, one of the closed campaign
        running, closed = plans[0][0], plans[1][0]
        groups = SupervisionGroup.objects.bulk_create(
            [SupervisionGroup(campaign=running, name=f"第{g + 1}督导组", leader="省委组织部副部长") for g in range(4)]
            + [SupervisionGroup(campaign=closed, name="督导组", leader="省委组织部部务委员")])
        covered = {g.pk: (cities[i::4] if g.campaign_id == running.pk else cities[:5]) for i, g in enumerate(groups)}
        SupervisionGroup.units.through.objects.bulk_create([
            SupervisionGroup.units.through(supervisiongroup_id=g, orgunit_id=u.pk) for g, us in covered.items() for u in us])
        visits = []
        for g in groups:
            for i, city in enumerate(covered[g.pk]):
                for u in [city, *below[city.pk][:2]]:
                    if g.campaign_id == closed.pk:
                        day: date | None = p0 - days(rng.randint(0, 40)) if u is city else p0 + days(rng.randint(-3, 3))
                    else:
                        day = None if i % 3 == 2 else run_start + days(rng.randint(20, 295))
                    visits.append(Inspection(group=g, org_unit=u, planned_date=day or today + days(rng.randint(3, 30)), date=day,
                                             methods=Inspection.METHODS[:3], created_by=user, created_at=at(today - days(300)),
                                             status=Inspection.Status.DONE if day else Inspection.Status.PLANNED))
        Inspection.objects.bulk_create(visits)
        findings = []
        for v in visits:
            if v.date is None:
                continue
            for k in range(rng.randint(1, 4)):
                r = rng.random()
                status = Finding.Status.DONE if r < 0.5 else Finding.Status.RECTIFYING if r < 0.75 else Finding.Status.OPEN
                closed_on = min(today, v.date + days(rng.randint(3, 120))) if status == Finding.Status.DONE else None
                findings.append(Finding(inspection=v, org_unit=v.org_unit, content=f"发现的问题{k + 1}", deadline=v.date + days(30),
                                        status=status, closed_on=closed_on,
                                        created_at=at(v.date, rng.choice([0, 9, 16, 23]), rng.randrange(60))))
        Finding.objects.bulk_create(findings)

        # work reports: half-year and annual (units and people), 实绩写实 records, some before the period
        K = WorkReport.Kind
        people = {}
        for pk, org in Cadre.objects.filter(org_unit__in=counties[::9]).order_by("id").values_list("id", "org_unit_id"):
            people.setdefault(org, [])
            if len(people[org]) < 2:
                people[org].append(pk)

        def wr(kind: str, unit: Any, day: date, cadre: int | None = None) -> WorkReport:
            return WorkReport(kind=kind, org_unit_id=unit.pk if hasattr(unit, "pk") else unit, cadre_id=cadre, campaign=running,
                              year=day.year - (day.month == 1), date=day,
                              title=f"{kind}{day}", content="一、主要做法\n二、取得的成效\n三、存在的问题", created_by=user)

        work = [wr(K.HALF_YEAR, u, date(year - 1, 7, rng.randint(5, 25))) for u in [*first, *counties]]
        work += [wr(K.ANNUAL, u, date(year - 1, 1, rng.randint(5, 25))) for u in first]
        work += [wr(K.ANNUAL, u, date(year - 2, 1, 20)) for u in first[::2]]  # before the period
        work += [wr(K.ANNUAL, org, date(year - 1, 12, rng.randint(20, 31)), pk) for org, pks in people.items() for pk in pks]
        work += [wr(K.RECORD, u, today - days(90 * k + 1)) for u in counties[::3] for k in range(6)]
        work += [wr(K.ANNUAL, root, date(year - 1, 1, 18)), wr(K.RECORD, office, today - days(30))]
        WorkReport.objects.bulk_create(work, batch_size=2000)
    return {"campaigns": len(plans), "campaign_assignments": len(everything), "progress_reports": len(reports),
            "inspections": len(visits), "findings": len(findings), "work_reports": len(work)}


def add_learning(user: Any, *, seed: int = 2026) -> dict[str, int]:
    """Learning and points records for the learning.* and points.* indicators (bulk inserts, deterministic), with the
    cases their filters tell apart: study sessions of every unit (中心组学习, 党课, 座谈讨论 and other kinds, some before
    the period) with their attendance; training classes of the province, the first level and the counties (one of each
    pair started before the period, some enrolments completed before it) with enrolments completed, enrolled or absent;
    exams of the province and the cities (a draft, one closed before the period whose passes do not count by
    themselves, one starting at 00:30 local on the period's first day, i.e. the day before in UTC) with submitted,
    timed-out and unfinished attempts and retakes (a cadre who passed before the period and failed inside it counts as
    passed: the engine's period filter joins the attempts a second time); essay contests with entries (stored files)
    and awards; party-spirit reports, reading records and reflections (not counted); point entries (approved, pending,
    rejected), some before the period."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.core.bulk import insert_rows
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
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre
    from zugong.points.models import PointEntry

    rng = random.Random(seed)
    today = timezone.localdate()
    p0 = period().start
    now = timezone.now()

    def at(d: date, hour: int = 9, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(d, clock(hour, minute)))

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    def pick(pool: list[Any], k: int) -> list[Any]:
        return rng.sample(pool, min(k, len(pool)))

    root = OrgUnit.objects.get(depth=1)
    units = list(OrgUnit.objects.filter(is_active=True).order_by("path"))
    first = [u for u in units if u.parent_id == root.pk and u.kind != OrgUnit.Kind.OFFICE]
    cities = [u for u in first if u.kind == OrgUnit.Kind.CITY]
    counties = [u for u in units if u.depth == 3 and u.kind != OrgUnit.Kind.OFFICE]
    by_unit: dict[int, list[int]] = {}
    by_path: list[tuple[str, int, int]] = []  # (unit path, cadre id, unit id)
    path_of = {u.pk: u.path for u in units}
    for pk, org in Cadre.objects.order_by("id").values_list("id", "org_unit_id"):
        by_unit.setdefault(org, []).append(pk)
        if org in path_of:
            by_path.append((path_of[org], pk, org))
    org_of = {pk: org for _p, pk, org in by_path}
    everyone = [pk for _p, pk, _o in by_path]

    def subtree(u: Any) -> list[int]:
        return [pk for p, pk, _o in by_path if p.startswith(u.path)]

    kinds = dict(StudyKind.objects.values_list("code", "id"))
    cycle = ["central_group", "party_lecture", "discussion", "collective", "lecture", "reading"]
    with transaction.atomic():
        # study sessions: six per unit over the last two years (the first ones before the period), 3-8 attendants
        sessions = StudySession.objects.bulk_create([
            StudySession(org_unit=u, kind_id=kinds[code], date=today - days(rng.randint(0, 700)), hours=Decimal("2.0"),
                         topic=f"{u.name}{code}学习", created_by=user)
            for u in units for code in cycle], batch_size=2000)
        attendance = [StudyAttendance(session_id=s.pk, cadre_id=c)
                      for s in sessions for c in pick(by_unit.get(s.org_unit_id, []), rng.randint(3, 8))]
        insert_rows(StudyAttendance, attendance)

        # training classes (期) and their enrolments (人次); a class's completions fall on its last day
        hosts = [(root, 4, 400), *((u, 2, 60) for u in first), *((u, 2, 15) for u in counties)]
        classes = []
        for u, n, _size in hosts:
            for k in range(n):
                start = p0 - days(rng.randint(5, 60)) if k == 0 else today - days(rng.randint(10, 600))
                classes.append(TrainingClass(org_unit=u, title=f"{u.name}培训班{k + 1}", kind=TrainingClass.Kind.ROTATION,
                                             start_date=start, end_date=start + days(rng.choice([2, 5, 20])), hours=Decimal("24.0"),
                                             created_by=user))
        TrainingClass.objects.bulk_create(classes, batch_size=2000)
        pools = {u.pk: (everyone if u.pk == root.pk else subtree(u)) for u, _n, _s in hosts}
        sizes = {u.pk: size for u, _n, size in hosts}
        COMPLETED, ENROLLED, ABSENT = (s.value for s in (Enrollment.Status.COMPLETED, Enrollment.Status.ENROLLED,
                                                         Enrollment.Status.ABSENT))
        enrollments = []
        for tc in classes:
            for c in pick(pools[tc.org_unit_id], sizes[tc.org_unit_id]):
                r = rng.random()
                status = COMPLETED if r < 0.75 else ENROLLED if r < 0.9 else ABSENT
                enrollments.append(Enrollment(training_class_id=tc.pk, cadre_id=c, status=status, created_at=now,
                                              completed_on=min(today, tc.end_date) if status == COMPLETED else None))
        insert_rows(Enrollment, enrollments)

        # exams (a draft excepted) with attempts of the cadres of the organizer's subtree
        X = Exam.Status
        exam_plan = [(root, X.CLOSED, at(p0 - days(90), 9), 3000), (root, X.CLOSED, at(p0 + days(120), 9), 3000),
                     (root, X.PUBLISHED, at(today - days(20), 9), 2500), (root, X.DRAFT, at(today + days(10), 9), 0)]
        exam_plan += [(c, X.CLOSED, at(p0, 0, 30) if i == 0 else at(p0 - days(1), 23, 30) if i == 1 else
                       at(p0 + days(rng.randint(10, 600)), 14), 250) for i, c in enumerate(cities)]
        exams = [Exam(org_unit=u, title=f"{u.name}知识测试", starts_at=start, ends_at=start + days(15), time_limit=60,
                      pass_score=Decimal("60.0"), status=status, created_by=user) for u, status, start, _n in exam_plan]
        Exam.objects.bulk_create(exams)
        IN_PROGRESS, SUBMITTED, TIMED_OUT = (s.value for s in Attempt.Status)
        attempts = []
        for exam, (u, _status, start, n) in zip(exams, exam_plan, strict=True):
            for c in pick(everyone if u.pk == root.pk else subtree(u), n):
                tries = 2 if rng.random() < 0.15 else 1
                for number in range(1, tries + 1):
                    began = start + days(rng.randint(0, 13)) + timedelta(minutes=rng.randint(0, 600))
                    r = rng.random()
                    status = SUBMITTED if r < 0.85 else TIMED_OUT if r < 0.95 else IN_PROGRESS
                    done = status != IN_PROGRESS
                    score = Decimal(rng.randint(30, 100)) if done else None
                    attempts.append(Attempt(exam_id=exam.pk, cadre_id=c, user=user, org_unit_id=org_of[c], number=number,
                                            started_at=began, deadline_at=began + timedelta(minutes=60),
                                            submitted_at=began + timedelta(minutes=rng.randint(5, 60)) if done else None,
                                            status=status, score=score, max_score=Decimal("100.0"),
                                            passed=(score >= 60) if score is not None else None))
        insert_rows(Attempt, attempts)

        # essay contests (征文): entries with their files, awards when the result is published
        C = Contest.Status
        contests = [Contest(org_unit=u, title=f"{u.name}征文{k}", opens_on=opens, closes_on=opens + days(45), status=status,
                            published_on=opens + days(75) if status == C.PUBLISHED else None, created_by=user)
                    for k, (u, opens, status) in enumerate([(root, p0 - days(60), C.PUBLISHED), (root, p0 + days(150), C.PUBLISHED),
                                                            (root, today - days(30), C.OPEN), *((c, p0 + days(200), C.PUBLISHED)
                                                                                                for c in cities[:4])])]
        Contest.objects.bulk_create(contests)
        authors = [(contest, c) for contest in contests
                   for c in pick(everyone if contest.org_unit_id == root.pk else subtree(contest.org_unit), 400)]
        files = StoredFile.objects.bulk_create([
            StoredFile(name=f"征文{i}.docx", stored_name=f"bench-essay-{i:08d}", size=20480, kind="docx", sha256="0" * 64,
                       org_unit_id=org_of[c], uploaded_by=user) for i, (_contest, c) in enumerate(authors)], batch_size=2000)
        awards = [a.value for a in ContestEntry.Award]
        entries = []
        for i, ((contest, c), f) in enumerate(zip(authors, files, strict=True)):
            sent = contest.opens_on + days(rng.randint(0, 45))
            awarded = contest.status == C.PUBLISHED and rng.random() < 0.3
            entries.append(ContestEntry(contest_id=contest.pk, cadre_id=c, org_unit_id=org_of[c], title=f"征文作品{i}",
                                        code=f"{i:06d}", file_id=f.pk, submitted_by=user,
                                        submitted_at=at(sent, rng.choice([0, 9, 15, 23]), rng.randrange(60)),
                                        award=rng.choice(awards) if awarded else "", awarded_on=contest.published_on if awarded else None))
        insert_rows(ContestEntry, entries)

        # writings: party-spirit analyses (annual, two years), monthly reading records, reflections (not counted)
        READING, PARTY_SPIRIT, REFLECTION = (k.value for k in Writing.Kind)
        writings = []
        for c in everyone[::8]:
            for y in (today.year - 2, today.year - 1):
                writings.append(Writing(cadre_id=c, org_unit_id=org_of[c], kind=PARTY_SPIRIT, period=str(y), title="党性分析",
                                        content="……", submitted_on=date(y, 12, rng.randint(1, 31))))
        for c in everyone[3::20]:
            for m in range(1, 7):
                month = today.replace(day=1) - days(1 + 31 * (m - 1))
                d = month.replace(day=rng.randint(1, 28))
                writings.append(Writing(cadre_id=c, org_unit_id=org_of[c], kind=READING, period=f"{d:%Y-%m}", title="读书笔记",
                                        book="习近平新时代中国特色社会主义思想学习纲要", content="……", submitted_on=d))
            writings.append(Writing(cadre_id=c, org_unit_id=org_of[c], kind=REFLECTION, period=str(today.year), title="心得体会",
                                    content="……", submitted_on=today - days(rng.randint(0, 200))))
        insert_rows(Writing, writings)

        # point entries (积分卡): 0.5-point steps, a few deductions, most approved
        PENDING, APPROVED, REJECTED = (s.value for s in PointEntry.Status)
        points = []
        for c in everyone[::3]:
            for _k in range(4):
                d = today - days(rng.randint(0, 700))
                r = rng.random()
                points.append(PointEntry(cadre_id=c, org_unit_id=org_of[c], year=d.year, date=d,
                                         points=Decimal(rng.choice([1, 2, 3, 5, 10, -2])) / (2 if rng.random() < 0.3 else 1),
                                         reason="学习积分", status=APPROVED if r < 0.9 else PENDING if r < 0.95 else REJECTED,
                                         created_at=now))
        insert_rows(PointEntry, points)
    return {"study_sessions": len(sessions), "study_attendance": len(attendance), "training_classes": len(classes),
            "enrollments": len(enrollments), "exams": len(exams), "attempts": len(attempts), "contest_entries": len(entries),
            "writings": len(writings), "point_entries": len(points)}


def add_opinions(user: Any, *, seed: int = 2026) -> dict[str, int]:
    """A drive of the province with channel records of every unit (each kind, some dated before the period, symposiums
    with participants, a few without), and about 150,000 opinions spread over the units, channels and categories (the
    demo's generator at province scale), some received before the period."""
    from django.utils import timezone

    from zugong.core.bulk import insert_rows
    from zugong.opinions.demo import _Row
    from zugong.opinions.models import RECORD_KINDS, Channel, ChannelRecord, Drive, Opinion, OpinionCategory
    from zugong.orgs.models import OrgUnit

    rng = random.Random(seed)
    today = timezone.localdate()
    root = OrgUnit.objects.get(parent=None)
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).values_list("id", flat=True))
    drive = Drive.objects.create(org_unit=root, title="开门评部", start_date=today - timedelta(days=800), end_date=today,
                                 channels=list(Channel.values), created_by=user)
    records = [ChannelRecord(drive=drive, org_unit_id=u, kind=k, date=today - timedelta(days=rng.randint(0, 800)), count=rng.randint(1, 900),
                             participants=rng.randint(5, 30) if k == "symposium" and rng.random() < 0.9 else None, created_by=user)
               for u in units for k in RECORD_KINDS for _ in range(3)]
    ChannelRecord.objects.bulk_create(records, batch_size=2000)
    categories = list(OpinionCategory.objects.values_list("id", flat=True))
    channels = Channel.values
    rows = [_Row(units[i % len(units)], drive.pk, channels[rng.randrange(len(channels))], categories[rng.randrange(len(categories))],
                 "意见", "masses", "", False, today - timedelta(days=rng.randint(0, 800)), "new", b"", 1, user.pk,
                 rating=rng.randint(1, 5) if i % 10 == 0 else None, rated_on=today - timedelta(days=rng.randint(0, 800)) if i % 10 == 0 else None)
            for i in range(150_000)]
    insert_rows(Opinion, rows)
    from zugong.opinions.models import Measure, Problem

    problems = Problem.objects.bulk_create([Problem(org_unit_id=u, category_id=categories[k % len(categories)], title="问题",
                                                    identified_on=today - timedelta(days=rng.randint(0, 800)), created_by=user)
                                            for u in units for k in range(3)], batch_size=2000)
    statuses = ["planned", "in_progress", "returned", "awaiting", "closed", "closed", "closed"]
    measures = []
    for p in problems:
        for _ in range(14):
            planned = today - timedelta(days=rng.randint(0, 800))
            status = statuses[rng.randrange(len(statuses))]
            measures.append(Measure(org_unit_id=p.org_unit_id, problem=p, content="措施", planned_on=planned,
                                    deadline=planned + timedelta(days=rng.randint(5, 90)), status=status, created_by=user,
                                    accepted_on=planned + timedelta(days=rng.randint(5, 120)) if status == "closed" else None))
    Measure.objects.bulk_create(measures, batch_size=2000)
    # mailbox letters: the mailbox-channel opinions get their cases, half of them replied (some before the period)
    from zugong.opinions.models import MailboxCase

    letters = list(Opinion.objects.filter(channel="mailbox").values_list("pk", "received_on").order_by("pk")[:4000])
    MailboxCase.objects.bulk_create([MailboxCase(opinion_id=pk, receipt_hash=f"bench{pk}", content_enc="x", received_on=day, ack_due=day,
                                                 reply_due=day, status="replied" if k % 2 else "received")
                                     for k, (pk, day) in enumerate(letters)], batch_size=2000)
    for k, (pk, day) in enumerate(letters):
        if k % 2:
            Opinion.objects.filter(pk=pk).update(replied_on=day + timedelta(days=rng.randint(1, 20)), reply="答复", status="replied")
    return {"mailbox_cases": len(letters), "channel_records": len(records), "opinions": len(rows), "problems": len(problems), "measures": len(measures)}


def seed(user: Any) -> dict[str, int]:
    from zugong.core import demo
    from zugong.people.models import Cadre, Movement

    t = time.perf_counter()
    demo.build_cadres(scale="province")
    counts = {"cadres": Cadre.objects.count(), "movements": Movement.objects.count(), **add_reports(user),
              **add_campaigns(user), **add_learning(user), **add_opinions(user)}
    common.analyze()
    common.log(f"province-scale demo data in {time.perf_counter() - t:.1f}s: {counts}")
    return counts


# --- project path -------------------------------------------------------------------------------------
Figures = dict[str, tuple[Any, Any, Any, tuple[tuple[int, Any], ...]]]


def project(user: Any, org: Any, per: Any, indicators: list[Any]) -> Figures:
    """value + breakdown of every indicator, as the dashboard computes them (grants resolved once, like a request)."""
    from zugong.accounts.access import forget
    from zugong.stats import engine

    forget(user)
    kids = engine.children_of(org)
    out: Figures = {}
    for ind in indicators:
        v = engine.value(ind, user, org, per)
        b = engine.breakdown(ind, user, org, per, kids)
        out[ind.code] = (v, b.total, b.own, tuple((r.org_id, r.value) for r in b.children))
    return out


# --- floor: hand-written SQL --------------------------------------------------------------------------
ON_ROLL = ("active", "seconded", "loaned")
CADRES = 'FROM people_cadre c JOIN orgs_orgunit o ON o.id = c.org_unit_id WHERE o.path LIKE %s'
MOVES = 'FROM people_movement m JOIN orgs_orgunit o ON o.id = m.org_unit_id WHERE o.path LIKE %s'
REPORTS = 'FROM stats_reportvalue v JOIN orgs_orgunit o ON o.id = v.org_unit_id WHERE o.path LIKE %s'
CAMPAIGNS = 'FROM campaigns_campaign k JOIN orgs_orgunit o ON o.id = k.org_unit_id WHERE o.path LIKE %s'
ASSIGNMENTS = 'FROM campaigns_assignment a JOIN orgs_orgunit o ON o.id = a.org_unit_id WHERE o.path LIKE %s'
# an assignment of a live campaign (deployed, running, in summary)
LIVE_ASSIGNMENTS = ('FROM campaigns_assignment a JOIN campaigns_campaign k ON k.id = a.campaign_id '
                    'JOIN orgs_orgunit o ON o.id = a.org_unit_id WHERE o.path LIKE %s')
# a progress report belongs to its assignment's unit (scope_field "assignment__org_unit")
PROGRESS = ('FROM campaigns_progressreport r JOIN campaigns_assignment a ON a.id = r.assignment_id '
            'JOIN orgs_orgunit o ON o.id = a.org_unit_id WHERE o.path LIKE %s')
INSPECTIONS = 'FROM campaigns_inspection i JOIN orgs_orgunit o ON o.id = i.org_unit_id WHERE o.path LIKE %s'
FINDINGS = 'FROM campaigns_finding f JOIN orgs_orgunit o ON o.id = f.org_unit_id WHERE o.path LIKE %s'
WORK = 'FROM campaigns_workreport w JOIN orgs_orgunit o ON o.id = w.org_unit_id WHERE o.path LIKE %s'
# learning: sessions, classes, exams count at the unit that held them; attendance and enrolments at their session's /
# class's unit (scope_field "session__org_unit", "training_class__org_unit"); entries, writings and points at theirs
STUDY = 'FROM learning_studysession s JOIN orgs_orgunit o ON o.id = s.org_unit_id WHERE o.path LIKE %s'
STUDY_KIND = ('FROM learning_studysession s JOIN learning_studykind sk ON sk.id = s.kind_id '
              'JOIN orgs_orgunit o ON o.id = s.org_unit_id WHERE o.path LIKE %s')
ATTENDANCE = ('FROM learning_studyattendance t JOIN learning_studysession s ON s.id = t.session_id '
              'JOIN orgs_orgunit o ON o.id = s.org_unit_id WHERE o.path LIKE %s')
CLASSES = 'FROM learning_trainingclass tc JOIN orgs_orgunit o ON o.id = tc.org_unit_id WHERE o.path LIKE %s'
ENROLMENTS = ('FROM learning_enrollment e JOIN learning_trainingclass tc ON tc.id = e.training_class_id '
              'JOIN orgs_orgunit o ON o.id = tc.org_unit_id WHERE o.path LIKE %s')
EXAMS = 'FROM learning_exam x JOIN orgs_orgunit o ON o.id = x.org_unit_id WHERE o.path LIKE %s'
ENTRIES = 'FROM learning_contestentry ce JOIN orgs_orgunit o ON o.id = ce.org_unit_id WHERE o.path LIKE %s'
WRITINGS = 'FROM learning_writing wr JOIN orgs_orgunit o ON o.id = wr.org_unit_id WHERE o.path LIKE %s'
POINTS = 'FROM points_pointentry pe JOIN orgs_orgunit o ON o.id = pe.org_unit_id WHERE o.path LIKE %s'
# opinions: channel records at the unit that did it, opinions at the unit addressed
RECORDS = 'FROM opinions_channelrecord cr JOIN orgs_orgunit o ON o.id = cr.org_unit_id WHERE o.path LIKE %s'
OPINIONS = 'FROM opinions_opinion op JOIN orgs_orgunit o ON o.id = op.org_unit_id WHERE o.path LIKE %s'
PROBLEMS = 'FROM opinions_problem pr JOIN orgs_orgunit o ON o.id = pr.org_unit_id WHERE o.path LIKE %s'
MEASURES = 'FROM opinions_measure me JOIN orgs_orgunit o ON o.id = me.org_unit_id WHERE o.path LIKE %s'
CASES = ('FROM opinions_mailboxcase mc JOIN opinions_opinion op ON op.id = mc.opinion_id '
         'JOIN orgs_orgunit o ON o.id = op.org_unit_id WHERE o.path LIKE %s')
OPINIONS_CAT = ('FROM opinions_opinion op JOIN opinions_opinioncategory oc ON oc.id = op.category_id '
                'JOIN orgs_orgunit o ON o.id = op.org_unit_id WHERE o.path LIKE %s')


@dataclass(frozen=True)
class Stamp:
    """A timestamp column filtered by its local date (the engine's `__date` lookup on a DateTimeField): written as the
    half-open range of instants from the period's first local midnight to the midnight after its last day."""

    col: str


@dataclass(frozen=True)
class Across:
    """A cadre's date across a multi-valued relation (enrollments__completed_on, attempts__submitted_at). The engine
    applies the indicator's `filters` and the period in one .filter() call, so both hold for the SAME related row (a
    pass submitted in the period). Written as one EXISTS on the relation with the row's condition and the period (one
    row per cadre, so COUNT(*) is the distinct count), bounded like a date or a Stamp."""

    table: str
    col: str | Stamp
    cond: str = "TRUE"
    cond_params: tuple[Any, ...] = ()


def _in(values: list[str]) -> str:
    return f"({', '.join(['%s'] * len(values))})"


def floors() -> dict[str, Any]:
    """Per indicator code: (aggregate expression, FROM ... WHERE ..., extra params, date column) or ('ratio', numerator,
    denominator[, 'mean']): a percentage, or with 'mean' numerator / denominator (one decimal).

    Written out by hand for the indicators registered today; a new indicator makes the benchmark stop and ask for
    its floor (see `check_coverage`)."""
    from django.utils import timezone

    from zugong.people.models import Movement
    from zugong.stats.registry import form_fed

    on_roll = f"c.status IN ({', '.join(['%s'] * len(ON_ROLL))})"
    spec: dict[str, Any] = {
        "people.headcount": ("COUNT(*)", f"{CADRES} AND {on_roll}", list(ON_ROLL), None),
        "people.postgraduates": ("COUNT(*)", f"{CADRES} AND {on_roll} AND c.education = %s", [*ON_ROLL, "postgraduate"], None),
        "people.postgraduate_share": ("ratio", "people.postgraduates", "people.headcount"),
        "people.new_entrants": ("COUNT(*)", CADRES, [], "c.work_start_date"),
        "people.movements": ("COUNT(*)", MOVES, [], "m.date"),
    }
    for kind in Movement.Kind.values:
        spec[f"people.movements_{kind}"] = ("COUNT(*)", f"{MOVES} AND m.kind = %s", [kind], "m.date")
    for ind in form_fed():
        spec[ind.code] = ("SUM(v.value)", f"{REPORTS} AND v.code = %s AND v.accepted", [ind.code], "v.period_end")

    # campaigns; "today" is the local date, as the engine's TruncDate(Now()) in the current time zone
    today = timezone.localdate()
    not_draft, live, open_ = ["deployed", "running", "summary", "closed"], ["deployed", "running", "summary"], ["issued", "accepted"]
    spec |= {
        "campaigns.campaigns": ("COUNT(*)", f"{CAMPAIGNS} AND k.status IN {_in(not_draft)}", not_draft, "k.start_date"),
        "campaigns.assignments": ("COUNT(*)", ASSIGNMENTS, [], Stamp("a.created_at")),
        "campaigns.assignments_done": ("COUNT(*)", f"{ASSIGNMENTS} AND a.status = %s", ["done"], "a.completed_on"),
        "campaigns.done_on_time": ("COUNT(*)", f"{ASSIGNMENTS} AND a.status = %s AND a.completed_on <= a.deadline", ["done"],
                                   "a.completed_on"),
        "campaigns.on_time_rate": ("ratio", "campaigns.done_on_time", "campaigns.assignments_done"),
        "campaigns.overdue": ("COUNT(*)", f"{LIVE_ASSIGNMENTS} AND a.status IN {_in(open_)} AND a.deadline < %s "
                              f"AND k.status IN {_in(live)}", [*open_, today, *live], None),
        "campaigns.progress_reports": ("COUNT(*)", PROGRESS, [], "r.date"),
        "campaigns.inspections": ("COUNT(*)", f"{INSPECTIONS} AND i.status = %s", ["done"], "i.date"),
        "campaigns.findings": ("COUNT(*)", FINDINGS, [], Stamp("f.created_at")),
        "campaigns.findings_done": ("COUNT(*)", f"{FINDINGS} AND f.status = %s", ["done"], "f.closed_on"),
        "campaigns.work_reports": ("COUNT(*)", f"{WORK} AND w.kind IN (%s, %s)", ["half", "annual"], "w.date"),
        "campaigns.performance_records": ("COUNT(*)", f"{WORK} AND w.kind = %s", ["record"], "w.date"),
    }

    # learning and points; the people-based ones (distinct cadres) at the cadre's own unit
    done, published = ["submitted", "timed_out"], ["published", "closed"]
    spec |= {
        "learning.study_sessions": ("COUNT(*)", STUDY, [], "s.date"),
        "learning.central_group_sessions": ("COUNT(*)", f"{STUDY_KIND} AND sk.code = %s", ["central_group"], "s.date"),
        "learning.party_lectures": ("COUNT(*)", f"{STUDY_KIND} AND sk.code = %s", ["party_lecture"], "s.date"),
        "learning.discussions": ("COUNT(*)", f"{STUDY_KIND} AND sk.code = %s", ["discussion"], "s.date"),
        "learning.study_person_times": ("COUNT(*)", ATTENDANCE, [], "s.date"),
        "learning.training_classes": ("COUNT(*)", CLASSES, [], "tc.start_date"),
        "learning.training_person_times": ("COUNT(*)", f"{ENROLMENTS} AND e.status = %s", ["completed"], "e.completed_on"),
        "learning.cadres_trained": ("COUNT(*)", f"{CADRES} AND {on_roll}", [*ON_ROLL],
                                    Across("learning_enrollment", "completed_on", "r.status = %s", ("completed",))),
        "learning.training_coverage": ("ratio", "learning.cadres_trained", "people.headcount"),
        "learning.exams": ("COUNT(*)", f"{EXAMS} AND x.status IN {_in(published)}", published, Stamp("x.starts_at")),
        "learning.exam_participants": ("COUNT(*)", CADRES, [],
                                       Across("learning_attempt", Stamp("submitted_at"), f"r.status IN {_in(done)}", tuple(done))),
        "learning.exam_passed": ("COUNT(*)", CADRES, [], Across("learning_attempt", Stamp("submitted_at"), "r.passed")),
        "learning.exam_pass_rate": ("ratio", "learning.exam_passed", "learning.exam_participants"),
        "learning.essays": ("COUNT(*)", ENTRIES, [], Stamp("ce.submitted_at")),
        "learning.essay_awards": ("COUNT(*)", f"{ENTRIES} AND ce.award > %s", [""], "ce.awarded_on"),
        "learning.party_spirit_reports": ("COUNT(*)", f"{WRITINGS} AND wr.kind = %s", ["party_spirit"], "wr.submitted_on"),
        "learning.reading_records": ("COUNT(*)", f"{WRITINGS} AND wr.kind = %s", ["reading"], "wr.submitted_on"),
        "points.total": ("SUM(pe.points)", f"{POINTS} AND pe.status = %s", ["approved"], "pe.date"),
        # a mean (分 per cadre on the roll, one decimal), not a percentage
        "points.average": ("ratio", "points.total", "people.headcount", "mean"),
    }

    # opinions (开门评部)
    from zugong.opinions.categories import SHIPPED
    from zugong.opinions.models import Channel

    spec |= {
        "opinions.letters_sent": ("SUM(cr.count)", f"{RECORDS} AND cr.kind = %s", ["letter"], "cr.date"),
        "opinions.symposiums": ("SUM(cr.count)", f"{RECORDS} AND cr.kind = %s", ["symposium"], "cr.date"),
        "opinions.symposium_participants": ("SUM(cr.participants)", f"{RECORDS} AND cr.kind = %s", ["symposium"], "cr.date"),
        "opinions.visits": ("SUM(cr.count)", f"{RECORDS} AND cr.kind = %s", ["visit"], "cr.date"),
        "opinions.hotline_calls": ("SUM(cr.count)", f"{RECORDS} AND cr.kind = %s", ["hotline"], "cr.date"),
        "opinions.questionnaires": ("SUM(cr.count)", f"{RECORDS} AND cr.kind = %s", ["questionnaire"], "cr.date"),
        "opinions.opinions": ("COUNT(*)", OPINIONS, [], "op.received_on"),
    }
    today = timezone.localdate()
    open_m = ["planned", "in_progress", "returned"]
    spec |= {
        "opinions.problems": ("COUNT(*)", PROBLEMS, [], "pr.identified_on"),
        "opinions.measures": ("COUNT(*)", MEASURES, [], "me.planned_on"),
        "opinions.measures_done": ("COUNT(*)", f"{MEASURES} AND me.status = %s", ["closed"], "me.accepted_on"),
        "opinions.measures_rate": ("ratio", "opinions.measures_done", "opinions.measures"),
        "opinions.measures_overdue": ("COUNT(*)", f"{MEASURES} AND me.status IN {_in(open_m)} AND me.deadline < %s", [*open_m, today], None),
        "opinions.rated": ("COUNT(*)", f"{OPINIONS} AND op.rating IS NOT NULL", [], "op.rated_on"),
        "opinions.rating_points": ("SUM(op.rating)", f"{OPINIONS} AND op.rating IS NOT NULL", [], "op.rated_on"),
        "opinions.satisfaction": ("ratio", "opinions.rating_points", "opinions.rated", "mean"),
    }
    spec["opinions.mailbox_replied"] = ("COUNT(*)", f"{CASES} AND mc.status = %s", ["replied"], "op.replied_on")
    for c in Channel.values:
        spec[f"opinions.opinions_{c}"] = ("COUNT(*)", f"{OPINIONS} AND op.channel = %s", [c], "op.received_on")
    for code, _name in SHIPPED:
        spec[f"opinions.opinions_cat_{code}"] = ("COUNT(*)", f"{OPINIONS_CAT} AND oc.code = %s", [code], "op.received_on")
    return spec


def check_coverage(indicators: list[Any], spec: dict[str, Any]) -> None:
    missing = [i.code for i in indicators if i.code not in spec]
    if missing:
        raise SystemExit(f"no hand-written floor for {', '.join(missing)}: add it to bench/bench_rollup.py floors()")


def _num(v: Any) -> int | Decimal:
    if v is None:
        return 0
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return v if isinstance(v, int | Decimal) else Decimal(str(v))  # a SUM of decimals is a float on SQLite


def _pct(num: Any, den: Any, percent: bool = True) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num or 0) * (100 if percent else 1) / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def floor(org_id: int, org_path: str, per: Any, spec: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """{code: (value, {prefix: value})} and the children (id, path), straight from SQL."""
    from django.db import connection
    from django.utils import timezone

    n = len(org_path) + 4  # STEP characters per level
    like = org_path + "%"
    # a Stamp column's bounds: local midnights as the database stores instants (naive UTC text on SQLite)
    instants = [connection.ops.adapt_datetimefield_value(timezone.make_aware(datetime.combine(d, clock.min)))
                for d in (per.start, per.end + timedelta(days=1))]
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute('SELECT id, path FROM orgs_orgunit WHERE parent_id = %s AND is_active AND kind <> %s ORDER BY "order", path',
                    [org_id, "office"])
        kids = cur.fetchall()

        def record(code: str) -> tuple[Any, dict[str, Any]]:
            agg, where, params, date_col = spec[code]
            params = [like, *params]
            if isinstance(date_col, Across):
                stamp = isinstance(date_col.col, Stamp)
                col = date_col.col.col if isinstance(date_col.col, Stamp) else date_col.col
                where += (f" AND EXISTS (SELECT 1 FROM {date_col.table} r WHERE r.cadre_id = c.id AND {date_col.cond} "
                          f"AND r.{col} >= %s AND r.{col} {'<' if stamp else '<='} %s)")
                params += [*date_col.cond_params, *(instants if stamp else [per.start, per.end])]
            elif isinstance(date_col, Stamp):
                where += f" AND {date_col.col} >= %s AND {date_col.col} < %s"
                params += instants
            elif date_col:
                where += f" AND {date_col} >= %s AND {date_col} <= %s"
                params += [per.start, per.end]
            cur.execute(f"SELECT {agg} {where}", params)
            total = _num(cur.fetchone()[0])
            cur.execute(f"SELECT substr(o.path, 1, {n}), {agg} {where} GROUP BY substr(o.path, 1, {n})", params)
            return total, {p: _num(v) for p, v in cur.fetchall()}

        for code in codes:
            if spec[code][0] == "ratio":
                _r, num_code, den_code, *mean = spec[code]
                (nv, ng), (dv, dg) = record(num_code), record(den_code)
                out[code] = ("ratio", nv, ng, dv, dg, not mean)
            else:
                out[code] = record(code)
    return {"kids": kids, "figures": out}


def floor_figures(raw: dict[str, Any]) -> Figures:
    """The floor's numbers in the project's shape (value, total, 本级, children) for the comparison."""
    kids = raw["kids"]
    child_paths = {p for _id, p in kids}
    out: Figures = {}
    for code, f in raw["figures"].items():
        if f[0] == "ratio":
            _r, nv, ng, dv, dg, pct = f
            n_own = sum(v for p, v in ng.items() if p not in child_paths)
            d_own = sum(v for p, v in dg.items() if p not in child_paths)
            rows = tuple((pk, _pct(ng.get(p, 0), dg.get(p, 0), pct)) for pk, p in kids)
            out[code] = (_pct(nv, dv, pct), _pct(nv, dv, pct), _pct(n_own, d_own, pct) if d_own else None, rows)
        else:
            total, groups = f
            own = sum((v for p, v in groups.items() if p not in child_paths), start=0)
            out[code] = (total, sum(groups.values(), start=0), own, tuple((pk, groups.get(p, 0)) for pk, p in kids))
    return out


def compare(mine: Figures, theirs: Figures) -> None:
    bad = [code for code in theirs if mine.get(code) != theirs[code]]
    if bad or set(mine) != set(theirs):
        for code in bad[:5]:
            common.log(f"MISMATCH {code}: project {mine.get(code)!r}\n      floor   {theirs[code]!r}")
        raise SystemExit(f"project and floor disagree on {len(bad)} indicator(s): {', '.join(bad)}")


# --- measuring ----------------------------------------------------------------------------------------
def count_queries(fn: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def explain(sql: str) -> list[str]:
    """The plan of a captured statement (its parameters already inlined)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cur:
        cur.execute(prefix + sql)
        return [" | ".join(str(c) for c in row) for row in cur.fetchall()]


def heaviest_query(user: Any, org: Any, per: Any, indicators: list[Any]) -> dict[str, Any]:
    """The slowest statement of one project roll-up (captured), timed again on its own, with its plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        project(user, org, per, indicators)
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    return {"sql": slowest["sql"], "time_ms": round(float(slowest["time"]) * 1000, 2)}


def run(args: Any) -> dict[str, Any]:
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import all_indicators

    user = common.province_user()
    counts = seed(user)
    root = OrgUnit.objects.get(depth=1)
    per = period()
    indicators = all_indicators()
    spec = floors()
    check_coverage(indicators, spec)
    codes = [i.code for i in indicators]

    # identical numbers, and every indicator has data
    mine = project(user, root, per, indicators)
    theirs = floor_figures(floor(root.pk, root.path, per, spec, codes))
    compare(mine, theirs)
    empty = [c for c, (v, *_rest) in mine.items() if not v]
    if empty:
        raise SystemExit(f"no data behind {', '.join(empty)}: the benchmark data must give every indicator a figure")
    kids = engine.children_of(root)
    common.log(f"{len(indicators)} indicators, {len(kids)} children of {root.name}: project and floor agree")

    project_queries = count_queries(lambda: project(user, root, per, indicators))
    floor_queries = count_queries(lambda: floor(root.pk, root.path, per, spec, codes))

    for _ in range(WARMUP):
        project(user, root, per, indicators)
        floor(root.pk, root.path, per, spec, codes)
    project_s, floor_s = [], []
    for _ in range(REPEATS):  # alternating, so a change in the machine's load hits both
        project_s.append(common.timed(lambda: project(user, root, per, indicators))[0])
        floor_s.append(common.timed(lambda: floor(root.pk, root.path, per, spec, codes))[0])
    p_ms, f_ms = common.median(project_s) * 1000, common.median(floor_s) * 1000
    ratio = p_ms / f_ms
    passed = ratio <= TARGET
    common.log(f"roll-up of {len(indicators)} indicators: project {p_ms:.1f} ms ({project_queries} queries), "
               f"floor {f_ms:.1f} ms ({floor_queries} queries): {ratio:.2f}x")

    per_indicator = []
    for ind in indicators:
        pt, ft = [], []
        for _ in range(PER_INDICATOR_REPEATS):
            pt.append(common.timed(lambda ind=ind: project(user, root, per, [ind]))[0])
            ft.append(common.timed(lambda ind=ind: floor(root.pk, root.path, per, spec, [ind.code]))[0])
        pm, fm = common.median(pt) * 1000, common.median(ft) * 1000
        v = mine[ind.code][0]
        per_indicator.append({"code": ind.code, "label": ind.label, "aggregate": ind.aggregate,
                              "value": float(v) if isinstance(v, Decimal) else v,
                              "project_ms": round(pm, 2), "floor_ms": round(fm, 2), "ratio": round(pm / fm, 2)})

    heavy = heaviest_query(user, root, per, indicators)
    heavy["plan"] = explain(heavy["sql"])
    result: dict[str, Any] = {
        "benchmark": "rollup",
        "title": f"Statistics roll-up of all {len(indicators)} indicators at the province root",
        "data": counts,
        "indicators": len(indicators),
        "children": len(kids),
        "org": root.name,
        "period": per.label(),
        "raw": {
            "project_ms": common.ms(project_s), "floor_ms": common.ms(floor_s),
            "project_queries": project_queries, "floor_queries": floor_queries,
            "per_indicator": per_indicator,
        },
        "heaviest": heavy,
        "targets": [{
            "name": f"roll-up of {len(indicators)} indicators (value + per-child breakdown) vs hand-written SQL",
            "value_ms": round(p_ms, 2), "floor_ms": round(f_ms, 2), "ratio": round(ratio, 2),
            "target": f"<= {TARGET:g}x", "pass": passed,
        }],
        "notes": [
            f"Median of {REPEATS} roll-ups each (project and floor alternating) after {WARMUP} warm-up runs of each; "
            f"per-indicator figures are medians of {PER_INDICATOR_REPEATS} (the project side then includes the grants "
            "query and the children query for one indicator, so small indicators show a larger ratio).",
            f"Project: {project_queries} queries per roll-up (1 grants + 1 children + the indicators' own); floor: "
            f"{floor_queries} (1 children + the indicators' own). Numbers compared value by value (value, total, 本级 "
            "and every child) before timing.",
            f"Period: {per.label()} (dated indicators); headcount, education and overdue campaign tasks are states "
            "(as of now; overdue: past the deadline by today's local date). Timestamps (task deployment, findings) count by "
            "their local date: the floor bounds them by local midnights.",
            f"Campaign data (bulk inserts, `add_campaigns`): {counts['campaigns']} campaigns (drafts and a closed one "
            f"included), {counts['campaign_assignments']:,} task assignments (province → first level → counties, local "
            f"measures; done on time, late, overdue, not due), {counts['progress_reports']:,} progress reports, "
            f"{counts['inspections']} inspections (done and planned), {counts['findings']} findings, "
            f"{counts['work_reports']:,} work reports (述职, 实绩写实).",
            f"Learning and points data (bulk inserts, `add_learning`): {counts['study_sessions']:,} study sessions "
            f"({counts['study_attendance']:,} attendances), {counts['training_classes']} training classes "
            f"({counts['enrollments']:,} enrolments), {counts['exams']} exams ({counts['attempts']:,} attempts, retakes "
            f"included), {counts['contest_entries']:,} essay entries, {counts['writings']:,} writings, "
            f"{counts['point_entries']:,} point entries; some of each before the period. points.average is a mean "
            "(分 per cadre on the roll, one decimal), not a percentage.",
            "Cadre-based learning indicators (cadres trained, exam participants, passed): the engine filters the period "
            "in a second .filter() on the multi-valued relation, so Django joins enrollments / attempts twice and the "
            "period holds for ANY row of the cadre (e.g. passed before the period, sat again inside it: counted as "
            "passed); the floor gives the same numbers with two EXISTS (filters; period) and COUNT(*).",
        ],
    }
    if common.want_profile(args, passed):
        common.log("profiling 5 project roll-ups (cProfile)")
        result["profile"] = common.profile_summary(lambda: [project(user, root, per, indicators) for _ in range(5)])
    return result


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
