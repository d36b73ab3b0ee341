"""Tamper-evident audit: the history rows of the register chained by hash.

Every history row of an audited model (decisions, awards, yearly results, initiatives,
discipline) gets one AuditEntry, in the same transaction that wrote it. The entry's hash is
SHA-256 over the hash of the entry before it and the row's content in a canonical JSON: the
model, the history row's id, the object's id, the history type, date, author and reason, and
every audited field value. Changing, deleting or inserting a history row, or an entry, breaks
the chain at that point; `verify()` finds the first break, and also checks that every audited
record as stored today equals its last history row (a row changed with raw SQL).

Sealing is set-wise: `seal()` reads the history rows written since the last sealed one of
each model (one query per model), hashes them in Python and writes the entries with lib.bulk
(COPY on PostgreSQL), so an import of 100,000 awards adds one read and one write, not a query
per row. Writers are serialised on the chain's head row (AuditChain, pk 1): `lock()` takes it
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
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from thidua.awards.models import (
    AuditChain,
    AuditEntry,
    AuditLayout,
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
_ENTRY_COLUMNS = ("seq", "model", "history_id", "object_id", "layout", "hash")


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
    """Chain every history row of these audited models not yet in the chain, oldest first;
    returns how many entries were added."""
    added = 0
    with transaction.atomic(using=using):
        head = lock(using)
        sealed = dict(head.sealed)
        seq, previous = head.seq, head.hash
        for model in models_:
            history = get_history_model_for_model(model)
            name = label(model)
            fields = _layout_fields(history)
            key = _layout(using, name, fields)
            rows = (
                history._base_manager.using(using)
                .filter(history_id__gt=sealed.get(name, 0))
                .order_by("history_id")
                .values_list(*_HEADER, "history_change_reason", *fields)
            )
            for chunk in _chunks(rows.iterator(chunk_size=_CHUNK)):
                entries = []
                for row in chunk:
                    seq += 1
                    previous = _hash(previous, _content(name, fields, row))
                    entries.append((seq, name, row[0], row[1], key, previous))
                write_rows(AuditEntry, _ENTRY_COLUMNS, entries)
                sealed[name] = chunk[-1][0]
                added += len(entries)
        if added:
            AuditChain.objects.using(using).filter(pk=_HEAD).update(
                seq=seq, hash=previous, sealed=sealed
            )
    return added


def _chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _layout_fields(history: type[models.Model]) -> list[str]:
    """The audited fields of a history model (the object's id comes in the header)."""
    return [f.attname for f in history.tracked_fields if f.attname != "id"]


def _layout_key(name: str, fields: list[str]) -> str:
    return hashlib.sha256(f"{name}:{','.join(fields)}".encode()).hexdigest()[:16]


def _layout(using: str, name: str, fields: list[str]) -> str:
    key = _layout_key(name, fields)
    AuditLayout.objects.using(using).get_or_create(
        key=key, defaults={"model": name, "fields": ",".join(fields)}
    )
    return key


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _content(name: str, fields: list[str], row: tuple) -> bytes:
    """The canonical JSON of one history row: (history_id, id, type, date, user, reason,
    *field values) as read from the database."""
    history_id, object_id, kind, date, user, reason = row[:6]
    document = {
        "model": name,
        "history_id": history_id,
        "id": object_id,
        "type": kind,
        "date": date,
        "user": user,
        "reason": reason,
        "fields": dict(zip(fields, row[6:], strict=True)),
    }
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_value
    ).encode()


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
    last_seen = _walk(report, using)
    if report.ok:
        _unsealed(report, last_seen, using)
    for model in AUDITED:
        _compare(report, model, using)
    return report


def _walk(report: Report, using: str) -> dict[str, int]:
    layouts = {
        row.key: (row.model, row.fields.split(",") if row.fields else [])
        for row in AuditLayout.objects.using(using)
    }
    last_seen = {label(m): 0 for m in AUDITED}
    previous, expected = GENESIS, 1
    entries = AuditEntry.objects.using(using).order_by("seq").values_list(*_ENTRY_COLUMNS)
    for chunk in _chunks(entries.iterator(chunk_size=_CHUNK)):
        rows = _history_rows(chunk, last_seen, layouts, using)
        for seq, name, history_id, object_id, key, stored in chunk:
            where = _entry_label(seq, name, object_id, history_id)
            if seq != expected:
                return _broken(
                    report,
                    _("Thiếu mục số %(n)s của chuỗi (chuỗi nhảy tới mục %(m)s).")
                    % {"n": expected, "m": seq},
                )
            if name not in last_seen or key not in layouts:
                return _broken(report, _("%(e)s: mô hình hoặc bố cục không rõ.") % {"e": where})
            extra = min((i for i in rows[name] if last_seen[name] < i < history_id), default=None)
            if extra is not None:
                return _broken(
                    report,
                    _("Hàng lịch sử %(h)s của %(m)s không có trong chuỗi (được chèn thêm?).")
                    % {"h": extra, "m": _model_name(name)},
                )
            row = rows[name].get(history_id)
            if row is None:
                return _broken(report, _("%(e)s: hàng lịch sử đã bị xoá.") % {"e": where})
            digest = _hash(previous, _content_of(name, layouts[key][1], row))
            if row[1] != object_id or digest != stored:
                return _broken(
                    report,
                    _(
                        "%(e)s: nội dung không khớp mã băm — hàng lịch sử hoặc mục nhật ký đã bị "
                        "sửa sau khi ghi."
                    )
                    % {"e": where},
                )
            last_seen[name] = history_id
            previous, expected = stored, expected + 1
            report.entries += 1
    head = AuditChain.objects.using(using).filter(pk=_HEAD).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (expected - 1, previous):
        return _broken(
            report,
            _(
                "Chuỗi dừng ở mục %(n)s nhưng đầu chuỗi ghi mục %(m)s: các mục cuối đã bị xoá hoặc sửa."
            )
            % {"n": expected - 1, "m": head_seq},
        )
    report.head = previous
    return last_seen


def _broken(report: Report, message: str) -> dict[str, int]:
    report.problems.append(Problem("chain", message))
    return {}


def _history_rows(
    chunk: list[tuple], last_seen: dict[str, int], layouts: dict, using: str
) -> dict[str, dict[int, tuple]]:
    """The history rows a chunk of entries refers to, per model, with every row between
    (to see rows inserted into the range): one query per model in the chunk."""
    wanted: dict[str, tuple[int, set[str]]] = {}
    for _seq, name, history_id, _object_id, key, _stored in chunk:
        top, keys = wanted.get(name, (0, set()))
        keys.add(key)
        wanted[name] = (max(top, history_id), keys)
    found: dict[str, dict[int, tuple]] = {name: {} for name in last_seen}
    for name, (top, keys) in wanted.items():
        model = _BY_LABEL.get(name)
        if model is None:
            continue
        history = get_history_model_for_model(model)
        present = {f.attname for f in history._meta.concrete_fields}
        fields = sorted({f for k in keys if k in layouts for f in layouts[k][1]} & present)
        missing = {f for k in keys if k in layouts for f in layouts[k][1]} - present
        rows = (
            history._base_manager.using(using)
            .filter(history_id__gt=last_seen[name], history_id__lte=top)
            .values_list(*_HEADER, "history_change_reason", *fields)
        )
        for row in rows.iterator(chunk_size=_CHUNK):
            values = dict(zip(fields, row[6:], strict=True))
            values.update(dict.fromkeys(missing))
            found[name][row[0]] = (row[:6], values)
    return {name: {h: _Row(v) for h, v in rows.items()} for name, rows in found.items()}


class _Row(tuple):
    """A history row as _content wants it, for any layout: header + values by name."""

    def __new__(cls, parts):
        header, values = parts
        obj = super().__new__(cls, header)
        obj.values = values
        return obj


def _content_of(name: str, fields: list[str], row: _Row) -> bytes:
    return _content(name, fields, (*row, *(row.values[f] for f in fields)))


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
    record = _("%(m)s số %(id)s") % {"m": model._meta.verbose_name, "id": object_id}
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


def _entry_label(seq: int, name: str, object_id: int, history_id: int) -> str:
    return _("Mục %(n)s (%(m)s số %(id)s, hàng lịch sử %(h)s)") % {
        "n": seq,
        "m": _model_name(name),
        "id": object_id,
        "h": history_id,
    }
