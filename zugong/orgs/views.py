"""Org tree pages: tree with headcount, unit detail, create / edit / move / deactivate, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from zugong.accounts.access import can, has_perm_anywhere, require_perm
from zugong.core.errors import ValidationError
from zugong.core.params import int_param
from zugong.core.views import (
    Crumbs,
    ImportView,
    ScopedDetailView,
    ScopedFormView,
    ZugongView,
    template_response,
)
from zugong.orgs import selectors, services
from zugong.orgs.forms import MoveForm, OrgUnitForm
from zugong.orgs.imports import OrgUnitImport
from zugong.orgs.models import OrgUnit


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [("组织机构", reverse("orgs:tree")), *rest]


class TreeView(ZugongView):
    title = "组织机构"

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "orgs.view_orgunit")
        show_inactive = request.GET.get("inactive") == "1"
        show_offices = request.GET.get("offices") == "1"
        rows = selectors.tree_with_headcount(request.user, include_inactive=show_inactive, include_offices=show_offices)
        return self.page(request, "orgs/tree.html", {
            "rows": rows,
            "show_inactive": show_inactive,
            "show_offices": show_offices,
            "can_add": has_perm_anywhere(request.user, "orgs.add_orgunit"),
            "can_import": has_perm_anywhere(request.user, "orgs.import_orgunit"),
        })


class UnitDetailView(ScopedDetailView):
    model = OrgUnit
    template_name = "orgs/unit_detail.html"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.object.name, None))

    def context(self, obj: OrgUnit) -> dict[str, Any]:
        self.title = obj.name
        user = self.request.user
        children = OrgUnit.objects.visible_to(user, "view").filter(parent=obj).order_by("order", "path")
        return {"children": children, "can_change": can(user, "change", obj)}


class UnitCreateView(ScopedFormView):
    model = OrgUnit
    form_class = OrgUnitForm
    action = "add"
    title = "新增单位"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(data, files)
        parent = self.request.GET.get("parent")
        if data is None and int_param(parent) is not None:
            form.initial["parent"] = int_param(parent)
        return form

    def save(self, form: Any) -> OrgUnit:
        d = form.cleaned_data
        return services.orgunit_create(
            actor=self.request.user, parent=d["parent"], name=d["name"], kind=d["kind"],
            division_code=d["division_code"], order=d["order"],
        )

    def success_url(self, obj: OrgUnit) -> str:
        return reverse("orgs:unit", args=[obj.pk])


class UnitUpdateView(UnitCreateView):
    action = "change"
    title = "修改单位"

    def get_object(self) -> OrgUnit:
        return get_object_or_404(OrgUnit.objects.visible_to(self.request.user, "view"), pk=self.kwargs["pk"])

    def save(self, form: Any) -> OrgUnit:
        d = form.cleaned_data
        return services.orgunit_update(
            actor=self.request.user, unit=self.object, expected_version=d.get("version") or self.object.version,
            name=d["name"], kind=d["kind"], division_code=d["division_code"], order=d["order"],
        )


class UnitMoveView(UnitUpdateView):
    form_class = MoveForm  # type: ignore[assignment]
    title = "移动单位"

    def save(self, form: Any) -> OrgUnit:
        return services.orgunit_move(actor=self.request.user, unit=self.object, new_parent=form.cleaned_data["parent"])


@login_required
@require_POST
def unit_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "orgs.view_orgunit")
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user, "view"), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.orgunit_set_active(actor=request.user, unit=unit, active=active)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}：{unit.name}")
    return HttpResponseRedirect(reverse("orgs:unit", args=[unit.pk]))


class UnitImportView(ImportView):
    resource_class = OrgUnitImport
    title = "导入单位"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def unit_import_template(request: HttpRequest) -> FileResponse:
    return template_response(OrgUnitImport, request.user)
