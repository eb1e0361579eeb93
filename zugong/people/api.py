"""Roster API: the same filterset, selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import require_perm
from zugong.core.api import ScopedViewSetMixin
from zugong.orgs.models import OrgUnit
from zugong.people import services
from zugong.people.filtersets import CadreFilterSet
from zugong.people.models import (
    Cadre,
    CadreStatus,
    Degree,
    Education,
    Gender,
    Movement,
    PoliticalStatus,
    Rank,
    ReservePoolEntry,
    SelectionProcess,
)


class CadreSerializer(serializers.ModelSerializer[Cadre]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True, default=None)
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id", "name", "gender", "ethnicity", "id_number", "birth_date", "phone", "political_status",
            "education", "degree", "position", "rank", "org_unit", "org_unit_name", "office", "office_name",
            "work_start_date", "status", "version", "updated_at",
        ]
        read_only_fields = fields


class SelectionProcessSerializer(serializers.ModelSerializer[SelectionProcess]):
    steps = serializers.SerializerMethodField()

    class Meta:
        model = SelectionProcess
        fields = ["exam_date", "exam_score", "inspection_date", "inspection_result", "inspection_note", "probation_start",
                  "probation_end", "probation_result", "steps", "version"]
        read_only_fields = fields

    def get_steps(self, obj: SelectionProcess) -> list[dict[str, str]]:
        return obj.steps()


class MovementSerializer(serializers.ModelSerializer[Movement]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True, default=None)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True, default=None)
    host = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    selection = SelectionProcessSerializer(source="selection_process", read_only=True, default=None)

    class Meta:
        model = Movement
        fields = ["id", "kind", "kind_display", "date", "state", "org_unit", "org_unit_name", "from_unit", "from_unit_name",
                  "from_position", "from_rank", "from_status", "to_unit", "to_unit_name", "to_position", "to_rank",
                  "direction", "host", "period_start", "period_end", "ended_on", "destination", "note", "summary",
                  "selection", "version"]
        read_only_fields = fields


class ReserveEntrySerializer(serializers.ModelSerializer[ReservePoolEntry]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = ReservePoolEntry
        fields = ["id", "org_unit", "org_unit_name", "since", "recommended_post", "recommended_rank", "note", "status",
                  "left_on", "left_reason", "version"]
        read_only_fields = fields


class CadreWriteSerializer(serializers.Serializer[Any]):
    """Input for create/update; validated by services.validate_cadre like the pages and the import."""

    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    ethnicity = serializers.CharField(max_length=20, required=False, default="汉族")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    political_status = serializers.ChoiceField(choices=PoliticalStatus.choices)
    education = serializers.ChoiceField(choices=Education.choices)
    degree = serializers.ChoiceField(choices=Degree.choices, required=False, default=Degree.NONE)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    rank = serializers.ChoiceField(choices=Rank.choices)
    org_unit = serializers.IntegerField()
    office = serializers.IntegerField(required=False, allow_null=True)
    work_start_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=CadreStatus.choices, required=False, default=CadreStatus.ACTIVE)
    version = serializers.IntegerField(required=False, help_text="修改时必填：读取时的版本号（乐观锁）")

    def _unit(self, pk: int | None, field: str) -> OrgUnit | None:
        if pk is None:
            return None
        user = self.context["request"].user
        unit = OrgUnit.objects.visible_to(user, "view").filter(pk=pk, is_active=True).first()
        if unit is None:
            raise serializers.ValidationError({field: "单位不存在或不在您的授权范围内"})
        return unit

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unit = self._unit(attrs["org_unit"], "org_unit")
        assert unit is not None
        office = self._unit(attrs.get("office"), "office")
        data = services.CadreInput(
            name=attrs["name"], id_number=attrs["id_number"], gender=attrs.get("gender") or "",
            ethnicity=attrs.get("ethnicity") or "汉族", phone=attrs.get("phone") or "",
            political_status=attrs["political_status"], education=attrs["education"],
            degree=attrs.get("degree") or Degree.NONE, rank=attrs["rank"], org_unit=unit, office=office,
            position=attrs.get("position") or "", work_start_date=attrs.get("work_start_date"),
            status=attrs.get("status") or CadreStatus.ACTIVE,
        )
        errors = services.validate_cadre(data)
        if errors:
            raise serializers.ValidationError(errors)
        attrs["data"] = data
        return attrs


@extend_schema_view(
    list=extend_schema(summary="组工干部列表", description="按授权范围返回；q 支持姓名、全拼和简拼；org 为单位（含下级）"),
    retrieve=extend_schema(summary="组工干部详情"),
    create=extend_schema(summary="新增组工干部", request=CadreWriteSerializer, responses={201: CadreSerializer}),
    update=extend_schema(summary="修改组工干部", request=CadreWriteSerializer, responses={200: CadreSerializer}),
    destroy=extend_schema(summary="删除组工干部"),
)
class CadreViewSet(ScopedViewSetMixin, viewsets.ModelViewSet[Cadre]):
    scoped_model = Cadre
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return Cadre.objects.visible_to(self.request.user, "view").select_related("org_unit", "office").order_by(
            "org_unit__path", "name_pinyin", "pk"
        )

    def _write(self, request: Request) -> Any:
        ser = CadreWriteSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        return ser.validated_data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_perm(request.user, "people.add_cadre")
        data = self._write(request)
        cadre = services.cadre_create(actor=request.user, data=data["data"])
        return Response(CadreSerializer(cadre).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cadre = self.get_object()
        data = self._write(request)
        if "version" not in data:
            raise serializers.ValidationError({"version": "修改时必须提供读取时的版本号 version"})
        cadre = services.cadre_update(actor=request.user, cadre=cadre, expected_version=data["version"], data=data["data"])
        return Response(CadreSerializer(cadre).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.cadre_delete(actor=request.user, cadre=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="组工干部的变动记录和后备库记录", responses={200: MovementSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def movements(self, request: Request, pk: str | None = None) -> Response:
        """The cadre's movements (newest first, with the selection steps) and reserve-pool entries the user may see."""
        require_perm(request.user, "people.view_movement")
        cadre = self.get_object()
        rows = (Movement.objects.visible_to(request.user, "view").filter(cadre=cadre)
                .select_related("org_unit", "from_unit", "to_unit", "to_office", "from_office", "host_unit", "selection_process"))
        pool = ReservePoolEntry.objects.visible_to(request.user, "view").filter(cadre=cadre).select_related("org_unit")
        return Response({"movements": MovementSerializer(rows, many=True).data,
                         "reserve": ReserveEntrySerializer(pool.order_by("-since", "-pk"), many=True).data})

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action == "movements":
            return queryset
        fs = CadreFilterSet(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs
