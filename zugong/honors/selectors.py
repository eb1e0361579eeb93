"""Reads of selections: lists with their counts, the nominations a viewer may see, the results (after the tally
only, R67), the 公示 comments and the commendation register."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from zugong.accounts.access import can_at
from zugong.honors.models import Commendation, Nomination, PublicComment, Selection

VIEW = "honors.view_selection"
TALLY = "honors.view_votetally"
COMMENTS = "honors.view_publiccomment"
LIVE = [Nomination.Status.SUBMITTED, Nomination.Status.ACCEPTED]


def selection_list(user: Any) -> Any:
    """Selections the viewer may see, with the number of live and accepted nominations (one query)."""
    return (Selection.objects.visible_to(user, "view").select_related("org_unit")
            .annotate(nominated=Count("nominations", filter=Q(nominations__status__in=LIVE)),
                      accepted=Count("nominations", filter=Q(nominations__status=Nomination.Status.ACCEPTED)))
            .order_by("-year", "-id"))


def is_organizer(user: Any, selection: Selection) -> bool:
    """Viewers in the organizing unit's subtree see every nomination; units below see their own."""
    return can_at(user, VIEW, selection.org_unit.path)


def nominations(user: Any, selection: Selection) -> Any:
    return (Nomination.objects.visible_to(user, "view").filter(selection=selection)
            .select_related("cadre", "org_unit").order_by("org_unit__path", "id"))


def public_selections() -> Any:
    """What the public pages show: selections in 公示 or voting."""
    return (Selection.objects.filter(status__in=[Selection.Status.PUBLICIZED, Selection.Status.VOTING])
            .select_related("org_unit").order_by("-year", "-id"))


def results(selection: Selection) -> list[Nomination]:
    """The accepted nominees ranked by votes (ties share a rank), frozen at close."""
    return list(selection.nominations.filter(status=Nomination.Status.ACCEPTED).select_related("cadre", "org_unit")
                .order_by("rank", "org_unit__path", "id"))


def default_commended(selection: Selection, ranked: list[Nomination]) -> set[int]:
    """The top `places` by rank (where a tie crosses the line, the organizer picks: only whole ranks within it)."""
    return {n.pk for n in ranked if n.rank is not None and n.rank + sum(1 for m in ranked if m.rank == n.rank) - 1 <= selection.places}


def comments(user: Any, selection: Selection) -> Any:
    return (PublicComment.objects.visible_to(user, "view").filter(selection=selection)
            .select_related("nomination__cadre", "handled_by"))


def commendation_list(user: Any) -> Any:
    return (Commendation.objects.visible_to(user, "view").select_related("cadre", "unit", "selection")
            .order_by("-awarded_on", "unit__path", "id"))


def votable(user: Any) -> list[tuple[Selection, bool]]:
    """Selections in voting where the signed-in cadre may vote by login (the organizer is their unit or above),
    and whether they have voted: two queries after the cadre's."""
    from zugong.honors.models import VoteParticipation, VotingMode
    from zugong.orgs.models import STEP
    from zugong.people.selectors import cadre_of

    cadre = cadre_of(user)
    if cadre is None or getattr(user, "admin_role", None) or cadre.status != "active":
        return []
    path = cadre.org_unit.path
    qs = (Selection.objects.filter(status=Selection.Status.VOTING, org_unit__path__in=[path[:i] for i in range(STEP, len(path) + 1, STEP)],
                                   voting_mode__in=[VotingMode.LOGIN, VotingMode.BOTH])
          .select_related("org_unit").order_by("vote_until", "id"))
    voted = set(VoteParticipation.objects.filter(user_id=user.pk).values_list("selection_id", flat=True))
    return [(s, s.pk in voted) for s in qs]
