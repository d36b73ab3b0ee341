"""Files people attach (a dossier's evidence, a movement's plan): checked before anything is
stored, kept under a random name, served only through a view that checked the scope.

A file is accepted by its extension AND its content (the first bytes; for a DOCX the names
inside the zip, never extracted), so a renamed text or executable file is refused whatever
the browser says its type is. The user's file name is kept only as data (`original_name`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# extension → (stored content type, what the content must look like)
_PDF, _PNG, _JPEG, _DOCX = "pdf", "png", "jpeg", "docx"
_TYPES = {
    ".pdf": ("application/pdf", _PDF),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _DOCX,
    ),
    ".jpg": ("image/jpeg", _JPEG),
    ".jpeg": ("image/jpeg", _JPEG),
    ".png": ("image/png", _PNG),
}
_MAGIC = {_PDF: b"%PDF-", _PNG: b"\x89PNG\r\n\x1a\n", _JPEG: b"\xff\xd8\xff"}
ALLOWED_EXTENSIONS = ", ".join(sorted({e.lstrip(".").upper() for e in _TYPES} - {"JPG"}))


def max_bytes() -> int:
    return settings.THIDUA_ATTACHMENT_MAX_BYTES


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


def _is_docx(upload: UploadedFile) -> bool:
    """A DOCX is a zip holding word/document.xml; only the zip's directory is read."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        upload.seek(0)


def _content_matches(upload: UploadedFile, kind: str) -> bool:
    if kind == _DOCX:
        return _is_docx(upload)
    upload.seek(0)
    head = upload.read(len(_MAGIC[kind]))
    upload.seek(0)
    return head == _MAGIC[kind]


def check_upload(upload: UploadedFile) -> str:
    """The content type to store, or a ValidationError saying why the file is refused."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in _TYPES:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” không được nhận: chỉ nhận tệp %(types)s.")
                % {"name": name, "types": ALLOWED_EXTENSIONS}
            }
        )
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” dung lượng %(size)s MB, vượt giới hạn %(limit)s MB.")
                % {"name": name, "size": _megabytes(upload.size), "limit": _megabytes(limit)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("Tệp “%(name)s” rỗng.") % {"name": name}})
    content_type, kind = _TYPES[suffix]
    if not _content_matches(upload, kind):
        raise ValidationError(
            {
                "file": _(
                    "Nội dung tệp “%(name)s” không phải là tệp %(type)s như phần đuôi tên tệp "
                    "cho biết; hãy kiểm tra lại tệp."
                )
                % {"name": name, "type": suffix.lstrip(".").upper()}
            }
        )
    return content_type


def original_name(upload: UploadedFile) -> str:
    """The user's file name without any folder, as kept in the row."""
    return Path(upload.name or "").name[:255]


def store_checked(row: models.Model, upload: UploadedFile, *, uploaded_by=None) -> None:
    """Check the upload (check_upload), fill the row's file fields (original_name, size,
    content_type, uploaded_by), validate the row, then store the file under its random name
    and the row (save_with_file)."""
    row.content_type = check_upload(upload)
    row.original_name = original_name(upload)
    row.size = upload.size
    row.uploaded_by = uploaded_by
    row.full_clean(exclude=["file"])
    save_with_file(row, upload)


def save_with_file(row: models.Model, upload: UploadedFile, field: str = "file") -> None:
    """Store the checked file under the row's random name, then the row; a row that cannot
    be saved takes its file away with it (no orphan on disk)."""
    stored: FieldFile = getattr(row, field)
    stored.save(upload.name, upload, save=False)
    try:
        row.save()
    except BaseException:
        stored.delete(save=False)
        raise


def delete_file_on_commit(stored: FieldFile) -> None:
    """Remove a deleted row's file once the transaction commits (a rollback keeps both)."""
    name, storage = stored.name, stored.storage
    transaction.on_commit(lambda: storage.delete(name))


def download(stored: FieldFile, filename: str, content_type: str) -> FileResponse:
    """The file as an attachment under its original name, never rendered by the browser;
    a file missing from the disk is a 404."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
