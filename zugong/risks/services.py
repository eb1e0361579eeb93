"""Writes of 岗位风险防控: posts and their holders, risk points (by hand, from the catalogue, by import), the periodic
self-check that sets a post's next review date, findings put into the rectification ledger, accountability
notices. Every write re-checks the unit's scope, runs in one transaction and is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import can_at, require_at
from zugong.audit.services import record, snapshot
from zugong.core.calendar import add_months
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre
from zugong.risks.catalogue import BY_CODE
from zugong.risks.models import (
    AccountabilityNotice,
    Category,
    Level,
    Post,
    PostHolding,
    ReviewResult,
    RiskPoint,
    RiskReview,
)

CHANGE_POST = "risks.change_post"
CHANGE_POINT = "risks.change_riskpoint"
IMPORT_POINT = "risks.import_riskpoint"
REVIEW = "risks.add_riskreview"
CHANGE_NOTICE = "risks.change_accountabilitynotice"
LEDGER_PERMS = ("opinions.change_problem", "opinions.change_measure")
MAX_TEXT = 5000

MSG_NAME = "请填写岗位名称"
MSG_UNIT = "请选择单位（组织部门，不是内设科室）"
MSG_OFFICE = "科室应为所选单位的内设科室"
MSG_INTERVAL = "排查周期应为 1 到 36 个月"
MSG_DUPLICATE_POST = "该科室已有同名岗位"
MSG_POST_IN_USE = "岗位已有排查记录，不能删除；岗位撤销时请先删除其排查记录"
MSG_CADRE = "在岗人员应为本单位（含下级）的组工干部"
MSG_SINCE = "请填写任职日期，且不能晚于今天"
MSG_HOLDING_DUP = "该干部已在此岗位任职"
MSG_UNTIL = "离岗日期不能早于任职日期，也不能晚于今天"
MSG_ENDED = "该任职已结束"
MSG_DESCRIPTION = "请填写风险点"
MSG_CATEGORY = "请选择类别"
MSG_LEVEL = "请选择风险等级"
MSG_CATALOGUE = "请从目录中选择至少一个风险点"
MSG_CATALOGUE_UNKNOWN = "目录中没有编号为“{code}”的风险点"
MSG_DATE = "请填写排查日期"
MSG_FUTURE = "排查日期不能晚于今天"
MSG_REVIEWER = "请填写排查人"
MSG_NO_POINTS = "该岗位还没有风险点，请先添加风险点再排查"
MSG_RESULTS = "请为每个风险点选择排查结果"
MSG_FINDING = "风险点“{point}”发现问题，请填写发现的问题"
MSG_FINDING_NORMAL = "风险点“{point}”结果为正常，不应填写发现的问题"
MSG_NOT_FINDING = "只有发现的问题可以列入整改台帐"
MSG_IN_LEDGER = "该问题已列入整改台帐"
MSG_DEADLINE = "请填写整改时限"
MSG_PAST = "整改时限不能早于今天"
MSG_LEDGER_PERM = "您没有在该单位制定整改措施的权限"
MSG_NOTICE_DATE = "请填写通报日期，且不能晚于今天"
MSG_SUBJECT = "请填写问责对象"
MSG_FORM = "请选择问责方式"
MSG_CONTENT = "请填写通报内容"
MSG_NOTICE_CADRE = "组工干部应为通报单位（含下级）的干部"
MSG_NOTICE_POINT = "相关风险点应为通报单位（含下级）岗位的风险点"

# the ledger's problem category a risk category's findings go under (opinions' shipped categories)
LEDGER_CATEGORY: dict[str, str] = {Category.SELECTION: "selection", Category.DUES: "integrity", Category.TALENT: "integrity",
                   Category.SUPERVISION: "integrity", Category.ORGANIZATION: "service"}


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    return str(value or "").strip()[:limit]


def next_review(day: date, months: int) -> date:
    return add_months(day, months)


# --- posts ------------------------------------------------------------------------------------------------------

def _post_fields(data: dict[str, Any], *, post: Post | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    unit = data.get("org_unit")
    if not isinstance(unit, OrgUnit) or unit.kind == OrgUnit.Kind.OFFICE or not unit.is_active:
        errors["org_unit"] = MSG_UNIT
    office = data.get("office")
    if office is not None and (not isinstance(office, OrgUnit) or office.kind != OrgUnit.Kind.OFFICE
                               or not isinstance(unit, OrgUnit) or office.parent_id != unit.pk):
        errors["office"] = MSG_OFFICE
    name = _text(data.get("name"), 100)
    if not name:
        errors["name"] = MSG_NAME
    interval = data.get("review_interval")
    if isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= 36:
        errors["review_interval"] = MSG_INTERVAL
    if not errors:
        clash = Post.objects.filter(org_unit=unit, office=office, name=name)
        if post is not None:
            clash = clash.exclude(pk=post.pk)
        if clash.exists():
            errors["name"] = MSG_DUPLICATE_POST
    if errors:
        raise ValidationError(errors)
    fields = {"org_unit": unit, "office": office, "name": name, "duties": _text(data.get("duties")), "review_interval": interval}
    if data.get("next_review_on"):
        fields["next_review_on"] = data["next_review_on"]
    return fields


@transaction.atomic
def post_create(*, actor: Any, data: dict[str, Any]) -> Post:
    """A post; its first review is due on the date given, or one interval from today."""
    fields = _post_fields(data)
    require_at(actor, CHANGE_POST, fields["org_unit"].path)
    fields.setdefault("next_review_on", next_review(timezone.localdate(), fields["review_interval"]))
    post = Post.objects.create(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    record(action="post.created", actor=actor, obj=post, after=snapshot(post))
    return post


@transaction.atomic
def post_update(*, actor: Any, post: Post, data: dict[str, Any], expected_version: int) -> Post:
    require_at(actor, CHANGE_POST, post.org_unit.path)
    fields = _post_fields(data, post=post)
    require_at(actor, CHANGE_POST, fields["org_unit"].path)
    before = snapshot(post)
    for k, v in fields.items():
        setattr(post, k, v)
    update_versioned(post, expected_version=expected_version, fields=list(fields))
    record(action="post.updated", actor=actor, obj=post, before=before, after=snapshot(post))
    return post


@transaction.atomic
def post_delete(*, actor: Any, post: Post) -> None:
    require_at(actor, CHANGE_POST, post.org_unit.path)
    if post.reviews.exists():
        raise ValidationError(MSG_POST_IN_USE)
    before = snapshot(post)
    record(action="post.deleted", actor=actor, obj=post, before=before)
    post.delete()


@transaction.atomic
def holding_add(*, actor: Any, post: Post, cadre: Cadre | None, since: date | None) -> PostHolding:
    """A cadre takes the post (在岗人员): a cadre of the post's unit or below."""
    require_at(actor, CHANGE_POST, post.org_unit.path)
    errors: dict[str, str] = {}
    if cadre is None or not cadre.org_unit.path.startswith(post.org_unit.path):
        errors["cadre"] = MSG_CADRE
    if since is None or since > timezone.localdate():
        errors["since"] = MSG_SINCE
    if not errors and PostHolding.objects.filter(post=post, cadre=cadre, until__isnull=True).exists():
        errors["cadre"] = MSG_HOLDING_DUP
    if errors:
        raise ValidationError(errors)
    h = PostHolding.objects.create(post=post, cadre=cadre, since=since)
    record(action="postholding.created", actor=actor, obj=h, after=snapshot(h))
    return h


@transaction.atomic
def holding_end(*, actor: Any, holding: PostHolding, until: date | None) -> PostHolding:
    """The cadre leaves the post (轮岗, 调出 …) on `until`."""
    require_at(actor, CHANGE_POST, holding.post.org_unit.path)
    if holding.until is not None:
        raise ValidationError(MSG_ENDED)
    if until is None or until < holding.since or until > timezone.localdate():
        raise ValidationError({"until": MSG_UNTIL})
    before = snapshot(holding)
    n = PostHolding.objects.filter(pk=holding.pk, until__isnull=True).update(until=until)
    if n != 1:
        raise ValidationError(MSG_ENDED)
    holding.until = until
    record(action="postholding.ended", actor=actor, obj=holding, before=before, after=snapshot(holding))
    return holding


# --- risk points ------------------------------------------------------------------------------------------------

def point_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Checked fields of a risk point (also used row by row by the import)."""
    errors: dict[str, str] = {}
    description = _text(data.get("description"))
    if not description:
        errors["description"] = MSG_DESCRIPTION
    if data.get("category") not in Category.values:
        errors["category"] = MSG_CATEGORY
    if data.get("level") not in Level.values:
        errors["level"] = MSG_LEVEL
    return {"description": description, "category": data.get("category"), "level": data.get("level"),
            "measures": _text(data.get("measures")), "responsible": _text(data.get("responsible"), 50)}, errors


@transaction.atomic
def point_create(*, actor: Any, post: Post, data: dict[str, Any]) -> RiskPoint:
    require_at(actor, CHANGE_POINT, post.org_unit.path)
    fields, errors = point_fields(data)
    if errors:
        raise ValidationError(errors)
    code = _text(data.get("catalogue_code"), 20)
    p = RiskPoint.objects.create(post=post, catalogue_code=code if code in BY_CODE else "",
                                 created_by=actor if getattr(actor, "pk", None) else None, **fields)
    record(action="riskpoint.created", actor=actor, obj=p, after=snapshot(p))
    return p


@transaction.atomic
def point_update(*, actor: Any, point: RiskPoint, data: dict[str, Any], expected_version: int) -> RiskPoint:
    require_at(actor, CHANGE_POINT, point.post.org_unit.path)
    fields, errors = point_fields(data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(point)
    for k, v in fields.items():
        setattr(point, k, v)
    update_versioned(point, expected_version=expected_version, fields=list(fields))
    record(action="riskpoint.updated", actor=actor, obj=point, before=before, after=snapshot(point))
    return point


@transaction.atomic
def point_delete(*, actor: Any, point: RiskPoint) -> None:
    """Earlier reviews keep the point's wording (ReviewResult.point_text)."""
    require_at(actor, CHANGE_POINT, point.post.org_unit.path)
    record(action="riskpoint.deleted", actor=actor, obj=point, before=snapshot(point))
    point.delete()


@transaction.atomic
def points_from_catalogue(*, actor: Any, post: Post, codes: list[str], responsible: str = "") -> list[RiskPoint]:
    """Add catalogue entries to a post as its risk points (to adapt afterwards); an entry the post has already is
    skipped."""
    require_at(actor, CHANGE_POINT, post.org_unit.path)
    if not codes:
        raise ValidationError({"codes": MSG_CATALOGUE})
    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        raise ValidationError({"codes": MSG_CATALOGUE_UNKNOWN.format(code=unknown[0])})
    have = set(post.risk_points.values_list("catalogue_code", flat=True))
    made = []
    for code in dict.fromkeys(codes):
        if code in have:
            continue
        e = BY_CODE[code]
        made.append(RiskPoint.objects.create(post=post, description=e.description, category=e.category, level=e.level,
                                             measures=e.measures, responsible=_text(responsible, 50), catalogue_code=e.code,
                                             created_by=actor if getattr(actor, "pk", None) else None))
    for p in made:
        record(action="riskpoint.created", actor=actor, obj=p, after=snapshot(p))
    return made


@dataclass(frozen=True)
class PointRow:
    """A parsed import row: the post it belongs to and the fields."""

    post: Post
    fields: dict[str, Any]


def points_import(*, actor: Any, rows: list[PointRow], progress: Callable[[int], None]) -> dict[str, int]:
    """All-or-nothing: a row whose post already has the same risk point (same wording) updates it."""
    created = updated = 0
    with transaction.atomic():
        for i, row in enumerate(rows, start=1):
            require_at(actor, IMPORT_POINT, row.post.org_unit.path)
            existing = RiskPoint.objects.filter(post=row.post, description=row.fields["description"]).first()
            if existing is None:
                p = RiskPoint.objects.create(post=row.post, created_by=actor if getattr(actor, "pk", None) else None, **row.fields)
                record(action="riskpoint.imported", actor=actor, obj=p, after=snapshot(p))
                created += 1
            else:
                before = snapshot(existing)
                for k, v in row.fields.items():
                    setattr(existing, k, v)
                update_versioned(existing, expected_version=existing.version, fields=list(row.fields))
                record(action="riskpoint.imported", actor=actor, obj=existing, before=before, after=snapshot(existing))
                updated += 1
            if i % 200 == 0:
                progress(i)
    return {"created": created, "updated": updated}


# --- reviews ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResultInput:
    risk_point_id: int
    result: str
    finding: str = ""
    to_ledger: bool = False


def can_ledger(user: Any, post: Post) -> bool:
    return all(can_at(user, p, post.org_unit.path) for p in LEDGER_PERMS)


@transaction.atomic
def review_record(*, actor: Any, post: Post, reviewed_on: date | None, reviewer: str, summary: str,
                  results: list[ResultInput], deadline: date | None = None) -> RiskReview:
    """Record a self-check of the post with a result per risk point; the post's next review falls one interval
    after the review. Findings marked for the ledger become a problem and a measure there (deadline needed)."""
    require_at(actor, REVIEW, post.org_unit.path)
    today = timezone.localdate()
    points = {p.pk: p for p in post.risk_points.all()}
    errors: dict[str, str] = {}
    if reviewed_on is None:
        errors["reviewed_on"] = MSG_DATE
    elif reviewed_on > today:
        errors["reviewed_on"] = MSG_FUTURE
    if not _text(reviewer, 50):
        errors["reviewer"] = MSG_REVIEWER
    if not points:
        errors["results"] = MSG_NO_POINTS
    elif {r.risk_point_id for r in results} != set(points) or len(results) != len(points) \
            or any(r.result not in ReviewResult.Result.values for r in results):
        errors["results"] = MSG_RESULTS
    else:
        for r in results:
            label = str(points[r.risk_point_id])
            if r.result == ReviewResult.Result.PROBLEM and not r.finding.strip():
                errors["results"] = MSG_FINDING.format(point=label)
                break
            if r.result == ReviewResult.Result.NORMAL and r.finding.strip():
                errors["results"] = MSG_FINDING_NORMAL.format(point=label)
                break
    to_ledger = [r for r in results if r.to_ledger and r.result == ReviewResult.Result.PROBLEM]
    if to_ledger and not errors:
        if deadline is None:
            errors["deadline"] = MSG_DEADLINE
        elif deadline < today:
            errors["deadline"] = MSG_PAST
        elif not can_ledger(actor, post):
            errors["deadline"] = MSG_LEDGER_PERM
    if errors:
        raise ValidationError(errors)
    assert reviewed_on is not None
    found = sum(1 for r in results if r.result == ReviewResult.Result.PROBLEM)
    review = RiskReview.objects.create(post=post, reviewed_on=reviewed_on, reviewer=_text(reviewer, 50), summary=_text(summary),
                                       findings=found, created_by=actor if getattr(actor, "pk", None) else None)
    made = ReviewResult.objects.bulk_create([
        ReviewResult(review=review, risk_point=points[r.risk_point_id], point_text=str(points[r.risk_point_id].description)[:200],
                     result=r.result, finding=_text(r.finding) if r.result == ReviewResult.Result.PROBLEM else "")
        for r in sorted(results, key=lambda r: r.risk_point_id)])
    _advance(post, reviewed_on)
    record(action="riskreview.recorded", actor=actor, obj=review, after={**snapshot(review), "findings": found,
                                                                         "next_review_on": post.next_review_on.isoformat()})
    flagged = {r.risk_point_id for r in to_ledger}
    for res in made:
        if res.risk_point_id in flagged:
            assert deadline is not None
            result_to_ledger(actor=actor, result=res, deadline=deadline)
    return review


def _advance(post: Post, reviewed_on: date) -> None:
    """The latest review decides the next: one interval after it (an older review entered late changes nothing)."""
    if post.last_review_on is None or reviewed_on >= post.last_review_on:
        post.last_review_on = reviewed_on
        post.next_review_on = next_review(reviewed_on, post.review_interval)
        Post.objects.filter(pk=post.pk).update(last_review_on=post.last_review_on, next_review_on=post.next_review_on)


@transaction.atomic
def review_update(*, actor: Any, review: RiskReview, reviewer: str, summary: str, expected_version: int) -> RiskReview:
    require_at(actor, REVIEW, review.post.org_unit.path)
    if not _text(reviewer, 50):
        raise ValidationError({"reviewer": MSG_REVIEWER})
    before = snapshot(review)
    review.reviewer, review.summary = _text(reviewer, 50), _text(summary)
    update_versioned(review, expected_version=expected_version, fields=["reviewer", "summary"])
    record(action="riskreview.updated", actor=actor, obj=review, before=before, after=snapshot(review))
    return review


@transaction.atomic
def review_delete(*, actor: Any, review: RiskReview) -> None:
    """Delete a review entered by mistake; the post's dates follow its latest remaining review. Problems and
    measures already in the ledger stay there."""
    post = review.post
    require_at(actor, REVIEW, post.org_unit.path)
    record(action="riskreview.deleted", actor=actor, obj=review, before=snapshot(review))
    review.delete()
    latest = post.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    if latest is not None:
        Post.objects.filter(pk=post.pk).update(last_review_on=latest, next_review_on=next_review(latest, post.review_interval))
    else:
        Post.objects.filter(pk=post.pk).update(last_review_on=None)


def _ledger_category(category: str) -> Any:
    from zugong.opinions.models import OpinionCategory

    code = LEDGER_CATEGORY.get(category, "work_style")
    active = OpinionCategory.objects.filter(is_active=True)
    return active.filter(code=code).first() or active.filter(code="other").first() or active.first()


@transaction.atomic
def result_to_ledger(*, actor: Any, result: ReviewResult, deadline: date | None, content: str = "", responsible: str = "") -> Any:
    """Put a finding into the rectification ledger: a problem of the post's unit (查摆问题) and its measure, both
    linked back to the finding (整改台帐, opinions)."""
    from zugong.opinions import measures, problems

    review = result.review
    post = review.post
    require_at(actor, REVIEW, post.org_unit.path)
    if result.result != ReviewResult.Result.PROBLEM:
        raise ValidationError(MSG_NOT_FINDING)
    if result.measure_id is not None:
        raise ValidationError(MSG_IN_LEDGER)
    if deadline is None:
        raise ValidationError({"deadline": MSG_DEADLINE})
    if not can_ledger(actor, post):
        raise ValidationError(MSG_LEDGER_PERM)
    point = result.risk_point
    title = result.finding.replace("\n", " ").strip()
    problem = result.problem or problems.problem_create(actor=actor, org_unit=post.org_unit, data={
        "title": (title[:190] + "…") if len(title) > 190 else title,
        "category": _ledger_category(point.category if point else ""),
        "description": "\n".join(x for x in [result.finding.strip(), f"风险点：{point.description if point else result.point_text}",
                                              f"来源：{post}岗位风险排查（{review.reviewed_on:%Y-%m-%d}，排查人{review.reviewer}）"] if x)})
    measure = measures.measure_create(actor=actor, problem=problem, data={
        "content": _text(content) or f"整改：{title}" + (f"。防控措施：{point.measures}" if point and point.measures else ""),
        "org_unit": post.org_unit, "leader": "", "responsible": _text(responsible, 50) or (point.responsible if point else ""),
        "deadline": deadline})
    ReviewResult.objects.filter(pk=result.pk).update(problem=problem, measure=measure)
    result.problem, result.measure = problem, measure
    record(action="reviewresult.to_ledger", actor=actor, obj=review, after={"result": result.pk, "problem": problem.pk, "measure": measure.pk})
    return measure


# --- accountability notices ---------------------------------------------------------------------------------------

def _notice_fields(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    unit = data.get("org_unit")
    if not isinstance(unit, OrgUnit) or unit.kind == OrgUnit.Kind.OFFICE or not unit.is_active:
        errors["org_unit"] = MSG_UNIT
    day = data.get("date")
    if day is None or day > timezone.localdate():
        errors["date"] = MSG_NOTICE_DATE
    subject = _text(data.get("subject"), 100)
    cadre = data.get("cadre")
    if not subject and cadre is not None:
        subject = cadre.name
    if not subject:
        errors["subject"] = MSG_SUBJECT
    if data.get("form") not in AccountabilityNotice.Form.values:
        errors["form"] = MSG_FORM
    content = _text(data.get("content"), 20_000)
    if not content:
        errors["content"] = MSG_CONTENT
    point = data.get("risk_point")
    if isinstance(unit, OrgUnit):
        if cadre is not None and not cadre.org_unit.path.startswith(unit.path):
            errors["cadre"] = MSG_NOTICE_CADRE
        if point is not None and not point.post.org_unit.path.startswith(unit.path):
            errors["risk_point"] = MSG_NOTICE_POINT
    if errors:
        raise ValidationError(errors)
    return {"org_unit": unit, "date": day, "subject": subject, "cadre": cadre, "form": data["form"], "content": content,
            "risk_point": point}


@transaction.atomic
def notice_create(*, actor: Any, data: dict[str, Any]) -> AccountabilityNotice:
    fields = _notice_fields(actor, data)
    require_at(actor, CHANGE_NOTICE, fields["org_unit"].path)
    n = AccountabilityNotice.objects.create(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    record(action="accountabilitynotice.created", actor=actor, obj=n, after=snapshot(n))
    return n


@transaction.atomic
def notice_update(*, actor: Any, notice: AccountabilityNotice, data: dict[str, Any], expected_version: int) -> AccountabilityNotice:
    require_at(actor, CHANGE_NOTICE, notice.org_unit.path)
    fields = _notice_fields(actor, data)
    require_at(actor, CHANGE_NOTICE, fields["org_unit"].path)
    before = snapshot(notice)
    for k, v in fields.items():
        setattr(notice, k, v)
    update_versioned(notice, expected_version=expected_version, fields=list(fields))
    record(action="accountabilitynotice.updated", actor=actor, obj=notice, before=before, after=snapshot(notice))
    return notice


@transaction.atomic
def notice_delete(*, actor: Any, notice: AccountabilityNotice) -> None:
    require_at(actor, CHANGE_NOTICE, notice.org_unit.path)
    record(action="accountabilitynotice.deleted", actor=actor, obj=notice, before=snapshot(notice))
    notice.delete()
