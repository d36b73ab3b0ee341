"""The files of a dossier: checked before anything is stored, removed only while the unit
may still change the dossier.

A file is accepted by its extension AND its content (the first bytes; for a DOCX the names
inside the zip, never extracted), so a renamed text or executable file is refused whatever
the browser says its type is. The stored name is random (models._attachment_path); the
user's file name is kept only as data.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.nominations import services
from thidua.nominations.models import Attachment, Dossier

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


@transaction.atomic
def attachment_add(
    *, actor, dossier: Dossier, kind: str, upload: UploadedFile, version: int | None = None
) -> Attachment:
    """Store a checked file with the dossier, while the unit may change it (a draft, or a
    returned dossier). `version`: the dossier's, as the page showed it."""
    dossier = services.lock_dossier(dossier, version)
    services.require_editable(actor, dossier)
    content_type = check_upload(upload)
    attachment = Attachment(
        dossier=dossier,
        kind=kind,
        original_name=Path(upload.name).name[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=scope.history_author(actor),
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
        services.touch(dossier)
    except BaseException:
        attachment.file.delete(save=False)  # no row: the file would be an orphan on disk
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment, version: int | None = None) -> None:
    """Remove a file while the unit may change the dossier; the stored file goes once the
    transaction commits (a rollback keeps both the row and the file)."""
    dossier = services.lock_dossier(attachment.dossier, version)
    services.require_editable(actor, dossier)
    stored = attachment.file
    attachment.delete()
    services.touch(dossier)
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
