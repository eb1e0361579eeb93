"""Movement and reserve-pool pages, the cadre API's movements, the indicators with their per-child breakdown, the demo."""

from __future__ import annotations

import time
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zugong.accounts.access import SYSTEM
from zugong.people import movements, reserve
from zugong.people.models import Cadre, Movement, ReservePoolEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
K = Movement.Kind


def move(cadre: Cadre, kind: str, **kw: Any) -> Movement:
    on = kw.pop("on", TODAY)
    return movements.movement_register(actor=SYSTEM, cadre=cadre, data=movements.MovementInput(kind=kind, on=on, **kw))


def second(cadre: Cadre, direction: str = "down", start: date = TODAY, days: int = 365) -> Movement:
    return move(cadre, K.SECONDMENT, on=min(start, TODAY), direction=direction, host_unit_name="某镇党委", period_start=start,
                period_end=start + timedelta(days=days))


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages][-1:]  # the redirect is not followed: the last one is this answer's


class TestCadrePage:
    def test_promotion_through_the_page(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1, rank="principal", position="一级主任科员")
        client.force_login(personas.county_a1_clerk)
        r = client.post(f"/people/cadres/{cadre.pk}/movements/", {
            "kind": "promotion", "date": TODAY.isoformat(), "to_position": "副股长", "to_rank": "section_deputy", "version": "1"})
        assert r.status_code == 302 and messages_of(r) == ["已登记晋升"]
        cadre.refresh_from_db()
        assert (cadre.position, cadre.rank) == ("副股长", "section_deputy")
        page = client.get(f"/people/cadres/{cadre.pk}/").content.decode()
        assert "职务一级主任科员→副股长，职级主任科员→乡科级副职" in page

    def test_bad_input_stale_page_and_scope_come_back_as_messages(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        client.force_login(personas.county_a1_clerk)
        url = f"/people/cadres/{cadre.pk}/movements/"
        r = client.post(url, {"kind": "secondment", "date": TODAY.isoformat(), "version": "1"})
        assert r.status_code == 302 and messages_of(r) == ["请选择挂职方向（上挂、下派或横向）；请填写挂职单位；请填写挂职起止日期"]
        r = client.post(url, {"kind": "promotion", "date": TODAY.isoformat(), "to_rank": "section_chief", "version": "7"})
        assert messages_of(r) == ["该记录已被他人修改，请刷新后重新编辑（您的修改未保存）"]
        # A2 is not in the A1 clerk's choices: the form refuses it before the service does
        r = client.post(url, {"kind": "exchange", "date": TODAY.isoformat(), "to_unit": str(tree.county_a2.pk)})
        assert "选择一个有效的选项" in messages_of(r)[0]
        assert not Movement.objects.exists() and Cadre.objects.get(pk=cadre.pk).version == 1

    def test_selection_steps_on_the_page(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        cadre = make_cadre(tree.county_a1)
        m = move(cadre, K.SELECTION, to_unit=tree.county_a1)
        client.force_login(personas.city_a)
        page = client.get(f"/people/cadres/{cadre.pk}/").content.decode()
        assert 'data-step="exam" data-step-state="current"' in page and 'data-step-form="exam"' in page
        r = client.post(f"/people/movements/{m.pk}/selection/", {"step": "exam", "exam_date": TODAY.isoformat(), "exam_score": "88",
                                                                 "version": "1"})
        assert r.status_code == 303 and messages_of(r) == ["已登记选调考察记录"]
        r = client.post(f"/people/movements/{m.pk}/selection/", {"step": "inspection", "inspection_result": "pass",
                                                                 "inspection_date": TODAY.isoformat(), "version": "1"})
        assert messages_of(r) == ["该记录已被他人修改，请刷新后重新编辑（您的修改未保存）"]
        page = client.get(f"/people/cadres/{cadre.pk}/").content.decode()
        assert 'data-step="exam" data-step-state="done"' in page and "成绩 88.0 分" in page
        assert 'data-step="inspection" data-step-state="current"' in page
        client.force_login(personas.county_a1_readonly)
        assert client.post(f"/people/movements/{m.pk}/selection/", {"step": "exam"}).status_code == 403
        client.force_login(personas.county_b1)
        assert client.post(f"/people/movements/{m.pk}/selection/", {"step": "exam"}).status_code == 404


class TestLists:
    def test_movement_list_filters_and_export(self, client: Any, personas: Any, tree: Any, make_cadre: Any,
                                              django_assert_max_num_queries: Any) -> None:
        a = make_cadre(tree.county_a1, name="张三")
        move(a, K.PROMOTION, to_rank="section_deputy", on=TODAY - timedelta(days=3))
        move(make_cadre(tree.county_b1, name="李四"), K.COMPETITION, to_position="股长")
        client.force_login(personas.province)
        names = [row.cadre.name for row, _ in client.get("/people/movements/?kind=promotion").context["table"].body()]
        assert names == ["张三"]
        client.force_login(personas.city_a)
        assert [row.cadre.name for row, _ in client.get("/people/movements/").context["table"].body()] == ["张三"]
        client.force_login(personas.province)
        r = client.get("/people/movements/?export=xlsx&q=ls")
        ws = load_workbook(BytesIO(b"".join(r.streaming_content))).active
        rows = list(ws.values)
        assert rows[0][:4] == ("姓名", "类型", "日期", "登记单位") and rows[1][:2] == ("李四", "公开竞岗") and len(rows) == 2
        for i in range(6):
            move(make_cadre(tree.county_a2, name=f"王{'一二三四五六'[i]}"), K.ROTATION, destination="某科")
        with django_assert_max_num_queries(12):
            assert client.get("/people/movements/").status_code == 200
        client.force_login(personas.county_a1_readonly)
        assert client.get("/people/movements/?export=xlsx").status_code == 403

    def test_secondments_ending_soon_and_end_due(self, client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
        soon = second(make_cadre(tree.county_a1, name="快到期"), start=TODAY - timedelta(days=350), days=360)
        second(make_cadre(tree.county_a1, name="刚开始"), direction="up")
        over = second(make_cadre(tree.county_a2, name="已到期"), start=TODAY - timedelta(days=370), days=365)
        client.force_login(personas.city_a)
        page = client.get("/people/secondments/")
        assert [row.cadre.name for row, _ in page.context["table"].body()] == ["已到期", "快到期", "刚开始"]
        assert "结束已到期的1条挂职" in page.content.decode()
        assert [row.cadre.name for row, _ in client.get("/people/secondments/?due=soon").context["table"].body()] == ["快到期"]
        assert [row.cadre.name for row, _ in client.get("/people/secondments/?due=overdue").context["table"].body()] == ["已到期"]
        r = client.post("/people/secondments/end-due/")
        assert r.status_code == 302 and messages_of(r) == ["已结束1条到期挂职，相关干部恢复在岗"]
        over.refresh_from_db()
        assert over.ended_on == over.period_end and over.cadre.status == "active"
        r = client.post(f"/people/movements/{soon.pk}/end/", {"ended_on": TODAY.isoformat(), "version": "1", "next": "list"})
        assert r.status_code == 303 and r["Location"] == "/people/secondments/"
        assert Cadre.objects.get(pk=soon.cadre_id).status == "active"
        page = client.get(f"/people/cadres/{soon.cadre_id}/").content.decode()
        assert "挂职结束" in page

    def test_reserve_pool_pages(self, client: Any, personas: Any, tree: Any, make_cadre: Any,
                                django_assert_max_num_queries: Any) -> None:
        cadre = make_cadre(tree.county_a1, name="后备甲")
        client.force_login(personas.county_a1_clerk)
        assert client.get(f"/people/cadres/{cadre.pk}/reserve/").status_code == 200
        r = client.post(f"/people/cadres/{cadre.pk}/reserve/", {"since": (TODAY + timedelta(days=2)).isoformat()})
        assert r.status_code == 400 and "入库时间不能晚于今天" in r.content.decode()
        r = client.post(f"/people/cadres/{cadre.pk}/reserve/", {"since": TODAY.isoformat(), "recommended_post": "股长",
                                                               "recommended_rank": "section_deputy"})
        assert r.status_code == 302
        entry = ReservePoolEntry.objects.get()
        r = client.post(f"/people/reserve/{entry.pk}/edit/", {"since": TODAY.isoformat(), "note": "x", "version": "5"})
        assert r.status_code == 409 and "该记录已被他人修改" in r.content.decode()
        for i in range(5):
            reserve.reserve_add(actor=SYSTEM, cadre=make_cadre(tree.county_a2, name=f"后备{'乙丙丁戊己'[i]}"),
                                data=reserve.ReserveInput(since=TODAY - timedelta(days=i + 1)))
        client.force_login(personas.city_a)
        with django_assert_max_num_queries(14):
            page = client.get(f"/people/reserve/?org={tree.county_a1.pk}&status=in_pool")
        assert [row.cadre.name for row, _ in page.context["table"].body()] == ["后备甲"]
        r = client.get("/people/reserve/?export=xlsx&recommended_rank=section_deputy")
        rows = list(load_workbook(BytesIO(b"".join(r.streaming_content))).active.values)
        assert rows[1][:2] == ("后备甲", "甲一县委组织部") and rows[1][6] == "乡科级副职" and len(rows) == 2
        r = client.post(f"/people/reserve/{entry.pk}/leave/", {"status": "used", "left_on": TODAY.isoformat(), "version": "1"})
        assert r.status_code == 303 and messages_of(r) == ["后备甲已出库"]
        entry.refresh_from_db()
        assert entry.status == "used"
        client.force_login(personas.county_a1_readonly)
        assert client.get(f"/people/reserve/{entry.pk}/edit/").status_code == 403
        assert client.get("/people/reserve/").status_code == 200


def test_api_lists_a_cadres_movements(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    move(cadre, K.SELECTION, to_unit=tree.county_a1, on=TODAY - timedelta(days=5))
    second(cadre, direction="up")
    reserve.reserve_add(actor=SYSTEM, cadre=cadre, data=reserve.ReserveInput(since=TODAY))
    client.force_login(personas.county_a1_readonly)
    data = client.get(f"/api/v1/cadres/{cadre.pk}/movements/").json()
    assert [m["kind"] for m in data["movements"]] == ["secondment", "selection"]
    assert data["movements"][0]["direction"] == "up" and data["movements"][0]["selection"] is None
    assert [s["label"] for s in data["movements"][1]["selection"]["steps"]] == ["考试", "考察", "试用"]
    assert data["reserve"][0]["status"] == "in_pool"
    client.force_login(personas.county_b1)
    assert client.get(f"/api/v1/cadres/{cadre.pk}/movements/").status_code == 404


def test_indicators_with_per_child_breakdown(personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.stats import engine
    from zugong.stats.registry import get

    a1, a2, b1 = tree.county_a1, tree.county_a2, tree.county_b1
    move(make_cadre(a1), K.SELECTION, to_unit=a1)
    failed = move(make_cadre(a2), K.SELECTION, to_unit=a2)
    Movement.objects.filter(pk=failed.pk).update(state="failed")  # not counted
    move(make_cadre(b1), K.SELECTION, to_unit=b1)
    move(make_cadre(a1), K.COMPETITION, to_position="股长")
    move(make_cadre(b1), K.EXCHANGE_OUT, destination="某县政府")
    move(make_cadre(b1), K.EXCHANGE, destination="某科")
    second(make_cadre(a1), "up")
    second(make_cadre(a2), "down")
    second(make_cadre(b1), "lateral")  # not 上下挂职
    move(make_cadre(a2), K.PROMOTION, to_rank="section_chief")
    move(make_cadre(a1), K.PROMOTION, to_rank="section_chief", on=date(TODAY.year - 3, 1, 1))  # outside the period
    for unit in (a1, a1, b1):
        reserve.reserve_add(actor=SYSTEM, cadre=make_cadre(unit), data=reserve.ReserveInput(since=TODAY))
    gone = reserve.reserve_add(actor=SYSTEM, cadre=make_cadre(a2), data=reserve.ReserveInput(since=TODAY))
    reserve.reserve_leave(actor=SYSTEM, entry=gone, status="left", on=TODAY, reason="", expected_version=1)
    period = engine.Period(date(TODAY.year - 1, 1, 1), TODAY)
    expect = {
        "people.movements_selection": ("选调", "人", 2, {"甲市委组织部": 1, "乙市委组织部": 1}),
        "people.movements_competition": ("公开竞岗", "人", 1, {"甲市委组织部": 1, "乙市委组织部": 0}),
        "people.movements_exchange_out": ("对外交流", "人", 1, {"甲市委组织部": 0, "乙市委组织部": 1}),
        "people.movements_exchange": ("交流组工干部", "人次", 2, {"甲市委组织部": 0, "乙市委组织部": 2}),
        "people.movements_secondment": ("上下挂职", "人", 2, {"甲市委组织部": 2, "乙市委组织部": 0}),
        "people.promotions": ("晋升", "人", 1, {"甲市委组织部": 1, "乙市委组织部": 0}),
        "people.reserve_pool": ("后备干部人才库", "人", 3, {"甲市委组织部": 2, "乙市委组织部": 1}),
    }
    for code, (label, unit, total, children) in expect.items():
        ind = get(code)
        assert (ind.label, ind.unit) == (label, unit), code
        b = engine.breakdown(ind, personas.province, tree.province, period)
        assert b.total == total and {r.name: r.value for r in b.children} == children, code
        assert engine.provenance_count(ind, personas.province, tree.province, period) == total, code
    city = engine.breakdown(get("people.movements_secondment"), personas.province, tree.city_a, period)
    assert {r.name: r.value for r in city.rows()} == {"甲一县委组织部": 1, "甲二县委组织部": 1}


def test_provenance_page_lists_the_movements(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    m = second(make_cadre(tree.county_a1, name="下派者"), "down")
    client.force_login(personas.province)
    page = client.get(f"/stats/records/?indicator=people.movements_secondment&org={tree.province.pk}").content.decode()
    assert f"/people/cadres/{m.cadre_id}/#movement-{m.pk}" in page and "下派者 挂职" in page


def test_demo(db: Any) -> None:
    from zugong.core import demo
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import get

    tree = demo.build_tree()
    started = time.monotonic()
    demo.build_cadres(scale="small")
    assert time.monotonic() - started < 30
    kinds = set(Movement.objects.values_list("kind", flat=True))
    assert kinds == set(Movement.Kind.values)
    seconded = Movement.objects.filter(kind=K.SECONDMENT, ended_on__isnull=True)
    assert seconded.count() == Cadre.objects.filter(status="seconded").count()
    assert seconded.filter(period_end__lte=TODAY + timedelta(days=30)).exists()
    assert Movement.objects.filter(kind=K.SELECTION, state="in_progress", selection_process__exam_score__isnull=False).exists()
    assert Movement.objects.filter(kind=K.SELECTION, state="done", selection_process__probation_result="pass").exists()
    assert ReservePoolEntry.objects.filter(status="in_pool").count() > 50
    root = OrgUnit.objects.get(pk=tree["root"].pk)
    period = engine.Period(date(TODAY.year - 2, 1, 1), TODAY)
    user = _province_user(root)
    for code in ("people.movements_selection", "people.movements_competition", "people.movements_exchange_out",
                 "people.movements_secondment", "people.promotions", "people.reserve_pool"):
        b = engine.breakdown(get(code), user, root, period)
        assert b.total > 0, code
        assert sum(1 for r in b.children if r.value) >= 5, code


def _province_user(root: Any) -> Any:
    from zugong.conftest import make_user

    return make_user("demo-stats", grants=[("admin", root)])
