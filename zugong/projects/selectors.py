"""Reads of 项目化管理: the claim menu of a subordinate, claims by my units and to decide, awards."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zugong.accounts.access import can_at, scope_paths
from zugong.core.scope import paths_q
from zugong.projects.models import (
    OPEN_STATUSES,
    AwardEntry,
    AwardLevel,
    AwardRound,
    Claim,
    Milestone,
    Program,
    Project,
    ancestor_paths,
)

VIEW = "projects.view_project"
VIEW_CLAIM = "projects.view_claim"
DECIDE = "projects.decide_claim"
LIVE = [Claim.Status.PENDING, Claim.Status.APPROVED]


def with_late(qs: Any) -> Any:
    """Annotate whether a project has a milestone past its date not done (the list's 逾期 column)."""
    late = Milestone.objects.filter(project=OuterRef("pk"), due_on__lt=timezone.localdate(), done=False)
    return qs.annotate(late_milestone=Exists(late))


def programs(user: Any) -> Any:
    return Program.objects.visible_to(user, "view").select_related("org_unit").order_by("-year", "org_unit__path", "id")


def menu(user: Any) -> list[Project]:
    """Projects open for claiming published by units above the user's units (their menus), with how many units
    claimed each and the user's own units' live claims."""
    ancestors = ancestor_paths(scope_paths(user, VIEW))
    if not ancestors:
        return []
    mine = paths_q("org_unit__path", scope_paths(user, VIEW_CLAIM))
    rows = list(Project.objects.filter(org_unit__path__in=ancestors, claimable=True, status__in=OPEN_STATUSES)
                .select_related("org_unit", "program")
                .annotate(approved=Count("claims", filter=Q(claims__status=Claim.Status.APPROVED)))
                .order_by("org_unit__path", "program__title", "title", "id"))
    claims: dict[int, list[Claim]] = {}
    for c in Claim.objects.filter(mine, menu_project__in=[p.pk for p in rows], status__in=[*LIVE, Claim.Status.DECLINED]).select_related("org_unit"):
        claims.setdefault(c.menu_project_id, []).append(c)
    today = timezone.localdate()
    for p in rows:
        p.my_claims = claims.get(p.pk, [])  # type: ignore[attr-defined]
        p.open_now = p.claims_open(today)  # type: ignore[attr-defined]
    return rows


def published(user: Any) -> Any:
    """The user's units' own menus (projects they put up for claiming), with claim counts."""
    return (Project.objects.filter(paths_q("org_unit__path", scope_paths(user, VIEW)), claimable=True).select_related("org_unit", "program")
            .annotate(pending=Count("claims", filter=Q(claims__status=Claim.Status.PENDING)),
                      approved=Count("claims", filter=Q(claims__status=Claim.Status.APPROVED)))
            .order_by("org_unit__path", "title", "id"))


def my_claims(user: Any) -> Any:
    """Claims made by units in the user's scope."""
    return (Claim.objects.filter(paths_q("org_unit__path", scope_paths(user, VIEW_CLAIM)))
            .select_related("org_unit", "menu_project__org_unit", "project").order_by("-applied_on", "-id"))


def inbox(user: Any) -> Any:
    """Claims on menu projects the user may decide (the issuer's inbox)."""
    return (Claim.objects.filter(paths_q("menu_project__org_unit__path", scope_paths(user, DECIDE)))
            .select_related("org_unit", "menu_project__org_unit", "project").order_by("-applied_on", "-id"))


def can_see_claims_of(user: Any, project: Project) -> bool:
    return can_at(user, VIEW_CLAIM, project.org_unit.path)


def rounds(user: Any) -> Any:
    return (AwardRound.objects.visible_to(user, "view").select_related("org_unit")
            .annotate(entries_n=Count("entries"), awarded_n=Count("entries", filter=Q(entries__level__in=AWARDED)))
            .order_by("-year", "-id"))


AWARDED = [AwardLevel.FIRST, AwardLevel.SECOND, AwardLevel.THIRD, AwardLevel.EXEMPLAR]


def awarded(user: Any) -> Any:
    """Awarded entries the user may see: of rounds in scope, and of the user's units' projects."""
    q = Q(pk__in=AwardEntry.objects.visible_to(user, "view").values("pk")) | paths_q("org_unit__path", scope_paths(user, "projects.view_awardentry"))
    return (AwardEntry.objects.filter(q, level__in=AWARDED).select_related("award_round__org_unit", "project", "org_unit")
            .order_by("-awarded_on", "level", "-score", "id"))
