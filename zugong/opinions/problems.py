"""查摆问题: opinions are clustered into problems, with suggestions of likely duplicates (similarity.py) so a
county's thousands of opinions can be gone through; a whole filtered set is clustered in one UPDATE."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import units as core_units
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.opinions import similarity
from zugong.opinions.models import Opinion, OpinionCategory, Problem
from zugong.orgs.models import STEP, OrgUnit

CHANGE = "opinions.change_problem"
MAX_CANDIDATES = 20_000  # opinions of one unit compared at once (a county has a few thousand)
SUGGESTED = 10
MIN_SCORE = 0.2

MSG_TITLE = "请填写问题"
MSG_CATEGORY = "请选择类别"
MSG_DRIVE = "征求意见活动不包括该单位"
MSG_OPINIONS = "所选意见不在该问题单位及下级的范围内"


def units_with(user: Any) -> Any:
    """Active units (not offices) where the user holds the permission (core.units.units_with)."""
    return core_units.units_with(user, CHANGE)


def _check(unit: OrgUnit, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    category = data.get("category")
    if not isinstance(category, OpinionCategory) or not category.is_active:
        errors["category"] = MSG_CATEGORY
    drive = data.get("drive")
    if drive is not None and not unit.path.startswith(drive.org_unit.path):
        errors["drive"] = MSG_DRIVE
    return errors


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": str(data["title"]).strip()[:200], "category": data["category"], "drive": data.get("drive"),
            "description": str(data.get("description") or "").strip()[:20_000]}


@transaction.atomic
def problem_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], opinions: list[Opinion] | None = None) -> Problem:
    require_at(actor, CHANGE, org_unit.path)
    errors = _check(org_unit, data)
    if errors:
        raise ValidationError(errors)
    p = Problem.objects.create(org_unit=org_unit, identified_on=timezone.localdate(), created_by=actor, **_fields(data))
    record(action="problem.created", actor=actor, obj=p, after=snapshot(p))
    if opinions:
        cluster(actor=actor, problem=p, opinions=Opinion.objects.filter(pk__in=[o.pk for o in opinions]))
    return p


@transaction.atomic
def problem_update(*, actor: Any, problem: Problem, data: dict[str, Any], expected_version: int) -> Problem:
    require_at(actor, CHANGE, problem.org_unit.path)
    errors = _check(problem.org_unit, data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(problem)
    fields = _fields(data)
    for k, v in fields.items():
        setattr(problem, k, v)
    update_versioned(problem, expected_version=expected_version, fields=list(fields))
    record(action="problem.updated", actor=actor, obj=problem, before=before, after=snapshot(problem))
    return problem


@transaction.atomic
def cluster(*, actor: Any, problem: Problem, opinions: Any) -> int:
    """Put the opinions (a queryset, already read through visible_to) into the problem: one UPDATE. They must be
    addressed to the problem's unit or a unit below; an opinion already in another problem moves."""
    require_at(actor, CHANGE, problem.org_unit.path)
    qs = opinions.filter(org_unit__path__startswith=problem.org_unit.path)
    if opinions.exclude(pk__in=qs.values("pk")).exists():
        raise ValidationError(MSG_OPINIONS)
    ids = list(qs.exclude(problem=problem).values_list("pk", flat=True))
    if not ids:
        return 0
    n = Opinion.objects.filter(pk__in=ids).update(problem=problem)
    Opinion.objects.filter(pk__in=ids, status=Opinion.Status.NEW).update(status=Opinion.Status.CLUSTERED)
    record(action="problem.clustered", actor=actor, obj=problem, after={"opinions": n, "ids": ids[:1000]})
    return n


@transaction.atomic
def uncluster(*, actor: Any, problem: Problem, opinion: Opinion) -> None:
    require_at(actor, CHANGE, problem.org_unit.path)
    if opinion.problem_id != problem.pk:
        return
    Opinion.objects.filter(pk=opinion.pk).update(problem=None, status=Opinion.Status.NEW if opinion.status == Opinion.Status.CLUSTERED
                                                 else opinion.status)
    record(action="problem.unclustered", actor=actor, obj=problem, after={"opinion": opinion.pk})


MSG_FEEDBACK = "请填写反馈内容"


@transaction.atomic
def problem_feedback(*, actor: Any, problem: Problem, text: str) -> int:
    """反馈: tell everyone who raised an opinion of the problem what was done. Opinions not yet answered get the text
    as their reply (a mailbox writer reads it with the receipt code, and the letter counts as answered)."""
    from zugong.opinions.models import MailboxCase

    require_at(actor, CHANGE, problem.org_unit.path)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": MSG_FEEDBACK})
    today = timezone.localdate()
    ids = list(problem.opinions.filter(reply="").values_list("pk", flat=True))
    n = Opinion.objects.filter(pk__in=ids).update(reply=text[:5000], replied_on=today, status=Opinion.Status.REPLIED)
    cases = MailboxCase.objects.filter(opinion_id__in=ids).exclude(status=MailboxCase.Status.REPLIED)
    cases.filter(acknowledged_on=None).update(acknowledged_on=today)
    cases.update(status=MailboxCase.Status.REPLIED)
    record(action="problem.feedback", actor=actor, obj=problem, after={"opinions": n, "text": text[:500]})
    return n


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    opinion: Opinion
    score: int  # percent


def _rank(targets: list[bytes], candidates: list[tuple[int, bytes]]) -> list[tuple[int, float]]:
    best: dict[int, float] = {}
    for t in targets:
        for pk, score in similarity.estimate(t, candidates):
            if score > best.get(pk, -1.0):
                best[pk] = score
    return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))


def _suggest(user: Any, targets: list[bytes], texts: list[str], pool: Any, limit: int) -> list[Suggestion]:
    """The MinHash estimate picks the best 3 × limit candidates; the exact Jaccard similarity of their texts to the
    targets' texts orders and scores them (a mailbox letter, whose text is encrypted, keeps its estimate)."""
    candidates = list(pool.values_list("pk", "signature")[:MAX_CANDIDATES])
    ranked = [(pk, s) for pk, s in _rank(targets, candidates) if s >= MIN_SCORE][: limit * 3]
    if not ranked:
        return []
    rows = {o.pk: o for o in Opinion.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related("org_unit", "category")}
    texts = [t for t in texts if t]

    def exact(pk: int, estimate: float) -> float:
        content = rows[pk].content
        return max(similarity.jaccard(content, t) for t in texts) if content and texts else estimate

    scored = sorted(((pk, exact(pk, s)) for pk, s in ranked if pk in rows), key=lambda kv: (-kv[1], kv[0]))
    return [Suggestion(rows[pk], round(s * 100)) for pk, s in scored[:limit]]


def problem_suggestions(user: Any, problem: Problem, limit: int = SUGGESTED) -> list[Suggestion]:
    """Unclustered opinions of the problem's own unit most like the problem's opinions (or its title)."""
    rows = list(problem.opinions.exclude(signature=b"").values_list("signature", "content")[:50])
    targets, texts = [bytes(s) for s, _ in rows], [c for _, c in rows]
    if not targets:
        text = f"{problem.title}{problem.description}"
        sig = similarity.signature(text)
        targets, texts = ([sig], [text]) if sig else ([], [])
    if not targets:
        return []
    pool = Opinion.objects.visible_to(user, "view").filter(org_unit=problem.org_unit, problem=None).exclude(signature=b"")
    return _suggest(user, targets, texts, pool, limit)


def similar_opinions(user: Any, opinion: Opinion, limit: int = SUGGESTED) -> list[Suggestion]:
    """Opinions to the same unit most like this one (clustered or not)."""
    sig = bytes(opinion.signature or b"")
    if not sig:
        return []
    pool = Opinion.objects.visible_to(user, "view").filter(org_unit=opinion.org_unit).exclude(pk=opinion.pk).exclude(signature=b"")
    return _suggest(user, [sig], [opinion.content], pool, limit)


def problems_for(user: Any, opinion: Opinion, similar: list[Suggestion]) -> list[Problem]:
    """The problems an opinion could go into: those of its unit and the units above it in the user's scope, the ones
    holding similar opinions first."""
    line = [opinion.org_unit.path[:k] for k in range(STEP, len(opinion.org_unit.path) + 1, STEP)]
    qs = list(Problem.objects.visible_to(user, "view").filter(org_unit__path__in=line).select_related("org_unit", "category")
              .order_by("-identified_on", "-id")[:200])
    hinted = [s.opinion.problem_id for s in similar if s.opinion.problem_id]
    order = {pk: i for i, pk in enumerate(dict.fromkeys(hinted))}
    return sorted(qs, key=lambda p: order.get(p.pk, len(order)))

