"""Closing a survey (R66): the staged answers become responses in one transaction that leaves nothing to join
a response to a code, to a time or to the order of submission.

1. The staged rows are read, given new random keys, sorted by them and inserted in that order into
   `Response` / `ResponseAnswer` / `ResponseText` (so the physical order and the ids are a random permutation);
2. the staging rows are deleted;
3. every code of the survey is touched (`SET used = used`), so on PostgreSQL all its codes and all its responses
   carry the one transaction id of the close, and `xmin` says nothing per respondent;
4. the results are computed and frozen (results.py), and the lowest-ranked regions get special inspections
   (inspections.py);
5. after commit, PostgreSQL VACUUMs the two tables so the dead rows with the voting-time xmin values are gone.
`track_commit_timestamp` must be off on PostgreSQL (checks.py), or commit times would stay readable."""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record
from zugong.core.bulk import insert_rows
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.surveys import inspections, results
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


def _move(survey: Survey) -> int:
    staged = list(ResponseStaging.objects.filter(survey=survey).values_list("target_id", "category_id", "answers", "comment"))
    keyed = sorted(((uuid.uuid4(), row) for row in staged), key=lambda pair: pair[0])
    insert_rows(Response, [_Response(k, survey.pk, t, c) for k, (t, c, _a, _x) in keyed])
    insert_rows(ResponseAnswer, [_Answer(k, int(item), int(v)) for k, (_t, _c, answers, _x) in keyed for item, v in answers.items()])
    insert_rows(ResponseText, [_Text(k, text) for k, (_t, _c, _a, text) in keyed if text])
    ResponseStaging.objects.filter(survey=survey).delete()
    BallotCode.objects.filter(batch__survey=survey).update(used=F("used"))
    return len(keyed)


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
    moved = _move(survey)
    cells = results.compute(survey)
    survey.status = Survey.Status.CLOSED
    survey.closed_on = timezone.localdate()
    update_versioned(survey, expected_version=expected_version, fields=["status", "closed_on"])
    record(action="survey.closed", actor=actor, obj=survey, after={"responses": moved, "result_cells": cells})
    inspections.plan_bottom(actor=actor, survey=survey)
    transaction.on_commit(vacuum)
    return survey
