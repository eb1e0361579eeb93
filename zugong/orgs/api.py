"""Org tree API (read-only; tree changes go through the pages' audited services)."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zugong.core.api import ScopedViewSetMixin
from zugong.core.filters import ScopedFilterSet, SubtreeFilter
from zugong.orgs.models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "division_code", "parent", "depth", "order", "is_active"]
        read_only_fields = fields


class OrgUnitFilterSet(ScopedFilterSet):
    subtree = SubtreeFilter(field_name="path", path_lookup="path", label="单位（含下级）")
    kind = django_filters.ChoiceFilter(choices=OrgUnit.Kind.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = OrgUnit
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="单位列表", description="按授权范围返回；subtree=ID 只返回该单位及其下级"),
    retrieve=extend_schema(summary="单位详情"),
)
class OrgUnitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[OrgUnit]):
    scoped_model = OrgUnit
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet

    def get_queryset(self) -> Any:
        return OrgUnit.objects.visible_to(self.request.user, "view").order_by("path")

    def filter_queryset(self, queryset: Any) -> Any:
        fs = OrgUnitFilterSet(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs
