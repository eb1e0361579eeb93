"""Demo data of 项目化管理: the province publishes its 6大工程 and a menu of 20 重点突破创新项目 (open for claiming);
most cities and about a third of the counties claim some — most approved, a few declined, a few still pending (道里区
has one waiting in the province's inbox) — the approved ones report progress for the recent months, some milestones
done, a few projects done and a few overdue; last month's 月通报 is issued through the briefing machinery; and an
innovation award round (组织工作创新范例奖) is awarded.

Everything goes through the services and is moved back to its calendar afterwards (dates relative to today)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

PROGRAMS = [
    ("组工干部素质提升工程", ["组工干部全员轮训“一年一主题”", "“组工讲堂”网上学习平台建设", "新进组工干部“导师帮带”制度", "组工干部业务技能比武"]),
    ("组织部门作风建设工程", ["“组工干部走流程”服务体验", "组织部门开放日", "“一线工作法”推进机制"]),
    ("干部工作制度创新工程", ["干部选任全程纪实", "干部实绩档案和考核结果运用", "年轻干部常态化发现储备", "干部监督信息联席会议"]),
    ("基层组织建设推进工程", ["软弱涣散基层党组织整顿“回头看”", "村党组织书记“头雁”培养", "党员积分制管理"]),
    ("人才工作服务保障工程", ["人才“一站式”服务窗口", "高层次人才联系服务专家制度", "乡村振兴人才“引育留”计划"]),
    ("组工信息化建设工程", ["组工业务数据“一网通”", "干部档案数字化审核", "组织系统统计数据“数出一源”"]),
]
CONTENT = "围绕{program}，以{title}为抓手，明确责任单位和时间节点，形成可复制、可推广的经验做法。"
TARGETS = ["年底前形成制度文件1项，覆盖全部下级单位", "参与率达到95%以上，群众满意度明显提升", "建成工作台账，按月调度，形成典型案例不少于3个"]
MEASURES = "一是制定实施方案，细化任务分工；二是建立月调度、季通报制度；三是及时总结推广典型经验。"
LOCAL = ["结合本地实际，{year}年底前在全{area}推开，形成典型经验2个", "建立本地工作台账，按月报告进展，年底前完成验收",
         "选择3个基层单位先行试点，三季度总结推广"]
REPORTS = ["召开专题推进会，制定实施方案，明确责任分工。", "完成试点单位遴选，组织业务培训{n}场次。", "按节点推进，形成阶段性工作台账。",
           "总结试点经验，在全{area}范围推开，已覆盖{n}个基层单位。", "开展督导检查，发现并整改问题{n}个。"]


def _month(d: date, back: int) -> date:
    y, m = d.year, d.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def build() -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.orgs.models import OrgUnit
    from zugong.projects import bulletin, services
    from zugong.projects.models import Claim, Milestone, ProgressReport, Project, ProjectStatus
    from zugong.stats import briefings

    rng = random.Random(2026)  # noqa: S311 — deterministic demo data, not security
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    today = timezone.localdate()
    year = today.year
    start = today - timedelta(days=150)

    # the province's programs and menu (20 重点突破创新项目)
    menu: list[Project] = []
    for title, projects in PROGRAMS:
        prog = services.program_create(actor=actor, org_unit=province, title=title, year=year,
                                       description=f"{year}年全省组织系统“六大工程”之一")
        for name in projects:
            deadline = today + timedelta(days=rng.randint(120, 240))
            p = services.project_create(actor=actor, org_unit=province, data={
                "program": prog, "title": name, "content": CONTENT.format(program=title, title=name), "targets": rng.choice(TARGETS),
                "leader": "省委组织部副部长", "responsible_name": rng.choice(["干部一处", "组织二处", "人才处", "办公室", "干部监督处"]),
                "measures": MEASURES, "start_on": start, "deadline": deadline, "status": ProjectStatus.ACTIVE, "progress": 0,
                "claimable": True, "claim_until": today + timedelta(days=30)},
                milestones=[("制定实施方案", start + timedelta(days=40)), ("试点推进、中期调度", today - timedelta(days=10)),
                            ("总结验收", deadline - timedelta(days=20))])
            menu.append(p)
    Project.objects.filter(pk__in=[p.pk for p in menu]).update(created_on=start)

    # claims: most cities, about a third of the counties
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY, is_active=True).order_by("order", "path"))
    daoli = OrgUnit.objects.filter(name="道里区委组织部").first()
    claimants: list[tuple[Any, int]] = []
    for city in cities:
        if rng.random() < 0.9:
            claimants.append((city, rng.randint(2, 4)))
        for county in OrgUnit.objects.filter(parent=city, kind=OrgUnit.Kind.COUNTY, is_active=True).order_by("order", "path"):
            if county == daoli or rng.random() < 0.3:
                claimants.append((county, 2 if county == daoli else 1))
    approved_projects: list[Project] = []
    n_claims = 0
    for unit, k in claimants:
        area = "市" if unit.kind == OrgUnit.Kind.CITY else "县（区）"
        for menu_project in rng.sample(menu, k):
            c = services.claim_apply(actor=actor, menu_project=menu_project, org_unit=unit, deadline=menu_project.deadline,
                                     targets=rng.choice(LOCAL).format(year=year, area=area), leader="分管副部长",
                                     responsible_name=rng.choice(["组织科", "干部科", "办公室", "人才科"]))
            n_claims += 1
            roll = rng.random()
            if unit == daoli and not Claim.objects.filter(org_unit=daoli, status="pending").exclude(pk=c.pk).exists():
                roll = 0.99  # 道里区 keeps one waiting in the province's inbox
            if roll < 0.84:
                c = services.claim_decide(actor=actor, claim=c, approve=True, expected_version=c.version)
                assert c.project is not None
                approved_projects.append(c.project)
            elif roll < 0.92:
                services.claim_decide(actor=actor, claim=c, approve=False, expected_version=c.version,
                                      reason="该项目本地已有同类工作基础，建议认领其他项目")
    applied, decided = start + timedelta(days=10), start + timedelta(days=20)
    Claim.objects.filter(menu_project__in=menu).update(applied_on=applied)
    Claim.objects.filter(menu_project__in=menu).exclude(status="pending").update(decided_on=decided)
    Claim.objects.filter(menu_project__in=menu, status="pending").update(applied_on=today - timedelta(days=3))
    Project.objects.filter(pk__in=[p.pk for p in approved_projects]).update(created_on=decided, start_on=decided)

    # progress: monthly reports for the last three months (and this month for some), milestones, a few done or overdue
    for p in approved_projects:
        area = "市" if p.org_unit.kind == OrgUnit.Kind.CITY else "县（区）"
        percent = 0
        for back in (2, 1, 0):
            if back == 0 and rng.random() < 0.5:
                continue
            percent = min(100, percent + rng.randint(10, 30))
            services.report_save(actor=actor, project=p, month=_month(today, back), percent=percent,
                                 text=rng.choice(REPORTS).format(n=rng.randint(2, 12), area=area))
        ms = list(p.milestones.order_by("due_on"))
        if ms:
            services.milestone_set_done(actor=actor, milestone=ms[0], done=True, expected_version=ms[0].version, on=ms[0].due_on)
        if len(ms) > 1 and rng.random() < 0.8:
            services.milestone_set_done(actor=actor, milestone=ms[1], done=True, expected_version=ms[1].version, on=ms[1].due_on)
        roll = rng.random()
        if roll < 0.1:
            p.refresh_from_db()
            for m in p.milestones.filter(done=False):
                services.milestone_set_done(actor=actor, milestone=m, done=True, expected_version=m.version)
            data = {f: getattr(p, f) for f in services.PROJECT_FIELDS}
            services.project_update(actor=actor, project=p, data={**data, "status": ProjectStatus.DONE}, expected_version=p.version)
        elif roll < 0.16:  # deadline passed, not done
            Project.objects.filter(pk=p.pk).update(deadline=today - timedelta(days=rng.randint(3, 20)))
    ProgressReport.objects.filter(project__in=approved_projects).update(reported_on=today - timedelta(days=2))
    Milestone.objects.filter(project__in=approved_projects, done=True, done_on__gt=today).update(done_on=today)

    # last month's 月通报, issued (figures and tables frozen)
    last = _month(today, 1)
    b = bulletin.bulletin_draft(actor=actor, org=province, month=last)
    briefings.briefing_issue(actor=actor, briefing=b, expected_version=b.version)

    # 组织工作创新范例奖: last year's approach on this year's claimed projects, awarded
    r = services.round_create(actor=actor, org_unit=province, title=f"{year}年度全省组织工作创新范例奖评选", year=year,
                              description="从各地认领推进的重点突破创新项目中评选，设一等奖1项、二等奖2项、三等奖3项。")
    chosen = rng.sample(approved_projects, min(8, len(approved_projects)))
    entries = [services.entry_nominate(actor=actor, award_round=r, project=p, reason="创新做法突出，成效明显，具有推广价值。") for p in chosen]
    r = services.round_advance(actor=actor, award_round=r, expected_version=r.version)
    for e in entries:
        services.entry_review(actor=actor, entry=e, score=Decimal(rng.choice([78, 82, 85, 88, 90, 92, 95])) + rng.choice([Decimal(0), Decimal("0.5")]),
                              comment="思路清晰，措施具体，成效可量化。", expected_version=e.version)
    ranked = sorted(entries, key=lambda e: -(e.score or 0))
    levels = ["first", "second", "second", "third", "third", "third"]
    r = services.round_award(actor=actor, award_round=r, expected_version=r.version,
                             levels={e.pk: levels[i] if i < len(levels) else "none" for i, e in enumerate(ranked)})
    return {"projects": Project.objects.count(), "claims": n_claims}
