"""Writes on report forms: define, issue down the tree, fill and submit, accept or return (填报)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require, require_at
from zugong.audit.services import Entry, record, record_many, snapshot
from zugong.core.calendar import add_workdays
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
from zugong.stats.registry import exists, get

MSG_NOT_FORM_FED = "只能选择填报类指标"
MSG_NO_ITEMS = "请至少选择一个填报指标"
MSG_NOT_SUBORDINATE = "只能下发给本单位的下级单位"
MSG_NOT_EDITABLE = "该填报任务已报送或已采纳，不能再修改"
MSG_NOT_SUBMITTED = "只能审核已报送的填报"
MSG_RETURN_COMMENT = "退回时请填写审核意见"
MSG_NUMBER = "请填写非负整数"
MSG_REQUIRED = "必填"
MSG_CLOSED = "该填报表已结束"


@transaction.atomic
def reportform_create(
    *, actor: Any, org_unit: OrgUnit, title: str, period_start: date, period_end: date, codes: list[str],
    workdays: int = 5, instructions: str = "",
) -> ReportForm:
    """Define a form at a unit in the actor's scope; it stays a draft until issued."""
    require_at(actor, "stats.add_reportform", org_unit.path)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写标题"
    if period_start > period_end:
        errors["period_end"] = "统计期间的结束日期不能早于开始日期"
    if not codes:
        errors["codes"] = MSG_NO_ITEMS
    elif any(not exists(c) or not get(c).form_fed for c in codes):
        errors["codes"] = MSG_NOT_FORM_FED
    if not 1 <= workdays <= 60:
        errors["workdays"] = "填报时限应为1-60个工作日"
    if errors:
        raise ValidationError(errors)
    form = ReportForm.objects.create(
        title=title.strip(), org_unit=org_unit, period_start=period_start, period_end=period_end,
        indicator_codes=list(dict.fromkeys(codes)), workdays=workdays, instructions=instructions.strip(), created_by=actor,
    )
    record(action="reportform.created", actor=actor, obj=form, after=snapshot(form))
    return form


@transaction.atomic
def reportform_issue(*, actor: Any, form: ReportForm, units: list[OrgUnit], today: date | None = None) -> list[ReportAssignment]:
    """Hand the form to subordinate units, each with a deadline `workdays` working days from today."""
    require(actor, "add", form)
    if form.status == ReportForm.Status.CLOSED:
        raise ValidationError(MSG_CLOSED)
    if not units:
        raise ValidationError({"units": "请选择下发单位"})
    for u in units:
        if not u.path.startswith(form.org_unit.path) or u.pk == form.org_unit_id or u.kind == OrgUnit.Kind.OFFICE:
            raise ValidationError({"units": MSG_NOT_SUBORDINATE})
    deadline = add_workdays(today or timezone.localdate(), form.workdays)
    have = set(form.assignments.values_list("org_unit_id", flat=True))
    created = [ReportAssignment(form=form, org_unit=u, deadline=deadline) for u in units if u.pk not in have]
    ReportAssignment.objects.bulk_create(created)
    if form.status == ReportForm.Status.DRAFT:
        form.status = ReportForm.Status.ISSUED
        form.save(update_fields=["status"])
    created = list(form.assignments.filter(org_unit__in=[a.org_unit for a in created]))
    record_many([Entry(action="reportform.issued", obj=a, after={"deadline": deadline.isoformat()}) for a in created], actor=actor)
    return created


def parse_values(form: ReportForm, raw: dict[str, Any], *, complete: bool) -> tuple[dict[str, int], dict[str, str]]:
    """Cells to integers: non-negative, and every item filled when the form is submitted."""
    values: dict[str, int] = {}
    errors: dict[str, str] = {}
    for code in form.indicator_codes:
        cell = raw.get(code)
        text = "" if cell is None else str(cell).strip().replace(",", "")
        if text.endswith(".0"):
            text = text[:-2]
        if text == "":
            if complete:
                errors[code] = MSG_REQUIRED
            continue
        if not text.isdigit() or len(text) > 12:
            errors[code] = MSG_NUMBER
            continue
        values[code] = int(text)
    return values, errors


@transaction.atomic
def assignment_save(
    *, actor: Any, assignment: ReportAssignment, raw: dict[str, Any], submit: bool, expected_version: int
) -> ReportAssignment:
    """Save the unit's figures (a draft), or save and submit them to the superior."""
    require(actor, "change", assignment)
    if assignment.status not in (ReportAssignment.Status.PENDING, ReportAssignment.Status.RETURNED):
        raise ValidationError(MSG_NOT_EDITABLE)
    form = assignment.form
    if form.status == ReportForm.Status.CLOSED:
        raise ValidationError(MSG_CLOSED)
    values, errors = parse_values(form, raw, complete=submit)
    if errors:
        raise ValidationError(errors)
    before = {v.code: v.value for v in assignment.values.all()}
    ReportValue.objects.filter(assignment=assignment).exclude(code__in=list(values)).delete()
    for code, value in values.items():
        ReportValue.objects.update_or_create(
            assignment=assignment, code=code,
            defaults={"value": value, "org_unit_id": assignment.org_unit_id, "period_end": form.period_end, "accepted": False},
        )
    fields = []
    if submit:
        assignment.status = ReportAssignment.Status.SUBMITTED
        assignment.submitted_at = timezone.now()
        assignment.submitted_by = actor
        fields = ["status", "submitted_at", "submitted_by"]
    update_versioned(assignment, expected_version=expected_version, fields=fields)
    record(action="reportform.submitted" if submit else "reportform.saved", actor=actor, obj=assignment,
           before=before, after=values)
    return assignment


@transaction.atomic
def assignment_review(*, actor: Any, assignment: ReportAssignment, accept: bool, comment: str = "") -> ReportAssignment:
    """The issuing unit accepts the figures (they start rolling up) or returns them with a comment."""
    require_at(actor, "stats.add_reportform", assignment.form.org_unit.path)
    if assignment.status != ReportAssignment.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    if not accept and not comment.strip():
        raise ValidationError({"comment": MSG_RETURN_COMMENT})
    assignment.status = ReportAssignment.Status.ACCEPTED if accept else ReportAssignment.Status.RETURNED
    assignment.reviewed_at = timezone.now()
    assignment.reviewed_by = actor
    assignment.comment = comment.strip()
    update_versioned(assignment, expected_version=assignment.version, fields=["status", "reviewed_at", "reviewed_by", "comment"])
    ReportValue.objects.filter(assignment=assignment).update(accepted=accept)
    record(action="reportform.accepted" if accept else "reportform.returned", actor=actor, obj=assignment,
           after={"comment": assignment.comment})
    return assignment
