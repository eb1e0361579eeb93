"""Reads for report forms, all through visible_to."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zugong.orgs.models import OrgUnit
from zugong.stats.models import ReportAssignment, ReportForm, ReportValue

OPEN = [ReportAssignment.Status.PENDING, ReportAssignment.Status.RETURNED]


def forms_issued(user: Any, unit: OrgUnit) -> Any:
    """Forms issued by `unit` or below it, with assignment counts per state (one query)."""
    return (
        ReportForm.objects.visible_to(user, "view").filter(org_unit__path__startswith=unit.path)
        .select_related("org_unit")
        .annotate(
            n_units=Count("assignments"),
            n_accepted=Count("assignments", filter=Q(assignments__status=ReportAssignment.Status.ACCEPTED)),
            n_submitted=Count("assignments", filter=Q(assignments__status=ReportAssignment.Status.SUBMITTED)),
        )
    )


def assignments_to_fill(user: Any, unit: OrgUnit) -> Any:
    """What `unit` itself has been asked to report and has not yet submitted (the to-do list)."""
    return (
        ReportAssignment.objects.visible_to(user, "view").filter(org_unit=unit, status__in=OPEN)
        .select_related("form", "form__org_unit").order_by("deadline")
    )


def overdue(user: Any, unit: OrgUnit) -> Any:
    """Assignments in `unit`'s subtree past their deadline and not yet submitted."""
    return (
        ReportAssignment.objects.visible_to(user, "view")
        .filter(org_unit__path__startswith=unit.path, status__in=OPEN, deadline__lt=timezone.localdate())
        .select_related("form", "org_unit").order_by("deadline")
    )


def subordinate_totals(user: Any, assignment: ReportAssignment) -> dict[str, int]:
    """Accepted figures of the same form from units below the assignment's unit, per indicator."""
    rows = (
        ReportValue.objects.visible_to(user, "view")
        .filter(assignment__form=assignment.form, accepted=True, org_unit__path__startswith=assignment.org_unit.path)
        .exclude(org_unit=assignment.org_unit)
        .values("code").annotate(total=Sum("value")).values_list("code", "total")
    )
    return {code: int(total or 0) for code, total in rows}
