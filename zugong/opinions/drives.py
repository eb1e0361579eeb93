"""Solicitation drives (征求意见活动) and their channel records: letters sent, symposiums, visits, hotline
calls and questionnaires, each by the unit that did it, under a drive of its own unit or of a unit above."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core import units as core_units
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.opinions.models import RECORD_KINDS, Channel, ChannelRecord, Drive
from zugong.orgs.models import OrgUnit

ADD = "opinions.add_drive"
MAX_COUNT = 10_000_000

MSG_TITLE = "请填写活动名称"
MSG_DATES = "请填写开始和结束日期"
MSG_ORDER = "结束日期不能早于开始日期"
MSG_CHANNELS = "请至少选择一种征求渠道"
MSG_CHANNEL = "征求渠道不对"
MSG_CAMPAIGN = "所属活动不在您的授权范围内"
MSG_KIND = "请选择渠道"
MSG_DATE = "请填写日期"
MSG_FUTURE = "日期不能晚于今天"
MSG_OUTSIDE = "日期应在活动期间（{start} 至 {end}）"
MSG_COUNT = "数量应为 1 到 10000000 之间的整数"
MSG_PARTICIPANTS = "人数（份数）应为 0 到 10000000 之间的整数"
MSG_CLOSED = "该征求意见活动已结束，不能再登记"
MSG_UNIT = "只能登记活动组织单位及其下级单位的情况"
MSG_STATUS = "状态不对"


def units_with(user: Any, perm: str = ADD) -> Any:
    """Active units (not offices) where the user holds the permission (core.units.units_with)."""
    return core_units.units_with(user, perm)


def _check_drive(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    start, end = data.get("start_date"), data.get("end_date")
    if start is None or end is None:
        errors["end_date" if start else "start_date"] = MSG_DATES
    elif end < start:
        errors["end_date"] = MSG_ORDER
    channels = data.get("channels") or []
    valid = set(Channel.values)
    if not channels:
        errors["channels"] = MSG_CHANNELS
    elif any(c not in valid for c in channels):
        errors["channels"] = MSG_CHANNEL
    return errors


def _drive_fields(data: dict[str, Any]) -> dict[str, Any]:
    order = {c: i for i, c in enumerate(Channel.values)}
    return {"title": str(data["title"]).strip()[:200], "start_date": data["start_date"], "end_date": data["end_date"],
            "channels": sorted(set(data["channels"]), key=order.__getitem__), "campaign": data.get("campaign"),
            "description": str(data.get("description") or "").strip()[:20_000]}


def _check_campaign(actor: Any, org_unit: OrgUnit, campaign: Any) -> None:
    if campaign is None:
        return
    from zugong.campaigns.models import Campaign

    if not Campaign.objects.visible_to(actor, "view").filter(pk=campaign.pk).exists():
        raise ValidationError({"campaign": MSG_CAMPAIGN})


@transaction.atomic
def drive_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], uploads: list[Any] | None = None) -> Drive:
    require_at(actor, ADD, org_unit.path)
    errors = _check_drive(data)
    if errors:
        raise ValidationError(errors)
    _check_campaign(actor, org_unit, data.get("campaign"))
    d = Drive.objects.create(org_unit=org_unit, created_by=actor, **_drive_fields(data))
    if uploads:
        d.files.set(files.store_all(uploads, actor=actor, org_unit=org_unit))
    record(action="drive.created", actor=actor, obj=d, after=snapshot(d))
    return d


@transaction.atomic
def drive_update(*, actor: Any, drive: Drive, data: dict[str, Any], expected_version: int, uploads: list[Any] | None = None) -> Drive:
    require_at(actor, ADD, drive.org_unit.path)
    errors = _check_drive(data)
    if errors:
        raise ValidationError(errors)
    _check_campaign(actor, drive.org_unit, data.get("campaign"))
    before = snapshot(drive)
    fields = _drive_fields(data)
    for k, v in fields.items():
        setattr(drive, k, v)
    update_versioned(drive, expected_version=expected_version, fields=list(fields))
    if uploads:
        drive.files.add(*files.store_all(uploads, actor=actor, org_unit=drive.org_unit))
    record(action="drive.updated", actor=actor, obj=drive, before=before, after=snapshot(drive))
    return drive


@transaction.atomic
def drive_set_status(*, actor: Any, drive: Drive, status: str, expected_version: int) -> Drive:
    """End a drive (nothing more is recorded under it) or open it again."""
    require_at(actor, ADD, drive.org_unit.path)
    if status not in Drive.Status.values:
        raise ValidationError({"status": MSG_STATUS})
    before = snapshot(drive)
    drive.status = status
    update_versioned(drive, expected_version=expected_version, fields=["status"])
    record(action="drive.status", actor=actor, obj=drive, before=before, after=snapshot(drive))
    return drive


def _check_record(drive: Drive, unit: OrgUnit, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if drive.status != Drive.Status.OPEN:
        errors["__all__"] = MSG_CLOSED
    if not unit.path.startswith(drive.org_unit.path):
        errors["org_unit"] = MSG_UNIT
    if data.get("kind") not in {c.value for c in RECORD_KINDS}:
        errors["kind"] = MSG_KIND
    day: date | None = data.get("date")
    if day is None:
        errors["date"] = MSG_DATE
    elif day > timezone.localdate():
        errors["date"] = MSG_FUTURE
    elif not drive.start_date <= day <= drive.end_date:
        errors["date"] = MSG_OUTSIDE.format(start=drive.start_date, end=drive.end_date)
    count = data.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
        errors["count"] = MSG_COUNT
    participants = data.get("participants")
    if participants is not None and (not isinstance(participants, int) or not 0 <= participants <= MAX_COUNT):
        errors["participants"] = MSG_PARTICIPANTS
    return errors


@transaction.atomic
def record_add(*, actor: Any, drive: Drive, org_unit: OrgUnit, data: dict[str, Any], uploads: list[Any] | None = None) -> ChannelRecord:
    """Record what a unit did on one channel of the drive (a symposium with its minutes, letters sent …)."""
    require_at(actor, ADD, org_unit.path)
    drive = Drive.objects.select_for_update().get(pk=drive.pk)
    errors = _check_record(drive, org_unit, data)
    if errors:
        raise ValidationError(errors)
    r = ChannelRecord.objects.create(
        drive=drive, org_unit=org_unit, kind=data["kind"], date=data["date"], count=data["count"],
        participants=data.get("participants"), recipients=str(data.get("recipients") or "").strip()[:200],
        staff=str(data.get("staff") or "").strip()[:200], minutes=str(data.get("minutes") or "").strip()[:50_000],
        created_by=actor)
    if uploads:
        r.files.set(files.store_all(uploads, actor=actor, org_unit=org_unit))
    record(action="channelrecord.created", actor=actor, obj=r, after={**snapshot(r), "files": len(uploads or [])})
    return r
