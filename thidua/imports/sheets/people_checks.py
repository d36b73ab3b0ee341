"""Cross-row checks of the people sheet, each a few set-based queries for the whole file:
CCCD clashes (errors) and likely duplicates by name and date of birth (warnings)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from thidua.imports.engine import ImportContext, Issue
from thidua.imports.engine.lookups import UnitIndex, chunked
from thidua.lib.vntext import fold
from thidua.org.models import Person

OUT_OF_SCOPE_TWIN = ("Có thể trùng với một cán bộ cùng họ tên và ngày sinh ở đơn vị nằm "
                     "ngoài phạm vi được phân quyền.")


class _Record(Protocol):
    row: int
    code: str
    full_name: str
    birth_date: dt.date | None
    citizen_id: str | None
    unit_id: int | None


def citizen_id_clashes(records: Iterable[_Record], header: str,
                       index: UnitIndex, ctx: ImportContext) -> list[Issue]:
    """A CCCD used twice in the file, or already held by someone with another code."""
    issues: list[Issue] = []
    first: dict[str, _Record] = {}
    for record in records:
        if not record.citizen_id:
            continue
        other = first.setdefault(record.citizen_id, record)
        if other is not record:
            issues.append(Issue(record.row, header,
                                f"Số CCCD '{record.citizen_id}' trùng với dòng {other.row}."))
    owners: dict[str, tuple[str, int | None]] = {}
    for batch in chunked(first):
        rows = Person.objects.filter(citizen_id__in=batch).values_list("citizen_id", "code", "unit_id")
        owners.update({cid: (code, unit_id) for cid, code, unit_id in rows})
    for cid, record in first.items():
        owner = owners.get(cid)
        if owner is not None and owner[0] != record.code:
            ref = index.by_id.get(owner[1]) if owner[1] else None
            who = f"cán bộ mã {owner[0]}" if ref and ctx.in_scope(ref.path) else "một cán bộ khác"
            issues.append(Issue(record.row, header, f"Số CCCD '{cid}' đã được dùng cho {who}."))
    return issues


def likely_duplicate_warnings(candidates: list[_Record], everyone: list[_Record],
                              index: UnitIndex, ctx: ImportContext, header: str) -> list[Issue]:
    """Same name (accent-insensitive) and date of birth under another code, in the database
    or in the file: "Có thể trùng với CA0001 Nguyễn Văn An, Công an xã An Lạc"."""
    wanted = {(fold(r.full_name), r.birth_date) for r in candidates if r.birth_date}
    if not wanted:
        return []
    twins: dict[tuple, dict[str, str]] = defaultdict(dict)  # (key, born) → {code: text}
    for record in everyone:
        key = (fold(record.full_name), record.birth_date)
        if key in wanted:
            # The user wrote these rows, so they are described even outside the scope.
            twins[key][record.code] = _describe(record.code, record.full_name, record.unit_id,
                                                index, None, f" (dòng {record.row} của tệp)")
    for key_batch in chunked(sorted({k for k, _ in wanted})):
        in_batch = set(key_batch)
        dates = {born for k, born in wanted if k in in_batch}
        rows = Person.objects.filter(search_key__in=key_batch, birth_date__in=dates).values_list(
            "code", "full_name", "search_key", "birth_date", "unit_id")
        for code, name, search_key, born, unit_id in rows:
            if (search_key, born) in wanted:
                twins[(search_key, born)].setdefault(code, _describe(code, name, unit_id, index, ctx))
    issues = []
    for record in candidates:
        for code, text in twins.get((fold(record.full_name), record.birth_date), {}).items():
            if code != record.code:
                issues.append(Issue(record.row, header, text))
    return issues


def _describe(code: str, name: str, unit_id: int | None, index: UnitIndex,
              ctx: ImportContext | None, suffix: str = "") -> str:
    ref = index.by_id.get(unit_id) if unit_id else None
    if ctx is not None and ctx.scope_path is not None and not (ref and ctx.in_scope(ref.path)):
        return OUT_OF_SCOPE_TWIN
    unit = f", {ref.name}" if ref else ""
    return f"Có thể trùng với {code} {name}{unit}{suffix}"
