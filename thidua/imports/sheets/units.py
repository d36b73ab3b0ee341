"""The units sheet: Mã đơn vị | Tên đơn vị | Loại | Mã đơn vị cấp trên | Hiệu lực từ | Hiệu lực đến.

Parents may come from the database or from any row of the same file (before or after the
child). New units are written level by level so that each one's parent, and so its path,
exists first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua.accounts import scope
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import UnitIndex, load_by
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import DATE, Column, Row
from thidua.org.choices import UnitKind
from thidua.org.models import PATH_SEP, Unit

KIND_LABEL = vietnamese_labels(UnitKind.choices)
KIND_BY_KEY = {choice_key(label): value for value, label in KIND_LABEL.items()}
KIND_LABELS = list(KIND_LABEL.values())
OUT_OF_SCOPE = "Đơn vị '{}' nằm ngoài phạm vi được phân quyền."
ROOT_UNIT_IS_PROVINCES = (
    "Đơn vị '{}' là đơn vị của tài khoản: chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được đổi "
    "tên, chuyển hoặc ghi hết hiệu lực đơn vị này."
)
_WRITE_FIELDS = [
    "name",
    "kind",
    "parent",
    "active_from",
    "active_to",
    "path",
    "depth",
    "sort_key",
    "search_key",
]


@dataclass(slots=True)
class UnitRecord:
    row: int
    code: str
    name: str = ""
    kind: str = ""
    parent_code: str = ""
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    bad: bool = False  # the row has errors: kept only so that children can name it


@register
class UnitSheet(SheetSpec):
    kind = "units"
    title = "Đơn vị"
    description = "Cây đơn vị: mã, tên, loại, đơn vị cấp trên và thời gian hiệu lực."
    columns = (
        Column(
            "code",
            "Mã đơn vị",
            width=14,
            example="CAX-A2",
            help="Mã duy nhất của đơn vị: chữ không dấu, chữ số, dấu . _ - (tối đa 32 "
            "ký tự). Mã đã có thì dòng này cập nhật đơn vị đó, mã mới thì thêm mới.",
        ),
        Column(
            "name",
            "Tên đơn vị",
            width=40,
            example="Công an xã An Hòa",
            help="Tên đầy đủ của đơn vị.",
        ),
        Column(
            "kind",
            "Loại",
            width=16,
            example="Công an xã",
            help="Một trong: " + ", ".join(KIND_LABELS) + " (có dấu hay không dấu đều được).",
        ),
        Column(
            "parent_code",
            "Mã đơn vị cấp trên",
            width=18,
            example="CAH-A",
            help="Mã của đơn vị cấp trên, đã có trong hệ thống hoặc ở một dòng khác của "
            "tệp. Để trống với đơn vị cấp cao nhất.",
        ),
        Column(
            "active_from",
            "Hiệu lực từ",
            kind=DATE,
            width=14,
            example=dt.date(2020, 1, 1),
            help="Ngày đơn vị bắt đầu hoạt động, dạng dd/mm/yyyy. Có thể để trống.",
        ),
        Column(
            "active_to",
            "Hiệu lực đến",
            kind=DATE,
            width=14,
            help="Ngày đơn vị thôi hoạt động (sáp nhập, giải thể), dạng dd/mm/yyyy. "
            "Để trống nếu đơn vị đang hoạt động.",
        ),
    )
    options = (CODE_PREFIX,)

    def parse_row(self, row: Row) -> UnitRecord | None:
        code = row.code("code", required=True)
        record = UnitRecord(
            row=row.number,
            code=code,
            name=row.text("name", required=True, max_length=255),
            kind=row.choice("kind", KIND_BY_KEY, KIND_LABELS, required=True) or "",
            parent_code=row.code("parent_code"),
            active_from=row.date("active_from"),
            active_to=row.date("active_to"),
        )
        if record.active_from and record.active_to and record.active_to < record.active_from:
            row.error("active_to", "Hiệu lực đến phải cùng ngày hoặc sau Hiệu lực từ.")
        if record.parent_code and record.parent_code == code:
            row.error("parent_code", "Đơn vị không thể là cấp trên của chính nó.")
        record.bad = row.failed
        return record if code else None

    def plan(self, records: list[UnitRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"code": h["code"], "parent_code": h["parent_code"]}, ctx, plan)
        tree = _Tree(UnitIndex.load())
        for record in records:
            tree.add(record, plan)
        for record in tree.records.values():
            # Rows with other errors are checked too, so that one pass reports everything.
            if not tree.resolve_parent(record, plan):
                record.bad = True
        existing = load_by(Unit.objects.all(), "code", tree.records.keys())
        for record in tree.records.values():
            if not record.bad:
                self._plan_row(record, existing.get(record.code), tree, ctx, plan)
        plan.data["index"] = tree.index

    def _plan_row(
        self, record: UnitRecord, unit: Unit | None, tree: _Tree, ctx: ImportContext, plan: Plan
    ) -> None:
        if tree.has_cycle(record.code):
            chain = " → ".join(tree.chain(record.code, limit=8))
            plan.error(
                record.row,
                self.headers()["parent_code"],
                f"Đơn vị cấp trên tạo thành vòng lặp ({chain}).",
            )
            return
        old_parent = tree.index.by_id[unit.id].parent_code if unit else None
        if not self._in_scope(record, unit, old_parent, tree, ctx, plan):
            return
        if unit is None:
            plan.creates.append(Change(record.row, record.code, record.name, record))
            return
        diffs = _diffs(self.headers(), unit, old_parent or "", record)
        if diffs and not scope.can_change_unit(ctx.user, unit):
            # A clerk's own unit, as on its page (scope.can_change_unit): left unchanged, a
            # re-imported export still passes.
            plan.error(record.row, self.headers()["code"], ROOT_UNIT_IS_PROVINCES.format(unit.code))
            return
        if diffs:
            plan.updates.append(Change(record.row, record.code, record.name, record, diffs, unit))
        else:
            plan.unchanged += 1

    def _in_scope(
        self,
        record: UnitRecord,
        unit: Unit | None,
        old_parent: str | None,
        tree: _Tree,
        ctx: ImportContext,
        plan: Plan,
    ) -> bool:
        """A clerk may change units of their subtree, and hang units only under them."""
        if ctx.scope_path is None:
            return True
        if unit is not None and not ctx.in_scope(unit.path):
            plan.error(record.row, self.headers()["code"], OUT_OF_SCOPE.format(record.code))
            return False
        moves = unit is None or record.parent_code != old_parent
        if moves and (
            not record.parent_code or ctx.scope_code not in tree.chain(record.parent_code)
        ):
            plan.error(
                record.row,
                self.headers()["parent_code"],
                OUT_OF_SCOPE.format(record.parent_code or "cấp cao nhất"),
            )
            return False
        return True

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        index: UnitIndex = plan.data["index"]
        objects: dict[str, Unit] = {c.code: c.target for c in plan.updates}

        def parent_of(code: str) -> Unit | None:
            if not code:
                return None
            if code not in objects:  # an untouched unit: a stub carries id and path
                ref = index.by_code[code]
                objects[code] = Unit(id=ref.id, code=ref.code, path=ref.path)
            return objects[code]

        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        for level in _levels([c.record for c in plan.creates]):
            new = [_new_unit(record, parent_of(record.parent_code)) for record in level]
            for unit in insert_with_history(Unit, new, **who):
                objects[unit.code] = unit
        moved = False
        for change in plan.updates:
            record, unit = change.record, change.target
            moved |= record.parent_code != index.by_id[unit.id].parent_code
            _fill(unit, record, parent_of(record.parent_code))
        update_with_history(Unit, [c.target for c in plan.updates], _WRITE_FIELDS, **who)
        if moved:
            rebuild_paths()

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        units = scope.visible_units(ctx.user)
        rows = units.order_by("path").values_list(
            "code", "name", "kind", "parent__code", "active_from", "active_to"
        )
        for code, name, kind, parent, start, end in rows.iterator(chunk_size=2000):
            yield code, name, KIND_LABEL.get(kind, kind), parent or "", start, end

    def display_values(self, record: UnitRecord) -> list[tuple[str, str]]:
        h = self.headers()
        return [
            (h["code"], record.code),
            (h["name"], record.name),
            (h["kind"], KIND_LABEL.get(record.kind, "")),
            (h["parent_code"], record.parent_code),
            (h["active_from"], format_date(record.active_from)),
            (h["active_to"], format_date(record.active_to)),
        ]


class _Tree:
    """The unit tree as it will be once the file is applied: file rows over the database."""

    def __init__(self, index: UnitIndex):
        self.index = index
        self.records: dict[str, UnitRecord] = {}

    def add(self, record: UnitRecord, plan: Plan) -> None:
        code_header = UnitSheet.columns[0].header
        first = self.records.get(record.code)
        if first is not None:
            plan.error(
                record.row, code_header, f"Mã đơn vị '{record.code}' bị trùng với dòng {first.row}."
            )
            return
        known = self.index.get(record.code)
        if known is not None and known.code != record.code:
            plan.error(
                record.row,
                code_header,
                f"Mã đơn vị '{record.code}' chỉ khác đơn vị đã "
                f"có '{known.code}' ở chữ hoa, chữ thường.",
            )
            return
        self.records[record.code] = record

    def resolve_parent(self, record: UnitRecord, plan: Plan) -> bool:
        """Point the record at the parent's exact code; False (with an error) if unknown."""
        code = record.parent_code
        if not code or code in self.records:
            return True
        ref = self.index.get(code)
        if ref is None:
            plan.error(
                record.row,
                UnitSheet.columns[3].header,
                f"Không có đơn vị mã '{code}' trong hệ thống hay trong tệp.",
            )
            return False
        record.parent_code = ref.code
        return True

    def parent(self, code: str) -> str:
        record = self.records.get(code)
        if record is not None and not record.bad:
            return record.parent_code
        ref = self.index.by_code.get(code)
        return ref.parent_code if ref else ""

    def chain(self, code: str, limit: int = 10_000) -> list[str]:
        """The code and its ancestors, nearest first; stops where a loop starts."""
        seen: list[str] = []
        while code and code not in seen and len(seen) < limit:
            seen.append(code)
            code = self.parent(code)
        return seen + ([code] if code in seen else [])

    def has_cycle(self, code: str) -> bool:
        chain = self.chain(code)
        return len(chain) > 1 and chain[-1] == code and chain.count(code) == 2


def _diffs(
    headers: dict[str, str], unit: Unit, old_parent: str, record: UnitRecord
) -> list[FieldDiff]:
    pairs = [
        ("name", unit.name, record.name, str),
        ("kind", unit.kind, record.kind, lambda k: KIND_LABEL.get(k, k)),
        ("parent_code", old_parent, record.parent_code, str),
        ("active_from", unit.active_from, record.active_from, format_date),
        ("active_to", unit.active_to, record.active_to, format_date),
    ]
    return [
        FieldDiff(headers[key], show(old) if old else "", show(new) if new else "")
        for key, old, new, show in pairs
        if old != new and (old or new)
    ]


def _levels(records: list[UnitRecord]) -> list[list[UnitRecord]]:
    """New units grouped so that every unit's parent is in an earlier group or exists."""
    new = {r.code: r for r in records}
    depth: dict[str, int] = {}

    def level(code: str) -> int:
        if code not in depth:
            parent = new[code].parent_code
            depth[code] = level(parent) + 1 if parent in new else 0
        return depth[code]

    groups: dict[int, list[UnitRecord]] = defaultdict(list)
    for record in records:
        groups[level(record.code)].append(record)
    return [groups[k] for k in sorted(groups)]


def _new_unit(record: UnitRecord, parent: Unit | None) -> Unit:
    unit = Unit(code=record.code)
    _fill(unit, record, parent)
    return unit


def _fill(unit: Unit, record: UnitRecord, parent: Unit | None) -> None:
    unit.name, unit.kind = record.name, record.kind
    unit.parent = parent
    unit.active_from, unit.active_to = record.active_from, record.active_to
    unit.compute_derived()  # path, depth and the search and sort keys, as save() would


def rebuild_paths() -> int:
    """Recompute every unit's path and depth from the parent links (after units moved).
    Set-based: one read of the small unit table, one bulk update of the rows that changed."""
    rows = list(Unit.objects.values_list("id", "code", "parent_id", "path", "depth"))
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for row in rows:
        children[row[2]].append(row)
    changed: list[Unit] = []
    stack = [(row, PATH_SEP) for row in children[None]]
    while stack:
        (pk, code, _parent, path, depth), prefix = stack.pop()
        new_path = f"{prefix}{code}{PATH_SEP}"
        new_depth = new_path.count(PATH_SEP) - 2
        if (new_path, new_depth) != (path, depth):
            changed.append(Unit(id=pk, path=new_path, depth=new_depth))
        stack.extend((child, new_path) for child in children[pk])
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)
