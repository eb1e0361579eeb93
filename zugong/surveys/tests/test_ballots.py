"""Answering with codes and closing (R64–R68): one code one response, the answer page without an account, the
API, the shuffle at close and the results it freezes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from zugong.core import codes
from zugong.core.errors import ConflictError, ValidationError
from zugong.surveys import ballots, closing
from zugong.surveys.models import (
    BallotCode,
    Response,
    ResponseAnswer,
    ResponseStaging,
    ResponseText,
    Result,
    Survey,
)
from zugong.surveys.tests.conftest import answers_for, issue_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def test_a_code_gives_exactly_one_response(personas: Any, survey: Survey) -> None:
    code = issue_all(personas.province, survey)[("甲市委组织部", "党员干部")][0]
    ballots.ballot_submit(codes.format_code(code).lower(), answers_for(survey, 1), "材料太多")
    with pytest.raises(ConflictError) as e:
        ballots.ballot_submit(code, answers_for(survey, 2))
    assert e.value.message == ballots.MSG_USED
    assert ResponseStaging.objects.filter(survey=survey).count() == 1
    assert BallotCode.objects.filter(used=True).count() == 1
    with pytest.raises(ConflictError):
        ballots.ballot_open(code)


def test_bad_answers_are_refused_and_the_code_stays_unused(personas: Any, survey: Survey) -> None:
    code = issue_all(personas.province, survey)[("甲市委组织部", "群众")][0]
    answers = answers_for(survey, 1)
    answers.pop(next(iter(answers)))
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit(code, answers)
    assert e.value.messages == [ballots.MSG_MISSING.format(n=1)]
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit(code, {**answers_for(survey, 1), next(iter(answers)): 9})
    assert e.value.messages == [ballots.MSG_VALUE]
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit("NOT-A-CODE", answers_for(survey, 1))
    assert e.value.messages == [ballots.MSG_CODE]
    assert not BallotCode.objects.filter(used=True).exists() and not ResponseStaging.objects.exists()


def test_codes_work_only_in_the_window(personas: Any, survey: Survey) -> None:
    code = issue_all(personas.province, survey)[("甲市委组织部", "群众")][0]
    Survey.objects.filter(pk=survey.pk).update(opens_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError) as e:
        ballots.ballot_open(code)
    assert e.value.messages == [ballots.MSG_NOT_OPEN]
    Survey.objects.filter(pk=survey.pk).update(opens_on=timezone.localdate() - timedelta(days=9), closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError) as e:
        ballots.ballot_submit(code, answers_for(survey, 1))
    assert e.value.messages == [ballots.MSG_ENDED]


def _answer_all(survey: Survey, issued: dict[tuple[str, str], list[str]], plan: dict[str, int]) -> int:
    """Every code of each target answers: value plan[target] on every item (1 满意 … 3 不满意)."""
    n = 0
    for (target, _cat), cs in issued.items():
        for c in cs:
            ballots.ballot_submit(c, answers_for(survey, plan[target]))
            n += 1
    return n


def test_close_moves_answers_and_freezes_results(personas: Any, survey: Survey) -> None:
    issued = issue_all(personas.province, survey)
    plan = {"甲市委组织部": 1, "乙市委组织部": 3, "甲一县委组织部": 2, "甲二县委组织部": 1, "乙一县委组织部": 3}
    n = _answer_all(survey, issued, plan)
    ballots_text = issued[("乙市委组织部", "群众")][0]
    assert n == 60 and ResponseStaging.objects.count() == 60
    # nothing to read while open (R67): no results yet
    assert not Result.objects.filter(survey=survey).exists()
    survey = closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    assert survey.status == Survey.Status.CLOSED and survey.closed_on == timezone.localdate()
    assert ResponseStaging.objects.count() == 0 and Response.objects.filter(survey=survey).count() == 60
    assert ResponseAnswer.objects.count() == 60 * 19
    with pytest.raises(ConflictError):
        ballots.ballot_open(ballots_text)  # used
    overall = {str(r.target): r for r in Result.objects.filter(survey=survey, target__isnull=False, category__isnull=True,
                                                               item__isnull=True, aspect__isnull=True).select_related("target__org_unit")}
    assert overall["甲市委组织部"].rate == Decimal("1.0000") and overall["乙市委组织部"].rate == Decimal("0.0000")
    assert overall["甲一县委组织部"].respondents == 12 and overall["甲一县委组织部"].counts == {"2": 12 * 19}
    # ranks within each level: cities among cities, counties among counties
    assert (overall["甲市委组织部"].rank, overall["乙市委组织部"].rank) == (1, 2)
    assert (overall["甲一县委组织部"].rank, overall["甲二县委组织部"].rank, overall["乙一县委组织部"].rank) == (1, 1, 3)
    total = Result.objects.get(survey=survey, target__isnull=True, category__isnull=True, item__isnull=True, aspect__isnull=True)
    assert total.respondents == 60 and total.satisfied == (12 + 12 + 12) * 19 and total.answered == 60 * 19


def test_dont_know_is_left_out_of_the_rate(personas: Any, survey: Survey) -> None:
    issued = issue_all(personas.province, survey)
    cs = issued[("甲市委组织部", "党员干部")]
    for i, c in enumerate(cs):  # 6 respondents: 3 满意, 1 不满意, 2 不了解 → 3 / (6 − 2) = 75%
        ballots.ballot_submit(c, answers_for(survey, [1, 1, 1, 3, 4, 4][i]))
    closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    cell = Result.objects.get(survey=survey, target__org_unit__name="甲市委组织部", category__name="党员干部", item__isnull=True,
                              aspect__isnull=True)
    assert cell.rate == Decimal("0.7500") and cell.answered == 4 * 19 and cell.respondents == 6 and not cell.suppressed


def test_small_cells_and_their_complements_are_suppressed(personas: Any, survey: Survey) -> None:
    issued = issue_all(personas.province, survey)
    for cat, k in (("党员干部", 6), ("群众", 4), ("服务对象", 2)):  # city A: 6 + 4 + 2 = 12 respondents
        for c in issued[("甲市委组织部", cat)][:k]:
            ballots.ballot_submit(c, answers_for(survey, 1))
    for c in issued[("乙市委组织部", "党员干部")][:6]:
        ballots.ballot_submit(c, answers_for(survey, 3))
    closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)

    def cell(target: str | None, cat: str | None) -> Result:
        q = Result.objects.filter(survey=survey, item__isnull=True, aspect__isnull=True)
        q = q.filter(target__org_unit__name=target) if target else q.filter(target__isnull=True)
        q = q.filter(category__name=cat) if cat else q.filter(category__isnull=True)
        return q.get()

    assert cell("甲市委组织部", "群众").suppressed and cell("甲市委组织部", "服务对象").suppressed  # 4 and 2 < 5
    assert not cell("甲市委组织部", "党员干部").suppressed and not cell("甲市委组织部", None).suppressed
    # column 服务对象: only city A answered, its total (2) is itself too small
    assert cell(None, "服务对象").suppressed
    # column 群众: total 4 (city A only) < 5 → hidden as well; 党员干部 column: 12, shown
    assert cell(None, "群众").suppressed and not cell(None, "党员干部").suppressed
    # counties had no respondents: no figures, no rank
    assert cell("甲一县委组织部", None).suppressed and cell("甲一县委组织部", None).rank is None


def test_complementary_suppression_blocks_subtraction() -> None:
    from zugong.surveys.results import suppressed_cells

    # target 1: categories a=20, b=2 → b hidden, and a must go too (else total − a = b); totals shown
    resp = {(1, 10): 20, (1, 11): 2, (1, None): 22, (2, 10): 30, (2, 11): 30, (2, None): 60,
            (None, 10): 50, (None, 11): 32, (None, None): 82}
    hidden = suppressed_cells(resp, [1, 2], [10, 11], 5)
    assert (1, 11) in hidden and (1, 10) in hidden
    # then column 11 has one hidden cell beside a shown total → target 2's cell of that column is hidden too
    assert (2, 11) in hidden and (2, 10) in hidden


def test_free_text_is_encrypted(personas: Any, survey: Survey) -> None:
    code = issue_all(personas.province, survey)[("甲市委组织部", "党员干部")][0]
    ballots.ballot_submit(code, answers_for(survey, 1), "希望减少报表MARKER-7f3a")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT sealed FROM surveys_responsestaging")
        assert "MARKER-7f3a" not in cur.fetchone()[0]
    closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    from zugong.core.crypto import decrypt

    row = ResponseText.objects.get()
    assert "MARKER" not in row.content and decrypt(row.content) == "希望减少报表MARKER-7f3a"


def test_close_only_once_and_only_by_the_organizer(personas: Any, survey: Survey) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        closing.survey_close(actor=personas.city_a, survey=survey, expected_version=survey.version)
    s = closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    with pytest.raises(ValidationError) as e:
        closing.survey_close(actor=personas.province, survey=s, expected_version=s.version)
    assert e.value.messages == [closing.MSG_NOT_OPEN]


def test_the_close_digest_shows_a_changed_response(personas: Any, survey: Any) -> None:
    """R70: an SM3 digest of the set of responses is kept at close (and in the audit row); recomputing it finds a
    response changed afterwards, whatever the storage order."""
    from django.db import connection

    from zugong.audit.models import ObjectChange
    from zugong.surveys import closing
    from zugong.surveys.tests.conftest import answers_for, issue_all

    codes = issue_all(personas.province, survey)[("甲市委组织部", "党员干部")]
    for i, code in enumerate(codes[:5]):
        ballots.ballot_submit(code, answers_for(survey, 1 + i % 4), "加强培训" if i == 0 else "")
    closed = closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    assert len(closed.close_digest) == 64 and closing.verify(closed)
    audit = ObjectChange.objects.get(action="survey.closed", object_id=str(closed.pk))
    assert audit.after["digest"] == closed.close_digest
    with connection.cursor() as cur:
        cur.execute("UPDATE surveys_responseanswer SET value = 3 WHERE id = (SELECT MIN(id) FROM surveys_responseanswer WHERE value = 1)")
    assert not closing.verify(closed)
