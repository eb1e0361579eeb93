"""Report-form deadline reminders: who gets 提醒, 逾期 and 催办, on working days, exactly once per deadline."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from zugong.accounts.models import Role, RoleAssignment
from zugong.audit.models import ObjectChange
from zugong.notices.models import Notice
from zugong.notices.selectors import users_with_perm_at
from zugong.stats import services
from zugong.stats.models import ReportAssignment, ReportForm
from zugong.stats.reminders import send_report_reminders
from zugong.stats.tests.test_report_forms import CODES

pytestmark = pytest.mark.django_db

FRI, MON, TUE = date(2026, 3, 6), date(2026, 3, 9), date(2026, 3, 10)


@pytest.fixture
def assignment(personas: Any, tree: Any) -> ReportAssignment:
    """City A's form issued to county A1, due Monday 2026-03-09."""
    rf = services.reportform_create(actor=personas.city_a, org_unit=tree.city_a, title="一季度征求意见情况",
                                    period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), codes=CODES, workdays=1)
    (a,) = services.reportform_issue(actor=personas.city_a, form=rf, units=[tree.county_a1], today=FRI)
    assert a.deadline == MON  # Friday + 1 working day: the weekend does not count
    return a


def notices(user: Any, kind: str | None = None) -> list[Notice]:
    qs = Notice.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_due_in_one_working_day_reminds_the_county_clerk_only_in_scope(personas: Any, assignment: ReportAssignment) -> None:
    result = send_report_reminders(today=FRI)
    assert result.due_soon == 1 and result.overdue == 0
    (n,) = notices(personas.county_a1_clerk)
    assert n.kind == Notice.Kind.REMINDER and n.org_unit_id == assignment.org_unit_id
    assert n.url == f"/stats/assignments/{assignment.pk}/"
    assert "一季度征求意见情况" in n.title and "还有 1 个工作日截止" in n.title
    assert notices(personas.county_b1) == []  # an unrelated county
    assert notices(personas.county_a1_readonly) == []  # can see the form, cannot fill it
    assert notices(personas.inspector) == []
    # the city and province admins could fill it too, but only the holders nearest the unit are told
    assert notices(personas.city_a, Notice.Kind.REMINDER) == [] and notices(personas.province) == []
    assert result.reminders == Notice.objects.count() == 1


def test_rerun_sends_nothing_and_a_new_deadline_reminds_again(personas: Any, assignment: ReportAssignment) -> None:
    send_report_reminders(today=FRI)
    before = Notice.objects.count()
    again = send_report_reminders(today=FRI)
    assert again.reminders == 0 and Notice.objects.count() == before
    ReportAssignment.objects.filter(pk=assignment.pk).update(deadline=TUE)  # deadline moved
    assert send_report_reminders(today=FRI).reminders == before
    assert len(notices(personas.county_a1_clerk, Notice.Kind.REMINDER)) == 2


def test_overdue_notifies_the_unit_and_urges_the_issuing_reviewer(personas: Any, assignment: ReportAssignment) -> None:
    result = send_report_reminders(today=TUE)
    assert result.overdue == 1 and result.due_soon == 0 and result.reminders == 0
    (late,) = notices(personas.county_a1_clerk)
    assert late.kind == Notice.Kind.OVERDUE and "已过截止日期" in late.title
    (urge,) = notices(personas.city_a, Notice.Kind.URGE)
    assert "甲一县委组织部" in urge.title and urge.url == f"/stats/assignments/{assignment.pk}/"
    assert notices(personas.county_a1_clerk, Notice.Kind.URGE) == []  # the county cannot review its own form
    assert notices(personas.county_b1) == []
    assert send_report_reminders(today=date(2026, 3, 11)).overdue_notices == 0  # overdue is said once per deadline


@pytest.mark.parametrize("status", [ReportAssignment.Status.SUBMITTED, ReportAssignment.Status.ACCEPTED])
def test_submitted_or_accepted_assignments_get_nothing(assignment: ReportAssignment, status: str) -> None:
    ReportAssignment.objects.filter(pk=assignment.pk).update(status=status)
    for today in (FRI, TUE):
        result = send_report_reminders(today=today)
        assert (result.due_soon, result.overdue) == (0, 0)
    assert not Notice.objects.exists()


def test_returned_assignment_is_still_reminded(personas: Any, assignment: ReportAssignment) -> None:
    ReportAssignment.objects.filter(pk=assignment.pk).update(status=ReportAssignment.Status.RETURNED)
    send_report_reminders(today=FRI)
    (n,) = notices(personas.county_a1_clerk)
    assert "已退回" in n.body


def test_closed_forms_are_not_chased(assignment: ReportAssignment) -> None:
    ReportForm.objects.filter(pk=assignment.form_id).update(status=ReportForm.Status.CLOSED)
    assert send_report_reminders(today=TUE).overdue == 0
    assert not Notice.objects.exists()


def test_working_days_not_calendar_days(personas: Any, assignment: ReportAssignment) -> None:
    ReportAssignment.objects.filter(pk=assignment.pk).update(deadline=TUE)
    # Thursday -> Tuesday: 5 calendar days but 3 working days (Fri, Mon, Tue): not yet
    assert send_report_reminders(today=date(2026, 3, 5)).due_soon == 0
    # Friday -> Tuesday: 4 calendar days, 2 working days: remind
    assert send_report_reminders(today=FRI).due_soon == 1
    # over the National Day holiday: 09-30 -> 10-09 is 9 calendar days but 2 working days (10-08, 10-09)
    ReportAssignment.objects.filter(pk=assignment.pk).update(deadline=date(2026, 10, 9))
    assert send_report_reminders(today=date(2026, 9, 25)).due_soon == 0
    assert send_report_reminders(today=date(2026, 9, 30)).due_soon == 1
    assert "还有 2 个工作日截止" in notices(personas.county_a1_clerk)[0].title


def test_every_run_is_audited_with_counts(assignment: ReportAssignment) -> None:
    send_report_reminders(today=FRI)
    send_report_reminders(today=FRI)
    rows = list(ObjectChange.objects.filter(action="reportform.reminders_sent").order_by("id"))
    assert len(rows) == 2 and all(r.actor_name == "system" for r in rows)
    assert rows[0].after is not None and rows[0].after["reminders"] == 1 and rows[0].after["date"] == "2026-03-06"
    assert rows[1].after is not None and rows[1].after["reminders"] == 0


def test_command_and_task(personas: Any, assignment: ReportAssignment) -> None:
    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-10", stdout=out)
    assert "已逾期 1 项" in out.getvalue() and "催办 1 条" in out.getvalue()
    from zugong.notices.tasks import send_report_reminders as task

    assert task.delay().get()["overdue_notices"] == 0  # eager without REDIS_URL; today: already sent or not yet due


def test_beat_runs_the_task_daily_at_eight() -> None:
    from django.conf import settings

    from zugong.celery import app

    app.autodiscover_tasks(force=True)  # what a worker does at start: import each app's tasks.py
    entry = settings.CELERY_BEAT_SCHEDULE["send-report-reminders"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_users_with_perm_at_mirrors_access(personas: Any, tree: Any) -> None:
    from zugong.accounts.access import can_at

    perm = "stats.change_reportassignment"
    users = set(users_with_perm_at(tree.county_a1, perm))
    assert users == {personas.province, personas.city_a, personas.county_a1_clerk}
    assert all(can_at(u, perm, tree.county_a1.path) for u in users)
    assert set(users_with_perm_at(tree.county_a1_office, perm)) == users  # a subtree grant reaches the offices
    assert set(users_with_perm_at(tree.county_b1, perm)) == {personas.province, personas.county_b1}
    # nearest: the unit's own holders when it has any, else the nearest superior's
    assert set(users_with_perm_at(tree.county_a1, perm, nearest=True)) == {personas.county_a1_clerk}
    assert set(users_with_perm_at(tree.county_a2, perm, nearest=True)) == {personas.city_a}
    personas.county_a1_clerk.is_active = False
    personas.county_a1_clerk.save()
    assert personas.county_a1_clerk not in set(users_with_perm_at(tree.county_a1, perm))
    # a grant on an inactive unit counts nowhere (as in access.grants)
    RoleAssignment.objects.create(user=personas.county_b1, role=Role.objects.get(code="clerk"), org_unit=tree.county_a2)
    tree.county_a2.is_active = False
    tree.county_a2.save()
    assert personas.county_b1 not in set(users_with_perm_at(tree.county_a2, perm))
    assert not users_with_perm_at(tree.county_a1, "no.such_perm").exists()
