"""Writes of a selection other than the votes (voting.py): setting it up and moving it along, nominations and
their review, the 公示 comments, and the commendations confirmed after the tally. Every write is audited."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.accounts.access import can_at, require_at
from zugong.audit.services import record, snapshot
from zugong.core.crypto import encrypt
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.honors.models import Commendation, Nomination, PublicComment, Selection, VotingMode
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, CadreStatus

ORGANIZE = "honors.add_selection"
NOMINATE = "honors.add_nomination"
HANDLE = "honors.change_publiccomment"
MAX_DEEDS = 5000
MAX_COMMENT = 2000

MSG_TITLE = "请填写评选名称"
MSG_YEAR = "年度不对"
MSG_LIMIT = "{label}应为 {low} 到 {high} 之间的整数"
MSG_MODE = "请选择投票方式"
MSG_DATES = "请填写推荐、公示和投票的起止日期"
MSG_ORDER = "日期顺序不对：应依次为推荐开始、推荐截止、公示开始、公示截止、投票开始、投票截止"
MSG_FROZEN = "评选已进入公示，设置不能再修改"
MSG_NOT_DRAFT = "只有草稿可以删除"
MSG_STEP = "当前状态不能进行这一步"
MSG_PENDING = "还有 {n} 个推荐未审核，请先审核"
MSG_NO_ACCEPTED = "没有审核通过的推荐人选，不能公示"
MSG_NOT_NOMINATING = "评选不在推荐阶段"
MSG_NOMINATE_ENDED = "推荐已截止"
MSG_NOMINATE_EARLY = "推荐自 {day} 开始"
MSG_UNIT = "推荐单位应是组织单位下的组织部门"
MSG_CADRE = "推荐人选应是推荐单位（含下级）的在岗组工干部"
MSG_DEEDS = "请填写先进事迹"
MSG_DEEDS_LONG = f"先进事迹不能超过 {MAX_DEEDS} 字"
MSG_QUOTA = "本单位最多推荐 {n} 人，已达上限"
MSG_DUPLICATE = "该干部已被推荐"
MSG_DECISION = "请选择通过或不通过"
MSG_REASON = "不通过时请写明原因"
MSG_NOT_SUBMITTED = "只有待审核的推荐可以审核"
MSG_WITHDRAW = "公示开始后不能撤回推荐"
MSG_COMMENT = "请填写反映的意见"
MSG_COMMENT_LONG = f"意见不能超过 {MAX_COMMENT} 字"
MSG_NOT_PUBLICIZED = "公示期已结束，不能再反映意见"
MSG_NOMINEE = "所选人选不在公示名单中"
MSG_NOTE = "请填写处理情况"
MSG_HANDLED = "该意见已处理"
MSG_NOT_CLOSED = "计票后才能确认表彰"
MSG_COMMEND_NONE = "请至少选择一名表彰人选"
MSG_COMMEND_MANY = "表彰人数不能超过名额（{n} 名）"
MSG_COMMEND_WHO = "表彰人选应是本次评选审核通过的推荐人选"
MSG_COMMEND_DATE = "请填写表彰日期"
MSG_EARLY = "{stage}至 {until} 截止，提前结束须写明理由（记入审计）"
MSG_NOT_YET_PUBLIC = "公示尚未开始"

LIMITS = {"nominations_per_unit": ("每个单位最多推荐人数", 1, 50), "places": ("表彰名额", 1, 500),
          "votes_per_voter": ("每票最多选几人", 1, 100)}
DATES = ["nominate_from", "nominate_until", "publicize_from", "publicize_until", "vote_from", "vote_until"]
FIELDS = ["title", "year", "description", "honor_title", "voting_mode", *LIMITS, *DATES]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    title = str(data.get("title") or "").strip()
    if not title or len(title) > 200:
        errors["title"] = MSG_TITLE
    clean["title"] = title
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = MSG_YEAR
    clean["year"] = year
    clean["description"] = str(data.get("description") or "").strip()
    clean["honor_title"] = (str(data.get("honor_title") or "").strip() or Selection._meta.get_field("honor_title").default)[:100]
    if data.get("voting_mode") not in VotingMode.values:
        errors["voting_mode"] = MSG_MODE
    clean["voting_mode"] = data.get("voting_mode")
    for name, (label, low, high) in LIMITS.items():
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[name] = MSG_LIMIT.format(label=label, low=low, high=high)
        clean[name] = value
    days: list[Any] = [data.get(name) for name in DATES]
    if not all(isinstance(d, date) for d in days):
        errors["vote_until"] = MSG_DATES
    elif any(a > b for a, b in pairwise(days)):
        errors["vote_until"] = MSG_ORDER
    clean.update(zip(DATES, days, strict=True))
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def selection_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any]) -> Selection:
    """A new selection (草稿) organized by `org_unit`."""
    require_at(actor, ORGANIZE, org_unit.path)
    s = Selection.objects.create(org_unit=org_unit, created_by=actor, **_clean(data))
    record(action="selection.created", actor=actor, obj=s, after=snapshot(s))
    return s


@transaction.atomic
def selection_update(*, actor: Any, selection: Selection, data: dict[str, Any], expected_version: int) -> Selection:
    """Change the settings while nominations are still coming in; frozen from 公示 on."""
    require_at(actor, ORGANIZE, selection.org_unit.path)
    if selection.status not in (Selection.Status.DRAFT, Selection.Status.NOMINATING):
        raise ValidationError(MSG_FROZEN)
    before = snapshot(selection)
    for k, v in _clean(data).items():
        setattr(selection, k, v)
    update_versioned(selection, expected_version=expected_version, fields=FIELDS)
    record(action="selection.updated", actor=actor, obj=selection, before=before, after=snapshot(selection))
    return selection


@transaction.atomic
def selection_delete(*, actor: Any, selection: Selection) -> None:
    require_at(actor, ORGANIZE, selection.org_unit.path)
    if selection.status != Selection.Status.DRAFT:
        raise ValidationError(MSG_NOT_DRAFT)
    record(action="selection.deleted", actor=actor, obj=selection, before=snapshot(selection))
    selection.delete()


NEXT = {Selection.Status.DRAFT: Selection.Status.NOMINATING, Selection.Status.NOMINATING: Selection.Status.PUBLICIZED,
        Selection.Status.PUBLICIZED: Selection.Status.VOTING}


STAGE = {Selection.Status.NOMINATING: "推荐", Selection.Status.PUBLICIZED: "公示"}


def early_end(selection: Selection) -> date | None:
    """The last day of the nominations or the 公示 while it has not passed: advancing now ends it early."""
    until = {Selection.Status.NOMINATING: selection.nominate_until, Selection.Status.PUBLICIZED: selection.publicize_until}.get(
        Selection.Status(selection.status))
    return until if until is not None and timezone.localdate() <= until else None


@transaction.atomic
def selection_advance(*, actor: Any, selection: Selection, expected_version: int, reason: str = "") -> Selection:
    """The next step: start nominations, start the 公示 (every nomination reviewed, at least one accepted), start
    voting. Ending the nominations or the 公示 before its last day needs a reason, kept in the audit row: units still
    nominating and people still commenting are cut off. Closing the vote is voting.selection_close; commending is
    commendations_confirm."""
    require_at(actor, ORGANIZE, selection.org_unit.path)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.version != expected_version:
        raise ConflictError()
    to = NEXT.get(Selection.Status(selection.status))
    if to is None:
        raise ValidationError(MSG_STEP)
    if to == Selection.Status.PUBLICIZED:
        pending = selection.nominations.filter(status=Nomination.Status.SUBMITTED).count()
        if pending:
            raise ValidationError(MSG_PENDING.format(n=pending))
        if not selection.nominations.filter(status=Nomination.Status.ACCEPTED).exists():
            raise ValidationError(MSG_NO_ACCEPTED)
    reason = (reason or "").strip()[:500]
    early = early_end(selection)
    if early and not reason:
        raise ValidationError({"reason": MSG_EARLY.format(stage=STAGE[Selection.Status(selection.status)], until=early.isoformat())})
    before = selection.status
    selection.status = to
    update_versioned(selection, expected_version=expected_version, fields=["status"])
    after = {"status": to, **({"early_reason": reason} if early else {})}
    record(action=f"selection.{to}", actor=actor, obj=selection, before={"status": before}, after=after)
    return selection


# ---------------------------------------------------------------- nominations


def nominating_units(user: Any, selection: Selection) -> Any:
    """Units in which the user may nominate for `selection`: departments below (or at) the organizer where they
    hold the nominate permission."""
    from zugong.core.units import units_with

    return units_with(user, NOMINATE).filter(path__startswith=selection.org_unit.path)


def nominee_choices(unit: OrgUnit) -> Any:
    """The cadres a unit may nominate: in service, in the unit or below it."""
    return (Cadre.objects.filter(org_unit__path__startswith=unit.path, status=CadreStatus.ACTIVE)
            .select_related("org_unit").order_by("org_unit__path", "name_pinyin", "id"))


@transaction.atomic
def nomination_submit(*, actor: Any, selection: Selection, org_unit: OrgUnit, cadre: Cadre, deeds: str) -> Nomination:
    """A unit nominates one of its cadres, within the per-unit limit, while nominations are open."""
    require_at(actor, NOMINATE, org_unit.path)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)  # one at a time per selection: the quota holds
    if selection.status != Selection.Status.NOMINATING:
        raise ValidationError(MSG_NOT_NOMINATING)
    if timezone.localdate() > selection.nominate_until:
        raise ValidationError(MSG_NOMINATE_ENDED)
    if timezone.localdate() < selection.nominate_from:
        raise ValidationError(MSG_NOMINATE_EARLY.format(day=selection.nominate_from.isoformat()))
    if not org_unit.path.startswith(selection.org_unit.path) or org_unit.kind == OrgUnit.Kind.OFFICE or not org_unit.is_active:
        raise ValidationError({"org_unit": MSG_UNIT})
    if not nominee_choices(org_unit).filter(pk=cadre.pk).exists():
        raise ValidationError({"cadre": MSG_CADRE})
    deeds = (deeds or "").strip()
    if not deeds:
        raise ValidationError({"deeds": MSG_DEEDS})
    if len(deeds) > MAX_DEEDS:
        raise ValidationError({"deeds": MSG_DEEDS_LONG})
    live = [Nomination.Status.SUBMITTED, Nomination.Status.ACCEPTED]
    if selection.nominations.filter(org_unit=org_unit, status__in=live).count() >= selection.nominations_per_unit:
        raise ValidationError(MSG_QUOTA.format(n=selection.nominations_per_unit))
    if selection.nominations.filter(cadre=cadre, status__in=live).exists():
        raise ValidationError({"cadre": MSG_DUPLICATE})
    try:
        with transaction.atomic():
            n = Nomination.objects.create(selection=selection, org_unit=org_unit, cadre=cadre, deeds=deeds, created_by=actor,
                                          submitted_on=timezone.localdate())
    except IntegrityError:
        raise ValidationError({"cadre": MSG_DUPLICATE}) from None
    record(action="nomination.submitted", actor=actor, obj=n, after=snapshot(n))
    return n


@transaction.atomic
def nomination_decide(*, actor: Any, nomination: Nomination, accept: bool | None, reason: str = "",
                      expected_version: int) -> Nomination:
    """The organizer accepts a nomination, or rejects it with the reason."""
    require_at(actor, ORGANIZE, nomination.selection.org_unit.path)
    if accept is None:
        raise ValidationError({"decision": MSG_DECISION})
    selection = Selection.objects.select_for_update().get(pk=nomination.selection_id)  # not while the 公示 starts
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    if selection.status != Selection.Status.NOMINATING:
        raise ValidationError(MSG_NOT_NOMINATING)
    reason = (reason or "").strip()[:500]
    if not accept and not reason:
        raise ValidationError({"reason": MSG_REASON})
    before = snapshot(nomination)
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.reason = "" if accept else reason
    update_versioned(nomination, expected_version=expected_version, fields=["status", "reason"])
    record(action="nomination.accepted" if accept else "nomination.rejected", actor=actor, obj=nomination, before=before,
           after=snapshot(nomination))
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: Any, nomination: Nomination, expected_version: int) -> Nomination:
    """The nominating unit withdraws its nomination before the 公示."""
    if not (can_at(actor, NOMINATE, nomination.org_unit.path) or can_at(actor, ORGANIZE, nomination.selection.org_unit.path)):
        require_at(actor, NOMINATE, nomination.org_unit.path)
    selection = Selection.objects.select_for_update().get(pk=nomination.selection_id)  # not while the 公示 starts
    if selection.status != Selection.Status.NOMINATING:
        raise ValidationError(MSG_WITHDRAW)
    if nomination.status not in (Nomination.Status.SUBMITTED, Nomination.Status.ACCEPTED):
        raise ValidationError(MSG_STEP)
    before = snapshot(nomination)
    nomination.status = Nomination.Status.WITHDRAWN
    update_versioned(nomination, expected_version=expected_version, fields=["status"])
    record(action="nomination.withdrawn", actor=actor, obj=nomination, before=before, after=snapshot(nomination))
    return nomination


# ---------------------------------------------------------------- 公示 comments


def comment_submit(*, selection: Selection, nomination_id: int | None, content: str) -> PublicComment:
    """A comment from the public page. No actor, address, browser or time is kept; the text is encrypted. No audit
    row is written for it: an audit row carries the request's address and the precise time (R73)."""
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": MSG_COMMENT})
    if len(content) > MAX_COMMENT:
        raise ValidationError({"content": MSG_COMMENT_LONG})
    with transaction.atomic():
        selection = Selection.objects.get(pk=selection.pk)
        if selection.status != Selection.Status.PUBLICIZED or timezone.localdate() > selection.publicize_until:
            raise ValidationError(MSG_NOT_PUBLICIZED)
        if timezone.localdate() < selection.publicize_from:
            raise ValidationError(MSG_NOT_YET_PUBLIC)
        nomination = None
        if nomination_id is not None:
            nomination = selection.nominations.filter(pk=nomination_id, status=Nomination.Status.ACCEPTED).first()
            if nomination is None:
                raise ValidationError({"nomination": MSG_NOMINEE})
        return PublicComment.objects.create(selection=selection, nomination=nomination, content_enc=encrypt(content),
                                            received_on=timezone.localdate())


@transaction.atomic
def comment_handle(*, actor: Any, comment: PublicComment, note: str, expected_version: int) -> PublicComment:
    """Mark a 公示 comment handled (核实处理), with what was done."""
    require_at(actor, HANDLE, comment.selection.org_unit.path)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": MSG_NOTE})
    if comment.handled:
        raise ValidationError(MSG_HANDLED)
    comment.handled, comment.note, comment.handled_on, comment.handled_by = True, note[:2000], timezone.localdate(), actor
    update_versioned(comment, expected_version=expected_version, fields=["handled", "note", "handled_on", "handled_by"])
    record(action="selection.comment_handled", actor=actor, obj=comment, after={"note": comment.note})
    return comment


# ---------------------------------------------------------------- commendations


@transaction.atomic
def commendations_confirm(*, actor: Any, selection: Selection, nomination_ids: list[int], awarded_on: date | None,
                          document_number: str = "", expected_version: int) -> list[Commendation]:
    """After the tally the organizer confirms who is commended (by default the top `places`, editable here):
    one commendation record each, and the selection is done (已表彰)."""
    require_at(actor, ORGANIZE, selection.org_unit.path)
    if selection.status != Selection.Status.CLOSED:
        raise ValidationError(MSG_NOT_CLOSED)
    if not isinstance(awarded_on, date):
        raise ValidationError({"awarded_on": MSG_COMMEND_DATE})
    ids = set(nomination_ids)
    if not ids:
        raise ValidationError({"nominations": MSG_COMMEND_NONE})
    if len(ids) > selection.places:
        raise ValidationError({"nominations": MSG_COMMEND_MANY.format(n=selection.places)})
    chosen = list(selection.nominations.filter(pk__in=ids, status=Nomination.Status.ACCEPTED).select_related("cadre__org_unit"))
    if len(chosen) != len(ids):
        raise ValidationError({"nominations": MSG_COMMEND_WHO})
    selection.status, selection.commended_on = Selection.Status.COMMENDED, awarded_on
    update_versioned(selection, expected_version=expected_version, fields=["status", "commended_on"])
    rows = Commendation.objects.bulk_create([
        Commendation(selection=selection, cadre=n.cadre, unit=n.cadre.org_unit, title=selection.honor_title, awarded_on=awarded_on,
                     document_number=(document_number or "").strip()[:100], votes=n.votes, created_by=actor)
        for n in sorted(chosen, key=lambda n: (n.rank or 0, n.pk))])
    record(action="selection.commended", actor=actor, obj=selection, after={
        "commended": [n.cadre.name for n in chosen], "document_number": document_number, "awarded_on": awarded_on.isoformat()})
    return rows
