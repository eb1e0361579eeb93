"""Pages of 关心关爱活动: declarations on the generic register views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from zugong.accounts.access import can
from zugong.core.views import (
    Crumbs,
    ImportView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    template_response,
)

from . import services
from .filtersets import ActivityFilterSet
from .forms import ActivityForm
from .imports import ActivityImport
from .models import CareActivity
from .tables import ActivityTable

LIST = ("关心关爱", "care:activity_list")


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *rest]


class ActivityListView(ScopedListView):
    model = CareActivity
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    title = "关心关爱"
    export_filename = "关心关爱活动.xlsx"
    actions = [
        ("登记活动", "care:activity_add", "care.add_careactivity"),
        ("导入活动", "care:activity_import", "care.import_careactivity"),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit").prefetch_related("cadres")


class ActivityDetailView(ScopedDetailView):
    model = CareActivity
    template_name = "care/activity_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "created_by")

    def crumbs(self) -> Crumbs:
        return _crumbs((self.object.title, None))

    def context(self, obj: CareActivity) -> dict[str, Any]:
        self.title = obj.title
        user = self.request.user
        return {"cadres": obj.cadres.select_related("org_unit").order_by("org_unit__path", "name_pinyin"),
                "can_change": can(user, "change", obj), "can_delete": can(user, "delete", obj)}


class ActivityCreateView(ScopedFormView):
    model = CareActivity
    form_class = ActivityForm
    action = "add"
    title = "登记关心关爱活动"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))

    def save(self, form: Any) -> CareActivity:
        return services.activity_create(actor=self.request.user, data=form.cleaned_data["data"])


class ActivityUpdateView(ActivityCreateView):
    action = "change"
    title = "修改关心关爱活动"

    def get_object(self) -> CareActivity:
        return get_object_or_404(CareActivity.objects.visible_to(self.request.user, "view"), pk=self.kwargs["pk"])

    def save(self, form: Any) -> CareActivity:
        version = form.cleaned_data.get("version")
        return services.activity_update(actor=self.request.user, activity=self.object, data=form.cleaned_data["data"],
                                        expected_version=-1 if version is None else version)


class ActivityDeleteView(ScopedDeleteView):
    model = CareActivity
    title = "删除关心关爱活动"

    def delete(self, obj: CareActivity) -> None:  # type: ignore[override]
        services.activity_delete(actor=self.request.user, activity=obj)

    def success_url(self) -> str:
        return reverse("care:activity_list")


class ActivityImportView(ImportView):
    resource_class = ActivityImport
    title = "导入关心关爱活动"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def activity_import_template(request: HttpRequest) -> FileResponse:
    return template_response(ActivityImport, request.user)
