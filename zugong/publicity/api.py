"""/api/v1/media-reports/: the media reports the user may read, filtered like the list page (read only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zugong.core.api import ScopedViewSetMixin

from .filtersets import ReportFilterSet
from .models import MediaReport

PATHS: list[Any] = []


class ReportSerializer(serializers.ModelSerializer[MediaReport]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    media_level_label = serializers.CharField(source="get_media_level_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_names = serializers.SerializerMethodField()

    class Meta:
        model = MediaReport
        fields = ["id", "org_unit", "org_unit_name", "date", "title", "media_name", "media_level", "media_level_label", "kind",
                  "kind_label", "link", "cadres", "cadre_names", "note", "version"]
        read_only_fields = fields

    def get_cadre_names(self, obj: MediaReport) -> list[str]:
        return [c.name for c in obj.cadres.all()]


@extend_schema_view(
    list=extend_schema(summary="宣传报道列表",
                       description="本单位及下级单位的宣传报道；可按 org、media_level、kind、date_from、date_to、q 筛选"),
    retrieve=extend_schema(summary="宣传报道详情"),
)
class ReportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[MediaReport]):
    scoped_model = MediaReport
    serializer_class = ReportSerializer

    def get_queryset(self) -> Any:
        qs = MediaReport.objects.visible_to(self.request.user, "view").select_related("org_unit").prefetch_related("cadres")
        if self.action == "list":
            fs = ReportFilterSet(self.request.query_params or None, queryset=qs, request=self.request)
            qs = fs.qs if fs.is_bound and fs.is_valid() else (qs.none() if fs.is_bound else qs)
        return qs.order_by("-date", "-id")


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("media-reports", ReportViewSet, basename="mediareport")
