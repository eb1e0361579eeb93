"""Demo data for 学、考 and the points card: a year of study sessions and training classes across the demo
province, a question bank, last half-year's province test (sat by most cadres) and an open test that the
demo accounts can take now (each demo account is linked to a roster entry of its unit)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

# (kind, category, difficulty, text, options, answer, explanation)
QUESTIONS: list[tuple[str, str, int, str, list[str], list[str], str]] = [
    ("single", "党章党规", 1, "党的最高领导机关是？", ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "中央纪律检查委员会"], ["0"], "见党章第十条。"),
    ("single", "党章党规", 1, "党的组织原则是？", ["民主集中制", "集体领导", "少数服从多数", "个人服从组织"], ["0"], "民主集中制是党的根本组织原则。"),
    ("single", "党章党规", 2, "预备党员的预备期为？", ["一年", "半年", "两年", "三个月"], ["0"], "见党章第七条。"),
    ("single", "党章党规", 2, "党员如果没有正当理由，连续几个月不参加党的组织生活，就被认为是自行脱党？", ["六个月", "三个月", "一年", "九个月"], ["0"], "见党章第九条。"),
    ("single", "党章党规", 2, "党的基层组织每届任期一般为？", ["三年至五年", "两年", "五年", "三年"], ["0"], "党的基层委员会每届任期三年至五年。"),
    ("single", "干部工作", 2, "《党政领导干部选拔任用工作条例》规定，选拔任用党政领导干部必须经过的程序不包括？", ["公开选拔", "动议", "考察", "讨论决定"], ["0"], "公开选拔是选拔方式之一，不是必经程序。"),
    ("single", "干部工作", 2, "提拔担任领导职务的，实行任职前公示制度，公示期不少于？", ["五个工作日", "三个工作日", "七个工作日", "十个工作日"], ["0"], "见《干部任用条例》。"),
    ("single", "干部工作", 3, "新提拔担任领导职务的，试用期为？", ["一年", "半年", "两年", "三个月"], ["0"], "试用期一年。"),
    ("single", "干部工作", 1, "干部人事档案工作的主管部门是？", ["党委组织部门", "人力资源社会保障部门", "档案馆", "纪检监察机关"], ["0"], ""),
    ("single", "组织工作", 1, "组织部门的职能被概括为“管党、管干部、管人才”，其中“管干部”的核心是？", ["坚持党管干部原则", "公开招考", "提高待遇", "精简机构"], ["0"], ""),
    ("single", "组织工作", 2, "“三会一课”中的“一课”是指？", ["党课", "业务课", "法治课", "文化课"], ["0"], ""),
    ("single", "组织工作", 2, "党费收缴、使用和管理由哪一部门统一管理？", ["党委组织部门", "财政部门", "审计部门", "纪检监察机关"], ["0"], ""),
    ("single", "人才工作", 2, "党管人才原则主要是管？", ["宏观、政策、协调、服务", "人才的日常考勤", "人才的工资福利", "人才的项目经费"], ["0"], ""),
    ("single", "组工干部", 1, "组工干部“讲政治、重公道、业务精、作风好”中，首要的是？", ["讲政治", "重公道", "业务精", "作风好"], ["0"], ""),
    ("single", "组工干部", 2, "组织部门“开门评部”的主要目的是？", ["接受群众监督，改进工作作风", "扩大宣传", "招录干部", "统计人数"], ["0"], ""),
    ("multiple", "党章党规", 2, "党员的义务包括？", ["认真学习马克思列宁主义", "全心全意为人民服务", "坚持党和人民的利益高于一切", "享受更多物质待遇"], ["0", "1", "2"], ""),
    ("multiple", "干部工作", 2, "干部考察的方式包括？", ["个别谈话", "发放征求意见表", "民主测评", "实地走访"], ["0", "1", "2", "3"], ""),
    ("multiple", "干部工作", 3, "防止和纠正用人上不正之风，要坚决防止？", ["跑官要官", "买官卖官", "拉票贿选", "正常推荐"], ["0", "1", "2"], ""),
    ("multiple", "组织工作", 2, "“三会一课”中的“三会”是指？", ["支部党员大会", "支部委员会", "党小组会", "职工代表大会"], ["0", "1", "2"], ""),
    ("multiple", "组工干部", 2, "组工干部作风建设要做到？", ["公道正派", "坚持原则", "清正廉洁", "拉关系走后门"], ["0", "1", "2"], ""),
    ("multiple", "人才工作", 2, "人才工作的重点对象包括？", ["党政人才", "企业经营管理人才", "专业技术人才", "高技能人才"], ["0", "1", "2", "3"], ""),
    ("multiple", "组织工作", 3, "发展党员工作应坚持的方针有？", ["控制总量", "优化结构", "提高质量", "发挥作用"], ["0", "1", "2", "3"], ""),
    ("judge", "党章党规", 1, "党员有权在党的会议上对党的任何组织和任何党员提出有根据的批评。", [], ["T"], ""),
    ("judge", "党章党规", 1, "预备党员享有表决权、选举权和被选举权。", [], ["F"], "预备党员没有表决权、选举权和被选举权。"),
    ("judge", "干部工作", 2, "民主推荐结果是选拔任用的唯一依据。", [], ["F"], "推荐结果作为重要参考，不简单以票取人。"),
    ("judge", "干部工作", 2, "干部任职前公示期间，对反映的问题应当进行核实。", [], ["T"], ""),
    ("judge", "组织工作", 1, "党支部是党的基础组织。", [], ["T"], ""),
    ("judge", "组工干部", 1, "组工干部可以在干部考察中透露考察谈话内容。", [], ["F"], "考察谈话内容必须保密。"),
    ("judge", "组工干部", 2, "组织部门应当及时将整改结果向有关单位和工作对象反馈。", [], ["T"], ""),
    ("judge", "人才工作", 1, "人才工作只是人事部门的事，与组织部门无关。", [], ["F"], ""),
    ("fill", "党章党规", 2, "党的根本组织原则是____。", [], ["民主集中制"], ""),
    ("fill", "组织工作", 2, "“三会一课”中的“一课”是指按时上好____。", [], ["党课"], ""),
    ("fill", "干部工作", 3, "选拔任用干部坚持德才兼备、____的原则。", [], ["以德为先"], ""),
]

STUDY_PLAN = [("central_group", 4, "学习贯彻党的组织路线"), ("party_lecture", 2, "讲党课：做党和人民满意的好组工干部"),
              ("discussion", 2, "座谈讨论：如何提高组织工作满意度"), ("lecture", 1, "专题报告会"), ("reading", 2, "月读一本好书交流会"),
              ("collective", 2, "集中学习干部任用条例")]


def _insert(model: Any, rows: list[Any]) -> None:
    from zugong.core.bulk import insert_rows

    with connection.wrap_database_errors:
        insert_rows(model, rows)


@transaction.atomic
def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.learning import exams, grading
    from zugong.learning.models import (
        Attempt,
        AttemptAnswer,
        CoverageRule,
        Enrollment,
        Exam,
        Question,
        QuestionBank,
        StudyAttendance,
        StudyKind,
        StudyRequirement,
        StudySession,
        TrainingClass,
        TrainingCourse,
    )
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre
    from zugong.people.selectors import ON_ROLL
    from zugong.points.models import PointEntry, PointRule

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    now = timezone.now()
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    departments = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).filter(is_active=True).order_by("path"))
    cadres_of: dict[int, list[Cadre]] = defaultdict(list)
    for c in Cadre.objects.filter(status__in=ON_ROLL).order_by("id"):
        cadres_of[c.org_unit_id].append(c)

    # demo accounts take exams and read their cards as a cadre of their unit
    for username, unit_name in (("demo-province", "黑龙江省委组织部"), ("demo-city", "哈尔滨市委组织部"), ("demo-county", "道里区委组织部"),
                                ("demo-other-county", "龙沙区委组织部"), ("demo-leader", "黑龙江省委组织部")):
        unit = OrgUnit.objects.get(name=unit_name)
        free = next(c for c in cadres_of[unit.pk] if c.user_id is None)
        free.user = User.objects.get(username=username)
        free.save(update_fields=["user"])

    StudyRequirement.objects.create(org_unit=province, rank="", hours=Decimal(40))
    StudyRequirement.objects.create(org_unit=province, rank="bureau", hours=Decimal(50))
    CoverageRule.objects.create(org_unit=province, window_months=24, due_months=3)

    # ---- study sessions over the last year
    kinds = {k.code: k for k in StudyKind.objects.all()}
    attendance: list[tuple[int, Any, Cadre]] = []  # (session pk, date, cadre)
    for u in departments:
        staff = cadres_of.get(u.pk, [])
        if not staff:
            continue
        for code, times, topic in STUDY_PLAN:
            for n in range(times):
                day = today - timedelta(days=rng.randint(5, 360))
                s = StudySession.objects.create(org_unit=u, kind=kinds[code], date=day, hours=Decimal(rng.choice([2, 3, 4])),
                                                topic=f"{topic}（{n + 1}）" if times > 1 else topic, speaker="部领导" if code == "party_lecture" else "",
                                                created_by=actor)
                for c in rng.sample(staff, max(1, int(len(staff) * rng.uniform(0.6, 0.95)))):
                    attendance.append((s.pk, day, c))
    _insert(StudyAttendance, [StudyAttendance(session_id=s, cadre_id=c.pk) for s, _d, c in attendance])

    # ---- training classes: the province's rotation classes for city and county cadres, each city's for its counties
    enrolments: list[Enrollment] = []
    completions: list[Enrollment] = []
    cities = [u for u in departments if u.kind == OrgUnit.Kind.CITY]
    organizers = [(province, "全省组工干部轮训班", 8), *[(c, f"{c.name.replace('委组织部', '')}组工干部专题培训班", 3) for c in cities]]
    trained: set[int] = set()
    for org, title, count in organizers:
        pool = [c for u in departments if u.path.startswith(org.path) for c in cadres_of.get(u.pk, [])]
        for n in range(count):
            start = today - timedelta(days=rng.randint(20, 700))
            kind = rng.choice(["rotation", "topical", "online"]) if org != province else "rotation"
            tc = TrainingClass.objects.create(org_unit=org, title=f"{title}（第{n + 1}期）", kind=kind, start_date=start,
                                              end_date=start + timedelta(days=4), hours=Decimal(32), place="党校",
                                              capacity=80, created_by=actor)
            TrainingCourse.objects.bulk_create([
                TrainingCourse(training_class=tc, title=t, teacher="党校教授", date=start + timedelta(days=i), hours=Decimal(8))
                for i, t in enumerate(["干部选拔任用工作实务", "组织工作满意度提升", "党性修养与作风建设", "基层党建创新"])])
            fresh = [p for p in pool if p.pk not in trained] or pool
            for c in rng.sample(fresh, min(40, len(fresh))):
                trained.add(c.pk)
                ended = tc.end_date < today
                done = ended and rng.random() < 0.95
                status = "completed" if done else "absent" if ended else "enrolled"  # a past class has no one still 已报名
                e = Enrollment(training_class=tc, cadre=c, status=status,
                               completed_on=tc.end_date if done else None, score=Decimal(rng.randint(70, 98)) if done else None)
                enrolments.append(e)
                if done:
                    completions.append(e)
    Enrollment.objects.bulk_create(enrolments, batch_size=2000)

    # ---- question bank and exams
    bank = QuestionBank.objects.create(org_unit=province, name="组织工作应知应会", description="党章党规、干部工作、组织工作、人才工作、组工干部",
                                       created_by=actor)
    Question.objects.bulk_create([Question(bank=bank, kind=k, category=cat, difficulty=d, text=t, options=o, answer=a, explanation=e)
                                  for k, cat, d, t, o, a, e in QUESTIONS])
    rules = [exams.RuleInput(bank=bank, kind="single", count=10, points=Decimal(5)),
             exams.RuleInput(bank=bank, kind="multiple", count=4, points=Decimal(5)),
             exams.RuleInput(bank=bank, kind="judge", count=6, points=Decimal(4)),
             exams.RuleInput(bank=bank, kind="fill", count=2, points=Decimal(3))]  # 50 + 20 + 24 + 6 = 100
    common = {"time_limit": 30, "pass_score": Decimal(60), "shuffle_options": True, "show_key_after": True,
              "description": "闭卷，独立完成。时间到自动交卷。"}
    held = now - timedelta(days=160)
    half = "上" if timezone.localtime(held).month <= 6 else "下"
    past = exams.exam_save(actor=actor, org_unit=province, targets=cities, rules=rules, data={
        **common, "title": f"{timezone.localtime(held).year}年{half}半年组工干部应知应会知识测试", "attempts_allowed": 2,
        "starts_at": held, "ends_at": held + timedelta(days=10)})
    Exam.objects.filter(pk=past.pk).update(status=Exam.Status.CLOSED)
    current = exams.exam_save(actor=actor, org_unit=province, targets=[province], rules=rules, data={
        **common, "title": "干部选拔任用条例知识测试（第四季度）", "attempts_allowed": 3,
        "starts_at": now - timedelta(days=2), "ends_at": now + timedelta(days=30)})
    exams.exam_set_status(actor=actor, exam=current, status=Exam.Status.PUBLISHED, expected_version=current.version)

    keys = {q.pk: grading.Key(q.kind, list(q.answer), len(q.options)) for q in Question.objects.filter(bank=bank)}
    pools = {r.kind: list(Question.objects.filter(bank=bank, kind=r.kind).values_list("id", flat=True)) for r in rules}
    linked = set(Cadre.objects.filter(user__isnull=False).values_list("pk", flat=True))
    in_cities = {u.pk for u in departments if any(u.path.startswith(c.path) for c in cities)}  # the past exam's targets
    sat = [c for pk, cs in cadres_of.items() if pk in in_cities for c in cs if c.pk not in linked and rng.random() < 0.8]
    attempts: list[Attempt] = []
    papers: list[tuple[Attempt, dict[str, list[str]]]] = []
    started = past.starts_at + timedelta(days=2)
    for c in sat:
        paper = []
        for r in rules:
            for q in rng.sample(pools[r.kind], r.count):
                paper.append({"q": q, "o": list(range(keys[q].options)), "p": str(r.points)})
        skill = rng.uniform(0.45, 0.98)
        answers = {str(i): (list(keys[it["q"]].answer) if rng.random() < skill else ["F"] if keys[it["q"]].kind == "judge" and
                            keys[it["q"]].answer == ["T"] else ["T"] if keys[it["q"]].kind == "judge" else ["1"] if keys[it["q"]].kind != "fill"
                            else ["不会"]) for i, it in enumerate(paper)}
        graded = grading.grade(paper, answers, keys)
        score = sum((g.points for g in graded), Decimal(0))
        a = Attempt(exam=past, cadre=c, user=actor, org_unit_id=c.org_unit_id, number=1, paper=paper, answers=answers,
                    started_at=started, deadline_at=started + timedelta(minutes=30), submitted_at=started + timedelta(minutes=rng.randint(12, 29)),
                    status=Attempt.Status.SUBMITTED, score=score, max_score=Decimal(100), passed=score >= past.pass_score)
        attempts.append(a)
        papers.append((a, answers))
    Attempt.objects.bulk_create(attempts, batch_size=1000)
    answer_rows = []
    for a, _answers in papers:
        for g in grading.grade(a.paper, a.answers, keys):
            answer_rows.append(AttemptAnswer(attempt_id=a.pk, position=g.position, question_id=g.question_id, answer=g.answer,
                                             correct=g.correct, points=g.points))
    _insert(AttemptAnswer, answer_rows)

    # ---- the points the events earned, by the rules and their caps (as award() would count them, in bulk)
    rule = {r.code: r for r in PointRule.objects.all()}
    entries: list[PointEntry] = []
    per_day: dict[tuple[int, Any], Decimal] = defaultdict(Decimal)
    per_year: dict[tuple[str, int, int], Decimal] = defaultdict(Decimal)

    def earn(code: str, c: Cadre, day: Any, source: str, reason: str, points: Decimal) -> None:
        r = rule[code]
        capped = False
        if r.daily_cap is not None and code == "learning.study_attended":
            room = max(r.daily_cap - per_day[(c.pk, day)], Decimal(0))
            points, capped = min(points, room), points > room
        if r.yearly_cap is not None:
            room = max(r.yearly_cap - per_year[(code, c.pk, day.year)], Decimal(0))
            capped = capped or points > room
            points = min(points, room)
        per_day[(c.pk, day)] += points
        per_year[(code, c.pk, day.year)] += points
        entries.append(PointEntry(cadre=c, org_unit_id=c.org_unit_id, year=day.year, date=day, rule=r, points=points, reason=reason,
                                  source=source, capped=capped))

    for session_id, day, c in sorted(attendance, key=lambda x: (x[1], x[0])):
        earn("learning.study_attended", c, day, f"study:{session_id}", rule["learning.study_attended"].name, rule["learning.study_attended"].points)
    for e in completions:  # bulk_create has set their ids (source as training.py writes it)
        earn("learning.training_completed", e.cadre, e.completed_on, f"enrollment:{e.pk}", f"培训结业：{e.training_class.title}",
             rule["learning.training_completed"].points)
    for a in attempts:
        if a.passed:
            earn("learning.exam_passed", a.cadre, timezone.localdate(a.submitted_at), f"exam:{past.pk}", f"考试合格：{past.title}（第1次）",
                 Decimal(str(rule["learning.exam_passed"].decay[0])))
    # ---- 党性分析材料 for the last half-year and 读书笔记 of the last three months, most of them read (已阅)
    from zugong.learning import writings as wr
    from zugong.learning.models import Writing

    reviewer = User.objects.get(username="demo-leader")
    half = wr.previous_periods("party_spirit", 2)[1]
    months = wr.previous_periods("reading", 4)[1:]
    written: list[Writing] = []
    for cs in cadres_of.values():
        for c in cs:
            if c.user_id is not None:
                continue  # the demo accounts' own cadres write theirs in the demo
            plan = [("party_spirit", half, "党性分析材料", "")] if rng.random() < 0.7 else []
            plan += [("reading", m, "读书笔记", rng.choice(["《之江新语》", "《干部选拔任用工作条例》释义", "《习近平的七年知青岁月》"]))
                     for m in months if rng.random() < 0.35]
            for kind, period, title, book in plan:
                day = today - timedelta(days=rng.randint(15, 80))
                read = rng.random() < 0.8
                written.append(Writing(cadre=c, org_unit_id=c.org_unit_id, kind=kind, period=period, title=f"{period} {title}",
                                       book=book, content="对照党章和岗位职责，查摆在理想信念、工作作风、廉洁自律等方面的差距，提出整改措施。",
                                       submitted_on=day, status=Writing.Status.REVIEWED if read else Writing.Status.SUBMITTED,
                                       reviewer=reviewer if read else None, review_comment="已阅。分析深刻，措施具体。" if read else "",
                                       reviewed_at=now if read else None))
    Writing.objects.bulk_create(written, batch_size=2000)
    for w in written:
        if w.status == Writing.Status.REVIEWED:
            earn("learning.writing_reviewed", w.cadre, w.submitted_on, f"writing:{w.pk}", f"{w.get_kind_display()}（{w.period}）已阅",
                 rule["learning.writing_reviewed"].points)
    PointEntry.objects.bulk_create(entries, batch_size=2000)
    build_contests(actor, province, cadres_of, rng)
    return {"sessions": StudySession.objects.count(), "classes": TrainingClass.objects.count(), "enrolments": len(enrolments),
            "attempts": len(attempts), "points": len(entries)}


def build_contests(actor: Any, province: Any, cadres_of: dict[int, list[Any]], rng: random.Random) -> None:
    """The province's essay contest, reviewed blind by the 部领导 and published (awards earn points), and one
    still collecting entries that the demo accounts can enter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zugong.accounts.models import User
    from zugong.learning import contests

    today = timezone.localdate()
    judge = User.objects.get(username="demo-leader")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    c = contests.contest_create(actor=actor, org_unit=province, judges=[judge], data={
        "title": "“做党和人民满意的好组工干部”征文", "theme": "加强组织部门自身建设", "opens_on": today - timedelta(days=40),
        "closes_on": today, "description": "全省各级组织部门的组工干部均可参加，每人限报一篇，3000字以内。",
        "tiers": {"first": 5, "second": 10, "third": 20, "excellence": 30}})
    c = contests.contest_set_status(actor=actor, contest=c, status="open", expected_version=c.version)
    authors = rng.sample([x for cs in cadres_of.values() for x in cs if x.user_id is None], 90)
    topics = ["坚持公道正派 树立组工干部良好形象", "在服务基层中提升组织工作满意度", "以“三讲三提升”推动组织部门自身建设",
              "做党员之家、干部之家、人才之家的守护者", "把“开门评部”的意见转化为改进工作的动力"]
    entries = [contests.entry_submit(actor=actor, contest=c, cadre=a, title=f"{topics[i % len(topics)]}（{a.name}）",
                                     upload=SimpleUploadedFile("征文.pdf", pdf)) for i, a in enumerate(authors)]
    c = contests.contest_set_status(actor=actor, contest=c, status="reviewing", expected_version=c.version)
    for e in entries:
        contests.review_save(actor=judge, contest=c, entry_id=e.pk, score=Decimal(rng.randint(600, 980)) / 10, comment="")
    contests.contest_award(actor=actor, contest=c)
    c.refresh_from_db()
    contests.contest_publish(actor=actor, contest=c, expected_version=c.version)
    open_one = contests.contest_create(actor=actor, org_unit=province, judges=[judge], data={
        "title": "“我身边的优秀组工干部”主题征文", "theme": "身边榜样", "opens_on": today - timedelta(days=3),
        "closes_on": today + timedelta(days=45), "description": "讲述身边优秀组工干部的故事，每人限报一篇。",
        "tiers": {"first": 3, "second": 6, "third": 10, "excellence": 15}})
    contests.contest_set_status(actor=actor, contest=open_one, status="open", expected_version=open_one.version)
