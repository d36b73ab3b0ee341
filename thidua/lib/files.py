"""Files of the service's own data (var/: the database, uploads, attachments, backups):
readable by the service user only, whatever the umask (docs/operations.md)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "private_dir", "private_file", "write_private"]

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: str | os.PathLike) -> Path:
    """The directory, created (with its missing parents) 0o700; an existing one of ours that
    others may read is narrowed to 0o700."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _narrow(path, DIR_MODE)
    return path


def private_file(path: str | os.PathLike) -> Path:
    """The file, created empty 0o600 when missing; an existing one of ours narrowed to 0o600
    (an empty file is a valid SQLite database: it never exists with wider rights)."""
    path = Path(path)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    _narrow(path, FILE_MODE)
    return path


def write_private(path: str | os.PathLike):
    """open(path, "wb") for a new file, created 0o600 (never visible with wider rights)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE), "wb")


def _narrow(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # not ours (a shared mount): left as the admin set it
        info = path.stat()
        if info.st_uid == os.geteuid() and info.st_mode & 0o777 & ~mode:
            path.chmod(mode)
