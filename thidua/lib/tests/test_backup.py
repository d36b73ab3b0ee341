"""Backup and restore (thidua backup FILE, thidua restore FILE [--force]): a round trip brings
back the rows and the uploaded files; a tampered archive, another schema, another database
vendor and a non-empty database are refused with a Vietnamese message, nothing touched.

Runs on the test database of whichever DATABASE_URL the suite uses (SQLite or PostgreSQL).
Restoring replaces the whole database, so the tests are transactional (no wrapping atomic)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.lib import backup as backup_module
from thidua.lib.excel.limits import size_text
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)

ATTACHMENT = b"%PDF-1.4 to trinh khen thuong\n" * 100


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """MEDIA_ROOT in tmp_path with one attachment: never the developer's var/."""
    root = tmp_path / "media"
    (root / "dossiers").mkdir(parents=True)
    (root / "dossiers" / "abc123.pdf").write_bytes(ATTACHMENT)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def _needs_client_tools():
    if connection.vendor == "postgresql":
        import shutil

        if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            pytest.skip("pg_dump/pg_restore không có trên máy này")


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def wipe_database() -> None:
    """Drop every table: the database becomes empty, as a newly created one."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive member by member; change(name, data) returns the new data."""
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def change_manifest(archive: Path, edit) -> None:
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    rewrite(archive, change)


def unit_rows() -> list[tuple]:
    return list(Unit.objects.order_by("code").values_list("code", "name", "parent__code"))


def test_backup_writes_one_archive_with_a_manifest_of_checksums_and_schema(units, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    output = run("backup", str(archive))
    assert f"Đã sao lưu vào {archive}" in output
    assert "1 tệp tải lên" in output
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["format"] == "thidua-backup"
    assert manifest["database_vendor"] == connection.vendor
    assert "0001_initial" in manifest["schema"]["org"]
    assert manifest["schema"] == backup_module.code_migrations()
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) | {"manifest.json"} == names
    assert listed["media/dossiers/abc123.pdf"]["size"] == len(ATTACHMENT)
    assert backup_module.SNAPSHOT[connection.vendor] in listed
    # Nothing left beside the archive: the temporary file was renamed.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "sao-luu.tar.gz"]


def test_round_trip_brings_back_the_rows_and_the_files(units, media, tmp_path):
    before = unit_rows()
    archive = tmp_path / "sao-luu.tar.gz"
    run("backup", str(archive))

    wipe_database()
    (media / "dossiers" / "abc123.pdf").unlink()
    (media / "dossiers" / "moi-sau-sao-luu.pdf").write_bytes(b"%PDF new")

    output = run("restore", str(archive))
    assert "Đã khôi phục bản sao lưu" in output
    assert unit_rows() == before
    assert (media / "dossiers" / "abc123.pdf").read_bytes() == ATTACHMENT
    # MEDIA_ROOT is the archive's, not a mix with what was there.
    assert sorted(p.name for p in (media / "dossiers").iterdir()) == ["abc123.pdf"]
    # …and the service user's only.
    assert (media / "dossiers" / "abc123.pdf").stat().st_mode & 0o777 == 0o600
    assert [p.stat().st_mode & 0o777 for p in (media, media / "dossiers")] == [0o700, 0o700]
    # The restored database works for the app: a write through the ORM.
    Unit.objects.filter(code="CAT").update(name="Công an tỉnh (sau khôi phục)")
    assert Unit.objects.get(code="CAT").name == "Công an tỉnh (sau khôi phục)"


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(units, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    run("backup", str(archive))
    Unit.objects.filter(code="CAT").update(name="Đổi sau sao lưu")

    with pytest.raises(CommandError, match=r"CSDL đích không trống.*--force"):
        run("restore", str(archive))
    assert Unit.objects.get(code="CAT").name == "Đổi sau sao lưu"

    run("restore", str(archive), "--force")
    assert Unit.objects.get(code="CAT").name == "Công an tỉnh Hưng Yên"


def test_a_tampered_archive_is_refused_before_anything_is_touched(units, media, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    run("backup", str(archive))
    rewrite(
        archive,
        lambda name, data: data.replace(b"khen", b"KHEN") if name.startswith("media/") else data,
    )
    (media / "dossiers" / "hien-co.pdf").write_bytes(b"%PDF current")
    wipe_database()

    with pytest.raises(CommandError, match=r"Tổng kiểm tra \(SHA-256\) của 'media/dossiers/abc123"):
        run("restore", str(archive))
    assert connection.introspection.table_names() == []
    assert (media / "dossiers" / "hien-co.pdf").exists()
    call_command("migrate", verbosity=0)  # the test database back for the teardown


def test_a_file_not_in_the_manifest_is_refused(units, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    run("backup", str(archive))
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            target.addfile(member, io.BytesIO(data))
        extra = tarfile.TarInfo("media/them.pdf")
        extra.size = 3
        target.addfile(extra, io.BytesIO(b"abc"))
    with pytest.raises(CommandError, match=r"'media/them\.pdf' không ghi trong manifest"):
        run("restore", str(archive), "--force")


def test_an_archive_of_another_schema_is_refused(units, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    run("backup", str(archive))
    change_manifest(archive, lambda m: m["schema"]["org"].append("9999_tuong_lai"))
    Unit.objects.filter(code="CAT").update(name="Giữ nguyên")

    with pytest.raises(CommandError, match=r"Lược đồ CSDL.*thừa org\.9999_tuong_lai"):
        run("restore", str(archive), "--force")
    assert Unit.objects.get(code="CAT").name == "Giữ nguyên"


def test_an_archive_of_another_database_vendor_is_refused(db):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {"database_vendor": other, "schema": backup_module.code_migrations()}
    with pytest.raises(CommandError, match="Không hỗ trợ khôi phục bản sao lưu"):
        backup_module.check_restorable(manifest, "default", force=True)


def test_a_failed_backup_leaves_no_half_archive(db, tmp_path, monkeypatch):
    def broken(*args):
        raise backup_module.BackupError("hỏng giữa chừng")

    monkeypatch.setattr(backup_module, "_snapshot_sqlite", broken)
    monkeypatch.setattr(backup_module, "_snapshot_postgresql", broken)
    with pytest.raises(CommandError, match="hỏng giữa chừng"):
        run("backup", str(tmp_path / "sao-luu.tar.gz"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]


def test_sizes_are_written_with_the_vietnamese_decimal_comma():
    # The one byte formatter of the project (the Excel limits' messages use it too).
    assert size_text(512) == "512 byte"
    assert size_text(1536) == "1,5 KB"
    assert size_text(3_000_000) == "3 MB"
    assert size_text(2_500_000_000) == "2,5 GB"


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("chỉ với PostgreSQL (DATABASE_URL=postgres://…)")


def test_a_missing_pg_dump_is_named_in_vietnamese(postgresql_only, db, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="Không tìm thấy chương trình pg_dump"):
        run("backup", str(tmp_path / "sao-luu.tar.gz"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]


def test_a_pg_dump_older_than_the_server_is_refused(postgresql_only, db, tmp_path, monkeypatch):
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: str(old))
    with pytest.raises(CommandError, match=r"pg_dump phiên bản 9 cũ hơn máy chủ PostgreSQL"):
        run("backup", str(tmp_path / "sao-luu.tar.gz"))
