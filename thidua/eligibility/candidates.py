"""Reading a candidate list (danh sách đề nghị) in the awards import format.

Same headers as the awards sheet (Số quyết định | Ngày quyết định | Thẩm quyền | Hình thức
khen thưởng | Đối tượng | Mã | Họ và tên / Tên tập thể | Mã đơn vị | Năm | Thành tích); a
candidate list needs only Hình thức khen thưởng, Đối tượng and Mã — or the name together with
Mã đơn vị. The file is read with the import engine's reader; people and units are looked up
with a few set-based queries, never one per row. A row that cannot be checked becomes an
Issue (row, column, reason in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.awards.catalogue import UnknownAwardType, catalogue_index
from thidua.eligibility.loader import in_service
from thidua.lib.excel import cells
from thidua.lib.excel.reader import FileProblem, data_rows, read_sheet
from thidua.lib.excel.rows import Column, Issue, Row
from thidua.lib.vntext import fold
from thidua.org.models import Person, Unit
from thidua.rules.engine import Candidate
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL

_KINDS = {
    "ca nhan": INDIVIDUAL,
    "individual": INDIVIDUAL,
    "tap the": COLLECTIVE,
    "collective": COLLECTIVE,
    "don vi": COLLECTIVE,
}
_YEAR = re.compile(r"\d{4}")


class CandidateSheet:
    """The columns of the awards import format, as a lib.excel SheetLayout (nothing is
    imported from it)."""

    title = "Danh sách đề nghị khen thưởng"
    columns = (
        Column("decision_number", "Số quyết định", required=False),
        Column("decision_date", "Ngày quyết định", required=False),
        Column("authority", "Thẩm quyền", required=False),
        Column("award_type", "Hình thức khen thưởng"),
        Column("recipient_kind", "Đối tượng"),
        Column("code", "Mã", required=False),
        Column("name", "Họ và tên / Tên tập thể", required=False),
        Column("unit_code", "Mã đơn vị", required=False),
        Column("year", "Năm", required=False),
        Column("achievement", "Thành tích", required=False),
    )


@dataclass
class _Line:
    row: Row
    award_code: str
    kind: str
    code: str
    name: str
    unit_code: str


def read_candidates(
    path: str | Path, *, root: Unit | None, year: int, errors: list[Issue]
) -> list[tuple[int, Candidate]]:
    """(row number, Candidate) for every row that names a known recipient in the subtree of
    `root` (the user's scope, accounts.scope.scope_root_or_error; None: every unit); a row that cannot be checked goes to `errors` with its row, column and reason."""
    spec = CandidateSheet()
    try:
        sheet = read_sheet(path, spec)
    except FileProblem as exc:
        errors.append(Issue(exc.row, exc.column, str(exc)))
        return []
    headers = {c.key: c.header for c in spec.columns}
    if "code" not in sheet.positions and "name" not in sheet.positions:
        errors.append(Issue(None, "", _("Tệp cần cột 'Mã' hoặc cột 'Họ và tên / Tên tập thể'.")))
        return []
    lines = []
    for number, values in data_rows(sheet):
        line = _parse(Row(number, values, errors, headers), year)
        if line is not None:
            lines.append(line)
    return _Resolver(root, year).resolve(lines)


def _parse(row: Row, year: int) -> _Line | None:
    award_code = ""
    text = row.text("award_type", required=True)
    if text:
        try:
            award_code = catalogue_index().resolve(text).code
        except UnknownAwardType as exc:
            row.error("award_type", exc.messages[0])
    kind_text = row.text("recipient_kind", required=True)
    kind = _KINDS.get(cells.choice_key(kind_text), "")
    if kind_text and not kind:
        row.error(
            "recipient_kind",
            _("Giá trị '%(value)s' không hợp lệ; chấp nhận: Cá nhân, Tập thể.")
            % {"value": kind_text},
        )
    code, name = row.code("code"), row.text("name")
    unit_code = row.code("unit_code")
    if not code and not name and not row.failed:
        row.error("code", _("Cần ghi Mã, hoặc Họ và tên / Tên tập thể kèm Mã đơn vị."))
    period = row.text("year")
    years = [int(y) for y in _YEAR.findall(period)]
    if period and (not years or years[-1] != year):
        row.error(
            "year",
            _("Năm thành tích '%(period)s' không kết thúc ở năm đang xét %(year)s.")
            % {"period": period, "year": year},
        )
    if row.failed:
        return None
    return _Line(row, award_code, kind, code, name, unit_code)


class _Resolver:
    """Codes and names → recipients of the user's scope, with three queries in all."""

    def __init__(self, root: Unit | None, year: int):
        self.root_path = root.path if root else "/"
        self.year = year
        self.units = {
            code: (path, fold(name))
            for code, path, name in Unit.objects.values_list("code", "path", "name")
        }

    def resolve(self, lines: list[_Line]) -> list[tuple[int, Candidate]]:
        people = [ln for ln in lines if ln.kind == INDIVIDUAL]
        by_code = self._people_by_code({ln.code for ln in people if ln.code})
        by_name = self._people_by_name({fold(ln.name) for ln in people if ln.name and not ln.code})
        found = []
        for line in lines:
            if line.kind == INDIVIDUAL:
                code = self._person(line, by_code, by_name)
            else:
                code = self._unit(line)
            if code:
                found.append((line.row.number, Candidate(line.kind, code, line.award_code)))
        return found

    def _people_by_code(self, codes: set[str]) -> dict[str, tuple[str, bool]]:
        """code -> (current unit path, serving in the year)."""
        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        rows = Person.objects.filter(code__in=codes).values_list(
            "code", "unit__path", "service_start", "service_end"
        )
        return {
            code: (path or "", (start is None or start <= last) and (end is None or end >= first))
            for code, path, start, end in rows
        }

    def _people_by_name(self, keys: set[str]) -> dict[str, list[tuple]]:
        grouped: defaultdict[str, list[tuple]] = defaultdict(list)
        if keys:
            rows = (
                Person.objects.filter(search_key__in=keys)
                .filter(in_service(self.year))
                .values_list("search_key", "code", "unit__path")
            )
            for key, code, path in rows:
                grouped[key].append((code, path or ""))
        return grouped

    def _person(self, line: _Line, by_code: dict, by_name: dict) -> str:
        row = line.row
        if line.code:
            path, serving = by_code.get(line.code, ("", False))
            if not path.startswith(self.root_path) or line.code not in by_code:
                row.error(
                    "code",
                    _("Không tìm thấy cán bộ có mã '%(code)s' trong phạm vi được xem.")
                    % {"code": line.code},
                )
                return ""
            if not serving:
                row.error(
                    "code",
                    _("Cán bộ '%(code)s' không công tác trong năm %(year)s.")
                    % {"code": line.code, "year": self.year},
                )
                return ""
            return line.code
        within = self._unit_path(line)
        if within is None:
            return ""
        matches = [
            code
            for code, path in by_name.get(fold(line.name), ())
            if path.startswith(within) and path.startswith(self.root_path)
        ]
        if len(matches) == 1:
            return matches[0]
        where = (
            _("thuộc đơn vị '%(unit)s'") % {"unit": line.unit_code}
            if line.unit_code
            else _("trong phạm vi được xem")
        )
        if not matches:
            row.error(
                "name",
                _("Không tìm thấy cán bộ tên '%(name)s' %(where)s.")
                % {"name": line.name, "where": where},
            )
        else:
            row.error(
                "name",
                ngettext(
                    "Có %(count)d cán bộ tên '%(name)s' %(where)s; "
                    "hãy ghi Mã để chỉ rõ người được đề nghị.",
                    "Có %(count)d cán bộ tên '%(name)s' %(where)s; "
                    "hãy ghi Mã để chỉ rõ người được đề nghị.",
                    len(matches),
                )
                % {"count": len(matches), "name": line.name, "where": where},
            )
        return ""

    def _unit_path(self, line: _Line) -> str | None:
        if not line.unit_code:
            line.row.error("unit_code", _("Không có Mã thì phải ghi Mã đơn vị để tìm theo tên."))
            return None
        path = self.units.get(line.unit_code, ("",))[0]
        if not path.startswith(self.root_path):
            line.row.error(
                "unit_code",
                _("Không tìm thấy đơn vị có mã '%(code)s' trong phạm vi được xem.")
                % {"code": line.unit_code},
            )
            return None
        return path

    def _unit(self, line: _Line) -> str:
        row = line.row
        if line.code:
            path = self.units.get(line.code, ("",))[0]
            if path.startswith(self.root_path):
                return line.code
            row.error(
                "code",
                _("Không tìm thấy đơn vị có mã '%(code)s' trong phạm vi được xem.")
                % {"code": line.code},
            )
            return ""
        key = fold(line.name)
        within = self.units.get(line.unit_code, ("",))[0] if line.unit_code else self.root_path
        matches = [
            code
            for code, (path, name) in self.units.items()
            if name == key and path.startswith(within) and path.startswith(self.root_path)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            row.error(
                "name",
                _("Không tìm thấy tập thể tên '%(name)s' trong phạm vi được xem.")
                % {"name": line.name},
            )
        else:
            row.error(
                "name",
                ngettext(
                    "Có %(count)d tập thể tên '%(name)s'; hãy ghi Mã đơn vị của tập thể vào cột Mã.",
                    "Có %(count)d tập thể tên '%(name)s'; hãy ghi Mã đơn vị của tập thể vào cột Mã.",
                    len(matches),
                )
                % {"count": len(matches), "name": line.name},
            )
        return ""
