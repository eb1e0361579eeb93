"""Surveys API: surveys with their participation progress, code generation (the plain codes are in this one
answer and nowhere else), results (409 while the survey is open), and the public ballot endpoints — open a
questionnaire with a code, submit answers once (a used code gets 409)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import can_at, require_perm
from zugong.core import codes, ratelimit
from zugong.core.api import PublicAPIView, ScopedViewSetMixin, error_response
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.netaddr import client_ip
from zugong.surveys import ballots, selectors
from zugong.surveys.models import Survey, Target
from zugong.surveys.results import FORMULA
from zugong.surveys.views_public import FAIL_SCOPE, MSG_LIMIT

MSG_OPEN = "测评结束后才能查看结果"


class SurveySerializer(serializers.ModelSerializer[Survey]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "org_unit", "org_unit_name", "year", "kind", "title", "scale", "k_min", "opens_on", "closes_on", "status",
                  "template_code", "closed_on", "version"]
        read_only_fields = fields


def _progress(user: Any, survey: Survey) -> dict[str, Any]:
    p = selectors.progress(user, survey)
    return {"quota": p.quota, "issued": p.issued, "used": p.used, "batches": [
        {"target": str(r.batch.target), "target_id": r.batch.target_id, "category": r.batch.category.name,
         "quota": r.batch.quota, "issued": r.batch.issued, "used": r.used} for r in p.rows]}


def _pct(cell: Any) -> Any:
    return None if cell.suppressed or cell.rate is None else float(cell.rate)


@extend_schema_view(
    list=extend_schema(summary="测评列表", description="本单位及下级组织的测评，以及以本单位为测评对象的测评"),
    retrieve=extend_schema(summary="测评详情和参评进度（只有数量，不涉及具体测评码）"),
)
class SurveyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Survey]):
    scoped_model = Survey
    serializer_class = SurveySerializer

    def get_queryset(self) -> Any:
        return Survey.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("-year", "-id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        s = self.get_object()
        return Response({**SurveySerializer(s).data, "progress": _progress(request.user, s)})

    @extend_schema(summary="生成测评码（明码只在本次返回，系统只保存其散列）",
                   request=inline_serializer("CodeRequest", {"target": serializers.IntegerField(required=False),
                                                             "extra": serializers.IntegerField(required=False)}),
                   responses={201: inline_serializer("Codes", {"codes": serializers.ListField()})})
    @action(detail=True, methods=["post"])
    def codes(self, request: Request, pk: str | None = None) -> Response:
        s = self.get_object()
        require_perm(request.user, ballots.ISSUE)
        if not can_at(request.user, ballots.ISSUE, s.org_unit.path):
            return error_response("forbidden", "只有组织测评的单位可以生成测评码", status.HTTP_403_FORBIDDEN)
        data: Any = request.data if isinstance(request.data, dict) else {}
        target = None
        if data.get("target") not in (None, ""):
            target = get_object_or_404(Target, survey=s, pk=_int(data["target"]))
        extra = data.get("extra")
        issued = ballots.codes_issue(actor=request.user, survey=s, target=target,
                                     extra=_int(extra) if extra not in (None, "") else None)
        return Response({"codes": [{"target": str(i.batch.target), "category": i.batch.category.name, "code": codes.format_code(c)}
                                   for i in issued for c in i.codes]}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="测评结果（测评结束后；样本不足的为 null）")
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        s = self.get_object()
        if not can_at(request.user, "surveys.view_result", s.org_unit.path):
            return error_response("forbidden", "您没有查看测评结果的权限", status.HTTP_403_FORBIDDEN)
        if s.status not in (Survey.Status.CLOSED, Survey.Status.ARCHIVED):
            return error_response("conflict", MSG_OPEN, status.HTTP_409_CONFLICT)
        data = selectors.ranking(s)
        return Response({
            "formula": FORMULA.get(s.scale, ""), "k_min": s.k_min, "aspects": [a.name for a in data["aspects"]],
            "overall": _pct(data["total"]) if data["total"] else None,
            "targets": [{"target": str(r.target), "target_id": r.target.pk, "level": r.level, "rank": r.rank,
                         "respondents": None if r.overall.suppressed else r.overall.n, "rate": _pct(r.overall),
                         "aspects": [_pct(c) for c in r.aspects], "previous": None if r.previous is None else float(r.previous)}
                        for r in data["rows"]]})


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"target": "应为整数"}) from None


def _code(request: Request) -> tuple[str, Any]:
    data: Any = request.data if isinstance(request.data, dict) else {}
    return str(data.get("code") or ""), data


def _refused(request: Request, raw: str, exc: ValidationError | ConflictError) -> Response:
    if isinstance(exc, ConflictError):
        return error_response("conflict", exc.message, status.HTTP_409_CONFLICT)
    if ballots.MSG_CODE in exc.messages:
        ratelimit.count(FAIL_SCOPE, client_ip(request) or "unknown", 3600)
        return error_response("not_found", ballots.MSG_CODE, status.HTTP_404_NOT_FOUND)
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else None
    return error_response("invalid", "；".join(exc.messages), status.HTTP_400_BAD_REQUEST, fields)


def _limited(request: Request) -> Response | None:
    if ratelimit.over(request, "survey", per_ip=settings.SURVEY_RATE, overall=settings.SURVEY_RATE_ALL):
        return error_response("throttled", MSG_LIMIT, status.HTTP_429_TOO_MANY_REQUESTS)
    if ratelimit.peek(FAIL_SCOPE, client_ip(request) or "unknown", 3600) >= settings.SURVEY_FREE_FAILURES:
        return error_response("throttled", "测评码错误次数过多，请稍后在网页上输入（需要验证码）", status.HTTP_429_TOO_MANY_REQUESTS)
    return None


class BallotOpenView(PublicAPIView):
    @extend_schema(summary="凭测评码取得测评题目（测评码放在请求体中，不需要登录）", auth=[],
                   request=inline_serializer("BallotCode", {"code": serializers.CharField()}),
                   responses={200: inline_serializer("Questionnaire", {"survey": serializers.CharField(), "items": serializers.ListField()})})
    def post(self, request: Request) -> Response:
        limited = _limited(request)
        if limited:
            return limited
        raw, _ = _code(request)
        try:
            b = ballots.ballot_open(raw)
        except (ValidationError, ConflictError) as exc:
            return _refused(request, raw, exc)
        s = b.survey
        return Response({"survey": s.title, "target": str(b.target), "category": b.category.name, "scale": s.scale,
                         "options": [{"value": v, "label": label} for v, label in s.options], "allow_comments": s.allow_comments,
                         "items": [{"id": i.pk, "aspect": i.aspect.name, "order": i.order, "text": i.text}
                                   for i in s.items.select_related("aspect").order_by("order", "id")]})


class BallotView(PublicAPIView):
    @extend_schema(summary="提交测评答卷（不需要登录；每个测评码只能提交一次，重复提交返回 409）", auth=[],
                   request=inline_serializer("Ballot", {"code": serializers.CharField(), "answers": serializers.DictField(
                       help_text="{项目 id: 选项值}"), "comment": serializers.CharField(required=False)}),
                   responses={201: inline_serializer("BallotAccepted", {"detail": serializers.CharField()})})
    def post(self, request: Request) -> Response:
        limited = _limited(request)
        if limited:
            return limited
        raw, data = _code(request)
        answers = data.get("answers")
        if not isinstance(answers, dict):
            return error_response("invalid", "answers 应为 {项目 id: 选项值}", status.HTTP_400_BAD_REQUEST)
        try:
            ballots.ballot_submit(raw, answers, str(data.get("comment") or ""))
        except (ValidationError, ConflictError) as exc:
            return _refused(request, raw, exc)
        return Response({"detail": "提交成功，感谢参与"}, status=status.HTTP_201_CREATED)
