"""Backup and restore of the whole register: one .tar.gz holding a consistent snapshot of the
database, the uploaded files (MEDIA_ROOT) and manifest.json (docs/operations.md).

The archive:
    manifest.json        format, created at, versions, database vendor, schema (the applied
                         migrations per app), and every other member's size and SHA-256
    database.sqlite3     SQLite: written by the online backup API, consistent while the app runs
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    media/…              the files of MEDIA_ROOT (dossier attachments)

Everything reads the database of `connections[alias]`, so it works on the test databases too.
Errors are BackupError (a CommandError): the command line prints the Vietnamese message."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from thidua.lib.files import DIR_MODE, FILE_MODE

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
SNAPSHOT = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1024 * 1024


class BackupError(CommandError):
    """A backup or restore refused or failed; the message is for the operator."""


@dataclass
class Summary:
    path: Path
    vendor: str
    archive_bytes: int = 0
    database_bytes: int = 0
    files: int = 0
    files_bytes: int = 0
    migrations: int = 0
    tables: int = 0
    created_at: str = ""
    skipped: list[str] = field(default_factory=list)


# ── Helpers ───────────────────────────────────────────────────────────────────────────


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return metadata.version("thidua")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "?"


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in SNAPSHOT:
        raise BackupError(f"Chưa hỗ trợ sao lưu, khôi phục CSDL loại '{vendor}'.")
    return vendor


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The schema version of the database: its applied migrations, per app, sorted."""
    schema: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        schema.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(schema.items())}


def code_migrations() -> dict[str, list[str]]:
    """The schema version of this code: every migration on disk, per app, sorted."""
    schema: dict[str, list[str]] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
        schema.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(schema.items())}


def _schema_difference(archive: dict[str, list[str]], code: dict[str, list[str]]) -> list[str]:
    have = {f"{app}.{name}" for app, names in archive.items() for name in names}
    want = {f"{app}.{name}" for app, names in code.items() for name in names}
    return [f"thiếu {m}" for m in sorted(want - have)] + [f"thừa {m}" for m in sorted(have - want)]


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# ── PostgreSQL client tools ───────────────────────────────────────────────────────────


def _pg_env_and_args(alias: str) -> tuple[dict[str, str], list[str], str]:
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    options = conf.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    return env, [*args, "--no-password"], str(conf["NAME"])


def _pg_tool(tool: str, alias: str) -> str:
    """The path of pg_dump or pg_restore, checked not older than the server."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(
            f"Không tìm thấy chương trình {tool}: cài gói công cụ khách PostgreSQL "
            f"(postgresql-client) cùng phiên bản với máy chủ."
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    connection = connections[alias]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if found is None or int(found.group(1)) < server:
        version = found.group(1) if found else "?"
        raise BackupError(
            f"{tool} phiên bản {version} cũ hơn máy chủ PostgreSQL {server}: cài "
            f"postgresql-client {server} trở lên."
        )
    return path


def _run(command: list[str], env: dict[str, str], tool: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{tool} báo lỗi (mã {result.returncode}): {detail}")


# ── Backup ────────────────────────────────────────────────────────────────────────────


def _snapshot_sqlite(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API: a consistent copy, even while other connections write.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _snapshot_postgresql(alias: str, target: Path) -> None:
    tool = _pg_tool("pg_dump", alias)
    env, args, name = _pg_env_and_args(alias)
    _run([tool, *args, "--format=custom", "--file", str(target), name], env, "pg_dump")


class _HashingReader:
    """Reads exactly `size` bytes of a file for tarfile, hashing them on the way."""

    def __init__(self, handle, size: int):
        self.handle, self.left, self.digest = handle, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(n)
        if len(data) < n:
            raise BackupError("Một tệp bị thay đổi trong lúc sao lưu; hãy chạy lại.")
        self.left -= len(data)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, source: Path, name: str) -> dict | None:
    """Add `source` as `name`; its manifest entry, or None when it vanished meanwhile."""
    try:
        handle = source.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        size = stat.st_size
        info = tarfile.TarInfo(name)
        # The file's own permissions come back on restore (the snapshot's are 0600).
        info.size, info.mode, info.mtime = size, stat.st_mode & 0o777, int(stat.st_mtime)
        reader = _HashingReader(handle, size)
        archive.addfile(info, reader)
    return {"name": name, "size": size, "sha256": reader.digest.hexdigest()}


def backup(path: str | os.PathLike, alias: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `path`, through a temporary file renamed at the end."""
    target = Path(path).resolve()
    if target.is_dir():
        raise BackupError(f"{target} là một thư mục; hãy ghi rõ tên tệp sao lưu.")
    if not target.parent.is_dir():
        raise BackupError(f"Không có thư mục {target.parent}.")
    vendor = _vendor(alias)
    summary = Summary(path=target, vendor=vendor)
    schema = applied_migrations(alias)
    summary.migrations = sum(len(names) for names in schema.values())
    summary.tables = len(connections[alias].introspection.table_names())
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    summary.created_at = created.isoformat()

    handle, partial = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    os.close(handle)
    try:
        with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
            snapshot = Path(work) / SNAPSHOT[vendor]
            if vendor == "sqlite":
                _snapshot_sqlite(alias, snapshot)
            else:
                _snapshot_postgresql(alias, snapshot)
            snapshot.chmod(0o600)
            entries = []
            with tarfile.open(partial, "w:gz") as archive:
                entry = _add(archive, snapshot, SNAPSHOT[vendor])
                assert entry is not None
                entries.append(entry)
                summary.database_bytes = entry["size"]
                root = _media_root()
                for file in _media_files(root):
                    name = MEDIA_PREFIX + file.relative_to(root).as_posix()
                    entry = _add(archive, file, name)
                    if entry is None:
                        summary.skipped.append(name)
                        continue
                    entries.append(entry)
                    summary.files += 1
                    summary.files_bytes += entry["size"]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": summary.created_at,
                    "app_version": _app_version(),
                    "django_version": django.get_version(),
                    "database_vendor": vendor,
                    "schema": schema,
                    "files": entries,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(created.timestamp())
                archive.addfile(info, _BytesReader(data))
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    summary.archive_bytes = target.stat().st_size
    return summary


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, n: int = -1) -> bytes:
        n = len(self.data) if n < 0 else n
        chunk, self.data = self.data[:n], self.data[n:]
        return chunk


# ── Restore ───────────────────────────────────────────────────────────────────────────


def _safe_member_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


def read_archive(path: str | os.PathLike, into: Path) -> dict:
    """Unpack the archive into `into` and check it: the manifest, every member listed with
    its size and SHA-256, nothing else. Returns the manifest."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"Không có tệp sao lưu {source}.")
    try:
        with tarfile.open(source, "r:*") as archive:
            members = archive.getmembers()
            for member in members:
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(
                        f"Tệp sao lưu có mục không hợp lệ '{member.name}'; không khôi phục."
                    )
            names = [m.name for m in members]
            if len(names) != len(set(names)):
                raise BackupError("Tệp sao lưu có mục trùng tên; không khôi phục.")
            # Every member is checked above (regular files, relative names, no "..");
            # the "data" filter guards too where this Python has it (3.11.4 and later).
            if hasattr(tarfile, "data_filter"):
                archive.extractall(into, filter="data")
            else:  # pragma: no cover
                archive.extractall(into)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {source}: {error}.") from error

    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            "Tệp sao lưu không có manifest.json đọc được; không khôi phục."
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Tệp không phải bản sao lưu Thi Đua định dạng {FORMAT_VERSION} "
            f"(định dạng {manifest.get('format')!r}, phiên bản {manifest.get('format_version')!r})."
        )
    listed = {entry["name"]: entry for entry in manifest.get("files", [])}
    present = set(names) - {MANIFEST}
    for name in sorted(present - set(listed)):
        raise BackupError(f"Tệp sao lưu có '{name}' không ghi trong manifest; không khôi phục.")
    for name, entry in sorted(listed.items()):
        if name not in present:
            raise BackupError(f"Tệp sao lưu thiếu '{name}' ghi trong manifest; không khôi phục.")
        file = into / name
        if file.stat().st_size != entry["size"] or _sha256(file) != entry["sha256"]:
            raise BackupError(
                f"Tổng kiểm tra (SHA-256) của '{name}' không khớp manifest: tệp sao lưu bị "
                f"hỏng hoặc bị sửa; không khôi phục."
            )
    vendor = manifest.get("database_vendor")
    if SNAPSHOT.get(vendor) not in listed:
        raise BackupError("Tệp sao lưu không có bản chụp CSDL; không khôi phục.")
    return manifest


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Empty: no tables at all (a new SQLite file, a database just created)."""
    return not connections[alias].introspection.table_names()


def check_restorable(manifest: dict, alias: str, force: bool) -> None:
    vendor = _vendor(alias)
    source = manifest["database_vendor"]
    if source != vendor:
        raise BackupError(
            f"Không hỗ trợ khôi phục bản sao lưu {VENDOR_NAMES.get(source, source)} vào CSDL "
            f"{VENDOR_NAMES[vendor]}: hãy khôi phục vào cùng loại CSDL đã sao lưu."
        )
    difference = _schema_difference(manifest.get("schema", {}), code_migrations())
    if difference:
        shown = ", ".join(difference[:5]) + (" …" if len(difference) > 5 else "")
        raise BackupError(
            f"Lược đồ CSDL của bản sao lưu (phiên bản {manifest.get('app_version')}) khác mã "
            f"đang chạy ({shown}): hãy khôi phục bằng đúng phiên bản đã sao lưu, rồi nâng cấp "
            f"(thidua migrate)."
        )
    if not force and not database_is_empty(alias):
        raise BackupError(
            "CSDL đích không trống: chỉ khôi phục vào CSDL trống, hoặc thêm --force để thay "
            "toàn bộ dữ liệu hiện có bằng bản sao lưu."
        )


def _restore_sqlite(snapshot: Path, alias: str) -> None:
    source = sqlite3.connect(snapshot)
    try:
        result = source.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise BackupError("Bản chụp CSDL SQLite trong tệp sao lưu bị hỏng; không khôi phục.")
        connection = connections[alias]
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("Không khôi phục được trong một giao dịch đang mở.")
        # The backup API into the live database: one step, one transaction on the destination,
        # so the readers see either the old database or the restored one, never half of it.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite báo lỗi khi khôi phục: {error}.") from error
    finally:
        source.close()


def _restore_postgresql(snapshot: Path, alias: str) -> None:
    tool = _pg_tool("pg_restore", alias)
    env, args, name = _pg_env_and_args(alias)
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được trong một giao dịch đang mở.")
    connection.close()  # holds no lock that pg_restore --clean would wait for
    _run(
        [
            tool,
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(snapshot),
        ],
        env,
        "pg_restore",
    )


def _restore_media(unpacked: Path) -> None:
    """Put the archive's files in place of MEDIA_ROOT: built beside it, then swapped."""
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=root.parent))
    source = unpacked / MEDIA_PREFIX.rstrip("/")
    if source.is_dir():
        shutil.copytree(source, staging, dirs_exist_ok=True)
    for path in [staging, *staging.rglob("*")]:  # the service user's only, whatever the
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)  # archive says
    old = root.with_name(f".{root.name}.old-{os.getpid()}")
    if root.exists():
        os.replace(root, old)
    os.replace(staging, root)
    shutil.rmtree(old, ignore_errors=True)


def restore(path: str | os.PathLike, alias: str = DEFAULT_DB_ALIAS, force: bool = False) -> Summary:
    """Check the archive entirely, then load the database and put the files in place."""
    with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work:
        unpacked = Path(work)
        manifest = read_archive(path, unpacked)
        check_restorable(manifest, alias, force)
        vendor = manifest["database_vendor"]
        snapshot = unpacked / SNAPSHOT[vendor]
        if vendor == "sqlite":
            _restore_sqlite(snapshot, alias)
        else:
            _restore_postgresql(snapshot, alias)
        _restore_media(unpacked)
        files = [e for e in manifest["files"] if e["name"].startswith(MEDIA_PREFIX)]
        return Summary(
            path=Path(path).resolve(),
            vendor=vendor,
            archive_bytes=Path(path).stat().st_size,
            database_bytes=snapshot.stat().st_size,
            files=len(files),
            files_bytes=sum(e["size"] for e in files),
            migrations=sum(len(names) for names in manifest["schema"].values()),
            tables=len(connections[alias].introspection.table_names()),
            created_at=manifest.get("created_at", ""),
        )
