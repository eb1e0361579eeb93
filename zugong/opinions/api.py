"""开门评部 API: drives with their channel totals, and opinions (list with the page's filters, create) —
the same services and visible_to as the pages (out of scope = 404)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import require_perm
from zugong.core.api import ScopedViewSetMixin
from zugong.core.params import int_param
from zugong.opinions import entry, selectors
from zugong.opinions.filtersets import OpinionFilterSet
from zugong.opinions.models import Drive, Opinion, OpinionCategory


class DriveSerializer(serializers.ModelSerializer[Drive]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Drive
        fields = ["id", "org_unit", "org_unit_name", "campaign", "title", "start_date", "end_date", "channels", "status",
                  "description", "version"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="征求意见活动列表", description="本单位及下级组织的活动，以及上级组织、本单位参加的活动"),
    retrieve=extend_schema(summary="征求意见活动详情（含各渠道合计和意见数，按授权范围）"),
)
class DriveViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Drive]):
    scoped_model = Drive
    serializer_class = DriveSerializer

    def get_queryset(self) -> Any:
        return Drive.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("-start_date", "-id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = self.get_object()
        return Response({**DriveSerializer(d).data, "summary": selectors.drive_summary(request.user, d)})


class OpinionSerializer(serializers.ModelSerializer[Opinion]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True, help_text="分类代码")
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Opinion
        fields = ["id", "org_unit", "org_unit_name", "drive", "channel", "category", "category_name", "content", "source_kind",
                  "submitter", "anonymous", "received_on", "status", "version"]
        read_only_fields = fields


class OpinionWriteSerializer(serializers.Serializer[Any]):
    org_unit = serializers.IntegerField(help_text="反映对象单位 id")
    channel = serializers.ChoiceField(choices=[(c.value, c.label) for c in entry.STAFF_CHANNELS],
                                      error_messages={"invalid_choice": entry.MSG_CHANNEL})
    category = serializers.CharField(help_text="分类代码，如 work_style")
    content = serializers.CharField(max_length=entry.MAX_CONTENT)
    received_on = serializers.DateField(error_messages={"invalid": "日期格式应为 YYYY-MM-DD"})
    source_kind = serializers.ChoiceField(choices=Opinion.SourceKind.choices, required=False, default=Opinion.SourceKind.MASSES)
    submitter = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    anonymous = serializers.BooleanField(required=False, default=False)
    drive = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        unit = entry.units_with(user).filter(pk=attrs["org_unit"]).first() if int_param(attrs["org_unit"]) else None
        if unit is None:
            raise serializers.ValidationError({"org_unit": "单位不存在或不在您的授权范围内"})
        category = OpinionCategory.objects.filter(code=attrs["category"], is_active=True).first()
        if category is None:
            codes = "、".join(OpinionCategory.objects.filter(is_active=True).values_list("code", flat=True))
            raise serializers.ValidationError({"category": f"分类代码不对，可选：{codes}"})
        drive = None
        if attrs.get("drive") is not None:
            drive = Drive.objects.visible_to(user, "view").filter(pk=attrs["drive"]).select_related("org_unit").first()
            if drive is None:
                raise serializers.ValidationError({"drive": entry.MSG_DRIVE})
        data = entry.OpinionInput(org_unit=unit, channel=attrs["channel"], category=category, content=attrs["content"],
                                  received_on=attrs["received_on"], source_kind=attrs["source_kind"], submitter=attrs["submitter"],
                                  anonymous=attrs["anonymous"], drive=drive)
        errors = entry.check(data)
        if errors:
            raise serializers.ValidationError(errors)
        return {"data": data}


@extend_schema_view(
    list=extend_schema(summary="意见建议列表", description="按授权范围返回；筛选参数与列表页相同：org、drive、channel、category（id）、status、"
                                                       "received_from、received_to、q"),
    retrieve=extend_schema(summary="意见建议详情"),
    create=extend_schema(summary="登记意见建议", request=OpinionWriteSerializer, responses={201: OpinionSerializer}),
)
class OpinionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Opinion]):
    scoped_model = Opinion
    serializer_class = OpinionSerializer

    def get_queryset(self) -> Any:
        return (Opinion.objects.visible_to(self.request.user, "view").select_related("org_unit", "category")
                .order_by("-received_on", "-id"))

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action != "list":
            return queryset
        fs = OpinionFilterSet(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_perm(request.user, entry.ADD)
        ser = OpinionWriteSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        o = entry.opinion_create(actor=request.user, data=ser.validated_data["data"])
        return Response(OpinionSerializer(o).data, status=status.HTTP_201_CREATED)



