"""Strip identifying metadata from uploads before they are stored (R49, needed for the mailbox's 保密 promise).

- Images (JPG, PNG): decoded and written again without EXIF, XMP, ICC comments or text chunks (the EXIF
  orientation is applied first, so the picture looks the same; GPS position, camera and author go).
- Office files (DOCX, XLSX): the document properties (docProps/core.xml: 作者, 最后修改者; app.xml: 公司, 经理;
  custom.xml) are replaced with empty ones, and the author names on comments and tracked changes are blanked.
- PDF cannot be cleaned reliably without a PDF rewriter, so the mailbox does not take PDF (mailbox.KINDS).

The caller checks the upload (core.files.check) first; `scrub` returns a new in-memory upload of the same name."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

_EMPTY_PARTS = {
    "docProps/core.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                         b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                         b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                         b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
    "docProps/app.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                        b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
    "docProps/custom.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                           b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>',
}
# w:author / w:initials on comments and revisions (docx), w15:author and userId of people.xml
_ATTRS = re.compile(rb'\b((?:w|w15):(?:author|initials|userId)|displayName|userId|providerId)="[^"]*"')
_AUTHOR_TAGS = re.compile(rb"<author>[^<]*</author>")  # xlsx comments


def _image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as src:
        img = ImageOps.exif_transpose(src) or src
        img.load()
        clean = img.copy()
    clean.info = {}
    out = io.BytesIO()
    if kind == "jpg":
        clean.convert("RGB").save(out, "JPEG", quality=92)
    else:
        clean.save(out, "PNG")
    return out.getvalue()


def _office(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename in _EMPTY_PARTS:
                body = _EMPTY_PARTS[info.filename]
            elif info.filename.endswith(".xml") and info.filename.startswith(("word/", "xl/")):
                body = _AUTHOR_TAGS.sub(b"<author></author>", _ATTRS.sub(rb'\1=""', body))
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def scrub(upload: Any, kind: str) -> SimpleUploadedFile:
    """A copy of the upload without identifying metadata (kind as core.files.check returned it)."""
    upload.seek(0)
    data = upload.read()
    if kind in ("jpg", "png"):
        data = _image(data, kind)
    elif kind in ("docx", "xlsx"):
        data = _office(data)
    return SimpleUploadedFile(upload.name or "附件", data, content_type=getattr(upload, "content_type", None) or "application/octet-stream")
