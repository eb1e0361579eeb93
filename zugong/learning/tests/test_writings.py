"""评: a cadre's writings (读书笔记、党性分析材料、心得体会) — periods, one per kind and period, editing until
reviewed and after a return, review with points under the yearly cap, never one's own, the personal pages
(own writings only), staff scope, the per-unit overview of 党性分析材料, and query budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ConflictError, ValidationError
from zugong.learning import writings
from zugong.learning.models import Writing
from zugong.points.models import PointEntry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0" + b"0" * 40
CONTENT = "通过本月学习，进一步坚定了理想信念，增强了做好组织工作的责任感和使命感。"
K = Writing.Kind


def _link(cadre: Any, username: str, grants: list[tuple[str, Any]] | None = None) -> Any:
    user = make_user(username, grants=grants)
    cadre.user = user
    cadre.save(update_fields=["user"])
    return user


@pytest.fixture
def author(tree: Any, make_cadre: Any) -> Any:
    """A cadre of county A1 with their own account (no grants)."""
    cadre = make_cadre(tree.county_a1, name="李作者")
    _link(cadre, "a1-author")
    return cadre


def _data(kind: str = K.READING, period: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "period": period or writings.current_period(kind), "title": "读《习近平谈治国理政》第四卷有感",
            "book": "习近平谈治国理政（第四卷）", "content": CONTENT, **extra}


def _submit(cadre: Any, kind: str = K.READING, period: str | None = None, **extra: Any) -> Writing:
    return writings.writing_submit(actor=cadre.user, cadre=cadre, data=_data(kind, period, **extra))


def _review(w: Writing, actor: Any, decision: str = "reviewed", comment: str = "") -> Writing:
    w.refresh_from_db()
    return writings.writing_review(actor=actor, writing=w, decision=decision, comment=comment, expected_version=w.version)


# ---------------------------------------------------------------- periods


def test_periods_of_each_frequency() -> None:
    assert writings.previous_periods(K.READING, 3, date(2026, 1, 15)) == ["2026-01", "2025-12", "2025-11"]
    assert writings.previous_periods(K.PARTY_SPIRIT, 2, date(2026, 7, 1)) == ["2026-H2", "2026-H1"]
    assert writings.previous_periods(K.PARTY_SPIRIT, 2, date(2026, 6, 30)) == ["2026-H1", "2025-H2"]
    assert writings.current_period(K.REFLECTION, date(2026, 11, 3)) == "2026-11"
    assert writings.period_label("2026-11") == "2026年11月" and writings.period_label("2026-H2") == "2026年下半年"
    today = date(2026, 11, 3)
    assert writings.period_error(K.READING, "2026-11", today) is None
    assert writings.period_error(K.READING, "2026-12", today) == writings.MSG_PERIOD_FUTURE
    assert writings.period_error(K.PARTY_SPIRIT, "2027-H1", today) == writings.MSG_PERIOD_FUTURE
    assert writings.period_error(K.PARTY_SPIRIT, "2026-H2", today) is None
    for bad in ("2026-13", "2026-1", "2026-H1", "1999-05", "２０２６-11"):
        assert writings.period_error(K.READING, bad, today) == writings.MSG_PERIOD_MONTH, bad
    for bad in ("2026-11", "2026-H3", "2026H1"):
        assert writings.period_error(K.PARTY_SPIRIT, bad, today) == writings.MSG_PERIOD_HALF, bad
    groups = writings.period_choices(today)
    assert [[v for v, _ in opts] for _, opts in groups] == [["2026-11", "2026-10"], ["2026-H2", "2026-H1"]]


# ---------------------------------------------------------------- submitting


def test_submit_each_kind(author: Any, tree: Any) -> None:
    for kind in K.values:
        w = _submit(author, kind)
        assert (w.kind, w.period, w.status) == (kind, writings.current_period(kind), Writing.Status.SUBMITTED)
        assert w.org_unit == tree.county_a1 and w.submitted_on == timezone.localdate() and w.content == CONTENT
        assert w.book == ("习近平谈治国理政（第四卷）" if kind == K.READING else "")  # a book belongs to reading records only
    assert Writing.objects.filter(cadre=author).count() == 3
    assert ObjectChange.objects.filter(action="writing.submitted").count() == 3
    assert set(Writing.objects.values_list("period", flat=True)) == {writings.current_period(K.READING),
                                                                    writings.current_period(K.PARTY_SPIRIT)}


def test_validation_messages_in_chinese(author: Any) -> None:
    today = timezone.localdate()
    cases = [
        (_data(K.READING, "2026-H1"), {"period": [writings.MSG_PERIOD_MONTH]}),
        (_data(K.PARTY_SPIRIT, "2026-01"), {"period": [writings.MSG_PERIOD_HALF]}),
        (_data(K.READING, f"{today.year + 1}-01"), {"period": [writings.MSG_PERIOD_FUTURE]}),
        (_data(K.PARTY_SPIRIT, f"{today.year + 1}-H1"), {"period": [writings.MSG_PERIOD_FUTURE]}),
        (_data(K.REFLECTION, "x"), {"period": [writings.MSG_PERIOD_MONTH]}),
        (_data(K.READING, book=" ", title="", content="太短了" * 6), {"book": [writings.MSG_BOOK], "title": [writings.MSG_TITLE],
                                                                   "content": [writings.MSG_CONTENT]}),
        (_data(K.REFLECTION, content="长" * 20_001), {"content": [writings.MSG_CONTENT]}),
        ({**_data(), "kind": "poem"}, {"kind": [writings.MSG_KIND]}),
    ]
    for data, expected in cases:
        with pytest.raises(ValidationError) as exc:
            writings.writing_submit(actor=author.user, cadre=author, data=data)
        assert exc.value.message_dict == expected, data
    assert not Writing.objects.exists()
    w = writings.writing_submit(actor=author.user, cadre=author, data=_data(K.REFLECTION, content="字" * 20, book="不存"))
    assert len(w.content) == 20 and w.book == ""


def test_one_writing_per_kind_and_period(author: Any, client: Any) -> None:
    _submit(author, K.READING)
    with pytest.raises(ValidationError) as exc:
        _submit(author, K.READING, title="另一篇")
    label = writings.period_label(writings.current_period(K.READING))
    assert exc.value.message_dict == {"period": [f"本期已提交过读书笔记（{label}），可在“我的学习心得”中修改"]}
    _submit(author, K.REFLECTION)  # another kind in the same month is fine
    last_year = f"{timezone.localdate().year - 1}-12"
    _submit(author, K.READING, last_year)  # and an earlier month
    client.force_login(author.user)
    resp = client.post(reverse("learning:mywriting_add"), {**_data(K.READING), "title": "第二篇"})
    assert resp.status_code == 400 and "本期已提交过读书笔记" in resp.content.decode()
    assert Writing.objects.filter(cadre=author).count() == 3


def test_only_the_cadre_themself_and_only_on_the_roll(author: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    with pytest.raises(PermissionDenied):
        writings.writing_submit(actor=personas.city_a, cadre=author, data=_data())
    retired = make_cadre(tree.county_a1, name="王退休", status="retired")
    _link(retired, "a1-retired")
    with pytest.raises(ValidationError) as exc:
        _submit(retired)
    assert exc.value.messages == [writings.MSG_NOT_ON_ROLL]


def test_page_submit_offers_this_and_the_last_period_and_takes_a_file(author: Any, client: Any, personas: Any) -> None:
    client.force_login(author.user)
    page = client.get(reverse("learning:mywriting_add") + "?kind=party_spirit").content.decode()
    now, before, older = writings.previous_periods(K.READING, 3)
    half_now, half_before, half_older = writings.previous_periods(K.PARTY_SPIRIT, 3)
    for value in (now, before, half_now, half_before):
        assert f'value="{value}"' in page, value
    assert f'value="{older}"' not in page and f'value="{half_older}"' not in page
    assert f'<option value="{half_now}" selected>' in page and "writing-form.js" in page and "<script>" not in page
    resp = client.post(reverse("learning:mywriting_add"), {**_data(K.PARTY_SPIRIT, half_before), "file": SimpleUploadedFile("党性分析.pdf", PDF)})
    assert resp.status_code == 303
    w = Writing.objects.get()
    assert resp["Location"] == reverse("learning:mywriting_detail", args=[w.pk]) and w.period == half_before and w.file is not None
    download = client.get(reverse("learning:mywriting_file", args=[w.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(personas.city_a)
    assert client.get(reverse("learning:writing_file", args=[w.pk])).status_code == 200
    client.force_login(author.user)
    for name, body in (("照片.jpg", JPG), ("笔记.txt", b"hello")):
        resp = client.post(reverse("learning:mywriting_add"), {**_data(K.READING), "file": SimpleUploadedFile(name, body)})
        assert resp.status_code == 400 and writings.MSG_FILE_KIND in resp.content.decode()
    resp = client.post(reverse("learning:mywriting_add"), {**_data(K.READING), "period": older})
    assert resp.status_code == 400 and "只能提交本期或上一期的材料" in resp.content.decode()
    assert Writing.objects.count() == 1


# ---------------------------------------------------------------- editing and review


def test_edit_until_reviewed_and_after_a_return(author: Any, personas: Any, client: Any) -> None:
    w = _submit(author)
    client.force_login(author.user)
    edit = reverse("learning:mywriting_edit", args=[w.pk])
    assert client.post(edit, {"title": "修改后的题目", "book": "新书", "content": CONTENT, "version": str(w.version)}).status_code == 303
    w.refresh_from_db()
    assert (w.title, w.book, w.version, w.status) == ("修改后的题目", "新书", 2, Writing.Status.SUBMITTED)
    w = _review(w, personas.city_a, "returned", "请结合本职工作谈体会")
    assert (w.status, w.review_comment) == (Writing.Status.RETURNED, "请结合本职工作谈体会")
    page = client.get(edit).content.decode()
    assert "退回意见" in page and "请结合本职工作谈体会" in page and "重新提交" in page
    stale = client.post(edit, {"title": "x", "book": "y", "content": CONTENT, "version": "2"})
    assert stale.status_code == 409 and "该记录已被他人修改" in stale.content.decode()
    resp = client.post(edit, {"title": "联系实际的体会", "book": "新书", "content": CONTENT + "结合本职。", "version": str(w.version)})
    assert resp.status_code == 303
    w.refresh_from_db()
    assert w.status == Writing.Status.SUBMITTED and w.title == "联系实际的体会" and w.review_comment == "请结合本职工作谈体会"
    change = ObjectChange.objects.filter(action="writing.updated").latest("id")
    assert change.after["resubmitted"] is True
    assert not PointEntry.objects.exists()
    w = _review(w, personas.city_a)
    with pytest.raises(ValidationError) as exc:
        writings.writing_update(actor=author.user, writing=w, data=_data(), expected_version=w.version)
    assert exc.value.messages == [writings.MSG_NOT_EDITABLE]
    resp = client.get(edit)
    assert resp.status_code == 303 and resp["Location"] == reverse("learning:mywriting_detail", args=[w.pk])


def test_review_flow_gives_points_once(author: Any, personas: Any, client: Any) -> None:
    w = _submit(author, K.PARTY_SPIRIT)
    with pytest.raises(ValidationError) as exc:
        _review(w, personas.city_a, "returned", "  ")
    assert exc.value.message_dict == {"comment": [writings.MSG_COMMENT]}
    with pytest.raises(ValidationError) as exc:
        _review(w, personas.city_a, "maybe")
    assert exc.value.message_dict == {"decision": [writings.MSG_DECISION]}
    client.force_login(personas.city_a)
    url = reverse("learning:writing_review", args=[w.pk])
    resp = client.post(url, {"decision": "returned", "comment": "", "version": str(w.version)})
    assert resp.status_code == 400 and writings.MSG_COMMENT in resp.content.decode()
    assert client.post(url, {"decision": "reviewed", "comment": "认识深刻", "version": "99"}).status_code == 409
    resp = client.post(url, {"decision": "reviewed", "comment": "认识深刻", "version": str(w.version)})
    assert resp.status_code == 303
    w.refresh_from_db()
    assert (w.status, w.reviewer, w.review_comment) == (Writing.Status.REVIEWED, personas.city_a, "认识深刻") and w.reviewed_at
    entry = PointEntry.objects.get()
    assert (entry.cadre, entry.points, entry.source, entry.rule.code) == (author, Decimal(2), f"writing:{w.pk}", "learning.writing_reviewed")
    assert entry.date == timezone.localdate()
    assert ObjectChange.objects.filter(action="writing.reviewed").count() == 1
    again = client.post(url, {"decision": "reviewed", "comment": "", "version": str(w.version)})
    assert again.status_code == 400 and writings.MSG_DECIDED in again.content.decode()
    assert PointEntry.objects.count() == 1
    client.force_login(author.user)
    mine = client.get(reverse("learning:mywritings")).content.decode()
    assert "认识深刻" in mine and 'data-status="reviewed"' in mine
    detail = client.get(reverse("learning:mywriting_detail", args=[w.pk])).content.decode()
    assert "认识深刻" in detail and reverse("learning:mywriting_edit", args=[w.pk]) not in detail


def test_review_of_a_version_the_author_changed_meanwhile_conflicts(author: Any, personas: Any) -> None:
    w = _submit(author)
    loaded = w.version
    writings.writing_update(actor=author.user, writing=w, data=_data(title="改过的题目"), expected_version=loaded)
    with pytest.raises(ConflictError):
        writings.writing_review(actor=personas.city_a, writing=w, decision="reviewed", comment="", expected_version=loaded)
    w.refresh_from_db()
    assert w.status == Writing.Status.SUBMITTED and not PointEntry.objects.exists()
    with pytest.raises(ConflictError):  # a second tab still holding the first version
        writings.writing_update(actor=author.user, writing=w, data=_data(), expected_version=loaded)


def test_returned_writing_is_audited_as_returned(author: Any, personas: Any) -> None:
    w = _review(_submit(author), personas.city_a, "returned", "篇幅太短")
    assert ObjectChange.objects.get(action="writing.returned").after["review_comment"] == "篇幅太短"
    assert w.status == Writing.Status.RETURNED and not PointEntry.objects.exists()
    from zugong.notices.models import Notice

    notice = Notice.objects.get(recipient=author.user)  # the author hears of it
    assert notice.title.endswith("被退回修改") and notice.body == "篇幅太短"
    assert notice.url == reverse("learning:mywriting_detail", args=[w.pk])


def test_thirteen_reviewed_writings_give_the_yearly_cap(author: Any, personas: Any) -> None:
    last = timezone.localdate().year - 1
    ws = [_submit(author, K.READING, f"{last}-{m:02d}") for m in range(1, 13)] + [_submit(author, K.REFLECTION, f"{last}-01")]
    for w in ws:
        _review(w, personas.city_a)
    entries = PointEntry.objects.filter(cadre=author, rule__code="learning.writing_reviewed").order_by("id")
    assert entries.count() == 13
    assert entries.aggregate(s=Sum("points"))["s"] == Decimal(24)
    assert [e.points for e in entries][-2:] == [Decimal(2), Decimal(0)] and entries.last().capped  # type: ignore[union-attr]


def test_the_author_cannot_review_their_own(tree: Any, make_cadre: Any, client: Any, personas: Any) -> None:
    leader = make_cadre(tree.county_a1, name="张部长")
    user = _link(leader, "a1-leader", grants=[("leader", tree.county_a1)])
    w = _submit(leader, K.PARTY_SPIRIT)
    with pytest.raises(PermissionDenied):
        _review(w, user)
    client.force_login(user)
    page = client.get(reverse("learning:writing_detail", args=[w.pk])).content.decode()
    assert "这是您本人的材料" in page and "data-review-form" not in page
    assert client.post(reverse("learning:writing_review", args=[w.pk]), {"decision": "reviewed", "version": "1"}).status_code == 403
    w.refresh_from_db()
    assert w.status == Writing.Status.SUBMITTED and not PointEntry.objects.exists()
    client.force_login(personas.city_a)
    assert "data-review-form" in client.get(reverse("learning:writing_detail", args=[w.pk])).content.decode()


# ---------------------------------------------------------------- personal pages and scope


def test_unlinked_account_gets_an_explanation(client: Any, personas: Any) -> None:
    client.force_login(personas.city_a)
    for url in (reverse("learning:mywritings"), reverse("learning:mywriting_add")):
        resp = client.get(url)
        assert resp.status_code == 200 and "您的账号尚未关联组工干部名册" in resp.content.decode()
    resp = client.post(reverse("learning:mywriting_add"), _data())
    assert resp.status_code == 200 and not Writing.objects.exists()


def test_others_writings_are_404_on_personal_urls(author: Any, tree: Any, make_cadre: Any, client: Any, personas: Any) -> None:
    w = _submit(author)
    other = make_cadre(tree.county_a1, name="赵同事")
    _link(other, "a1-colleague")
    urls = [reverse(f"learning:{n}", args=[w.pk]) for n in ("mywriting_detail", "mywriting_edit", "mywriting_file")]
    for user in (other.user, personas.province, personas.city_a):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[1], {"title": "篡改", "content": CONTENT, "version": "1"}).status_code == 404
    client.force_login(author.user)
    assert client.get(urls[0]).status_code == 200 and client.get(urls[1]).status_code == 200
    assert client.get(urls[2]).status_code == 404  # no attachment
    w.refresh_from_db()
    assert w.title != "篡改"
    listing = client.get(reverse("learning:mywritings")).content.decode()
    assert f'data-writing="{w.pk}"' in listing
    client.force_login(other.user)
    assert f'data-writing="{w.pk}"' not in client.get(reverse("learning:mywritings")).content.decode()


def test_staff_scope_sibling_404_readonly_403(author: Any, personas: Any, client: Any) -> None:
    w = _submit(author)
    detail, review = reverse("learning:writing_detail", args=[w.pk]), reverse("learning:writing_review", args=[w.pk])
    client.force_login(personas.county_b1)
    assert client.get(detail).status_code == 404
    assert client.post(review, {"decision": "reviewed", "version": "1"}).status_code == 404
    assert f'data-writing="{w.pk}"' not in client.get(reverse("learning:writing_list")).content.decode()
    client.force_login(personas.county_a1_readonly)
    page = client.get(detail)
    assert page.status_code == 200 and "data-review-form" not in page.content.decode()
    assert client.post(review, {"decision": "reviewed", "version": "1"}).status_code == 403
    client.force_login(personas.nogrant)
    assert client.get(reverse("learning:writing_list")).status_code == 403
    assert client.get(reverse("learning:writing_overview")).status_code == 403
    client.logout()
    for url in (detail, reverse("learning:writing_list"), reverse("learning:mywritings")):
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    w.refresh_from_db()
    assert w.status == Writing.Status.SUBMITTED


# ---------------------------------------------------------------- lists and overview


def _bulk(cadre: Any, n: int, reviewer: Any, start_year: int = 2010) -> None:
    """`n` writings of earlier months, half of them reviewed (straight rows: the list's volume, not its flow)."""
    Writing.objects.bulk_create([
        Writing(cadre=cadre, org_unit_id=cadre.org_unit_id, kind=K.REFLECTION, period=f"{start_year + i // 12}-{i % 12 + 1:02d}",
                title=f"心得{i}", content=CONTENT, submitted_on=date(start_year + i // 12, i % 12 + 1, 1),
                status=Writing.Status.REVIEWED if i % 2 else Writing.Status.SUBMITTED, reviewer=reviewer if i % 2 else None)
        for i in range(n)])


def test_staff_list_filters_and_pinned_queries(author: Any, tree: Any, make_cadre: Any, personas: Any, client: Any,
                                               django_assert_max_num_queries: Any, django_assert_num_queries: Any) -> None:
    other = make_cadre(tree.county_a2, name="王其他")
    _link(other, "a2-other")
    r = _submit(author, K.READING)
    p = _submit(other, K.PARTY_SPIRIT)
    _bulk(author, 3, personas.city_a)
    client.force_login(personas.city_a)
    url = reverse("learning:writing_list")
    assert "共 5 篇" in client.get(url).content.decode()
    assert "共 1 篇" in client.get(url + "?kind=party_spirit").content.decode()
    assert "共 1 篇" in client.get(url + f"?period={r.period}&kind=reading").content.decode()
    assert "共 3 篇" in client.get(url + "?status=submitted&q=lzz").content.decode()  # 李作者: initials
    assert "共 1 篇" in client.get(url + "?status=reviewed&q=lizuo").content.decode()  # full pinyin
    assert "共 1 篇" in client.get(url + "?q=王其").content.decode()
    page = client.get(url + f"?unit={tree.county_a2.pk}").content.decode()
    assert "共 1 篇" in page and f'data-writing="{p.pk}"' in page
    assert client.get(url + f"?unit={tree.county_b1.pk}").status_code == 404
    bad = client.get(url + "?period=2026-99")
    assert bad.status_code == 400 and "期间格式不对" in bad.content.decode()
    assert client.get(url + "?page=abc&unit=¹&kind=<x>").status_code == 200
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    _bulk(author, 20, personas.province, start_year=2000)
    with django_assert_num_queries(len(few.captured_queries)):  # the same with 25 writings as with 5
        resp = client.get(url)
    assert "共 25 篇" in resp.content.decode()


def test_detail_page_queries_are_fixed(author: Any, personas: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    w = _review(_submit(author), personas.city_a, "returned", "请补充")
    client.force_login(personas.city_a)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("learning:writing_detail", args=[w.pk]))
    assert resp.status_code == 200 and "请补充" in resp.content.decode()


def test_overview_per_child_unit(tree: Any, make_cadre: Any, personas: Any, client: Any,
                                 django_assert_num_queries: Any) -> None:
    period = writings.current_period(K.PARTY_SPIRIT)
    earlier = writings.previous_periods(K.PARTY_SPIRIT, 2)[1]
    a1 = [make_cadre(tree.county_a1, name=n) for n in ("甲一某", "甲二某", "甲三某")]
    a2 = [make_cadre(tree.county_a2, name=n) for n in ("乙一某", "乙二某")]
    own = make_cadre(tree.city_a, name="市本级")
    gone = make_cadre(tree.county_a1, name="已调出")
    make_cadre(tree.county_b1, name="乙县某")  # another city: not in city A's overview
    for i, c in enumerate([*a1, *a2, own, gone]):
        _link(c, f"writer{i}")
    _review(_submit(a1[0], K.PARTY_SPIRIT), personas.city_a)
    _submit(a1[1], K.PARTY_SPIRIT)
    _submit(a1[2], K.READING)  # another kind: not counted
    _submit(a2[0], K.PARTY_SPIRIT, earlier)  # another half-year: not counted
    _submit(own, K.PARTY_SPIRIT)
    _submit(gone, K.PARTY_SPIRIT)
    gone.status = "transferred"  # handed in, then left the roll: counted nowhere
    gone.save(update_fields=["status"])
    writings.overview(personas.city_a, tree.city_a, period)  # grants cached on the user
    with django_assert_num_queries(2):  # one GROUP BY, and the child units
        rows, total = writings.overview(personas.city_a, tree.city_a, period)
    got = [(r.name, r.on_roll, r.submitted, r.reviewed, r.rate) for r in rows]
    assert got == [("本级", 1, 1, 0, Decimal("100.0")), ("甲一县委组织部", 3, 2, 1, Decimal("66.7")),
                   ("甲二县委组织部", 2, 0, 0, Decimal("0.0"))]
    assert (total.on_roll, total.submitted, total.reviewed, total.missing, total.rate) == (6, 3, 1, 3, Decimal("50.0"))
    client.force_login(personas.city_a)
    page = client.get(reverse("learning:writing_overview") + f"?unit={tree.city_a.pk}&period={period}").content.decode()
    assert "66.7%" in page and "50.0%" in page and f'data-unit="{tree.county_a2.pk}"' in page
    assert f"?unit={tree.county_a1.pk}&amp;kind=party_spirit&amp;period={period}" in page
    earlier_page = client.get(reverse("learning:writing_overview") + f"?unit={tree.city_a.pk}&period={earlier}").content.decode()
    assert "25.0%" not in earlier_page and "16.7%" in earlier_page  # 1 of 6 handed in the earlier half-year
    for bad in ("2026-11", f"{timezone.localdate().year + 1}-H1", "H1"):
        resp = client.get(reverse("learning:writing_overview") + f"?period={bad}")
        assert resp.status_code == 400 and "期间应为已开始的半年" in resp.content.decode(), bad
    assert client.get(reverse("learning:writing_overview") + f"?unit={tree.county_b1.pk}").status_code == 404
    client.force_login(personas.county_a1_readonly)
    a1_page = client.get(reverse("learning:writing_overview")).content.decode()
    assert "甲一县委组织部" in a1_page and "甲二县委组织部" not in a1_page
