"""The audit page: filterable and exportable, for the audit admin only (R21-R29)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zugong.accounts.access import is_auditor
from zugong.audit.models import ObjectChange
from zugong.audit.services import record
from zugong.core.exports import xlsx_response


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.CharField(label="动作", required=False, max_length=80)
    object_type = forms.CharField(label="对象类型", required=False, max_length=80)
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), ("ok", "成功"), ("failed", "失败"), ("locked", "锁定")])
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def filtered(form: AuditFilterForm) -> Any:
    qs = ObjectChange.objects.all()
    if not form.is_valid():
        return qs.none()
    d = form.cleaned_data
    if d["actor"]:
        qs = qs.filter(actor_name__icontains=d["actor"])
    if d["action"]:
        qs = qs.filter(action__startswith=d["action"])
    if d["object_type"]:
        qs = qs.filter(object_type=d["object_type"])
    if d["result"]:
        qs = qs.filter(result=d["result"])
    tz = timezone.get_current_timezone()
    if d["start"]:
        qs = qs.filter(time__gte=datetime.combine(d["start"], time.min, tzinfo=tz))
    if d["end"]:
        qs = qs.filter(time__lte=datetime.combine(d["end"], time.max, tzinfo=tz))
    return qs.order_by("-id")


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not is_auditor(request.user):
        raise PermissionDenied("只有审计管理员可以查看审计日志")
    form = AuditFilterForm(request.GET)
    qs = filtered(form)
    if request.GET.get("export") == "xlsx":
        record(action="audit.exported", actor=request.user, object_type="audit.objectchange", after={"query": request.GET.urlencode()})
        headers = ["时间", "操作人", "IP", "请求号", "动作", "结果", "对象类型", "对象ID", "对象", "修改前", "修改后"]
        rows = (
            [timezone.localtime(r.time), r.actor_name, r.ip or "", r.request_id, r.action, r.result, r.object_type,
             r.object_id, r.object_repr, str(r.before or ""), str(r.after or "")]
            for r in qs.iterator(chunk_size=2000)
        )
        return xlsx_response(headers, rows, filename="审计日志.xlsx", sheet="审计日志")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/list.html", {
        "title": "审计日志", "breadcrumbs": [("审计日志", None)], "form": form, "page_obj": page,
        "query_string": params.urlencode(),
    })
