"""Uploaded files waiting for confirmation, kept under settings.UPLOAD_DIR.

Each file lives in a directory of its owner (UPLOAD_DIR/<user id>/) under a random token;
the client only ever sends the token back, so a path from the client is never used and a
token of another user is simply not found.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Upload:
    token: str
    kind: str
    filename: str  # the name on the user's machine, for display only
    path: Path
    options: dict = field(default_factory=dict)  # the kind's import options chosen at upload

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
        _meta_path(self.path).unlink(missing_ok=True)


def _user_dir(user) -> Path:
    return Path(settings.UPLOAD_DIR) / str(int(user.pk))


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name.split(".")[0] + ".json")


def save_upload(
    user, kind: str, uploaded: UploadedFile, suffix: str, options: dict | None = None
) -> Upload:
    folder = _user_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    purge_old(folder)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}{suffix}"
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    filename = Path(uploaded.name or "").name[:200]
    options = dict(options or {})
    _meta_path(path).write_text(
        json.dumps({"kind": kind, "filename": filename, "suffix": suffix, "options": options})
    )
    return Upload(token, kind, filename, path, options)


def get_upload(user, token: str) -> Upload | None:
    """The user's own upload with this token, or None."""
    if not _TOKEN.match(token or ""):
        return None
    meta_path = _user_dir(user) / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    path = meta_path.with_name(f"{token}{meta.get('suffix', '')}")
    if not path.is_file():
        return None
    options = meta.get("options")
    return Upload(
        token,
        str(meta.get("kind", "")),
        str(meta.get("filename", "")),
        path,
        options if isinstance(options, dict) else {},
    )


def purge_old(folder: Path, max_age: float = MAX_AGE_SECONDS) -> None:
    """Forget uploads nobody confirmed within a day."""
    limit = time.time() - max_age
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
