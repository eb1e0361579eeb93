"""Campaign API: campaigns, their tasks, assignments with progress — the same selectors and services
as the pages, scoped by visible_to (out of scope = 404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import can, require_perm
from zugong.campaigns import fanout, progress, selectors, services
from zugong.campaigns.models import Assignment, Campaign, CampaignTask
from zugong.core.api import ScopedViewSetMixin
from zugong.core.params import int_param
from zugong.notices.selectors import users_with_perm_at
from zugong.orgs.models import OrgUnit


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "theme", "org_unit", "org_unit_name", "start_date", "end_date", "scope", "scope_kinds",
                  "requirements", "office", "status", "deployed_at", "version"]
        read_only_fields = fields


class CampaignWriteSerializer(serializers.Serializer[Any]):
    org_unit = serializers.IntegerField(help_text="部署单位（须在授权范围内）")
    name = serializers.CharField(max_length=120)
    theme = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    scope = serializers.ChoiceField(choices=Campaign.Scope.choices, required=False, default=Campaign.Scope.ALL)
    scope_kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    requirements = serializers.CharField(required=False, default="", allow_blank=True, max_length=20_000)
    office = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)


class TaskSerializer(serializers.ModelSerializer[CampaignTask]):
    class Meta:
        model = CampaignTask
        fields = ["id", "campaign", "kind", "category", "title", "content", "indicator", "target", "target_note", "deadline",
                  "order", "version"]
        read_only_fields = ["id", "version"]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "campaign", "task", "parent", "org_unit", "org_unit_name", "issuer", "issuer_name", "origin", "title",
                  "content", "leader", "lead_office", "responsible", "deadline", "weight", "status", "progress", "has_children",
                  "completed_on", "urged", "overdue", "version"]
        read_only_fields = fields

    def get_overdue(self, obj: Assignment) -> bool:
        return obj.is_overdue()


class AssignmentWriteSerializer(serializers.Serializer[Any]):
    """Accept an assignment or change who is responsible (the page's 接收 / 责任分工)."""

    leader = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    lead_office = serializers.IntegerField(required=False, allow_null=True, default=None)
    co_offices = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    responsible = serializers.IntegerField(required=False, allow_null=True, default=None)
    deadline = serializers.DateField()
    content = serializers.CharField(required=False, default="", allow_blank=True, max_length=10_000)
    version = serializers.IntegerField(help_text="读取时的版本号（乐观锁）")


class ProgressWriteSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(required=False)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True, default=None,
                                       min_value=Decimal(0), max_value=Decimal(100),
                                       help_text="没有下级任务时必填，0-100；已分解的任务不填")
    text = serializers.CharField(max_length=10_000)


@extend_schema_view(
    list=extend_schema(summary="活动列表", description="按授权范围返回：本单位及下级部署的，和承接了任务的"),
    retrieve=extend_schema(summary="活动详情"),
    create=extend_schema(summary="新建活动（草稿）", request=CampaignWriteSerializer, responses={201: CampaignSerializer}),
)
class CampaignViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Campaign]):
    scoped_model = Campaign
    serializer_class = CampaignSerializer

    def get_queryset(self) -> Any:
        return Campaign.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("-start_date", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = CampaignWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        unit = OrgUnit.objects.visible_to(request.user, "view").filter(pk=d.pop("org_unit"), is_active=True).first()
        if unit is None:
            raise serializers.ValidationError({"org_unit": "单位不存在或不在您的授权范围内"})
        c = services.campaign_create(actor=request.user, org_unit=unit, data=d)
        return Response(CampaignSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="部署活动", description="把草稿活动的每项任务分解到开展范围内的下级单位", request=None,
                   responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def deploy(self, request: Request, pk: str | None = None) -> Response:
        c = self.get_object()
        if not can(request.user, "change", c):
            raise PermissionDenied("只有部署单位可以部署活动")
        version = request.data.get("version", c.version) if hasattr(request.data, "get") else c.version
        expected = int_param(version, max_digits=9)
        if expected is None:
            raise serializers.ValidationError({"version": "版本号应为整数"})
        fanout.campaign_deploy(actor=request.user, campaign=c, expected_version=expected)
        c.refresh_from_db()
        return Response(CampaignSerializer(c).data)


@extend_schema_view(
    list=extend_schema(summary="活动的重点任务和载体", description="campaign=ID 只返回该活动的"),
    retrieve=extend_schema(summary="重点任务或载体详情"),
    create=extend_schema(summary="添加重点任务或载体（草稿活动）"),
)
class TaskViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[CampaignTask]):
    scoped_model = CampaignTask
    serializer_class = TaskSerializer

    def get_queryset(self) -> Any:
        qs = CampaignTask.objects.visible_to(self.request.user, "view").order_by("campaign_id", "kind", "order", "id")
        raw = self.request.query_params.get("campaign", "")
        if raw:
            if int_param(raw) is None:
                raise serializers.ValidationError({"campaign": "活动编号应为整数"})
            qs = qs.filter(campaign_id=int_param(raw))
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = TaskSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        c = Campaign.objects.visible_to(request.user, "view").filter(pk=d.pop("campaign").pk).first()
        if c is None:
            raise serializers.ValidationError({"campaign": "活动不存在或不在您的授权范围内"})
        t = services.task_save(actor=request.user, campaign=c, data=d)
        return Response(TaskSerializer(t).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="任务分解列表", description="campaign=ID、org=单位ID（含下级）、status、overdue=1 筛选"),
    retrieve=extend_schema(summary="任务分解详情"),
    update=extend_schema(summary="接收任务或修改责任分工", request=AssignmentWriteSerializer, responses={200: AssignmentSerializer}),
)
class AssignmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Assignment]):
    scoped_model = Assignment
    serializer_class = AssignmentSerializer

    def get_queryset(self) -> Any:
        qs = (Assignment.objects.visible_to(self.request.user, "view").select_related("org_unit", "issuer")
              .order_by("campaign_id", "org_unit__path", "id"))
        p = self.request.query_params
        errors = {k: "应为整数" for k in ("campaign", "org") if p.get(k) and int_param(p[k]) is None}
        if p.get("status") and p["status"] not in Assignment.Status.values:
            errors["status"] = "状态应为 issued、accepted 或 done"
        if errors:
            raise serializers.ValidationError(errors)
        if p.get("campaign"):
            qs = qs.filter(campaign_id=int_param(p["campaign"]))
        if p.get("org"):
            unit = selectors.unit_for(self.request.user, int_param(p["org"]))
            qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
        if p.get("status"):
            qs = qs.filter(status=p["status"])
        if p.get("overdue") == "1":
            qs = qs.filter(deadline__lt=timezone.localdate()).exclude(status=Assignment.Status.DONE)
        return qs

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        a = self.get_object()
        ser = AssignmentWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        # the same choices as the page's form: the unit's offices, the unit's staff who may carry it out
        offices = {o.pk: o for o in OrgUnit.objects.visible_to(request.user, "view")
                   .filter(pk__in=[*d["co_offices"], d["lead_office"] or 0], parent=a.org_unit, kind=OrgUnit.Kind.OFFICE)}
        if (d["lead_office"] and d["lead_office"] not in offices) or any(x not in offices for x in d["co_offices"]):
            raise serializers.ValidationError({"lead_office": "科室应为本单位的内设科室"})
        person = users_with_perm_at(a.org_unit, progress.CHANGE_PERM).filter(pk=d["responsible"]).first() if d["responsible"] else None
        if d["responsible"] and person is None:
            raise serializers.ValidationError({"responsible": "责任人应为本单位有权落实任务的账号"})
        data = {"leader": d["leader"], "lead_office": offices.get(d["lead_office"] or 0), "responsible": person,
                "deadline": d["deadline"], "content": d["content"]}
        a = progress.assignment_save(actor=request.user, assignment=a, data=data, co_offices=[offices[x] for x in d["co_offices"]],
                                     expected_version=d["version"])
        return Response(AssignmentSerializer(a).data)

    @extend_schema(summary="报告进度", request=ProgressWriteSerializer, responses={201: AssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="progress")
    def report(self, request: Request, pk: str | None = None) -> Response:
        a = self.get_object()
        require_perm(request.user, "campaigns.change_assignment")
        ser = ProgressWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        day: date = d.get("date") or timezone.localdate()
        progress.report_add(actor=request.user, assignment=a, day=day, percent=d.get("percent"), text=d["text"], source="api")
        a.refresh_from_db()
        return Response(AssignmentSerializer(a).data, status=status.HTTP_201_CREATED)
