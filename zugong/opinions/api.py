"""开门评部 API: drives with their channel totals, and opinions (list with the page's filters, create) —
the same services and visible_to as the pages (out of scope = 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import require_perm
from zugong.core.api import ScopedViewSetMixin
from zugong.core.params import int_param
from zugong.opinions import entry, measures, selectors
from zugong.opinions.filtersets import OpinionFilterSet
from zugong.opinions.forms_ledger import MeasureFilterSet
from zugong.opinions.models import Drive, Measure, Opinion, OpinionCategory, Problem


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





# ---------------------------------------------------------------- problems and the rectification ledger


class ProblemSerializer(serializers.ModelSerializer[Problem]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    opinion_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "org_unit", "org_unit_name", "drive", "category", "title", "description", "identified_on", "opinion_count", "version"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary="查摆问题列表"), retrieve=extend_schema(summary="查摆问题详情"))
class ProblemViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Problem]):
    scoped_model = Problem
    serializer_class = ProblemSerializer

    def get_queryset(self) -> Any:
        return (Problem.objects.visible_to(self.request.user, "view").select_related("org_unit", "category")
                .annotate(opinion_count=Count("opinions")).order_by("-identified_on", "-id"))


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    origin = serializers.CharField(source="source", read_only=True, help_text="problem 开门评部查摆问题 / finding 督导发现问题")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = ["id", "org_unit", "org_unit_name", "origin", "problem", "finding", "content", "leader", "responsible", "planned_on",
                  "deadline", "status", "progress", "completed_on", "accepted_on", "returned_comment", "reopened", "overdue", "version"]
        read_only_fields = fields

    def get_overdue(self, obj: Measure) -> bool:
        return obj.is_overdue(timezone.localdate())


class MeasureReportSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=measures.MAX_TEXT, error_messages={"required": measures.MSG_TEXT, "blank": measures.MSG_TEXT})
    progress = serializers.IntegerField(min_value=0, max_value=99, error_messages={"invalid": measures.MSG_PROGRESS})
    version = serializers.IntegerField(error_messages={"required": "请提供读取时的版本号 version"})


@extend_schema_view(
    list=extend_schema(summary="整改台帐：整改措施列表", description="筛选参数与台帐页面相同：org、source（problem/finding）、category、"
                                                             "status（含 overdue）、deadline_from、deadline_to、q"),
    retrieve=extend_schema(summary="整改措施详情"),
)
class MeasureViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Measure]):
    scoped_model = Measure
    serializer_class = MeasureSerializer

    def get_queryset(self) -> Any:
        return Measure.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("deadline", "id")

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action != "list":
            return queryset
        fs = MeasureFilterSet(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs

    @extend_schema(summary="报告整改进展（完成须在页面上附佐证报告）", request=MeasureReportSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        m = self.get_object()
        require_perm(request.user, measures.CHANGE)
        ser = MeasureReportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        m = measures.measure_report(actor=request.user, measure=m, text=d["text"], progress=d["progress"], expected_version=d["version"])
        return Response(MeasureSerializer(m).data)
