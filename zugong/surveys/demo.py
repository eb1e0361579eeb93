"""Demo data for 满意度测评: last year's province survey from the shipped template (4 aspects, 19 items) answered
across the demo province's cities and counties — a few regions clearly lower, so the bottom three cities and
ten counties got special inspections, one of them recorded with its problems and suggestions — and this year's
survey open, with four fixed codes for 道里区 that `zugong demo-accounts` prints (real codes are random and never
stored). Codes are issued and the survey is closed through the services; answering is bulk-staged."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

# fixed ballot codes of this year's survey for 道里区 (printed by `zugong demo-accounts`), one per category + one
DEMO_BALLOTS = {"cadre": "SVY0-0000-0000-0000-0000-0000-01", "masses": "SVY0-0000-0000-0000-0000-0000-02",
                "client": "SVY0-0000-0000-0000-0000-0000-03", "masses2": "SVY0-0000-0000-0000-0000-0000-04"}
# free-text answers some respondents gave (意见建议)
COMMENTS = ["希望组织部门多深入基层，多听取基层干部群众的意见。", "干部选拔任用的公示时间可以再长一些，公示内容再具体一些。",
            "建议减少各类报表和材料，让基层干部把精力用在工作上。", "组工干部服务态度很好，办事效率高。",
            "希望加大对年轻干部的培养力度，多给基层干部学习培训的机会。", "对跑官要官问题要坚决查处，并及时通报。",
            "基层党组织活动形式可以更灵活多样。", "建议定期公开组织工作的开展情况，让群众更了解组织部门。"]
LOW_CITIES = 3
LOW_COUNTIES = 10


def _targets(province: Any) -> list[Any]:
    from zugong.orgs.models import OrgUnit

    return list(OrgUnit.objects.filter(path__startswith=province.path, depth__in=[province.depth + 1, province.depth + 2], is_active=True)
                .filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY]).order_by("path"))


def _survey(actor: Any, province: Any, targets: list[Any], *, year: int, opens: date, closes: date, quotas: str) -> Any:
    from zugong.surveys import design

    data = design.template_data("org-work-satisfaction")
    data.update(title=f"{year}年度全省组织工作满意度民意调查", year=year, opens_on=opens, closes_on=closes, categories_text=quotas)
    return design.survey_create(actor=actor, org_unit=province, data=data, targets=targets)


def build(*, seed: int = 2026) -> dict[str, int]:
    from zugong.accounts.models import User
    from zugong.opinions.models import OpinionCategory
    from zugong.orgs.models import OrgUnit
    from zugong.surveys import ballots, closing, design, inspections
    from zugong.surveys.models import BallotCode, ResponseStaging, SpecialInspection, Survey

    rng = random.Random(seed)  # noqa: S311 — deterministic demo data, not security
    today = timezone.localdate()
    actor = User.objects.get(username="demo-province")
    province = OrgUnit.objects.get(name="黑龙江省委组织部")
    targets = _targets(province)
    cities = [t for t in targets if t.depth == province.depth + 1]
    counties = [t for t in targets if t.depth == province.depth + 2]
    low = set(rng.sample([c.pk for c in cities], LOW_CITIES)) | set(rng.sample([c.pk for c in counties], LOW_COUNTIES))

    # last year: issued, answered (about 90% of the codes), closed
    # (made with today's dates, which publishing needs, and moved back to last November once closed)
    last = _survey(actor, province, targets, year=today.year - 1, opens=today, closes=today, quotas="党员干部 8\n群众 6\n服务对象 4")
    last = design.survey_publish(actor=actor, survey=last, expected_version=last.version)
    for target in last.targets.all():  # one sheet per region, as the organizer prints them
        ballots.codes_issue(actor=actor, survey=last, target=target)
    items = list(last.items.order_by("order").values_list("id", flat=True))
    staged: list[ResponseStaging] = []
    used: list[int] = []
    for code in BallotCode.objects.filter(batch__survey=last).select_related("batch__target").order_by("id"):
        if rng.random() > 0.9:
            continue
        good = 0.55 if code.batch.target.org_unit_id in low else 0.9
        answers = {}
        for item in items:
            r = rng.random()
            answers[str(item)] = 4 if r < 0.05 else 1 if r < good * 0.7 else 2 if r < good else 3
        comment = rng.choice(COMMENTS) if rng.random() < 0.06 else ""
        staged.append(ResponseStaging(survey=last, target_id=code.batch.target_id, category_id=code.batch.category_id,
                                      sealed=ballots.seal(answers, comment)))
        used.append(code.pk)
    ResponseStaging.objects.bulk_create(staged, batch_size=1000)
    BallotCode.objects.filter(pk__in=used).update(used=True)
    last.refresh_from_db()
    closed = closing.survey_close(actor=actor, survey=last, expected_version=last.version)
    Survey.objects.filter(pk=closed.pk).update(opens_on=date(today.year - 1, 11, 1), closes_on=date(today.year - 1, 11, 30),
                                               closed_on=date(today.year - 1, 12, 1))

    # the lowest city's 督导检查 is recorded: its problems are in that city's rectification ledger
    worst = SpecialInspection.objects.filter(survey=closed, kind=SpecialInspection.Kind.SUPERVISION).order_by("-rank").first()
    if worst is not None:
        selection = OpinionCategory.objects.get(code="selection")
        style = OpinionCategory.objects.get(code="work_style")
        inspections.inspection_record(
            actor=actor, inspection=worst, done_on=today - timedelta(days=20), group="省委组织部第一督导组",
            summary="听取市委组织部汇报，个别谈话 32 人，查阅干部选任档案 15 卷，召开基层干部群众座谈会 2 次。",
            findings=[inspections.FindingInput("干部选拔任用工作公开透明度不够", selection, suggestions="推行任前公示全覆盖\n建立干部选任全程纪实制度"),
                      inspections.FindingInput("对基层干部关心关爱不够", style, suggestions="建立基层干部谈心谈话制度"),
                      inspections.FindingInput("群众对组织工作了解不多", style, suggestions="开展“组织工作开放日”活动")],
            expected_version=worst.version)

    # this year: open now, codes printed for 道里区 (four of them fixed for the guide)
    current = _survey(actor, province, targets, year=today.year, opens=today - timedelta(days=3), closes=today + timedelta(days=25),
                      quotas="党员干部 8\n群众 6\n服务对象 4")
    current = design.survey_publish(actor=actor, survey=current, expected_version=current.version)
    daoli = OrgUnit.objects.get(name="道里区委组织部")
    issued = ballots.codes_issue(actor=actor, survey=current, target=current.targets.get(org_unit=daoli))
    from zugong.core import codes

    fixed = {"cadre": issued[0].codes[0], "masses": issued[1].codes[0], "client": issued[2].codes[0], "masses2": issued[1].codes[1]}
    for key, real in fixed.items():
        code = codes.normalize_code(DEMO_BALLOTS[key])
        assert code is not None
        BallotCode.objects.filter(code_hash=ballots.code_hash(real)).update(code_hash=ballots.code_hash(code))
    appraisal = _appraisal(actor, province, rng)
    return {"responses": len(staged), "inspections": SpecialInspection.objects.filter(survey=closed).count(), "appraised": appraisal}


def _appraisal(actor: Any, province: Any, rng: random.Random) -> int:
    """Last year's 民主测评 of five of the province department's own cadres, answered by its staff and closed: what
    demo-leader reads on 干部个人测评结果 (the business administrator cannot)."""
    from django.db.models import Count

    from zugong.people.models import Cadre
    from zugong.surveys import ballots, closing, design
    from zugong.surveys.models import BallotCode, ResponseStaging, Survey

    today = timezone.localdate()
    own = list(Cadre.objects.filter(org_unit=province, status="active").order_by("id").values_list("name", flat=True)[:40])
    clash = {n for n, c in Cadre.objects.filter(org_unit__path__startswith=province.path, name__in=own).values_list("name")
             .annotate(c=Count("id")).values_list("name", "c") if c > 1}
    names = [n for n in own if n not in clash][:5]
    if len(names) < 2:
        return 0
    data = design.template_data("cadre-appraisal")
    data.update(title=f"{today.year - 1}年度省委组织部干部民主测评", year=today.year - 1, opens_on=today, closes_on=today,
                categories_text="领导班子成员 6\n中层干部 14\n一般干部 24", cadres_text="\n".join(names))
    s = design.survey_create(actor=actor, org_unit=province, data=data, targets=[province])
    s = design.survey_publish(actor=actor, survey=s, expected_version=s.version)
    ballots.codes_issue(actor=actor, survey=s)
    items = list(s.items.order_by("order").values_list("id", "aspect__order"))
    staged, used = [], []
    for code in BallotCode.objects.filter(batch__survey=s).select_related("batch").order_by("id"):
        if rng.random() > 0.92:
            continue
        answers = {}
        for item, person in items:  # the third person is rated lower
            r = rng.random()
            good = 0.6 if person == 2 else 0.95
            answers[str(item)] = 1 if r < good * 0.6 else 2 if r < good else 3 if r < 0.99 else 4
        staged.append(ResponseStaging(survey=s, target_id=code.batch.target_id, category_id=code.batch.category_id, sealed=ballots.seal(answers)))
        used.append(code.pk)
    ResponseStaging.objects.bulk_create(staged, batch_size=1000)
    BallotCode.objects.filter(pk__in=used).update(used=True)
    s.refresh_from_db()
    closed = closing.survey_close(actor=actor, survey=s, expected_version=s.version)
    Survey.objects.filter(pk=closed.pk).update(opens_on=date(today.year - 1, 12, 10), closes_on=date(today.year - 1, 12, 20),
                                               closed_on=date(today.year - 1, 12, 21))
    return len(names)
