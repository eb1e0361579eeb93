"""The points card: award() caps, decay and idempotence; manual additions / deductions with evidence and an
approver who is not the creator; the card per year; leaderboards normalised by headcount; scope; pages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import SYSTEM
from zugong.audit.models import ObjectChange
from zugong.core.errors import ValidationError
from zugong.people.models import CadreStatus
from zugong.points import selectors, services
from zugong.points.models import PointEntry, PointRule
from zugong.points.services import award

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today() -> date:
    """Read per use: a module constant goes stale when the suite runs across local midnight."""
    return timezone.localdate()
YEAR = today().year
D = Decimal


def pdf(name: str = "佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def add(actor: Any, cadre: Any, points: str, *, reason: str = "表彰", day: date | None = None) -> PointEntry:
    return services.entry_add(actor=actor, cadre=cadre, day=day or today(), points=D(points), reason=reason, uploads=[pdf()])


def total(cadre: Any, year: int = YEAR) -> Decimal:
    return selectors.card(SYSTEM, cadre, year).total


# --- award(): the rules ---------------------------------------------------------------------------------


def test_daily_cap_clips_the_third_study_of_a_day(tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    day = date(YEAR, 1, 10)
    got = [award("learning.study_attended", cadre=cadre, source=f"session:{i}", on=day) for i in range(3)]
    assert [e.points for e in got if e] == [D(1), D(1), D(0)]
    assert [e.capped for e in got if e] == [False, False, True]
    nxt = award("learning.study_attended", cadre=cadre, source="session:9", on=day + timedelta(days=1))
    assert nxt is not None and (nxt.points, nxt.capped) == (D(1), False)  # a new day, a new cap
    assert total(cadre) == D(3)
    assert ObjectChange.objects.filter(action="points.awarded").count() == 4


def test_exam_decay_10_6_3_then_the_yearly_cap(tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    day = date(YEAR, 3, 1)
    points = [award("learning.exam_passed", cadre=cadre, source=f"attempt:{n}", on=day, attempt=n).points  # type: ignore[union-attr]
              for n in range(1, 5)]
    assert points == [D(10), D(6), D(3), D(3)]
    for n in range(5, 9):  # yearly cap 30: 22 so far, then 3, 3, 2 (capped), 0 (capped)
        award("learning.exam_passed", cadre=cadre, source=f"attempt:{n}", on=day, attempt=n)
    assert total(cadre) == D(30)
    assert list(PointEntry.objects.filter(cadre=cadre, capped=True).values_list("points", flat=True).order_by("id")) == [D(2), D(0)]


def test_award_is_idempotent_per_source_and_off_when_the_rule_is(tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    first = award("learning.training_completed", cadre=cadre, source="enrollment:1", on=today())
    assert first is not None and first.points == D(5)
    assert award("learning.training_completed", cadre=cadre, source="enrollment:1", on=today()) is None
    assert PointEntry.objects.filter(cadre=cadre).count() == 1
    PointRule.objects.filter(code="learning.training_completed").update(is_active=False)
    assert award("learning.training_completed", cadre=cadre, source="enrollment:2", on=today()) is None
    assert services.revoke("learning.training_completed", cadre=cadre, source="enrollment:1") == 1
    assert total(cadre) == D(0)


# --- manual entries -------------------------------------------------------------------------------------


def test_manual_entry_counts_only_after_another_approver_approves(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    entry = add(personas.county_a1_clerk, cadre, "3", reason="获评优秀组工干部")
    assert entry.status == PointEntry.Status.PENDING and entry.files.count() == 1 and entry.org_unit == tree.county_a1
    c = selectors.card(SYSTEM, cadre, YEAR)
    assert (c.total, c.pending_total, [e.pk for e in c.pending]) == (D(0), D(3), [entry.pk])

    with pytest.raises(PermissionDenied):  # a clerk enters, does not approve
        services.entry_decide(actor=personas.county_a1_clerk, entry=entry, approve=True)
    with pytest.raises(PermissionDenied):  # the sibling city is not over county A1
        services.entry_decide(actor=personas.county_b1, entry=entry, approve=True)
    services.entry_decide(actor=personas.city_a, entry=entry, approve=True, note="属实")
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by, entry.decision_note) == ("approved", personas.city_a, "属实")
    assert total(cadre) == D(3)
    with pytest.raises(ValidationError) as exc:
        services.entry_decide(actor=personas.province, entry=entry, approve=False, note="重复")
    assert exc.value.message_dict == {"decision": [services.MSG_DECIDED]}

    own = add(personas.city_a, cadre, "-2", reason="迟报材料")
    with pytest.raises(ValidationError) as exc:
        services.entry_decide(actor=personas.city_a, entry=own, approve=True)
    assert exc.value.message_dict == {"decision": [services.MSG_OWN_ENTRY]}
    with pytest.raises(ValidationError) as exc:
        services.entry_decide(actor=personas.province, entry=own, approve=False)
    assert exc.value.message_dict == {"note": [services.MSG_NOTE]}
    services.entry_decide(actor=personas.province, entry=own, approve=False, note="材料不足")
    c = selectors.card(SYSTEM, cadre, YEAR)
    assert (c.total, [e.pk for e in c.rejected], c.pending) == (D(3), [own.pk], [])
    assert list(ObjectChange.objects.filter(action__startswith="pointentry.").order_by("id").values_list("action", flat=True)) == [
        "pointentry.added", "pointentry.approved", "pointentry.added", "pointentry.rejected"]


def test_no_one_approves_their_own_card(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    cadre.user = personas.province
    cadre.save(update_fields=["user"])
    entry = add(personas.county_a1_clerk, cadre, "5")
    with pytest.raises(ValidationError) as exc:
        services.entry_decide(actor=personas.province, entry=entry, approve=True)
    assert exc.value.message_dict == {"decision": [services.MSG_OWN_CARD]}


@pytest.mark.parametrize(("points", "message"), [
    ("0", services.MSG_POINTS_ZERO), ("100.5", services.MSG_POINTS_RANGE), ("-101", services.MSG_POINTS_RANGE),
    ("1.25", services.MSG_POINTS_DECIMAL)])
def test_manual_points_are_checked(personas: Any, tree: Any, make_cadre: Any, points: str, message: str) -> None:
    cadre = make_cadre(tree.county_a1)
    with pytest.raises(ValidationError) as exc:
        add(personas.county_a1_clerk, cadre, points)
    assert exc.value.message_dict == {"points": [message]}
    assert not PointEntry.objects.exists()


def test_evidence_is_mandatory_and_checked(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    with pytest.raises(ValidationError) as exc:
        services.entry_add(actor=personas.county_a1_clerk, cadre=cadre, day=today(), points=D(-1), reason="缺勤", uploads=[])
    assert exc.value.message_dict == {"evidence": [services.MSG_EVIDENCE]}
    shell = SimpleUploadedFile("a.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.entry_add(actor=personas.county_a1_clerk, cadre=cadre, day=today(), points=D(1), reason="x", uploads=[pdf(), shell])
    assert "文件内容与扩展名不符" in exc.value.message_dict["evidence"][0]
    with pytest.raises(ValidationError) as exc:
        services.entry_add(actor=personas.county_a1_clerk, cadre=cadre, day=today() + timedelta(days=1), points=D(1), reason=" ",
                           uploads=[pdf()])
    assert exc.value.message_dict == {"date": [services.MSG_DATE_FUTURE], "reason": [services.MSG_REASON]}
    with pytest.raises(PermissionDenied):  # county B1 cannot give points in county A1
        add(personas.county_b1, cadre, "1")
    assert not PointEntry.objects.exists()


def test_entry_pages_add_decide_and_download(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="李四")
    client.force_login(personas.county_a1_clerk)
    url = reverse("points:entry_add")
    assert client.get(f"{url}?cadre={cadre.pk}").status_code == 200
    resp = client.post(url, {"cadre": cadre.pk, "date": today().isoformat(), "points": "2", "reason": "调研报告获奖"})
    assert resp.status_code == 400 and services.MSG_EVIDENCE in resp.content.decode()
    resp = client.post(url, {"cadre": cadre.pk, "date": today().isoformat(), "points": "0", "reason": "x", "evidence": [pdf()]})
    assert resp.status_code == 400 and services.MSG_POINTS_ZERO in resp.content.decode()
    resp = client.post(url, {"cadre": cadre.pk, "date": today().isoformat(), "points": "2", "reason": "调研报告获奖",
                             "evidence": [pdf("获奖证书.pdf")]})
    assert resp.status_code == 303 and resp["Location"] == f"{reverse('points:card', args=[cadre.pk])}?year={YEAR}"
    entry = PointEntry.objects.get(cadre=cadre)
    assert (entry.points, entry.status, entry.created_by) == (D(2), "pending", personas.county_a1_clerk)
    page = client.get(reverse("points:entry_list") + "?status=pending").content.decode()
    assert "调研报告获奖" in page and f'action="{reverse("points:entry_decide", args=[entry.pk])}"' not in page  # clerk cannot approve
    assert client.post(reverse("points:entry_decide", args=[entry.pk]), {"decision": "approve"}).status_code == 403

    client.force_login(personas.city_a)
    page = client.get(reverse("points:entry_list")).content.decode()
    assert f'action="{reverse("points:entry_decide", args=[entry.pk])}"' in page
    resp = client.post(reverse("points:entry_decide", args=[entry.pk]), {"decision": "reject", "next": "//evil.example/"})
    assert resp.status_code == 303 and resp["Location"] == reverse("points:entry_list")
    assert services.MSG_NOTE in client.get(resp["Location"]).content.decode()
    resp = client.post(reverse("points:entry_decide", args=[entry.pk]), {"decision": "approve", "note": "同意",
                                                                            "next": reverse("points:card", args=[cadre.pk])})
    assert resp.status_code == 303 and resp["Location"] == reverse("points:card", args=[cadre.pk])
    assert total(cadre) == D(2)
    f = entry.files.get()
    download = client.get(reverse("points:entry_file", args=[entry.pk, f.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "获奖证书.pdf" in download["Content-Disposition"] or "attachment" in download["Content-Disposition"]
    client.force_login(personas.county_b1)
    assert client.get(reverse("points:entry_file", args=[entry.pk, f.pk])).status_code == 404
    assert client.post(reverse("points:entry_decide", args=[entry.pk]), {"decision": "approve"}).status_code == 404


def test_readonly_and_lower_units_cannot_write(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    entry = add(personas.county_a1_clerk, cadre, "1")
    rule = PointRule.objects.get(code="learning.study_attended")
    client.force_login(personas.county_a1_readonly)
    assert client.get(reverse("points:entry_add")).status_code == 403
    assert client.post(reverse("points:entry_add"), {"cadre": cadre.pk}).status_code == 403
    assert client.post(reverse("points:entry_decide", args=[entry.pk]), {"decision": "approve"}).status_code == 403
    assert client.get(reverse("points:rule_edit", args=[rule.pk])).status_code == 403
    assert client.get(reverse("points:card", args=[cadre.pk])).status_code == 200  # reading is fine
    client.force_login(personas.city_a)  # change_pointrule on a city is not enough: the rules are the province's
    assert client.get(reverse("points:rule_edit", args=[rule.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.status == "pending"


# --- the card -------------------------------------------------------------------------------------------


def test_card_itemizes_by_category_and_rule_with_totals_per_year(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="王五")
    for i, day in enumerate([date(YEAR, 1, 5), date(YEAR, 1, 6)]):
        award("learning.study_attended", cadre=cadre, source=f"s:{i}", on=day)
    award("learning.exam_passed", cadre=cadre, source="a:1", on=date(YEAR, 2, 1), attempt=2)
    award("learning.exam_passed", cadre=cadre, source="a:0", on=date(YEAR - 1, 12, 1))  # last year
    minus = add(personas.county_a1_clerk, cadre, "-1.5", reason="未按时提交学习笔记", day=date(YEAR, 1, 20))
    services.entry_decide(actor=personas.city_a, entry=minus, approve=True)
    add(personas.county_a1_clerk, cadre, "4", reason="待审核的加分", day=date(YEAR, 1, 21))

    c = selectors.card(personas.city_a, cadre, YEAR)
    shape = [(g.category, g.subtotal, [(i.name, i.subtotal, len(i.entries)) for i in g.items]) for g in c.groups]
    assert shape == [("学", D(2), [("参加学习活动", D(2), 2)]), ("考", D(6), [("考试合格", D(6), 1)]),
                     (selectors.MANUAL_CATEGORY, D("-1.5"), [(selectors.MANUAL_MINUS, D("-1.5"), 1)])]
    assert (c.total, c.pending_total) == (D("6.5"), D(4))
    assert c.years[:2] == [YEAR, YEAR - 1]
    assert selectors.card(personas.city_a, cadre, YEAR - 1).total == D(10)

    client.force_login(personas.county_a1_readonly)
    page = client.get(reverse("points:card", args=[cadre.pk])).content.decode()
    assert 'data-card-total="6.5"' in page and "待审核的加分" in page and "未按时提交学习笔记" in page
    page = client.get(reverse("points:card", args=[cadre.pk]) + f"?year={YEAR - 1}").content.decode()
    assert 'data-card-total="10.0"' in page
    resp = client.get(reverse("points:card", args=[cadre.pk]) + "?year=20x6")
    assert resp.status_code == 400 and "年度应为" in resp.content.decode()


def test_card_scope_sibling_404_and_no_grant_403(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    url = reverse("points:card", args=[cadre.pk])
    client.force_login(personas.county_b1)
    assert client.get(url).status_code == 404
    assert client.get(reverse("points:card", args=[999999])).status_code == 404
    client.force_login(personas.nogrant)
    assert client.get(url).status_code == 403
    client.force_login(personas.province)
    assert client.get(url).status_code == 200


def test_my_card_for_a_linked_and_an_unlinked_account(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="赵六")
    other = make_cadre(tree.county_a1, name="孙七")
    cadre.user = personas.nogrant  # a cadre's own login holds no grant
    cadre.save(update_fields=["user"])
    award("learning.training_completed", cadre=cadre, source="e:1", on=today())
    entry = add(personas.county_a1_clerk, cadre, "2")
    client.force_login(personas.nogrant)
    page = client.get(reverse("points:my_card")).content.decode()
    assert "我的积分卡" in page and 'data-card-total="5.0"' in page and "培训结业" in page
    assert client.get(reverse("points:card", args=[cadre.pk])).status_code == 200  # the card of oneself
    assert client.get(reverse("points:card", args=[other.pk])).status_code == 403  # nobody else's
    f = entry.files.get()
    assert client.get(reverse("points:entry_file", args=[entry.pk, f.pk])).status_code == 200  # own evidence
    client.force_login(personas.county_a1_readonly)
    page = client.get(reverse("points:my_card")).content.decode()
    assert "还没有关联组工干部名册" in page


# --- leaderboards ---------------------------------------------------------------------------------------


def _give(cadre: Any, points: int, tag: str) -> None:
    PointEntry.objects.create(cadre=cadre, org_unit=cadre.org_unit, year=YEAR, date=date(YEAR, 1, 1), points=D(points), reason=tag)


def test_leaderboards_rank_persons_and_units_per_cadre_on_the_roll(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    a1_x, a1_y = make_cadre(tree.county_a1, name="周甲"), make_cadre(tree.county_a1, name="吴乙")
    a2_x, a2_y = make_cadre(tree.county_a2, name="郑丙"), make_cadre(tree.county_a2, name="冯丁")
    city = make_cadre(tree.city_a, name="陈戊", office=tree.city_a_office)
    gone = make_cadre(tree.county_a2, name="褚己", status=CadreStatus.RETIRED)
    _give(a1_x, 10, "x")
    _give(a1_x, 0, "capped")  # a zero line changes nothing
    _give(a1_y, 4, "y")
    _give(a2_x, 10, "z")  # ties with a1_x
    _give(gone, 50, "retired: neither points nor headcount")
    _give(city, 3, "本级")
    PointEntry.objects.create(cadre=a2_y, org_unit=tree.county_a2, year=YEAR, date=today(), points=D(30), reason="p",
                              status=PointEntry.Status.PENDING)
    PointEntry.objects.create(cadre=a2_y, org_unit=tree.county_a2, year=YEAR - 1, date=date(YEAR - 1, 5, 1), points=D(30), reason="old")

    board = selectors.average_points(personas.province, tree.city_a, YEAR)
    assert [(r.name, r.total, r.headcount, r.average, r.rank) for r in board.rows] == [
        ("甲一县委组织部", D(14), 2, D("7.00"), 1), ("甲二县委组织部", D(10), 2, D("5.00"), 2)]
    assert board.own is not None and (board.own.total, board.own.headcount) == (D(3), 1)
    assert (board.overall.total, board.overall.headcount, board.overall.average) == (D(27), 5, D("5.40"))

    persons = selectors.top_cadres(personas.province, tree.city_a, YEAR, limit=4)
    assert [(p.rank, p.name, p.total) for p in persons] == [(1, "郑丙", D(10)), (1, "周甲", D(10)), (3, "吴乙", D(4)), (4, "陈戊", D(3))]
    # county A1's own view: its cadres only
    assert [p.name for p in selectors.top_cadres(personas.county_a1_readonly, tree.county_a1, YEAR)] == ["周甲", "吴乙"]

    client.force_login(personas.city_a)
    page = client.get(reverse("points:leaderboard") + f"?year={YEAR}").content.decode()
    assert f'data-unit="{tree.county_a1.pk}" data-rank="1" data-average="7.00"' in page
    assert f'data-unit="{tree.county_a2.pk}" data-rank="2" data-average="5.00"' in page
    page = client.get(reverse("points:leaderboard") + f"?unit={tree.county_a1.pk}").content.decode()
    assert f'data-cadre="{a1_x.pk}" data-rank="1"' in page and "甲市委组织部" in page  # a way back up
    client.force_login(personas.county_b1)
    assert client.get(reverse("points:leaderboard") + f"?unit={tree.county_a1.pk}").status_code == 404
    resp = client.get(reverse("points:leaderboard") + "?unit=abc")
    assert resp.status_code == 400 and "单位参数不对" in resp.content.decode()
    assert client.get(reverse("points:leaderboard") + "?year=1").status_code == 400


def test_units_without_cadres_are_listed_unranked(personas: Any, tree: Any, make_cadre: Any) -> None:
    _give(make_cadre(tree.county_b1), 8, "b")
    board = selectors.average_points(personas.province, tree.province, YEAR)
    assert [(r.name, r.average, r.rank) for r in board.rows] == [("乙市委组织部", D("8.00"), 1), ("甲市委组织部", None, None)]


# --- rules ----------------------------------------------------------------------------------------------


def test_rules_page_is_for_everyone_signed_in(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.nogrant)
    page = client.get(reverse("points:rules")).content.decode()
    assert "第1次10分，第2次6分，第3次及以后3分" in page and "每日最多2分，每年最多40分" in page and "考试合格" in page
    assert reverse("points:rule_edit", args=[PointRule.objects.get(code="learning.exam_passed").pk]) not in page
    client.logout()
    assert client.get(reverse("points:rules")).status_code == 302


def test_rule_edit_by_the_province_with_version_conflict(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    rule = PointRule.objects.get(code="learning.exam_passed")
    url = reverse("points:rule_edit", args=[rule.pk])
    client.force_login(personas.province)
    assert client.get(url).status_code == 200
    data = {"points": "8", "daily_cap": "", "yearly_cap": "24", "decay": "8，5、2", "description": "改了", "is_active": "on",
            "version": str(rule.version)}
    resp = client.post(url, {**data, "decay": "9,5"})
    assert resp.status_code == 400 and services.MSG_DECAY_FIRST in resp.content.decode()
    assert client.post(url, data).status_code == 303
    rule.refresh_from_db()
    assert (rule.points, rule.yearly_cap, rule.decay, rule.version) == (D(8), D(24), ["8", "5", "2"], 2)
    assert selectors.decay_text(rule) == "第1次8分，第2次5分，第3次及以后2分"
    resp = client.post(url, {**data, "points": "7", "decay": ""})  # loaded at version 1: someone saved since
    assert resp.status_code == 409 and "已被他人修改" in resp.content.decode()
    assert ObjectChange.objects.filter(action="pointrule.changed").count() == 1
    cadre = make_cadre(tree.county_a1)
    assert award("learning.exam_passed", cadre=cadre, source="a", on=today(), attempt=3).points == D(2)  # type: ignore[union-attr]
    assert client.post(url, {**data, "is_active": "", "version": "2"}).status_code == 303
    assert "已停用" in client.get(reverse("points:rules")).content.decode()  # the editor still sees it
    client.force_login(personas.nogrant)
    assert "考试合格" not in client.get(reverse("points:rules")).content.decode()  # switched off: not shown to cadres


# --- query counts ---------------------------------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_cadres_and_entries(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    def populate(n: int) -> Any:
        first = None
        for i in range(n):
            unit = (tree.county_a1, tree.county_a2, tree.city_a)[i % 3]
            c = make_cadre(unit, name="干部" + chr(0x4E00 + 100 * n + i))
            first = first or c
            _give(c, i % 7, "x")
            award("learning.study_attended", cadre=c, source=f"s{i}", on=today())
            services.entry_add(actor=personas.province, cadre=c, day=today(), points=D(1), reason="加分", uploads=[pdf()])
        return first

    client.force_login(personas.city_a)
    urls = [reverse("points:leaderboard"), reverse("points:entry_list"), reverse("points:rules")]
    small_card = populate(5)
    for e in PointEntry.objects.filter(status="pending")[:3]:
        services.entry_decide(actor=personas.city_a, entry=e, approve=True)
    small = [_queries(client, u) for u in [*urls, reverse("points:card", args=[small_card.pk])]]
    for _ in range(2):
        award("learning.exam_passed", cadre=small_card, source=f"x{_}", on=today(), attempt=_ + 1)
    populate(20)
    large = [_queries(client, u) for u in [*urls, reverse("points:card", args=[small_card.pk])]]
    assert PointEntry.objects.count() >= 75
    assert large == small, (small, large)
    assert max(small) <= 15, small


def test_a_transferred_cadres_card_still_opens_its_evidence(personas: Any, tree: Any, make_cadre: Any, client: Any) -> None:
    from zugong.conftest import make_user
    from zugong.people.models import Cadre

    cadre = make_cadre(tree.county_a1, name="调动人")
    entry = services.entry_add(actor=personas.county_a1_clerk, cadre=cadre, day=timezone.localdate(), points=Decimal(2),
                               reason="表彰", uploads=[pdf()])
    Cadre.objects.filter(pk=cadre.pk).update(org_unit=tree.county_a2)  # moved to A2; the entry stays A1's
    a2 = make_user("a2-reader", grants=[("readonly", tree.county_a2)])
    client.force_login(a2)
    url = reverse("points:entry_file", args=[entry.pk, entry.files.get().pk])
    assert client.get(url).status_code == 200
    client.force_login(personas.county_b1)
    assert client.get(url).status_code == 404
