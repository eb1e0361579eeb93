"""Ballot codes and answering (R64, R65, R68).

- `codes_issue` makes the codes of a published survey's batches and returns them **once**, for the printed slips
  (sheets.py) or the xlsx; only their keyed hashes are stored.
- `ballot_open` tells the answer page which questionnaire a typed code opens (its survey, target, category).
- `ballot_submit` spends the code and stores the answers in one transaction: a single
  `UPDATE … SET used = true WHERE id = … AND used = false` decides the race, so a code gives exactly one response
  however many submissions arrive at once (tested with 100 threads on PostgreSQL). The answers go to the
  staging table with a random key; nothing about the respondent, the code or the time is stored with them, and
  no audit row is written per ballot (an audit row would carry the time)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record
from zugong.core import codes
from zugong.core.crypto import decrypt, encrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.surveys.models import (
    BallotCode,
    CodeBatch,
    RespondentCategory,
    ResponseStaging,
    Scale,
    Survey,
    Target,
)

ISSUE = "surveys.add_survey"
PURPOSE = "ballot"
MAX_PER_REQUEST = 2000  # codes one sheet may carry (the PDF is made in the request: ~170 pages)
MAX_COMMENT = 2000

MSG_CODE = "测评码不正确，请核对后重新输入"
MSG_USED = "该测评码已使用，每个测评码只能提交一次"
MSG_NOT_OPEN = "该测评尚未开始"
MSG_ENDED = "该测评已结束"
MSG_MISSING = "请对每个项目作出评价（还有 {n} 项未选）"
MSG_PERSON_PARTIAL = "请对“{name}”的每个项目作出评价（本人可整体跳过，不评价自己）"
MSG_NO_PERSON = "请至少评价一位干部"
MSG_VALUE = "评价选项不对"
MSG_COMMENT = f"意见建议不能超过 {MAX_COMMENT} 字"
MSG_NOT_PUBLISHED = "测评发布后才能生成测评码"
MSG_NOTHING = "名额内的测评码已全部生成"
MSG_TOO_MANY = f"一次最多生成 {MAX_PER_REQUEST} 个测评码，请按测评对象分别生成"
MSG_EXTRA = "补发数量应为 1 到 1000 之间的整数"


def code_hash(code: str) -> str:
    return codes.code_hash(PURPOSE, code)


def seal(answers: dict[Any, Any], comment: str = "") -> str:
    """A staged response's content, encrypted until the close reads it (models.ResponseStaging)."""
    return encrypt(json.dumps({"answers": {str(k): int(v) for k, v in answers.items()}, "comment": comment or ""},
                              ensure_ascii=False, separators=(",", ":")))


def unseal(sealed: str) -> tuple[dict[str, int], str]:
    data = json.loads(decrypt(sealed))
    return data["answers"], data["comment"]


@dataclass(frozen=True)
class Issued:
    """The plain codes of one batch, returned once."""

    batch: CodeBatch
    codes: list[str]


@transaction.atomic
def codes_issue(*, actor: Any, survey: Survey, target: Target | None = None, extra: int | None = None) -> list[Issued]:
    """Make the codes still due under the quotas (of one target, or all), or `extra` more per batch of the
    target (补发, beyond the quota, for slips lost or spoiled). Returns the plain codes; they exist nowhere else."""
    require_at(actor, ISSUE, survey.org_unit.path)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.PUBLISHED:
        raise ValidationError(MSG_NOT_PUBLISHED)
    if extra is not None and (isinstance(extra, bool) or not isinstance(extra, int) or not 1 <= extra <= 1000):
        raise ValidationError(MSG_EXTRA)
    batches = list(CodeBatch.objects.filter(survey=survey, **({"target": target} if target else {}))
                   .select_related("target__org_unit", "category"))
    due = {b.pk: (extra if extra is not None else max(b.quota - b.issued, 0)) for b in batches}
    total = sum(due.values())
    if total == 0:
        raise ValidationError(MSG_NOTHING)
    if total > MAX_PER_REQUEST:
        raise ValidationError(MSG_TOO_MANY)
    issued: list[Issued] = []
    rows: list[BallotCode] = []
    for b in batches:
        made = [codes.new_code() for _ in range(due[b.pk])]
        rows += [BallotCode(batch=b, code_hash=code_hash(c)) for c in made]
        b.issued += len(made)
        if made:
            issued.append(Issued(b, made))
    BallotCode.objects.bulk_create(rows, batch_size=1000)
    CodeBatch.objects.bulk_update(batches, ["issued"])
    record(action="survey.codes_issued", actor=actor, obj=survey, after={
        "target": str(target) if target else "全部", "codes": total, "extra": extra is not None})
    return issued


@dataclass(frozen=True)
class Ballot:
    """What a typed code opens: the questionnaire for its survey, target and category."""

    code: str
    code_id: int
    survey: Survey
    target: Target
    category: RespondentCategory


def _window(survey: Survey) -> str:
    today = timezone.localdate()
    if survey.status != Survey.Status.PUBLISHED or today > survey.closes_on:
        return MSG_ENDED
    if today < survey.opens_on:
        return MSG_NOT_OPEN
    return ""


def ballot_open(raw_code: str) -> Ballot:
    """The ballot a code opens. ValidationError for a code that is not one (the caller counts the failure),
    ConflictError for a used one, ValidationError for a survey not open."""
    code = codes.normalize_code(raw_code)
    row = None
    if code is not None:
        row = (BallotCode.objects.filter(code_hash=code_hash(code))
               .select_related("batch__survey", "batch__target__org_unit", "batch__category").first())
    if row is None or code is None:
        raise ValidationError({"code": MSG_CODE})
    if row.used:
        raise ConflictError(MSG_USED)
    problem = _window(row.batch.survey)
    if problem:
        raise ValidationError({"code": problem})
    return Ballot(code, row.pk, row.batch.survey, row.batch.target, row.batch.category)


def check_answers(survey: Survey, answers: dict[Any, Any], comment: str) -> dict[int, int]:
    """{item id: value} for every item of the survey, or ValidationError. In the appraisal of persons a
    respondent may leave out one person as a whole (nobody rates themselves), but not part of a person."""
    rows = list(survey.items.values_list("id", "aspect_id", "aspect__name"))
    items = [pk for pk, _a, _n in rows]
    allowed = {v for v, _ in survey.options} if survey.scale != Scale.SCORE else set(range(101))
    clean: dict[int, int] = {}
    for key, raw in (answers or {}).items():
        if isinstance(raw, bool) or not isinstance(raw, int | str) or (isinstance(raw, str) and not raw.strip().isdigit()):
            raise ValidationError({"answers": MSG_VALUE})  # 2.7, true, [1] are not answers
        try:
            item, value = int(key), int(raw)
        except (TypeError, ValueError):
            raise ValidationError({"answers": MSG_VALUE}) from None
        if item not in items or value not in allowed:
            raise ValidationError({"answers": MSG_VALUE})
        clean[item] = value
    missing = len(set(items) - set(clean))
    if missing and survey.rates_persons:
        persons: dict[int, tuple[str, set[int]]] = {}
        for pk, aspect, name in rows:
            persons.setdefault(aspect, (name, set()))[1].add(pk)
        for name, its in persons.values():
            if its & set(clean) and its - set(clean):
                raise ValidationError({"answers": MSG_PERSON_PARTIAL.format(name=name)})
        if not clean:
            raise ValidationError({"answers": MSG_NO_PERSON})
        missing = 0
    if missing:
        raise ValidationError({"answers": MSG_MISSING.format(n=missing)})
    if len(comment or "") > MAX_COMMENT:
        raise ValidationError({"comment": MSG_COMMENT})
    return clean


def ballot_submit(raw_code: str, answers: dict[Any, Any], comment: str = "") -> None:
    """Spend the code and stage the answers, atomically. ConflictError (409) if the code was used, also when
    another submission of it wins at the same moment."""
    ballot = ballot_open(raw_code)
    survey = ballot.survey
    clean = check_answers(survey, answers, comment)
    comment = (comment or "").strip() if survey.allow_comments else ""
    with transaction.atomic():
        # a share lock on the survey: closing (which locks it for update) waits for ballots in flight
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT status FROM surveys_survey WHERE id = %s FOR SHARE", [survey.pk])
                status = cur.fetchone()[0]
        else:
            status = Survey.objects.values_list("status", flat=True).get(pk=survey.pk)
        if status != Survey.Status.PUBLISHED:
            raise ValidationError({"code": MSG_ENDED})
        if BallotCode.objects.filter(pk=ballot.code_id, used=False).update(used=True) != 1:
            raise ConflictError(MSG_USED)
        ResponseStaging.objects.create(survey=survey, target=ballot.target, category=ballot.category,
                                       sealed=seal(dict(sorted(clean.items())), comment))
