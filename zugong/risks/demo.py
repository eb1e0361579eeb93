"""Demo data of 岗位风险防控: the province, every city and the first counties of each city (and 道里区) keep posts in
their offices, with risk points taken from the catalogue and holders from their own cadres; each post was reviewed
one interval ago or less (some found problems), a few are overdue (哈尔滨 and 道里区 among them), one finding of
哈尔滨 went into the rectification ledger, a few accountability notices were issued, and a couple of cadres have
held a high-risk post for longer than the tenure (到期应轮岗). Deterministic and bulk-written, so it stays fast."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

# office keyword → (post name, catalogue codes)
POSTS: list[tuple[str, list[tuple[str, list[str]]]]] = [
    ("干部监督", [("干部监督岗", ["JD-01", "JD-02", "JD-03", "XB-03"])]),
    ("干部", [("干部调配岗", ["XB-01", "XB-04", "XB-05"]), ("干部考察岗", ["XB-02", "XB-03", "XB-06"]),
             ("干部档案岗", ["DA-01", "DA-02", "DA-03"])]),
    ("组织", [("党员管理岗", ["ZZ-01", "ZZ-02"]), ("党费管理岗", ["DF-01", "DF-02"])]),
    ("人才", [("人才工作岗", ["RC-01", "RC-02", "RC-03"])]),
    ("办公室", [("财务岗", ["JG-04", "JG-02"]), ("文秘岗", ["JG-01", "JG-03", "JG-05"])]),
    ("研究室", [("综合调研岗", ["JG-01", "PX-01"])]),
    ("机关党委", [("机关党建岗", ["DF-01", "PX-02"])]),
]
FINDINGS = [
    "个别干部任免材料未经双人复核即报送", "一份考察材料中谈话人数与实际不符", "档案查阅登记表有 2 次未经审批", "党费收缴台账有 1 个月未公示",
    "人才项目评审专家回避承诺书缺签", "举报件办结后未向举报人反馈", "涉密文件借阅登记不完整", "报销凭证有 3 笔缺少复审签字",
    "公示期间反映问题的核查记录不全", "个人有关事项报告抽查结果未集体认定",
]
NOTICES = [
    ("criticism", "对{unit}干部档案管理中查阅登记不规范问题予以通报批评，责令限期整改。"),
    ("admonition", "{name}同志在干部考察工作中谈话范围把关不严，对其进行诫勉。"),
    ("talk", "对{unit}党费收缴未按期公示问题，对有关负责同志进行提醒谈话。"),
    ("review", "{name}同志违规借阅干部档案，责令作出书面检查。"),
    ("organizational", "{name}同志在公开选拔中泄露面试题目，予以调离岗位的组织处理。"),
]


def _offices(unit: Any) -> list[Any]:
    from zugong.orgs.models import OrgUnit

    return list(OrgUnit.objects.filter(parent=unit, kind=OrgUnit.Kind.OFFICE, is_active=True).order_by("order", "id"))


def _posts_for(office_name: str) -> list[tuple[str, list[str]]]:
    for key, posts in POSTS:
        if key in office_name:
            return posts
    return []


@transaction.atomic
def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.core.calendar import add_months
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre, CadreStatus
    from zugong.risks import services
    from zugong.risks.catalogue import BY_CODE
    from zugong.risks.models import (
        AccountabilityNotice,
        Level,
        Post,
        PostHolding,
        ReviewResult,
        RiskPoint,
        RiskReview,
    )
    from zugong.risks.selectors import rotation_years

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.CITY, is_active=True).order_by("path"))
    units = [province, *cities]
    for city in cities:
        units += list(OrgUnit.objects.filter(parent=city, kind=OrgUnit.Kind.COUNTY, is_active=True).order_by("order", "id")[:2])
    daoli = OrgUnit.objects.filter(name="道里区委组织部").first()
    if daoli is not None and daoli not in units:
        units.append(daoli)
    must_overdue = {u.pk for u in units if u.name in ("哈尔滨市委组织部", "道里区委组织部")}

    posts: list[Post] = []
    codes_of: list[list[str]] = []
    for unit in units:
        for office in _offices(unit):
            for name, codes in _posts_for(office.name):
                interval = 12 if rng.random() < 0.25 else 6
                posts.append(Post(org_unit=unit, office=office, name=name, review_interval=interval, next_review_on=today,
                                  duties=f"负责{office.name}{name.removesuffix('岗')}相关工作", created_by=actor))
                codes_of.append(codes)
    Post.objects.bulk_create(posts, batch_size=1000)

    points: list[RiskPoint] = []
    for post, codes in zip(posts, codes_of, strict=True):
        for code in codes:
            e = BY_CODE[code]
            level = e.level if rng.random() < 0.8 else rng.choice([Level.MEDIUM, Level.LOW, e.level])
            points.append(RiskPoint(post=post, description=e.description, category=e.category, level=level, measures=e.measures,
                                    responsible=f"{post.office.name if post.office else ''}负责人", catalogue_code=e.code, created_by=actor))
    RiskPoint.objects.bulk_create(points, batch_size=2000)
    points_of: dict[int, list[RiskPoint]] = {}
    for p in points:
        points_of.setdefault(p.post_id, []).append(p)

    # holders: cadres of the office (else of the unit); a couple of high-risk posts held past the tenure
    cadres: dict[tuple[int, int | None], list[int]] = {}
    for pk, unit_id, office_id in Cadre.objects.filter(org_unit__in=units, status=CadreStatus.ACTIVE).values_list("pk", "org_unit_id", "office_id"):
        cadres.setdefault((unit_id, office_id), []).append(pk)
        cadres.setdefault((unit_id, None), []).append(pk)
    years = rotation_years()
    high_posts = [p for p in posts if any(x.level == Level.HIGH for x in points_of.get(p.pk, []))]
    long_held = {p.pk for p in rng.sample(high_posts, min(3, len(high_posts)))}
    holdings: list[PostHolding] = []
    used: set[int] = set()
    for post in posts:
        pool = [c for c in cadres.get((post.org_unit_id, post.office_id), []) or cadres.get((post.org_unit_id, None), []) if c not in used]
        if not pool:
            continue
        cadre_id = rng.choice(pool)
        used.add(cadre_id)
        if post.pk in long_held:
            since = today - timedelta(days=365 * years + rng.randint(60, 900))
        else:
            since = today - timedelta(days=rng.randint(90, 365 * years - 120))
        holdings.append(PostHolding(post=post, cadre_id=cadre_id, since=since))
    PostHolding.objects.bulk_create(holdings, batch_size=2000)

    # reviews: the latest one interval ago or less (a few overdue), an earlier one before it
    overdue_units: set[int] = set()
    reviews: list[RiskReview] = []
    findings: list[list[tuple[RiskPoint, str]]] = []
    for post in posts:
        late = rng.random() < 0.08 or (post.org_unit_id in must_overdue and post.org_unit_id not in overdue_units)
        if late:
            overdue_units.add(post.org_unit_id)
            last = add_months(today, -post.review_interval) - timedelta(days=rng.randint(10, 60))
        else:
            last = today - timedelta(days=rng.randint(5, post.review_interval * 30 - 10))
        for day in (add_months(last, -post.review_interval), last):
            found = [(p, rng.choice(FINDINGS)) for p in points_of.get(post.pk, []) if rng.random() < 0.1]
            reviews.append(RiskReview(post=post, reviewed_on=day, reviewer=rng.choice(["张", "王", "李", "刘", "陈", "杨"]) + "科长",
                                      summary="对照岗位风险点逐项排查。" if not found else f"排查发现问题 {len(found)} 个，已明确整改要求。",
                                      findings=len(found), created_by=actor))
            findings.append(found)
        post.last_review_on, post.next_review_on = last, add_months(last, post.review_interval)
    RiskReview.objects.bulk_create(reviews, batch_size=2000)
    Post.objects.bulk_update(posts, ["last_review_on", "next_review_on"], batch_size=1000)
    results: list[ReviewResult] = []
    for review, found in zip(reviews, findings, strict=True):
        bad = dict(found)
        for p in points_of.get(review.post_id, []):
            problem = p in bad
            results.append(ReviewResult(review=review, risk_point=p, point_text=p.description[:200],
                                        result=ReviewResult.Result.PROBLEM if problem else ReviewResult.Result.NORMAL,
                                        finding=bad[p] if problem else ""))
    ReviewResult.objects.bulk_create(results, batch_size=5000)

    # a finding of 哈尔滨 (a new review recorded through the service) put into the ledger
    harbin = next((u for u in units if u.name == "哈尔滨市委组织部"), cities[0])
    post = next(p for p in posts if p.org_unit_id == harbin.pk and points_of.get(p.pk) and p.next_review_on >= today)
    pts = points_of[post.pk]
    post.refresh_from_db()
    services.review_record(actor=actor, post=post, reviewed_on=today - timedelta(days=2), reviewer="王科长",
                           summary="专项排查干部任免材料报送环节。", deadline=today + timedelta(days=30), results=[
                               services.ResultInput(p.pk, ReviewResult.Result.PROBLEM if i == 0 else ReviewResult.Result.NORMAL,
                                                    "个别干部任免材料未经双人复核即报送" if i == 0 else "", to_ledger=i == 0)
                               for i, p in enumerate(pts)])

    # accountability notices: a few cities and counties
    notices = []
    for i, unit in enumerate(rng.sample(units[1:], min(8, len(units) - 1))):
        form, text = NOTICES[i % len(NOTICES)]
        pool = cadres.get((unit.pk, None), [])
        cadre = Cadre.objects.get(pk=pool[0]) if pool and "{name}" in text else None
        related = [p for p in points if p.post.org_unit_id == unit.pk]
        notices.append(AccountabilityNotice(
            org_unit=unit, date=today - timedelta(days=rng.randint(10, 300)), subject=cadre.name if cadre else unit.name.removesuffix("委组织部"),
            cadre=cadre, form=form, content=text.format(unit=unit.name, name=cadre.name if cadre else ""),
            risk_point=rng.choice(related) if related else None, created_by=actor))
    AccountabilityNotice.objects.bulk_create(notices)
    return {"posts": len(posts), "risk_points": len(points), "reviews": len(reviews) + 1, "notices": len(notices)}
