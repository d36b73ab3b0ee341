"""The files of a dossier: checked before anything is stored (lib.uploads: extension and
content, size limit), removed only while the unit may still change the dossier. The stored
name is random (models._attachment_path); the user's file name is kept only as data.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thidua.accounts import scope
from thidua.lib.uploads import delete_file_on_commit, store_checked
from thidua.nominations import services
from thidua.nominations.models import Attachment, Dossier


@transaction.atomic
def attachment_add(
    *, actor, dossier: Dossier, kind: str, upload: UploadedFile, version: int | None = None
) -> Attachment:
    """Store a checked file with the dossier, while the unit may change it (a draft, or a
    returned dossier). `version`: the dossier's, as the page showed it."""
    dossier = services.lock_dossier(dossier, version)
    services.require_editable(actor, dossier)
    attachment = Attachment(dossier=dossier, kind=kind)
    store_checked(attachment, upload, uploaded_by=scope.history_author(actor))
    services.touch(dossier)
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
    delete_file_on_commit(stored)
