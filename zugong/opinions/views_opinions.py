"""Pages of opinions (意见建议): the filtered list (export), entry, detail, correction and the xlsx import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zugong.accounts.access import can_at, require_perm
from zugong.core.views import ImportView, ScopedListView, posted_version, submit, template_response
from zugong.opinions import entry
from zugong.opinions.filtersets import OpinionFilterSet
from zugong.opinions.forms import OpinionForm
from zugong.opinions.imports import OpinionImport
from zugong.opinions.models import Channel, Drive, Opinion
from zugong.opinions.tables import OpinionTable
from zugong.orgs.models import STEP

VIEW = "opinions.view_opinion"
LIST = ("意见建议", "opinions:opinion_list")

Crumbs = list[tuple[str, str | None]]


def _crumbs(*items: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *items]


class OpinionListView(ScopedListView):
    model = Opinion
    filterset_class = OpinionFilterSet
    table_class = OpinionTable
    title = "意见建议"
    export_filename = "意见建议.xlsx"
    actions = [
        ("登记意见", "opinions:opinion_add", entry.ADD),
        ("导入意见", "opinions:opinion_import", entry.ADD),
        ("意见分类", "opinions:category_list", VIEW),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "category")


def _drives(user: Any) -> Any:
    return Drive.objects.visible_to(user, "view").filter(status=Drive.Status.OPEN).select_related("org_unit").order_by("-start_date", "-id")


def _input(c: dict[str, Any], org_unit: Any) -> entry.OpinionInput:
    return entry.OpinionInput(org_unit=org_unit, channel=c["channel"], category=c["category"], content=c["content"],
                              received_on=c["received_on"], source_kind=c["source_kind"], submitter=c.get("submitter") or "",
                              anonymous=bool(c.get("anonymous")), drive=c.get("drive"))


@login_required
def opinion_add(request: HttpRequest) -> HttpResponse:
    units = entry.units_with(request.user)
    if not units.exists():
        raise PermissionDenied("您没有登记意见建议的权限")
    form = OpinionForm(request.POST or None, units=units, drives=_drives(request.user),
                       initial={"received_on": timezone.localdate(), "drive": request.GET.get("drive") or None})
    status = 200
    if request.method == "POST":
        o, status = submit(form, lambda c: entry.opinion_create(actor=request.user, data=_input(c, c["org_unit"])))
        if o is not None:
            messages.success(request, "已登记意见")
            if request.POST.get("again"):
                return HttpResponseRedirect(reverse("opinions:opinion_add") + (f"?drive={o.drive_id}" if o.drive_id else ""), status=303)
            return HttpResponseRedirect(o.get_absolute_url(), status=303)
    return render(request, "opinions/opinion_form.html", {"title": "登记意见建议", "form": form, "again": True,
                                                          "breadcrumbs": _crumbs(("登记", None))}, status=status)


def _opinion(request: HttpRequest, pk: int) -> Opinion:
    require_perm(request.user, VIEW)
    return get_object_or_404(Opinion.objects.visible_to(request.user, "view").select_related("org_unit", "category", "drive", "created_by"),
                             pk=pk)


@login_required
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from zugong.opinions import problems

    o = _opinion(request, pk)
    can_cluster = problems.units_with(request.user).filter(path__in=[o.org_unit.path[:k] for k in range(STEP, len(o.org_unit.path) + 1, STEP)]).exists()
    similar = problems.similar_opinions(request.user, o) if can_cluster else []
    return render(request, "opinions/opinion_detail.html", {
        "similar": similar, "can_cluster": can_cluster,
        "rating_choices": [(5, "5 很满意"), (4, "4 满意"), (3, "3 基本满意"), (2, "2 不太满意"), (1, "1 不满意")],
        "problems": problems.problems_for(request.user, o, similar) if can_cluster else [],
        "title": "意见建议", "breadcrumbs": _crumbs((str(o), None)), "o": o,
        "can_edit": o.channel != Channel.MAILBOX and can_at(request.user, entry.ADD, o.org_unit.path),
        "case_url": reverse("opinions:case_detail", args=[o.case.pk])
        if o.channel == Channel.MAILBOX and hasattr(o, "case") and can_at(request.user, "opinions.view_mailboxcase", o.org_unit.path) else "",
    })


@login_required
def opinion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    o = _opinion(request, pk)
    if o.channel == Channel.MAILBOX or not can_at(request.user, entry.ADD, o.org_unit.path):
        raise PermissionDenied("您不能修改这条意见")
    initial = {"channel": o.channel, "category": o.category_id, "content": o.content, "source_kind": o.source_kind,
               "anonymous": o.anonymous, "submitter": o.submitter, "received_on": o.received_on, "drive": o.drive_id, "version": o.version}
    drives = _drives(request.user)
    if o.drive_id:
        drives = drives | Drive.objects.filter(pk=o.drive_id)
    form = OpinionForm(request.POST or None, drives=drives, initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: entry.opinion_update(actor=request.user, opinion=o, data=_input(c, o.org_unit),
                                                                   expected_version=posted_version(request)))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "opinions/opinion_form.html", {"title": "修改意见建议", "form": form,
                                                          "breadcrumbs": _crumbs((str(o), o.get_absolute_url()), ("修改", None))},
                  status=status)


class OpinionImportView(ImportView):
    resource_class = OpinionImport
    title = "导入意见建议"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def opinion_import_template(request: HttpRequest) -> FileResponse:
    return template_response(OpinionImport, request.user)
