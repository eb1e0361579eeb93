"""Exams (知识测试): design and publish, then each cadre's attempts — start (draw the paper), autosave,
submit and grade. The server keeps the time: an attempt's deadline is fixed when it starts (the time
limit, cut at the exam's end), answers arriving later than the deadline plus a short network grace are
not taken, and an attempt nobody submitted is graded with what was saved by the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import Entry as AuditEntry
from zugong.audit.services import record, record_many, snapshot
from zugong.core.bulk import insert_rows
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.scope import paths_q
from zugong.learning import grading
from zugong.learning.models import Attempt, AttemptAnswer, Exam, PaperRule, Question, QuestionBank
from zugong.orgs.models import OrgUnit

GRACE = timedelta(seconds=20)  # network latency allowed after the deadline for the last autosave / submit
MAX_TIME_LIMIT = 600
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class RuleInput:
    bank: QuestionBank
    count: int
    points: Decimal
    category: str = ""
    difficulty: int | None = None
    kind: str = ""


def rule_pool(rule: RuleInput | PaperRule) -> Any:
    qs = Question.objects.filter(bank=rule.bank, is_active=True)
    if rule.category:
        qs = qs.filter(category=rule.category)
    if rule.difficulty:
        qs = qs.filter(difficulty=rule.difficulty)
    if rule.kind:
        qs = qs.filter(kind=rule.kind)
    return qs


def total_score(rules: list[RuleInput] | list[PaperRule]) -> Decimal:
    return sum((r.points * r.count for r in rules), Decimal(0))


def _check(org_unit: OrgUnit, data: dict[str, Any], targets: list[OrgUnit], rules: list[RuleInput]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = "请填写考试名称"
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        errors["starts_at"] = "请填写开始时间"
    if ends is None:
        errors["ends_at"] = "请填写截止时间"
    elif starts is not None and ends <= starts:
        errors["ends_at"] = "截止时间应晚于开始时间"
    limit = data.get("time_limit")
    if not limit or not 1 <= limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = f"答题时长应为 1 至 {MAX_TIME_LIMIT} 分钟"
    attempts = data.get("attempts_allowed")
    if not attempts or not 1 <= attempts <= 10:
        errors["attempts_allowed"] = "允许作答次数应为 1 至 10 次"
    if not targets:
        errors["target_units"] = "请选择参考单位"
    elif any(not t.path.startswith(org_unit.path) for t in targets):
        errors["target_units"] = "参考单位应为组织单位本级或下级"
    if not rules:
        errors["rules"] = "请至少设置一条组卷规则"
    elif sum(r.count for r in rules) > MAX_QUESTIONS:
        errors["rules"] = f"一份试卷最多 {MAX_QUESTIONS} 题"
    else:
        for i, r in enumerate(rules, start=1):
            if r.count < 1 or r.points <= 0:
                errors["rules"] = f"第 {i} 条组卷规则：题数和分值应大于 0"
                break
            available = rule_pool(r).count()
            if available < r.count:
                errors["rules"] = f"第 {i} 条组卷规则：题库“{r.bank.name}”中符合条件的试题只有 {available} 道，少于抽题数 {r.count}"
                break
    pass_score = data.get("pass_score")
    if pass_score is None or pass_score < 0:
        errors["pass_score"] = "请填写及格分"  # noqa: S105
    elif rules and "rules" not in errors and pass_score > total_score(rules):
        errors["pass_score"] = f"及格分不能高于满分 {total_score(rules)}"
    return errors


FIELDS = ("title", "description", "starts_at", "ends_at", "time_limit", "attempts_allowed", "pass_score", "shuffle_options",
          "show_key_after")


@transaction.atomic
def exam_save(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], targets: list[OrgUnit], rules: list[RuleInput],
              exam: Exam | None = None, expected_version: int | None = None) -> Exam:
    """Create an exam, or change one that is still a draft (a published paper is fixed)."""
    require_at(actor, "learning.add_exam", org_unit.path)
    if exam is not None:
        exam = Exam.objects.select_for_update().get(pk=exam.pk)
        if exam.version != expected_version:
            raise ConflictError("考试已被他人修改，请刷新后再改")
        if exam.status != Exam.Status.DRAFT:
            raise ValidationError("考试已发布，不能再修改试卷和参考范围")
    errors = _check(org_unit, data, targets, rules)
    if errors:
        raise ValidationError(errors)
    values = {f: data[f] for f in FIELDS if f in data}
    values["title"] = str(values["title"]).strip()
    if exam is None:
        exam = Exam.objects.create(org_unit=org_unit, created_by=actor, **values)
        before = None
        action = "exam.created"
    else:
        before = snapshot(exam)
        for k, v in values.items():
            setattr(exam, k, v)
        exam.org_unit = org_unit
        exam.version += 1
        exam.save()
        exam.rules.all().delete()
        action = "exam.updated"
    exam.target_units.set(targets)
    PaperRule.objects.bulk_create([PaperRule(exam=exam, bank=r.bank, category=r.category, difficulty=r.difficulty, kind=r.kind,
                                             count=r.count, points=r.points) for r in rules])
    record(action=action, actor=actor, obj=exam, before=before,
           after={**snapshot(exam), "targets": [t.name for t in targets], "questions": sum(r.count for r in rules)})
    return exam


@transaction.atomic
def exam_set_status(*, actor: Any, exam: Exam, status: str, expected_version: int) -> Exam:
    require_at(actor, "learning.add_exam", exam.org_unit.path)
    exam = Exam.objects.select_for_update().select_related("org_unit").get(pk=exam.pk)
    if exam.version != expected_version:
        raise ConflictError("考试已被他人修改，请刷新后再操作")
    allowed = {Exam.Status.DRAFT: {Exam.Status.PUBLISHED}, Exam.Status.PUBLISHED: {Exam.Status.CLOSED}, Exam.Status.CLOSED: set()}
    if status not in allowed[Exam.Status(exam.status)]:
        raise ValidationError(f"考试当前为“{exam.get_status_display()}”，不能进行此项操作")
    if status == Exam.Status.PUBLISHED:
        rules = list(exam.rules.select_related("bank"))
        for i, r in enumerate(rules, start=1):
            if rule_pool(r).count() < r.count:
                raise ValidationError(f"第 {i} 条组卷规则的试题已不足 {r.count} 道，请调整后再发布")
    before = snapshot(exam)
    exam.status = status
    exam.version += 1
    exam.save(update_fields=["status", "version"])
    if status == Exam.Status.CLOSED:
        finalize_expired(exam=exam, now=None, force=True)
    if status == Exam.Status.PUBLISHED:
        _notify_takers(exam)
    record(action="exam.published" if status == Exam.Status.PUBLISHED else "exam.closed", actor=actor, obj=exam, before=before,
           after=snapshot(exam))
    return exam


def _notify_takers(exam: Exam) -> int:
    """Tell every cadre of the target units who has an account that the exam is open (one bulk insert)."""
    from django.urls import reverse

    from zugong.notices.services import notify_many
    from zugong.people.models import Cadre
    from zugong.people.selectors import ON_ROLL

    paths = list(exam.target_units.values_list("path", flat=True))
    users = list(Cadre.objects.filter(paths_q("org_unit__path", paths), status__in=ON_ROLL, user__isnull=False,
                                      user__is_active=True).values_list("user_id", flat=True))
    if not users:
        return 0
    window = f"{timezone.localtime(exam.starts_at):%Y-%m-%d %H:%M} 至 {timezone.localtime(exam.ends_at):%Y-%m-%d %H:%M}"
    return len(notify_many([{
        "recipients": users, "org_unit": exam.org_unit, "kind": "info", "title": f"请参加考试：{exam.title}",
        "body": f"{exam.org_unit.name}组织的考试，{window}，答题时长 {exam.time_limit} 分钟，在“学习培训 → 我的考试”中参加。",
        "url": reverse("learning:my_exams"), "dedupe_key": f"exam:{exam.pk}:published"}]))


def key_visible(exam: Exam, now: datetime | None = None) -> bool:
    """The answer key and explanations are shown once the exam is over (closed or past its end): before that a
    handed-in sitting shows right and wrong only, so the key cannot travel to colleagues still answering or
    to one's own next sitting."""
    now = now or timezone.now()
    return exam.status == Exam.Status.CLOSED or now >= exam.ends_at


# ---------------------------------------------------------------- who may take it


def open_exams_q(cadre: Any, now: datetime) -> Q:
    """Published exams in their window whose target units contain the cadre's unit."""
    ancestors = [cadre.org_unit.path[:i] for i in range(4, len(cadre.org_unit.path) + 1, 4)]
    return Q(status=Exam.Status.PUBLISHED, starts_at__lte=now, ends_at__gt=now, target_units__path__in=ancestors)


def takeable(cadre: Any, pk: int) -> Exam | None:
    """The published (or closed) exam `pk` whose target units hold the cadre's unit; None otherwise (a 404:
    drafts and other units' exams do not show that they exist)."""
    exam = Exam.objects.filter(pk=pk, status__in=[Exam.Status.PUBLISHED, Exam.Status.CLOSED]).first()
    return exam if exam is not None and may_take(cadre, exam) else None


def may_take(cadre: Any, exam: Exam) -> bool:
    return exam.target_units.filter(path__in=[cadre.org_unit.path[:i] for i in range(4, len(cadre.org_unit.path) + 1, 4)]).exists()


def _refuse_start(exam: Exam, now: datetime) -> str | None:
    if exam.status != Exam.Status.PUBLISHED:
        return "考试未发布或已结束"
    if now < exam.starts_at:
        return f"考试将于 {timezone.localtime(exam.starts_at):%Y-%m-%d %H:%M} 开始"
    if now >= exam.ends_at:
        return "考试已截止"
    return None


def attempt_start(*, user: Any, cadre: Any, exam: Exam, now: datetime | None = None) -> Attempt:
    """Start a sitting (or return the one in progress): draw the paper by the rules and fix the deadline."""
    now = now or timezone.now()
    refusal = _refuse_start(exam, now)
    if refusal:
        raise ValidationError(refusal)
    if not may_take(cadre, exam):
        raise ValidationError("您所在单位不在本次考试的参考范围内")
    from zugong.people.selectors import ON_ROLL

    if cadre.status not in ON_ROLL:
        raise ValidationError("名册中您已不在岗（调出或退休），不能参加考试")
    finalize_expired(exam=exam, user=user, now=now)
    attempts = list(Attempt.objects.filter(exam=exam, cadre=cadre).order_by("number"))
    current = next((a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None)
    if current is not None:
        return current
    if len(attempts) >= exam.attempts_allowed:
        raise ValidationError(f"本次考试允许作答 {exam.attempts_allowed} 次，您已用完")
    if any(a.passed for a in attempts):
        raise ValidationError("您已通过本次考试")
    paper = _draw_paper(exam)
    deadline = min(now + timedelta(minutes=exam.time_limit), exam.ends_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                exam=exam, cadre=cadre, user=user, org_unit_id=cadre.org_unit_id, number=len(attempts) + 1, paper=paper,
                started_at=now, deadline_at=deadline, max_score=sum((Decimal(i["p"]) for i in paper), Decimal(0)))
    except IntegrityError:  # a second tab started the same sitting at the same moment
        return Attempt.objects.get(exam=exam, cadre=cadre, number=len(attempts) + 1)
    record(action="attempt.started", actor=user, obj=attempt, after={"exam": exam.pk, "number": attempt.number,
                                                                     "questions": len(paper)})
    return attempt


def _draw_paper(exam: Exam) -> list[dict[str, Any]]:
    taken: set[int] = set()
    picked: list[tuple[int, str]] = []
    for rule in exam.rules.all():
        try:
            ids = grading.draw(list(rule_pool(rule).values_list("id", flat=True)), rule.count, taken)
        except ValueError as exc:
            raise ValidationError(f"试卷无法生成：{exc}，请联系考试组织单位") from None
        taken.update(ids)
        picked.extend((q, str(rule.points)) for q in ids)
    options = dict(Question.objects.filter(pk__in=taken).values_list("id", "options"))
    kinds = dict(Question.objects.filter(pk__in=taken).values_list("id", "kind"))
    return [{"q": q, "o": grading.option_order(kinds[q], len(options[q] or []), exam.shuffle_options), "p": p} for q, p in picked]


# ---------------------------------------------------------------- answering


def _keys(paper: list[dict[str, Any]]) -> dict[int, grading.Key]:
    """The answer keys of the paper's questions (the option counts are on the paper already)."""
    counts = {i["q"]: len(i["o"]) for i in paper}
    rows = Question.objects.filter(pk__in=list(counts)).values_list("id", "kind", "answer")
    return {pk: grading.Key(kind, list(answer), counts[pk]) for pk, kind, answer in rows}


class AnswerRow(NamedTuple):
    """An AttemptAnswer row for insert_rows (the model's attnames)."""

    attempt_id: int
    position: int
    question_id: int
    answer: list[str]
    correct: bool
    points: Decimal


def _clean_answers(attempt: Attempt, raw: dict[str, Any], keys: dict[int, grading.Key]) -> dict[str, list[str]]:
    """Answers as the page posts them ({position: [letters | T/F | blanks]}) in stored form, or a 400."""
    out: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        raise ValidationError("答案格式不正确")
    for pos, value in raw.items():
        try:
            i = int(str(pos))
        except ValueError:
            raise ValidationError("答案格式不正确") from None
        if not 0 <= i < len(attempt.paper):
            raise ValidationError(f"第 {str(pos)[:6]} 题不存在")
        values = value if isinstance(value, list) else [value]
        item = attempt.paper[i]
        key = keys[item["q"]]
        try:
            out[str(i)] = grading.to_stored(key.kind, item["o"], values, len(key.answer))
        except ValueError as exc:
            raise ValidationError(f"第 {i + 1} 题：{exc}") from None
    return out


def _locked_own(user: Any, attempt: Attempt) -> Attempt:
    # lock the sitting only (of=self): thousands of sittings of one exam are handed in at once
    locked = Attempt.objects.select_for_update(of=("self",)).select_related("exam", "cadre").filter(pk=attempt.pk, user=user).first()
    if locked is None:
        raise ValidationError("答卷不存在")
    return locked


@transaction.atomic
def attempt_save(*, user: Any, attempt: Attempt, answers: dict[str, Any], now: datetime | None = None) -> Attempt:
    """Autosave: merge the posted answers into the sitting (positions not posted keep their answers)."""
    now = now or timezone.now()
    attempt = _locked_own(user, attempt)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise ConflictError("已交卷，答案不能再修改")
    if now > attempt.deadline_at + GRACE:
        raise ConflictError("答题时间已到，答案不再保存")
    attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers, _keys(attempt.paper))}
    attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def attempt_submit(*, user: Any, attempt: Attempt, answers: dict[str, Any] | None = None, now: datetime | None = None) -> Attempt:
    """Hand in: the posted answers count if they arrive in time (else what was saved by the deadline), then grade."""
    now = now or timezone.now()
    attempt = _locked_own(user, attempt)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt  # a double click or a second tab: the first submission stands
    keys = _keys(attempt.paper)
    late = now > attempt.deadline_at + GRACE
    if answers and not late:
        attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers, keys)}
    earned = _grade(attempt, keys, submitted_at=min(now, attempt.deadline_at) if late else now,
                    status=Attempt.Status.TIMED_OUT if late else Attempt.Status.SUBMITTED)
    _audit(user, attempt, "attempt.submitted", earned, late=late)
    return attempt


def _audit(actor: Any, attempt: Attempt, action: str, earned: Any, **extra: Any) -> None:
    """One append to the audit chain for the hand-in and the points it earned (27,000 hand-ins an hour)."""
    from zugong.points.services import audit_entry

    rows = [AuditEntry(action=action, obj=attempt, after={"score": str(attempt.score), "passed": attempt.passed, **extra})]
    if earned is not None:
        rows.append(audit_entry(earned))
    record_many(rows, actor=actor, actor_name="" if actor else "系统")


def _grade(attempt: Attempt, keys: dict[int, grading.Key], *, submitted_at: datetime, status: str) -> Any:
    """Grade, write the answers as rows and freeze the score; returns the points entry a pass earned."""
    from zugong.points.services import award

    graded = grading.grade(attempt.paper, attempt.answers, keys)
    with connection.wrap_database_errors:  # plain rows, not model instances: 50 Model.__init__ cost more than the INSERT
        insert_rows(AttemptAnswer, [AnswerRow(attempt.pk, g.position, g.question_id, g.answer, g.correct, g.points) for g in graded])
    attempt.score = sum((g.points for g in graded), Decimal(0))
    attempt.passed = attempt.score >= attempt.exam.pass_score
    attempt.status = status
    attempt.submitted_at = submitted_at
    attempt.version += 1
    attempt.save(update_fields=["answers", "score", "passed", "status", "submitted_at", "version"])
    if not attempt.passed:
        return None
    return award("learning.exam_passed", cadre=attempt.cadre, source=f"exam:{attempt.exam_id}", on=timezone.localdate(submitted_at),
                 attempt=attempt.number, reason=f"考试合格：{attempt.exam.title}（第{attempt.number}次）", audit=False)


def finalize_expired(*, exam: Exam | None = None, user: Any = None, now: datetime | None = None, force: bool = False) -> int:
    """Grade sittings past their deadline (plus grace) that nobody handed in, with the answers saved in time.
    `force` (closing the exam) grades every open sitting at once."""
    now = now or timezone.now()
    qs = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS)
    if not force:
        qs = qs.filter(deadline_at__lt=now - GRACE)
    if exam is not None:
        qs = qs.filter(exam=exam)
    if user is not None:
        qs = qs.filter(user=user)
    done = 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update(of=("self",)).select_related("exam", "cadre").filter(
                pk=pk, status=Attempt.Status.IN_PROGRESS).first()
            if attempt is None:
                continue
            earned = _grade(attempt, _keys(attempt.paper), submitted_at=min(now, attempt.deadline_at), status=Attempt.Status.TIMED_OUT)
            _audit(None, attempt, "attempt.timed_out", earned)
            done += 1
    return done
