"""学: study sessions (中心组学习、党课 …) with their attendees and materials, and the yearly study-hour
requirements per rank. Each attendee earns the "learning.study_attended" points (caps by the rule).

Attendees come from the roster of the session's unit subtree (cadres on the roll); a whole office can
be picked at once (`offices`), which the form expands to its cadres."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import SYSTEM, require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core import units as core_units
from zugong.core.errors import ValidationError
from zugong.core.params import decimal_param
from zugong.core.versioning import update_versioned
from zugong.learning.models import StudyAttendance, StudyKind, StudyRequirement, StudySession
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre, Rank
from zugong.people.selectors import ON_ROLL
from zugong.points.services import award, revoke

ADD = "learning.add_studysession"
REQUIREMENT = "learning.change_studyrequirement"
POINTS = "learning.study_attended"

MSG_KIND = "请选择学习形式"
MSG_DATE = "请填写日期"
MSG_FUTURE = "日期不能晚于今天"
MSG_HOURS = "学时应大于 0，且不超过 24"
MSG_TOPIC = "请填写学习主题"
MSG_NO_ATTENDEES = "请选择参加人员"
MSG_ROSTER = "参加人员应为本单位及下级在册的组工干部"
MSG_REQ_HOURS = "每年应完成学时应在 0 到 9999 之间"
MSG_REQ_RANK = "职级不对"
MAX_HOURS = Decimal(24)


# ---------------------------------------------------------------- roster and units


def units_with(user: Any, perm: str) -> Any:
    """Active units (not offices) where the user holds the permission (core.units.units_with)."""
    return core_units.units_with(user, perm)


def _cadres(user: Any) -> Any:
    # the system actor (seeding, maintenance) holds no grants but passes every scope check
    return Cadre.objects.all() if user is SYSTEM else Cadre.objects.visible_to(user, "view")


def roster(user: Any, unit: OrgUnit) -> Any:
    """Cadres on the roll in the unit's subtree that the user may see."""
    return _cadres(user).filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL)


def roster_offices(unit: OrgUnit) -> Any:
    """The internal offices in the unit's subtree (for "select a whole office")."""
    return OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgUnit.Kind.OFFICE, is_active=True).order_by("path")


def roster_groups(user: Any, unit: OrgUnit) -> list[dict[str, Any]]:
    """The roster grouped for the pickers: per unit, per office (cadres without an office last), one query."""
    groups: dict[tuple[int, int | None], dict[str, Any]] = {}
    for c in roster(user, unit).select_related("org_unit", "office").order_by("org_unit__path", "office__path", "name_pinyin", "id"):
        key = (c.org_unit_id, c.office_id)
        g = groups.get(key)
        if g is None:
            label = f"{c.org_unit.name} · {c.office.name}" if c.office_id else c.org_unit.name
            g = groups[key] = {"label": label, "office": c.office, "cadres": []}
        g["cadres"].append(c)
    return list(groups.values())


def with_offices(user: Any, unit: OrgUnit, cadres: Iterable[Cadre], offices: Iterable[OrgUnit]) -> list[Cadre]:
    """The picked cadres plus every cadre on the roll of the picked offices (without JS the office box
    sends its id), without duplicates, in roster order."""
    picked = {c.pk: c for c in cadres}
    office_ids = [o.pk for o in offices]
    if office_ids:
        for c in roster(user, unit).filter(office_id__in=office_ids):
            picked.setdefault(c.pk, c)
    return list(picked.values())


# ---------------------------------------------------------------- sessions


def _check(user: Any, unit: OrgUnit, data: dict[str, Any], attendees: list[Cadre], kept: frozenset[int] = frozenset()) -> dict[str, str]:
    """The errors of a session's data; `kept` are attendees already registered (who may have left the roll since)."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if not isinstance(kind, StudyKind) or not kind.is_active:
        errors["kind"] = MSG_KIND
    day: date | None = data.get("date")
    if day is None:
        errors["date"] = MSG_DATE
    elif day > timezone.localdate():
        errors["date"] = MSG_FUTURE
    hours = decimal_param(data.get("hours"))
    if hours is None or hours <= 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = MSG_HOURS
    if not str(data.get("topic") or "").strip():
        errors["topic"] = MSG_TOPIC
    if not attendees:
        errors["attendees"] = MSG_NO_ATTENDEES
    else:
        ids = {c.pk for c in attendees} - kept
        if ids and roster(user, unit).filter(pk__in=ids).count() != len(ids):
            errors["attendees"] = MSG_ROSTER
    return errors


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"kind": data["kind"], "date": data["date"], "hours": decimal_param(data["hours"]), "topic": str(data["topic"]).strip()[:200],
            "speaker": str(data.get("speaker") or "").strip()[:100], "place": str(data.get("place") or "").strip()[:100],
            "summary": str(data.get("summary") or "").strip()[:20_000]}


def _award(session: StudySession, cadres: Iterable[Cadre]) -> None:
    for c in cadres:
        award(POINTS, cadre=c, source=f"study:{session.pk}", on=session.date)


@transaction.atomic
def studysession_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], attendees: list[Cadre],
                        uploads: list[Any] | None = None) -> StudySession:
    """Register a study session with its attendees; each attendee earns the study points."""
    require_at(actor, ADD, org_unit.path)
    errors = _check(actor, org_unit, data, attendees)
    if errors:
        raise ValidationError(errors)
    uploads = uploads or []
    s = StudySession.objects.create(org_unit=org_unit, created_by=actor, **_fields(data))
    StudyAttendance.objects.bulk_create([StudyAttendance(session=s, cadre=c) for c in attendees])
    if uploads:
        s.files.set(files.store_all(uploads, actor=actor, org_unit=org_unit))
    _award(s, attendees)
    record(action="studysession.created", actor=actor, obj=s,
           after={**snapshot(s), "attendees": sorted(c.pk for c in attendees), "files": len(uploads)})
    return s


@transaction.atomic
def studysession_update(*, actor: Any, session: StudySession, data: dict[str, Any], attendees: list[Cadre],
                        expected_version: int, uploads: list[Any] | None = None) -> StudySession:
    """Edit a session (its unit stays); attendees added earn points, removed ones lose theirs, and a new
    date moves every attendee's entry to that day (caps are applied again)."""
    require_at(actor, ADD, session.org_unit.path)
    kept = frozenset(session.attendance.values_list("cadre_id", flat=True))
    errors = _check(actor, session.org_unit, data, attendees, kept)
    if errors:
        raise ValidationError(errors)
    before = {**snapshot(session), "attendees": sorted(kept)}
    old_date = session.date
    for k, v in _fields(data).items():
        setattr(session, k, v)
    update_versioned(session, expected_version=expected_version, fields=list(_fields(data)))
    current = {a.cadre_id: a.cadre for a in session.attendance.select_related("cadre")}
    wanted = {c.pk: c for c in attendees}
    removed = [c for pk, c in current.items() if pk not in wanted]
    added = [c for pk, c in wanted.items() if pk not in current]
    source = f"study:{session.pk}"
    StudyAttendance.objects.filter(session=session, cadre_id__in=[c.pk for c in removed]).delete()
    StudyAttendance.objects.bulk_create([StudyAttendance(session=session, cadre=c) for c in added])
    for c in removed:
        revoke(POINTS, cadre=c, source=source)
    if session.date != old_date:
        for c in current.values():
            if c.pk in wanted:
                revoke(POINTS, cadre=c, source=source)
        _award(session, attendees)
    else:
        _award(session, added)
    uploads = uploads or []
    if uploads:
        session.files.add(*files.store_all(uploads, actor=actor, org_unit=session.org_unit))
    record(action="studysession.updated", actor=actor, obj=session, before=before,
           after={**snapshot(session), "attendees": sorted(wanted), "files_added": len(uploads)})
    return session


# ---------------------------------------------------------------- requirements


@transaction.atomic
def requirement_save(*, actor: Any, org_unit: OrgUnit, rank: str, hours: Any) -> StudyRequirement | None:
    """Set (or, with empty hours, remove) the yearly hours a unit asks of its subtree's cadres of a rank
    ("" = all ranks)."""
    require_at(actor, REQUIREMENT, org_unit.path)
    if rank and rank not in Rank.values:
        raise ValidationError({"rank": MSG_REQ_RANK})
    existing = StudyRequirement.objects.filter(org_unit=org_unit, rank=rank).first()
    before = snapshot(existing) if existing else None
    if hours is None or hours == "":
        if existing is None:
            return None
        existing.delete()
        record(action="studyrequirement.saved", actor=actor, object_type="learning.studyrequirement", object_id=str(before["id"]),  # type: ignore[index]
               object_repr=str(existing), org_unit_id=org_unit.pk, before=before, after={"deleted": True})
        return None
    value = decimal_param(hours)
    if value is None or value < 0 or value >= 10_000:
        raise ValidationError({"hours": MSG_REQ_HOURS})
    value = value.quantize(Decimal("0.1"))
    if existing is None:
        existing = StudyRequirement.objects.create(org_unit=org_unit, rank=rank, hours=value)
    else:
        existing.hours = value
        existing.save(update_fields=["hours"])
    record(action="studyrequirement.saved", actor=actor, obj=existing, before=before, after=snapshot(existing))
    return existing
