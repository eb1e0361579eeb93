"""Opinions in (意见建议): entered by staff one by one or in bulk from xlsx, from every channel but the public
mailbox (whose cases come in through mailbox.py). Each opinion keeps the MinHash signature of its text so
likely duplicates can be suggested when it is clustered into a problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM, require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core import units as core_units
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.opinions.models import Channel, Drive, Opinion, OpinionCategory
from zugong.opinions.similarity import signature
from zugong.orgs.models import OrgUnit

ADD = "opinions.add_opinion"
MAX_CONTENT = 5000
STAFF_CHANNELS = [c for c in Channel if c != Channel.MAILBOX]

MSG_CONTENT = "请填写意见内容"
MSG_CONTENT_LONG = f"意见内容不能超过 {MAX_CONTENT} 字"
MSG_CHANNEL = "请选择渠道（公开信箱的来信由信箱自动登记）"
MSG_CATEGORY = "请选择分类"
MSG_SOURCE = "提出人类别不对"
MSG_DATE = "请填写收到日期"
MSG_FUTURE = "收到日期不能晚于今天"
MSG_DRIVE = "征求意见活动不存在，或不包括所选单位"
MSG_DRIVE_CLOSED = "该征求意见活动已结束，不能再登记意见"
MSG_EDIT_MAILBOX = "公开信箱的来信不能修改内容"


@dataclass(frozen=True)
class OpinionInput:
    org_unit: OrgUnit
    channel: str
    category: OpinionCategory
    content: str
    received_on: date
    source_kind: str = Opinion.SourceKind.MASSES
    submitter: str = ""
    anonymous: bool = False
    drive: Drive | None = None


def units_with(user: Any, perm: str = ADD) -> Any:
    """Active units (not offices) where the user holds the permission (core.units.units_with)."""
    return core_units.units_with(user, perm)


def check(data: OpinionInput) -> dict[str, str]:
    """The errors of one opinion's data (the same for the form, the API and every row of an import)."""
    errors: dict[str, str] = {}
    content = data.content.strip()
    if not content:
        errors["content"] = MSG_CONTENT
    elif len(content) > MAX_CONTENT:
        errors["content"] = MSG_CONTENT_LONG
    if data.channel not in {c.value for c in STAFF_CHANNELS}:
        errors["channel"] = MSG_CHANNEL
    if not isinstance(data.category, OpinionCategory) or not data.category.is_active:
        errors["category"] = MSG_CATEGORY
    if data.source_kind not in Opinion.SourceKind.values:
        errors["source_kind"] = MSG_SOURCE
    if data.received_on is None:
        errors["received_on"] = MSG_DATE
    elif data.received_on > timezone.localdate():
        errors["received_on"] = MSG_FUTURE
    if data.drive is not None:
        if not data.org_unit.path.startswith(data.drive.org_unit.path):
            errors["drive"] = MSG_DRIVE
        elif data.drive.status != Drive.Status.OPEN:
            errors["drive"] = MSG_DRIVE_CLOSED
    return errors


def _row(data: OpinionInput, actor: Any) -> Opinion:
    content = data.content.strip()
    return Opinion(org_unit=data.org_unit, drive=data.drive, channel=data.channel, category=data.category, content=content,
                   source_kind=data.source_kind, anonymous=data.anonymous,
                   submitter="" if data.anonymous else data.submitter.strip()[:100],
                   received_on=data.received_on, signature=signature(content), created_by=None if actor is SYSTEM else actor)


@transaction.atomic
def opinion_create(*, actor: Any, data: OpinionInput) -> Opinion:
    require_at(actor, ADD, data.org_unit.path)
    errors = check(data)
    if errors:
        raise ValidationError(errors)
    o = _row(data, actor)
    o.save()
    record(action="opinion.created", actor=actor, obj=o, after=snapshot(o))
    return o


@transaction.atomic
def opinion_update(*, actor: Any, opinion: Opinion, data: OpinionInput, expected_version: int) -> Opinion:
    """Correct an opinion's record (its unit stays: the receiving unit owns it)."""
    require_at(actor, ADD, opinion.org_unit.path)
    if opinion.channel == Channel.MAILBOX:
        raise ValidationError(MSG_EDIT_MAILBOX)
    errors = check(data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(opinion)
    new = _row(data, actor)
    fields = ["drive", "channel", "category", "content", "source_kind", "anonymous", "submitter", "received_on", "signature"]
    for f in fields:
        setattr(opinion, f, getattr(new, f))
    update_versioned(opinion, expected_version=expected_version, fields=fields)
    record(action="opinion.updated", actor=actor, obj=opinion, before=before, after=snapshot(opinion))
    return opinion


@transaction.atomic
def opinion_import(*, actor: Any, rows: list[OpinionInput]) -> list[Opinion]:
    """Register many opinions at once (the xlsx import, already checked row by row): all or nothing,
    one audit row each."""
    for data in rows:
        require_at(actor, ADD, data.org_unit.path)
    created = Opinion.objects.bulk_create([_row(d, actor) for d in rows], batch_size=1000)
    record_many([Entry(action="opinion.imported", obj=o, after=snapshot(o)) for o in created], actor=actor)
    return created


MSG_REPLY = "请填写答复内容"
MSG_RATING = "回访满意度应为 1 到 5"


@transaction.atomic
def opinion_feedback(*, actor: Any, opinion: Opinion, reply: str, rating: int | None, comment: str, expected_version: int) -> Opinion:
    """Record the reply given to whoever raised the opinion and, after the follow-up visit (回访), their rating.
    A mailbox writer rates with the receipt code instead (mailbox.rate)."""
    require_at(actor, ADD, opinion.org_unit.path)
    if opinion.channel == Channel.MAILBOX:
        raise ValidationError(MSG_EDIT_MAILBOX)
    reply = (reply or "").strip()
    errors: dict[str, str] = {}
    if not reply:
        errors["reply"] = MSG_REPLY
    if rating is not None and (not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5):
        errors["rating"] = MSG_RATING
    if errors:
        raise ValidationError(errors)
    before = snapshot(opinion)
    today = timezone.localdate()
    if reply != opinion.reply:
        opinion.reply, opinion.replied_on = reply[:MAX_CONTENT], today
    opinion.status = Opinion.Status.REPLIED
    if rating is not None and rating != opinion.rating:
        opinion.rating, opinion.rated_on = rating, today
    opinion.rating_comment = (comment or "").strip()[:500]
    update_versioned(opinion, expected_version=expected_version,
                     fields=["reply", "replied_on", "status", "rating", "rated_on", "rating_comment"])
    record(action="opinion.feedback", actor=actor, obj=opinion, before=before, after=snapshot(opinion))
    return opinion
