"""Generic views for registers (list / detail / edit / delete / import / export), NetBox style:
a concrete view declares its model, filterset, table and form; scope comes from `visible_to`."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from zugong.accounts.access import has_perm_anywhere, require, require_perm
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.exports import xlsx_response
from zugong.core.imports import ImportResource
from zugong.core.scope import perm_name
from zugong.core.tables import Table

Crumbs = list[tuple[str, str | None]]


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form: field errors where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            for e in errs:
                form.add_error(field if field in form.fields else None, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        for msg in exc.messages:
            form.add_error(None, msg)


def posted_version(request: HttpRequest) -> int:
    """The version a page was loaded with (optimistic lock); a missing or mangled one cannot match: 409, never 500."""
    from zugong.core.params import int_param

    version = int_param(request.POST.get("version"), max_digits=9)
    return -1 if version is None else version


def error_text(exc: ValidationError | ConflictError) -> str:
    """A service's refusal as one Chinese line for messages.error."""
    return exc.message if isinstance(exc, ConflictError) else "；".join(exc.messages)


def step_back(request: HttpRequest, url: str, call: Any, success: str) -> HttpResponse:
    """A one-click step posted from a detail page (受理, 验收 …): run `call` (a service), say what happened, back to
    `url` (303); a refusal or a stale page becomes the message."""
    try:
        call()
    except (ValidationError, ConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(url, status=303)


def form_refused(request: HttpRequest, form: forms.Form, url: str) -> HttpResponse:
    """A small form posted from a detail page was invalid: its messages, back to the page (303)."""
    messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return HttpResponseRedirect(url, status=303)


def submit(form: forms.Form, call: Any) -> tuple[Any, int]:
    """Validate `form` and run `call(cleaned_data)` (a service). Returns (result, 200), or (None, 400 / 409)
    with the service's errors or the stale-edit message put on the form: the explicit views' one save path."""
    if not form.is_valid():
        return None, 400
    try:
        return call(form.cleaned_data), 200
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None, 400
    except ConflictError as exc:
        form.add_error(None, exc.message)
        return None, 409


class ZugongView(LoginRequiredMixin, View):
    """Base: login required, breadcrumbs, a page title."""

    title: ClassVar[str] = ""
    raise_exception = False

    def crumbs(self) -> Crumbs:
        return [(self.title, None)]

    def page(self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context.setdefault("title", self.title)
        context.setdefault("breadcrumbs", self.crumbs())
        return render(request, template, context, status=status)


class ScopedListView(ZugongView):
    """A filtered, sortable, paginated list of what the user may see; `?export=xlsx` exports the rows."""

    model: ClassVar[type[models.Model]]
    filterset_class: ClassVar[Any]
    table_class: ClassVar[type[Table]]
    template_name = "core/list.html"
    paginate_by = 50
    actions: ClassVar[list[tuple[str, str, str]]] = []  # (label, url name, permission)
    export_filename: ClassVar[str] = "export.xlsx"

    def base_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user, "view")  # type: ignore[attr-defined]

    def list_queryset(self, qs: Any) -> Any:
        """Hook for select_related / annotations of the page."""
        return qs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_perm(request.user, perm_name(self.model, "view"))
        filterset = self.filterset_class(request.GET or None, queryset=self.base_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if filterset.is_bound and not filterset.is_valid():
            qs = qs.none()
        order, _sort = self.table_class.ordering(request.GET.get("sort"))
        qs = qs.order_by(*order)
        if request.GET.get("export") == "xlsx":
            return self.export(request, qs)
        paginator = Paginator(self.list_queryset(qs), self.paginate_by)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            page = paginator.page(paginator.num_pages if paginator.num_pages else 1)
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "filterset": filterset,
            "table": self.table_class(page.object_list, request.GET),
            "page_obj": page,
            "paginator": paginator,
            "query_string": params.urlencode(),
            "actions": [(label, reverse(url)) for label, url, perm in self.actions if has_perm_anywhere(request.user, perm)],
            "can_export": has_perm_anywhere(request.user, perm_name(self.model, "export")),
        }
        # htmx filter/sort/page requests swap only the results block.
        htmx = getattr(request, "htmx", None)
        template = "core/_results.html" if htmx and not htmx.boosted else self.template_name
        return self.page(request, template, context)

    def export_rows(self, qs: Any) -> Any:
        plan = self.table_class.export_plan()
        if plan is not None:
            fields, converters = plan
            pairs = list(zip(converters, range(len(fields)), strict=True))
            for values in qs.values_list(*fields).iterator(chunk_size=5000):
                yield [conv(values[i]) for conv, i in pairs]
            return
        columns = self.table_class.exported()
        for row in self.list_queryset(qs).iterator(chunk_size=2000):
            yield [c.value(row) for c in columns]

    def export(self, request: HttpRequest, qs: Any) -> FileResponse:
        require_perm(request.user, perm_name(self.model, "export"))
        from zugong.audit.services import record

        record(action=f"{self.model._meta.model_name}.exported", actor=request.user, object_type=self.model._meta.label_lower,
               object_repr=self.export_filename, after={"query": request.GET.urlencode()})
        headers = [c.label for c in self.table_class.exported()]
        return xlsx_response(headers, self.export_rows(qs), filename=self.export_filename, sheet=self.title)


class ScopedObjectMixin:
    model: ClassVar[type[models.Model]]
    request: HttpRequest
    kwargs: dict[str, Any]

    def object_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user, "view")  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        require_perm(self.request.user, perm_name(self.model, "view"))
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise Http404 from None
        return get_object_or_404(self.object_queryset(), pk=pk)


class ScopedDetailView(ScopedObjectMixin, ZugongView):
    template_name: ClassVar[str]

    def context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_perm(request.user, perm_name(self.model, "view"))
        self.object = self.get_object()
        return self.page(request, self.template_name, {"object": self.object, **self.context(self.object)})


class ScopedFormView(ZugongView):
    """Create (no pk) or edit (pk) through a service; errors re-render in place, conflicts answer 409."""

    model: ClassVar[type[models.Model]]
    form_class: ClassVar[type[forms.Form]]
    template_name = "core/form.html"
    action: ClassVar[str] = "change"

    object: Any = None

    def get_object(self) -> Any:
        return None

    def get_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return self.form_class(data=data, files=files, user=self.request.user, instance=self.object)  # type: ignore[call-arg]

    def save(self, form: forms.Form) -> Any:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    def check(self) -> None:
        require_perm(self.request.user, perm_name(self.model, self.action))
        self.object = self.get_object()
        if self.object is not None:
            require(self.request.user, self.action, self.object)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        return self.page(request, self.template_name, {"form": self.get_form(), "object": self.object})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        form = self.get_form(request.POST, request.FILES)
        obj, status = submit(form, lambda _data: self.save(form))
        if status == 200:
            messages.success(request, "已保存")
            return HttpResponseRedirect(self.success_url(obj))
        return self.page(request, self.template_name, {"form": form, "object": self.object}, status=status)


class ScopedDeleteView(ScopedObjectMixin, ZugongView):
    template_name = "core/confirm_delete.html"

    def delete(self, obj: Any) -> None:  # type: ignore[override]
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        require(request.user, "delete", obj)
        return self.page(request, self.template_name, {"object": obj})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            self.delete(obj)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return self.page(request, self.template_name, {"object": obj}, status=400)
        messages.success(request, f"已删除：{obj}")
        return HttpResponseRedirect(self.success_url())


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", error_messages={"required": "请选择要上传的文件"})


class ImportView(ZugongView):
    """Upload page of a register's import: template link, upload, recent jobs."""

    resource_class: ClassVar[type[ImportResource]]
    template_name = "core/import.html"

    def check(self) -> None:
        require_perm(self.request.user, self.resource_class.perm)

    def context(self, form: UploadForm) -> dict[str, Any]:
        from zugong.core.models import Job

        jobs = Job.objects.visible_to(self.request.user, "view").filter(
            created_by=self.request.user, kind=f"import:{self.resource_class.key}"
        )[:10]
        return {"form": form, "resource": self.resource_class, "jobs": jobs}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        return self.page(request, self.template_name, self.context(UploadForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from zugong.accounts.access import scope_paths
        from zugong.core.jobs import import_upload
        from zugong.core.tasks import run_import
        from zugong.orgs.models import OrgUnit

        self.check()
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, self.template_name, self.context(form), status=400)
        paths = scope_paths(request.user, self.resource_class.perm)
        home = OrgUnit.objects.visible_to(request.user, "view").filter(path=paths[0]).values_list("pk", flat=True).get()
        try:
            job = import_upload(actor=request.user, resource_key=self.resource_class.key, upload=form.cleaned_data["file"], org_unit_id=home)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.page(request, self.template_name, self.context(form), status=400)
        # Eager (in this request) without a broker; a worker picks it up when REDIS_URL is set.
        run_import.delay(job.pk, False)
        return HttpResponseRedirect(reverse("core:job", args=[job.pk]))


def template_response(resource_class: type[ImportResource], user: Any) -> FileResponse:
    import os
    import tempfile
    from urllib.parse import quote

    require_perm(user, resource_class.perm)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    resource_class(user).write_template(path)
    handle = open(path, "rb")  # noqa: SIM115
    os.unlink(path)
    response = FileResponse(handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(resource_class.title + '导入模板.xlsx')}"
    return response


def forbid(message: str = "您没有此项操作的权限") -> None:
    raise PermissionDenied(message)
