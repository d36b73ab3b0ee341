"""Uploaded files waiting for confirmation, kept under settings.UPLOAD_DIR.

Each file lives in a directory of its owner (UPLOAD_DIR/<user id>/) under a random token;
the client only ever sends the token back, so a path from the client is never used and a
token of another user is simply not found. Files and folders are the service user's only
(0o600 / 0o700). A user keeps at most settings.THIDUA_PENDING_UPLOADS unconfirmed uploads,
taking at most settings.THIDUA_PENDING_UPLOAD_BYTES on disk together; an upload nobody
confirmed within settings.THIDUA_PENDING_UPLOAD_HOURS is deleted, at the owner's next upload and by `thidua cleanup-uploads` (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.imports.models import ImportJob, JobState
from thidua.lib.excel.limits import size_text
from thidua.lib.files import private_dir, write_private

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PARSED_SUFFIX = ".parsed"
PLAN_SUFFIX = ".plan"


class QuotaExceeded(Exception):
    """The user already keeps as many unconfirmed uploads, or as many bytes of them, as
    allowed."""


@dataclass(frozen=True)
class Upload:
    token: str
    kind: str
    filename: str  # the name on the user's machine, for display only
    path: Path
    options: dict = field(default_factory=dict)  # the kind's import options chosen at upload

    @property
    def uploaded_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime, tz=dt.UTC)

    @property
    def parsed_path(self) -> Path:
        """The file's rows as parsed (engine.Parsed), kept by the job that read it."""
        return self.path.with_name(f"{self.token}{PARSED_SUFFIX}")

    @property
    def plan_path(self) -> Path:
        """What the preview shows (engine PlanSummary), kept by the job that planned it."""
        return self.path.with_name(f"{self.token}{PLAN_SUFFIX}")

    def delete_files(self) -> None:
        """The upload, its metadata, its stored parse and plan: everything on disk."""
        for path in (self.path, _meta_path(self.path), self.parsed_path, self.plan_path):
            path.unlink(missing_ok=True)

    def delete(self) -> None:
        """The files and the job: as if it had never been uploaded."""
        self.delete_files()
        ImportJob.objects.filter(token=self.token).delete()


@dataclass
class Cleanup:
    files: int = 0
    bytes: int = 0


def max_age_seconds() -> float:
    return settings.THIDUA_PENDING_UPLOAD_HOURS * 3600


def _user_dir(user) -> Path:
    return Path(settings.UPLOAD_DIR) / str(int(user.pk))


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name.split(".")[0] + ".json")


def save_upload(
    user, kind: str, uploaded: UploadedFile, suffix: str, options: dict | None = None
) -> Upload:
    """Keep the file for the preview; QuotaExceeded when the user keeps too many already."""
    private_dir(settings.UPLOAD_DIR)
    folder = private_dir(_user_dir(user))
    purge_old(folder)
    _check_quota(folder, uploaded.size or 0)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}{suffix}"
    with write_private(path) as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    filename = Path(uploaded.name or "").name[:200]
    options = dict(options or {})
    meta = {"kind": kind, "filename": filename, "suffix": suffix, "options": options}
    with write_private(_meta_path(path)) as out:
        out.write(json.dumps(meta).encode())
    # Its progress and state, for the page and the list of pending uploads (thidua/imports/jobs.py).
    ImportJob.objects.create(token=token, owner=user, kind=kind, filename=filename)
    return Upload(token, kind, filename, path, options)


def _check_quota(folder: Path, incoming: int) -> None:
    """Refuse, before anything is written, an upload past the user's count or bytes quota."""
    pending = len(list(folder.glob("*.json")))
    hours = settings.THIDUA_PENDING_UPLOAD_HOURS
    if pending >= settings.THIDUA_PENDING_UPLOADS:
        raise QuotaExceeded(
            _(
                "Bạn đang có %(count)s tệp tải lên chưa xác nhận (tối đa %(limit)s). Hãy xác "
                "nhận hoặc huỷ các tệp đó (danh sách ở đầu trang) rồi tải tệp mới; tệp chưa xác "
                "nhận tự xoá sau %(hours)s giờ."
            )
            % {"count": pending, "limit": settings.THIDUA_PENDING_UPLOADS, "hours": hours}
        )
    # Every file the user's pending uploads keep: the uploads, their stored parse and plan.
    kept = sum(_size(path) for path in folder.iterdir())
    limit = settings.THIDUA_PENDING_UPLOAD_BYTES
    if kept + incoming > limit:
        raise QuotaExceeded(
            _(
                "Các tệp tải lên chưa xác nhận của bạn đang chiếm %(kept)s; thêm tệp này "
                "(%(size)s) sẽ vượt giới hạn %(limit)s. Hãy xác nhận hoặc huỷ các tệp đó (danh "
                "sách ở đầu trang) rồi tải lại; tệp chưa xác nhận tự xoá sau %(hours)s giờ."
            )
            % {
                "kept": size_text(kept),
                "size": size_text(incoming),
                "limit": size_text(limit),
                "hours": hours,
            }
        )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0  # deleted meanwhile (a job finishing)


def discard_files(user, token: str) -> None:
    """Every file of the user's upload with this token, whatever is left of it (a job that
    failed or was cancelled midway may have written its parse after the upload was deleted)."""
    if not _TOKEN.match(token or ""):
        return
    folder = _user_dir(user)
    for path in [*folder.glob(f"{token}.*"), *folder.glob(f".{token}.*.part")]:
        path.unlink(missing_ok=True)


def get_upload(user, token: str) -> Upload | None:
    """The user's own upload with this token, or None."""
    if not _TOKEN.match(token or ""):
        return None
    return _read(_user_dir(user) / f"{token}.json")


def _read(meta_path: Path) -> Upload | None:
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    path = meta_path.with_name(f"{meta_path.stem}{meta.get('suffix', '')}")
    if not path.is_file():
        return None
    options = meta.get("options")
    return Upload(
        meta_path.stem,
        str(meta.get("kind", "")),
        str(meta.get("filename", "")),
        path,
        options if isinstance(options, dict) else {},
    )


def pending_uploads(user) -> list[Upload]:
    """The user's unconfirmed uploads that have not expired, newest first."""
    folder = _user_dir(user)
    if not folder.is_dir():
        return []
    limit = time.time() - max_age_seconds()
    stamped = [
        (u.path.stat().st_mtime, u) for u in map(_read, folder.glob("*.json")) if u is not None
    ]
    stamped = [(mtime, u) for mtime, u in stamped if mtime >= limit]
    return [u for _mtime, u in sorted(stamped, key=lambda pair: pair[0], reverse=True)]


def purge_old(folder: Path, max_age: float | None = None) -> Cleanup:
    """Delete the files of the folder older than max_age seconds (default: the setting)."""
    limit = time.time() - (max_age_seconds() if max_age is None else max_age)
    done = Cleanup()
    expired = [p for p in folder.iterdir() if _older(p, limit)]
    # An upload's stored parse and plan go with it, however recently they were written: any
    # whose upload is gone (expired now, or deleted before) is deleted.
    kept = {p.name.split(".")[0] for p in folder.glob("*.json")} - {
        p.name.split(".")[0] for p in expired if p.suffix == ".json"
    }
    expired += [
        p
        for p in folder.iterdir()
        if p.suffix in (PARSED_SUFFIX, PLAN_SUFFIX) and p.name.split(".")[0] not in kept
    ]
    for path in dict.fromkeys(expired):
        try:
            size = path.stat().st_size
            path.unlink()
            done.files += 1
            done.bytes += size
        except OSError:
            pass
    return done


def _older(path: Path, limit: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime < limit
    except OSError:
        return False


def cleanup_uploads(max_age: float | None = None) -> Cleanup:
    """Every user's expired uploads, and files left in UPLOAD_DIR itself (the Excel check's
    temporary files, should a process have died holding one): `thidua cleanup-uploads`."""
    root = Path(settings.UPLOAD_DIR)
    total = Cleanup()
    if not root.is_dir():
        return total
    for folder in [root, *(p for p in root.iterdir() if p.is_dir())]:
        done = purge_old(folder, max_age)
        total.files += done.files
        total.bytes += done.bytes
    # The jobs of those uploads: the pending list shows no job older than the files it keeps.
    # One whose writing transaction is running is left to finish.
    cutoff = timezone.now() - dt.timedelta(
        seconds=max_age_seconds() if max_age is None else max_age
    )
    ImportJob.objects.filter(created_at__lt=cutoff).exclude(state=JobState.WRITING).delete()
    return total
