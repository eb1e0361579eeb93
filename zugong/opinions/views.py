"""Pages of drives (征求意见活动) with their channel records, and of the opinion categories. Thin views:
writes in drives.py / categories.py, reads in selectors.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import can_at, require_perm
from zugong.core import files
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.views import error_text, posted_version, submit
from zugong.opinions import categories, drives, selectors
from zugong.opinions.forms import CategoryForm, ChannelRecordForm, DriveForm
from zugong.opinions.models import Drive, OpinionCategory

VIEW_DRIVE = "opinions.view_drive"
DRIVES = ("征求意见活动", "opinions:drive_list")
CATEGORIES = ("意见分类", "opinions:category_list")

Crumbs = list[tuple[str, str | None]]


def _crumbs(root: tuple[str, str], *items: tuple[str, str | None]) -> Crumbs:
    return [(root[0], reverse(root[1])), *items]


def _campaigns(user: Any) -> Any:
    from zugong.campaigns.models import Campaign

    return Campaign.objects.visible_to(user, "view").order_by("-start_date", "-id")


@login_required
def drive_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_DRIVE)
    qs = (Drive.objects.visible_to(request.user, "view").select_related("org_unit", "campaign")
          .order_by("-start_date", "-id"))
    status = request.GET.get("status", "")
    if status in Drive.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "opinions/drive_list.html", {
        "title": "征求意见活动", "breadcrumbs": [("征求意见活动", None)], "page_obj": page, "status": status,
        "statuses": Drive.Status.choices, "can_add": drives.units_with(request.user).exists(),
    })


def _drive(request: HttpRequest, pk: int) -> Drive:
    require_perm(request.user, VIEW_DRIVE)
    return get_object_or_404(Drive.objects.visible_to(request.user, "view").select_related("org_unit", "campaign", "created_by"), pk=pk)


def _record_units(request: HttpRequest, drive: Drive) -> Any:
    return drives.units_with(request.user).filter(path__startswith=drive.org_unit.path)


@login_required
def drive_add(request: HttpRequest) -> HttpResponse:
    units = drives.units_with(request.user)
    if not units.exists():
        raise PermissionDenied("您没有组织征求意见活动的权限")
    form = DriveForm(request.POST or None, request.FILES or None, units=units, campaigns=_campaigns(request.user),
                     initial={"start_date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        d, status = submit(form, lambda c: drives.drive_create(actor=request.user, org_unit=c["org_unit"], data=c,
                                                              uploads=c.get("attachments") or []))
        if d is not None:
            messages.success(request, f"已新建征求意见活动“{d.title}”")
            return HttpResponseRedirect(d.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": "新建征求意见活动", "form": form,
                                              "breadcrumbs": _crumbs(DRIVES, ("新建", None))}, status=status)


@login_required
def drive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = _drive(request, pk)
    units = _record_units(request, d)
    can_record = d.status == Drive.Status.OPEN and units.exists()
    records = Paginator(selectors.drive_records(request.user, d), 30).get_page(request.GET.get("page"))
    return render(request, "opinions/drive_detail.html", {
        "title": d.title, "breadcrumbs": _crumbs(DRIVES, (d.title, None)), "d": d, "summary": selectors.drive_summary(request.user, d),
        "records": records, "files": list(d.files.all()), "can_edit": can_at(request.user, drives.ADD, d.org_unit.path),
        "can_record": can_record, "record_form": ChannelRecordForm(units=units, initial={"date": timezone.localdate()}) if can_record else None,
    })


@login_required
def drive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = _drive(request, pk)
    if not can_at(request.user, drives.ADD, d.org_unit.path):
        raise PermissionDenied("只有组织单位可以修改征求意见活动")
    initial = {"title": d.title, "start_date": d.start_date, "end_date": d.end_date, "channels": d.channels,
               "campaign": d.campaign_id, "description": d.description, "version": d.version}
    form = DriveForm(request.POST or None, request.FILES or None, campaigns=_campaigns(request.user), initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: drives.drive_update(actor=request.user, drive=d, data=c, expected_version=posted_version(request),
                                                                  uploads=c.get("attachments") or []))
        if saved is not None:
            messages.success(request, "已保存")
            return HttpResponseRedirect(saved.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"修改：{d.title}", "form": form,
                                              "breadcrumbs": _crumbs(DRIVES, (d.title, d.get_absolute_url()), ("修改", None))}, status=status)


@login_required
@require_POST
def drive_status(request: HttpRequest, pk: int) -> HttpResponse:
    d = _drive(request, pk)
    if not can_at(request.user, drives.ADD, d.org_unit.path):
        raise PermissionDenied("只有组织单位可以结束或重新开启征求意见活动")
    try:
        drives.drive_set_status(actor=request.user, drive=d, status=request.POST.get("status", ""), expected_version=posted_version(request))
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已结束征求意见活动" if d.status == Drive.Status.CLOSED else "已重新开启征求意见活动")
    return HttpResponseRedirect(d.get_absolute_url(), status=303)


@login_required
def record_add(request: HttpRequest, pk: int) -> HttpResponse:
    d = _drive(request, pk)
    units = _record_units(request, d)
    if not units.exists():
        raise PermissionDenied("您没有登记征求意见情况的权限")
    form = ChannelRecordForm(request.POST or None, request.FILES or None, units=units, initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        r, status = submit(form, lambda c: drives.record_add(actor=request.user, drive=d, org_unit=c["org_unit"], data=c,
                                                            uploads=c.get("attachments") or []))
        if r is not None:
            messages.success(request, f"已登记：{r.get_kind_display()} {r.count}")
            return HttpResponseRedirect(d.get_absolute_url(), status=303)
    return render(request, "core/form.html", {"title": f"登记征求意见情况（{d.title}）", "form": form,
                                              "breadcrumbs": _crumbs(DRIVES, (d.title, d.get_absolute_url()), ("登记情况", None))},
                  status=status)


@login_required
def drive_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    d = _drive(request, pk)
    return files.download(get_object_or_404(d.files.all(), pk=file_id))


@login_required
def record_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file of a channel record (the record must be visible: its unit's subtree)."""
    from zugong.opinions.models import ChannelRecord

    require_perm(request.user, VIEW_DRIVE)
    r = get_object_or_404(ChannelRecord.objects.visible_to(request.user, "view"), pk=pk)
    return files.download(get_object_or_404(r.files.all(), pk=file_id))


# ---------------------------------------------------------------- categories


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "opinions.view_opinion")
    rows = OpinionCategory.objects.order_by("order", "id")
    return render(request, "opinions/category_list.html", {
        "title": "意见分类", "breadcrumbs": [("意见建议", reverse("opinions:opinion_list")), ("意见分类", None)],
        "categories": rows, "can_change": categories.can_change(request.user),
    })


@login_required
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not categories.can_change(request.user):
        raise PermissionDenied(categories.MSG_PERM)
    category = get_object_or_404(OpinionCategory, pk=pk) if pk is not None else None
    initial: dict[str, Any] = ({"name": category.name, "order": category.order, "is_active": category.is_active, "code": category.code}
                               if category else {})
    form = CategoryForm(request.POST or None, initial=initial)
    if category is not None:
        form.fields["code"].disabled = True
    status = 200
    if request.method == "POST":
        saved, status = submit(form, lambda c: categories.category_save(actor=request.user, data=c, category=category))
        if saved is not None:
            messages.success(request, f"已保存分类“{saved.name}”")
            return HttpResponseRedirect(reverse("opinions:category_list"), status=303)
    title = f"修改意见分类：{category.name}" if category else "新增意见分类"
    return render(request, "core/form.html", {"title": title, "form": form,
                                              "breadcrumbs": _crumbs(CATEGORIES, (title, None))}, status=status)
