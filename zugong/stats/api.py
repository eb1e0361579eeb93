"""Statistics API: the indicator catalog and values with per-child breakdowns (404 out of scope)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zugong.accounts.access import require_perm
from zugong.stats import engine
from zugong.stats.registry import available_to


class IndicatorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    dated = serializers.BooleanField()


def _num(v: Any) -> Any:
    return float(v) if v is not None and not isinstance(v, int) else v


class IndicatorListView(APIView):
    @extend_schema(summary="指标目录", responses={200: IndicatorSerializer(many=True)})
    def get(self, request: Request) -> Response:
        require_perm(request.user, "orgs.view_orgunit")
        data = [{"code": i.code, "label": i.label, "unit": i.unit, "source": i.source, "dated": bool(i.date_field)}
                for i in available_to(request.user)]
        return Response(IndicatorSerializer(data, many=True).data)


class ValuesQuery(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    org = serializers.IntegerField()
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    breakdown = serializers.ChoiceField(choices=["children"], required=False)

    def validate_indicator(self, code: str) -> str:
        if code not in {i.code for i in available_to(self.context["request"].user)}:
            raise serializers.ValidationError("指标不存在或您无权查看")
        return code

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "结束日期不能早于开始日期"})
        return attrs


class ValuesView(APIView):
    @extend_schema(
        summary="指标取值",
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="指标代码，如 people.headcount"),
            OpenApiParameter("org", OpenApiTypes.INT, required=True, description="单位ID（含下级汇总）"),
            OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("breakdown", OpenApiTypes.STR, enum=["children"], description="children：按直属下级分列"),
        ],
        responses={200: inline_serializer("IndicatorValue", {
            "indicator": serializers.CharField(), "org": serializers.IntegerField(), "value": serializers.FloatField(allow_null=True),
            "own": serializers.FloatField(allow_null=True),
            "children": serializers.ListField(child=serializers.DictField()),
        })},
    )
    def get(self, request: Request) -> Response:
        require_perm(request.user, "orgs.view_orgunit")
        q = ValuesQuery(data=request.query_params, context={"request": request})
        q.is_valid(raise_exception=True)
        d = q.validated_data
        from zugong.stats.registry import get

        ind = get(d["indicator"])
        org = engine.visible_org(request.user, d["org"])
        period = engine.Period(d.get("start"), d.get("end"))
        body: dict[str, Any] = {"indicator": ind.code, "org": org.pk, "unit": ind.unit}
        if d.get("breakdown") == "children":
            b = engine.breakdown(ind, request.user, org, period)
            body.update(value=_num(b.total), own=_num(b.own),
                        children=[{"org": r.org_id, "name": r.name, "value": _num(r.value)} for r in b.children])
        else:
            body["value"] = _num(engine.value(ind, request.user, org, period))
        return Response(body)
