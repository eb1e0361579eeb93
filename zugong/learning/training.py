"""Training classes (培训班, counted in 期), their course menus, enrolments (人次) and completion.

Staff of the organizer enrol cadres of its subtree; with open enrolment (点训) a cadre signed in with
their own account enrols and picks courses. Places are counted under a lock on the class row (and the
picked courses' rows), so two people cannot take the last place at the same moment. A completed
enrolment earns the "learning.training_completed" points on the class's end date; undoing the
completion withdraws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core.errors import ValidationError
from zugong.core.params import decimal_param
from zugong.core.versioning import update_versioned
from zugong.learning.models import CoverageRule, Enrollment, TrainingClass, TrainingCourse
from zugong.learning.study import roster
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL, cadre_of
from zugong.points.services import award, revoke

ADD = "learning.add_trainingclass"
POINTS = "learning.training_completed"
CLASS_FIELDS = ["title", "kind", "start_date", "end_date", "hours", "place", "description", "capacity", "open_enrolment"]
MAX_CLASS_HOURS = Decimal(2000)

MSG_TITLE = "请填写培训班名称"
MSG_KIND = "请选择培训类型"
MSG_DATES = "结业日期不能早于开班日期"
MSG_DATE = "请填写日期"
MSG_HOURS = "学时应大于 0，且不超过 2000"
MSG_CAPACITY_BELOW = "计划人数不能少于已报名的 {n} 人"
MSG_COURSE_TITLE = "请填写课程名称"
MSG_COURSE_DATE = "课程日期应在开班和结业日期之间"
MSG_COURSE_HOURS = "课程学时应在 0 到 24 之间"
MSG_NO_CADRES = "请选择要报名的学员"
MSG_ROSTER = "学员应为主办单位及下级在册的组工干部"
MSG_CAPACITY = "超出计划人数：计划 {cap} 人，已报名 {n} 人，最多还能报名 {left} 人"
MSG_COURSE_FULL = "课程“{title}”已报满（限额 {cap} 人）"
MSG_STATUS = "结业情况不对"
MSG_SCORE = "成绩应为 0 到 100 之间的数字，最多一位小数"
MSG_NOT_ENDED = "培训班 {day} 结业，结业后才能登记结业情况"
MSG_ENDED = "培训班已结束，不能再报名"
MSG_CLOSED = "该培训班未开放报名"
MSG_PICK_COURSE = "请至少选择一门课程"
MSG_COURSE_OTHER = "所选课程不属于该培训班"
MSG_DONE = "您已结业或被登记为未参加，不能再修改选课"


# ---------------------------------------------------------------- classes and courses


def _check_class(data: dict[str, Any], enrolled: int = 0) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    if data.get("kind") not in TrainingClass.Kind.values:
        errors["kind"] = MSG_KIND
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = MSG_DATE
    if end is None:
        errors["end_date"] = MSG_DATE
    if start is not None and end is not None and end < start:
        errors["end_date"] = MSG_DATES
    hours = decimal_param(data.get("hours"))
    if hours is None or hours <= 0 or hours > MAX_CLASS_HOURS or hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = MSG_HOURS
    capacity = data.get("capacity")
    if capacity is not None and capacity < max(enrolled, 1):
        errors["capacity"] = MSG_CAPACITY_BELOW.format(n=enrolled) if enrolled else "计划人数至少为 1 人"
    return errors


def _class_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": str(data["title"]).strip()[:200], "kind": data["kind"], "start_date": data["start_date"],
            "end_date": data["end_date"], "hours": decimal_param(data["hours"]), "place": str(data.get("place") or "").strip()[:100],
            "description": str(data.get("description") or "").strip()[:20_000], "capacity": data.get("capacity"),
            "open_enrolment": bool(data.get("open_enrolment"))}


@transaction.atomic
def trainingclass_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any]) -> TrainingClass:
    require_at(actor, ADD, org_unit.path)
    errors = _check_class(data)
    if errors:
        raise ValidationError(errors)
    c = TrainingClass.objects.create(org_unit=org_unit, created_by=actor, **_class_fields(data))
    record(action="trainingclass.created", actor=actor, obj=c, after=snapshot(c))
    return c


@transaction.atomic
def trainingclass_update(*, actor: Any, training_class: TrainingClass, data: dict[str, Any], expected_version: int) -> TrainingClass:
    """Edit a class (the organizer stays); the planned number cannot drop below those enrolled."""
    c = training_class
    require_at(actor, ADD, c.org_unit.path)
    errors = _check_class(data, enrolled=c.enrollments.count())
    if errors:
        raise ValidationError(errors)
    before = snapshot(c)
    for k, v in _class_fields(data).items():
        setattr(c, k, v)
    update_versioned(c, expected_version=expected_version, fields=CLASS_FIELDS)
    record(action="trainingclass.updated", actor=actor, obj=c, before=before, after=snapshot(c))
    return c


@transaction.atomic
def course_add(*, actor: Any, training_class: TrainingClass, data: dict[str, Any]) -> TrainingCourse:
    """Add a course to the class's menu (点训菜单)."""
    c = training_class
    require_at(actor, ADD, c.org_unit.path)
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_COURSE_TITLE
    day: date | None = data.get("date")
    if day is not None and not c.start_date <= day <= c.end_date:
        errors["date"] = MSG_COURSE_DATE
    hours = decimal_param(data.get("hours") if data.get("hours") is not None else 0)
    if hours is None or hours < 0 or hours > 24 or hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = MSG_COURSE_HOURS
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = "限额至少为 1 人"
    if errors:
        raise ValidationError(errors)
    course = TrainingCourse.objects.create(training_class=c, title=str(data["title"]).strip()[:200],
                                           teacher=str(data.get("teacher") or "").strip()[:100], date=day, hours=hours,
                                           capacity=capacity)
    record(action="trainingcourse.added", actor=actor, obj=course, org_unit_id=c.org_unit_id, after=snapshot(course))
    return course


# ---------------------------------------------------------------- enrolment


def _locked(training_class: TrainingClass) -> TrainingClass:
    """The class row under lock: enrolments of one class are counted one writer at a time."""
    return TrainingClass.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=training_class.pk)


def places_left(training_class: TrainingClass) -> int | None:
    if training_class.capacity is None:
        return None
    return max(training_class.capacity - training_class.enrollments.count(), 0)


@transaction.atomic
def enrollment_add(*, actor: Any, training_class: TrainingClass, cadres: list[Cadre]) -> list[Enrollment]:
    """Staff enrol cadres of the organizer's subtree; those enrolled already are left as they are.
    Refused as a whole when the new ones do not fit into the planned number."""
    c = _locked(training_class)
    require_at(actor, ADD, c.org_unit.path)
    if not cadres:
        raise ValidationError({"cadres": MSG_NO_CADRES})
    ids = {x.pk for x in cadres}
    if roster(actor, c.org_unit).filter(pk__in=ids).count() != len(ids):
        raise ValidationError({"cadres": MSG_ROSTER})
    already = set(c.enrollments.filter(cadre_id__in=ids).values_list("cadre_id", flat=True))
    new = [x for x in cadres if x.pk not in already]
    if c.capacity is not None:
        n = c.enrollments.count()
        if n + len(new) > c.capacity:
            raise ValidationError({"cadres": MSG_CAPACITY.format(cap=c.capacity, n=n, left=max(c.capacity - n, 0))})
    rows = [Enrollment.objects.create(training_class=c, cadre=x) for x in new]
    record_many([Entry(action="enrollment.added", obj=e, org_unit_id=c.org_unit_id,
                       after={"training_class": c.pk, "cadre": e.cadre_id, "self_enrolled": False}) for e in rows], actor=actor)
    return rows


def self_enrol_eligible(user: Any, training_class: TrainingClass) -> Cadre | None:
    """The signed-in cadre when they may enrol themselves: their account is linked to a roster entry on
    the roll inside the organizer's subtree, and the class is open for enrolment."""
    cadre = cadre_of(user)
    if cadre is None or cadre.status not in ON_ROLL or not training_class.open_enrolment:
        return None
    if not cadre.org_unit.path.startswith(training_class.org_unit.path):
        return None
    return cadre


def open_classes_for(cadre: Cadre) -> Any:
    """Classes open for enrolment that the cadre may join (organized by their unit or an ancestor), not ended."""
    unit = cadre.org_unit
    paths = [*unit.ancestor_paths(), unit.path]
    return (TrainingClass.objects.filter(open_enrolment=True, org_unit__path__in=paths, end_date__gte=timezone.localdate())
            .select_related("org_unit").order_by("start_date", "id"))


@transaction.atomic
def enrollment_self(*, actor: Any, training_class: TrainingClass, courses: list[TrainingCourse]) -> Enrollment:
    """点训: the signed-in cadre enrols in an open class and picks courses (or changes the picks while
    still enrolled). Class and course places are checked under lock."""
    c = _locked(training_class)
    cadre = self_enrol_eligible(actor, c)
    if cadre is None:
        raise ValidationError(MSG_CLOSED)
    if c.end_date < timezone.localdate():
        raise ValidationError(MSG_ENDED)
    menu = {x.pk: x for x in TrainingCourse.objects.select_for_update().filter(training_class=c).order_by("pk")}
    picked = [x.pk for x in courses]
    if any(pk not in menu for pk in picked):
        raise ValidationError({"courses": MSG_COURSE_OTHER})
    if menu and not picked:
        raise ValidationError({"courses": MSG_PICK_COURSE})
    e = Enrollment.objects.filter(training_class=c, cadre=cadre).first()
    if e is not None and e.status != Enrollment.Status.ENROLLED:
        raise ValidationError(MSG_DONE)
    if e is None and c.capacity is not None:
        n = c.enrollments.count()
        if n >= c.capacity:
            raise ValidationError(MSG_CAPACITY.format(cap=c.capacity, n=n, left=0))
    mine = set(e.courses.values_list("pk", flat=True)) if e is not None else set()
    taken = dict(TrainingCourse.objects.filter(pk__in=picked).annotate(n=Count("enrollments")).values_list("pk", "n"))
    errors = [MSG_COURSE_FULL.format(title=menu[pk].title, cap=menu[pk].capacity) for pk in picked
              if menu[pk].capacity is not None and pk not in mine and taken.get(pk, 0) >= (menu[pk].capacity or 0)]
    if errors:
        raise ValidationError({"courses": "；".join(errors)})
    before = None
    if e is None:
        e = Enrollment.objects.create(training_class=c, cadre=cadre, self_enrolled=True)
    else:
        before = {"courses": sorted(mine)}
    e.courses.set([menu[pk] for pk in picked])
    record(action="enrollment.self_enrolled", actor=actor, obj=e, org_unit_id=c.org_unit_id, before=before,
           after={"training_class": c.pk, "cadre": cadre.pk, "courses": sorted(picked)})
    return e


# ---------------------------------------------------------------- completion


@dataclass(frozen=True)
class Result:
    """What staff mark for one enrolment on the completion sheet."""

    enrollment: Enrollment
    status: str
    score: Decimal | None
    version: int


def parse_score(raw: Any) -> Decimal | None:
    """A score typed on the sheet ("" = none); ValidationError in Chinese when it is not 0-100."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    value = decimal_param(text)
    if value is None or value < 0 or value > 100 or value != value.quantize(Decimal("0.1")):
        raise ValidationError(MSG_SCORE)
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def enrollment_complete(*, actor: Any, training_class: TrainingClass, results: list[Result]) -> int:
    """Mark enrolments completed (结业, with a score) or absent after the class ended. Completion dates
    the enrolment on the class's end date and earns the training points; undoing it withdraws them.
    Returns how many enrolments changed; a stale row (edited by someone else) refuses the whole sheet."""
    c = _locked(training_class)
    require_at(actor, ADD, c.org_unit.path)
    if c.end_date > timezone.localdate():
        raise ValidationError(MSG_NOT_ENDED.format(day=f"{c.end_date:%Y-%m-%d}"))
    entries: list[Entry] = []
    for r in results:
        e = r.enrollment
        if e.training_class_id != c.pk or r.status not in Enrollment.Status.values:
            raise ValidationError(MSG_STATUS)
        score = r.score if r.status == Enrollment.Status.COMPLETED else None
        completed_on = c.end_date if r.status == Enrollment.Status.COMPLETED else None
        if (e.status, e.score, e.completed_on) == (r.status, score, completed_on):
            continue
        was_completed = e.status == Enrollment.Status.COMPLETED
        before = {"status": e.status, "score": None if e.score is None else str(e.score)}
        e.status, e.score, e.completed_on = r.status, score, completed_on
        update_versioned(e, expected_version=r.version, fields=["status", "score", "completed_on"])
        source = f"enrollment:{e.pk}"
        if r.status == Enrollment.Status.COMPLETED and not was_completed:
            award(POINTS, cadre=e.cadre, source=source, on=c.end_date)
        elif was_completed and r.status != Enrollment.Status.COMPLETED:
            revoke(POINTS, cadre=e.cadre, source=source)
        entries.append(Entry(action="enrollment.completed", obj=e, org_unit_id=c.org_unit_id, before=before,
                             after={"status": e.status, "score": None if score is None else str(score),
                                    "completed_on": None if completed_on is None else completed_on.isoformat()}))
    record_many(entries, actor=actor)
    return len(entries)


# ---------------------------------------------------------------- coverage rule

RULE = "learning.change_coveragerule"
MSG_WINDOW = "轮训周期应在 1 到 120 个月之间"
MSG_DUE = "提前提醒的月数应小于轮训周期"


@transaction.atomic
def coveragerule_save(*, actor: Any, org_unit: OrgUnit, window_months: int, due_months: int, kinds: list[str]) -> CoverageRule:
    """Set how often the unit's subtree must be trained (轮训周期), the warning lead and the kinds that count."""
    require_at(actor, RULE, org_unit.path)
    errors: dict[str, str] = {}
    if not 1 <= window_months <= 120:
        errors["window_months"] = MSG_WINDOW
    if not 0 <= due_months < window_months:
        errors["due_months"] = MSG_DUE
    if any(k not in TrainingClass.Kind.values for k in kinds):
        errors["kinds"] = MSG_KIND
    if errors:
        raise ValidationError(errors)
    rule = CoverageRule.objects.filter(org_unit=org_unit).first()
    before = snapshot(rule) if rule else None
    if rule is None:
        rule = CoverageRule(org_unit=org_unit)
    rule.window_months, rule.due_months = window_months, due_months
    rule.kinds = [k for k in TrainingClass.Kind.values if k in set(kinds)]
    rule.save()
    record(action="coveragerule.saved", actor=actor, obj=rule, before=before, after=snapshot(rule))
    return rule
