"""Demo data for 开门评部: the province's solicitation drive under 三讲三提升, what every department did on
each channel (the seed's 22万 letters, 2700 symposiums, 36000 visits are reached at either scale: they are
counts), and the opinions received — a few thousand at the small scale, about 150,000 at `--scale province`.

Opinion texts are put together from the kinds of complaint the seeds list, so near-duplicates occur as they
do in real drives (what the duplicate suggestions are for)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

# per category code: what people complain about (subject) and what they ask (ask)
TEXTS: dict[str, tuple[list[str], list[str]]] = {
    "thinking": (["有的组工干部学习不够深入", "部分干部服务意识不强", "个别同志存在“机关化”倾向", "有的干部对基层情况了解不多"],
                 ["建议加强理论学习，提高政治站位", "希望多到基层一线了解情况", "建议开展经常性的党性教育"]),
    "work_style": (["下发的报表和材料过多，一个月要报十几种", "会议太多，基层疲于应付", "督查检查频繁，重复检查多",
                    "到基层调研时间短，听汇报多看实情少"],
                   ["希望精简报表材料，减轻基层负担", "建议合并同类会议，能不开的不开", "建议统筹督查检查，避免重复"]),
    "efficiency": (["办理党员组织关系转接手续环节多", "干部档案查阅手续繁琐，等待时间长", "来访办事有时找不到具体承办人",
                    "政策咨询电话经常无人接听"],
                   ["希望简化办事程序，实行一次性告知", "建议公开办事流程和时限", "建议设立服务窗口，首问负责"]),
    "selection": (["干部选拔任用的条件和程序公开不够", "年轻干部成长通道不够畅通", "基层干部晋升空间小", "交流轮岗力度不大"],
                  ["建议扩大干部工作民主，提高透明度", "希望拓宽选人用人视野，重视基层一线干部", "建议加大干部交流力度"]),
    "integrity": (["个别工作人员接受服务对象宴请", "有的同志在考察中透露谈话内容", "公务接待有超标准现象"],
                  ["建议加强对组工干部的监督", "希望严格执行保密纪律", "建议公开监督举报电话"]),
    "service": (["对基层党组织的指导不够具体", "对基层干部关心关爱不够", "对困难党员的帮扶不经常"],
                ["希望多帮基层解决实际问题", "建议建立联系基层常态化机制", "希望完善基层干部激励保障措施"]),
    "other": (["组织工作宣传不够", "网站信息更新不及时"], ["建议加强组织工作的对外宣传", "希望及时公开组织工作动态"]),
}
CATEGORY_WEIGHTS = {"thinking": 10, "work_style": 30, "efficiency": 22, "selection": 20, "integrity": 6, "service": 10, "other": 2}
CHANNEL_WEIGHTS = {"letter": 40, "symposium": 25, "visit": 18, "hotline": 4, "questionnaire": 8, "box": 5, "other": 1}
SOURCES = ["cadre", "masses", "client", "deputy", "grassroots"]


# receipt codes of the demo letters to 道里区委组织部 (printed by `zugong demo-accounts`): fixed so the guide can use
# them; a real code is 128 random bits and is never stored
DEMO_CODES = {"received": "DEM0-0000-0000-0000-0000-0000-01", "accepted": "DEM0-0000-0000-0000-0000-0000-02",
              "replied": "DEM0-0000-0000-0000-0000-0000-03", "overdue": "DEM0-0000-0000-0000-0000-0000-04"}


class _Row(NamedTuple):
    org_unit_id: int
    drive_id: int
    channel: str
    category_id: int
    content: str
    source_kind: str
    submitter: str
    anonymous: bool
    received_on: Any
    status: str
    signature: bytes
    version: int
    created_by_id: int
    problem_id: int | None = None
    reply: str = ""
    replied_on: Any = None
    rating: int | None = None
    rating_comment: str = ""
    rated_on: Any = None


@transaction.atomic
def build(*, scale: str = "small", seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.campaigns.models import Campaign
    from zugong.core.bulk import insert_rows
    from zugong.opinions import drives
    from zugong.opinions.models import ChannelRecord, Drive, Opinion, OpinionCategory
    from zugong.opinions.similarity import signature
    from zugong.orgs.models import OrgUnit

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    campaign = Campaign.objects.filter(org_unit=province).order_by("id").first()
    start = today - timedelta(days=150)
    drive = drives.drive_create(actor=actor, org_unit=province, data={
        "title": "“三讲三提升”开门评部征求意见", "start_date": start, "end_date": today + timedelta(days=30), "campaign": campaign,
        "channels": ["letter", "symposium", "visit", "hotline", "questionnaire", "box", "mailbox"],
        "description": "开通专线电话、设置征求意见箱、发布征求意见公告、发放征求意见表、分层次召开座谈会、走访服务对象、开展问卷调查，"
                       "广泛征求社会各界对组织部门和组工干部的意见和建议。"})
    Drive.objects.filter(pk=drive.pk).update(created_at=timezone.now() - timedelta(days=150))
    departments = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).filter(is_active=True).order_by("path"))

    # channel records: about 1,550 letters, 19 symposiums and 255 visits per department (≈ the seed's totals)
    records: list[ChannelRecord] = []
    for u in departments:
        for kind, times, lo, hi, who in (("letter", 3, 300, 730, "党代表、人大代表、政协委员、基层党员、服务对象"),
                                         ("symposium", 19, 1, 1, "基层党组织书记、党员干部、群众代表"),
                                         ("visit", 6, 25, 60, "基层干部群众、服务对象"), ("hotline", 1, 5, 40, ""),
                                         ("questionnaire", 1, 100, 400, "党员干部群众")):
            for _ in range(times):
                participants = rng.randint(8, 25) if kind == "symposium" else None
                records.append(ChannelRecord(drive=drive, org_unit=u, kind=kind, date=start + timedelta(days=rng.randint(0, 140)),
                                             count=rng.randint(lo, hi), participants=participants, recipients=who,
                                             minutes="座谈会纪要：与会同志围绕组织部门作风建设提出意见建议。" if kind == "symposium" else "",
                                             created_by=actor))
    ChannelRecord.objects.bulk_create(records, batch_size=2000)

    categories = {c.code: c for c in OpinionCategory.objects.all()}
    per_unit = 1050 if scale == "province" else 22
    cat_codes, cat_w = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    ch_codes, ch_w = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    signatures: dict[str, bytes] = {}
    rows: list[_Row] = []
    for u in departments:
        n = per_unit if u.kind != OrgUnit.Kind.PROVINCE else per_unit * 2
        for _ in range(n):
            code = rng.choices(cat_codes, cat_w)[0]
            subjects, asks = TEXTS[code]
            text = f"{rng.choice(subjects)}，{rng.choice(asks)}。"
            sig = signatures.get(text)
            if sig is None:
                sig = signatures[text] = signature(text)
            anonymous = rng.random() < 0.4
            rows.append(_Row(u.pk, drive.pk, rng.choices(ch_codes, ch_w)[0], categories[code].pk, text, rng.choice(SOURCES), "",
                             anonymous, start + timedelta(days=rng.randint(0, 140)), Opinion.Status.NEW, sig, 1, actor.pk))
    with connection.wrap_database_errors:
        insert_rows(Opinion, rows)
    letters = build_mailbox(rng)
    ledger_counts = build_ledger(rng, drive, departments, actor, per_problem=14 if scale == "province" else 2)
    return {"records": len(records), "opinions": len(rows), "letters": letters, **ledger_counts}


PROBLEMS = {"work_style": ("文风会风不实，报表材料过多", ["精简报表材料，合并同类报表", "规范会议，能合并的合并，能不开的不开",
                                                      "建立督查检查统筹制度，避免重复检查"]),
            "efficiency": ("办事程序繁琐，服务效率不高", ["公开办事流程和时限，实行一次性告知", "设立服务窗口，落实首问负责制",
                                                        "简化党员组织关系转接手续"]),
            "selection": ("选人用人公开透明度不够", ["扩大干部工作民主，公开选拔条件和程序", "拓宽选人用人视野，注重从基层一线选拔干部",
                                                    "加大干部交流轮岗力度"])}


def build_ledger(rng: random.Random, drive: Any, departments: list[Any], actor: Any, *, per_problem: int) -> dict[str, int]:
    """Per department three problems (one per leading category) holding that category's opinions, each with measures
    (most accepted and closed, some awaiting acceptance, in progress, overdue), and 回访 ratings of some replied
    opinions; 道里区's first problem is carried through the services so its history is complete."""
    from zugong.accounts.models import User
    from zugong.core.calendar import add_workdays
    from zugong.opinions import measures
    from zugong.opinions.models import Measure, MeasureUpdate, Opinion, OpinionCategory, Problem
    from zugong.orgs.models import OrgUnit

    today = timezone.localdate()
    categories = {c.code: c for c in OpinionCategory.objects.all()}
    rows: list[Measure] = []
    n_problems = 0
    daoli = OrgUnit.objects.get(name="道里区委组织部")
    for u in departments:
        for code, (title, contents) in PROBLEMS.items():
            p = Problem.objects.create(org_unit=u, drive=drive, category=categories[code], title=title, identified_on=today - timedelta(days=100),
                                       description="群众反映集中的问题，经梳理归类形成。", created_by=actor)
            n_problems += 1
            Opinion.objects.filter(org_unit=u, category=categories[code], problem=None).exclude(channel="mailbox").update(
                problem=p, status=Opinion.Status.CLUSTERED)
            if u.pk == daoli.pk:
                continue
            for i in range(per_problem):
                planned = today - timedelta(days=rng.randint(60, 95))
                deadline = add_workdays(planned, rng.choice([10, 20, 30, 40]))
                r = rng.random()
                status, accepted, completed, progress = Measure.Status.CLOSED, None, None, 100
                if r < 0.88:
                    completed = min(deadline, today - timedelta(days=5))
                    accepted = completed + timedelta(days=3)
                elif r < 0.93:
                    status, completed = Measure.Status.AWAITING, today - timedelta(days=2)
                elif r < 0.97:
                    status, progress = Measure.Status.IN_PROGRESS, rng.choice([30, 50, 70])
                    deadline = today + timedelta(days=rng.randint(5, 40))
                else:
                    status, progress = Measure.Status.IN_PROGRESS, 60  # past its deadline: overdue
                rows.append(Measure(org_unit=u, problem=p, content=contents[i % len(contents)], leader="分管副部长", responsible="科长",
                                    planned_on=planned, deadline=deadline, status=status, progress=progress, completed_on=completed,
                                    accepted_on=accepted, accepted_by=actor if accepted else None, created_by=actor))
    Measure.objects.bulk_create(rows, batch_size=2000)
    # 道里区: the whole loop through the services (the county reports, the city accepts)
    county, city = User.objects.get(username="demo-county"), User.objects.get(username="demo-city")
    p = Problem.objects.get(org_unit=daoli, category=categories["work_style"])
    steps = [("精简报表材料，合并同类报表", 20, "accept"), ("规范会议，能合并的合并，能不开的不开", 15, "complete"),
             ("建立督查检查统筹制度，避免重复检查", 30, "report"), ("对基层报表实行清单管理", 5, "overdue")]
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = b"%PDF-1.4\n%%EOF\n"
    for content, days, step in steps:
        m = measures.measure_create(actor=county, problem=p, data={"content": content, "org_unit": daoli, "leader": "张副部长",
                                                                    "responsible": "组织科 李科长", "days": days})
        if step in ("accept", "complete"):
            m = measures.measure_report(actor=county, measure=m, text="已梳理现有报表和会议清单，起草精简方案", progress=50,
                                        expected_version=m.version)
            m = measures.measure_complete(actor=county, measure=m, text="报表由15种减为6种，月度例会合并为1次",
                                          expected_version=m.version, uploads=[SimpleUploadedFile("精简方案.pdf", evidence)])
        if step == "accept":
            measures.measure_accept(actor=city, measure=m, expected_version=m.version, comment="成效明显，同意销号")
        elif step == "report":
            measures.measure_report(actor=county, measure=m, text="已起草督查检查计划", progress=40, expected_version=m.version)
        elif step == "overdue":
            Measure.objects.filter(pk=m.pk).update(planned_on=today - timedelta(days=30), deadline=add_workdays(today - timedelta(days=30), 5))
    # 回访: replies and ratings on part of the opinions of problems whose measures are closed
    rated = 0
    ids = list(Opinion.objects.filter(problem__measures__status=Measure.Status.CLOSED).exclude(channel="mailbox")
               .values_list("pk", flat=True).distinct().order_by("pk"))
    sample = rng.sample(ids, len(ids) // 4) if ids else []
    for score in (5, 4, 3, 2):
        chunk = [pk for i, pk in enumerate(sample) if [5, 5, 5, 4, 4, 4, 4, 3, 3, 2][i % 10] == score]
        for start in range(0, len(chunk), 5000):
            Opinion.objects.filter(pk__in=chunk[start:start + 5000]).update(
                reply="已按反映的问题制定整改措施并落实，经上级验收销号。", replied_on=today - timedelta(days=10), status=Opinion.Status.REPLIED,
                rating=score, rated_on=today - timedelta(days=7))
        rated += len(chunk)
    return {"problems": n_problems, "measures": len(rows) + len(steps), "rated": rated,
            "measure_updates": MeasureUpdate.objects.count()}


def build_mailbox(rng: random.Random) -> int:
    """Letters to the mailbox: 道里区's four with fixed receipt codes (待受理, 办理中, 已答复, overdue), and a few to
    other departments."""
    from zugong.accounts.models import User
    from zugong.core import codes
    from zugong.core.calendar import add_workdays
    from zugong.opinions import mailbox
    from zugong.opinions.models import MailboxCase, OpinionCategory
    from zugong.orgs.models import OrgUnit

    categories = {c.code: c for c in OpinionCategory.objects.all()}
    daoli = OrgUnit.objects.get(name="道里区委组织部")
    handler = User.objects.get(username="demo-county")
    letters = {
        "received": ("work_style", "报表材料太多", "社区每个月要填报的各类报表有十几种，很多内容重复，希望组织部门统筹精简。", "13904510001"),
        "accepted": ("efficiency", "组织关系转接太慢", "我在外地工作，转接党员组织关系跑了三次还没办完，希望简化手续、一次告知。", ""),
        "replied": ("selection", "选调条件公开", "希望公开今年选调生的报名条件和考察程序。", "张先生 0451-8888xxxx"),
        "overdue": ("service", "基层干部培训", "村干部培训机会少，希望多组织到先进地区学习。", ""),
    }
    for key, (code, subject, content, contact) in letters.items():
        case, _ = mailbox.submit(mailbox.Letter(org_unit=daoli, category=categories[code], subject=subject, content=content, contact=contact))
        fixed = codes.normalize_code(DEMO_CODES[key])
        assert fixed is not None
        MailboxCase.objects.filter(pk=case.pk).update(receipt_hash=mailbox.code_hash(fixed))
        case.refresh_from_db()
        if key == "accepted":
            mailbox.acknowledge(actor=handler, case=case, expected_version=case.version)
        elif key == "replied":
            case = mailbox.acknowledge(actor=handler, case=case, expected_version=case.version)
            mailbox.reply(actor=handler, case=case, expected_version=case.version,
                          text="您好！今年选调生的报名条件、考试和考察程序已在省委组织部网站“公告公示”栏目公布，报名期间可拨打咨询电话。感谢您的关注。")
        elif key == "overdue":
            received = timezone.localdate() - timedelta(days=30)
            MailboxCase.objects.filter(pk=case.pk).update(
                received_on=received, ack_due=add_workdays(received, 3), reply_due=add_workdays(received, 15))
            type(case.opinion).objects.filter(pk=case.opinion_id).update(received_on=received)
    others = list(OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY], is_active=True).order_by("path"))
    n = 0
    for unit in rng.sample(others, min(12, len(others))):
        code = rng.choice(list(TEXTS))
        subjects, asks = TEXTS[code]
        mailbox.submit(mailbox.Letter(org_unit=unit, category=categories[code], content=f"{rng.choice(subjects)}，{rng.choice(asks)}。"))
        n += 1
    return len(letters) + n
