"""Tamper-evident audit: the history rows of the register chained by hash.

Every history row of an audited model (decisions, awards, yearly results, initiatives,
discipline) is covered by an AuditEntry written in the same transaction. The entry's hash is
SHA-256 over the hash of the entry before it and its rows' content in a canonical JSON: the
model, each history row's id, the object's id, the history type, date, author and reason, and
every audited field value. Changing, deleting or inserting a history row, or an entry, breaks
the chain at that point; `verify()` finds the first break, and also checks that every audited
record as stored today equals its last history row (a row changed with raw SQL).

Sealing is set-wise: `seal()` reads the history rows written since the last sealed one of
each model (one query per model, the stored values as the driver gives them) and seals them
in runs of up to 5,000 rows of one model: one entry per run, its hash over the run's rows.
An import of 100,000 awards adds one read and 20 entries; a single save, one entry of one row. Writers are serialised on the chain's head row (AuditChain, pk 1): `lock()` takes it
FOR UPDATE on PostgreSQL before the first audited history row of a transaction is written
(on SQLite the IMMEDIATE transaction already holds the write lock), so no transaction seals
while another holds unsealed rows it cannot see, and the chain never forks.

The single-object path (model.save() → simple_history) and the bulk path (lib.bulk) both
call in through signals connected in AwardsConfig.ready; a writer that bypasses both (simple
_history's bulk_*_with_history) calls seal() itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from thidua.awards.models import (
    AuditChain,
    AuditEntry,
    Award,
    Decision,
    Discipline,
    Initiative,
    YearlyResult,
)
from thidua.lib.bulk import write_rows

AUDITED: tuple[type[models.Model], ...] = (Decision, Award, YearlyResult, Initiative, Discipline)
GENESIS = "0" * 64  # the "previous hash" of the first entry
_HEAD = 1
_CHUNK = 5000
_HEADER = ("history_id", "id", "history_type", "history_date", "history_user_id")
_ENTRY_COLUMNS = ("seq", "model", "first_id", "last_id", "rows", "layout", "hash")


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


_HISTORY = {get_history_model_for_model(m): m for m in AUDITED}
_BY_LABEL = {label(m): m for m in AUDITED}


def is_audited_history(history_model: Any) -> bool:
    return history_model in _HISTORY


# ── Writing ────────────────────────────────────────────────────────────────────────────


def lock(using: str = DEFAULT_DB_ALIAS) -> AuditChain:
    """The chain's head, locked until the end of the caller's transaction (PostgreSQL:
    SELECT … FOR UPDATE; SQLite: the transaction's write lock). Created on first use."""
    heads = AuditChain.objects.using(using)
    if connections[using].in_atomic_block:
        heads = heads.select_for_update()
    head = heads.filter(pk=_HEAD).first()
    if head is None:
        head, _created = heads.get_or_create(pk=_HEAD, defaults={"hash": GENESIS})
    return head


def seal(models_: Iterable[type[models.Model]] = AUDITED, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Chain every history row of these audited models not yet in the chain, oldest first,
    one entry per run of up to _CHUNK rows of a model; returns how many rows were sealed."""
    added = 0
    with transaction.atomic(using=using):
        head = lock(using)
        sealed, layouts = dict(head.sealed), dict(head.layouts)
        seq, previous = head.seq, head.hash
        entries: list[tuple] = []
        for model in models_:
            history = get_history_model_for_model(model)
            name = label(model)
            fields = _layout_fields(history)
            key = _layout_key(name, fields)
            rows = _raw_rows(using, history, fields, "history_id > %s", [sealed.get(name, 0)])
            for chunk in rows:
                layouts.setdefault(key, f"{name}:{','.join(fields)}")
                seq += 1
                previous = _hash(previous, _content(name, chunk))
                entries.append((seq, name, chunk[0][0], chunk[-1][0], len(chunk), key, previous))
                sealed[name] = chunk[-1][0]
                added += len(chunk)
        if added:
            write_rows(AuditEntry, _ENTRY_COLUMNS, entries)
            AuditChain.objects.using(using).filter(pk=_HEAD).update(
                seq=seq, hash=previous, sealed=sealed, layouts=layouts
            )
    return added


def _raw_rows(
    using: str, history: type[models.Model], fields: list[str], where: str, params: list
) -> Iterator[list[tuple]]:
    """History rows as the database gives them (no Django conversion: the hash covers the
    stored values), header first, in history_id order, in lists of up to _CHUNK."""
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [*_HEADER, "history_change_reason"] + [
        history._meta.get_field(name).column for name in fields
    ]
    sql = (
        f"SELECT {', '.join(map(quote, columns))} FROM {quote(history._meta.db_table)} "
        f"WHERE {where} ORDER BY {quote('history_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(_CHUNK):
            yield chunk


def _layout_fields(history: type[models.Model]) -> list[str]:
    """The audited fields of a history model (the object's id comes in the header)."""
    return [f.attname for f in history.tracked_fields if f.attname != "id"]


def _layout_key(name: str, fields: list[str]) -> str:
    return hashlib.sha256(f"{name}:{','.join(fields)}".encode()).hexdigest()[:16]


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return str(value)  # Decimal, UUID


_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_json_value)  # ASCII: \u escapes


def _content(name: str, rows: list[tuple]) -> bytes:
    """The canonical JSON of an entry's history rows: a compact UTF-8 array of the model's
    label and one array per row, as stored — history_id, id, type, date, author id, reason,
    then the audited fields in the order of the entry's layout (non-ASCII as \\u escapes)."""
    return _ENCODER.encode((name, *rows)).encode()


def _hash(previous: str, content: bytes) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + content).hexdigest()


# ── Signals (connected in AwardsConfig.ready) ─────────────────────────────────────────


def before_history(sender, using: str | None = None, **kwargs) -> None:
    """Before an audited history row is written: take the chain's lock for the transaction."""
    if is_audited_history(sender):
        alias = using or DEFAULT_DB_ALIAS
        if connections[alias].in_atomic_block:
            lock(alias)


def after_history(sender, using: str | None = None, **kwargs) -> None:
    """After audited history rows are written: chain them."""
    if is_audited_history(sender):
        seal([_HISTORY[sender]], using=using or DEFAULT_DB_ALIAS)


# ── Verifying ──────────────────────────────────────────────────────────────────────────


@dataclass
class Problem:
    """One thing that does not hold: what, and where."""

    kind: str  # chain | unsealed | record
    message: str


@dataclass
class Report:
    entries: int = 0
    records: int = 0
    head: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(*, using: str = DEFAULT_DB_ALIAS) -> Report:
    """Walk the chain, then compare every audited record with its last history row.

    Reports the first break of the chain (an entry whose hash or link fails, a history row
    deleted or inserted), history rows not yet sealed, and for each model the first record
    whose stored values differ from its last audited state (with the count of such records).
    """
    report = Report()
    connection = connections[using]
    with transaction.atomic(using=using):
        _snapshot(connection)
        last_seen = _walk(report, using)
        if report.ok:
            _unsealed(report, last_seen, using)
        for model in AUDITED:
            _compare(report, model, using)
    return report


def _snapshot(connection) -> None:
    """Read every table as of one moment, so that writes while verify runs (sealed in their
    own transactions) are not seen half: PostgreSQL, REPEATABLE READ for this transaction;
    SQLite, the transaction itself (writers wait until verify ends)."""
    if connection.vendor == "postgresql" and not connection.savepoint_ids:  # outermost
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _walk(report: Report, using: str) -> dict[str, int]:
    head = AuditChain.objects.using(using).filter(pk=_HEAD).first()
    layouts = {}
    for key, text in (head.layouts if head else {}).items():
        name, _sep, fields = text.partition(":")
        layouts[key] = (name, fields.split(",") if fields else [])
    last_seen = {label(m): 0 for m in AUDITED}
    previous, expected = GENESIS, 1
    entries = AuditEntry.objects.using(using).order_by("seq").values_list(*_ENTRY_COLUMNS)
    for batch in _batches(entries.iterator(chunk_size=_CHUNK)):
        rows = _history_rows(batch, last_seen, layouts, using)
        for seq, name, first, last, count, key, stored in batch:
            where = _entry_label(seq, name, first, last)
            if seq != expected:
                return _broken(
                    report,
                    _("Thiếu mục số %(n)s của chuỗi (chuỗi nhảy tới mục %(m)s).")
                    % {"n": expected, "m": seq},
                )
            if name not in last_seen or key not in layouts or first <= last_seen[name]:
                return _broken(report, _("%(e)s: mục nhật ký không hợp lệ.") % {"e": where})
            found = rows[name]
            extra = min((i for i in found if last_seen[name] < i < first), default=None)
            if extra is not None:
                return _broken(report, _unchained(name, extra, found[extra]))
            covered = [found[i] for i in sorted(i for i in found if first <= i <= last)]
            if len(covered) != count:
                return _broken(
                    report,
                    _(
                        "%(e)s: mục ghi %(n)s hàng lịch sử nhưng còn %(m)s — hàng đã bị xoá hoặc chèn."
                    )
                    % {"e": where, "n": count, "m": len(covered)},
                )
            digest = _hash(previous, _content_of(name, layouts[key][1], covered))
            if digest != stored:
                return _broken(
                    report,
                    _(
                        "%(e)s: nội dung không khớp mã băm — hàng lịch sử hoặc mục nhật ký đã bị "
                        "sửa sau khi ghi."
                    )
                    % {"e": where},
                )
            last_seen[name] = last
            previous, expected = stored, expected + 1
            report.entries += 1
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (expected - 1, previous):
        return _broken(
            report,
            _(
                "Chuỗi dừng ở mục %(n)s nhưng đầu chuỗi ghi mục %(m)s: các mục cuối đã bị xoá "
                "hoặc sửa."
            )
            % {"n": expected - 1, "m": head_seq},
        )
    report.head = previous
    return last_seen


def _batches(entries: Iterator[tuple]) -> Iterator[list[tuple]]:
    """Entries in runs covering about _CHUNK history rows (or _CHUNK single-row entries)."""
    batch: list[tuple] = []
    covered = 0
    for entry in entries:
        batch.append(entry)
        covered += entry[4]
        if covered >= _CHUNK or len(batch) >= _CHUNK:
            yield batch
            batch, covered = [], 0
    if batch:
        yield batch


def _unchained(name: str, history_id: int, row: tuple[tuple, dict]) -> str:
    return _("Hàng lịch sử %(h)s (%(m)s số %(id)s) không có trong chuỗi (được chèn thêm?).") % {
        "h": history_id,
        "m": _model_name(name),
        "id": row[0][1],
    }


def _broken(report: Report, message: str) -> dict[str, int]:
    report.problems.append(Problem("chain", message))
    return {}


def _history_rows(
    batch: list[tuple], last_seen: dict[str, int], layouts: dict, using: str
) -> dict[str, dict[int, tuple[tuple, dict]]]:
    """The history rows a batch of entries covers, per model, with every row between (to
    see rows inserted into the range): one query per model in the batch. Each row is
    (header, {field: stored value}); a field of a layout the table no longer has is None."""
    wanted: dict[str, tuple[int, set[str]]] = {}
    for _seq, name, _first, last, _count, key, _stored in batch:
        top, keys = wanted.get(name, (0, set()))
        keys.add(key)
        wanted[name] = (max(top, last), keys)
    found: dict[str, dict[int, tuple[tuple, dict]]] = {name: {} for name in last_seen}
    for name, (top, keys) in wanted.items():
        model = _BY_LABEL.get(name)
        if model is None or name not in last_seen:
            continue
        history = get_history_model_for_model(model)
        present = {f.attname for f in history._meta.concrete_fields}
        named = {f for k in keys if k in layouts for f in layouts[k][1]}
        fields = sorted(named & present)
        where = "history_id > %s AND history_id <= %s"
        for rows in _raw_rows(using, history, fields, where, [last_seen[name], top]):
            for row in rows:
                values = dict.fromkeys(named - present)
                values.update(zip(fields, row[6:], strict=True))
                found[name][row[0]] = (row[:6], values)
    return found


def _content_of(name: str, fields: list[str], rows: list[tuple[tuple, dict]]) -> bytes:
    return _content(name, [(*header, *(values[f] for f in fields)) for header, values in rows])


def _unsealed(report: Report, last_seen: dict[str, int], using: str) -> None:
    for model in AUDITED:
        history = get_history_model_for_model(model)
        pending = history._base_manager.using(using).filter(history_id__gt=last_seen[label(model)])
        count = pending.count()
        if count:
            first = pending.order_by("history_id").values_list("history_id", "id").first()
            report.problems.append(
                Problem(
                    "unsealed",
                    _(
                        "%(count)s hàng lịch sử của %(m)s chưa vào chuỗi (đầu tiên: hàng %(h)s, "
                        "bản ghi số %(id)s): ghi ngoài ứng dụng, hoặc chưa chạy `thidua audit seal`."
                    )
                    % {
                        "count": count,
                        "m": _model_name(label(model)),
                        "h": first[0],
                        "id": first[1],
                    },
                )
            )


def _compare(report: Report, model: type[models.Model], using: str) -> None:
    """Each record as stored against its last history row: two streams in id order."""
    history = get_history_model_for_model(model)
    fields = _layout_fields(history)
    stored = model._base_manager.using(using).order_by("pk").values_list("pk", *fields)
    audited = (
        history._base_manager.using(using)
        .order_by("id", "history_id")
        .values_list("id", "history_type", *fields)
    )
    first: str | None = None
    wrong = 0
    for object_id, current, last in _merge(
        stored.iterator(_CHUNK), _latest(audited.iterator(_CHUNK))
    ):
        report.records += current is not None
        problem = _difference(model, object_id, fields, current, last)
        if problem:
            wrong += 1
            first = first or problem
    if first:
        message = first
        if wrong > 1:
            message += " " + _("(và %(n)s bản ghi khác của %(m)s)") % {
                "n": wrong - 1,
                "m": model._meta.verbose_name,
            }
        report.problems.append(Problem("record", message))


def _latest(rows: Iterator[tuple]) -> Iterator[tuple]:
    """The last history row of each object, from rows ordered by (id, history_id)."""
    last = None
    for row in rows:
        if last is not None and row[0] != last[0]:
            yield last
        last = row
    if last is not None:
        yield last


def _merge(stored: Iterator[tuple], audited: Iterator[tuple]) -> Iterator[tuple]:
    """(id, stored values or None, (history type, *audited values) or None), in id order."""
    a, b = next(stored, None), next(audited, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield a[0], a[1:], None
            a = next(stored, None)
        elif a is None or b[0] < a[0]:
            yield b[0], None, b[1:]
            b = next(audited, None)
        else:
            yield a[0], a[1:], b[1:]
            a, b = next(stored, None), next(audited, None)


def _difference(model, object_id, fields, current, last) -> str | None:
    record = capfirst(_("%(m)s số %(id)s") % {"m": model._meta.verbose_name, "id": object_id})
    if current is None:
        if last is not None and last[0] != "-":
            return _("%(r)s: đã bị xoá mà lịch sử không ghi việc xoá.") % {"r": record}
        return None
    if last is None:
        return _("%(r)s: không có hàng lịch sử nào.") % {"r": record}
    if last[0] == "-":
        return _("%(r)s: lịch sử ghi đã xoá nhưng bản ghi vẫn còn.") % {"r": record}
    for name, now, then in zip(fields, current, last[1:], strict=True):
        if now != then:
            return _("%(r)s, trường “%(f)s”: đang lưu %(now)s, nhật ký ghi %(then)s.") % {
                "r": record,
                "f": _field_label(model, name),
                "now": _shown(now),
                "then": _shown(then),
            }
    return None


def _field_label(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return str(f.verbose_name)
    return attname


def _shown(value: Any) -> str:
    return "—" if value is None or value == "" else f"“{value}”"


def _model_name(name: str) -> str:
    model = _BY_LABEL.get(name)
    return str(model._meta.verbose_name) if model else name


def _entry_label(seq: int, name: str, first: int, last: int) -> str:
    rows = str(first) if first == last else f"{first}–{last}"
    return _("Mục %(n)s (%(m)s, hàng lịch sử %(h)s)") % {
        "n": seq,
        "m": _model_name(name),
        "h": rows,
    }
