"""Home dashboard, health check, job pages."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zugong.accounts.access import has_perm_anywhere, require_perm
from zugong.core import dashboard
from zugong.core.errors import ValidationError
from zugong.core.jobs import failed_rows_file, import_confirm, live_progress, row_errors
from zugong.core.models import Job
from zugong.core.tasks import run_import
from zugong.core.units import current_unit


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "admin_role", ""):
        return render(request, "core/admin_home.html", {"title": "工作台", "breadcrumbs": [("工作台", None)]})
    unit = current_unit(request)
    blocks = []
    if unit is not None:
        for w in dashboard.widgets():
            if has_perm_anywhere(user, w.perm):
                blocks.append({"key": w.key, "template": w.template, **w.build(user, unit)})
    return render(request, "core/home.html", {"title": "工作台", "breadcrumbs": [("工作台", None)], "unit": unit, "blocks": blocks})


def _job(request: HttpRequest, pk: int) -> Job:
    require_perm(request.user, "core.view_job")
    job = get_object_or_404(Job.objects.visible_to(request.user, "view"), pk=pk)
    if job.created_by_id != request.user.pk:
        raise Http404
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    ctx: dict[str, Any] = {
        "job": job,
        "progress": live_progress(job),
        "errors": row_errors(job),
        "title": job.title,
        "breadcrumbs": [("后台任务", None), (job.title, None)],
    }
    htmx = getattr(request, "htmx", None)
    template = "core/_job_status.html" if htmx else "core/job.html"
    return render(request, template, ctx)


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        import_confirm(actor=request.user, job=job)
    except ValidationError as exc:
        from django.contrib import messages

        messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("core:job", args=[job.pk]))
    from zugong.audit import context as audit_context

    ctx = audit_context.current()
    if ctx is not None:  # the worker's audit rows name the confirming request
        Job.objects.filter(pk=job.pk).update(params={**job.params, "request_id": ctx.request_id, "ip": ctx.ip})
    run_import.delay(job.pk, True)
    return HttpResponseRedirect(reverse("core:job", args=[job.pk]))


@login_required
def job_failed_rows(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != Job.Status.INVALID or not job.result.get("error_count"):
        raise Http404
    path = failed_rows_file(job)
    handle = open(path, "rb")  # noqa: SIM115
    os.unlink(path)
    response = FileResponse(handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('导入失败的行.xlsx')}"
    return response
