"""Pages of 违规违纪处理: the generic register views, with every detail view, file download and export audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from zugong.accounts.access import can, require_perm
from zugong.audit.services import record
from zugong.core.views import Crumbs, ScopedDeleteView, ScopedDetailView, ScopedFormView, ScopedListView

from . import services
from .filtersets import CaseFilterSet
from .forms import CaseForm
from .models import DisciplineCase
from .permissions import ADD_CASE, VIEW_CASE
from .tables import CaseTable

LIST = ("违规违纪处理", "discipline:case_list")


def _crumbs(*rest: tuple[str, str | None]) -> Crumbs:
    return [(LIST[0], reverse(LIST[1])), *rest]


class CaseListView(ScopedListView):
    model = DisciplineCase
    filterset_class = CaseFilterSet
    table_class = CaseTable
    title = "违规违纪处理"
    export_filename = "违规违纪处理.xlsx"
    actions = [("登记处理情况", "discipline:case_add", ADD_CASE)]

    def list_queryset(self, qs: Any) -> Any:
        return qs.select_related("org_unit", "cadre")

    def page(self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        """The list names cadres and their handling: every page shown is a read, audited with the rows on it."""
        if "page_obj" in context:
            record(action=services.READ, actor=request.user, object_type="discipline.disciplinecase", object_repr=self.title,
                   after={"via": "list", "query": request.GET.urlencode(), "ids": [c.pk for c in context["page_obj"].object_list]})
        return super().page(request, template, context, status)

    def export(self, request: HttpRequest, qs: Any) -> FileResponse:
        require_perm(request.user, "discipline.export_disciplinecase")
        record(action=services.READ, actor=request.user, object_type="discipline.disciplinecase", object_repr=self.export_filename,
               after={"via": "export", "query": request.GET.urlencode(), "count": qs.count()})
        return super().export(request, qs)


class CaseDetailView(ScopedDetailView):
    model = DisciplineCase
    template_name = "discipline/case_detail.html"

    def object_queryset(self) -> Any:
        return super().object_queryset().select_related("org_unit", "cadre", "cadre__org_unit", "file", "created_by")

    def crumbs(self) -> Crumbs:
        return _crumbs((self.object.cadre.name, None))

    def context(self, obj: DisciplineCase) -> dict[str, Any]:
        services.case_read(actor=self.request.user, case=obj, via="page")
        self.title = f"{obj.cadre.name}：{obj.get_handling_display()}"
        user = self.request.user
        return {"can_change": can(user, "change", obj), "can_delete": can(user, "delete", obj)}


class CaseCreateView(ScopedFormView):
    model = DisciplineCase
    form_class = CaseForm
    action = "add"
    title = "登记违规违纪处理情况"

    def crumbs(self) -> Crumbs:
        return _crumbs((self.title, None))

    def save(self, form: Any) -> DisciplineCase:
        return services.case_create(actor=self.request.user, data=form.cleaned_data["data"])


class CaseUpdateView(CaseCreateView):
    action = "change"
    title = "修改违规违纪处理情况"

    def get_object(self) -> DisciplineCase:
        require_perm(self.request.user, VIEW_CASE)
        return get_object_or_404(DisciplineCase.objects.visible_to(self.request.user, "view").select_related("cadre__org_unit"),
                                 pk=self.kwargs["pk"])

    def save(self, form: Any) -> DisciplineCase:
        version = form.cleaned_data.get("version")
        return services.case_update(actor=self.request.user, case=self.object, data=form.cleaned_data["data"],
                                    expected_version=-1 if version is None else version)


class CaseDeleteView(ScopedDeleteView):
    model = DisciplineCase
    title = "删除违规违纪处理情况"

    def delete(self, obj: DisciplineCase) -> None:  # type: ignore[override]
        services.case_delete(actor=self.request.user, case=obj)

    def success_url(self) -> str:
        return reverse("discipline:case_list")


@login_required
def case_file(request: HttpRequest, pk: int) -> FileResponse:
    """The 处理决定文书 of a case, as an attachment; audited."""
    require_perm(request.user, VIEW_CASE)
    case = get_object_or_404(DisciplineCase.objects.visible_to(request.user, "view").select_related("file"), pk=pk)
    response: FileResponse = services.file_read(actor=request.user, case=case)
    return response
