"""/api/v1/regulations/: the rules library, read-only and scoped — the list takes the page's filters (q is the
full-text search), a rule's detail carries its current text, and /versions/ its history with every version's text."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import require_perm
from zugong.core.api import ScopedViewSetMixin
from zugong.regulations import selectors
from zugong.regulations.filtersets import RuleFilterSet
from zugong.regulations.models import Rule, RuleVersion

PATHS: list[Any] = []


class RuleVersionSerializer(serializers.ModelSerializer[RuleVersion]):
    file_name = serializers.SerializerMethodField()

    class Meta:
        model = RuleVersion
        fields = ["id", "number", "kind", "title", "doc_number", "effective_on", "summary", "text", "file_name", "created_at"]
        read_only_fields = fields

    def get_file_name(self, obj: RuleVersion) -> str:
        return obj.file.name if obj.file else ""


class RuleSerializer(serializers.ModelSerializer[Rule]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    current_number = serializers.IntegerField(source="current.number", read_only=True, allow_null=True)
    effective_on = serializers.DateField(source="current.effective_on", read_only=True, allow_null=True)

    class Meta:
        model = Rule
        fields = ["id", "org_unit", "org_unit_name", "title", "doc_number", "category", "status", "current_number", "effective_on",
                  "repealed_on", "repeal_reason", "version"]
        read_only_fields = fields


class RuleDetailSerializer(RuleSerializer):
    text = serializers.CharField(source="current.text", read_only=True, allow_null=True)

    class Meta(RuleSerializer.Meta):
        fields = [*RuleSerializer.Meta.fields, "text"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="制度列表", description="按授权范围返回；q 为全文检索（制度名称、文号、现行全文）；"
                                                      "org 为单位（含下级），category、status、effective_from、effective_to、has_file 同页面筛选"),
    retrieve=extend_schema(summary="制度详情（含现行全文）", responses={200: RuleDetailSerializer}),
)
class RuleViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Rule]):
    scoped_model = Rule
    serializer_class = RuleSerializer
    filterset_class = RuleFilterSet  # documents the parameters; filter_queryset applies it on lists only

    def get_queryset(self) -> Any:
        qs = selectors.rules(self.request.user).select_related("org_unit", "current")
        if self.action == "list":
            qs = qs.defer(*selectors.HEAVY)
        return qs.order_by("org_unit__path", "-current__effective_on", "pk")

    def get_serializer_class(self) -> Any:
        return RuleDetailSerializer if self.action == "retrieve" else RuleSerializer

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action != "list":
            return queryset
        fs = RuleFilterSet(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs

    @extend_schema(summary="制度的历次版本（新建、修订），按版本号排列，含各版全文", responses={200: RuleVersionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        require_perm(request.user, "regulations.view_ruleversion")
        rule = self.get_object()
        qs = RuleVersion.objects.filter(rule=rule).select_related("file").order_by("number")
        return Response(RuleVersionSerializer(qs, many=True).data)


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("regulations", RuleViewSet, basename="regulation")
