"""Movement pages: the movement register, secondments (ending soon / overdue, 结束挂职), selection steps, and the
后备组工干部人才库. Movements are read with people.view_movement; the pool with the roster's permissions; the
exports of both with people.export_cadre."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zugong.accounts.access import has_perm_anywhere, require, require_at, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.exports import xlsx_response
from zugong.core.tables import Table
from zugong.core.views import ScopedListView, error_text, form_refused, posted_version, submit
from zugong.people import movements, reserve
from zugong.people.filtersets import MovementFilterSet, ReserveFilterSet, SecondmentFilterSet
from zugong.people.forms import ReserveForm, ReserveLeaveForm, SecondmentEndForm, SelectionStepForm
from zugong.people.models import Cadre, Movement, ReservePoolEntry, SelectionProcess
from zugong.people.tables import MovementTable, ReserveTable, SecondmentTable


def _cadre_url(cadre_id: int, anchor: str = "") -> str:
    return reverse("people:cadre_detail", args=[cadre_id]) + (f"#{anchor}" if anchor else "")


class PeopleListView(ScopedListView):
    """A list of `row_model` rows kept under the roster's permissions: people.view_cadre to open the page (every
    reading role holds it with people.view_movement), people.export_cadre to export."""

    model = Cadre
    row_model: ClassVar[type[models.Model]]

    def base_queryset(self) -> Any:
        return self.row_model.objects.visible_to(self.request.user, "view")  # type: ignore[attr-defined]

    def export(self, request: HttpRequest, qs: Any) -> FileResponse:
        from zugong.audit.services import record

        require_perm(request.user, "people.export_cadre")
        record(action=f"{self.row_model._meta.model_name}.exported", actor=request.user, object_type=self.row_model._meta.label_lower,
               object_repr=self.export_filename, after={"query": request.GET.urlencode()})
        headers = [c.label for c in self.table_class.exported()]
        return xlsx_response(headers, self.export_rows(qs), filename=self.export_filename, sheet=self.title)


class MovementListView(PeopleListView):
    row_model = Movement
    filterset_class = MovementFilterSet
    table_class: ClassVar[type[Table]] = MovementTable
    title = "干部变动登记"
    export_filename = "干部变动登记.xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_perm(request.user, "people.view_movement")
        return super().get(request, *args, **kwargs)

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("cadre", "org_unit", "from_unit", "from_office", "to_unit", "to_office", "host_unit")


class SecondmentListView(MovementListView):
    """Cadres now on secondment (挂职未结束), the ones whose period ends soonest first."""

    filterset_class = SecondmentFilterSet
    table_class = SecondmentTable
    title = "在外挂职干部"
    export_filename = "在外挂职干部.xlsx"
    template_name = "people/secondment_list.html"

    def base_queryset(self) -> Any:
        return super().base_queryset().filter(kind=Movement.Kind.SECONDMENT, ended_on__isnull=True)

    def page(self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        if template == self.template_name:
            due = movements.secondments_due().filter(pk__in=self.base_queryset().values("pk"))
            context["due_count"] = due.count()
            context["can_end"] = has_perm_anywhere(request.user, "people.add_movement")
        return super().page(request, template, context, status)


class ReserveListView(PeopleListView):
    row_model = ReservePoolEntry
    filterset_class = ReserveFilterSet
    table_class = ReserveTable
    title = "后备组工干部人才库"
    export_filename = "后备组工干部人才库.xlsx"
    template_name = "people/reserve_list.html"

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("cadre", "org_unit")


def _back(url: str, call: Any, success: str, request: HttpRequest) -> HttpResponse:
    try:
        call()
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(url, status=303)


def _movement(request: HttpRequest, pk: int) -> Movement:
    require_perm(request.user, "people.view_movement")
    m = get_object_or_404(Movement.objects.visible_to(request.user, "view").select_related("cadre__org_unit", "org_unit"), pk=pk)
    require(request.user, "change", m.cadre)
    require_at(request.user, "people.add_movement", m.org_unit.path)
    return m


@login_required
@require_POST
def selection_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a step of a selection (考试 / 考察 / 试用) from the cadre's page."""
    m = _movement(request, pk)
    process = get_object_or_404(SelectionProcess.objects.select_related("movement__cadre"), movement=m)
    url = _cadre_url(m.cadre_id, f"movement-{m.pk}")
    form = SelectionStepForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    return _back(url, lambda: movements.selection_step(
        actor=request.user, process=process, step=form.cleaned_data["step"], values=form.cleaned_data,
        expected_version=posted_version(request)), "已登记选调考察记录", request)


@login_required
@require_POST
def secondment_end(request: HttpRequest, pk: int) -> HttpResponse:
    """结束挂职: the cadre is 在岗 again."""
    m = _movement(request, pk)
    from_list = request.POST.get("next") == "list"
    url = reverse("people:secondment_list") if from_list else _cadre_url(m.cadre_id, f"movement-{m.pk}")
    form = SecondmentEndForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    return _back(url, lambda: movements.secondment_end(
        actor=request.user, movement=m, on=form.cleaned_data["ended_on"], expected_version=posted_version(request)),
        f"{m.cadre.name}已结束挂职，恢复在岗", request)


@login_required
@require_POST
def secondment_end_due(request: HttpRequest) -> HttpResponse:
    """End, on their end dates, the overdue secondments of the units in the user's scope."""
    require_perm(request.user, "people.add_movement")
    n = movements.secondments_end_due(actor=request.user)
    messages.success(request, f"已结束{n}条到期挂职，相关干部恢复在岗" if n else "没有已到期未结束的挂职")
    return HttpResponseRedirect(reverse("people:secondment_list"))


def _cadre_for_pool(request: HttpRequest, pk: int) -> Cadre:
    require_perm(request.user, "people.view_cadre")
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user, "view").select_related("org_unit"), pk=pk)
    require(request.user, "change", cadre)
    return cadre


@login_required
def reserve_add(request: HttpRequest, pk: int) -> HttpResponse:
    """加入后备库: the cadre's unit keeps the entry."""
    cadre = _cadre_for_pool(request, pk)
    form = ReserveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _entry, status = submit(form, lambda _c: reserve.reserve_add(actor=request.user, cadre=cadre, data=form.reserve_input()))
        if status == 200:
            messages.success(request, f"已将{cadre.name}列入后备组工干部人才库")
            return HttpResponseRedirect(_cadre_url(cadre.pk, "reserve"))
    return render(request, "core/form.html", {
        "form": form, "title": f"加入后备组工干部人才库：{cadre.name}",
        "breadcrumbs": [("后备组工干部人才库", reverse("people:reserve_list")), (cadre.name, _cadre_url(cadre.pk)), ("加入后备库", None)],
    }, status=status)


def _entry(request: HttpRequest, pk: int) -> ReservePoolEntry:
    require_perm(request.user, "people.view_cadre")
    entry = get_object_or_404(ReservePoolEntry.objects.visible_to(request.user, "view").select_related("cadre", "org_unit"), pk=pk)
    if not ReservePoolEntry.objects.visible_to(request.user, "change").filter(pk=entry.pk).exists():
        raise PermissionDenied("您没有此项操作的权限")  # visible, not writable
    return entry


@login_required
def reserve_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = ReserveForm(request.POST or None, instance=entry)
    status = 200
    if request.method == "POST":
        _e, status = submit(form, lambda _c: reserve.reserve_update(
            actor=request.user, entry=entry, data=form.reserve_input(), expected_version=posted_version(request)))
        if status == 200:
            messages.success(request, "已保存")
            return HttpResponseRedirect(_cadre_url(entry.cadre_id, "reserve"))
    return render(request, "core/form.html", {
        "form": form, "object": entry, "title": f"修改后备人选：{entry.cadre.name}",
        "breadcrumbs": [("后备组工干部人才库", reverse("people:reserve_list")), (entry.cadre.name, _cadre_url(entry.cadre_id)), ("修改", None)],
    }, status=status)


@login_required
@require_POST
def reserve_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """出库: 已使用 or 退出."""
    entry = _entry(request, pk)
    url = _cadre_url(entry.cadre_id, "reserve")
    form = ReserveLeaveForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, url)
    c = form.cleaned_data
    return _back(url, lambda: reserve.reserve_leave(
        actor=request.user, entry=entry, status=c["status"], on=c["left_on"], reason=c.get("left_reason") or "",
        expected_version=posted_version(request)), f"{entry.cadre.name}已出库", request)


def cadre_panels(user: Any, cadre: Cadre) -> dict[str, Any]:
    """What the cadre's page shows about movements: selections with their steps, open secondments, the pool entry."""
    from zugong.accounts.access import can_at

    visible = Movement.objects.visible_to(user, "view").filter(cadre=cadre)
    selections = list(
        SelectionProcess.objects.filter(movement__in=visible).select_related("movement").order_by("-movement__date", "-pk"))
    open_secondments = list(visible.filter(kind=Movement.Kind.SECONDMENT, ended_on__isnull=True).select_related("host_unit"))
    entries = list(ReservePoolEntry.objects.visible_to(user, "view").filter(cadre=cadre).order_by("-since", "-pk"))
    writer = can_at(user, "people.add_movement", cadre.org_unit.path)
    return {
        "selections": selections, "open_secondments": open_secondments, "today": timezone.localdate(),
        "reserve_entries": entries, "reserve_open": next((e for e in entries if e.status == "in_pool"), None),
        "can_move": writer, "can_pool": can_at(user, "people.change_cadre", cadre.org_unit.path),
        "step_form": SelectionStepForm(), "leave_form": ReserveLeaveForm(), "end_form": SecondmentEndForm(),
    }
