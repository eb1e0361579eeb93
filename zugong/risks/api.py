"""/api/v1/ endpoints of 岗位风险防控 (registered by zugong.api_urls): read-only, scoped viewsets of posts, risk points,
reviews (with their results) and accountability notices, filtered like the list pages."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zugong.core.api import ScopedViewSetMixin
from zugong.risks.filtersets import NoticeFilterSet, PostFilterSet, RiskPointFilterSet, RiskReviewFilterSet
from zugong.risks.models import AccountabilityNotice, Post, ReviewResult, RiskPoint, RiskReview

PATHS: list[Any] = []


class PostSerializer(serializers.ModelSerializer[Post]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True, default="")

    class Meta:
        model = Post
        fields = ["id", "org_unit", "org_unit_name", "office", "office_name", "name", "duties", "review_interval",
                  "last_review_on", "next_review_on", "version"]
        read_only_fields = fields


class RiskPointSerializer(serializers.ModelSerializer[RiskPoint]):
    post_name = serializers.CharField(source="post.name", read_only=True)

    class Meta:
        model = RiskPoint
        fields = ["id", "post", "post_name", "description", "category", "level", "measures", "responsible", "catalogue_code", "version"]
        read_only_fields = fields


class ReviewResultSerializer(serializers.ModelSerializer[ReviewResult]):
    measure_status = serializers.CharField(source="measure.status", read_only=True, default="")

    class Meta:
        model = ReviewResult
        fields = ["id", "risk_point", "point_text", "result", "finding", "problem", "measure", "measure_status"]
        read_only_fields = fields


class RiskReviewSerializer(serializers.ModelSerializer[RiskReview]):
    results = ReviewResultSerializer(many=True, read_only=True)

    class Meta:
        model = RiskReview
        fields = ["id", "post", "reviewed_on", "reviewer", "summary", "findings", "results", "version"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer[AccountabilityNotice]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = AccountabilityNotice
        fields = ["id", "org_unit", "org_unit_name", "date", "subject", "cadre", "form", "content", "risk_point", "version"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary="岗位列表", description="本单位及下级单位的岗位；overdue=1 只列逾期未排查的"),
                    retrieve=extend_schema(summary="岗位详情"))
class PostViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Post]):
    scoped_model = Post
    serializer_class = PostSerializer
    filterset_class = PostFilterSet

    def get_queryset(self) -> Any:
        return Post.objects.visible_to(self.request.user, "view").select_related("org_unit", "office").order_by("id")


@extend_schema_view(list=extend_schema(summary="岗位风险点列表"), retrieve=extend_schema(summary="岗位风险点详情"))
class RiskPointViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[RiskPoint]):
    scoped_model = RiskPoint
    serializer_class = RiskPointSerializer
    filterset_class = RiskPointFilterSet

    def get_queryset(self) -> Any:
        return RiskPoint.objects.visible_to(self.request.user, "view").select_related("post").order_by("id")


@extend_schema_view(list=extend_schema(summary="岗位风险排查列表（含每个风险点的排查结果）"), retrieve=extend_schema(summary="岗位风险排查详情"))
class RiskReviewViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[RiskReview]):
    scoped_model = RiskReview
    serializer_class = RiskReviewSerializer
    filterset_class = RiskReviewFilterSet

    def get_queryset(self) -> Any:
        return (RiskReview.objects.visible_to(self.request.user, "view")
                .prefetch_related("results__measure").order_by("-reviewed_on", "-id"))


@extend_schema_view(list=extend_schema(summary="问责通报列表"), retrieve=extend_schema(summary="问责通报详情"))
class NoticeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[AccountabilityNotice]):
    scoped_model = AccountabilityNotice
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet

    def get_queryset(self) -> Any:
        return AccountabilityNotice.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("-date", "-id")


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("risk-posts", PostViewSet, basename="riskpost")
    router.register("risk-points", RiskPointViewSet, basename="riskpoint")
    router.register("risk-reviews", RiskReviewViewSet, basename="riskreview")
    router.register("risk-notices", NoticeViewSet, basename="risknotice")
