"""Learning API: exams and their results, graded attempts (organizer and unit scope), and the signed-in
cadre's own sittings — start, autosave, hand in — on the same services as the pages. The answer key is
never in a response before the sitting is handed in."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.core.api import ScopedViewSetMixin
from zugong.core.params import int_param
from zugong.learning import exams, results
from zugong.learning.models import Attempt, Exam
from zugong.people.selectors import cadre_of


class ExamSerializer(serializers.ModelSerializer[Exam]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Exam
        fields = ["id", "title", "description", "org_unit", "org_unit_name", "starts_at", "ends_at", "time_limit", "attempts_allowed",
                  "pass_score", "status", "version"]
        read_only_fields = fields


class AttemptSerializer(serializers.ModelSerializer[Attempt]):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "exam", "cadre", "cadre_name", "org_unit", "org_unit_name", "number", "status", "started_at", "deadline_at",
                  "submitted_at", "score", "max_score", "passed"]
        read_only_fields = fields


class ExamViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Exam]):
    """Exams the user may see by role scope; `results` gives per target unit participation and pass rates."""

    scoped_model = Exam
    serializer_class = ExamSerializer

    def get_queryset(self) -> Any:
        return results.exams(self.request.user).order_by("-starts_at", "-id")

    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        exam = self.get_object()
        rows = results.unit_results(request.user, exam)
        return Response({"exam": exam.pk, "units": [
            {"org_unit": r.unit.pk, "name": r.unit.name, "on_roll": r.on_roll, "participants": r.participants, "passed": r.passed,
             "participation": r.participation, "pass_rate": r.pass_rate} for r in rows],
            "questions": [{"question": q["question_id"], "answered": q["n"], "correct": q["right"], "rate": q["rate"]}
                          for q in results.question_rates(request.user, exam)]})


class AttemptViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Attempt]):
    """Graded sittings visible to the organizer's and the taker's unit's subtree; `?exam=` filters."""

    scoped_model = Attempt
    serializer_class = AttemptSerializer

    def get_queryset(self) -> Any:
        qs = Attempt.objects.visible_to(self.request.user, "view").select_related("cadre", "org_unit").order_by("-started_at", "-id")
        exam = int_param(self.request.query_params.get("exam"), max_digits=12)
        return qs.filter(exam_id=exam) if exam is not None else qs


class StartSerializer(serializers.Serializer[Any]):
    exam = serializers.IntegerField(help_text="考试 id")


class AnswersSerializer(serializers.Serializer[Any]):
    answers = serializers.DictField(child=serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=200)),
                                    help_text='{"题号(从0起)": ["B"]}；判断题 "T"/"F"，填空题每空一项')


def _paper(attempt: Attempt) -> list[dict[str, Any]]:
    """The sitting's paper as the page shows it (results.paper_items: no key), in the API's shape."""
    return [{"position": q["pos"], "kind": q["kind"], "text": q["text"], "points": q["points"],
             "options": [{"letter": letter, "text": text} for letter, text, _checked in q["options"]],
             "blanks": len(q["blanks"]), "saved": q["saved"]} for q in results.paper_items(attempt)]


class MyAttemptViewSet(viewsets.GenericViewSet[Attempt]):
    """The signed-in cadre's own sittings (404 for anyone else's)."""

    serializer_class = AttemptSerializer

    def get_queryset(self) -> Any:
        return Attempt.objects.own(self.request.user).select_related("exam", "cadre", "org_unit").order_by("-started_at")

    def list(self, request: Request) -> Response:
        return Response(AttemptSerializer(self.get_queryset()[:100], many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        attempt = self.get_object()
        data = dict(AttemptSerializer(attempt).data)
        if attempt.status == Attempt.Status.IN_PROGRESS:
            data["paper"] = _paper(attempt)
        return Response(data)

    @extend_schema(request=StartSerializer, responses=AttemptSerializer)
    def create(self, request: Request) -> Response:
        s = StartSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cadre = cadre_of(request.user)
        exam = exams.takeable(cadre, s.validated_data["exam"]) if cadre is not None else None
        if cadre is None or exam is None:
            raise Http404
        attempt = exams.attempt_start(user=request.user, cadre=cadre, exam=exam)
        return Response({**AttemptSerializer(attempt).data, "paper": _paper(attempt)}, status=201)

    @extend_schema(request=AnswersSerializer, responses=AttemptSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str | None = None) -> Response:
        attempt = self.get_object()
        s = AnswersSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        attempt = exams.attempt_save(user=request.user, attempt=attempt, answers=s.validated_data["answers"])
        return Response(AttemptSerializer(attempt).data)

    @extend_schema(request=AnswersSerializer, responses=AttemptSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        attempt = self.get_object()
        s = AnswersSerializer(data=request.data or {"answers": {}})
        s.is_valid(raise_exception=True)
        attempt = exams.attempt_submit(user=request.user, attempt=attempt, answers=s.validated_data["answers"])
        return Response(AttemptSerializer(attempt).data)
