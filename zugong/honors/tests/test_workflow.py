"""The whole selection as people click through it: the province sets it up, counties nominate, the province
reviews, the 公示 page takes a comment (stored encrypted), the province handles it, voters vote with a code and by
login, the province closes the vote, reads the ranking and confirms the commended, who appear in the register."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from zugong.audit.models import ObjectChange
from zugong.core import captcha
from zugong.core.crypto import decrypt
from zugong.honors import services, voting
from zugong.honors.models import Commendation, Nomination, PublicComment, Selection, VoteChoice
from zugong.honors.tests.conftest import settings_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _text(r: Any) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


def _form_data(form: Any) -> dict[str, Any]:
    out = {}
    for k, v in form.initial.items():
        out[k] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


def _captcha(page: str) -> dict[str, str]:
    key = re.search(r'name="captcha_key" value="([^"]+)"', page)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert key and token, page[:1500]
    return {"captcha_key": key.group(1), "captcha": decrypt(captcha._payload(key.group(1))["a"]), "token": token.group(1)}  # type: ignore[index]


def test_the_whole_selection_through_the_pages(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    today = timezone.localdate()
    a1_cadres = [make_cadre(tree.county_a1, name=n) for n in ("王一", "王二", "王三")]
    voter = make_cadre(tree.county_a2, name="李投票")
    voter.user = personas.county_a1_readonly  # any account linked to a cadre of the province votes by login
    voter.save(update_fields=["user"])

    # the province sets the selection up
    client.force_login(personas.province)
    page = client.get("/honors/add/")
    assert page.status_code == 200 and "我身边的优秀组工干部" in _text(page)
    data = {**_form_data(page.context["form"]), "org_unit": tree.province.pk, "places": 1, "votes_per_voter": 2,
            "nominations_per_unit": 2, "voting_mode": "both",
            **{k: today.isoformat() for k in services.DATES}}
    created = client.post("/honors/add/", data)
    assert created.status_code == 303
    s = Selection.objects.get()
    assert s.status == Selection.Status.DRAFT and s.places == 1 and s.honor_title == "我身边的优秀组工干部"
    assert client.post(f"/honors/{s.pk}/advance/", {"version": s.version}).status_code == 303
    s.refresh_from_db()
    assert s.status == Selection.Status.NOMINATING

    # county A1's clerk nominates two (the limit), a third is refused with the reason
    client.force_login(personas.county_a1_clerk)
    form = client.get(f"/honors/{s.pk}/nominate/")
    assert form.status_code == 200 and "王一" in _text(form) and "李投票" not in _text(form)  # A2's cadre is not A1's to nominate
    for c in a1_cadres[:2]:
        r = client.post(f"/honors/{s.pk}/nominate/", {"org_unit": tree.county_a1.pk, "cadre": c.pk, "deeds": f"{c.name}的事迹"})
        assert r.status_code == 303
    third = client.post(f"/honors/{s.pk}/nominate/", {"org_unit": tree.county_a1.pk, "cadre": a1_cadres[2].pk, "deeds": "事迹"})
    assert third.status_code == 400 and "本单位最多推荐 2 人，已达上限" in _text(third)
    empty = client.post(f"/honors/{s.pk}/nominate/", {"org_unit": tree.county_a1.pk, "cadre": a1_cadres[2].pk, "deeds": " "})
    assert empty.status_code == 400 and services.MSG_DEEDS in _text(empty)
    # a cadre of another unit cannot be slipped in
    other = client.post(f"/honors/{s.pk}/nominate/", {"org_unit": tree.county_a1.pk, "cadre": voter.pk, "deeds": "事迹"})
    assert other.status_code == 400 and services.MSG_CADRE in _text(other)
    first, second = Nomination.objects.order_by("id")

    # the province: 公示 waits for every review; one rejected with the reason, one accepted
    client.force_login(personas.province)
    waiting = client.post(f"/honors/{s.pk}/advance/", {"version": s.version}, follow=True)
    assert "还有 2 个推荐未审核" in _text(waiting)
    no_reason = client.post(f"/honors/nominations/{second.pk}/decide/", {"decision": "reject", "reason": "", "version": 1}, follow=True)
    assert services.MSG_REASON in _text(no_reason)
    client.post(f"/honors/nominations/{second.pk}/decide/", {"decision": "reject", "reason": "事迹不够突出", "version": 1})
    client.post(f"/honors/nominations/{first.pk}/decide/", {"decision": "accept", "version": 1})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.reason) == ("accepted", "rejected", "事迹不够突出")
    # the A1 clerk sees the reason on the nomination
    client.force_login(personas.county_a1_clerk)
    assert "事迹不够突出" in _text(client.get(f"/honors/nominations/{second.pk}/"))
    # city A nominates too, then the province starts the 公示
    client.force_login(personas.city_a)
    city_cadre = make_cadre(tree.city_a, name="赵市")
    assert client.post(f"/honors/{s.pk}/nominate/", {"org_unit": tree.city_a.pk, "cadre": city_cadre.pk, "deeds": "市里的事迹"}).status_code == 303
    city_n = Nomination.objects.get(cadre=city_cadre)
    client.force_login(personas.province)
    client.post(f"/honors/nominations/{city_n.pk}/decide/", {"decision": "accept", "version": 1})
    s.refresh_from_db()
    # the nominations run until nominate_until: ending them today needs a reason, kept in the audit row
    early = client.post(f"/honors/{s.pk}/advance/", {"version": s.version}, follow=True)
    assert f"推荐至 {s.nominate_until.isoformat()} 截止，提前结束须写明理由（记入审计）" in _text(early)
    s.refresh_from_db()
    assert s.status == Selection.Status.NOMINATING
    assert client.post(f"/honors/{s.pk}/advance/", {"version": s.version, "reason": "各单位已全部推荐"}).status_code == 303
    s.refresh_from_db()
    assert s.status == Selection.Status.PUBLICIZED
    assert ObjectChange.objects.get(action="selection.publicized", object_id=str(s.pk)).after["early_reason"] == "各单位已全部推荐"

    # the public 公示 page: accepted nominees with their deeds, not the rejected one; a comment is stored encrypted
    client.logout()
    public = client.get(f"/honor/{s.pk}/")
    body = _text(public)
    assert public.status_code == 200 and "王一的事迹" in body and "市里的事迹" in body and "王二" not in body
    assert "Set-Cookie" not in public.headers and public["Cache-Control"] == "no-store"
    blank = client.post(f"/honor/{s.pk}/comment/", {**_captcha(public.content.decode()), "content": ""})
    assert blank.status_code == 400 and services.MSG_COMMENT in _text(blank)
    wrong = client.post(f"/honor/{s.pk}/comment/", {**_captcha(blank.content.decode()), "captcha": "ZZZZZ", "content": "意见"})
    assert wrong.status_code == 400 and captcha.MSG_WRONG in _text(wrong)
    sent = client.post(f"/honor/{s.pk}/comment/", {**_captcha(wrong.content.decode()), "nomination": first.pk,
                                                    "content": "MARKER-该同志事迹属实"}, REMOTE_ADDR="198.51.100.9")
    assert sent.status_code == 200 and "已收到" in _text(sent)
    c = PublicComment.objects.get()
    assert "MARKER" not in c.content_enc and decrypt(c.content_enc) == "MARKER-该同志事迹属实"
    assert c.nomination == first and c.received_on == today

    # the province reads and handles it; a stale page conflicts
    client.force_login(personas.province)
    listed = client.get(f"/honors/{s.pk}/comments/")
    assert listed.status_code == 200 and "MARKER-该同志事迹属实" in _text(listed)
    client.post(f"/honors/comments/{c.pk}/handle/", {"note": "已核实，属实", "version": 1})
    c.refresh_from_db()
    assert c.handled and c.note == "已核实，属实" and c.handled_by == personas.province
    again = client.post(f"/honors/comments/{c.pk}/handle/", {"note": "再次", "version": 1}, follow=True)
    assert services.MSG_HANDLED in _text(again)

    # voting: codes printed as xlsx; one code vote, one login vote
    s.refresh_from_db()
    client.post(f"/honors/{s.pk}/advance/", {"version": s.version, "reason": "公示无异议"})
    s.refresh_from_db()
    assert s.status == Selection.Status.VOTING
    sheet = client.post(f"/honors/{s.pk}/codes/", {"count": "3", "format": "xlsx"})
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.iter_rows(values_only=True))
    codes = [r[2] for r in rows[1:]]
    assert len(codes) == 3 and all(len(str(x)) == 32 for x in codes)
    pdf = client.post(f"/honors/{s.pk}/codes/", {"count": "2", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    s.refresh_from_db()
    assert s.codes_issued == 5
    # results are refused while voting
    refused = client.get(f"/honors/{s.pk}/results/")
    assert refused.status_code == 409 and "计票结束后才能查看投票结果" in _text(refused)

    client.logout()
    opened = client.post("/honor/vote/", {"code": codes[0].lower()})
    assert opened.status_code == 200 and "王一" in _text(opened) and "赵市" in _text(opened)
    token = re.search(r'name="token" value="([^"]+)"', opened.content.decode()).group(1)  # type: ignore[union-attr]
    assert codes[0].replace("-", "") not in token
    voted = client.post("/honor/vote/submit/", {"token": token, "choice": [first.pk, city_n.pk]})
    assert voted.status_code == 200 and "投票成功" in _text(voted)
    reused = client.post("/honor/vote/submit/", {"token": token, "choice": [first.pk]})
    assert reused.status_code == 409 and voting.MSG_USED in _text(reused)
    assert client.post("/honor/vote/", {"code": codes[0]}).status_code == 409

    client.force_login(personas.county_a1_readonly)
    mine = client.get("/honors/my/")
    assert mine.status_code == 200 and "去投票" in _text(mine)
    ballot = client.get(f"/honors/{s.pk}/vote/")
    assert ballot.status_code == 200 and "不能投给自己" in _text(ballot)
    assert client.post(f"/honors/{s.pk}/vote/", {"choice": [first.pk]}).status_code == 303
    second_vote = client.post(f"/honors/{s.pk}/vote/", {"choice": [city_n.pk]})
    assert second_vote.status_code == 409 and voting.MSG_VOTED in _text(second_vote)
    assert "已投票" in _text(client.get("/honors/my/"))

    # the province closes the vote: counts and ranks; results and the confirmed commendation
    client.force_login(personas.province)
    s.refresh_from_db()
    assert client.post(f"/honors/{s.pk}/close/", {"version": s.version}).status_code == 303
    s.refresh_from_db()
    assert s.status == Selection.Status.CLOSED and s.ballots == 2 and VoteChoice.objects.filter(selection=s).count() == 3
    first.refresh_from_db()
    city_n.refresh_from_db()
    assert (first.votes, first.rank, city_n.votes, city_n.rank) == (2, 1, 1, 2)
    res = client.get(f"/honors/{s.pk}/results/")
    assert res.status_code == 200 and res.context["default"] == {first.pk}  # the top one, places = 1
    too_many = client.post(f"/honors/{s.pk}/commend/", {"nominations": [first.pk, city_n.pk], "awarded_on": today.isoformat(),
                                                       "version": s.version}, follow=True)
    assert "表彰人数不能超过名额（1 名）" in _text(too_many)
    assert client.post(f"/honors/{s.pk}/commend/", {"nominations": [first.pk], "awarded_on": today.isoformat(),
                                                    "document_number": "示组发〔2026〕1号", "version": s.version}).status_code == 303
    s.refresh_from_db()
    assert s.status == Selection.Status.COMMENDED
    rec = Commendation.objects.get()
    assert (rec.cadre, rec.unit, rec.title, rec.document_number, rec.votes) == (first.cadre, tree.county_a1, "我身边的优秀组工干部",
                                                                                 "示组发〔2026〕1号", 2)
    register = client.get("/honors/commendations/")
    assert register.status_code == 200 and "王一" in _text(register) and "共 1 人" in _text(register)
    # the commended cadre's county sees its own commendation; county B1 does not
    client.force_login(personas.county_a1_readonly)
    assert "王一" in _text(client.get("/honors/commendations/"))
    client.force_login(personas.county_b1)
    assert "共 0 人" in _text(client.get("/honors/commendations/"))


def test_settings_are_checked_and_frozen_after_the_publicity(client: Any, personas: Any, tree: Any, make_world: Any) -> None:
    client.force_login(personas.province)
    today = timezone.localdate()
    bad = client.post("/honors/add/", {"org_unit": tree.province.pk, "title": "", "year": "abc", "places": "0", "votes_per_voter": "x",
                                       "nominations_per_unit": "1", "voting_mode": "nope",
                                       **{k: today.isoformat() for k in services.DATES}, "vote_until": "2026-13-01"})
    assert bad.status_code == 400
    text = _text(bad)
    assert services.MSG_TITLE in text and "应为整数" in text and "请输入正确的日期" in text
    order = client.post("/honors/add/", {"org_unit": tree.province.pk, "title": "评选", "year": today.year, "places": 3, "votes_per_voter": 3,
                                         "nominations_per_unit": 1, "voting_mode": "codes",
                                         **{k: today.isoformat() for k in services.DATES},
                                         "vote_until": (today - timedelta(days=1)).isoformat()})
    assert order.status_code == 400 and services.MSG_ORDER in _text(order)
    assert not Selection.objects.exists()
    w = make_world("publicized")
    frozen = client.get(f"/honors/{w.selection.pk}/edit/", follow=True)
    assert services.MSG_FROZEN in _text(frozen)


def test_a_stale_edit_conflicts(client: Any, personas: Any, tree: Any) -> None:
    s = services.selection_create(actor=personas.province, org_unit=tree.province, data=settings_data())
    client.force_login(personas.province)
    page = client.get(f"/honors/{s.pk}/edit/")
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in page.context["form"].initial.items()}
    data["description"] = "改过的说明"
    services.selection_update(actor=personas.province, selection=s,
                              data={**settings_data(), "places": 5}, expected_version=s.version)
    stale = client.post(f"/honors/{s.pk}/edit/", data)
    assert stale.status_code == 409 and "已被他人修改" in _text(stale)
    s.refresh_from_db()
    assert s.places == 5 and s.description == "评选说明"
    stale_step = client.post(f"/honors/{s.pk}/advance/", {"version": 1}, follow=True)
    assert "已被他人修改" in _text(stale_step)
    s.refresh_from_db()
    assert s.status == Selection.Status.DRAFT
