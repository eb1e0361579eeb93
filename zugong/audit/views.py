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
from zugong.audit import labels
from zugong.audit.models import ObjectChange
from zugong.audit.services import record
from zugong.core.exports import xlsx_response


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.ChoiceField(label="动作", required=False, choices=[("", "全部动作"), *sorted(labels.ACTIONS.items(), key=lambda kv: kv[0])])
    object_type = forms.ChoiceField(label="对象类型", required=False, choices=[
        ("", "全部对象"), ("accounts.user", "用户"), ("accounts.roleassignment", "授权"), ("orgs.orgunit", "单位"),
        ("people.cadre", "组工干部"), ("people.movement", "干部变动"), ("core.job", "后台任务"),
        ("stats.reportform", "填报表"), ("stats.reportassignment", "填报任务"), ("stats.briefingtemplate", "简报模板"),
        ("stats.briefing", "简报"), ("stats.snapshot", "统计快照"), ("stats.dashboard", "统计看板"),
        ("campaigns.campaign", "活动"), ("campaigns.campaigntask", "重点任务和载体"), ("campaigns.leadinggroupmember", "领导小组成员"), ("campaigns.assignment", "活动任务分解"),
        ("campaigns.supervisiongroup", "督导组"), ("campaigns.inspection", "督导检查"), ("campaigns.finding", "督导发现问题"),
        ("campaigns.workreport", "述职和实绩写实"), ("campaigns.taskdefaults", "任务默认责任人"),
    ])
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), ("ok", "成功"), ("failed", "失败"), ("locked", "锁定")])
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def filtered(form: AuditFilterForm) -> Any:
    qs = ObjectChange.objects.all()
    if not form.is_valid():
        return qs.none()
    d = form.cleaned_data
    if d["actor"]:
        qs = qs.filter(actor_name__icontains=d["actor"])
    if d["action"]:
        qs = qs.filter(action=d["action"])
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
        headers = ["时间", "操作人", "IP", "请求号", "动作", "动作代码", "结果", "对象类型", "对象ID", "对象", "变更内容"]
        export_rows = (
            [timezone.localtime(r.time), r.actor_name, r.ip or "", r.request_id, labels.action_label(r.action), r.action,
             labels.RESULTS.get(r.result, r.result), labels.object_type_label(r.object_type), r.object_id, r.object_repr,
             labels.describe(r.object_type, r.before, r.after)]
            for r in qs.iterator(chunk_size=2000)
        )
        return xlsx_response(headers, export_rows, filename="审计日志.xlsx", sheet="审计日志")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {"row": r, "action": labels.action_label(r.action), "result": labels.RESULTS.get(r.result, r.result),
         "object_type": labels.object_type_label(r.object_type), "change": labels.describe(r.object_type, r.before, r.after)}
        for r in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/list.html", {
        "title": "审计日志", "breadcrumbs": [("审计日志", None)], "form": form, "page_obj": page, "rows": rows,
        "query_string": params.urlencode(),
    })
