"""Learning API, 学: study sessions with their attendees, training classes with their course menus and
enrolment counts, enrolments (read by the organizer's and the cadre's unit's subtree) and staff enrolling
cadres — the same services as the pages, scoped by visible_to (out of scope = 404)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import can_at, scope_paths
from zugong.core.api import ScopedViewSetMixin
from zugong.core.params import int_param
from zugong.core.scope import paths_q
from zugong.learning import training
from zugong.learning.models import (
    Enrollment,
    StudyAttendance,
    StudyKind,
    StudySession,
    TrainingClass,
    TrainingCourse,
)
from zugong.orgs.models import OrgUnit
from zugong.people.models import Cadre

MIN_YEAR, MAX_YEAR = 1901, 2199  # the pages' year filter (views_study._year)
MAX_ENROL = 2000

MSG_YEAR = "年度应为四位数字，如 2026"
MSG_INT = "应为整数"
MSG_KIND = "学习形式代码不对，可选：{codes}"
MSG_CLASS_PERM = "只有主办单位可以为学员报名"
MSG_CADRES = "学员不存在或不在您的授权范围内"


def _year(params: Any) -> int | None:
    """?year= as an int (None when not given); a mangled one is a 400 with a Chinese message."""
    raw = params.get("year", "")
    if raw == "":
        return None
    year = int_param(raw, max_digits=4)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise serializers.ValidationError({"year": MSG_YEAR})
    return year


def _ids(params: Any, *names: str) -> dict[str, int | None]:
    """Integer query parameters by name (None when not given); any mangled one is a 400."""
    raw = {n: params.get(n, "") for n in names}
    errors = {n: MSG_INT for n, v in raw.items() if v != "" and int_param(v) is None}
    if errors:
        raise serializers.ValidationError(errors)
    return {n: int_param(v) if v != "" else None for n, v in raw.items()}


# ---------------------------------------------------------------- study sessions


class StudySessionSerializer(serializers.ModelSerializer[StudySession]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True, help_text="学习形式代码")
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    attendee_count = serializers.SerializerMethodField(help_text="参加人数")
    attendees = serializers.SerializerMethodField(help_text="参加人员（组工干部 id）")

    class Meta:
        model = StudySession
        fields = ["id", "org_unit", "org_unit_name", "kind", "kind_name", "date", "hours", "topic", "speaker", "place", "summary",
                  "attendee_count", "attendees", "version", "created_at"]
        read_only_fields = fields

    def get_attendee_count(self, obj: StudySession) -> int:
        return len(obj.attendance.all())  # prefetched

    def get_attendees(self, obj: StudySession) -> list[int]:
        return [a.cadre_id for a in obj.attendance.all()]


@extend_schema_view(
    list=extend_schema(summary="学习活动列表", description="按授权范围返回；year=年度、kind=学习形式代码、org=单位ID（含下级）筛选",
                       parameters=[OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("kind", OpenApiTypes.STR),
                                   OpenApiParameter("org", OpenApiTypes.INT)]),
    retrieve=extend_schema(summary="学习活动详情（含参加人员）"),
)
class StudySessionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[StudySession]):
    scoped_model = StudySession
    serializer_class = StudySessionSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        attendance = Prefetch("attendance", queryset=StudyAttendance.objects.only("id", "session_id", "cadre_id").order_by("cadre_id"))
        qs = (StudySession.objects.visible_to(user, "view").select_related("org_unit", "kind").prefetch_related(attendance)
              .order_by("-date", "-id"))
        if self.action != "list":
            return qs
        p = self.request.query_params
        year, ids = _year(p), _ids(p, "org")
        kind = p.get("kind", "")
        if kind:
            codes = list(StudyKind.objects.order_by("order", "id").values_list("code", flat=True))
            if kind not in codes:
                raise serializers.ValidationError({"kind": MSG_KIND.format(codes="、".join(codes))})
            qs = qs.filter(kind__code=kind)
        if year is not None:
            qs = qs.filter(date__year=year)
        if ids["org"] is not None:
            # a unit where the user reads study sessions (the page's ?unit=); elsewhere nothing is listed
            unit = OrgUnit.objects.filter(paths_q("path", scope_paths(user, "learning.view_studysession")), pk=ids["org"]).first()
            qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
        return qs


# ---------------------------------------------------------------- training classes


class CourseSerializer(serializers.ModelSerializer[TrainingCourse]):
    enrolled = serializers.IntegerField(source="n", read_only=True, help_text="选课人数")

    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "teacher", "date", "hours", "capacity", "enrolled"]
        read_only_fields = fields


class TrainingClassSerializer(serializers.ModelSerializer[TrainingClass]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    enrolled = serializers.IntegerField(source="n_enrolled", read_only=True, help_text="报名人数（人次，含已结业、未参加）")
    completed = serializers.IntegerField(source="n_completed", read_only=True, help_text="已结业人数")
    absent = serializers.IntegerField(source="n_absent", read_only=True, help_text="未参加人数")
    courses = CourseSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingClass
        fields = ["id", "org_unit", "org_unit_name", "title", "kind", "kind_name", "start_date", "end_date", "hours", "place",
                  "description", "capacity", "open_enrolment", "enrolled", "completed", "absent", "courses", "version", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="培训班列表", description="按授权范围返回；year=开班年度筛选",
                       parameters=[OpenApiParameter("year", OpenApiTypes.INT)]),
    retrieve=extend_schema(summary="培训班详情（课程菜单、报名和结业人数）"),
)
class TrainingClassViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[TrainingClass]):
    scoped_model = TrainingClass
    serializer_class = TrainingClassSerializer

    def get_queryset(self) -> Any:
        # the counts are of every enrolment of the class (人次, as on the list page), not only those the reader sees
        courses = Prefetch("courses", queryset=TrainingCourse.objects.annotate(n=Count("enrollments"))
                           .order_by(F("date").asc(nulls_last=True), "id"))
        qs = (TrainingClass.objects.visible_to(self.request.user, "view").select_related("org_unit").prefetch_related(courses)
              .annotate(n_enrolled=Count("enrollments"),
                        n_completed=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.COMPLETED)),
                        n_absent=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ABSENT)))
              .order_by("-start_date", "-id"))
        if self.action == "list" and (year := _year(self.request.query_params)) is not None:
            qs = qs.filter(start_date__year=year)
        return qs


# ---------------------------------------------------------------- enrolments


class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
    training_class_title = serializers.CharField(source="training_class.title", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_org_unit = serializers.IntegerField(source="cadre.org_unit_id", read_only=True, help_text="学员所在单位 id")
    cadre_org_unit_name = serializers.CharField(source="cadre.org_unit.name", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    courses = serializers.SerializerMethodField(help_text="所选课程 id")

    class Meta:
        model = Enrollment
        fields = ["id", "training_class", "training_class_title", "cadre", "cadre_name", "cadre_org_unit", "cadre_org_unit_name",
                  "status", "status_name", "score", "completed_on", "self_enrolled", "courses", "version", "created_at"]
        read_only_fields = fields

    def get_courses(self, obj: Enrollment) -> list[int]:
        return [c.pk for c in obj.courses.all()]  # prefetched


class EnrolSerializer(serializers.Serializer[Any]):
    training_class = serializers.IntegerField(min_value=1, help_text="培训班 id")
    cadres = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=MAX_ENROL,
                                   help_text="要报名的组工干部 id（主办单位及下级在册的）；已报名的不重复报名")


def _enrollments(user: Any) -> Any:
    return (Enrollment.objects.visible_to(user, "view").select_related("training_class", "cadre", "cadre__org_unit")
            .prefetch_related(Prefetch("courses", queryset=TrainingCourse.objects.only("id")))
            .order_by("training_class_id", "cadre__name_pinyin", "id"))


@extend_schema_view(
    list=extend_schema(summary="培训报名列表", description="主办单位及下级、学员所在单位及下级可见；training_class=培训班ID、cadre=组工干部ID 筛选",
                       parameters=[OpenApiParameter("training_class", OpenApiTypes.INT), OpenApiParameter("cadre", OpenApiTypes.INT)]),
    create=extend_schema(summary="为学员报名", description="主办单位的工作人员为主办单位及下级在册的组工干部报名；超出计划人数时整批不报名",
                         request=EnrolSerializer, responses={201: inline_serializer("EnrolResult", {
                             "created": serializers.IntegerField(help_text="本次报名人数"),
                             "already_enrolled": serializers.IntegerField(help_text="此前已报名、未重复报名的人数"),
                             "results": EnrollmentSerializer(many=True)})}),
)
class EnrollmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Enrollment]):
    scoped_model = Enrollment
    serializer_class = EnrollmentSerializer

    def get_queryset(self) -> Any:
        qs = _enrollments(self.request.user)
        ids = _ids(self.request.query_params, "training_class", "cadre")
        if ids["training_class"] is not None:
            qs = qs.filter(training_class_id=ids["training_class"])
        if ids["cadre"] is not None:
            qs = qs.filter(cadre_id=ids["cadre"])
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = EnrolSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        c = TrainingClass.objects.visible_to(request.user, "view").select_related("org_unit").filter(pk=d["training_class"]).first()
        if c is None:
            raise Http404("培训班不存在或不在您的授权范围内")
        if not can_at(request.user, training.ADD, c.org_unit.path):
            raise PermissionDenied(MSG_CLASS_PERM)
        wanted = list(dict.fromkeys(d["cadres"]))
        cadres = list(Cadre.objects.visible_to(request.user, "view").filter(pk__in=wanted))
        if len(cadres) != len(wanted):
            raise serializers.ValidationError({"cadres": MSG_CADRES})
        rows = training.enrollment_add(actor=request.user, training_class=c, cadres=cadres)
        created = _enrollments(request.user).filter(pk__in=[e.pk for e in rows])
        return Response({"created": len(rows), "already_enrolled": len(wanted) - len(rows),
                         "results": EnrollmentSerializer(created, many=True).data}, status=status.HTTP_201_CREATED)
