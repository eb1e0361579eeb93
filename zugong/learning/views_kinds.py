"""The 学习形式 list: everyone who records study sessions reads it; the province keeps it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zugong.accounts.access import require_perm
from zugong.core.views import submit
from zugong.learning import kinds
from zugong.learning.models import StudyKind


class KindForm(forms.Form):
    code = forms.CharField(label="代码", max_length=30, required=False, help_text="统计用的固定代码，如 party_lecture；保存后不能修改")
    name = forms.CharField(label="名称", max_length=30, error_messages={"required": "请填写名称"})
    order = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100,
                               error_messages={"invalid": "排序应为整数", "min_value": "排序不能为负"})
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


@login_required
def kind_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "learning.view_studysession")
    rows = StudyKind.objects.annotate(n=Count("sessions")).order_by("order", "id")
    return render(request, "learning/kind_list.html", {
        "title": "学习形式", "breadcrumbs": [("学习活动", reverse("learning:study_list")), ("学习形式", None)],
        "kinds": rows, "can_change": kinds.can_change(request.user),
    })


@login_required
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not kinds.can_change(request.user):
        raise PermissionDenied("学习形式由省级业务管理员维护")
    kind = get_object_or_404(StudyKind, pk=pk) if pk is not None else None
    initial: dict[str, Any] = {"name": kind.name, "order": kind.order, "is_active": kind.is_active, "code": kind.code} if kind else {}
    form = KindForm(request.POST or None, initial=initial)
    if kind is not None:
        form.fields["code"].disabled = True
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda d: kinds.kind_save(actor=request.user, data=d, kind=kind))
        if saved is not None:
            messages.success(request, f"已保存学习形式“{saved.name}”")
            return HttpResponseRedirect(reverse("learning:kind_list"), status=303)
    title = f"修改学习形式：{kind.name}" if kind else "新增学习形式"
    return render(request, "core/form.html", {
        "title": title, "form": form,
        "breadcrumbs": [("学习形式", reverse("learning:kind_list")), (title, None)],
    }, status=status)
