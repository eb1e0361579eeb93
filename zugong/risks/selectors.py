"""Reads of 岗位风险防控, always through `visible_to`: the overdue posts (逾期未排查) grouped by office, and the cadres due
for rotation (到期应轮岗: holding a post with a 高 risk point for more than ZUGONG_RISK_ROTATION_YEARS years)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from zugong.core.calendar import add_months
from zugong.risks.models import Level, Post, PostHolding

VIEW_POST = "risks.view_post"


def rotation_years() -> int:
    """The tenure after which a cadre on a high-risk post is due for rotation (setting, default 5 years)."""
    years = getattr(settings, "ZUGONG_RISK_ROTATION_YEARS", 5)
    return years if isinstance(years, int) and not isinstance(years, bool) and years > 0 else 5


def rotation_cutoff(today: date | None = None) -> date:
    """Holdings that started on or before this day are past the tenure."""
    return add_months(today or timezone.localdate(), -12 * rotation_years())


class RotationCutoff:
    """The cutoff as a query value computed when the query runs (indicator filters are declared once at import)."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        from django.db.models import Value

        return Value(rotation_cutoff()).resolve_expression(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RotationCutoff)

    def __hash__(self) -> int:
        return hash(RotationCutoff)


class HighRiskPosts:
    """The posts with a 高 risk point, as a subquery resolved when the query runs (no duplicate rows per point)."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        return Post.objects.filter(risk_points__level=Level.HIGH).values("pk").resolve_expression(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HighRiskPosts)

    def __hash__(self) -> int:
        return hash(HighRiskPosts)


def rotation_filters() -> dict[str, Any]:
    return {"until__isnull": True, "since__lte": RotationCutoff(), "post__in": HighRiskPosts()}


def overdue_q(today: date | None = None) -> Q:
    return Q(next_review_on__lt=today or timezone.localdate())


def posts(user: Any) -> Any:
    return Post.objects.visible_to(user, "view")


def overdue_posts(user: Any, today: date | None = None) -> Any:
    """Posts past their next review date, by unit and office, with their risk point counts."""
    return (posts(user).filter(overdue_q(today)).select_related("org_unit", "office")
            .annotate(n_points=Count("risk_points"), n_high=Count("risk_points", filter=Q(risk_points__level=Level.HIGH)))
            .order_by("org_unit__path", "office__order", "office__name", "next_review_on", "name", "id"))


def rotation_due(user: Any) -> Any:
    """Current holdings of high-risk posts past the tenure, longest first."""
    return (PostHolding.objects.visible_to(user, "view").filter(**rotation_filters())
            .select_related("post__org_unit", "post__office", "cadre__org_unit").order_by("since", "id"))


def years_held(since: date, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))
