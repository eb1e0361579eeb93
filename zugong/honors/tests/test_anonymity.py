"""Anonymity of the votes and the 公示 comments (SECURITY.md R64–R74): what the schema can hold, what the public
pages keep, and — on PostgreSQL — one vote per code and per login under parallel submissions, and no transaction id
tying a choice to a code or a participation after close."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, models

from zugong.core.tests.race import race
from zugong.honors import voting
from zugong.honors.models import PublicComment, VoteBallot, VoteChoice, VoteCode, VoteParticipation

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin and row locks are PostgreSQL's")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _fields(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def test_the_schema_cannot_link_a_vote_to_a_code_a_person_or_a_time() -> None:
    allowed = {
        VoteBallot: {"id", "selection", "sealed"},
        VoteChoice: {"id", "selection", "nomination"},
        VoteCode: {"id", "selection", "code_hash", "used"},
        VoteParticipation: {"id", "selection", "user"},
    }
    for model, names in allowed.items():
        assert _fields(model) <= names, f"{model.__name__} holds more than it may: {_fields(model) - names}"
        for f in model._meta.get_fields():
            assert not isinstance(f, models.DateField), f"{model.__name__}.{f.name} holds a date or time"
            related = getattr(f, "related_model", None)
            if model in (VoteBallot, VoteChoice):
                assert related is None or related._meta.label not in ("accounts.User", "honors.VoteCode", "honors.VoteParticipation"), \
                    f"{model.__name__}.{f.name} points at a person or a code"
    for model in (VoteBallot, VoteChoice):
        pk = model._meta.pk
        assert isinstance(pk, models.UUIDField) and pk.default.__name__ == "uuid4"  # random, no time inside
    # a comment keeps the day, not the time, and nothing of the sender
    comment = {f.name: f for f in PublicComment._meta.get_fields()}
    assert not any(isinstance(f, models.DateTimeField) for f in comment.values())
    assert not {"ip", "user_agent", "session", "created_at", "sender"} & set(comment)


@pytest.mark.django_db
def test_the_public_vote_keeps_nothing_about_the_voter(client: Any, personas: Any, make_world: Any, caplog: Any) -> None:
    from django.contrib.sessions.models import Session

    from zugong.audit.models import ObjectChange

    w = make_world("voting")
    code = voting.codes_issue(actor=personas.province, selection=w.selection, count=1)[0]
    client.logout()
    sessions, audits = Session.objects.count(), ObjectChange.objects.count()
    entry = client.get("/honor/vote/")
    assert entry.status_code == 200 and "保密" in entry.content.decode() and "不记录" in entry.content.decode()
    assert client.get(f"/honor/vote/?code={code}").status_code == 400  # never in a URL (R68)
    opened = client.post("/honor/vote/", {"code": code}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="MARKER-UA")
    token = opened.content.decode().split('name="token" value="')[1].split('"')[0]
    done = client.post("/honor/vote/submit/", {"token": token, "choice": [w.nominations["甲一"].pk]},
                       REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="MARKER-UA")
    assert done.status_code == 200
    for r in (entry, opened, done):
        assert "Set-Cookie" not in r.headers and r.headers["Cache-Control"] == "no-store" and r.headers["Referrer-Policy"] == "no-referrer"
    assert Session.objects.count() == sessions and ObjectChange.objects.count() == audits  # no audit row per ballot
    staged = VoteBallot.objects.get()
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from introspection
            text = repr(cur.fetchall())
            for needle in ("203.0.113.77", "MARKER-UA", code):
                assert needle not in text, f"{needle} found in {table}"
    s = voting.selection_close(actor=personas.province, selection=w.refresh(), expected_version=w.selection.version)
    choice = VoteChoice.objects.get(selection=s)
    assert choice.pk != staged.pk and not VoteBallot.objects.exists()  # a new key at close
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(choice.pk) not in logged
    assert not ObjectChange.objects.filter(after__icontains=str(choice.pk)).exists()


@pytest.mark.django_db
def test_the_comment_box_keeps_no_sender(client: Any, make_world: Any) -> None:
    import re

    from zugong.core import captcha
    from zugong.core.crypto import decrypt

    w = make_world("publicized")
    client.logout()
    page = client.get(f"/honor/{w.selection.pk}/").content.decode()
    key = re.search(r'name="captcha_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    answer = decrypt(captcha._payload(key)["a"])  # type: ignore[index]
    sent = client.post(f"/honor/{w.selection.pk}/comment/", {"captcha_key": key, "captcha": answer, "token": token,
                                                              "content": "MARKER-comment-77"},
                       REMOTE_ADDR="203.0.113.78", HTTP_USER_AGENT="MARKER-UA2")
    assert sent.status_code == 200 and "Set-Cookie" not in sent.headers
    assert decrypt(PublicComment.objects.get().content_enc) == "MARKER-comment-77"
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from introspection
            text = repr(cur.fetchall())
            for needle in ("203.0.113.78", "MARKER-UA2", "MARKER-comment-77"):
                assert needle not in text, f"{needle} found in {table}"


# ---------------------------------------------------------------- PostgreSQL: races and xmin


@pytest.mark.xdist_group("pg_connections")  # up to 100 connections: never beside the other race under xdist
@pg_only
@pytest.mark.django_db(transaction=True)
def test_one_code_and_one_login_under_parallel_submissions(personas: Any, make_world: Any) -> None:
    w = make_world("voting")
    s = w.selection
    code = voting.codes_issue(actor=personas.province, selection=s, count=1)[0]
    choice = [w.nominations["甲一"].pk]
    outcomes = race(100, lambda: voting.vote_by_code(code, choice))
    assert sorted(set(outcomes)) == ["ok", "used"] and outcomes.count("ok") == 1, outcomes[:5]
    cadre = w.cadres["甲二"]
    cadre.user = personas.county_a1_readonly
    cadre.save(update_fields=["user"])
    outcomes = race(30, lambda: voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=choice),
                    at_least=10)
    assert sorted(set(outcomes)) == ["ok", "used"] and outcomes.count("ok") == 1, outcomes[:5]
    assert VoteBallot.objects.filter(selection=s).count() == 2
    assert VoteParticipation.objects.filter(selection=s).count() == 1


@pg_only
@pytest.mark.django_db(transaction=True)
def test_after_close_one_transaction_id_for_every_code_participation_and_choice(personas: Any, make_world: Any) -> None:
    w = make_world("voting")
    s = w.selection
    for code in voting.codes_issue(actor=personas.province, selection=s, count=20):
        voting.vote_by_code(code, [w.nominations["甲一"].pk, w.nominations["乙一"].pk])
    cadre = w.cadres["甲二"]
    cadre.user = personas.county_a1_readonly
    cadre.save(update_fields=["user"])
    voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=[w.nominations["甲市"].pk])
    s.refresh_from_db()
    voting.selection_close(actor=personas.province, selection=s, expected_version=s.version)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM honors_votechoice WHERE selection_id = %s "
            "UNION ALL SELECT xmin::text FROM honors_votecode WHERE selection_id = %s "
            "UNION ALL SELECT xmin::text FROM honors_voteparticipation WHERE selection_id = %s) t", [s.pk, s.pk, s.pk])
        assert cur.fetchone()[0] == 1
    assert VoteChoice.objects.filter(selection=s).count() == 41
