"""Roster pages: declarations on the generic views, plus the reveal and movement transitions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, can_at, require, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.views import (
    Crumbs,
    ImportView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    apply_service_errors,
    template_response,
)
from zugong.people import selectors, services
from zugong.people.filtersets import CadreFilterSet
from zugong.people.forms import CadreForm, MovementForm
from zugong.people.imports import CadreImport
from zugong.people.models import Cadre
from zugong.people.tables import CadreTable
from zugong.people.views_movements import cadre_panels

LIST_CRUMB = ("组工干部名册", "people:cadre_list")
MSG_USERNAME_MISSING = "请填写要关联的系统账号用户名"


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(LIST_CRUMB[0], reverse(LIST_CRUMB[1])), *rest]


class CadreListView(ScopedListView):
    model = Cadre
    filterset_class = CadreFilterSet
    table_class = CadreTable
    title = "组工干部名册"
    export_filename = "组工干部名册.xlsx"
    actions = [
        ("新增干部", "people:cadre_add", "people.add_cadre"),
        ("导入名册", "people:cadre_import", "people.import_cadre"),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "office")


class CadreDetailView(ScopedDetailView):
    model = Cadre
    template_name = "people/cadre_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "office", "user")

    def crumbs(self) -> Crumbs:
        return _crumbs((self.object.name, None))

    def context(self, obj: Cadre) -> dict[str, Any]:
        user = self.request.user
        self.title = obj.name
        return {
            "timeline": selectors.cadre_timeline(user, obj),
            "can_change": can(user, "change", obj),
            "can_delete": can(user, "delete", obj),
            "can_reveal": can(user, "reveal", obj),
            # the points card opens for readers of points over the cadre's unit and for the cadre (points:card)
            "can_card": (obj.user_id is not None and obj.user_id == user.pk) or can_at(user, "points.view_pointentry", obj.org_unit.path),
            "movement_form": MovementForm(user=user, instance=obj),
            **cadre_panels(user, obj),
        }


class CadreCreateView(ScopedFormView):
    model = Cadre
    form_class = CadreForm
    action = "add"
    title = "新增组工干部"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))

    def save(self, form: Any) -> Cadre:
        return services.cadre_create(actor=self.request.user, data=form.cleaned_data["data"])

    def success_url(self, obj: Cadre) -> str:
        return reverse("people:cadre_detail", args=[obj.pk])


class CadreUpdateView(CadreCreateView):
    action = "change"
    title = "修改组工干部信息"

    def get_object(self) -> Cadre:
        return get_object_or_404(Cadre.objects.visible_to(self.request.user, "view"), pk=self.kwargs["pk"])

    def save(self, form: Any) -> Cadre:
        version = form.cleaned_data.get("version") or self.object.version
        return services.cadre_update(
            actor=self.request.user, cadre=self.object, expected_version=version, data=form.cleaned_data["data"]
        )


class CadreDeleteView(ScopedDeleteView):
    model = Cadre
    title = "删除组工干部"

    def delete(self, obj: Cadre) -> None:  # type: ignore[override]
        services.cadre_delete(actor=self.request.user, cadre=obj)

    def success_url(self) -> str:
        return reverse("people:cadre_list")


class CadreImportView(ImportView):
    resource_class = CadreImport
    title = "导入组工干部名册"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def cadre_import_template(request: HttpRequest) -> FileResponse:
    return template_response(CadreImport, request.user)


@login_required
@require_POST
def cadre_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number and phone (an htmx fragment); audited."""
    require_perm(request.user, "people.view_cadre")
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user, "view"), pk=pk)
    values = services.cadre_reveal(actor=request.user, cadre=cadre)
    return render(request, "people/_revealed.html", {"values": values, "object": cadre})


@login_required
@require_POST
def movement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """登记变动 from the cadre's page: the kind's effect on the cadre is applied; refusals come back as a message."""
    require_perm(request.user, "people.view_cadre")
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user, "view").select_related("org_unit", "office"), pk=pk)
    require(request.user, "change", cadre)
    require_perm(request.user, "people.add_movement")
    form = MovementForm(request.POST, user=request.user)
    back = HttpResponseRedirect(reverse("people:cadre_detail", args=[cadre.pk]))
    if form.is_valid():
        try:
            m = services.movement_record(
                actor=request.user, cadre=cadre, kind=form.cleaned_data["kind"], on=form.cleaned_data["date"],
                strict=True, expected_version=form.cleaned_data.get("version"),
                **{k: v for k, v in vars(form.movement_input()).items() if k not in ("kind", "on")},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return back
        else:
            messages.success(request, f"已登记{m.get_kind_display()}")
            return back
    messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return back


@login_required
@require_POST
def cadre_link_user(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the roster entry to a login account (关联) or unlink it (解除关联); the outcome as a message."""
    require_perm(request.user, "people.view_cadre")
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user, "view").select_related("org_unit", "user"), pk=pk)
    require(request.user, "change", cadre)
    back = HttpResponseRedirect(reverse("people:cadre_detail", args=[cadre.pk]) + "#account")
    unlink = request.POST.get("action") == "unlink"
    username = "" if unlink else request.POST.get("username", "").strip()[:150]
    if not unlink and not username:
        messages.error(request, MSG_USERNAME_MISSING)
        return back
    before = cadre.user.username if cadre.user else ""
    try:
        services.cadre_link_user(actor=request.user, cadre=cadre, username=username)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if unlink:
            messages.success(request, f"已解除{cadre.name}与账号“{before}”的关联" if before else f"{cadre.name}未关联系统账号")
        else:
            messages.success(request, f"已将{cadre.name}关联到账号“{cadre.user.username if cadre.user else username}”")
    return back
