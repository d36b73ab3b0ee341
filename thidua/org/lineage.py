"""Reorganisations (sắp xếp, tổ chức lại): checking and applying a dated event with its edges.

An event has a date (ngày hiệu lực), a legal basis (căn cứ) and edges old unit → new unit of a
kind (org.choices.EdgeKind). Applying it, in one transaction:

- Sáp nhập, Hợp nhất, Chia tách, Giải thể end the old unit: its `active_to` becomes the day
  before the event (it keeps its place in the tree as a closed unit). A new unit of a Hợp nhất
  or Chia tách without a start date starts on the event's date.
- Đổi tên keeps the old name as a UnitName in use until the day before; Chuyển moves the unit
  (and its subtree) under another parent through org.services.unit_save, the old parent kept
  on the edge so that the tree can be shown as it stood before.
- With `move_people`, the old unit's open assignments end the day before and new ones begin
  in the successor on the date (set-based, audited); otherwise those people are listed as
  needing a new unit (org.selectors.people_awaiting_unit).

The checks run on a LineageState, the unit table and the edges in memory, so that the Excel
import checks every event of a file one after the other before anything is written; the
service checks again against the database inside its transaction. Every refusal is a
Vietnamese message naming the edge (its row in the sheet or line on the form).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.vntext import clean_text
from thidua.org.choices import CLOSING_KINDS, SUCCEEDED_KINDS, EdgeKind
from thidua.org.models import (
    Assignment,
    LineageEdge,
    Person,
    Reorganisation,
    Unit,
    UnitName,
)
from thidua.org.services import unit_save

DAY = dt.timedelta(days=1)
KIND_LABELS = {value: str(label) for value, label in EdgeKind.choices}


@dataclass
class EdgeInput:
    """One edge as entered (form line or sheet row). Units are saved Unit rows."""

    kind: str
    old_unit: Unit
    new_unit: Unit | None = None
    new_name: str = ""
    new_parent: Unit | None = None
    move_people: bool = False
    row: int | None = None  # the sheet row or form line, for the messages


@dataclass(frozen=True)
class Problem:
    """Why an edge (index in the event's list; -1: the event itself) is refused, and on which
    field: effective_date, basis, kind, old_unit, new_unit, new_name, new_parent, move_people."""

    index: int
    field: str
    message: str


class ReorganisationRefused(ValidationError):
    """The event breaks a rule: nothing was written. `problems` says which edge and why."""

    def __init__(self, problems: Sequence[Problem], edges: Sequence[EdgeInput]) -> None:
        self.problems = list(problems)
        lines = []
        for p in problems:
            row = edges[p.index].row if 0 <= p.index < len(edges) else None
            prefix = _("Dòng %(row)s: ") % {"row": row} if row else ""
            lines.append(prefix + p.message)
        super().__init__(lines)


@dataclass
class UnitState:
    id: int
    code: str
    name: str
    active_from: dt.date | None
    active_to: dt.date | None
    parent_id: int | None

    @property
    def label(self) -> str:
        return f"{self.code} ({self.name})"

    def active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


@dataclass
class EventMemo:
    """What the state knows of the edges of one event (date, basis)."""

    edges: list[tuple[str, int, int | None]] = field(default_factory=list)  # kind, old, new


class LineageState:
    """The unit tree and the lineage as they stand: every unit (the table is small), the
    closing edges, the last rename of each unit and the edges of each event, in four queries.
    `advance` applies an event in memory, so a file's later events are checked against the
    earlier ones."""

    def __init__(self) -> None:
        self.units: dict[int, UnitState] = {}
        self.closed_by: dict[int, tuple[dt.date, str]] = {}
        self.successors: dict[int, set[int]] = defaultdict(set)
        self.last_rename: dict[int, dt.date] = {}
        self.events: dict[tuple[dt.date, str], EventMemo] = defaultdict(EventMemo)

    @classmethod
    def load(cls) -> LineageState:
        state = cls()
        rows = Unit.objects.values_list(
            "id", "code", "name", "active_from", "active_to", "parent_id"
        )
        for row in rows.iterator(chunk_size=5000):
            state.units[row[0]] = UnitState(*row)
        edges = LineageEdge.objects.values_list(
            "kind", "old_unit_id", "new_unit_id", "reorganisation__effective_date",
            "reorganisation__basis",
        )  # fmt: skip
        for kind, old, new, day, basis in edges.iterator(chunk_size=5000):
            state.events[(day, basis)].edges.append((kind, old, new))
            if kind in CLOSING_KINDS:
                state.closed_by.setdefault(old, (day, basis))
            if kind in SUCCEEDED_KINDS and new:
                state.successors[old].add(new)
        renames = UnitName.objects.values_list("unit_id", "valid_to")
        for unit_id, valid_to in renames.iterator(chunk_size=5000):
            day = valid_to + DAY
            state.last_rename[unit_id] = max(state.last_rename.get(unit_id, day), day)
        return state

    # ── checks ──────────────────────────────────────────────────────────────────────────

    def check(self, day: dt.date | None, basis: str, edges: Sequence[EdgeInput]) -> list[Problem]:
        """Every rule the event breaks, against this state (empty: it may be applied)."""
        problems: list[Problem] = []
        if day is None:
            problems.append(Problem(-1, "effective_date", _("Thiếu ngày hiệu lực.")))
        if not clean_text(basis):
            problems.append(
                Problem(-1, "basis", _("Thiếu căn cứ (số, ký hiệu văn bản quyết định sắp xếp)."))
            )
        if not edges:
            problems.append(
                Problem(-1, "", _("Đợt sắp xếp phải có ít nhất một đơn vị được sắp xếp."))
            )
        if problems:
            return problems
        _Checker(self, day, clean_text(basis), edges, problems).run()
        return problems

    def warnings(self, day: dt.date, edges: Sequence[EdgeInput]) -> list[Problem]:
        """What a checked event leaves to do, without refusing it: a unit it ends that still
        has units in force under it which the event neither ends nor moves away."""
        ending = {e.old_unit.pk: i for i, e in enumerate(edges) if e.kind in CLOSING_KINDS}
        handled = {e.old_unit.pk for e in edges if e.kind in CLOSING_KINDS | {EdgeKind.MOVE}}
        loose: dict[int, list[str]] = defaultdict(list)
        for unit in self.units.values():
            if unit.parent_id in ending and unit.id not in handled and unit.active_on(day):
                loose[unit.parent_id].append(unit.code)
        message = _(
            "Đơn vị %(unit)s kết thúc nhưng còn %(n)s đơn vị trực thuộc đang hoạt động "
            "(%(codes)s): hãy chuyển hoặc sắp xếp các đơn vị đó."
        )
        return [
            Problem(
                ending[parent],
                "old_unit",
                message
                % {
                    "unit": self.units[parent].code,
                    "n": len(codes),
                    "codes": ", ".join(sorted(codes)[:10]) + (" …" if len(codes) > 10 else ""),
                },
            )
            for parent, codes in loose.items()
        ]

    # ── in memory ───────────────────────────────────────────────────────────────────────

    def advance(self, day: dt.date, basis: str, edges: Sequence[EdgeInput]) -> None:
        """Apply a checked event to the state, as `reorganise` applies it to the database."""
        memo = self.events[(day, clean_text(basis))]
        for edge in edges:
            old = self.units[edge.old_unit.pk]
            new_id = edge.new_unit.pk if edge.new_unit is not None else None
            memo.edges.append((edge.kind, old.id, new_id))
            if edge.kind in CLOSING_KINDS:
                if old.active_to is None or old.active_to >= day:
                    old.active_to = day - DAY
                self.closed_by.setdefault(old.id, (day, basis))
            if edge.kind in SUCCEEDED_KINDS and new_id:
                self.successors[old.id].add(new_id)
                new = self.units[new_id]
                if edge.kind != EdgeKind.MERGE and new.active_from is None:
                    new.active_from = day
            if edge.kind == EdgeKind.RENAME:
                old.name = clean_text(edge.new_name)
                self.last_rename[old.id] = day
            if edge.kind == EdgeKind.MOVE and edge.new_parent is not None:
                old.parent_id = edge.new_parent.pk

    def chain_up(self, unit_id: int | None, parents: dict[int, int | None]) -> list[int]:
        """The unit and its ancestors (nearest first) under `parents` over the state."""
        seen: list[int] = []
        while unit_id is not None and unit_id not in seen and len(seen) < 10_000:
            seen.append(unit_id)
            unit_id = parents.get(unit_id, self.units[unit_id].parent_id)
        return seen

    def successor_path(self, start: int, goal: int, extra: dict[int, set[int]]) -> list[int]:
        """A chain of successors start → … → goal, or [] when goal is not reached."""
        previous: dict[int, int | None] = {start: None}
        queue = [start]
        while queue:
            node = queue.pop(0)
            if node == goal:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return path[::-1]
            for nxt in self.successors.get(node, set()) | extra.get(node, set()):
                if nxt not in previous:
                    previous[nxt] = node
                    queue.append(nxt)
        return []


class _Checker:
    """The rules of one event's edges over a LineageState; appends to `problems`."""

    def __init__(
        self,
        state: LineageState,
        day: dt.date,
        basis: str,
        edges: Sequence[EdgeInput],
        problems: list[Problem],
    ) -> None:
        self.state, self.day, self.basis, self.edges = state, day, basis, edges
        self.problems = problems
        self.date = format_date(day)
        # Units this event ends, and its successor edges, for the rules across edges.
        self.closing: dict[int, list[int]] = defaultdict(list)
        self.extra: dict[int, set[int]] = defaultdict(set)
        for index, edge in enumerate(edges):
            if edge.kind in CLOSING_KINDS:
                self.closing[edge.old_unit.pk].append(index)
            if edge.kind in SUCCEEDED_KINDS and edge.new_unit is not None:
                self.extra[edge.old_unit.pk].add(edge.new_unit.pk)
        self.parents: dict[int, int | None] = {}  # moves of this event, checked in order

    def add(self, index: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(index, field_name, message))

    def unit(self, unit: Unit) -> UnitState:
        return self.state.units[unit.pk]

    def run(self) -> None:
        seen: dict[tuple, int] = {}
        for index, edge in enumerate(self.edges):
            key = (edge.kind, edge.old_unit.pk, edge.new_unit.pk if edge.new_unit else None)
            if key in seen:
                message = _("Trùng với dòng %(row)s.") % {"row": self.edges[seen[key]].row or ""}
                self.add(index, "old_unit", message)
                continue
            seen[key] = index
            if edge.kind not in KIND_LABELS:
                message = _("Hình thức «%(kind)s» không hợp lệ. Chỉ được chọn: %(kinds)s.")
                kinds = ", ".join(KIND_LABELS.values())
                self.add(index, "kind", message % {"kind": edge.kind, "kinds": kinds})
                continue
            if self.fields(index, edge):
                self.period(index, edge)
                self.by_kind(index, edge)
        self.across()

    def fields(self, index: int, edge: EdgeInput) -> bool:
        """Which columns the kind takes; False when a missing one stops the other checks."""
        kind, label = edge.kind, KIND_LABELS[edge.kind]
        same = edge.new_unit is None or edge.new_unit.pk == edge.old_unit.pk
        ok = True
        if kind in SUCCEEDED_KINDS:
            if edge.new_unit is None:
                message = _("%(kind)s cần đơn vị mới (đơn vị kế thừa): hãy ghi Mã đơn vị mới.")
                self.add(index, "new_unit", message % {"kind": label})
                ok = False
            elif same:
                self.add(index, "new_unit", _("Đơn vị mới phải khác đơn vị được sắp xếp."))
                ok = False
        elif not same:
            if kind == EdgeKind.DISSOLVE:
                message = _(
                    "Giải thể là không có đơn vị kế thừa: để trống Mã đơn vị mới (có đơn vị "
                    "tiếp nhận thì dùng Sáp nhập)."
                )
            else:
                message = _("%(kind)s không có đơn vị kế thừa: để trống Mã đơn vị mới.") % {
                    "kind": label
                }
            self.add(index, "new_unit", message)
            ok = False
        if kind == EdgeKind.RENAME and not clean_text(edge.new_name):
            self.add(index, "new_name", _("Đổi tên cần Tên mới."))
            ok = False
        if kind != EdgeKind.RENAME and clean_text(edge.new_name):
            self.add(index, "new_name", _("Tên mới chỉ dùng với hình thức Đổi tên."))
        if kind == EdgeKind.MOVE and edge.new_parent is None:
            self.add(index, "new_parent", _("Chuyển cần Mã đơn vị cấp trên mới."))
            ok = False
        if kind != EdgeKind.MOVE and edge.new_parent is not None:
            self.add(
                index, "new_parent", _("Mã đơn vị cấp trên mới chỉ dùng với hình thức Chuyển.")
            )
        if edge.move_people and kind not in SUCCEEDED_KINDS:
            message = _(
                "Chuyển cán bộ chỉ dùng khi có đơn vị kế thừa (Sáp nhập, Hợp nhất, Chia tách); "
                "cán bộ của đơn vị %(kind)s được liệt kê để phân công đơn vị mới."
            )
            self.add(index, "move_people", message % {"kind": label.lower()})
        return ok

    def period(self, index: int, edge: EdgeInput) -> None:
        """The date must fall inside the old unit's period (it existed the day before)."""
        old = self.unit(edge.old_unit)
        closing = edge.kind in CLOSING_KINDS
        if closing and old.id in self.state.closed_by:
            day, basis = self.state.closed_by[old.id]
            message = _("Đơn vị %(unit)s đã kết thúc theo đợt sắp xếp %(basis)s ngày %(date)s.")
            self.add(
                index,
                "old_unit",
                message % {"unit": old.label, "basis": basis, "date": format_date(day)},
            )
            return
        # A closing edge may fall on the day after a Hiệu lực đến already recorded.
        last = old.active_to + DAY if closing and old.active_to else old.active_to
        if (old.active_from and self.day <= old.active_from) or (last and self.day > last):
            message = _(
                "Ngày hiệu lực %(date)s nằm ngoài thời gian hiệu lực của đơn vị %(unit)s "
                "(%(start)s – %(end)s): đơn vị phải đang hoạt động trước ngày đó."
            )
            self.add(
                index,
                "effective_date",
                message
                % {
                    "date": self.date,
                    "unit": old.label,
                    "start": format_date(old.active_from) or "…",
                    "end": format_date(old.active_to) or "…",
                },
            )

    def by_kind(self, index: int, edge: EdgeInput) -> None:
        if edge.kind in SUCCEEDED_KINDS:
            self.successor(index, edge)
        elif edge.kind == EdgeKind.RENAME:
            self.rename(index, edge)
        elif edge.kind == EdgeKind.MOVE:
            self.move(index, edge)

    def successor(self, index: int, edge: EdgeInput) -> None:
        old, new = self.unit(edge.old_unit), self.unit(edge.new_unit)
        cycle = self.state.successor_path(new.id, old.id, self.extra)
        if cycle:
            codes = " → ".join(self.state.units[u].code for u in [old.id, *cycle])
            message = _("Quan hệ kế thừa tạo thành vòng lặp (%(chain)s).")
            self.add(index, "new_unit", message % {"chain": codes})
            return
        if new.id in self.closing:
            message = _("Đơn vị kế thừa %(unit)s cũng kết thúc trong đợt sắp xếp này.")
            self.add(index, "new_unit", message % {"unit": new.label})
            return
        if new.active_to and new.active_to < self.day:
            message = _("Đơn vị kế thừa %(unit)s đã hết hiệu lực từ %(end)s.")
            self.add(
                index, "new_unit", message % {"unit": new.label, "end": format_date(new.active_to)}
            )
            return
        if edge.kind == EdgeKind.MERGE:
            if new.active_from and new.active_from > self.day:
                message = _(
                    "Đơn vị tiếp nhận %(unit)s chỉ có hiệu lực từ %(start)s, sau ngày hiệu lực "
                    "%(date)s (đơn vị mới lập thì dùng Hợp nhất hoặc Chia tách)."
                )
                self.add(
                    index,
                    "new_unit",
                    message
                    % {"unit": new.label, "start": format_date(new.active_from), "date": self.date},
                )
        elif new.active_from and new.active_from != self.day:
            message = _(
                "%(kind)s lập đơn vị mới: đơn vị %(unit)s phải có hiệu lực từ %(date)s (đang "
                "ghi %(start)s); đơn vị đã có từ trước thì dùng Sáp nhập."
            )
            self.add(
                index,
                "new_unit",
                message
                % {
                    "kind": KIND_LABELS[edge.kind],
                    "unit": new.label,
                    "date": self.date,
                    "start": format_date(new.active_from),
                },
            )

    def rename(self, index: int, edge: EdgeInput) -> None:
        old = self.unit(edge.old_unit)
        if clean_text(edge.new_name) == old.name:
            message = _("Tên mới trùng với tên hiện tại của đơn vị %(unit)s.")
            self.add(index, "new_name", message % {"unit": old.code})
        last = self.state.last_rename.get(old.id)
        if last and self.day <= last:
            message = _(
                "Đơn vị %(unit)s đã đổi tên ngày %(last)s: lần đổi tên sau phải có ngày hiệu "
                "lực sau ngày đó."
            )
            self.add(
                index, "effective_date", message % {"unit": old.code, "last": format_date(last)}
            )

    def move(self, index: int, edge: EdgeInput) -> None:
        old, parent = self.unit(edge.old_unit), self.unit(edge.new_parent)
        if old.id in self.parents:
            message = _("Đơn vị %(unit)s được chuyển hai lần trong cùng đợt sắp xếp.")
            self.add(index, "old_unit", message % {"unit": old.code})
            return
        current = self.parents.get(old.id, old.parent_id)
        if current == parent.id:
            message = _("Đơn vị %(unit)s đã trực thuộc %(parent)s.")
            self.add(index, "new_parent", message % {"unit": old.code, "parent": parent.label})
            return
        chain = self.state.chain_up(parent.id, self.parents)
        if old.id in chain:
            loop = [self.state.units[u].code for u in chain[: chain.index(old.id) + 1]]
            message = _(
                "Chuyển %(unit)s vào %(parent)s tạo thành vòng lặp: %(parent)s thuộc chính "
                "đơn vị đó (%(chain)s)."
            )
            self.add(
                index,
                "new_parent",
                message % {"unit": old.code, "parent": parent.code, "chain": " → ".join(loop)},
            )
            return
        if not parent.active_on(self.day) or parent.id in self.closing:
            message = _("Đơn vị cấp trên mới %(unit)s không có hiệu lực ngày %(date)s.")
            self.add(index, "new_parent", message % {"unit": parent.label, "date": self.date})
            return
        self.parents[old.id] = parent.id

    def across(self) -> None:
        """Rules across the edges of the event (with its edges already recorded)."""
        recorded = self.state.events.get((self.day, self.basis), EventMemo()).edges
        all_edges = [(k, o, n) for k, o, n in recorded] + [
            (e.kind, e.old_unit.pk, e.new_unit.pk if e.new_unit else None) for e in self.edges
        ]
        into: dict[int, set[int]] = defaultdict(set)
        out_of: dict[int, set[int]] = defaultdict(set)
        closing_kinds: dict[int, set[str]] = defaultdict(set)
        for kind, old, new in all_edges:
            if kind == EdgeKind.CONSOLIDATE and new:
                into[new].add(old)
            if kind == EdgeKind.SPLIT and new:
                out_of[old].add(new)
            if kind in CLOSING_KINDS:
                closing_kinds[old].add(kind)
        movers: dict[int, int] = {}
        renamed: dict[int, int] = {}
        for index, edge in enumerate(self.edges):
            old, new = edge.old_unit.pk, edge.new_unit.pk if edge.new_unit else None
            code = self.state.units[old].code
            if edge.kind == EdgeKind.CONSOLIDATE and new and len(into[new]) < 2:
                message = _(
                    "Hợp nhất cần ít nhất hai đơn vị cùng hợp thành đơn vị %(unit)s trong đợt "
                    "này; một đơn vị thì dùng Sáp nhập hoặc Đổi tên."
                )
                self.add(index, "new_unit", message % {"unit": self.state.units[new].code})
            if edge.kind == EdgeKind.SPLIT and len(out_of[old]) < 2:
                message = _("Chia tách cần ít nhất hai đơn vị mới tách từ đơn vị %(unit)s.")
                self.add(index, "new_unit", message % {"unit": code})
            if len(closing_kinds[old]) > 1:
                message = _(
                    "Đơn vị %(unit)s có nhiều hình thức kết thúc trong cùng đợt sắp xếp (%(kinds)s)."
                )
                kinds = ", ".join(sorted(KIND_LABELS[k] for k in closing_kinds[old]))
                self.add(index, "kind", message % {"unit": code, "kinds": kinds})
            if edge.move_people and edge.kind in SUCCEEDED_KINDS:
                if old in movers:
                    message = _(
                        "Cán bộ của đơn vị %(unit)s chỉ chuyển sang một đơn vị kế thừa (đã "
                        "chọn ở dòng %(row)s)."
                    )
                    row = self.edges[movers[old]].row or ""
                    self.add(index, "move_people", message % {"unit": code, "row": row})
                movers.setdefault(old, index)
            if edge.kind == EdgeKind.RENAME:
                if old in renamed:
                    message = _("Đơn vị %(unit)s được đổi tên hai lần trong cùng đợt sắp xếp.")
                    self.add(index, "old_unit", message % {"unit": code})
                renamed.setdefault(old, index)


# ── Applying an event ──────────────────────────────────────────────────────────────────────


@dataclass
class Applied:
    """What `reorganise` did: the event, its new edges, people moved and people left in
    units that ended (to be given a new unit)."""

    reorganisation: Reorganisation
    edges: list[LineageEdge]
    people_moved: int = 0
    people_waiting: int = 0
    warnings: list[Problem] = field(default_factory=list)


@transaction.atomic
def reorganise(
    *,
    effective_date: dt.date,
    basis: str,
    edges: Sequence[EdgeInput],
    note: str = "",
    user: Any = None,
    reason: str = "",
    state: LineageState | None = None,
) -> Applied:
    """Check and apply one reorganisation in one transaction (see the module's docstring).

    The edges are added to the event of the same date and basis when it exists. Refused with
    ReorganisationRefused (nothing written) when any rule is broken. `user` (an account, or
    scope.SYSTEM) is recorded on every history row with `reason` (default: the event).
    `state`: a LineageState the caller already holds in step with the database (the import
    checks a file's events on one); loaded otherwise."""
    basis = clean_text(basis)
    involved = [e.old_unit.pk for e in edges] + [
        u.pk for e in edges for u in (e.new_unit, e.new_parent) if u is not None
    ]
    list(Unit.objects.select_for_update().filter(pk__in=involved).values_list("pk"))  # queue
    state = state or LineageState.load()
    problems = state.check(effective_date, basis, edges)
    if problems:
        raise ReorganisationRefused(problems, edges)
    author = scope.history_author(user)
    why = clean_text(reason) or f"Sắp xếp tổ chức theo {basis} ngày {format_date(effective_date)}."
    event = Reorganisation.objects.filter(effective_date=effective_date, basis=basis).first()
    if event is None:
        event = Reorganisation(effective_date=effective_date, basis=basis, note=clean_text(note))
        _stamp(event, author, why)
        event.full_clean()
        event.save()
    applied = Applied(event, [], warnings=state.warnings(effective_date, edges))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=involved)}
    for edge in edges:
        row = _apply_edge(event, edge, units, author, why)
        applied.edges.append(row)
        applied.people_moved += row.people_moved
    state.advance(effective_date, basis, edges)
    closed = [e.old_unit.pk for e in edges if e.kind in CLOSING_KINDS and not e.move_people]
    applied.people_waiting = Assignment.objects.filter(unit_id__in=closed, end__isnull=True).count()
    return applied


def _apply_edge(
    event: Reorganisation, edge: EdgeInput, units: dict[int, Unit], author: Any, why: str
) -> LineageEdge:
    day = event.effective_date
    old = units[edge.old_unit.pk]
    new = units.get(edge.new_unit.pk) if edge.new_unit is not None else None
    parent = units.get(edge.new_parent.pk) if edge.new_parent is not None else None
    row = LineageEdge(
        reorganisation=event,
        kind=edge.kind,
        old_unit=old,
        new_unit=new if edge.kind in SUCCEEDED_KINDS else None,
        new_name=clean_text(edge.new_name) if edge.kind == EdgeKind.RENAME else "",
        new_parent=parent if edge.kind == EdgeKind.MOVE else None,
        move_people=bool(edge.move_people) and edge.kind in SUCCEEDED_KINDS,
    )
    if edge.kind == EdgeKind.RENAME:
        row.old_name = old.name
    if edge.kind == EdgeKind.MOVE:
        row.old_parent_id = old.parent_id
    if row.move_people:
        row.people_moved = _move_people(old, new, day, author, why)
    _stamp(row, author, why)
    row.save()
    if edge.kind in CLOSING_KINDS and (old.active_to is None or old.active_to >= day):
        old.active_to = day - DAY
        _save_unit(old, author, why)
    splits = (EdgeKind.CONSOLIDATE, EdgeKind.SPLIT)
    if new is not None and edge.kind in splits and new.active_from is None:
        new.active_from = day
        _save_unit(new, author, why)
    if edge.kind == EdgeKind.RENAME:
        former = UnitName(unit=old, name=old.name, valid_to=day - DAY, edge=row)
        _stamp(former, author, why)
        former.save()
        old.name = row.new_name
        _save_unit(old, author, why)
    if edge.kind == EdgeKind.MOVE:
        old.parent = parent
        _save_unit(old, author, why)  # unit_save moves the whole subtree's paths
    return row


def _move_people(old: Unit, new: Unit, day: dt.date, author: Any, why: str) -> int:
    """The old unit's open assignments end the day before `day` and new ones begin in `new`
    on `day` (one begun on or after `day` is moved as it is); people's current unit follows.
    Set-based, with history rows. Returns how many people moved."""
    open_ = list(Assignment.objects.select_for_update().filter(unit_id=old.pk, end__isnull=True))
    earlier = [a for a in open_ if a.start < day]
    later = [a for a in open_ if a.start >= day]
    for a in earlier:
        a.end = day - DAY
    for a in later:
        a.unit_id = new.pk
    who = {"user": author, "reason": why}
    update_with_history(Assignment, earlier, ["end"], **who)
    update_with_history(Assignment, later, ["unit"], **who)
    fresh = [
        Assignment(person_id=a.person_id, unit_id=new.pk, start=day, position=a.position)
        for a in earlier
    ]
    insert_with_history(Assignment, fresh, **who)
    people = list(
        Person.objects.filter(
            unit_id=old.pk, pk__in=Assignment.objects.filter(
                unit_id=new.pk, end__isnull=True
            ).values("person_id")
        )
    )  # fmt: skip
    for person in people:
        person.unit_id = new.pk
    update_with_history(Person, people, ["unit"], **who)
    return len({a.person_id for a in open_})


def _save_unit(unit: Unit, author: Any, why: str) -> None:
    _stamp(unit, author, why)
    unit_save(unit=unit)


def _stamp(obj: Any, author: Any, why: str) -> None:
    if author is not None:
        obj._history_user = author
    obj._change_reason = why
