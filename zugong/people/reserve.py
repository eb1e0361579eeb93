"""后备组工干部人才库: a unit keeps its cadres in the pool (入库), edits the recommendation, and takes them out
when they are used (已使用: promoted or appointed) or leave (退出). Kept with the roster's permissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.people.models import Cadre, CadreStatus, Rank, ReservePoolEntry, ReserveStatus

ON_ROLL = (CadreStatus.ACTIVE, CadreStatus.SECONDED, CadreStatus.LOANED)
MSG_IN_POOL = "该干部已在后备库中"
MSG_NOT_ON_ROLL = "该干部已{status}，不能入库"
MSG_SINCE_FUTURE = "入库时间不能晚于今天"
MSG_LEFT = "该人选已出库，不能再修改"
MSG_LEAVE_STATUS = "出库方式只能是“已使用”或“退出”"
MSG_LEAVE_DATE = "出库时间不能早于入库时间，也不能晚于今天"


@dataclass
class ReserveInput:
    since: date
    recommended_post: str = ""
    recommended_rank: str = ""
    note: str = ""


def validate_reserve(data: ReserveInput, *, today: date | None = None) -> dict[str, str]:
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    data.recommended_post = (data.recommended_post or "").strip()
    data.note = (data.note or "").strip()
    if data.since > today:
        errors["since"] = MSG_SINCE_FUTURE
    if data.recommended_rank and data.recommended_rank not in Rank.values:
        errors["recommended_rank"] = "职级无效"
    if len(data.recommended_post) > 100:
        errors["recommended_post"] = "拟推荐岗位不能超过100个字"
    if len(data.note) > 200:
        errors["note"] = "备注不能超过200个字"
    return errors


@transaction.atomic
def reserve_add(*, actor: Any, cadre: Cadre, data: ReserveInput) -> ReservePoolEntry:
    """Put a cadre of a unit in the actor's scope into that unit's pool (one open entry per cadre)."""
    require_at(actor, "people.change_cadre", cadre.org_unit.path)
    locked = Cadre.objects.select_for_update().get(pk=cadre.pk)  # two clerks adding the same cadre: one after the other
    errors = validate_reserve(data)
    if locked.status not in ON_ROLL:
        errors["cadre"] = MSG_NOT_ON_ROLL.format(status=locked.get_status_display())
    elif ReservePoolEntry.objects.filter(cadre=cadre, status=ReserveStatus.IN_POOL).exists():
        errors["cadre"] = MSG_IN_POOL
    if errors:
        raise ValidationError(errors)
    entry = ReservePoolEntry.objects.create(
        cadre=cadre, org_unit=cadre.org_unit, since=data.since, recommended_post=data.recommended_post,
        recommended_rank=data.recommended_rank, note=data.note, created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(action="reserve.added", actor=actor, obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def reserve_update(*, actor: Any, entry: ReservePoolEntry, data: ReserveInput, expected_version: int) -> ReservePoolEntry:
    require_at(actor, "people.change_cadre", entry.org_unit.path)
    if entry.status != ReserveStatus.IN_POOL:
        raise ValidationError(MSG_LEFT)
    errors = validate_reserve(data)
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry)
    entry.since, entry.recommended_post, entry.recommended_rank, entry.note = (
        data.since, data.recommended_post, data.recommended_rank, data.note)
    entry.updated_at = timezone.now()
    update_versioned(entry, expected_version=expected_version,
                     fields=["since", "recommended_post", "recommended_rank", "note", "updated_at"])
    record(action="reserve.updated", actor=actor, obj=entry, before=before, after=snapshot(entry))
    return entry


@transaction.atomic
def reserve_leave(
    *, actor: Any, entry: ReservePoolEntry, status: str, on: date, reason: str, expected_version: int, today: date | None = None
) -> ReservePoolEntry:
    """Take a cadre out of the pool: 已使用 (promoted, appointed) or 退出 (withdrawn, no longer suitable)."""
    today = today or timezone.localdate()
    require_at(actor, "people.change_cadre", entry.org_unit.path)
    if entry.status != ReserveStatus.IN_POOL:
        raise ValidationError(MSG_LEFT)
    errors: dict[str, str] = {}
    if status not in (ReserveStatus.USED, ReserveStatus.LEFT):
        errors["status"] = MSG_LEAVE_STATUS
    if on < entry.since or on > today:
        errors["left_on"] = MSG_LEAVE_DATE
    reason = (reason or "").strip()
    if len(reason) > 200:
        errors["left_reason"] = "出库原因不能超过200个字"
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry)
    entry.status, entry.left_on, entry.left_reason = status, on, reason
    entry.updated_at = timezone.now()
    update_versioned(entry, expected_version=expected_version, fields=["status", "left_on", "left_reason", "updated_at"])
    record(action="reserve.left", actor=actor, obj=entry, before=before, after=snapshot(entry))
    return entry
