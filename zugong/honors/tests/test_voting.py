"""Votes, their limits and the tally: codes and logins, per-voter limits, no self-vote by login, one vote per code
and per login (409), no results while voting (409), counts and shared ranks after close, commendations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from zugong.core.errors import ConflictError, ValidationError
from zugong.honors import selectors, services, voting
from zugong.honors.models import Commendation, Selection, VoteBallot, VoteChoice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _vote(client: Any, code: str, choices: Any) -> Any:
    return client.post("/api/v1/votes/", {"code": code, "choices": choices}, content_type="application/json")


def test_the_vote_api_limits_and_one_vote_per_code(client: Any, personas: Any, make_world: Any) -> None:
    w = make_world("voting")  # votes_per_voter = 2
    s, n = w.selection, w.nominations
    code1, code2 = voting.codes_issue(actor=personas.province, selection=s, count=2)
    client.logout()
    too_many = _vote(client, code1, [n["甲一"].pk, n["甲二"].pk, n["乙一"].pk])
    assert too_many.status_code == 400 and too_many.json()["error"]["message"] == "每票最多选 2 人，您选了 3 人"
    none = _vote(client, code1, [])
    assert none.status_code == 400 and none.json()["error"]["message"] == voting.MSG_NONE
    foreign = _vote(client, code1, [999999])
    assert foreign.status_code == 400 and foreign.json()["error"]["message"] == voting.MSG_CHOICE
    assert _vote(client, code1, ["x"]).status_code == 400 and _vote(client, code1, [True]).status_code == 400
    assert _vote(client, code1, "1,2").status_code == 400  # not a list
    for bad in ("[1.9]", "[1e400]", "[1000000000000000000000000000000]", '["²"]', "[[1]]", "[null]"):  # no truncation, no overflow
        refused = client.post("/api/v1/votes/", f'{{"code": "{code1}", "choices": {bad}}}', content_type="application/json")
        assert refused.status_code == 400 and refused.json()["error"]["message"] == voting.MSG_CHOICE, bad
    long = _vote(client, code1, list(range(1, 20_001)))  # refused at once, before looking at 20,000 ids
    assert long.status_code == 400 and long.json()["error"]["message"] == "每票最多选 2 人，您选了 20000 人"
    assert client.post("/api/v1/votes/", "[1]", content_type="application/json").status_code == 400
    assert not VoteBallot.objects.exists()  # nothing spent on a refused ballot
    ok = _vote(client, code1, [n["甲一"].pk, n["甲一"].pk])  # a repeated id counts once
    assert ok.status_code == 201 and "Set-Cookie" not in ok.headers and ok["Cache-Control"] == "no-store"
    reused = _vote(client, code1, [n["甲二"].pk])
    assert reused.status_code == 409 and reused.json()["error"]["message"] == voting.MSG_USED
    unknown = _vote(client, "0" * 26, [n["甲二"].pk])
    assert unknown.status_code == 404 and unknown.json()["error"]["message"] == voting.MSG_CODE
    assert _vote(client, code2, [n["甲二"].pk, n["乙一"].pk]).status_code == 201
    assert sorted(voting.unseal(b.sealed) for b in VoteBallot.objects.all()) == sorted([[n["甲一"].pk], sorted([n["甲二"].pk, n["乙一"].pk])])
    assert all("[" not in b.sealed for b in VoteBallot.objects.all())  # sealed while voting: no ids in the row


def test_login_votes_once_and_never_for_oneself(personas: Any, make_world: Any) -> None:
    w = make_world("voting")
    s, n = w.selection, w.nominations
    nominee = w.cadres["甲一"]
    nominee.user = personas.county_a1_readonly
    nominee.save(update_fields=["user"])
    with pytest.raises(ValidationError) as refused:
        voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=[n["甲一"].pk, n["甲二"].pk])
    assert refused.value.messages == [voting.MSG_SELF]
    voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=[n["甲二"].pk])
    with pytest.raises(ConflictError) as twice:
        voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=[n["乙一"].pk])
    assert twice.value.message == voting.MSG_VOTED
    # an account without a cadre of the province may not vote by login
    with pytest.raises(ValidationError) as outsider:
        voting.vote_by_login(user=personas.province, selection=s, choices=[n["甲二"].pk])
    assert outsider.value.messages == [voting.MSG_NOT_VOTER]
    assert VoteBallot.objects.count() == 1 and s.participations.count() == 1


def test_the_login_ballot_page_refuses_a_self_vote_in_chinese(client: Any, personas: Any, make_world: Any) -> None:
    w = make_world("voting")
    nominee = w.cadres["甲一"]
    nominee.user = personas.county_a1_readonly
    nominee.save(update_fields=["user"])
    client.force_login(personas.county_a1_readonly)
    page = client.post(f"/honors/{w.selection.pk}/vote/", {"choice": [w.nominations["甲一"].pk]})
    assert page.status_code == 400 and voting.MSG_SELF in page.content.decode()
    bad = client.post(f"/honors/{w.selection.pk}/vote/", {"choice": ["abc"]})
    assert bad.status_code == 400 and voting.MSG_CHOICE in bad.content.decode()
    assert not VoteBallot.objects.exists()
    client.force_login(personas.province)  # no cadre: not a voter here
    assert client.get(f"/honors/{w.selection.pk}/vote/").status_code == 404


def test_votes_only_in_the_voting_window_and_mode(personas: Any, make_world: Any) -> None:
    w = make_world("publicized", voting_mode="codes")
    s = w.selection
    code, spare = voting.codes_issue(actor=personas.province, selection=s, count=2)
    with pytest.raises(ValidationError) as early:
        voting.vote_by_code(code, [w.nominations["甲一"].pk])
    assert early.value.messages == [voting.MSG_NOT_OPEN]
    s = services.selection_advance(actor=personas.province, selection=s, expected_version=s.version, reason="测试：提前进入下一阶段")
    cadre = w.cadres["甲二"]
    cadre.user = personas.county_a1_readonly
    cadre.save(update_fields=["user"])
    with pytest.raises(ValidationError) as mode:
        voting.vote_by_login(user=personas.county_a1_readonly, selection=s, choices=[w.nominations["甲一"].pk])
    assert mode.value.messages == [voting.MSG_NO_LOGIN]
    with pytest.raises(ValidationError) as count:
        voting.codes_issue(actor=personas.province, selection=s, count=0)
    assert count.value.messages == [voting.MSG_COUNT]
    login_only = make_world("voting", voting_mode="login")
    with pytest.raises(ValidationError) as no_codes:
        voting.codes_issue(actor=personas.province, selection=login_only.selection, count=1)
    assert no_codes.value.messages == [voting.MSG_NO_CODES]
    voting.vote_by_code(code, [w.nominations["甲一"].pk])
    voting.selection_close(actor=personas.province, selection=s, expected_version=s.version)
    with pytest.raises(ValidationError) as late:
        voting.vote_by_code(spare, [w.nominations["甲一"].pk])
    assert late.value.messages == [voting.MSG_ENDED]


def test_results_refused_while_voting_then_counted_with_shared_ranks(client: Any, personas: Any, make_world: Any) -> None:
    w = make_world("voting")  # places = 2
    s, n = w.selection, w.nominations
    client.force_login(personas.province)
    assert client.get(f"/api/v1/selections/{s.pk}/results/").status_code == 409
    assert client.get(f"/honors/{s.pk}/results/").status_code == 409
    codes = voting.codes_issue(actor=personas.province, selection=s, count=5)
    for code, chosen in zip(codes, [["甲一", "甲二"], ["甲一", "乙一"], ["甲一", "甲二"], ["乙一"], []], strict=True):
        if chosen:
            voting.vote_by_code(code, [n[x].pk for x in chosen])
    # closing is the organizer's: county A1's read-only account may not
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied
        voting.selection_close(actor=personas.county_a1_readonly, selection=s, expected_version=s.version)
    s = voting.selection_close(actor=personas.province, selection=s, expected_version=s.version)
    assert s.ballots == 4 and not VoteBallot.objects.filter(selection=s).exists()
    assert VoteChoice.objects.filter(selection=s).count() == 7
    ranked = selectors.results(s)
    assert [(x.cadre.name, x.votes, x.rank) for x in ranked] == [("甲一", 3, 1), ("甲二", 2, 2), ("乙一", 2, 2), ("甲市", 0, 4)]
    assert selectors.default_commended(s, ranked) == {n["甲一"].pk}  # the tie at the line is the organizer's call
    api = client.get(f"/api/v1/selections/{s.pk}/results/").json()
    assert api["ballots"] == 4 and [(x["cadre"], x["votes"], x["rank"]) for x in api["nominees"]][:3] == [
        ("甲一", 3, 1), ("甲二", 2, 2), ("乙一", 2, 2)]
    page = client.get(f"/honors/{s.pk}/results/")
    assert page.status_code == 200 and "名额线上有同票人选" in page.content.decode()
    again = client.post(f"/honors/{s.pk}/close/", {"version": s.version}, follow=True)
    assert voting.MSG_CLOSE in again.content.decode()
    rows = services.commendations_confirm(actor=personas.province, selection=s, nomination_ids=[n["甲一"].pk, n["乙一"].pk],
                                          awarded_on=s.closed_on, expected_version=s.version)
    assert [(r.cadre.name, r.unit.name, r.votes) for r in rows] == [("甲一", "甲一县委组织部", 3), ("乙一", "乙一县委组织部", 2)]
    with pytest.raises(ValidationError) as twice:
        services.commendations_confirm(actor=personas.province, selection=s, nomination_ids=[n["甲二"].pk], awarded_on=s.closed_on,
                                       expected_version=s.version)
    assert twice.value.messages == [services.MSG_NOT_CLOSED]
    assert Commendation.objects.count() == 2
    assert Selection.objects.get(pk=s.pk).status == Selection.Status.COMMENDED


def test_rank_shares_places_on_ties() -> None:
    assert voting.rank([(1, 5), (2, 7), (3, 5), (4, 0), (5, 7)]) == {2: 1, 5: 1, 1: 3, 3: 3, 4: 5}
    assert voting.rank([]) == {}


def test_nominations_are_scoped_and_limited(personas: Any, tree: Any, make_world: Any, make_cadre: Any) -> None:
    w = make_world("nominating", organizer=tree.city_a, nominations_per_unit=1)
    s = w.selection
    assert set(w.nominations) == {"甲一", "甲二", "甲市"}  # county B1 is not below city A
    with pytest.raises(ValidationError) as quota:
        services.nomination_submit(actor=personas.province, selection=s, org_unit=tree.county_a1, cadre=make_cadre(tree.county_a1, name="另一"),
                                   deeds="事迹")
    assert quota.value.messages == ["本单位最多推荐 1 人，已达上限"]
    with pytest.raises(ValidationError) as outside:
        services.nomination_submit(actor=personas.province, selection=s, org_unit=tree.county_b1, cadre=w.cadres["乙一"], deeds="事迹")
    assert outside.value.messages == [services.MSG_UNIT]
    n = services.nomination_withdraw(actor=personas.county_a1_clerk, nomination=w.nominations["甲一"],
                                     expected_version=w.nominations["甲一"].version)
    assert n.status == "withdrawn"
    again = services.nomination_submit(actor=personas.county_a1_clerk, selection=s, org_unit=tree.county_a1, cadre=w.cadres["甲一"],
                                       deeds="重新推荐")  # the withdrawn one frees the place and the cadre
    assert again.status == "submitted"
    services.nomination_withdraw(actor=personas.city_a, nomination=w.nominations["甲市"], expected_version=w.nominations["甲市"].version)
    with pytest.raises(ValidationError) as dup:  # city A's place is free again, but 甲一 is nominated by A1 already
        services.nomination_submit(actor=personas.city_a, selection=s, org_unit=tree.city_a, cadre=w.cadres["甲一"], deeds="重复")
    assert dup.value.messages == [services.MSG_DUPLICATE]
