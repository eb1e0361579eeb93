"""/api/v1/care-activities/: the activities the user may read, filtered like the list page (read only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zugong.core.api import ScopedViewSetMixin

from .filtersets import ActivityFilterSet
from .models import CareActivity

PATHS: list[Any] = []


class ActivitySerializer(serializers.ModelSerializer[CareActivity]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_names = serializers.SerializerMethodField()

    class Meta:
        model = CareActivity
        fields = ["id", "org_unit", "org_unit_name", "kind", "kind_label", "date", "title", "cadres", "cadre_names", "persons",
                  "amount", "note", "version"]
        read_only_fields = fields

    def get_cadre_names(self, obj: CareActivity) -> list[str]:
        return [c.name for c in obj.cadres.all()]


@extend_schema_view(
    list=extend_schema(summary="关心关爱活动列表", description="本单位及下级单位的关心关爱活动；可按 org、kind、date_from、date_to、q 筛选"),
    retrieve=extend_schema(summary="关心关爱活动详情"),
)
class ActivityViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[CareActivity]):
    scoped_model = CareActivity
    serializer_class = ActivitySerializer

    def get_queryset(self) -> Any:
        qs = CareActivity.objects.visible_to(self.request.user, "view").select_related("org_unit").prefetch_related("cadres")
        if self.action == "list":
            fs = ActivityFilterSet(self.request.query_params or None, queryset=qs, request=self.request)
            qs = fs.qs if fs.is_bound and fs.is_valid() else (qs.none() if fs.is_bound else qs)
        return qs.order_by("-date", "-id")


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("care-activities", ActivityViewSet, basename="careactivity")
