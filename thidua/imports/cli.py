"""What `thidua import` and `thidua export` share: the acting user, per-kind options, the report."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError, OutputWrapper

from thidua.imports import engine


def add_common(parser: ArgumentParser, *, for_export: bool) -> None:
    kinds = ", ".join(s.kind for s in engine.all_specs())
    parser.add_argument("kind", help=f"Loại bảng: {kinds}.")
    parser.add_argument("file", help="Đường dẫn tệp Excel (.xlsx).")
    parser.add_argument(
        "--user",
        help="Chạy với quyền và phạm vi của tài khoản này (không ghi: quyền quản trị, nhật ký ghi "
        "là hệ thống).",
    )
    seen: set[str] = set()
    for spec in engine.all_specs():
        for option in spec.options:
            # Several kinds may share an option (e.g. --create-missing); declare it once.
            if option.for_export == for_export and option.flags[0] not in seen:
                seen.add(option.flags[0])
                parser.add_argument(*option.flags, **option.kwargs)


def get_spec(kind: str) -> engine.SheetSpec:
    try:
        return engine.get_spec(kind)
    except engine.UnknownKind as exc:
        raise CommandError(str(exc)) from exc


def spec_options(
    spec: engine.SheetSpec, options: dict[str, Any], *, for_export: bool
) -> dict[str, Any]:
    return {dest: options.get(dest) for dest in _dests(spec, for_export)}


def _dests(spec: engine.SheetSpec, for_export: bool) -> list[str]:
    return [
        o.kwargs.get("dest") or o.flags[0].lstrip("-").replace("-", "_")
        for o in spec.options
        if o.for_export == for_export
    ]


def report(
    plan: engine.Plan,
    stdout: OutputWrapper,
    stderr: OutputWrapper,
    *,
    dry_run: bool,
    verbosity: int = 1,
) -> None:
    """Print the summary and warnings; print every error and fail (exit code 1)."""
    stdout.write(f"{plan.title}: {plan.summary()}")
    if verbosity >= 2:
        for change in plan.creates:
            stdout.write(f"  + Dòng {change.row}: {change.code} {change.label}")
        for change in plan.updates:
            diffs = "; ".join(
                f"{d.column}: {d.before or '(trống)'} → {d.after or '(trống)'}"
                for d in change.diffs
            )
            stdout.write(f"  ~ Dòng {change.row}: {change.code} {change.label} — {diffs}")
    if plan.warnings:
        stdout.write(f"Cảnh báo ({len(plan.warnings)}):")
        for issue in plan.warnings:
            stdout.write(f"  {issue}")
    if plan.errors:
        stderr.write(f"Lỗi ({len(plan.errors)}) — không dòng nào được ghi:")
        for issue in plan.errors:
            stderr.write(f"  {issue}")
        raise CommandError(f"Nhập không thành công: {len(plan.errors)} lỗi.", returncode=1)
    if dry_run:
        stdout.write("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
    elif plan.applied:
        stdout.write("Đã ghi vào cơ sở dữ liệu.")
    else:
        stdout.write("Không có gì thay đổi.")
