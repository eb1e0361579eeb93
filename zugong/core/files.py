"""Uploaded files (R49): evidence, 实施方案, 述职材料 — one way to take them in and hand them out.

- An allowlist of kinds (pdf, jpg, png, docx, xlsx), each checked by its content, not its name: a PHP
  script renamed a.jpg is refused. Office files are zip archives: the entry count and the uncompressed
  size are checked before anything reads them, and the archive must hold the part its kind needs.
- At most `MAX_ATTACHMENT_BYTES` (20 MB) per file.
- Stored under a random name in a private directory outside every web path, never under the uploaded
  name; served only by a module's permission-checked view through `download`, as an attachment with
  `nosniff`.

An antivirus scan (clamd) is not wired: no scanner runs on these machines (docs/security.md).
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

from zugong.core.errors import ValidationError
from zugong.core.models import StoredFile

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 10
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
ALLOWED = ("pdf", "jpg", "png", "docx", "xlsx")
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
_SUFFIX = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".docx": "docx", ".xlsx": "xlsx"}
_MAGIC = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}
_OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_CONTENT_TYPE = {
    "pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MSG_KIND = "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件"
MSG_TOO_BIG = "文件不能超过 20 MB"
MSG_EMPTY = "文件是空的"
MSG_TOO_MANY = f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件"


def storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "files"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _office_ok(upload: UploadedFile[Any], kind: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
                return False
            return _OFFICE_PART[kind] in {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def check(upload: UploadedFile[Any]) -> str:
    """The file's kind, or ValidationError with the reason in Chinese."""
    name = upload.name or ""
    kind = _SUFFIX.get(Path(name).suffix.lower())
    if kind is None:
        raise ValidationError(f"{name}：{MSG_KIND}")
    if not upload.size:
        raise ValidationError(f"{name}：{MSG_EMPTY}")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"{name}：{MSG_TOO_BIG}")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(_MAGIC[kind]) or (kind in _OFFICE_PART and not _office_ok(upload, kind)):
        raise ValidationError(f"{name}：文件内容与扩展名不符。{MSG_KIND}")
    return kind


def check_all(uploads: list[UploadedFile[Any]]) -> list[str]:
    """Check a form's files before anything is written (so a bad third file leaves nothing behind); every
    file's problem is listed. Returns the kinds."""
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(MSG_TOO_MANY)
    kinds, errors = [], []
    for u in uploads:
        try:
            kinds.append(check(u))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return kinds


def _keep(upload: UploadedFile[Any], kind: str, *, actor: Any, org_unit: Any) -> StoredFile:
    stored_name = secrets.token_hex(16)
    digest = hashlib.sha256()
    target = storage_dir() / stored_name
    with open(target, "xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    target.chmod(0o600)
    display = Path(upload.name or "附件").name[-200:]
    return StoredFile.objects.create(name=display, stored_name=stored_name, size=upload.size or 0, kind=kind,
                                     sha256=digest.hexdigest(), org_unit=org_unit, uploaded_by=actor)


def store_all(uploads: list[UploadedFile[Any]], *, actor: Any, org_unit: Any) -> list[StoredFile]:
    """Check every upload, then keep them all (nothing is written when one is refused); call inside the
    service's transaction, whose rollback also undoes the rows written before."""
    kinds = check_all(uploads)
    return [_keep(u, k, actor=actor, org_unit=org_unit) for u, k in zip(uploads, kinds, strict=True)]


def download(stored: StoredFile) -> FileResponse:
    """Serve a file the caller has already checked the user may read."""
    path = storage_dir() / stored.stored_name
    if not path.is_file():
        raise Http404("文件不存在")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=stored.name,  # noqa: SIM115 — FileResponse closes it
                            content_type=_CONTENT_TYPE.get(stored.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
