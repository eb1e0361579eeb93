"""Writes on the roster. Page forms, the API and xlsx import all validate through `validate_cadre`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import can_at, require, require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core import crypto, idcard
from zugong.core.bulk import insert_rows
from zugong.core.errors import ValidationError
from zugong.core.pinyin import name_pinyin
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, CadreStatus, Gender, Movement

MSG_DUPLICATE_ID = "该身份证号已在名册中登记"
MSG_OUT_OF_SCOPE_ID = "该身份证号已登记在您授权范围以外的单位，不能覆盖"
MSG_OFFICE = "所在科室必须是所在单位的内设科室"
MSG_UNIT_KIND = "所在单位不能是内设科室，请选择部门，科室填在“所在科室”"
MSG_GENDER = "性别与身份证号不符"
MSG_PHONE = "手机号应为11位数字，以1开头"
MSG_NAME = "姓名应为2-20个汉字或字母"
MSG_WORK_START = "从事组织工作时间不能早于16周岁，也不能晚于今天"
MSG_LINK_UNKNOWN = "没有用户名为“{username}”的账号"
MSG_LINK_INACTIVE = "账号“{username}”已停用，不能关联"
MSG_LINK_ADMIN = "“{username}”是三员账号（系统管理员、安全管理员、审计管理员），不能关联到组工干部"
MSG_LINK_TAKEN = "账号“{username}”已关联到组工干部“{name}”，请先在该干部处解除关联"

IMPORT_AUDIT_BATCH = 2000
_PHONE = re.compile(r"^1[3-9]\d{9}$")
_NAME = re.compile(r"^[\u4e00-\u9fff·A-Za-z ]{2,20}$")


@dataclass
class CadreInput:
    """Cleaned values for a cadre, whatever door they came in through."""

    name: str
    id_number: str
    political_status: str
    education: str
    rank: str
    org_unit: OrgUnit
    gender: str = ""
    ethnicity: str = "汉族"
    phone: str = ""
    degree: str = "none"
    position: str = ""
    office: OrgUnit | None = None
    work_start_date: date | None = None
    status: str = CadreStatus.ACTIVE
    # Filled by validate_cadre:
    birth_date: date | None = field(default=None, repr=False)
    id_hash: str = field(default="", repr=False)


def validate_cadre(data: CadreInput, *, today: date | None = None) -> dict[str, str]:
    """Check one cadre's values; returns {field: Chinese message}. Normalizes `data` in place."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    data.name = data.name.strip()
    if not _NAME.match(data.name):
        errors["name"] = MSG_NAME
    try:
        data.id_number, data.birth_date, id_gender = idcard.validate(data.id_number, today=today)
        data.id_hash = crypto.blind_index(data.id_number)
        if not data.gender:
            data.gender = id_gender
        elif data.gender != id_gender:
            errors["gender"] = MSG_GENDER
    except idcard.IdNumberError as exc:
        errors["id_number"] = str(exc)
    if data.gender and data.gender not in Gender.values:
        errors["gender"] = "性别只能是男或女"
    data.phone = data.phone.strip().replace(" ", "").replace("-", "")
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = MSG_PHONE
    if data.org_unit.kind == OrgUnit.Kind.OFFICE:
        errors["org_unit"] = MSG_UNIT_KIND
    if data.office is not None and (data.office.parent_id != data.org_unit.pk or data.office.kind != OrgUnit.Kind.OFFICE):
        errors["office"] = MSG_OFFICE
    if data.work_start_date and (
        data.work_start_date > today
        or (data.birth_date and data.work_start_date < data.birth_date.replace(year=data.birth_date.year + 16, day=min(data.birth_date.day, 28)))
    ):
        errors["work_start_date"] = MSG_WORK_START
    if len(data.position) > 100:
        errors["position"] = "职务不能超过100个字"
    data.ethnicity = (data.ethnicity or "汉族").strip()
    if len(data.ethnicity) > 20:
        errors["ethnicity"] = "民族不能超过20个字"
    return errors


def _apply(cadre: Cadre, data: CadreInput) -> None:
    cadre.name = data.name
    cadre.name_pinyin, cadre.name_initials = name_pinyin(data.name)
    cadre.gender = data.gender
    cadre.ethnicity = data.ethnicity
    if cadre.id_number_hash != data.id_hash:
        cadre.id_number_enc = crypto.encrypt(data.id_number)
        cadre.id_number_hash = data.id_hash
        cadre.id_number_masked = crypto.mask(data.id_number, 4, 4)
    assert data.birth_date is not None
    cadre.birth_date = data.birth_date
    cadre.phone_enc = crypto.encrypt(data.phone)
    cadre.phone_masked = crypto.mask(data.phone, 3, 4)
    cadre.political_status = data.political_status
    cadre.education = data.education
    cadre.degree = data.degree
    cadre.position = data.position
    cadre.rank = data.rank
    cadre.org_unit = data.org_unit
    cadre.office = data.office
    cadre.work_start_date = data.work_start_date
    cadre.status = data.status


EDITABLE_FIELDS = [
    "name", "name_pinyin", "name_initials", "gender", "ethnicity", "id_number_enc", "id_number_hash",
    "id_number_masked", "birth_date", "phone_enc", "phone_masked", "political_status", "education", "degree",
    "position", "rank", "org_unit", "office", "work_start_date", "status", "updated_at",
]


@transaction.atomic
def cadre_create(*, actor: Any, data: CadreInput) -> Cadre:
    """Add a cadre to a unit within the actor's scope."""
    require_at(actor, "people.add_cadre", data.org_unit.path)
    errors = validate_cadre(data)
    if not errors and Cadre.objects.filter(id_number_hash=data.id_hash).exists():
        errors["id_number"] = MSG_DUPLICATE_ID
    if errors:
        raise ValidationError(errors)
    cadre = Cadre()
    _apply(cadre, data)
    cadre.save()
    record(action="cadre.created", actor=actor, obj=cadre, after=snapshot(cadre))
    return cadre


@transaction.atomic
def cadre_update(*, actor: Any, cadre: Cadre, expected_version: int, data: CadreInput) -> Cadre:
    """Edit a cadre; a stale `expected_version` raises ConflictError instead of overwriting."""
    require(actor, "change", cadre)
    require_at(actor, "people.change_cadre", data.org_unit.path)  # cannot move a cadre out of scope
    errors = validate_cadre(data)
    if not errors and Cadre.objects.filter(id_number_hash=data.id_hash).exclude(pk=cadre.pk).exists():
        errors["id_number"] = MSG_DUPLICATE_ID
    if errors:
        raise ValidationError(errors)
    before = snapshot(cadre)
    _apply(cadre, data)
    cadre.updated_at = timezone.now()
    update_versioned(cadre, expected_version=expected_version, fields=EDITABLE_FIELDS)
    record(action="cadre.updated", actor=actor, obj=cadre, before=before, after=snapshot(cadre))
    return cadre


@transaction.atomic
def cadre_delete(*, actor: Any, cadre: Cadre) -> None:
    require(actor, "delete", cadre)
    before = snapshot(cadre)
    pk, org_unit_id, name = cadre.pk, cadre.org_unit_id, str(cadre)
    cadre.delete()
    record(
        action="cadre.deleted", actor=actor, object_type="people.cadre", object_id=str(pk),
        object_repr=name, org_unit_id=org_unit_id, before=before,
    )


def cadre_reveal(*, actor: Any, cadre: Cadre) -> dict[str, str]:
    """Full ID number and phone for roles that need them; every reveal is audited (R30-R40)."""
    require(actor, "reveal", cadre)
    record(action="cadre.pii_revealed", actor=actor, obj=cadre)
    return {"id_number": crypto.decrypt(cadre.id_number_enc), "phone": crypto.decrypt(cadre.phone_enc)}


def movement_record(
    *, actor: Any, cadre: Cadre, kind: str, on: date, destination: str = "", note: str = "", **details: Any
) -> Movement:
    """Record a movement (see movements.movement_register); without `strict` only kind and date are required,
    as for older callers. Secondment, exchange out, transfer-out and retirement also change the cadre's status."""
    from zugong.people.movements import MovementInput, movement_register

    strict = details.pop("strict", False)
    expected_version = details.pop("expected_version", None)
    data = MovementInput(kind=kind, on=on, destination=destination, note=note, **details)
    return movement_register(actor=actor, cadre=cadre, data=data, expected_version=expected_version, strict=strict)


@transaction.atomic
def cadre_link_user(*, actor: Any, cadre: Cadre, username: str | None) -> Cadre:
    """Link the roster entry to the person's own login account (their exams, training sign-up and points
    card), or unlink it ("" / None). The account must exist, be active, not be a 三员 account and not be
    linked to another cadre; relinking replaces the account linked before."""
    from zugong.accounts.models import User

    require(actor, "change", cadre)
    # the cadre row, then the account row, under lock: two people linking one account to two cadres are
    # served one after the other, and the second is told it is taken (never a unique-constraint 500)
    locked = Cadre.objects.select_for_update(of=("self",)).select_related("user").get(pk=cadre.pk)
    before = locked.user.username if locked.user else None
    name = (username or "").strip()
    user = None
    if name:
        user = User.objects.select_for_update().filter(username__iexact=name).first()
        if user is None:
            raise ValidationError({"username": MSG_LINK_UNKNOWN.format(username=name[:150])})
        if not user.is_active:
            raise ValidationError({"username": MSG_LINK_INACTIVE.format(username=user.username)})
        if user.admin_role:
            raise ValidationError({"username": MSG_LINK_ADMIN.format(username=user.username)})
        other = Cadre.objects.filter(user=user).exclude(pk=cadre.pk).only("name").first()
        if other is not None:
            raise ValidationError({"username": MSG_LINK_TAKEN.format(username=user.username, name=other.name)})
    if getattr(actor, "pk", None) is not None and actor.pk in {locked.user_id, getattr(user, "pk", None)}:
        # one's own link decides whose points one may approve and whose writings one may review
        raise ValidationError({"username": "不能关联或解除关联自己的账号，请由本单位其他有权限的人员操作"})
    after = user.username if user else None
    cadre.user = user
    if before == after:
        return cadre  # nothing changes, nothing to audit
    Cadre.objects.filter(pk=cadre.pk).update(user=user)  # the roster record itself is not edited: no version bump
    record(action="cadre.user_linked", actor=actor, obj=cadre, before={"user": before}, after={"user": after})
    return cadre


@dataclass
class ImportOutcome:
    created: int
    updated: int
    unchanged: int = 0


def existing_by_hash(hashes: Iterable[str]) -> dict[str, Cadre]:
    """Cadres already registered under these blind-indexed ID numbers (all scopes: the key is global)."""
    result: dict[str, Cadre] = {}
    keys = list(hashes)
    for i in range(0, len(keys), 900):
        for c in Cadre.objects.filter(id_number_hash__in=keys[i : i + 900]).select_related("org_unit"):
            result[c.id_number_hash] = c
    return result


def check_import_scope(*, actor: Any, rows: list[CadreInput], existing: dict[str, Cadre]) -> dict[int, dict[str, str]]:
    """Row errors for units outside the actor's scope and for updates of cadres outside it."""
    errors: dict[int, dict[str, str]] = {}
    for i, data in enumerate(rows):
        if not can_at(actor, "people.import_cadre", data.org_unit.path):
            errors.setdefault(i, {})["org_unit"] = "所在单位不在您的授权范围内"
        found = existing.get(data.id_hash)
        if found is not None and not can_at(actor, "people.import_cadre", found.org_unit.path):
            errors.setdefault(i, {})["id_number"] = MSG_OUT_OF_SCOPE_ID
    return errors


@transaction.atomic
def cadre_import(
    *, actor: Any, rows: list[CadreInput], progress: Callable[[int], None] | None = None
) -> ImportOutcome:
    """Create or update (by ID number) all rows, or none: every row must already be validated."""
    existing = existing_by_hash(r.id_hash for r in rows)
    scope_errors = check_import_scope(actor=actor, rows=rows, existing=existing)
    if scope_errors:
        raise ValidationError("导入数据中有不在授权范围内的记录，未导入任何数据")
    seen: set[str] = set()
    to_create: list[Cadre] = []
    to_update: list[tuple[Cadre, dict[str, Any]]] = []
    unchanged = 0
    now = timezone.now()
    for data in rows:
        if data.id_hash in seen:
            raise ValidationError("导入文件中有重复的身份证号，未导入任何数据")
        seen.add(data.id_hash)
        cadre = existing.get(data.id_hash)
        if cadre is None:
            cadre = Cadre(created_at=now, updated_at=now)
            _apply(cadre, data)
            to_create.append(cadre)
        else:
            before = snapshot(cadre)
            old_phone = crypto.decrypt(cadre.phone_enc)
            _apply(cadre, data)
            if snapshot(cadre) == before and old_phone == data.phone:
                unchanged += 1  # a re-import of the same row changes nothing, not even the version
                continue
            cadre.updated_at = now
            cadre.version += 1
            to_update.append((cadre, before))
    batch = 2000
    done = 0
    for i in range(0, len(to_create), batch):
        insert_rows(Cadre, to_create[i : i + batch], batch_size=batch)
        done += len(to_create[i : i + batch])
        if progress:
            progress(done)
    for i in range(0, len(to_update), batch):
        Cadre.objects.bulk_update([c for c, _ in to_update[i : i + batch]], [*EDITABLE_FIELDS, "version"])
        done += len(to_update[i : i + batch])
        if progress:
            progress(done)
    if to_create:  # the fast insert reads no ids back: fetch them by the unique blind index
        ids: dict[str, int] = {}
        hashes = [c.id_number_hash for c in to_create]
        for i in range(0, len(hashes), 900):
            ids.update(Cadre.objects.filter(id_number_hash__in=hashes[i : i + 900]).values_list("id_number_hash", "id"))
        for c in to_create:
            c.pk = ids[c.id_number_hash]
    # New rows are audited in batches that name every created id (the values are in the rows themselves);
    # updates keep one row each with the before/after of what changed.
    entries = [
        Entry(action="cadre.imported", object_type="people.cadre", object_repr=f"导入新增 {len(chunk)} 名组工干部",
              after={"ids": [c.pk for c in chunk], "org_units": sorted({c.org_unit_id for c in chunk})})
        for chunk in (to_create[i : i + IMPORT_AUDIT_BATCH] for i in range(0, len(to_create), IMPORT_AUDIT_BATCH))
    ]
    entries += [Entry(action="cadre.import_updated", obj=c, before=b, after=snapshot(c)) for c, b in to_update]
    record_many(entries, actor=actor)
    return ImportOutcome(created=len(to_create), updated=len(to_update), unchanged=unchanged)
