"""Recommendation votes API: selections with their nominations, the results (409 until the votes are counted), and
the public vote with a one-time code (POST /api/v1/votes/: no account; a used code answers 409)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.accounts.access import can_at
from zugong.core import ratelimit
from zugong.core.api import PublicAPIView, ScopedViewSetMixin, error_response
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.netaddr import client_ip
from zugong.honors import selectors, voting
from zugong.honors.models import Nomination, Selection
from zugong.honors.views_public import FAIL_SCOPE, MSG_LIMIT

MSG_OPEN = "计票结束后才能查看投票结果"


class SelectionSerializer(serializers.ModelSerializer[Selection]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Selection
        fields = ["id", "org_unit", "org_unit_name", "year", "title", "honor_title", "nominations_per_unit", "places", "votes_per_voter",
                  "voting_mode", "nominate_from", "nominate_until", "publicize_from", "publicize_until", "vote_from", "vote_until",
                  "status", "ballots", "closed_on", "commended_on", "version"]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer[Nomination]):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "selection", "org_unit", "org_unit_name", "cadre", "cadre_name", "deeds", "status", "reason", "submitted_on"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="评选活动列表", description="本单位及下级组织的评选，以及上级组织、本单位可参加的评选"),
    retrieve=extend_schema(summary="评选活动详情"),
)
class SelectionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet[Selection]):
    scoped_model = Selection
    serializer_class = SelectionSerializer

    def get_queryset(self) -> Any:
        return Selection.objects.visible_to(self.request.user, "view").select_related("org_unit").order_by("-year", "-id")

    @extend_schema(summary="推荐人选（组织单位看全部，推荐单位看本单位的）", responses={200: NominationSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def nominations(self, request: Request, pk: str | None = None) -> Response:
        s = self.get_object()
        return Response(NominationSerializer(selectors.nominations(request.user, s), many=True).data)

    @extend_schema(summary="投票结果（计票后；按得票排名，同票同名次）",
                   responses={200: inline_serializer("VoteResults", {"ballots": serializers.IntegerField(),
                                                                     "nominees": serializers.ListField()})})
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        s = self.get_object()
        if not can_at(request.user, selectors.TALLY, s.org_unit.path):
            return error_response("forbidden", "您没有查看投票结果的权限", status.HTTP_403_FORBIDDEN)
        if not s.is_tallied:
            return error_response("conflict", MSG_OPEN, status.HTTP_409_CONFLICT)
        commended = set(s.commendations.values_list("cadre_id", flat=True))
        return Response({"ballots": s.ballots, "places": s.places, "status": s.status, "nominees": [
            {"nomination": n.pk, "cadre": n.cadre.name, "org_unit": n.org_unit.name, "votes": n.votes, "rank": n.rank,
             "commended": n.cadre_id in commended} for n in selectors.results(s)]})


def _refused(request: Request, exc: ValidationError | ConflictError) -> Response:
    if isinstance(exc, ConflictError):
        return error_response("conflict", exc.message, status.HTTP_409_CONFLICT)
    if voting.MSG_CODE in exc.messages:
        ratelimit.count(FAIL_SCOPE, client_ip(request) or "unknown", 3600)
        return error_response("not_found", voting.MSG_CODE, status.HTTP_404_NOT_FOUND)
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else None
    return error_response("invalid", "；".join(exc.messages), status.HTTP_400_BAD_REQUEST, fields)


class VoteView(PublicAPIView):
    @extend_schema(summary="凭投票码投票（不需要登录；每个投票码只能投一次，重复提交返回 409）", auth=[],
                   request=inline_serializer("Vote", {"code": serializers.CharField(),
                                                      "choices": serializers.ListField(child=serializers.IntegerField(),
                                                                                       help_text="所选推荐人选的 id")}),
                   responses={201: inline_serializer("VoteAccepted", {"detail": serializers.CharField()})})
    def post(self, request: Request) -> Response:
        if ratelimit.over(request, "honor-vote", per_ip=settings.SURVEY_RATE, overall=settings.SURVEY_RATE_ALL):
            return error_response("throttled", MSG_LIMIT, status.HTTP_429_TOO_MANY_REQUESTS)
        if ratelimit.peek(FAIL_SCOPE, client_ip(request) or "unknown", 3600) >= settings.SURVEY_FREE_FAILURES:
            return error_response("throttled", "投票码错误次数过多，请稍后在网页上输入（需要验证码）", status.HTTP_429_TOO_MANY_REQUESTS)
        data: Any = request.data if isinstance(request.data, dict) else {}
        choices = data.get("choices")
        if not isinstance(choices, list):
            return error_response("invalid", "choices 应为所选推荐人选 id 的列表", status.HTTP_400_BAD_REQUEST)
        try:
            voting.vote_by_code(str(data.get("code") or ""), choices)
        except (ValidationError, ConflictError) as exc:
            return _refused(request, exc)
        return Response({"detail": "投票成功，感谢参与"}, status=status.HTTP_201_CREATED)
