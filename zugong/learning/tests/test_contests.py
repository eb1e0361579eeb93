"""Essay contests: the lifecycle (draft, open, review, publish; edits and stale versions), entry rules
(window, scope, file kind, duplicates, blind numbers), the judges' blind pages (no author, no unit,
neutral file names; 404 for anyone off the panel), tiers by average with ties, manual adjustment,
points on publication, the results page, 我的征文, scope and read-only refusals, query budgets, and
the permission-matrix entries proposed for these URLs."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ConflictError, ValidationError
from zugong.learning import contests as cs
from zugong.learning.models import Contest, ContestEntry, EntryReview
from zugong.people.models import Cadre
from zugong.points.models import PointEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
TIERS = {"first": 1, "second": 2, "third": 0, "excellence": 2}


def _pdf(name: str = "作品.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def _docx(name: str = "作品.docx") -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buf.getvalue())


def _contest(actor: Any, unit: Any, *, judges: list[Any] | None = None, status: str = "open", tiers: dict[str, int] | None = None,
             **extra: Any) -> Contest:
    today = timezone.localdate()
    data = {"title": "“学思践悟”主题征文", "theme": "新时代组织工作", "description": "请各单位组织报送。",
            "opens_on": today - timedelta(days=1), "closes_on": today + timedelta(days=10), "tiers": tiers or TIERS, **extra}
    c = cs.contest_create(actor=actor, org_unit=unit, data=data, judges=judges or [])
    if status != "draft":
        c = cs.contest_set_status(actor=actor, contest=c, status="open", expected_version=c.version)
    return c


def _submit(actor: Any, c: Contest, cadre: Any, title: str = "论组织工作的守正创新", upload: Any = None) -> ContestEntry:
    return cs.entry_submit(actor=actor, contest=c, cadre=cadre, title=title, upload=upload or _pdf())


def _review(c: Contest, judge: Any, entry: ContestEntry, score: str) -> EntryReview:
    return cs.review_save(actor=judge, contest=c, entry_id=entry.pk, score=Decimal(score))


def _link(cadre: Any, username: str) -> Any:
    user = make_user(username)
    Cadre.objects.filter(pk=cadre.pk).update(user=user)
    return user


def _judge(username: str, unit: Any) -> Any:
    return make_user(username, grants=[("readonly", unit)])


def _reviewing(c: Contest, actor: Any) -> Contest:
    c.refresh_from_db()
    return cs.contest_set_status(actor=actor, contest=c, status="reviewing", expected_version=c.version)


# ---------------------------------------------------------------- the contest


def test_contest_lifecycle_edit_and_conflict(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    judge = _judge("judge-a2", tree.county_a2)
    client.force_login(personas.city_a)
    today = timezone.localdate()
    form = {"org_unit": tree.city_a.pk, "title": "征文", "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=5)).isoformat(),
            "tier_first": "501", "tier_second": "0", "tier_third": "0", "tier_excellence": "0", "judges": [personas.sysadmin.pk]}
    resp = client.post(reverse("learning:contest_add"), form)
    page = resp.content.decode()
    assert resp.status_code == 400 and "名额应在 0 到 500 之间" in page and "评委应为主办单位及下级单位的工作人员" in page
    form.update({"tier_first": "0", "judges": [judge.pk]})
    resp = client.post(reverse("learning:contest_add"), form)
    assert resp.status_code == 400 and cs.MSG_TIER_NONE in resp.content.decode()
    form.update({"tier_first": "1", "tier_second": "2", "closes_on": (today - timedelta(days=1)).isoformat()})
    resp = client.post(reverse("learning:contest_add"), form)
    assert resp.status_code == 400 and cs.MSG_DATES in resp.content.decode()
    form["closes_on"] = (today + timedelta(days=5)).isoformat()
    assert client.post(reverse("learning:contest_add"), form).status_code == 303
    c = Contest.objects.get()
    assert (c.status, c.org_unit, c.tiers, list(c.judges.all())) == ("draft", tree.city_a, {
        "first": 1, "second": 2, "third": 0, "excellence": 0}, [judge])
    # the judge must hold a grant inside the organizer's subtree: county B1's admin does not
    with pytest.raises(ValidationError) as exc:
        cs.contest_update(actor=personas.city_a, contest=c, data={**_data(c)}, judges=[personas.county_b1], expected_version=1)
    assert exc.value.message_dict == {"judges": [cs.MSG_JUDGES]}

    # a draft is the organizer's alone
    client.force_login(personas.county_a1_readonly)
    assert client.get(c.get_absolute_url()).status_code == 404
    client.force_login(personas.city_a)
    edit = reverse("learning:contest_edit", args=[c.pk])
    resp = client.post(edit, {**form, "title": "“学思践悟”征文", "version": "1"})
    assert resp.status_code == 303
    c.refresh_from_db()
    assert (c.title, c.version) == ("“学思践悟”征文", 2)
    resp = client.post(edit, {**form, "title": "旧页面", "version": "1"})
    assert resp.status_code == 409 and cs.MSG_CONFLICT in resp.content.decode()

    status = reverse("learning:contest_status", args=[c.pk])
    resp = client.post(status, {"status": "open", "version": "1"})
    assert resp.status_code == 409 and cs.MSG_CONFLICT in resp.content.decode()
    resp = client.post(status, {"status": "published", "version": "2"})
    assert resp.status_code == 400 and "征文当前为“草稿”，不能进行此项操作" in resp.content.decode()
    assert client.post(status, {"status": "open", "version": "2"}).status_code == 303
    resp = client.post(status, {"status": "reviewing", "version": "3"})
    assert resp.status_code == 400 and cs.MSG_NO_ENTRIES in resp.content.decode()
    _submit(personas.city_a, c, make_cadre(tree.county_a1))
    assert client.post(edit, {**form, "title": "征集中也可修改", "version": "3"}).status_code == 303
    assert client.post(status, {"status": "reviewing", "version": "4"}).status_code == 303
    c.refresh_from_db()
    assert (c.status, c.title, c.version) == ("reviewing", "征集中也可修改", 5)
    resp = client.post(edit, {**form, "version": "5"})
    assert resp.status_code == 303 and resp["Location"] == c.get_absolute_url()
    c.refresh_from_db()
    assert c.title == "征集中也可修改"
    with pytest.raises(ValidationError) as exc:
        cs.contest_update(actor=personas.city_a, contest=c, data=_data(c), judges=[judge], expected_version=5)
    assert exc.value.messages == [cs.MSG_NOT_EDITABLE]
    actions = list(ObjectChange.objects.filter(object_type="learning.contest").order_by("id").values_list("action", flat=True))
    assert actions == ["contest.created", "contest.updated", "contest.status_changed", "contest.updated", "contest.status_changed"]


def test_review_needs_judges(personas: Any, tree: Any, make_cadre: Any) -> None:
    c = _contest(personas.city_a, tree.city_a)
    _submit(personas.city_a, c, make_cadre(tree.county_a1))
    c.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        cs.contest_set_status(actor=personas.city_a, contest=c, status="reviewing", expected_version=c.version)
    assert exc.value.messages == [cs.MSG_NO_JUDGES]
    with pytest.raises(ConflictError):
        cs.contest_set_status(actor=personas.city_a, contest=c, status="reviewing", expected_version=c.version + 1)


def _data(c: Contest) -> dict[str, Any]:
    return {"title": c.title, "theme": c.theme, "description": c.description, "opens_on": c.opens_on, "closes_on": c.closes_on,
            "tiers": c.tiers}


# ---------------------------------------------------------------- entries


def test_entry_rules_window_scope_kind_duplicate(personas: Any, tree: Any, make_cadre: Any) -> None:
    today = timezone.localdate()
    a1, a2 = make_cadre(tree.county_a1, name="甲某"), make_cadre(tree.county_a2, name="乙某")
    c = _contest(personas.city_a, tree.county_a1)
    e = _submit(personas.county_a1_clerk, c, a1, upload=_pdf("甲某-论文.pdf"))
    assert len(e.code) == 6 and e.code.isdigit() and e.org_unit == tree.county_a1 and e.submitted_by == personas.county_a1_clerk
    assert ObjectChange.objects.filter(action="contestentry.submitted", object_id=str(e.pk)).count() == 1
    docx = _submit(personas.county_a1_clerk, c, a1, title="第二篇", upload=_docx())
    assert docx.file.kind == "docx" and docx.code != e.code

    def refused(cadre: Any, title: str, upload: Any, actor: Any = personas.county_a1_clerk, contest: Contest = c) -> Any:
        with pytest.raises(ValidationError) as exc:
            cs.entry_submit(actor=actor, contest=contest, cadre=cadre, title=title, upload=upload)
        return exc.value

    assert refused(a1, " 论组织工作的守正创新 ", _pdf()).message_dict == {"title": [cs.MSG_DUPLICATE.format(title="论组织工作的守正创新")]}
    assert refused(a1, "表格", SimpleUploadedFile("a.xlsx", b"PK\x03\x04")).message_dict == {"file": [cs.MSG_FILE_KIND]}
    assert refused(a1, "图片", SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n")).message_dict == {"file": [cs.MSG_FILE_KIND]}
    renamed = refused(a1, "伪装", SimpleUploadedFile("伪装.pdf", b"\x89PNG\r\n\x1a\n")).message_dict["file"][0]
    assert "文件内容与扩展名不符" in renamed
    # A1's clerk may not submit for A2's cadre; the city may, but A2 is outside the organizer A1's subtree
    with pytest.raises(PermissionDenied):
        cs.entry_submit(actor=personas.county_a1_clerk, contest=c, cadre=a2, title="越权", upload=_pdf())
    assert refused(a2, "范围外", _pdf(), actor=personas.city_a).message_dict == {"cadre": [cs.MSG_AUTHOR_SCOPE]}
    # the window: not yet open, closed, a draft
    early = _contest(personas.city_a, tree.city_a, opens_on=today + timedelta(days=1))
    late = _contest(personas.city_a, tree.city_a, opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1))
    draft = _contest(personas.city_a, tree.city_a, status="draft")
    assert refused(a1, "早", _pdf(), contest=early).messages == [
        f"不在征集期内：征文“{early.title}”征集期为 {early.opens_on:%Y-%m-%d} 至 {early.closes_on:%Y-%m-%d}"]
    assert "不在征集期内" in refused(a1, "晚", _pdf(), contest=late).messages[0]
    assert refused(a1, "草稿", _pdf(), contest=draft).messages == [cs.MSG_NOT_OPEN]
    assert ContestEntry.objects.count() == 2


def test_entry_pages_staff_and_self(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    author = make_cadre(tree.county_a1, name="甲某")
    c = _contest(personas.city_a, tree.city_a)
    client.force_login(personas.county_a1_clerk)
    url = reverse("learning:entry_add", args=[c.pk])
    page = client.get(url).content.decode()
    assert "甲某（甲一县委组织部）" in page
    resp = client.post(url, {"cadre": author.pk, "title": "论文", "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04")})
    assert resp.status_code == 400 and cs.MSG_FILE_KIND in resp.content.decode()
    resp = client.post(url, {"cadre": "¹", "title": "论文", "file": _pdf()})
    assert resp.status_code == 400 and "作者应为本单位及下级单位在册的组工干部" in resp.content.decode()
    resp = client.post(url, {"cadre": author.pk, "title": "论文", "file": _pdf()})
    assert resp.status_code == 303
    e = ContestEntry.objects.get()
    assert (e.cadre, e.org_unit, e.title) == (author, tree.county_a1, "论文")
    resp = client.post(url, {"cadre": author.pk, "title": "论文", "file": _pdf()})
    assert resp.status_code == 400 and "该作者已报送过题为“论文”的作品，请勿重复报送" in resp.content.decode()

    # the cadre submits their own; a cadre of another city is not offered the contest
    user = _link(make_cadre(tree.county_a2, name="丙某"), "cadre-a2")
    client.force_login(user)
    mine = client.get(reverse("learning:mycontests")).content.decode()
    assert f'data-open-contest="{c.pk}"' in mine
    own = reverse("learning:mycontest_submit", args=[c.pk])
    assert client.post(own, {"title": "我的心得", "file": _docx()}).status_code == 303
    e = ContestEntry.objects.get(title="我的心得")
    assert (e.cadre.name, e.org_unit, e.submitted_by) == ("丙某", tree.county_a2, user)
    outsider = _link(make_cadre(tree.county_b1, name="丁某"), "cadre-b1")
    client.force_login(outsider)
    assert client.get(own).status_code == 404 and client.post(own, {"title": "x", "file": _pdf()}).status_code == 404
    assert f'data-open-contest="{c.pk}"' not in client.get(reverse("learning:mycontests")).content.decode()
    client.force_login(personas.city_a)  # no roster entry linked
    assert client.get(own).status_code == 404
    assert "您的账号没有关联组工干部档案" in client.get(reverse("learning:mycontests")).content.decode()
    # after the window the pages send the user back with the reason
    Contest.objects.filter(pk=c.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(user)
    resp = client.post(own, {"title": "迟到", "file": _pdf()}, follow=True)
    assert "不在征集期内" in resp.content.decode() and not ContestEntry.objects.filter(title="迟到").exists()


def test_unit_sees_its_own_subtree_entries(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c = _contest(personas.province, tree.province)
    _submit(personas.city_a, c, make_cadre(tree.county_a1, name="甲县某"), title="甲县作品")
    _submit(personas.county_b1, c, make_cadre(tree.county_b1, name="乙县某"), title="乙县作品")
    client.force_login(personas.county_a1_readonly)
    page = client.get(reverse("learning:entry_list", args=[c.pk])).content.decode()
    assert "甲县作品" in page and "乙县作品" not in page and 'data-total>1<' in page
    client.force_login(personas.province)
    page = client.get(reverse("learning:entry_list", args=[c.pk])).content.decode()
    assert "甲县作品" in page and "乙县作品" in page and 'data-total>2<' in page


# ---------------------------------------------------------------- blind review


def test_judge_pages_are_blind_and_panel_only(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    judge, other = _judge("judge-a", tree.city_a), _judge("judge-other", tree.county_a2)
    author = make_cadre(tree.county_a1, name="欧阳明远")
    c = _contest(personas.city_a, tree.city_a, judges=[judge])
    e = _submit(personas.city_a, c, author, title="守正创新的实践", upload=_pdf("欧阳明远-甲一县委组织部.pdf"))
    client.force_login(judge)
    page = client.get(reverse("learning:judge_contest", args=[c.pk])).content.decode()
    assert "征集结束后开始评审" in page and e.code not in page
    assert client.get(reverse("learning:judge_entry", args=[c.pk, e.pk])).status_code == 404
    _reviewing(c, personas.city_a)

    pages = [reverse("learning:judge_list"), reverse("learning:judge_contest", args=[c.pk]),
             reverse("learning:judge_entry", args=[c.pk, e.pk])]
    for url in pages:
        html = client.get(url).content.decode()
        assert "欧阳明远" not in html and "甲一县委组织部" not in html, url
    listing = client.get(pages[1]).content.decode()
    assert e.code in listing and "守正创新的实践" in listing
    resp = client.get(reverse("learning:judge_file", args=[c.pk, e.pk]))
    disposition = resp["Content-Disposition"]
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
    assert "%E4%BD%9C%E5%93%81" in disposition and e.code in disposition and "pdf" in disposition  # 作品<code>.pdf
    assert "欧阳" not in disposition and "%E6%AC%A7%E9%98%B3" not in disposition
    # the judge also reads the unit pages (a grant in the subtree): until publication those send the judge to the
    # blind page, since even the list of their own unit's numbers would say which entries are local
    for url in (reverse("learning:entry_list", args=[c.pk]), reverse("learning:entry_detail", args=[c.pk, e.pk]),
                reverse("learning:entry_file", args=[c.pk, e.pk])):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"] == reverse("learning:judge_contest", args=[c.pk]), url

    entry_url = pages[2]
    for bad, message in (("100.5", "评分应在 0 到 100 之间"), ("88.25", "评分最多一位小数"), ("", "请填写评分")):
        resp = client.post(entry_url, {"score": bad, "comment": ""})
        assert resp.status_code == 400 and message in resp.content.decode(), bad
    assert client.post(entry_url, {"score": "86.5", "comment": "立意较好"}).status_code == 303
    assert client.post(entry_url, {"score": "88", "comment": "修改后"}).status_code == 303
    review = EntryReview.objects.get()
    assert (review.judge, review.score, review.comment) == (judge, Decimal("88.0"), "修改后")
    assert ObjectChange.objects.filter(action="entryreview.saved").count() == 2
    assert 'data-score>88.0<' in client.get(pages[1]).content.decode()

    # off the panel: 404, the organizer included; the organizer sees who scored what
    for user in (other, personas.city_a, personas.province):
        client.force_login(user)
        for url in [*pages[1:], reverse("learning:judge_file", args=[c.pk, e.pk])]:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(entry_url, {"score": "10"}).status_code == 404
    client.force_login(personas.city_a)
    detail = client.get(reverse("learning:entry_detail", args=[c.pk, e.pk])).content.decode()
    assert f'data-review="{judge.pk}"' in detail and "88.0 分" in detail and "修改后" in detail and "欧阳明远" in detail
    assert f'data-review="{judge.pk}">judge-a：88.0<' in client.get(reverse("learning:entry_list", args=[c.pk])).content.decode()


def test_a_judge_does_not_score_their_own_entry(personas: Any, tree: Any, make_cadre: Any) -> None:
    judge = _judge("judge-author", tree.county_a1)
    cadre = make_cadre(tree.county_a1, name="评委本人")
    Cadre.objects.filter(pk=cadre.pk).update(user=judge)
    c = _contest(personas.city_a, tree.city_a, judges=[judge])
    own = _submit(personas.city_a, c, cadre, title="本人作品")
    other = _submit(personas.city_a, c, make_cadre(tree.county_a1, name="他人"), title="他人作品")
    c = _reviewing(c, personas.city_a)
    assert [r["pk"] for r in cs.judge_entries(judge, c)] == [other.pk]
    with pytest.raises(ValidationError) as exc:
        cs.review_save(actor=judge, contest=c, entry_id=own.pk, score="90")
    assert exc.value.messages == [cs.MSG_OWN_ENTRY]


# ---------------------------------------------------------------- awards


def test_tiering_counts_and_ties() -> None:
    f = Fraction
    averages = {1: f(95), 2: f(90), 3: f(88), 4: f(88), 5: f(80), 6: f(70)}
    tiers, ties = cs.tiering(averages, TIERS)
    assert tiers == {1: "first", 2: "second", 3: "second", 4: "second", 5: "excellence"}
    assert ties == [(3, [3, 4], "second", 1)]
    # a tie on the last boundary: both awarded; three tied for first with one place: all first
    tiers, ties = cs.tiering({1: f(90), 2: f(80), 3: f(80)}, {"first": 1, "second": 1})
    assert tiers == {1: "first", 2: "second", 3: "second"} and ties == [(2, [2, 3], "second", 1)]
    tiers, ties = cs.tiering({1: f(90), 2: f(90), 3: f(90), 4: f(50)}, {"first": 1, "third": 2})
    assert tiers == {1: "first", 2: "first", 3: "first"} and ties == [(1, [1, 2, 3], "first", 2)]
    assert cs.tiering({}, TIERS) == ({}, [])


def _scored_contest(personas: Any, tree: Any, make_cadre: Any) -> tuple[Contest, list[ContestEntry], Any]:
    j1, j2 = _judge("judge-1", tree.county_a2), _judge("judge-2", tree.city_a)
    c = _contest(personas.city_a, tree.city_a, judges=[j1, j2])
    entries = [_submit(personas.city_a, c, make_cadre(tree.county_a1, name=f"作者{chr(0x4e00 + n)}"), title=f"作品{n}") for n in range(7)]
    c = _reviewing(c, personas.city_a)
    scores = [("95", "95"), ("85.5", "94.5"), ("88", "88"), ("90", "86"), ("80", "80"), ("70", "70.1")]  # the 7th: nobody scores
    for e, (a, b) in zip(entries, scores, strict=False):
        _review(c, j1, e, a)
        _review(c, j2, e, b)
    return c, entries, (j1, j2)


def test_award_by_average_with_ties_then_adjust(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c, entries, _ = _scored_contest(personas, tree, make_cadre)
    client.force_login(personas.city_a)
    resp = client.post(reverse("learning:contest_award", args=[c.pk]), follow=True)
    page = resp.content.decode()
    assert "已按平均分评定奖项：一等奖 1 篇，二等奖 3 篇，优秀奖 1 篇；1 篇作品无人评分，不参与评奖" in page
    tied = sorted([entries[2].code, entries[3].code])
    assert f"第 3 名有 2 篇平均分并列（作品 {'、'.join(tied)}），均评为二等奖，比名额多 1 篇" in page
    got = {e.title: (e.score, e.award) for e in ContestEntry.objects.filter(contest=c)}
    assert got == {"作品0": (Decimal("95.00"), "first"), "作品1": (Decimal("90.00"), "second"), "作品2": (Decimal("88.00"), "second"),
                   "作品3": (Decimal("88.00"), "second"), "作品4": (Decimal("80.00"), "excellence"),
                   "作品5": (Decimal("70.05"), ""), "作品6": (None, "")}  # rank 6: past the 5 places
    assert ObjectChange.objects.filter(action="contest.awarded").count() == 1

    adjust = reverse("learning:entry_award", args=[c.pk, entries[5].pk])
    assert client.post(adjust, {"award": "nope"}, follow=True).content.decode().count(cs.MSG_AWARD) == 1
    assert client.post(adjust, {"award": "third"}).status_code == 303
    assert client.post(reverse("learning:entry_award", args=[c.pk, entries[3].pk]), {"award": ""}).status_code == 303
    got = dict(ContestEntry.objects.filter(contest=c).values_list("title", "award"))
    assert (got["作品5"], got["作品3"]) == ("third", "")
    assert ObjectChange.objects.filter(action="contest.awarded").count() == 3
    listing = client.get(reverse("learning:entry_list", args=[c.pk])).content.decode()
    assert f'id="entry-{entries[5].pk}"' in listing and 'data-award="third"' in listing


def test_publish_freezes_awards_and_earns_points(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c, entries, (j1, _j2) = _scored_contest(personas, tree, make_cadre)
    client.force_login(personas.city_a)
    publish = reverse("learning:contest_publish", args=[c.pk])
    resp = client.post(publish, {"version": str(c.version)})
    assert resp.status_code == 400 and cs.MSG_NO_AWARDS in resp.content.decode()
    cs.contest_award(actor=personas.city_a, contest=c)
    cs.entry_set_award(actor=personas.city_a, contest=c, entry=entries[5], award_value="third")
    _review(c, j1, entries[6], "60")  # a late score: the average shown is brought up to date, the awards stay
    assert client.post(publish, {"version": str(c.version + 1)}).status_code == 409
    resp = client.post(publish, {"version": str(c.version)})
    assert resp.status_code == 303 and resp["Location"] == reverse("learning:contest_results", args=[c.pk])
    c.refresh_from_db()
    today = timezone.localdate()
    assert (c.status, c.published_on) == ("published", today)
    rows = {e.title: e for e in ContestEntry.objects.filter(contest=c)}
    assert rows["作品6"].score == Decimal("60.00") and rows["作品6"].award == "" and rows["作品6"].awarded_on is None
    assert all(rows[t].awarded_on == today for t in ("作品0", "作品1", "作品2", "作品3", "作品4", "作品5"))
    points = {p.source: (p.rule.code, p.points, p.date, p.reason, p.cadre_id) for p in PointEntry.objects.select_related("rule")}
    title = c.title
    assert points == {
        f"entry:{rows['作品0'].pk}": ("learning.essay_first", Decimal(20), today, f"{title}一等奖", rows["作品0"].cadre_id),
        f"entry:{rows['作品1'].pk}": ("learning.essay_second", Decimal(15), today, f"{title}二等奖", rows["作品1"].cadre_id),
        f"entry:{rows['作品2'].pk}": ("learning.essay_second", Decimal(15), today, f"{title}二等奖", rows["作品2"].cadre_id),
        f"entry:{rows['作品3'].pk}": ("learning.essay_second", Decimal(15), today, f"{title}二等奖", rows["作品3"].cadre_id),
        f"entry:{rows['作品4'].pk}": ("learning.essay_excellence", Decimal(5), today, f"{title}优秀奖", rows["作品4"].cadre_id),
        f"entry:{rows['作品5'].pk}": ("learning.essay_third", Decimal(10), today, f"{title}三等奖", rows["作品5"].cadre_id),
    }
    assert ObjectChange.objects.filter(action="contest.published", object_id=str(c.pk)).count() == 1
    # frozen: no more awarding, adjusting, scoring or publishing
    with pytest.raises(ValidationError):
        cs.entry_set_award(actor=personas.city_a, contest=c, entry=rows["作品6"], award_value="first")
    with pytest.raises(ValidationError):
        cs.contest_award(actor=personas.city_a, contest=c)
    with pytest.raises(ValidationError) as exc:
        _review(c, j1, entries[0], "10")
    assert exc.value.messages == [cs.MSG_NOT_REVIEWING]
    resp = client.post(publish, {"version": str(c.version)})
    assert resp.status_code == 400 and "征文当前为“已公布结果”，不能进行此项操作" in resp.content.decode()
    assert PointEntry.objects.count() == 6


def test_results_page_and_my_contests(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    c, entries, _ = _scored_contest(personas, tree, make_cadre)
    author = _link(entries[0].cadre, "author-0")
    loser = _link(entries[6].cadre, "author-6")
    results = reverse("learning:contest_results", args=[c.pk])
    client.force_login(author)
    assert "结果尚未公布" in client.get(results).content.decode()
    mine = client.get(reverse("learning:mycontests")).content.decode()
    assert f'data-my-entry="{entries[0].pk}"' in mine and "待公布" in mine and 'data-award=""' in mine
    client.force_login(personas.county_a1_readonly)
    assert "结果尚未公布" in client.get(results).content.decode()
    cs.contest_award(actor=personas.city_a, contest=c)
    c.refresh_from_db()
    cs.contest_publish(actor=personas.city_a, contest=c, expected_version=c.version)

    for user in (personas.county_a1_readonly, personas.province, author, loser):
        client.force_login(user)
        resp = client.get(results)
        page = resp.content.decode()
        assert resp.status_code == 200
        assert [t for t in ("first", "second", "excellence") if f'data-tier="{t}"' in page] == ["first", "second", "excellence"]
        assert 'data-tier="third"' not in page
        assert f"{entries[0].title}</td><td>{entries[0].cadre.name}</td><td>甲一县委组织部</td>" in page
        assert "一等奖（1 篇）" in page and "二等奖（3 篇）" in page and "优秀奖（1 篇）" in page
    client.force_login(author)
    mine = client.get(reverse("learning:mycontests")).content.decode()
    assert 'data-award="first"' in mine and "一等奖" in mine
    client.force_login(loser)
    assert "未获奖" in client.get(reverse("learning:mycontests")).content.decode()
    client.force_login(personas.nogrant)
    assert client.get(results).status_code == 403
    client.force_login(personas.county_b1)
    assert client.get(results).status_code == 404


# ---------------------------------------------------------------- scope


def test_scope_sibling_404_and_readonly_403(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    judge = _judge("judge-a2", tree.county_a2)
    c = _contest(personas.city_a, tree.city_a, judges=[judge])
    e = _submit(personas.city_a, c, make_cadre(tree.county_a1))
    client.force_login(personas.county_b1)
    for name, args in (("contest_detail", [c.pk]), ("contest_edit", [c.pk]), ("entry_list", [c.pk]), ("entry_add", [c.pk]),
                       ("entry_detail", [c.pk, e.pk]), ("entry_file", [c.pk, e.pk]), ("contest_results", [c.pk])):
        assert client.get(reverse(f"learning:{name}", args=args)).status_code == 404, name
    assert f'data-contest="{c.pk}"' not in client.get(reverse("learning:contest_list")).content.decode()
    client.force_login(personas.county_a1_readonly)  # reads the city's contest and A1's entries, may not write
    assert client.get(c.get_absolute_url()).status_code == 200
    assert client.get(reverse("learning:entry_file", args=[c.pk, e.pk])).status_code == 200
    assert f'data-contest="{c.pk}"' in client.get(reverse("learning:contest_list")).content.decode()
    for name, args, data in (("contest_edit", [c.pk], {}), ("contest_status", [c.pk], {"status": "reviewing", "version": "2"}),
                             ("contest_award", [c.pk], {}), ("contest_publish", [c.pk], {"version": "2"}),
                             ("entry_add", [c.pk], {}), ("entry_award", [c.pk, e.pk], {"award": "first"})):
        assert client.post(reverse(f"learning:{name}", args=args), data).status_code == 403, name
    assert client.get(reverse("learning:contest_add")).status_code == 403
    assert client.get(reverse("learning:entry_add", args=[c.pk])).status_code == 403
    c.refresh_from_db()
    assert (c.status, c.version) == ("open", 2) and not ContestEntry.objects.exclude(award="").exists()
    client.force_login(personas.nogrant)
    assert client.get(reverse("learning:contest_list")).status_code == 403
    assert client.get(c.get_absolute_url()).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.get(reverse("learning:judge_list"))["Location"]


# ---------------------------------------------------------------- query budgets


def test_entry_and_judge_lists_cost_the_same_for_5_and_20_entries(client: Any, personas: Any, tree: Any, make_cadre: Any,
                                                                  django_assert_num_queries: Any) -> None:
    j1, j2 = _judge("judge-1", tree.county_a2), _judge("judge-2", tree.county_a2)
    c = _contest(personas.city_a, tree.city_a, judges=[j1, j2], tiers={"first": 3, "second": 5, "third": 0, "excellence": 10})

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            _submit(personas.city_a, c, make_cadre(tree.county_a1 if i % 2 else tree.county_a2, name=f"作者{chr(0x4e00 + i)}"),
                    title=f"作品{i}")

    def review_all() -> None:
        for e in ContestEntry.objects.filter(contest=c):
            for j in (j1, j2):
                if not EntryReview.objects.filter(entry=e, judge=j).exists():
                    _review(c, j, e, str(60 + e.pk % 40))

    add(5, 0)
    _reviewing(c, personas.city_a)
    review_all()
    urls = [(personas.city_a, reverse("learning:entry_list", args=[c.pk])), (j1, reverse("learning:judge_contest", args=[c.pk])),
            (j1, reverse("learning:judge_list")), (personas.county_a1_readonly, reverse("learning:entry_list", args=[c.pk]))]
    counts = []
    for user, url in urls:
        client.force_login(user)
        client.get(url)  # session warm-up
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    Contest.objects.filter(pk=c.pk).update(status="open")
    add(15, 5)
    Contest.objects.filter(pk=c.pk).update(status="reviewing")
    review_all()
    for (user, url), n in zip(urls, counts, strict=True):
        client.force_login(user)
        client.get(url)
        with django_assert_num_queries(n):
            resp = client.get(url)
        assert resp.status_code == 200
    client.force_login(personas.city_a)
    assert 'data-total>20<' in client.get(urls[0][1]).content.decode()
    client.force_login(j1)
    assert client.get(urls[1][1]).content.decode().count('data-entry="') == 20


# ---------------------------------------------------------------- the permission matrix (proposed entries)
