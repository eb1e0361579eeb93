"""The public mailbox API (no account): the form's choices and a captcha, submit a letter (returns the receipt
code once), and look up a letter by its code sent in the POST body. No authentication, no session, no cookie;
the same captcha and rate limits as the pages (429 when exceeded)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zugong.core import captcha, codes, ratelimit
from zugong.core.api import PublicAPIView, error_response
from zugong.core.netaddr import client_ip
from zugong.opinions import mailbox
from zugong.opinions.models import MailboxCase, OpinionCategory
from zugong.opinions.views_public import FAIL_SCOPE, MSG_LIMIT

MSG_CAPTCHA = "请先获取验证码（GET /api/v1/mailbox/），再提交 captcha_key 和 captcha"


def _captcha() -> dict[str, str]:
    key = captcha.new().key
    return {"key": key, "image": reverse("mailbox:captcha", args=[key])}


class LetterSerializer(serializers.Serializer[Any]):
    org_unit = serializers.IntegerField(help_text="组织部门 id（GET 返回的 units）")
    category = serializers.CharField(help_text="问题类别代码（GET 返回的 categories）")
    subject = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=mailbox.MAX_CONTENT, error_messages={"blank": mailbox.MSG_CONTENT, "required": mailbox.MSG_CONTENT})
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", help_text="可不填")
    captcha_key = serializers.CharField(error_messages={"required": MSG_CAPTCHA})
    captcha = serializers.CharField(max_length=8, error_messages={"required": MSG_CAPTCHA})


class MailboxView(PublicAPIView):
    @extend_schema(summary="公开信箱：可选的组织部门和问题类别，以及一个验证码", auth=[],
                   responses={200: inline_serializer("MailboxForm", {"units": serializers.ListField(), "categories": serializers.ListField(),
                                                                     "captcha": serializers.DictField()})})
    def get(self, request: Request) -> Response:
        units = [{"id": u.pk, "name": u.name, "parent": u.parent_id} for u in mailbox.public_units()]
        categories = [{"code": c.code, "name": c.name} for c in OpinionCategory.objects.filter(is_active=True)]
        return Response({"units": units, "categories": categories, "captcha": _captcha()})

    @extend_schema(summary="公开信箱：写信（不需要登录；回执码只返回这一次）", auth=[], request=LetterSerializer,
                   responses={201: inline_serializer("MailboxReceipt", {"receipt_code": serializers.CharField(),
                                                                        "ack_due": serializers.DateField(), "reply_due": serializers.DateField()})})
    def post(self, request: Request) -> Response:
        if ratelimit.over(request, "mailbox", per_ip=settings.MAILBOX_RATE, overall=settings.MAILBOX_RATE_ALL):
            return error_response("throttled", MSG_LIMIT, status.HTTP_429_TOO_MANY_REQUESTS)
        ser = LetterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        problem = captcha.verify(d["captcha_key"], d["captcha"])
        if problem:
            raise serializers.ValidationError({"captcha": problem})
        unit = mailbox.public_units().filter(pk=d["org_unit"]).first()
        category = OpinionCategory.objects.filter(code=d["category"], is_active=True).first()
        uploads = request.FILES.getlist("attachments") if hasattr(request, "FILES") else []
        case, code = mailbox.submit(mailbox.Letter(org_unit=unit, category=category, content=d["content"], subject=d["subject"],
                                                   contact=d["contact"], uploads=list(uploads)))
        return Response({"receipt_code": codes.format_code(code), "ack_due": case.ack_due, "reply_due": case.reply_due},
                        status=status.HTTP_201_CREATED)


class MailboxStatusView(PublicAPIView):
    @extend_schema(summary="公开信箱：凭回执码查询办理情况和答复（回执码放在请求体中）", auth=[],
                   request=inline_serializer("MailboxLookup", {"code": serializers.CharField(), "captcha_key": serializers.CharField(required=False),
                                                                "captcha": serializers.CharField(required=False)}),
                   responses={200: inline_serializer("MailboxStatus", {"status": serializers.CharField(), "reply": serializers.CharField()})})
    def post(self, request: Request) -> Response:
        if ratelimit.over(request, "mailbox-status", per_ip=settings.MAILBOX_STATUS_RATE):
            return error_response("throttled", MSG_LIMIT, status.HTTP_429_TOO_MANY_REQUESTS)
        ip = client_ip(request) or "unknown"
        data: Any = request.data if isinstance(request.data, dict) else {}
        if ratelimit.peek(FAIL_SCOPE, ip, 3600) >= settings.MAILBOX_STATUS_FREE_FAILURES:
            problem = captcha.verify(str(data.get("captcha_key") or ""), str(data.get("captcha") or ""))
            if problem:
                return error_response("captcha", f"错误次数过多，需要验证码：{problem}", status.HTTP_400_BAD_REQUEST,
                                      {"captcha": [problem]})
        case = mailbox.look_up(str(data.get("code") or ""))
        if case is None:
            ratelimit.count(FAIL_SCOPE, ip, 3600)
            return error_response("not_found", mailbox.MSG_CODE, status.HTTP_404_NOT_FOUND)
        o = case.opinion
        return Response({"status": case.status, "status_display": MailboxCase.Status(case.status).label, "unit": o.org_unit.name,
                         "category": o.category.name, "received_on": case.received_on, "ack_due": case.ack_due,
                         "acknowledged_on": case.acknowledged_on, "reply_due": case.reply_due, "reply": o.reply,
                         "replied_on": o.replied_on, "rating": o.rating})
