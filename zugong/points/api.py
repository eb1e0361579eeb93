"""Points API: a cadre's itemized card for a year, and the signed-in cadre's own card — the same
selectors and the same gate as the card pages (points.view_pointentry over the cadre's current unit, or
being that cadre; out of scope = 404)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zugong.accounts.access import require_perm
from zugong.core.api import error_response
from zugong.core.params import int_param
from zugong.people.models import Cadre
from zugong.people.selectors import cadre_of
from zugong.points import selectors
from zugong.points.models import PointEntry
from zugong.points.selectors import MAX_YEAR, MIN_YEAR, VIEW

MSG_YEAR = f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的四位数字"  # the card page's wording
MSG_NOT_LINKED = "您的账号未关联组工干部名册，没有积分卡；请联系本单位管理员在名册中关联系统账号"


def _points(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=1, help_text=help_text or None)


class EntryFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="下载地址（佐证材料）")


class CardEntrySerializer(serializers.ModelSerializer[PointEntry]):
    rule = serializers.CharField(source="rule.code", default=None, read_only=True, help_text="积分规则代码；手工加减分为空")
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.full_name", default="", read_only=True, help_text="录入人（手工加减分）")
    files = serializers.SerializerMethodField()

    class Meta:
        model = PointEntry
        fields = ["id", "date", "points", "reason", "capped", "status", "status_name", "rule", "org_unit", "org_unit_name",
                  "created_by_name", "decision_note", "decided_at", "files"]
        read_only_fields = fields

    @extend_schema_field(EntryFileSerializer(many=True))
    def get_files(self, obj: PointEntry) -> list[dict[str, Any]]:
        return [{"id": f.pk, "name": f.name, "url": reverse("points:entry_file", args=[obj.pk, f.pk])} for f in obj.files.all()]


class CardItemSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="积分项目")
    subtotal = _points()
    entries = CardEntrySerializer(many=True)


class CardGroupSerializer(serializers.Serializer[Any]):
    category = serializers.CharField(help_text="类别（学、考、评、管，手工为“加减分”）")
    subtotal = _points()
    items = CardItemSerializer(many=True)


class CardCadreSerializer(serializers.ModelSerializer[Cadre]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "name", "org_unit", "org_unit_name", "position"]
        read_only_fields = fields


class CardSerializer(serializers.Serializer[Any]):
    cadre = CardCadreSerializer()
    year = serializers.IntegerField()
    total = _points("已生效积分的总分")
    groups = CardGroupSerializer(many=True, help_text="已生效的积分，按类别、积分项目分组并小计")
    pending = CardEntrySerializer(many=True, help_text="待审核（不计入总分）")
    pending_total = _points()
    rejected = CardEntrySerializer(many=True, help_text="未通过审核（不计入）")
    years = serializers.ListField(child=serializers.IntegerField(), help_text="有积分记录的年度（含今年），新的在前")


def _year(request: Request) -> int | None:
    """?year= (this year when not given); None when it cannot be a card's year."""
    raw = request.query_params.get("year", "")
    if raw == "":
        return timezone.localdate().year
    year = int_param(raw, max_digits=4)
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None


def _card(request: Request, cadre: Cadre) -> Response:
    year = _year(request)
    if year is None:
        raise serializers.ValidationError({"year": MSG_YEAR})
    card = selectors.card(request.user, cadre, year)
    return Response(CardSerializer(card).data)


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description=f"年度（{MIN_YEAR}-{MAX_YEAR}），默认今年")


class PointCardView(APIView):
    """A cadre's card: for whoever holds points.view_pointentry over the cadre's current unit, and the cadre."""

    @extend_schema(summary="组工干部的积分卡", parameters=[YEAR], responses={200: CardSerializer})
    def get(self, request: Request, pk: int) -> Response:
        me = cadre_of(request.user)
        if me is not None and me.pk == pk:
            return _card(request, me)
        require_perm(request.user, VIEW)
        cadre = get_object_or_404(selectors.card_cadres(request.user).select_related("org_unit"), pk=pk)
        return _card(request, cadre)


class MyPointCardView(APIView):
    """The signed-in cadre's own card (404 with an explanation when the account is not linked to the roster)."""

    @extend_schema(summary="我的积分卡", parameters=[YEAR], responses={200: CardSerializer})
    def get(self, request: Request) -> Response:
        me = cadre_of(request.user)
        if me is None:
            return error_response("not_linked", MSG_NOT_LINKED, 404)
        return _card(request, me)
