"""Closing a survey (R66): the staged answers become responses in one transaction that leaves nothing to join
a response to a code, to a time or to the order of submission.

1. The staged rows are read, given new random keys, sorted by them and inserted in that order into
   `Response` / `ResponseAnswer` / `ResponseText` (so the physical order and the ids are a random permutation);
2. the staging rows are deleted;
3. every code of the survey is touched (`SET used = used`), so on PostgreSQL all its codes and all its responses
   carry the one transaction id of the close, and `xmin` says nothing per respondent;
4. an SM3 digest of the set of responses is kept on the survey and in the audit chain (R70: `verify` recomputes it,
   so a response changed, added or removed afterwards shows);
5. the results are computed and frozen (results.py), and the lowest-ranked regions get special inspections
   (inspections.py);
6. after commit, PostgreSQL VACUUMs the two tables so the dead rows with the voting-time xmin values are gone.
`track_commit_timestamp` must be off on PostgreSQL (checks.py), or commit times would stay readable."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, NamedTuple

from cryptography.hazmat.primitives import hashes
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record
from zugong.core.bulk import insert_rows
from zugong.core.crypto import decrypt, encrypt
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.surveys import inspections, results
from zugong.surveys.ballots import unseal
from zugong.surveys.models import BallotCode, Response, ResponseAnswer, ResponseStaging, ResponseText, Survey

CLOSE = "surveys.add_survey"
MSG_NOT_OPEN = "只有测评中的测评可以结束"


class _Response(NamedTuple):
    id: uuid.UUID
    survey_id: int
    target_id: int
    category_id: int


class _Answer(NamedTuple):
    response_id: uuid.UUID
    item_id: int
    value: int


class _Text(NamedTuple):
    response_id: uuid.UUID
    content: str


def canonical(target: int, category: int, answers: dict[Any, Any], comment: str) -> str:
    """One response as a line of the close digest: who it is about and what it says, nothing about who or when.
    Free text enters as a hash of its words, so the digest does not depend on the encryption nonce."""
    body = ",".join(f"{int(k)}={int(v)}" for k, v in sorted(answers.items(), key=lambda kv: int(kv[0])))
    note = hashlib.sha256(comment.encode()).hexdigest()[:16] if comment else ""
    return f"{target}|{category}|{body}|{note}"


def digest(lines: list[str]) -> str:
    """SM3 over the sorted canonical responses (R70): equal for the same set of responses, whatever their order."""
    h = hashes.Hash(hashes.SM3())
    for line in sorted(lines):
        h.update(line.encode() + b"\n")
    return h.finalize().hex()


def verify(survey: Survey) -> bool:
    """Recompute the close digest from the stored responses; False if any was changed, added or removed."""
    answers: dict[Any, dict[int, int]] = {}
    for response_id, item, value in ResponseAnswer.objects.filter(response__survey=survey).values_list("response_id", "item_id", "value"):
        answers.setdefault(response_id, {})[item] = value
    texts = dict(ResponseText.objects.filter(response__survey=survey).values_list("response_id", "content"))
    lines = [canonical(t, c, answers.get(pk, {}), decrypt(texts[pk]) if pk in texts else "")
             for pk, t, c in Response.objects.filter(survey=survey).values_list("id", "target_id", "category_id")]
    return bool(survey.close_digest) and digest(lines) == survey.close_digest


def _move(survey: Survey) -> tuple[int, str]:
    staged = [(t, c, *unseal(sealed)) for t, c, sealed in
              ResponseStaging.objects.filter(survey=survey).values_list("target_id", "category_id", "sealed").iterator(chunk_size=5000)]
    keyed = sorted(((uuid.uuid4(), row) for row in staged), key=lambda pair: pair[0])
    insert_rows(Response, (_Response(k, survey.pk, t, c) for k, (t, c, _a, _x) in keyed))
    insert_rows(ResponseAnswer, (_Answer(k, int(item), int(v)) for k, (_t, _c, answers, _x) in keyed for item, v in answers.items()))
    insert_rows(ResponseText, (_Text(k, encrypt(text)) for k, (_t, _c, _a, text) in keyed if text))
    ResponseStaging.objects.filter(survey=survey).delete()
    BallotCode.objects.filter(batch__survey=survey).update(used=F("used"))
    return len(keyed), digest([canonical(t, c, a, x) for _k, (t, c, a, x) in keyed])


def vacuum() -> None:
    """Remove the dead voting-time rows (and their xmin) on PostgreSQL; VACUUM cannot run in a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cur:
        cur.execute("VACUUM surveys_responsestaging")
        cur.execute("VACUUM surveys_ballotcode")


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey, expected_version: int) -> Survey:
    require_at(actor, CLOSE, survey.org_unit.path)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)  # waits for ballots in flight (ballots.py)
    if survey.status != Survey.Status.PUBLISHED:
        raise ValidationError(MSG_NOT_OPEN)
    moved, survey.close_digest = _move(survey)
    cells = results.compute(survey)
    survey.status = Survey.Status.CLOSED
    survey.closed_on = timezone.localdate()
    update_versioned(survey, expected_version=expected_version, fields=["status", "closed_on", "close_digest"])
    record(action="survey.closed", actor=actor, obj=survey, after={"responses": moved, "result_cells": cells,
                                                                  "digest": survey.close_digest})
    inspections.plan_bottom(actor=actor, survey=survey)
    transaction.on_commit(vacuum)
    return survey
