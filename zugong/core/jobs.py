"""Import jobs: upload, validate (preview), confirm (commit), with progress shown in the UI.

Progress lives in the cache while a job runs (visible across processes with Redis, and while the
commit's transaction is still open); the Job row gets the final state.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zugong.audit import context as audit_context
from zugong.audit.services import record
from zugong.core.errors import ValidationError
from zugong.core.imports import MAX_LISTED_ERRORS, ImportFileError, RowError, get_resource
from zugong.core.models import Job

MSG_NOT_XLSX = "请上传 .xlsx 格式的文件（可先下载模板）"
MSG_TOO_BIG = "文件过大，单个文件不能超过 30MB"


def _progress_key(job_id: int) -> str:
    return f"zugong:job:{job_id}:progress"


def live_progress(job: Job) -> int:
    value = cache.get(_progress_key(job.pk))
    return int(value) if value is not None else job.progress


UPLOAD_RETENTION = timedelta(hours=24)


def upload_dir() -> Path:
    """Uploaded import files hold personal data in clear: a private directory, files readable by us only."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def purge_uploads(*, older_than: timedelta = UPLOAD_RETENTION) -> int:
    """Delete stored uploads of finished jobs and of jobs left unconfirmed past the retention time."""
    cutoff = timezone.now() - older_than
    removed = 0
    stale = Job.objects.filter(kind__startswith="import:").exclude(file="").filter(
        Q(status__in=[Job.Status.DONE, Job.Status.FAILED]) | Q(created_at__lt=cutoff)
    ).exclude(status__in=[Job.Status.PENDING, Job.Status.RUNNING])
    for job in stale:
        path = upload_dir() / job.file
        if path.is_file():
            path.unlink()
            removed += 1
        Job.objects.filter(pk=job.pk).update(file="")
    return removed


def _request_context() -> dict[str, Any]:
    ctx = audit_context.current()
    return {"request_id": ctx.request_id, "ip": ctx.ip} if ctx else {}


def import_upload(*, actor: Any, resource_key: str, upload: UploadedFile[Any], org_unit_id: int) -> Job:
    """Store the uploaded file and create the Job; validation runs in `import_run`."""
    name = (upload.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ValidationError({"file": MSG_NOT_XLSX})
    if upload.size and upload.size > settings.MAX_IMPORT_BYTES:
        raise ValidationError({"file": MSG_TOO_BIG})
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError({"file": MSG_NOT_XLSX})
    resource_cls = get_resource(resource_key)
    purge_uploads()
    stored = upload_dir() / f"{uuid.uuid4().hex}.xlsx"
    fd = os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return Job.objects.create(
        kind=f"import:{resource_key}",
        title=f"导入{resource_cls.title}：{upload.name}"[:200],
        created_by=actor,
        org_unit_id=org_unit_id,
        file=stored.name,
        params={"resource": resource_key, "filename": upload.name, **_request_context()},
    )


def _finish(job: Job, status: str, message: str, result: dict[str, Any] | None = None) -> None:
    job.status = status
    job.message = message[:500]
    if result is not None:
        job.result = result
    job.finished_at = timezone.now() if status in (Job.Status.DONE, Job.Status.FAILED) else None
    job.save(update_fields=["status", "message", "result", "finished_at", "progress", "total"])
    cache.delete(_progress_key(job.pk))


def import_run(job_id: int, *, commit: bool) -> None:
    """Validate the job's file (commit=False) or validate again and write all rows (commit=True)."""
    from zugong.accounts.models import User

    job = Job.objects.get(pk=job_id)
    actor = User.objects.get(pk=job.created_by_id)
    resource = get_resource(job.params["resource"])(actor)
    path = upload_dir() / job.file
    if not job.file or not path.is_file():
        _finish(job, Job.Status.FAILED, "上传的文件已清理（超过24小时未确认），请重新上传")
        return
    # In a worker (no request), audit rows carry the id and address of the request that queued the job.
    ctx = audit_context.current() or audit_context.RequestContext(request_id=job.params.get("request_id", ""), ip=job.params.get("ip"))
    token = audit_context.bind(ctx)
    try:
        _run(job, actor, resource, path, commit=commit)
    finally:
        audit_context.reset(token)


def _run(job: Job, actor: Any, resource: Any, path: Path, *, commit: bool) -> None:
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(n: int) -> None:
        cache.set(_progress_key(job.pk), n, 3600)

    try:
        validation = resource.validate(path, progress=progress)
    except ImportFileError as exc:
        _finish(job, Job.Status.INVALID, str(exc), {"rows": 0, "errors": [], "error_count": 0})
        return
    job.total = validation.total
    job.progress = validation.total
    summary: dict[str, Any] = {
        "rows": validation.total,
        "valid": len(validation.valid),
        "error_count": len(validation.errors),
        "error_rows": len(validation.error_rows),
        "errors": [asdict(e) for e in validation.errors[:MAX_LISTED_ERRORS]],
        **resource.describe(validation.valid),
    }
    if validation.total == 0:
        _finish(job, Job.Status.INVALID, "文件中没有数据行", summary)
        return
    if validation.errors:
        _finish(job, Job.Status.INVALID, f"{len(validation.error_rows)} 行有错误，未导入任何数据", summary)
        return
    if not commit:
        _finish(job, Job.Status.VALIDATED, f"校验通过，共 {validation.total} 行，确认后导入", summary)
        return
    try:
        with transaction.atomic():
            outcome = resource.commit([p for _, p in validation.valid], progress)
            record(
                action="import.committed", actor=actor, obj=job, org_unit_id=job.org_unit_id,
                after={"resource": job.params["resource"], "rows": validation.total, **outcome},
            )
    except ValidationError as exc:
        _finish(job, Job.Status.FAILED, "；".join(exc.messages), summary)
        return
    summary.update(outcome)
    job.progress = validation.total
    unchanged = f"，{outcome['unchanged']} 条无变化" if outcome.get("unchanged") else ""
    _finish(job, Job.Status.DONE, f"导入完成：新增 {outcome.get('created', 0)} 条，更新 {outcome.get('updated', 0)} 条{unchanged}", summary)
    path.unlink(missing_ok=True)  # the data now lives (encrypted) in the database
    Job.objects.filter(pk=job.pk).update(file="")


def import_confirm(*, actor: Any, job: Job) -> Job:
    if job.status != Job.Status.VALIDATED:
        raise ValidationError("该导入任务当前不能确认（可能已导入或校验未通过）")
    if job.created_by_id != actor.pk:
        raise ValidationError("只能确认自己上传的导入任务")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    job.status = Job.Status.PENDING
    return job


def failed_rows_file(job: Job) -> Path:
    """The rows with errors, written anew from the stored upload (404 once the upload is gone)."""
    from django.http import Http404

    resource = get_resource(job.params["resource"])(job.created_by)
    path = upload_dir() / job.file
    if not job.file or not path.is_file():
        raise Http404("上传的文件已清理，请重新上传")
    target = upload_dir() / f"failed-{job.pk}-{uuid.uuid4().hex[:8]}.xlsx"
    errors = resource.validate(path).errors
    resource.write_failed_rows(path, target, errors)
    return target


def row_errors(job: Job) -> list[RowError]:
    return [RowError(**e) for e in job.result.get("errors", [])]
