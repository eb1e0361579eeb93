"""评: a cadre's own writings — 读书笔记 (月读一本好书) and 心得体会 every month, 党性分析材料 every half-year —
and their review by the cadre's unit (已阅, or 退回修改 with a comment). A reviewed writing earns the
"learning.writing_reviewed" points (the rule's yearly cap applies).

The cadre writes through their own account (the one linked to the roster entry, people.selectors.cadre_of);
staff read through `Writing.objects.visible_to` and review with learning.review_writing at the writing's unit,
never their own. Periods are strings: "2026-11" (a month) or "2026-H1" / "2026-H2" (a half-year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.learning.models import Writing
from zugong.orgs.models import STEP, OrgUnit
from zugong.people.filtersets import search_q
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL
from zugong.points.services import award

VIEW = "learning.view_writing"
REVIEW = "learning.review_writing"
POINTS = "learning.writing_reviewed"

Kind = Writing.Kind
Status = Writing.Status
HALF_YEARLY = frozenset({Kind.PARTY_SPIRIT})  # the others are monthly
MIN_CONTENT, MAX_CONTENT = 20, 20_000
MAX_COMMENT = 1000
FILE_KINDS = {".pdf": "pdf", ".docx": "docx"}
FILE_ACCEPT = ".pdf,.docx"

MSG_KIND = "请选择类型"
MSG_PERIOD = "请选择期间"
MSG_PERIOD_MONTH = "读书笔记、心得体会按月提交，期间应为月份，如 2026-11"
MSG_PERIOD_HALF = "党性分析材料按半年提交，期间应为如 2026-H1（上半年）或 2026-H2（下半年）"
MSG_PERIOD_FUTURE = "不能提交以后期间的材料"
MSG_TITLE = "请填写题目"
MSG_BOOK = "读书笔记请填写书名"
MSG_CONTENT = f"内容应为 {MIN_CONTENT} 至 {MAX_CONTENT} 字"
MSG_FILE_KIND = "附件只能是 PDF 或 Word（docx）文件"
MSG_DUPLICATE = "本期已提交过{kind}（{period}），可在“我的学习心得”中修改"
MSG_NOT_ON_ROLL = "您已不在册（调出或退休），不能提交学习材料"
MSG_NOT_YOURS = "只能提交和修改本人的学习材料"
MSG_NOT_EDITABLE = "该材料已审阅，不能再修改"
MSG_DECISION = "请选择审阅结论"
MSG_DECIDED = "该材料已审阅或已退回，不能重复审阅"
MSG_COMMENT = "退回修改时请填写审阅意见"
MSG_COMMENT_LONG = f"审阅意见不能超过 {MAX_COMMENT} 字"
MSG_OWN = "不能审阅本人的材料"

_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_HALF = re.compile(r"^([0-9]{4})-H([12])$")
MIN_YEAR = 2000


# ---------------------------------------------------------------- periods


def half_yearly(kind: str) -> bool:
    return kind in HALF_YEARLY


def _key(kind: str, period: str) -> tuple[int, int] | None:
    """(year, month) or (year, half) of a well-formed period of the kind, else None."""
    m = (_HALF if half_yearly(kind) else _MONTH).match(period or "")
    if m is None or int(m.group(1)) < MIN_YEAR:
        return None
    return int(m.group(1)), int(m.group(2))


def _format(kind: str, year: int, n: int) -> str:
    return f"{year:04d}-H{n}" if half_yearly(kind) else f"{year:04d}-{n:02d}"


def current_period(kind: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return _format(kind, today.year, (1 if today.month <= 6 else 2) if half_yearly(kind) else today.month)


def previous_periods(kind: str, count: int, today: date | None = None) -> list[str]:
    """The current period of the kind and the `count - 1` before it, newest first."""
    key = _key(kind, current_period(kind, today))
    assert key is not None
    year, n = key
    per_year = 2 if half_yearly(kind) else 12
    out = []
    for _ in range(count):
        out.append(_format(kind, year, n))
        year, n = (year - 1, per_year) if n == 1 else (year, n - 1)
    return out


def period_label(period: str) -> str:
    """"2026年11月" / "2026年上半年" (the raw text when it is neither)."""
    if m := _HALF.match(period or ""):
        return f"{m.group(1)}年{'上' if m.group(2) == '1' else '下'}半年"
    if m := _MONTH.match(period or ""):
        return f"{m.group(1)}年{int(m.group(2))}月"
    return period


def period_error(kind: str, period: str, today: date | None = None) -> str | None:
    """Why `period` cannot take a writing of `kind` (bad format for the kind, or in the future), or None."""
    if not period:
        return MSG_PERIOD
    key = _key(kind, period)
    if key is None:
        return MSG_PERIOD_HALF if half_yearly(kind) else MSG_PERIOD_MONTH
    now = _key(kind, current_period(kind, today))
    assert now is not None
    return MSG_PERIOD_FUTURE if key > now else None


def period_choices(today: date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods the form offers, grouped by frequency: this and the previous month, this and the previous half-year."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for label, kind in (("按月（读书笔记、心得体会）", Kind.READING), ("按半年（党性分析材料）", Kind.PARTY_SPIRIT)):
        now, *before = previous_periods(kind, 2, today)
        groups.append((label, [(now, f"{period_label(now)}（本期）"), *[(p, f"{period_label(p)}（上期）") for p in before]]))
    return groups


def valid_filter_period(period: str) -> bool:
    """A period typed into a list filter: a month or a half-year (any kind)."""
    return _key(Kind.READING, period) is not None or _key(Kind.PARTY_SPIRIT, period) is not None


# ---------------------------------------------------------------- writes


def _clean_text(data: dict[str, Any], field: str, limit: int) -> str:
    return str(data.get(field) or "").strip()[:limit]


def _check(kind: str, data: dict[str, Any], *, period: str | None) -> dict[str, str]:
    """The errors of a writing's fields; `period` None when it is not being set (an edit keeps it)."""
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = MSG_KIND
    elif period is not None and (problem := period_error(kind, period)):
        errors["period"] = problem
    if not str(data.get("title") or "").strip():
        errors["title"] = MSG_TITLE
    if kind == Kind.READING and not str(data.get("book") or "").strip():
        errors["book"] = MSG_BOOK
    if not MIN_CONTENT <= len(str(data.get("content") or "").strip()) <= MAX_CONTENT:
        errors["content"] = MSG_CONTENT
    return errors


def check_upload(upload: Any) -> None:
    """A writing's attachment is a PDF or a docx, checked by content (zugong.core.files)."""
    if FILE_KINDS.get(Path(upload.name or "").suffix.lower()) is None:
        raise ValidationError({"file": MSG_FILE_KIND})
    try:
        files.check_all([upload])
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _own_cadre(actor: Any, cadre: Cadre) -> None:
    if not getattr(actor, "pk", None) or cadre.user_id != actor.pk:
        raise PermissionDenied(MSG_NOT_YOURS)


def _duplicate(kind: str, period: str) -> ValidationError:
    return ValidationError({"period": MSG_DUPLICATE.format(kind=Kind(kind).label, period=period_label(period))})


@transaction.atomic
def writing_submit(*, actor: Any, cadre: Cadre, data: dict[str, Any], upload: Any = None) -> Writing:
    """The signed-in cadre hands in a writing for a period (one per kind and period); it waits for review."""
    _own_cadre(actor, cadre)
    if cadre.status not in ON_ROLL:
        raise ValidationError({"__all__": MSG_NOT_ON_ROLL})
    kind, period = str(data.get("kind") or ""), str(data.get("period") or "").strip()
    errors = _check(kind, data, period=period)
    if upload is not None:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors["file"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    if Writing.objects.filter(cadre=cadre, kind=kind, period=period).exists():
        raise _duplicate(kind, period)
    stored = files.store_all([upload], actor=actor, org_unit=cadre.org_unit)[0] if upload is not None else None
    try:
        with transaction.atomic():
            w = Writing.objects.create(
                cadre=cadre, org_unit_id=cadre.org_unit_id, kind=kind, period=period, title=_clean_text(data, "title", 200),
                book=_clean_text(data, "book", 200) if kind == Kind.READING else "", content=_clean_text(data, "content", MAX_CONTENT),
                file=stored, submitted_on=timezone.localdate())
    except IntegrityError:  # the same period handed in from a second tab at the same moment
        raise _duplicate(kind, period) from None
    record(action="writing.submitted", actor=actor, obj=w, after=snapshot(w))
    return w


EDIT_FIELDS = ["title", "book", "content", "file", "status", "submitted_on"]


@transaction.atomic
def writing_update(*, actor: Any, writing: Writing, data: dict[str, Any], expected_version: int, upload: Any = None,
                   remove_file: bool = False) -> Writing:
    """The author edits a writing that is not reviewed yet (kind and period stay). A returned writing is
    handed in again: back to 已提交, dated today, the reviewer's comment kept for reference."""
    _own_cadre(actor, writing.cadre)
    locked = Writing.objects.select_for_update().select_related("cadre", "org_unit").get(pk=writing.pk)
    if locked.status == Status.REVIEWED:
        raise ValidationError({"__all__": MSG_NOT_EDITABLE})
    errors = _check(locked.kind, data, period=None)
    if upload is not None:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors["file"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked)
    resubmitted = locked.status == Status.RETURNED
    locked.title = _clean_text(data, "title", 200)
    locked.book = _clean_text(data, "book", 200) if locked.kind == Kind.READING else ""
    locked.content = _clean_text(data, "content", MAX_CONTENT)
    if upload is not None:
        locked.file = files.store_all([upload], actor=actor, org_unit=locked.org_unit)[0]
    elif remove_file:
        locked.file = None
    locked.status = Status.SUBMITTED
    if resubmitted:
        locked.submitted_on = timezone.localdate()
    update_versioned(locked, expected_version=expected_version, fields=EDIT_FIELDS)
    record(action="writing.updated", actor=actor, obj=locked, before=before, after={**snapshot(locked), "resubmitted": resubmitted})
    return locked


REVIEW_FIELDS = ["status", "reviewer", "review_comment", "reviewed_at"]
DECISIONS = {Status.REVIEWED.value: Status.REVIEWED, Status.RETURNED.value: Status.RETURNED}


@transaction.atomic
def writing_review(*, actor: Any, writing: Writing, decision: str, comment: str, expected_version: int) -> Writing:
    """A reviewer of the writing's unit (not its author) marks it 已阅 — the author earns the points — or
    returns it for rework with a comment."""
    require_at(actor, REVIEW, writing.org_unit.path)
    locked = Writing.objects.select_for_update().select_related("cadre", "org_unit").get(pk=writing.pk)
    if locked.cadre.user_id is not None and locked.cadre.user_id == getattr(actor, "pk", None):
        raise PermissionDenied(MSG_OWN)
    if locked.status != Status.SUBMITTED:
        raise ValidationError({"decision": MSG_DECIDED})
    errors: dict[str, str] = {}
    status = DECISIONS.get(decision or "")
    comment = (comment or "").strip()
    if status is None:
        errors["decision"] = MSG_DECISION
    if len(comment) > MAX_COMMENT:
        errors["comment"] = MSG_COMMENT_LONG
    elif status == Status.RETURNED and not comment:
        errors["comment"] = MSG_COMMENT
    if errors:
        raise ValidationError(errors)
    assert status is not None
    before = snapshot(locked)
    locked.status, locked.reviewer, locked.review_comment, locked.reviewed_at = status, actor, comment, timezone.now()
    update_versioned(locked, expected_version=expected_version, fields=REVIEW_FIELDS)
    if status == Status.REVIEWED:
        award(POINTS, cadre=locked.cadre, source=f"writing:{locked.pk}", on=timezone.localdate(),
              reason=f"{locked.get_kind_display()}（{period_label(locked.period)}）已阅")
    record(action="writing.reviewed" if status == Status.REVIEWED else "writing.returned", actor=actor, obj=locked,
           before=before, after=snapshot(locked))
    if locked.cadre.user_id is not None:  # the author hears of it in the inbox
        from django.urls import reverse

        from zugong.notices.services import notify

        what = f"{locked.get_kind_display()}（{period_label(locked.period)}）"
        notify([locked.cadre.user_id], org_unit=locked.org_unit, kind="info",
               title=f"{what}已阅" if status == Status.REVIEWED else f"{what}被退回修改",
               body=comment or "", url=reverse("learning:mywriting_detail", args=[locked.pk]),
               dedupe_key=f"writing:{locked.pk}:v{locked.version}")
    return locked


# ---------------------------------------------------------------- reads


def writings(user: Any) -> QuerySet[Writing]:
    """Writings in the user's scope, with what the list and detail pages show."""
    return Writing.objects.visible_to(user, "view").select_related("cadre", "org_unit", "reviewer", "file")


def mine(cadre: Cadre | None) -> QuerySet[Writing]:
    """The cadre's own writings (none for an account without a roster entry)."""
    if cadre is None:
        return Writing.objects.none()
    return Writing.objects.filter(cadre=cadre).select_related("file", "reviewer")


def search(qs: QuerySet[Writing], *, unit: OrgUnit, kind: str = "", period: str = "", status: str = "",
           q: str = "") -> QuerySet[Writing]:
    """The staff list's filters: unit subtree, kind, period, status, the author's name (汉字, 全拼 or 简拼)."""
    qs = qs.filter(org_unit__path__startswith=unit.path)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(period=period)
    if status in Status.values:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(cadre_id__in=Cadre.objects.filter(search_q(q)).values("pk"))
    return qs


def can_review(user: Any, w: Writing) -> bool:
    from zugong.accounts.access import can_at

    return (w.status == Status.SUBMITTED and can_at(user, REVIEW, w.org_unit.path)
            and not (w.cadre.user_id is not None and w.cadre.user_id == getattr(user, "pk", None)))


@dataclass
class OverviewRow:
    unit_id: int | None
    name: str
    on_roll: int
    submitted: int
    reviewed: int
    is_own: bool = False  # the unit's own staff (本级), not a child unit

    @property
    def missing(self) -> int:
        return self.on_roll - self.submitted

    @property
    def rate(self) -> Decimal | None:
        """Share of the roll that handed in, in percent (one decimal); None for an empty roll."""
        if not self.on_roll:
            return None
        return (Decimal(100) * self.submitted / self.on_roll).quantize(Decimal("0.1"))


def overview(user: Any, unit: OrgUnit, period: str, kind: str = Kind.PARTY_SPIRIT) -> tuple[list[OverviewRow], OverviewRow]:
    """Per direct child of `unit` (and 本级): cadres on the roll, how many of them handed in a writing of
    the kind for the period, how many were reviewed, in one GROUP BY on the child-level path prefix."""
    prefix_len = len(unit.path) + STEP
    handed_in = Writing.objects.visible_to(user, "view").filter(cadre=OuterRef("pk"), kind=kind, period=period)
    rows = (Cadre.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path, status__in=ON_ROLL)
            .annotate(prefix=Substr("org_unit__path", 1, prefix_len)).values("prefix")
            .annotate(n=Count("id"), done=Count("id", filter=Q(Exists(handed_in))),
                      ok=Count("id", filter=Q(Exists(handed_in.filter(status=Status.REVIEWED)))))
            .order_by())
    counts = {r["prefix"]: (r["n"], r["done"], r["ok"]) for r in rows}
    # an inactive child is listed only while cadres on the roll are still filed under it
    children = [c for c in OrgUnit.objects.filter(parent=unit).exclude(kind=OrgUnit.Kind.OFFICE).order_by("order", "path")
                if c.is_active or c.path in counts]
    out = [OverviewRow(c.pk, c.name, *counts.get(c.path, (0, 0, 0))) for c in children]
    child_paths = {c.path for c in children}
    own = [v for p, v in counts.items() if p not in child_paths]  # the unit's own staff and its offices' (本级)
    if own:
        out.insert(0, OverviewRow(unit.pk, "本级", *(sum(v[i] for v in own) for i in range(3)), is_own=True))
    total = OverviewRow(unit.pk, "合计", *(sum(v[i] for v in counts.values()) for i in range(3)))
    return out, total
