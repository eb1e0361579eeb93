"""Scope of the pages and the API (a unit outside the organizer's subtree gets 404; units below see the selection and
their own nominations), bad input answered in Chinese with a 4xx, and query counts pinned on the list pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from zugong.honors import services, voting
from zugong.honors.tests.conftest import settings_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _text(r: Any) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


def test_scope_of_a_city_selection(client: Any, personas: Any, tree: Any, make_world: Any) -> None:
    w = make_world("nominating", organizer=tree.city_a)
    s = w.selection
    # county B1 is outside city A's subtree: the selection does not exist for it, in pages and API
    client.force_login(personas.county_b1)
    assert client.get(f"/honors/{s.pk}/").status_code == 404
    assert client.get(f"/honors/{s.pk}/nominate/").status_code == 404
    assert client.get(f"/api/v1/selections/{s.pk}/").status_code == 404
    assert client.get(f"/honors/nominations/{w.nominations['甲一'].pk}/").status_code == 404
    assert s.title not in _text(client.get("/honors/"))
    assert client.get("/api/v1/selections/").json()["count"] == 0
    # county A1 (read-only) is below the organizer: sees the selection and its own nomination, not A2's
    client.force_login(personas.county_a1_readonly)
    page = client.get(f"/honors/{s.pk}/")
    assert page.status_code == 200 and "甲一" in _text(page) and "甲二" not in _text(page) and "本单位推荐的" in _text(page)
    assert client.get(f"/honors/nominations/{w.nominations['甲二'].pk}/").status_code == 404
    assert [x["cadre_name"] for x in client.get(f"/api/v1/selections/{s.pk}/nominations/").json()] == ["甲一"]
    assert client.get(f"/honors/{s.pk}/edit/").status_code == 403
    assert client.post(f"/honors/{s.pk}/advance/", {"version": s.version}).status_code == 403
    # the organizer sees every nomination
    client.force_login(personas.city_a)
    page = client.get(f"/honors/{s.pk}/")
    assert all(name in _text(page) for name in ("甲一", "甲二", "甲市"))
    # a selection of county A2 is not county A1's
    other = services.selection_create(actor=personas.province, org_unit=tree.county_a2, data=settings_data(title="县二评选"))
    client.force_login(personas.county_a1_readonly)
    assert client.get(f"/honors/{other.pk}/").status_code == 404


def test_public_pages_show_only_publicized_or_voting_selections(client: Any, personas: Any, make_world: Any) -> None:
    draft = make_world("nominating")
    client.logout()
    assert client.get(f"/honor/{draft.selection.pk}/").status_code == 404
    assert client.get("/honor/999999/").status_code == 404
    assert draft.selection.title not in _text(client.get("/honor/"))
    voting_world = make_world("voting")
    page = client.get(f"/honor/{voting_world.selection.pk}/")
    assert page.status_code == 200 and "候选人" in _text(page) and "反映意见" not in _text(page)  # the comment box closes with the 公示
    closed = client.post(f"/honor/{voting_world.selection.pk}/comment/", {"content": "晚了"})
    assert closed.status_code == 400 and services.MSG_NOT_PUBLICIZED in _text(closed)
    assert voting_world.selection.title in _text(client.get("/honor/"))


def test_bad_input_gets_chinese_messages_not_500(client: Any, personas: Any, make_world: Any) -> None:
    w = make_world("voting")
    s = w.selection
    client.logout()
    assert client.post("/honor/vote/", {"code": ""}).status_code == 400
    wrong = client.post("/honor/vote/", {"code": "not-a-code"})
    assert wrong.status_code == 404 and voting.MSG_CODE in _text(wrong)
    stale = client.post("/honor/vote/submit/", {"token": "forged", "choice": ["1"]})
    assert stale.status_code == 400 and "页面已过期" in _text(stale)
    code = voting.codes_issue(actor=personas.province, selection=s, count=1)[0]
    opened = client.post("/honor/vote/", {"code": code})
    token = re.search(r'name="token" value="([^"]+)"', opened.content.decode()).group(1)  # type: ignore[union-attr]
    too_many = client.post("/honor/vote/submit/", {"token": token, "choice": [n.pk for n in w.nominations.values()]})
    assert too_many.status_code == 400 and "每票最多选 2 人，您选了 4 人" in _text(too_many)
    nothing = client.post("/honor/vote/submit/", {"token": token})
    assert nothing.status_code == 400 and voting.MSG_NONE in _text(nothing)
    client.force_login(personas.province)
    for url, data in ((f"/honors/{s.pk}/codes/", {"count": "abc", "format": "pdf"}),
                      (f"/honors/{s.pk}/codes/", {"count": "5000", "format": "xlsx"}),
                      (f"/honors/{s.pk}/advance/", {"version": "x"}),
                      (f"/honors/nominations/{w.nominations['甲一'].pk}/decide/", {"decision": "maybe", "version": "1"})):
        r = client.post(url, data, follow=True)
        assert r.status_code == 200 and r.redirect_chain and r.redirect_chain[0][1] == 303, url
        assert any(m in _text(r) for m in (voting.MSG_COUNT, "已被他人修改", services.MSG_DECISION, "当前状态不能进行这一步")), url
    assert client.get("/honors/?status=nope&page=abc").status_code == 200
    assert client.get("/honors/commendations/?year=abcd&page=-1").status_code == 200
    assert client.get("/api/v1/selections/abc/").status_code == 404


def test_list_pages_have_pinned_query_counts(client: Any, personas: Any, tree: Any, make_world: Any,
                                             django_assert_max_num_queries: Any) -> None:
    w = make_world("closed")
    services.commendations_confirm(actor=personas.province, selection=w.selection, nomination_ids=[w.nominations["甲一"].pk],
                                   awarded_on=w.selection.closed_on, expected_version=w.selection.version)
    client.force_login(personas.province)
    pages = ["/honors/", "/honors/commendations/", "/api/v1/selections/", f"/honors/{w.selection.pk}/",
             f"/honors/{w.selection.pk}/results/", "/honors/my/"]
    budgets = {}
    for url in pages:
        with django_assert_max_num_queries(25) as few:
            assert client.get(url).status_code == 200, url
        budgets[url] = len(few.captured_queries)
    for _ in range(4):  # more rows, the same queries
        more = make_world("closed")
        services.commendations_confirm(actor=personas.province, selection=more.selection,
                                       nomination_ids=[more.nominations["甲二"].pk, more.nominations["乙一"].pk],
                                       awarded_on=more.selection.closed_on, expected_version=more.selection.version)
    for url in pages:
        with django_assert_max_num_queries(budgets[url]):
            assert client.get(url).status_code == 200, url
    assert "共 5 项" in _text(client.get("/honors/")) and "共 9 人" in _text(client.get("/honors/commendations/"))


def test_units_below_see_neither_drafts_nor_totals_nor_votes(client: Any, personas: Any, tree: Any, make_world: Any) -> None:
    """A superior's draft is the organizer's; the totals of every unit's nominations and the vote counts are read with
    the results permission only (a nominating unit sees its own nominations, never how many votes they got)."""
    draft = make_world("draft").selection
    client.force_login(personas.county_a1_readonly)
    assert client.get(f"/honors/{draft.pk}/").status_code == 404
    assert draft.title not in _text(client.get("/honors/"))
    w = make_world("voting", title="已计票的评选")
    n = w.nominations["甲一"]
    voting.vote_by_code(voting.codes_issue(actor=personas.province, selection=w.selection, count=1)[0], [n.pk])
    s = voting.selection_close(actor=personas.province, selection=w.selection, expected_version=w.selection.version)
    row = re.search(rf'data-selection="{s.pk}".*?</tr>', client.get("/honors/").content.decode(), re.S)
    assert row and "—" in row.group(0)  # not "4 / 4"
    assert "得票" not in _text(client.get(f"/honors/{s.pk}/")) and "1 票" not in _text(client.get(f"/honors/nominations/{n.pk}/"))
    client.force_login(personas.province)
    assert "1 票，第 1 名" in _text(client.get(f"/honors/nominations/{n.pk}/"))
    row = re.search(rf'data-selection="{s.pk}".*?</tr>', client.get("/honors/").content.decode(), re.S)
    assert row and "4 / 4" in re.sub(r"<[^>]+>", " ", row.group(0))
