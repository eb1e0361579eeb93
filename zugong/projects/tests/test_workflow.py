"""Services of 项目化管理: claiming (apply, approve into the unit's own project, decline, withdraw, the rules of who may
claim and decide, stale versions), monthly progress, overdue, innovation awards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zugong.audit.models import ObjectChange
from zugong.core.errors import ConflictError, ValidationError
from zugong.projects import services
from zugong.projects.models import AwardRound, Claim, Milestone, Project
from zugong.projects.tests.conftest import project_data

pytestmark = pytest.mark.django_db


def test_an_approved_claim_becomes_the_units_project_with_the_milestones(personas: Any, tree: Any, menu_project: Project) -> None:
    c = services.claim_apply(actor=personas.county_a1_clerk, menu_project=menu_project, org_unit=tree.county_a1,
                             targets="全县推开，形成经验2个", deadline=menu_project.deadline - timedelta(days=30), leader="副部长")
    assert c.status == Claim.Status.PENDING and c.project is None
    c = services.claim_decide(actor=personas.province, claim=c, approve=True, expected_version=c.version)
    p = c.project
    assert c.status == Claim.Status.APPROVED and c.decided_by == personas.province and c.version == 2
    assert (p.org_unit, p.parent, p.program, p.title, p.targets) == (tree.county_a1, menu_project, menu_project.program,
                                                                      menu_project.title, "全县推开，形成经验2个")
    assert list(p.milestones.values_list("title", flat=True)) == ["制定实施方案", "总结验收"]
    assert max(p.milestones.values_list("due_on", flat=True)) <= c.deadline  # clipped to the unit's own deadline
    assert ObjectChange.objects.filter(action="claim.approved", object_id=str(c.pk)).exists()
    # the claiming unit owns it now: its clerk edits it and reports on it
    services.milestone_add(actor=personas.county_a1_clerk, project=p, title="县级试点", due_on=timezone.localdate())
    assert p.milestones.count() == 3


def test_declining_needs_a_reason_and_the_unit_may_apply_again(personas: Any, tree: Any, menu_project: Project) -> None:
    c = services.claim_apply(actor=personas.province, menu_project=menu_project, org_unit=tree.county_a1, targets="目标",
                             deadline=menu_project.deadline)
    with pytest.raises(ValidationError) as e:
        services.claim_decide(actor=personas.province, claim=c, approve=False, reason=" ", expected_version=c.version)
    assert e.value.message_dict == {"reason": [services.MSG_REASON]}
    c = services.claim_decide(actor=personas.province, claim=c, approve=False, reason="已有同类工作", expected_version=c.version)
    assert c.status == Claim.Status.DECLINED and c.project is None and not Project.objects.filter(parent=menu_project).exists()
    again = services.claim_apply(actor=personas.province, menu_project=menu_project, org_unit=tree.county_a1, targets="调整后的目标",
                                 deadline=menu_project.deadline)
    assert again.status == Claim.Status.PENDING


def test_one_unit_cannot_claim_the_same_project_twice(personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    claim(tree.county_a1, menu_project)
    with pytest.raises(ValidationError) as e:
        claim(tree.county_a1, menu_project)
    assert e.value.messages == [services.MSG_TWICE]
    Claim.objects.update(status=Claim.Status.APPROVED)
    with pytest.raises(ValidationError):
        claim(tree.county_a1, menu_project)
    claim(tree.county_a2, menu_project)  # another unit may
    assert Claim.objects.count() == 2


def test_only_units_below_the_issuer_claim(personas: Any, tree: Any, claim: Any) -> None:
    city_project = services.project_create(actor=personas.province, org_unit=tree.city_a, data=project_data(title="甲市的项目"))
    for unit in (tree.city_a, tree.county_b1, tree.province):
        with pytest.raises(ValidationError) as e:
            claim(unit, city_project)
        assert e.value.message_dict == {"org_unit": [services.MSG_NOT_BELOW]}
    with pytest.raises(PermissionDenied):  # 乙一县 cannot claim for 甲一县
        services.claim_apply(actor=personas.county_b1, menu_project=city_project, org_unit=tree.county_a1, targets="目标",
                             deadline=city_project.deadline)
    assert list(services.claiming_units(personas.county_b1, city_project)) == []
    assert set(services.claiming_units(personas.province, city_project)) == {tree.county_a1, tree.county_a2}
    claim(tree.county_a1, city_project)


def test_a_project_off_the_menu_or_past_its_apply_deadline_is_not_claimed(personas: Any, tree: Any, menu_project: Project,
                                                                          claim: Any) -> None:
    Project.objects.filter(pk=menu_project.pk).update(claim_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError) as e:
        claim(tree.county_a1, menu_project)
    assert e.value.messages == [services.MSG_NOT_MENU]
    Project.objects.filter(pk=menu_project.pk).update(claim_until=None, claimable=False)
    with pytest.raises(ValidationError):
        claim(tree.county_a1, menu_project)
    assert not Claim.objects.exists()


def test_only_the_issuers_scope_decides_and_a_stale_page_conflicts(personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    c = claim(tree.county_a1, menu_project)
    for outsider in (personas.city_a, personas.county_a1_clerk, personas.county_b1):
        with pytest.raises(PermissionDenied):
            services.claim_decide(actor=outsider, claim=c, approve=True, expected_version=c.version)
    with pytest.raises(ConflictError):
        services.claim_decide(actor=personas.province, claim=c, approve=True, expected_version=c.version + 1)
    c.refresh_from_db()
    assert c.status == Claim.Status.PENDING and not Project.objects.filter(parent=menu_project).exists()
    services.claim_withdraw(actor=personas.county_a1_clerk, claim=c, expected_version=c.version)
    c.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        services.claim_decide(actor=personas.province, claim=c, approve=True, expected_version=c.version)
    assert e.value.messages == [services.MSG_NOT_PENDING]


def test_monthly_progress_and_overdue(personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    p = claim(tree.county_a1, menu_project, approve=True).project
    today = timezone.localdate()
    month = today.replace(day=1)
    services.report_save(actor=personas.county_a1_clerk, project=p, month=month, percent=30, text="召开推进会")
    services.report_save(actor=personas.county_a1_clerk, project=p, month=month, percent=40, text="完成试点")  # replaces
    p.refresh_from_db()
    assert p.progress == 40 and p.reports.count() == 1 and p.reports.get().text == "完成试点"
    next_month = (month + timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as e:
        services.report_save(actor=personas.county_a1_clerk, project=p, month=next_month, percent=50, text="x")
    assert e.value.message_dict == {"month": [services.MSG_FUTURE_MONTH]}
    with pytest.raises(PermissionDenied):
        services.report_save(actor=personas.county_b1, project=p, month=month, percent=50, text="x")

    assert not Project.objects.filter(pk=p.pk).overdue().exists()
    m = p.milestones.first()
    Milestone.objects.filter(pk=m.pk).update(due_on=today - timedelta(days=1))  # a milestone past its date, not done
    assert Project.objects.filter(pk=p.pk).overdue().exists()
    m.refresh_from_db()
    services.milestone_set_done(actor=personas.county_a1_clerk, milestone=m, done=True, expected_version=m.version)
    assert not Project.objects.filter(pk=p.pk).overdue().exists()
    Project.objects.filter(pk=p.pk).update(deadline=today - timedelta(days=1))  # past its deadline
    assert Project.objects.filter(pk=p.pk).overdue().exists()
    p.refresh_from_db()
    data = {f: getattr(p, f) for f in services.PROJECT_FIELDS}
    p = services.project_update(actor=personas.county_a1_clerk, project=p, data={**data, "status": "done"}, expected_version=p.version)
    assert p.progress == 100 and p.done_on == today and not Project.objects.filter(pk=p.pk).overdue().exists()


def test_project_edit_conflicts_on_a_stale_version_and_checks_its_fields(personas: Any, tree: Any, menu_project: Project) -> None:
    data = {f: getattr(menu_project, f) for f in services.PROJECT_FIELDS}
    services.project_update(actor=personas.province, project=menu_project, data={**data, "progress": 10}, expected_version=1)
    with pytest.raises(ConflictError):
        services.project_update(actor=personas.province, project=Project.objects.get(pk=menu_project.pk), data={**data, "progress": 20},
                                expected_version=1)
    with pytest.raises(ValidationError) as e:
        services.project_create(actor=personas.province, org_unit=tree.province,
                                data=project_data(title="", progress=101, claim_until=None, deadline=None))
    assert set(e.value.message_dict) == {"title", "progress", "claim_until", "deadline"}
    assert Project.objects.get(pk=menu_project.pk).progress == 10


def test_an_award_round_nominates_reviews_and_awards(personas: Any, tree: Any, menu_project: Project, claim: Any) -> None:
    a1 = claim(tree.county_a1, menu_project, approve=True).project
    b1 = claim(tree.county_b1, menu_project, approve=True).project
    r = services.round_create(actor=personas.city_a, org_unit=tree.city_a, title="甲市创新范例奖", year=2026)
    with pytest.raises(ValidationError) as e:  # not in 甲市's scope
        services.entry_nominate(actor=personas.city_a, award_round=r, project=b1)
    assert e.value.message_dict == {"project": [services.MSG_NOT_IN_SCOPE]}
    entry = services.entry_nominate(actor=personas.city_a, award_round=r, project=a1, reason="创新")
    with pytest.raises(ValidationError):
        services.entry_nominate(actor=personas.city_a, award_round=r, project=a1)
    r = services.round_advance(actor=personas.city_a, award_round=r, expected_version=r.version)
    with pytest.raises(ValidationError) as e:
        services.round_award(actor=personas.city_a, award_round=r, levels={entry.pk: "first"}, expected_version=r.version)
    assert e.value.messages == [services.MSG_UNSCORED.format(n=1)]
    with pytest.raises(ValidationError):
        services.entry_review(actor=personas.city_a, entry=entry, score=Decimal(101), comment="", expected_version=entry.version)
    entry = services.entry_review(actor=personas.city_a, entry=entry, score=Decimal("91.5"), comment="成效明显", expected_version=entry.version)
    with pytest.raises(PermissionDenied):
        services.round_award(actor=personas.county_b1, award_round=r, levels={entry.pk: "first"}, expected_version=r.version)
    r = services.round_award(actor=personas.city_a, award_round=r, levels={entry.pk: "first"}, expected_version=r.version)
    entry.refresh_from_db()
    assert r.status == AwardRound.Status.AWARDED and entry.level == "first" and entry.is_awarded and entry.awarded_on == timezone.localdate()
