"""Anonymity (SECURITY.md R64–R71): what the schema can hold, what the pages keep, and — on PostgreSQL — that one
code gives one response under 100 parallel submissions and that after close neither the transaction ids nor the
storage order link a response to its code or to the order of submission."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, models

from zugong.core.crypto import decrypt
from zugong.core.tests.race import race
from zugong.surveys import ballots, closing, design
from zugong.surveys.models import BallotCode, Response, ResponseAnswer, ResponseStaging, ResponseText, Survey
from zugong.surveys.tests.conftest import answers_for, issue_all

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin, ctid and row locks are PostgreSQL's")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _fields(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def test_the_schema_cannot_link_a_response_to_a_code_a_person_or_a_time() -> None:
    from django.apps import apps

    assert not apps.is_installed("django.contrib.admin")  # no admin site to browse responses in
    allowed = {
        ResponseStaging: {"id", "survey", "target", "category", "sealed"},
        Response: {"id", "survey", "target", "category", "answers", "text"},
        ResponseAnswer: {"id", "response", "item", "value"},
        ResponseText: {"response", "content"},
        BallotCode: {"id", "batch", "code_hash", "used"},
    }
    for model, names in allowed.items():
        assert _fields(model) <= names, f"{model.__name__} holds more than it may: {_fields(model) - names}"
        for f in model._meta.get_fields():
            assert not isinstance(f, models.DateField), f"{model.__name__}.{f.name} holds a date or time"
            related = getattr(f, "related_model", None)
            assert related is None or related._meta.label not in ("accounts.User", "surveys.BallotCode", "surveys.CodeBatch") \
                or model is BallotCode, f"{model.__name__}.{f.name} points at a person or a code"
    for model in (ResponseStaging, Response):
        pk = model._meta.pk
        assert isinstance(pk, models.UUIDField) and pk.default.__name__ == "uuid4"  # random, no time inside (not v1/v7)


@pytest.mark.django_db
def test_the_answer_page_keeps_nothing_about_the_respondent(client: Any, personas: Any, survey: Survey, caplog: Any) -> None:
    from django.contrib.sessions.models import Session

    from zugong.audit.models import ObjectChange

    code = issue_all(personas.province, survey)[("甲市委组织部", "群众")][0]
    client.logout()
    sessions, audits = Session.objects.count(), ObjectChange.objects.count()
    page = client.get("/survey/")
    assert page.status_code == 200 and "保密" in page.content.decode() and "不记录" in page.content.decode()
    assert client.get(f"/survey/?code={code}").status_code == 400  # never in a URL (R68)
    opened = client.post("/survey/", {"code": code}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="MARKER-UA")
    body = opened.content.decode()
    assert opened.status_code == 200 and "甲市委组织部" in body and body.count("name=\"item-") == 19 * 4
    token = body.split('name="token" value="')[1].split('"')[0]
    assert code not in token
    form = {"token": token, "comment": "MARKER-7f3a", **{f"item-{k}": v for k, v in answers_for(survey, 1).items()}}
    done = client.post("/survey/submit/", form, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="MARKER-UA")
    assert done.status_code == 200 and "提交成功" in done.content.decode()
    again = client.post("/survey/submit/", form)
    assert again.status_code == 409 and ballots.MSG_USED in again.content.decode()
    for r in (page, opened, done, again):
        assert "Set-Cookie" not in r.headers and r.headers["Cache-Control"] == "no-store" and r.headers["Referrer-Policy"] == "no-referrer"
    assert Session.objects.count() == sessions and ObjectChange.objects.count() == audits  # no audit row per ballot
    staged = ResponseStaging.objects.get()
    with connection.cursor() as cur:  # nothing of the request anywhere in the database
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from introspection
            text = repr(cur.fetchall())
            for needle in ("203.0.113.77", "MARKER-UA", "MARKER-7f3a", code):
                assert needle not in text, f"{needle} found in {table}"
    closing.survey_close(actor=personas.province, survey=survey, expected_version=survey.version)
    response_id = str(Response.objects.get().pk)
    assert str(staged.pk) != response_id  # a new key at close
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert response_id not in logged and "MARKER-7f3a" not in logged
    assert not ObjectChange.objects.filter(after__icontains=response_id).exists()


@pytest.mark.django_db
def test_the_ballot_api(client: Any, personas: Any, survey: Survey) -> None:
    code = issue_all(personas.province, survey)[("乙市委组织部", "党员干部")][0]
    client.logout()
    q = client.post("/api/v1/ballots/questionnaire/", {"code": code}, content_type="application/json")
    assert q.status_code == 200 and len(q.json()["items"]) == 19 and q.json()["target"] == "乙市委组织部"
    assert [o["label"] for o in q.json()["options"]] == ["满意", "基本满意", "不满意", "不了解"]
    bad = client.post("/api/v1/ballots/", {"code": code, "answers": {}}, content_type="application/json")
    assert bad.status_code == 400 and "还有 19 项未选" in bad.json()["error"]["message"]
    ok = client.post("/api/v1/ballots/", {"code": code, "answers": answers_for(survey, 2)}, content_type="application/json")
    assert ok.status_code == 201
    reused = client.post("/api/v1/ballots/", {"code": code, "answers": answers_for(survey, 2)}, content_type="application/json")
    assert reused.status_code == 409 and reused.json()["error"]["message"] == ballots.MSG_USED
    unknown = client.post("/api/v1/ballots/", {"code": "0" * 26, "answers": answers_for(survey, 2)}, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["error"]["message"] == ballots.MSG_CODE
    assert client.post("/api/v1/ballots/", "[1]", content_type="application/json").status_code in (400, 404)
    assert "Set-Cookie" not in ok.headers


@pytest.mark.django_db
def test_results_are_refused_while_open(client: Any, personas: Any, survey: Survey) -> None:
    client.force_login(personas.province)
    page = client.get(f"/surveys/{survey.pk}/results/")
    assert page.status_code == 409 and "测评结束后才能查看结果" in page.content.decode()
    assert client.get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 409
    assert client.get(f"/surveys/{survey.pk}/results/xlsx/").status_code == 409


# ---------------------------------------------------------------- PostgreSQL: races, xmin, storage order


def _big_survey(personas: Any, tree: Any, quota: int) -> Survey:
    from datetime import timedelta

    from django.utils import timezone

    data = design.template_data("org-work-satisfaction")
    data.update(categories_text=f"群众 {quota}", opens_on=timezone.localdate() - timedelta(days=1))
    s = design.survey_create(actor=personas.province, org_unit=tree.province, data=data, targets=[tree.city_a])
    return design.survey_publish(actor=personas.province, survey=s, expected_version=s.version)


@pytest.mark.xdist_group("pg_connections")  # up to 100 connections: never beside the other race under xdist
@pg_only
@pytest.mark.django_db(transaction=True)
def test_one_code_under_100_parallel_submissions_gives_one_response(personas: Any, tree: Any) -> None:
    s = _big_survey(personas, tree, 2)
    code = issue_all(personas.province, s)[("甲市委组织部", "群众")][0]
    answers = answers_for(s, 1)
    outcomes = race(100, lambda: ballots.ballot_submit(code, answers))
    assert sorted(set(outcomes)) == ["ok", "used"] and outcomes.count("ok") == 1, outcomes[:5]
    assert ResponseStaging.objects.filter(survey=s).count() == 1
    assert BallotCode.objects.filter(batch__survey=s, used=True).count() == 1


def kendall_tau(xs: list[int], ys: list[int]) -> float:
    n = len(xs)
    s = 0
    for i in range(n):
        for j in range(i + 1, n):
            a, b = xs[i] - xs[j], ys[i] - ys[j]
            s += (a > 0) - (a < 0) if b > 0 else -((a > 0) - (a < 0)) if b < 0 else 0
    return s / (n * (n - 1) / 2)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_after_close_xmin_and_storage_order_say_nothing(personas: Any, tree: Any) -> None:
    with connection.cursor() as cur:
        cur.execute("SHOW track_commit_timestamp")
        assert cur.fetchone()[0] == "off"
    s = _big_survey(personas, tree, 200)
    cs = issue_all(personas.province, s)[("甲市委组织部", "群众")]
    for i, c in enumerate(cs):  # each ballot marks its submission index in its (encrypted) comment
        ballots.ballot_submit(c, answers_for(s, 1 + i % 3), f"#{i}")
    closing.survey_close(actor=personas.province, survey=s, expected_version=s.version)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM surveys_response WHERE survey_id = %s "
            "UNION ALL SELECT a.xmin::text FROM surveys_responseanswer a JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s "
            "UNION ALL SELECT c.xmin::text FROM surveys_ballotcode c JOIN surveys_codebatch b ON b.id = c.batch_id WHERE b.survey_id = %s) t",
            [s.pk, s.pk, s.pk])
        assert cur.fetchone()[0] == 1  # every code and every response carries the close's one transaction id
        cur.execute("SELECT r.id FROM surveys_response r WHERE r.survey_id = %s ORDER BY r.ctid", [s.pk])
        by_ctid = [row[0] for row in cur.fetchall()]
    index = {t.response_id: int(decrypt(t.content)[1:]) for t in ResponseText.objects.filter(response__survey=s)}
    assert len(index) == 200 and not ResponseStaging.objects.filter(survey=s).exists()
    exported = [index[r] for r in Response.objects.filter(survey=s).order_by("id").values_list("id", flat=True)]
    stored = [index[r] for r in by_ctid]
    assert abs(kendall_tau(list(range(200)), exported)) < 0.2
    assert abs(kendall_tau(list(range(200)), stored)) < 0.2
    assert sorted(stored) == list(range(200))


@pytest.mark.django_db
def test_the_system_check_refuses_commit_timestamps(monkeypatch: Any) -> None:
    from django.core import checks as django_checks

    from zugong.surveys import checks

    assert [e for e in django_checks.run_checks(databases=["default"]) if e.id == "surveys.E001"] == []
    monkeypatch.setattr(checks, "commit_timestamps_on", lambda alias="default": True)
    errors = [e for e in django_checks.run_checks(databases=["default"]) if e.id == "surveys.E001"]
    assert len(errors) == 1 and "track_commit_timestamp" in errors[0].msg and errors[0].is_serious()


def test_the_threat_model_covers_every_requirement() -> None:
    """R71: docs/anonymity-threat-model.md exists and maps R64–R71, and every test it names exists."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    text = (root / "docs" / "anonymity-threat-model.md").read_text(encoding="utf-8")
    for n in range(64, 72):
        assert f"**R{n}**" in text, f"R{n} is not mapped"
    for path, name in re.findall(r"`((?:[a-z_]+/)*test_[a-z_]+\.py)::(test_[a-z0-9_]+)", text):
        candidates = list((root / "zugong").glob(f"**/{path.split('/')[-1]}"))
        assert any(f"def {name}(" in c.read_text(encoding="utf-8") for c in candidates), f"{path}::{name} does not exist"
