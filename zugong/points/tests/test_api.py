"""Points API: the itemized card of a cadre (the card page's gate: points.view_pointentry over the cadre's
unit, or being the cadre), the signed-in cadre's own card, bad years 400, query count flat in lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zugong.conftest import make_user
from zugong.people.models import Cadre
from zugong.points import api, services
from zugong.points.models import PointEntry
from zugong.points.services import award

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR = timezone.localdate().year


def _manual(actor: Any, cadre: Any, points: str, day: date, reason: str = "表彰") -> PointEntry:
    return services.entry_add(actor=actor, cadre=cadre, day=day, points=Decimal(points), reason=reason,
                              uploads=[SimpleUploadedFile("佐证.pdf", PDF, content_type="application/pdf")])


def _link(cadre: Any, username: str) -> Any:
    user = make_user(username)
    Cadre.objects.filter(pk=cadre.pk).update(user=user)
    return user


def _error(resp: Any) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"error"}, body
    return dict(body["error"])


def test_card_is_itemized_with_subtotals(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="张三", position="科员")
    for n in range(3):  # 1 + 1 + 0: the daily cap clips the third study of a day
        award("learning.study_attended", cadre=cadre, source=f"study:{n}", on=date(YEAR, 1, 10))
    award("learning.training_completed", cadre=cadre, source="enrollment:1", on=date(YEAR, 2, 1))
    award("learning.study_attended", cadre=cadre, source="study:old", on=date(YEAR - 1, 5, 1))
    approved = _manual(personas.county_a1_clerk, cadre, "3", date(YEAR, 3, 1), reason="获评优秀")
    services.entry_decide(actor=personas.city_a, entry=approved, approve=True)
    pending = _manual(personas.county_a1_clerk, cadre, "-2", date(YEAR, 3, 2), reason="迟到")
    rejected = _manual(personas.county_a1_clerk, cadre, "5", date(YEAR, 3, 3), reason="材料不全")
    services.entry_decide(actor=personas.city_a, entry=rejected, approve=False, note="证明不足")
    client.force_login(personas.city_a)
    resp = client.get(f"/api/v1/points/cards/{cadre.pk}/?year={YEAR}")
    assert resp.status_code == 200, resp.content
    card = resp.json()
    assert card["cadre"] == {"id": cadre.pk, "name": "张三", "org_unit": tree.county_a1.pk, "org_unit_name": "甲一县委组织部",
                             "position": "科员"}
    assert (card["year"], card["total"], card["pending_total"]) == (YEAR, "10.0", "-2.0")
    assert [(g["category"], g["subtotal"]) for g in card["groups"]] == [("学", "7.0"), ("加减分", "3.0")]
    items = card["groups"][0]["items"]
    assert [(i["name"], i["subtotal"], len(i["entries"])) for i in items] == [("参加学习活动", "2.0", 3), ("培训结业", "5.0", 1)]
    line = items[0]["entries"][2]
    assert (line["points"], line["capped"], line["rule"], line["status"], line["org_unit"]) == (
        "0.0", True, "learning.study_attended", "approved", tree.county_a1.pk)
    manual = card["groups"][1]["items"][0]
    assert manual["name"] == "手工加分" and manual["entries"][0]["reason"] == "获评优秀" and manual["entries"][0]["rule"] is None
    [p] = card["pending"]
    assert (p["id"], p["points"], p["status_name"], p["created_by_name"]) == (pending.pk, "-2.0", "待审核", "a1-clerk")
    assert p["files"] == [{"id": pending.files.get().pk, "name": "佐证.pdf",
                           "url": reverse("points:entry_file", args=[pending.pk, pending.files.get().pk])}]
    assert client.get(p["files"][0]["url"]).status_code == 200
    [r] = card["rejected"]
    assert (r["id"], r["decision_note"]) == (rejected.pk, "证明不足")
    assert card["years"] == [YEAR, YEAR - 1]
    last = client.get(f"/api/v1/points/cards/{cadre.pk}/?year={YEAR - 1}").json()
    assert (last["total"], last["pending"], [g["category"] for g in last["groups"]]) == ("1.0", [], ["学"])
    assert client.get(f"/api/v1/points/cards/{cadre.pk}/").json()["year"] == YEAR  # this year by default


def test_card_gate_is_the_card_pages(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    award("learning.study_attended", cadre=cadre, source="study:1", on=date(YEAR, 1, 10))
    url = f"/api/v1/points/cards/{cadre.pk}/"
    assert client.get(url).status_code in (401, 403)
    assert client.get("/api/v1/points/cards/mine/").status_code in (401, 403)
    for persona in (personas.province, personas.city_a, personas.county_a1_readonly):
        client.force_login(persona)
        assert client.get(url).json()["total"] == "1.0"
    client.force_login(personas.county_b1)  # reads cards, but not of county A1's cadres
    resp = client.get(url)
    assert resp.status_code == 404 and _error(resp)["message"] == "对象不存在或不在您的授权范围内"
    for persona in (personas.nogrant, personas.auditor):
        client.force_login(persona)
        resp = client.get(url)
        assert resp.status_code == 403 and _error(resp)["message"] == "您没有此项操作的权限"
    # the cadre reads their own card without any grant, and nobody else's
    own = _link(cadre, "zhangsan")
    client.force_login(own)
    assert client.get(url).json()["total"] == "1.0"
    assert client.get("/api/v1/points/cards/mine/").json()["cadre"]["id"] == cadre.pk
    other = make_cadre(tree.county_a1, name="李四")
    assert client.get(f"/api/v1/points/cards/{other.pk}/").status_code == 403
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/points/cards/{10**9}/").status_code == 404


def test_my_card_when_not_linked(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    resp = client.get("/api/v1/points/cards/mine/")
    assert resp.status_code == 404
    assert _error(resp) == {"code": "not_linked", "message": api.MSG_NOT_LINKED}


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "20266", "２０２６", "-1"])
def test_bad_year_is_400_in_chinese(client: Any, personas: Any, tree: Any, make_cadre: Any, year: str) -> None:
    cadre = make_cadre(tree.county_a1)
    client.force_login(personas.city_a)
    resp = client.get(f"/api/v1/points/cards/{cadre.pk}/", {"year": year})
    assert resp.status_code == 400
    assert _error(resp)["fields"] == {"year": [api.MSG_YEAR]} and api.MSG_YEAR == "年度应为 2000 至 2100 之间的四位数字"
    client.force_login(_link(cadre, "zhangsan"))
    assert client.get("/api/v1/points/cards/mine/", {"year": year}).status_code == 400


def test_card_queries_do_not_grow_with_lines(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    for n in range(5):
        award("learning.study_attended", cadre=cadre, source=f"study:{n}", on=date(YEAR, 1, 1 + n))
    _manual(personas.county_a1_clerk, cadre, "2", date(YEAR, 3, 1))
    client.force_login(personas.city_a)
    url = f"/api/v1/points/cards/{cadre.pk}/?year={YEAR}"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    assert few <= 12  # session (read, save: 3), user, grants (2), own cadre, the cadre, lines, files, years
    for n in range(15):
        award("learning.study_attended", cadre=cadre, source=f"study:more{n}", on=date(YEAR, 2, 1 + n))
    for n in range(3):
        _manual(personas.county_a1_clerk, cadre, "1", date(YEAR, 4, 1 + n))
    assert client.get(url).json()["total"] == "20.0"
    assert count() == few
