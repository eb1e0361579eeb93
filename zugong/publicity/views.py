"""Pages of 宣传报道: declarations on the generic register views."""

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
from .filtersets import ReportFilterSet
from .forms import ReportForm
from .imports import ReportImport
from .models import MediaReport
from .tables import ReportTable

LIST = ("宣传报道", "publicity:report_list")


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *rest]


class ReportListView(ScopedListView):
    model = MediaReport
    filterset_class = ReportFilterSet
    table_class = ReportTable
    title = "宣传报道"
    export_filename = "宣传报道.xlsx"
    actions = [
        ("登记报道", "publicity:report_add", "publicity.add_mediareport"),
        ("导入报道", "publicity:report_import", "publicity.import_mediareport"),
    ]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit").prefetch_related("cadres")


class ReportDetailView(ScopedDetailView):
    model = MediaReport
    template_name = "publicity/report_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "created_by")

    def crumbs(self) -> Crumbs:
        return _crumbs((self.object.title, None))

    def context(self, obj: MediaReport) -> dict[str, Any]:
        self.title = obj.title
        user = self.request.user
        return {"cadres": obj.cadres.select_related("org_unit").order_by("org_unit__path", "name_pinyin"),
                "can_change": can(user, "change", obj), "can_delete": can(user, "delete", obj)}


class ReportCreateView(ScopedFormView):
    model = MediaReport
    form_class = ReportForm
    action = "add"
    title = "登记宣传报道"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))

    def save(self, form: Any) -> MediaReport:
        return services.report_create(actor=self.request.user, data=form.cleaned_data["data"])


class ReportUpdateView(ReportCreateView):
    action = "change"
    title = "修改宣传报道"

    def get_object(self) -> MediaReport:
        return get_object_or_404(MediaReport.objects.visible_to(self.request.user, "view"), pk=self.kwargs["pk"])

    def save(self, form: Any) -> MediaReport:
        version = form.cleaned_data.get("version")
        return services.report_update(actor=self.request.user, report=self.object, data=form.cleaned_data["data"],
                                      expected_version=-1 if version is None else version)


class ReportDeleteView(ScopedDeleteView):
    model = MediaReport
    title = "删除宣传报道"

    def delete(self, obj: MediaReport) -> None:  # type: ignore[override]
        services.report_delete(actor=self.request.user, report=obj)

    def success_url(self) -> str:
        return reverse("publicity:report_list")


class ReportImportView(ImportView):
    resource_class = ReportImport
    title = "导入宣传报道"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))


@login_required
def report_import_template(request: HttpRequest) -> FileResponse:
    return template_response(ReportImport, request.user)
