"""The demo's selections: last year's commended, this year's in voting with the printed codes working, and the
demo-county account's cadre on the ballot (so a login vote for oneself is refused)."""

from __future__ import annotations

from typing import Any

import pytest

from zugong.core.errors import ValidationError
from zugong.honors import voting
from zugong.honors.demo import DEMO_VOTES
from zugong.honors.models import Commendation, Selection

pytestmark = pytest.mark.django_db


def test_the_demo_selections() -> None:
    from django.utils import timezone

    from zugong.accounts.models import User
    from zugong.core import demo

    demo.load(scale="small")
    today = timezone.localdate()
    last = Selection.objects.get(year=today.year - 1)
    assert last.status == Selection.Status.COMMENDED and last.ballots == 352
    assert Commendation.objects.filter(selection=last).count() == 10
    assert last.comments.filter(handled=True).count() == 1
    current = Selection.objects.get(year=today.year)
    assert current.status == Selection.Status.VOTING and voting.window_problem(current) == ""
    assert current.comments.filter(handled=False).count() == 1
    for code in DEMO_VOTES.values():
        assert voting.code_open(code).selection == current
    county = User.objects.get(username="demo-county")
    own = current.nominations.get(cadre__user=county)
    with pytest.raises(ValidationError) as refused:
        voting.vote_by_login(user=county, selection=current, choices=[own.pk])
    assert refused.value.messages == [voting.MSG_SELF]
    other: Any = current.nominations.exclude(pk=own.pk).first()
    voting.vote_by_login(user=county, selection=current, choices=[other.pk])
