"""/api/v1/ endpoints of 项目化管理 (registered by zugong.api_urls): projects and claims, read-only and scoped, and
POST /api/v1/projects/{id}/claim/ for a unit below the issuer to apply for a menu project."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.core.api import ScopedViewSetMixin, error_response
from zugong.core.errors import ConflictError, ValidationError
from zugong.orgs.models import OrgUnit
from zugong.projects import services
from zugong.projects.filtersets import ProjectFilterSet
from zugong.projects.models import Claim, Project

PATHS: list[Any] = []


class ProjectSerializer(serializers.ModelSerializer[Project]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    program_title = serializers.CharField(source="program.title", read_only=True, default="")
    responsible_display = serializers.CharField(read_only=True)
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "org_unit", "org_unit_name", "program", "program_title", "parent", "title", "content", "targets", "leader",
                  "responsible", "responsible_display", "measures", "start_on", "deadline", "status", "progress", "done_on",
                  "claimable", "claim_until", "milestones", "version"]
        read_only_fields = fields

    def get_milestones(self, obj: Project) -> list[dict[str, Any]]:
        return [{"title": m.title, "due_on": m.due_on.isoformat(), "done": m.done, "done_on": m.done_on.isoformat() if m.done_on else None}
                for m in obj.milestones.all()]


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    menu_project_title = serializers.CharField(source="menu_project.title", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "menu_project", "menu_project_title", "org_unit", "org_unit_name", "targets", "leader", "responsible_name",
                  "deadline", "status", "reason", "applied_on", "decided_on", "project", "version"]
        read_only_fields = fields


def _refused(exc: ValidationError | ConflictError) -> Response:
    if isinstance(exc, ConflictError):
        return error_response("conflict", exc.message, status.HTTP_409_CONFLICT)
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else None
    return error_response("invalid", "；".join(exc.messages), status.HTTP_400_BAD_REQUEST, fields)


@extend_schema_view(
    list=extend_schema(summary="项目列表", description="本单位及下级的项目，以及上级认领清单中的项目；筛选参数同项目管理页面"),
    retrieve=extend_schema(summary="项目详情（含节点）"),
)
class ProjectViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Project]):
    scoped_model = Project
    serializer_class = ProjectSerializer

    def get_queryset(self) -> Any:
        qs = Project.objects.visible_to(self.request.user, "view").select_related("org_unit", "program").prefetch_related("milestones")
        if self.action == "list":
            fs = ProjectFilterSet(self.request.query_params or None, queryset=qs, request=self.request)
            qs = fs.qs if fs.is_bound and fs.is_valid() else qs
        return qs.order_by("org_unit__path", "deadline", "id")

    @extend_schema(summary="申请认领上级认领清单中的项目", request=inline_serializer("ClaimApply", {
        "org_unit": serializers.IntegerField(help_text="认领单位 id（发布单位的下级单位）"),
        "targets": serializers.CharField(help_text="本地目标任务"), "deadline": serializers.DateField(),
        "leader": serializers.CharField(required=False), "responsible_name": serializers.CharField(required=False)}),
        responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str | None = None) -> Response:
        p = self.get_object()
        data: Any = request.data if isinstance(request.data, dict) else {}
        units = services.claiming_units(request.user, p)
        if not units.exists():
            return error_response("forbidden", "您没有认领该项目的权限（只有发布单位的下级单位可以认领）", status.HTTP_403_FORBIDDEN)
        unit = units.filter(pk=data.get("org_unit")).first() if str(data.get("org_unit", "")).isdigit() else None
        if unit is None:
            return error_response("invalid", services.MSG_NOT_BELOW, status.HTTP_400_BAD_REQUEST, {"org_unit": [services.MSG_NOT_BELOW]})
        try:
            deadline = date.fromisoformat(str(data.get("deadline") or ""))
        except ValueError:
            return error_response("invalid", services.MSG_DEADLINE, status.HTTP_400_BAD_REQUEST, {"deadline": [services.MSG_DEADLINE]})
        try:
            c = services.claim_apply(actor=request.user, menu_project=p, org_unit=unit, targets=str(data.get("targets") or ""),
                                     deadline=deadline, leader=str(data.get("leader") or ""),
                                     responsible_name=str(data.get("responsible_name") or ""))
        except (ValidationError, ConflictError) as exc:
            return _refused(exc)
        return Response(ClaimSerializer(c).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="项目认领列表", description="本单位（及下级）的认领申请，以及下级认领本单位项目的申请"),
    retrieve=extend_schema(summary="项目认领详情"),
)
class ClaimViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Claim]):
    scoped_model = Claim
    serializer_class = ClaimSerializer

    def get_queryset(self) -> Any:
        qs = Claim.objects.visible_to(self.request.user, "view").select_related("org_unit", "menu_project")
        st = self.request.query_params.get("status")
        if st in Claim.Status.values:
            qs = qs.filter(status=st)
        return qs.order_by("-applied_on", "-id")


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("projects", ProjectViewSet, basename="project")
    router.register("project-claims", ClaimViewSet, basename="projectclaim")


__all__ = ["OrgUnit"]
