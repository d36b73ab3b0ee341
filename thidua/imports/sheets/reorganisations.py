"""The reorganisations sheet (sắp xếp tổ chức): Ngày hiệu lực | Hình thức | Mã đơn vị |
Mã đơn vị mới | Tên mới | Mã đơn vị cấp trên mới | Căn cứ | Chuyển cán bộ.

One row per edge (old unit → new unit); the rows with the same date and basis (Căn cứ) form
one event, applied by org.lineage.reorganise with the same checks as the page. The events of
a file are checked in date order on one LineageState, each against the ones before, so an
error anywhere (with its row and column) writes nothing. Every unit named must exist: new
units (the C of a Hợp nhất) come first through the units sheet. A row equal to an edge
already recorded is unchanged, so re-importing a file (or an export) plans nothing; an edge
once applied is never changed by an import (its effects on units and people are done).
Only administrators and province officers import reorganisations (scope).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua.accounts import scope
from thidua.imports.engine import Change, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import UnitIndex, UnitRef
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import DATE, Column, Row
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, LineageState, reorganise
from thidua.org.models import LineageEdge, Unit

KIND_LABEL = vietnamese_labels(EdgeKind.choices)
KIND_BY_KEY = {choice_key(label): value for value, label in KIND_LABEL.items()}
KIND_LABELS = list(KIND_LABEL.values())
YES, NO = "Có", "Không"
YES_NO = {choice_key(YES): True, choice_key(NO): False}
NOT_ALLOWED = (
    "Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được nhập sắp xếp tổ chức; không dòng nào được ghi."
)
UNKNOWN_UNIT = (
    "Không có đơn vị mã '{}' trong hệ thống (đơn vị mới lập hãy nhập ở bảng Đơn vị trước)."
)
CHANGED = (
    "Đợt sắp xếp {basis} ngày {date} đã ghi quan hệ này với nội dung khác ({before}); quan hệ "
    "đã áp dụng không sửa được bằng nhập lại."
)
# org.lineage's field names → the sheet's column keys.
FIELD_COLUMN = {
    "effective_date": "effective_date",
    "basis": "basis",
    "kind": "kind",
    "old_unit": "old_code",
    "new_unit": "new_code",
    "new_name": "new_name",
    "new_parent": "new_parent_code",
    "move_people": "move_people",
}


@dataclass(slots=True, eq=False)
class EdgeRecord:
    row: int
    effective_date: dt.date
    kind: str
    old_code: str
    new_code: str
    new_name: str
    new_parent_code: str
    basis: str
    move_people: bool


@register
class ReorganisationSheet(SheetSpec):
    kind = "reorganisations"
    title = "Sắp xếp tổ chức"
    description = (
        "Sáp nhập, hợp nhất, chia tách, đổi tên, giải thể, chuyển đơn vị: mỗi dòng một đơn vị "
        "được sắp xếp; các dòng cùng ngày hiệu lực và căn cứ là một đợt."
    )
    columns = (
        Column(
            "effective_date",
            "Ngày hiệu lực",
            kind=DATE,
            width=14,
            example=dt.date(2025, 3, 1),
            help="Ngày sắp xếp có hiệu lực, dạng dd/mm/yyyy. Đơn vị cũ hết hiệu lực từ ngày "
            "hôm trước; đơn vị phải đang hoạt động trước ngày này.",
        ),
        Column(
            "kind",
            "Hình thức",
            width=14,
            example="Sáp nhập",
            help="Một trong: " + ", ".join(KIND_LABELS) + ". Sáp nhập: đơn vị kết thúc, đơn vị "
            "đã có tiếp nhận. Hợp nhất: hai đơn vị trở lên kết thúc, một đơn vị mới tiếp nhận "
            "(mỗi đơn vị cũ một dòng). Chia tách: đơn vị kết thúc, hai đơn vị mới trở lên "
            "tiếp nhận. Đổi tên: đơn vị giữ nguyên, tên mới. Giải thể: kết thúc, không đơn vị "
            "kế thừa. Chuyển: đơn vị chuyển sang trực thuộc đơn vị cấp trên khác.",
        ),
        Column(
            "old_code",
            "Mã đơn vị",
            width=14,
            example="CAX-A1",
            help="Mã của đơn vị được sắp xếp (đơn vị cũ).",
        ),
        Column(
            "new_code",
            "Mã đơn vị mới",
            width=14,
            example="CAX-B1",
            help="Mã của đơn vị kế thừa (Sáp nhập, Hợp nhất, Chia tách); để trống với Giải "
            "thể, Đổi tên, Chuyển. Đơn vị mới lập phải được nhập ở bảng Đơn vị trước.",
        ),
        Column(
            "new_name",
            "Tên mới",
            width=30,
            help="Chỉ với Đổi tên: tên mới của đơn vị. Các quyết định trước ngày hiệu lực vẫn "
            "ghi tên cũ.",
        ),
        Column(
            "new_parent_code",
            "Mã đơn vị cấp trên mới",
            width=18,
            help="Chỉ với Chuyển: mã của đơn vị cấp trên mới.",
        ),
        Column(
            "basis",
            "Căn cứ",
            width=22,
            example="12/QĐ-BCA",
            help="Số, ký hiệu văn bản quyết định sắp xếp. Các dòng cùng ngày hiệu lực và căn "
            "cứ là một đợt sắp xếp.",
        ),
        Column(
            "move_people",
            "Chuyển cán bộ",
            required=False,
            width=12,
            example=YES,
            help="Có: quá trình công tác đang mở của cán bộ đơn vị cũ kết thúc hôm trước và "
            "tiếp tục ở đơn vị kế thừa từ ngày hiệu lực. Không (hoặc để trống): cán bộ được "
            "liệt kê để phân công đơn vị mới.",
        ),
    )

    def parse_row(self, row: Row) -> EdgeRecord | None:
        record = EdgeRecord(
            row=row.number,
            effective_date=row.date("effective_date", required=True),
            kind=row.choice("kind", KIND_BY_KEY, KIND_LABELS, required=True) or "",
            old_code=row.code("old_code", required=True),
            new_code=row.code("new_code"),
            new_name=row.text("new_name", max_length=255),
            new_parent_code=row.code("new_parent_code"),
            basis=row.text("basis", required=True, max_length=255),
            move_people=bool(row.choice("move_people", YES_NO, [YES, NO])),
        )
        return None if row.failed else record

    def plan(self, records: list[EdgeRecord], ctx: ImportContext, plan: Plan) -> None:
        if not scope.can_manage_reorganisations(ctx.user):
            plan.error(None, "", NOT_ALLOWED)
            return
        index = UnitIndex.load()
        recorded = _recorded_edges()
        state = LineageState.load()
        events: list[tuple[dt.date, str, list[EdgeInput]]] = []
        for (day, basis), group in _events(records):
            edges: list[EdgeInput] = []
            rows: list[EdgeRecord] = []
            for record in group:
                edge = self._edge(record, index, plan)
                if edge is None:
                    continue
                before = recorded.get(_identity(day, basis, edge))
                if before is None:
                    edges.append(edge)
                    rows.append(record)
                elif before == _content(edge):
                    plan.unchanged += 1
                else:
                    message = CHANGED.format(
                        basis=basis, date=format_date(day), before=_describe(before, index)
                    )
                    plan.error(record.row, self.headers()["kind"], message)
            if not edges:
                continue
            problems = state.check(day, basis, edges)
            for problem in problems:
                row = edges[problem.index].row if problem.index >= 0 else group[0].row
                header = self.headers().get(FIELD_COLUMN.get(problem.field, ""), "")
                plan.error(row, header, problem.message)
            if problems:
                continue
            for warning in state.warnings(day, edges):
                header = self.headers()[FIELD_COLUMN[warning.field]]
                plan.warn(edges[warning.index].row, header, warning.message)
            state.advance(day, basis, edges)
            events.append((day, basis, edges))
            for edge, record in zip(edges, rows, strict=True):
                label = f"{KIND_LABEL[edge.kind]} ({format_date(day)}, {basis})"
                plan.creates.append(Change(record.row, record.old_code, label, record))
        plan.data["events"] = events

    def _edge(self, record: EdgeRecord, index: UnitIndex, plan: Plan) -> EdgeInput | None:
        refs: dict[str, UnitRef | None] = {}
        for key in ("old_code", "new_code", "new_parent_code"):
            code = getattr(record, key)
            if not code:
                refs[key] = None
                continue
            ref = index.get(code)
            if ref is None:
                plan.error(record.row, self.headers()[key], UNKNOWN_UNIT.format(code))
                return None
            refs[key] = ref
        return EdgeInput(
            kind=record.kind,
            old_unit=_stub(refs["old_code"]),
            new_unit=_stub(refs["new_code"]),
            new_name=record.new_name,
            new_parent=_stub(refs["new_parent_code"]),
            move_people=record.move_people,
            row=record.row,
        )

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        state = LineageState.load()
        for day, basis, edges in plan.data["events"]:
            reorganise(
                effective_date=day,
                basis=basis,
                edges=edges,
                user=ctx.user,
                reason=ctx.history_reason,
                state=state,
            )

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        events = scope.visible_reorganisations(ctx.user)
        edges = (
            LineageEdge.objects.filter(reorganisation__in=events)
            .order_by("reorganisation__effective_date", "reorganisation__basis", "pk")
            .values_list(
                "reorganisation__effective_date",
                "kind",
                "old_unit__code",
                "new_unit__code",
                "new_name",
                "new_parent__code",
                "reorganisation__basis",
                "move_people",
            )
        )
        for day, kind, old, new, name, parent, basis, move in edges.iterator(chunk_size=2000):
            yield (
                day,
                KIND_LABEL[kind],
                old,
                new or "",
                name,
                parent or "",
                basis,
                YES if move else NO,
            )

    def display_values(self, record: EdgeRecord) -> list[tuple[str, str]]:
        h = self.headers()
        return [
            (h["effective_date"], format_date(record.effective_date)),
            (h["kind"], KIND_LABEL.get(record.kind, "")),
            (h["old_code"], record.old_code),
            (h["new_code"], record.new_code),
            (h["new_name"], record.new_name),
            (h["new_parent_code"], record.new_parent_code),
            (h["basis"], record.basis),
            (h["move_people"], YES if record.move_people else NO),
        ]


def _events(records: list[EdgeRecord]) -> list[tuple[tuple[dt.date, str], list[EdgeRecord]]]:
    """The rows grouped into events by (date, basis), earliest date first, rows in order."""
    groups: dict[tuple[dt.date, str], list[EdgeRecord]] = {}
    for record in records:
        groups.setdefault((record.effective_date, record.basis), []).append(record)
    return sorted(groups.items(), key=lambda item: item[0][0])


def _stub(ref: UnitRef | None) -> Unit | None:
    """A Unit standing for a row of the index: org.lineage reads only its id."""
    return Unit(id=ref.id, code=ref.code, name=ref.name, path=ref.path) if ref else None


Identity = tuple[dt.date, str, str, int, int | None]
Content = tuple[str, int | None, bool]


def _identity(day: dt.date, basis: str, edge: EdgeInput) -> Identity:
    new = edge.new_unit.pk if edge.new_unit is not None else None
    return (day, basis, edge.kind, edge.old_unit.pk, new)


def _content(edge: EdgeInput) -> Content:
    parent = edge.new_parent.pk if edge.new_parent is not None else None
    return (edge.new_name, parent, bool(edge.move_people))


def _recorded_edges() -> dict[Identity, Content]:
    """{identity: content} of every recorded edge, in one query (the table is small)."""
    rows = LineageEdge.objects.values_list(
        "reorganisation__effective_date",
        "reorganisation__basis",
        "kind",
        "old_unit_id",
        "new_unit_id",
        "new_name",
        "new_parent_id",
        "move_people",
    )
    return {(d, b, k, o, n): (name, p, m) for d, b, k, o, n, name, p, m in rows.iterator()}


def _describe(content: Content, index: UnitIndex) -> str:
    name, parent, move = content
    parts = [f"Tên mới: {name}"] if name else []
    if parent:
        parts.append(f"Mã đơn vị cấp trên mới: {index.label(parent)}")
    parts.append(f"Chuyển cán bộ: {YES if move else NO}")
    return "; ".join(parts)
