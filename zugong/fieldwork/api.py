"""/api/v1/fieldwork/…: read-only, scoped lists of visits, pairings, problems solved, research topics and contact
points, filtered with the pages' filtersets (registered by zugong.api_urls)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zugong.core.api import ScopedViewSetMixin
from zugong.fieldwork.filtersets import (
    PairingFilterSet,
    PointFilterSet,
    ProblemFilterSet,
    TopicFilterSet,
    VisitFilterSet,
)
from zugong.fieldwork.models import ContactPoint, FieldVisit, GrassrootsProblem, Pairing, ResearchTopic
from zugong.people.models import Cadre

PATHS: list[Any] = []


class VisitSerializer(serializers.ModelSerializer[FieldVisit]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    cadre_names = serializers.SerializerMethodField()

    class Meta:
        model = FieldVisit
        fields = ["id", "org_unit", "org_unit_name", "kind", "date", "place", "purpose", "findings", "cadres", "cadre_names",
                  "person_count", "contact_point", "version"]
        read_only_fields = fields

    def get_cadre_names(self, obj: FieldVisit) -> list[str]:
        return [c.name for c in obj.cadres.all()]


class PairingSerializer(serializers.ModelSerializer[Pairing]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "org_unit", "org_unit_name", "cadre", "cadre_name", "counterpart_kind", "counterpart_name", "counterpart_place",
                  "start_date", "end_date", "status", "note", "version"]
        read_only_fields = fields


class GrassrootsProblemSerializer(serializers.ModelSerializer[GrassrootsProblem]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    ledger_status = serializers.SerializerMethodField()

    class Meta:
        model = GrassrootsProblem
        fields = ["id", "org_unit", "org_unit_name", "visit", "pairing", "description", "raised_on", "status", "solved_on", "result",
                  "ledger_measure", "ledger_status", "version"]
        read_only_fields = fields

    def get_ledger_status(self, obj: GrassrootsProblem) -> str:
        return obj.ledger_measure.status if obj.ledger_measure is not None else ""


class TopicSerializer(serializers.ModelSerializer[ResearchTopic]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    lead_name = serializers.CharField(source="lead.name", read_only=True)
    has_report_file = serializers.SerializerMethodField()

    class Meta:
        model = ResearchTopic
        fields = ["id", "org_unit", "org_unit_name", "title", "year", "lead", "lead_name", "team", "description", "report_date",
                  "has_report_file", "rating", "adopted", "adoption_note", "version"]
        read_only_fields = fields

    def get_has_report_file(self, obj: ResearchTopic) -> bool:
        return obj.report_file_id is not None


class PointSerializer(serializers.ModelSerializer[ContactPoint]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)

    class Meta:
        model = ContactPoint
        fields = ["id", "org_unit", "org_unit_name", "office", "office_name", "name", "address", "since", "note", "version"]
        read_only_fields = fields


class _Filtered(ScopedViewSetMixin):
    filterset: Any
    request: Any

    def filter_queryset(self, queryset: Any) -> Any:
        fs = self.filterset(self.request.query_params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise serializers.ValidationError(fs.errors)
        return fs.qs


@extend_schema_view(list=extend_schema(summary="下基层（四进）记录", description="按授权范围返回；筛选参数同列表页（org、kind、date_from、date_to、q）"),
                    retrieve=extend_schema(summary="下基层记录详情"))
class VisitViewSet(_Filtered, viewsets.ReadOnlyModelViewSet[FieldVisit]):
    scoped_model = FieldVisit
    serializer_class = VisitSerializer
    filterset = VisitFilterSet

    def get_queryset(self) -> Any:
        return (FieldVisit.objects.visible_to(self.request.user, "view").select_related("org_unit").prefetch_related(Prefetch("cadres", queryset=Cadre.objects.order_by("name_pinyin", "pk")))
                .order_by("-date", "-id"))


@extend_schema_view(list=extend_schema(summary="结对帮扶对子"), retrieve=extend_schema(summary="帮扶对子详情"))
class PairingViewSet(_Filtered, viewsets.ReadOnlyModelViewSet[Pairing]):
    scoped_model = Pairing
    serializer_class = PairingSerializer
    filterset = PairingFilterSet

    def get_queryset(self) -> Any:
        return Pairing.objects.visible_to(self.request.user, "view").select_related("org_unit", "cadre").order_by("-start_date", "-id")


@extend_schema_view(list=extend_schema(summary="为基层群众解决的实际问题"), retrieve=extend_schema(summary="问题详情"))
class ProblemViewSet(_Filtered, viewsets.ReadOnlyModelViewSet[GrassrootsProblem]):
    scoped_model = GrassrootsProblem
    serializer_class = GrassrootsProblemSerializer
    filterset = ProblemFilterSet

    def get_queryset(self) -> Any:
        return (GrassrootsProblem.objects.visible_to(self.request.user, "view").select_related("org_unit", "ledger_measure")
                .order_by("-raised_on", "-id"))


@extend_schema_view(list=extend_schema(summary="领衔课题"), retrieve=extend_schema(summary="领衔课题详情"))
class TopicViewSet(_Filtered, viewsets.ReadOnlyModelViewSet[ResearchTopic]):
    scoped_model = ResearchTopic
    serializer_class = TopicSerializer
    filterset = TopicFilterSet

    def get_queryset(self) -> Any:
        return (ResearchTopic.objects.visible_to(self.request.user, "view").select_related("org_unit", "lead").prefetch_related("team")
                .order_by("-year", "-id"))


@extend_schema_view(list=extend_schema(summary="联系点"), retrieve=extend_schema(summary="联系点详情"))
class PointViewSet(_Filtered, viewsets.ReadOnlyModelViewSet[ContactPoint]):
    scoped_model = ContactPoint
    serializer_class = PointSerializer
    filterset = PointFilterSet

    def get_queryset(self) -> Any:
        return ContactPoint.objects.visible_to(self.request.user, "view").select_related("org_unit", "office").order_by("org_unit__path", "id")


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
    router.register("fieldwork/visits", VisitViewSet, basename="fieldvisit")
    router.register("fieldwork/pairings", PairingViewSet, basename="pairing")
    router.register("fieldwork/problems", ProblemViewSet, basename="grassrootsproblem")
    router.register("fieldwork/topics", TopicViewSet, basename="researchtopic")
    router.register("fieldwork/contact-points", PointViewSet, basename="contactpoint")
