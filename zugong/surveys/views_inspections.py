"""Pages of the special inspections of low-ranked regions: the list, one inspection with its findings (each a
problem in the rectification ledger), and recording it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import can_at, require_perm
from zugong.core.views import posted_version, submit
from zugong.opinions.models import OpinionCategory
from zugong.surveys import inspections
from zugong.surveys.forms import FINDING_ROWS, InspectionForm
from zugong.surveys.models import SpecialInspection

VIEW = "surveys.view_specialinspection"
LIST = ("满意度专项检查", "surveys:inspection_list")


def _inspection(request: HttpRequest, pk: int) -> SpecialInspection:
    require_perm(request.user, VIEW)
    return get_object_or_404(SpecialInspection.objects.visible_to(request.user, "view").select_related("survey__org_unit", "region"), pk=pk)


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW)
    qs = (SpecialInspection.objects.visible_to(request.user, "view").select_related("survey", "region")
          .order_by("-survey__year", "survey_id", "kind", "-rank", "id"))
    status = request.GET.get("status", "")
    if status in SpecialInspection.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "surveys/inspection_list.html", {
        "title": LIST[0], "breadcrumbs": [(LIST[0], None)], "page_obj": page, "status": status, "statuses": SpecialInspection.Status.choices})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    can_record = can_at(request.user, inspections.RECORD, i.survey.org_unit.path)
    categories = OpinionCategory.objects.filter(is_active=True)
    form = InspectionForm(request.POST or None, categories=categories, initial={
        "done_on": i.done_on or timezone.localdate(), "group": i.group, "summary": i.summary, "version": i.version})
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("只有组织测评的单位可以登记检查情况")
        saved, status = submit(form, lambda c: inspections.inspection_record(
            actor=request.user, inspection=i, done_on=c["done_on"], group=c["group"], summary=c["summary"], findings=form.findings(),
            expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已登记检查情况；发现的问题已列入被检查地区的整改台帐")
            return HttpResponseRedirect(i.get_absolute_url(), status=303)
    findings = list(i.findings.select_related("problem__category"))
    return render(request, "surveys/inspection_detail.html", {
        "title": str(i), "i": i, "findings": findings, "form": form if can_record else None, "rows": range(FINDING_ROWS),
        "suggestions": sum(f.suggestion_count for f in findings),
        "breadcrumbs": [(LIST[0], reverse(LIST[1])), (str(i.survey), i.survey.get_absolute_url()), (str(i.region), None)],
    }, status=status)
