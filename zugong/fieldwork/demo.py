"""Demo data of 基层工作 (called by core.demo.load): for every department of the demo province, last year's and this
year's field visits (四进, some to the offices' contact points), pairings with contact logs, problems solved (a few
unsolved, one of 道里区's handed to the rectification ledger through the service), and research topics led by the
department's leaders with milestones, reports, ratings and adoptions (道里区's and 哈尔滨's with real report files).

The bulk is staged with bulk_create (like the opinions demo), deterministic (random.Random(seed)), in proportions
that give every city a breakdown on the statistics page."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

PLACES = {"community": ["{t}街道{n}社区", "{t}社区党群服务中心"], "enterprise": ["{t}{n}有限公司", "{t}产业园区{n}企业"],
          "household": ["{t}镇{n}村", "{t}乡{n}屯农户"], "petition": ["{t}信访接待大厅"], "other": ["{t}镇党委", "{t}村党支部"]}
TOWNS = ["新阳", "友谊", "兆麟", "安静", "太平", "民主", "红旗", "幸福", "长青", "前进", "团结", "东风"]
PURPOSES = {"community": ["调研社区党组织建设", "指导社区“两委”班子建设", "宣讲党的创新理论", "了解社区党员管理情况"],
            "enterprise": ["调研非公企业党建工作", "了解企业人才需求", "指导企业党组织规范化建设"],
            "household": ["走访困难党员", "调研农村党员发展工作", "了解村级集体经济发展情况"],
            "petition": ["接待群众来访", "协调处理群众反映的问题"],
            "other": ["调研基层组织建设", "督导软弱涣散党组织整顿"]}
FINDINGS = ["党员活动阵地面积不足", "部分党员组织关系未及时转接", "村级后备力量不足", "群众反映办事流程较多", "", "", ""]
PROBLEMS = ["协调解决社区党员活动场所取暖问题", "帮助困难党员申请临时救助", "协调解决村内道路照明问题", "帮助企业引进急需专业人才",
            "协调落实困难家庭子女就学", "帮助农户联系农产品销路", "协调解决老旧小区供水问题", "推动落实村干部报酬待遇"]
RESULTS = ["已协调有关部门落实", "已办结，群众表示满意", "已解决并回访", "已协调资金落实到位"]
COUNTERPARTS = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
GIVEN = ["桂兰", "淑珍", "玉梅", "建国", "国华", "志强", "秀英", "德明", "春生", "海燕"]
TOPICS = ["新时代基层党组织组织力提升路径研究", "年轻干部培养选拔机制研究", "组工干部队伍建设调研", "非公企业党建工作调研",
          "农村基层干部队伍建设研究", "人才工作体制机制创新研究", "干部监督制度落实情况调研", "党员教育管理创新研究"]
MILESTONES = ["开题论证", "开展调研", "形成报告初稿", "修改定稿"]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PER_KIND = {"province": 60, "city": 30, "county": 16, "affiliated": 6, "zone": 6}  # visits per year


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@transaction.atomic
def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.fieldwork.models import (
        ContactPoint,
        FieldVisit,
        GrassrootsProblem,
        Pairing,
        PairingContact,
        ResearchTopic,
        TopicMilestone,
        VisitKind,
    )
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre, CadreStatus

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    actor = User.objects.get(username="demo-province")
    today = timezone.localdate()
    start = date(today.year - 1, 1, 1)
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))
    offices: dict[int, list[Any]] = {}
    for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, is_active=True).order_by("path"):
        offices.setdefault(o.parent_id or 0, []).append(o)
    staff: dict[int, list[Any]] = {}
    for c in Cadre.objects.filter(status=CadreStatus.ACTIVE).order_by("org_unit_id", "pk").only("pk", "org_unit_id", "rank", "name"):
        staff.setdefault(c.org_unit_id, []).append(c)

    # contact points: each office of a department keeps one
    points = [ContactPoint(org_unit=u, office=o, name=f"{rng.choice(TOWNS)}{rng.choice(['社区党委', '村党支部', '街道党工委'])}",
                           address=f"{u.name.removesuffix('委组织部')}{rng.choice(TOWNS)}路{rng.randint(1, 300)}号",
                           since=_day(rng, date(today.year - 4, 1, 1), start), created_by=actor)
              for u in units for o in offices.get(u.pk, [])]
    for i, p in enumerate(points):
        p.name = f"{p.name}{i % 7 + 1}号" if i % 3 == 0 else p.name
    ContactPoint.objects.bulk_create(points, batch_size=2000)
    points_of: dict[int, list[Any]] = {}
    for p in points:
        points_of.setdefault(p.org_unit_id, []).append(p)

    kinds, weights = list(VisitKind.values), [0.3, 0.2, 0.3, 0.12, 0.08]
    visits: list[Any] = []
    visit_cadres: list[list[Any]] = []
    pairings: list[Any] = []
    topics: list[tuple[Any, list[Any]]] = []
    for u in units:
        people = staff.get(u.pk, [])
        if not people:
            continue
        for _ in range(PER_KIND.get(u.kind, 6) * 2):
            kind = rng.choices(kinds, weights)[0]
            team = rng.sample(people, min(len(people), rng.choice([1, 1, 2, 2, 3, 4])))
            town = rng.choice(TOWNS)
            point = rng.choice(points_of[u.pk]) if points_of.get(u.pk) and rng.random() < 0.12 else None
            visits.append(FieldVisit(org_unit=u, kind=kind, date=_day(rng, start, today), person_count=len(team),
                                     place=point.name if point else rng.choice(PLACES[kind]).format(t=town, n=rng.randint(1, 9)),
                                     purpose=rng.choice(PURPOSES[kind]), findings=rng.choice(FINDINGS), contact_point=point,
                                     created_by=actor))
            visit_cadres.append(team)
        for c in rng.sample(people, max(1, len(people) // 3)):
            began = _day(rng, start, today - timedelta(days=20))
            ended = rng.random() < 0.2
            pairings.append(Pairing(org_unit=u, cadre=c, counterpart_kind=rng.choices(["member", "talent", "family"], [0.4, 0.2, 0.4])[0],
                                    counterpart_name=rng.choice(COUNTERPARTS) + rng.choice(GIVEN),
                                    counterpart_place=f"{rng.choice(TOWNS)}镇{rng.choice(TOWNS)}村", start_date=began,
                                    end_date=_day(rng, began, today) if ended else None, status="ended" if ended else "active",
                                    note="定期走访，帮助解决生产生活困难", created_by=actor))
        leaders = sorted(people, key=lambda c: (c.rank not in ("bureau", "division_chief", "division_deputy"), c.pk))[:3]
        for lead in leaders[: 1 + (u.kind in ("province", "city"))]:
            for year in (today.year - 1, today.year):
                t = ResearchTopic(org_unit=u, title=f"{year}年度{rng.choice(TOPICS)}", year=year, lead=lead,
                                  description="围绕组织工作重点难点问题开展调查研究，形成调研报告，推动成果转化。", created_by=actor)
                if year < today.year or rng.random() < 0.4:
                    t.report_date = _day(rng, date(year, 6, 1), min(date(year, 12, 20), today))
                    t.rating = rng.choices(["excellent", "good", "fair"], [0.3, 0.5, 0.2])[0]
                    if rng.random() < 0.35:
                        t.adopted, t.adoption_note = True, "调研成果被采纳，转化为有关制度文件"
                topics.append((t, rng.sample(people, min(len(people), 3))))
    FieldVisit.objects.bulk_create(visits, batch_size=2000)
    Through = FieldVisit.cadres.through
    Through.objects.bulk_create([Through(fieldvisit_id=v.pk, cadre_id=c.pk) for v, team in zip(visits, visit_cadres, strict=True)
                                 for c in team], batch_size=5000)
    Pairing.objects.bulk_create(pairings, batch_size=2000)
    contacts = [PairingContact(pairing=p, date=_day(rng, p.start_date, p.end_date or today), content="电话联系，了解近况，帮助解决困难",
                               created_by=actor) for p in pairings for _ in range(rng.randint(1, 3))]
    PairingContact.objects.bulk_create(contacts, batch_size=5000)

    problems = []
    for v in visits:
        if rng.random() < 0.35:
            problems.append(_problem(rng, GrassrootsProblem, v.org_unit, actor, today, raised=v.date, visit=v))
    for p in pairings:
        if rng.random() < 0.4:
            problems.append(_problem(rng, GrassrootsProblem, p.org_unit, actor, today, raised=_day(rng, p.start_date, today), pairing=p))
    GrassrootsProblem.objects.bulk_create(problems, batch_size=2000)

    ResearchTopic.objects.bulk_create([t for t, _ in topics], batch_size=2000)
    TeamThrough = ResearchTopic.team.through
    TeamThrough.objects.bulk_create([TeamThrough(researchtopic_id=t.pk, cadre_id=c.pk) for t, team in topics for c in team if c.pk != t.lead_id],
                                    batch_size=5000)
    milestones = []
    for t, _team in topics:
        for i, title in enumerate(MILESTONES):
            day = date(t.year, 3 + 2 * i, 15)
            milestones.append(TopicMilestone(topic=t, date=day, title=title, done=t.report_date is not None or day < today))
    TopicMilestone.objects.bulk_create(milestones, batch_size=5000)
    _files_and_ledger(actor, today)
    return {"visits": len(visits), "pairings": len(pairings), "problems": len(problems), "topics": len(topics), "points": len(points)}


def _problem(rng: random.Random, model: Any, unit: Any, actor: Any, today: date, *, raised: date, **link: Any) -> Any:
    solved = rng.random() < 0.88
    return model(org_unit=unit, description=rng.choice(PROBLEMS), raised_on=raised, status="solved" if solved else "unsolved",
                 solved_on=_day(rng, raised, min(today, raised + timedelta(days=60))) if solved else None,
                 result=rng.choice(RESULTS) if solved else "", created_by=actor, **link)


def _files_and_ledger(actor: Any, today: date) -> None:
    """道里区's and 哈尔滨's reports as real files; one of 道里区's unsolved problems handed to the ledger."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zugong.core import files
    from zugong.fieldwork import services
    from zugong.fieldwork.models import GrassrootsProblem, ResearchTopic
    from zugong.opinions.models import OpinionCategory
    from zugong.orgs.models import OrgUnit

    for name in ("道里区委组织部", "哈尔滨市委组织部"):
        unit = OrgUnit.objects.filter(name=name).first()
        if unit is None:
            continue
        for t in ResearchTopic.objects.filter(org_unit=unit, report_date__isnull=False).order_by("pk"):
            stored = files.store_all([SimpleUploadedFile(f"{t.title}调研报告.pdf", PDF)], actor=actor, org_unit=unit)[0]
            ResearchTopic.objects.filter(pk=t.pk).update(report_file=stored)
        p = GrassrootsProblem.objects.filter(org_unit=unit, status="unsolved").order_by("pk").first()
        category = OpinionCategory.objects.filter(is_active=True).order_by("order", "id").first()
        if p is not None and category is not None and name == "道里区委组织部":
            services.problem_to_ledger(actor=actor, problem=p, category=category, expected_version=p.version, data={
                "content": f"{p.description}：明确责任科室，协调有关部门限期解决", "leader": "分管副部长", "responsible": "组织科",
                "days": 20})
