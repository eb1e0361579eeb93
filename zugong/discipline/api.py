"""/api/v1/discipline-cases/: read only, for 部领导 and 纪检监察员 (discipline.view_disciplinecase); every response
that carries cases leaves an audit row (which cases a client received)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.core.api import ScopedViewSetMixin

from . import services
from .filtersets import CaseFilterSet
from .models import DisciplineCase

PATHS: list[Any] = []


class CaseSerializer(serializers.ModelSerializer[DisciplineCase]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    handling_label = serializers.CharField(source="get_handling_display", read_only=True)

    class Meta:
        model = DisciplineCase
        fields = ["id", "org_unit", "org_unit_name", "cadre", "cadre_name", "decided_on", "kind", "kind_label", "handling",
                  "handling_label", "decided_by", "summary", "version"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="违规违纪处理列表（部领导、纪检监察员；留痕）",
                       description="本单位及下级单位组工干部的违规违纪处理情况；可按 org、kind、handling、date_from、date_to、q 筛选"),
    retrieve=extend_schema(summary="违规违纪处理详情（留痕）"),
)
class CaseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[DisciplineCase]):
    scoped_model = DisciplineCase
    serializer_class = CaseSerializer

    def get_queryset(self) -> Any:
        qs = DisciplineCase.objects.visible_to(self.request.user, "view").select_related("org_unit", "cadre")
        if self.action == "list":
            fs = CaseFilterSet(self.request.query_params or None, queryset=qs, request=self.request)
            qs = fs.qs if fs.is_bound and fs.is_valid() else (qs.none() if fs.is_bound else qs)
        return qs.order_by("-decided_on", "-id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        services.cases_listed(actor=request.user, ids=[c.pk for c in rows], via="api")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        services.case_read(actor=request.user, case=case, via="api")
        return Response(self.get_serializer(case).data)


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("discipline-cases", CaseViewSet, basename="disciplinecase")
