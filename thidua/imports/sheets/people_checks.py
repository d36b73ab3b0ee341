"""Cross-row checks of the people sheet, each a few set-based queries for the whole file:
CCCD clashes (errors) and likely duplicates by name and date of birth (warnings)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from thidua.imports.engine import ImportContext
from thidua.imports.engine.lookups import FULL_SCAN_SHARE, UnitIndex, chunked
from thidua.lib.excel.rows import Issue
from thidua.lib.vntext import fold
from thidua.org.models import Person

OUT_OF_SCOPE_TWIN = (
    "Có thể trùng với một cán bộ cùng họ tên và ngày sinh ở đơn vị nằm "
    "ngoài phạm vi được phân quyền."
)


class _Record(Protocol):
    row: int
    code: str
    full_name: str
    birth_date: dt.date | None
    citizen_id: str | None
    unit_id: int | None


def citizen_id_clashes(
    records: Iterable[_Record],
    header: str,
    index: UnitIndex,
    ctx: ImportContext,
    warnings: list[Issue] | None = None,
    prefix: str = "",
) -> list[Issue]:
    """A CCCD used twice in the file, or already held by someone with another code whom the
    importing user can see (org.services.person_save: a holder outside the scope is not
    named, not even as "someone", and the row is saved; officers see the clash).

    With a code prefix (bringing in another register, imports.engine.prefix) a holder whose
    code lacks the prefix is someone of the other register: most likely the same human, who
    served in both forces. That is a warning (appended to `warnings`), not an error, so the
    register comes in whole; both records then show on the "Nghi trùng" page."""
    issues: list[Issue] = []
    first: dict[str, _Record] = {}
    for record in records:
        if not record.citizen_id:
            continue
        other = first.setdefault(record.citizen_id, record)
        if other is not record:
            issues.append(
                Issue(
                    record.row, header, f"Số CCCD '{record.citizen_id}' trùng với dòng {other.row}."
                )
            )
    seen_owners: dict[str, list[str]] = defaultdict(list)  # CCCD → codes the user can see
    for batch in chunked(first):
        rows = Person.objects.filter(citizen_id__in=batch).values_list(
            "citizen_id", "code", "unit_id"
        )
        for cid, code, unit_id in rows.order_by("code"):
            ref = index.by_id.get(unit_id) if unit_id else None
            if ctx.scope_path is None or (ref is not None and ctx.in_scope(ref.path)):
                seen_owners[cid].append(code)
    for cid, record in first.items():
        others = [code for code in seen_owners.get(cid, []) if code != record.code]
        if not others:
            continue
        if prefix and warnings is not None and not any(c.startswith(prefix) for c in others):
            message = (
                f"Số CCCD '{cid}' trùng với cán bộ mã {others[0]} của danh sách đang có: có "
                "thể là cùng một người (xem trang Nghi trùng)."
            )
            warnings.append(Issue(record.row, header, message))
            continue
        message = f"Số CCCD '{cid}' đã được dùng cho cán bộ mã {others[0]}."
        issues.append(Issue(record.row, header, message))
    return issues


def likely_duplicate_warnings(
    candidates: list[_Record],
    everyone: list[_Record],
    index: UnitIndex,
    ctx: ImportContext,
    header: str,
) -> list[Issue]:
    """Same name (accent-insensitive) and date of birth under another code, in the database
    or in the file: "Có thể trùng với CA0001 Nguyễn Văn An, Công an xã An Lạc"."""
    if not any(r.birth_date for r in candidates):
        return []
    # One fold per row: the key of every record with a date of birth.
    key_of = {id(r): (fold(r.full_name), r.birth_date) for r in everyone if r.birth_date}
    wanted = {key_of[id(r)] for r in candidates if id(r) in key_of}
    if not wanted:
        return []
    # (name key, born) → {code: (name, unit id, row in the file or None)}
    twins: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    for record in everyone:
        key = key_of.get(id(record))
        if key in wanted:
            twins[key][record.code] = (record.full_name, record.unit_id, record.row)
    for code, name, search_key, born, unit_id in _people_like(wanted):
        if (search_key, born) in wanted:
            twins[(search_key, born)].setdefault(code, (name, unit_id, None))
    issues = []
    for record in candidates:
        for code, (name, unit_id, row) in twins.get(key_of.get(id(record)), {}).items():
            if code != record.code:
                issues.append(
                    Issue(record.row, header, _describe(code, name, unit_id, row, index, ctx))
                )
    return issues


def _people_like(wanted: set[tuple]) -> Iterable[tuple]:
    """(code, name, search key, birth date, unit id) of people who may match `wanted`."""
    people = Person.objects.exclude(birth_date=None).values_list(
        "code", "full_name", "search_key", "birth_date", "unit_id"
    )
    keys = sorted({k for k, _ in wanted})
    if len(keys) >= FULL_SCAN_SHARE * people.count():
        yield from people.iterator(chunk_size=5000)  # most people are wanted: one scan
        return
    for batch in chunked(keys):
        in_batch = set(batch)
        dates = {born for k, born in wanted if k in in_batch}
        yield from people.filter(search_key__in=batch, birth_date__in=dates)


def _describe(
    code: str, name: str, unit_id: int | None, row: int | None, index: UnitIndex, ctx: ImportContext
) -> str:
    ref = index.by_id.get(unit_id) if unit_id else None
    # Rows of the file are the user's own; people of the database only within the scope.
    if row is None and ctx.scope_path is not None and not (ref and ctx.in_scope(ref.path)):
        return OUT_OF_SCOPE_TWIN
    unit = f", {ref.name}" if ref else ""
    where = f" (dòng {row} của tệp)" if row is not None else ""
    return f"Có thể trùng với {code} {name}{unit}{where}"
