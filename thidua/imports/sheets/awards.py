"""The awards sheet: Số quyết định | Ngày quyết định | Thẩm quyền | Hình thức khen thưởng |
Đối tượng | Mã | Họ và tên / Tên tập thể | Mã đơn vị | Năm | Thành tích | Phong trào (optional).

One row = one recipient's award in one decision. Rows with the same (Số quyết định, Ngày
quyết định) belong to one decision, created when it is not in the database yet. Planning
(set-wise, a few queries for the whole file) is in awards_plan, writing in awards_apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db.models import Q

from thidua.accounts import scope
from thidua.imports.engine import ImportContext, Option, Plan, SheetSpec, register
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.imports.sheets.awards_apply import apply_awards
from thidua.imports.sheets.awards_plan import AwardPlanner
from thidua.imports.sheets.awards_record import AwardRecord
from thidua.imports.sheets.record_common import (
    EXPORT_OPTIONS,
    RECIPIENT_BY_KEY,
    RECIPIENT_LABELS,
    ExportFilter,
    format_period,
    recipient_label,
)
from thidua.lib.cellvalues import parse_period
from thidua.lib.dates import format_date
from thidua.lib.excel import cells
from thidua.lib.excel.rows import DATE, INTEGER, Column, Row
from thidua.lib.validators import TEXT_MAX_LENGTH

CREATE_MISSING = Option(
    ("--create-missing",),
    {
        "action": "store_true",
        "help": (
            "Tạo cán bộ, tập thể chưa có trong hệ thống (đánh dấu chưa xác minh) thay vì báo lỗi."
        ),
    },
)


@register
class AwardSheet(SheetSpec):
    kind = "awards"
    title = "Khen thưởng"
    description = (
        "Quyết định khen thưởng và người, tập thể được khen: mỗi dòng là một khen "
        "thưởng của một cá nhân hoặc tập thể trong một quyết định."
    )
    columns = (
        Column(
            "number",
            "Số quyết định",
            width=18,
            example="125/QĐ-CAT-PX01",
            help="Số quyết định. Các dòng cùng số và ngày quyết định thuộc một quyết định; "
            "quyết định chưa có trong hệ thống được tạo mới.",
        ),
        Column(
            "date",
            "Ngày quyết định",
            kind=DATE,
            width=14,
            example=dt.date(2020, 12, 20),
            help="Ngày ký quyết định, dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        ),
        Column(
            "authority",
            "Thẩm quyền",
            width=24,
            example="Giám đốc Công an tỉnh",
            help="Cấp ra quyết định. Để trống: lấy theo hình thức khen thưởng. Với quyết "
            "định đã có, phải khớp thẩm quyền đã ghi.",
        ),
        Column(
            "form",
            "Hình thức khen thưởng",
            width=30,
            example="Chiến sĩ thi đua cơ sở",
            help="Tên trong danh mục khen thưởng hoặc tên gọi khác (ví dụ CSTĐCS, Bằng khen "
            "Bộ trưởng, HC BVTQ hạng Ba); không phân biệt hoa thường, có dấu hay không.",
        ),
        Column(
            "kind",
            "Đối tượng",
            width=10,
            example="Cá nhân",
            help="Cá nhân hoặc Tập thể. Phải hợp với hình thức khen thưởng.",
        ),
        Column(
            "code",
            "Mã",
            width=12,
            example="CA0001",
            help="Cá nhân: mã cán bộ; để trống thì tìm theo họ tên trong Mã đơn vị. "
            "Tập thể: mã của chính đơn vị được khen.",
        ),
        Column(
            "name",
            "Họ và tên / Tên tập thể",
            width=28,
            example="Nguyễn Văn An",
            help="Họ và tên cá nhân, hoặc tên tập thể. Bắt buộc khi để trống Mã.",
        ),
        Column(
            "unit_code",
            "Mã đơn vị",
            width=12,
            example="CAX-A1",
            help="Cá nhân: mã đơn vị công tác (khi tìm theo họ tên: người đang ở đơn vị đó "
            "hoặc đơn vị trực thuộc, hay đã công tác ở đó trong năm được khen). Tập "
            "thể: mã đơn vị cấp trên của tập thể, để trống với đơn vị cấp cao nhất.",
        ),
        Column(
            "year",
            "Năm",
            kind=INTEGER,
            width=11,
            example=2020,
            help="Năm của thành tích (2020) hoặc giai đoạn (2016-2020). Không sau năm "
            "ra quyết định.",
        ),
        Column(
            "achievement",
            "Thành tích",
            width=50,
            example="Hoàn thành xuất sắc nhiệm vụ năm 2020",
            help="Nội dung thành tích. Để trống thì giữ nguyên thành tích đã ghi.",
        ),
        Column(
            "movement",
            "Phong trào",
            width=30,
            required=False,
            example="",
            help="Không bắt buộc (có thể bỏ cả cột): tên phong trào thi đua mà quyết định khen "
            "thưởng (khen thưởng trong phong trào), không phân biệt hoa thường, có dấu hay "
            "không. Các dòng của một quyết định ghi cùng một phong trào; quyết định đã có "
            "phong trào thì phải khớp (đổi phong trào bằng đính chính trên trang quyết định).",
        ),
    )
    options = (CREATE_MISSING, CODE_PREFIX, *EXPORT_OPTIONS)

    def parse_row(self, row: Row) -> AwardRecord | None:
        # Hot path (100,000 rows): the columns that repeat on every row of a decision
        # (number, date, authority, form, kind, year, achievement) are parsed once per
        # distinct combination; the unit through a cached parser; the recipient's own
        # code and name through the engine's Row accessors.
        get = row.values.get
        values, problems = _shared_cells(
            get("number", ""),
            get("date", ""),
            get("authority", ""),
            get("form", ""),
            get("kind", ""),
            get("year", ""),
            get("achievement", ""),
        )
        for key, problem in problems:
            row.error(key, problem)
        number, date, authority, form, collective, (first, last), achievement = values
        record = AwardRecord(
            row.number,
            number,
            date,
            authority,
            form,
            collective,
            row.code("code"),
            row.text("name", max_length=255),
            _take(row, "unit_code", _code),
            first,
            last,
            achievement,
            _take(row, "movement", _text255),
        )
        record.bad = row.failed
        return record

    def plan(self, records: list[AwardRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"code": h["code"], "unit_code": h["unit_code"]}, ctx, plan)
        AwardPlanner(self.headers(), ctx, plan).run(records)

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        apply_awards(plan, ctx)

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        flt = ExportFilter.from_context(ctx)  # checked now, before the file is opened
        return _export(ctx, flt)

    def display_values(self, record: AwardRecord) -> list[tuple[str, str]]:
        h = self.headers()
        name = record.award_type.name if record.award_type else record.form
        return [
            (h["number"], record.number),
            (h["date"], format_date(record.date)),
            (h["form"], name),
            (h["kind"], recipient_label(bool(record.collective))),
            (h["code"], record.code or "(mã mới)"),
            (h["name"], record.name),
            (h["unit_code"], record.unit_code),
            (h["year"], str(format_period(record.year_from, record.year_to))),
            (h["achievement"], record.achievement),
            (h["movement"], record.movement_text),
        ]


def _take(row: Row, key: str, parse, *, required: bool = False):
    """A cell through a cached parser returning (value, problem); records the problem."""
    value, problem = _checked(parse, row.values.get(key, ""), required)
    if problem:
        row.error(key, problem)
    return value


def _checked(parse, raw: object, required: bool) -> tuple[Any, str]:
    value, problem = parse(raw)
    if not problem and required and (value is None or value == ""):
        problem = "Không được để trống."
    return value, problem


@lru_cache(maxsize=8192)
def _text(raw: object) -> tuple[str, str]:
    return cells.text(raw), ""


def _limited(limit: int):
    @lru_cache(maxsize=8192)
    def parse(raw: object) -> tuple[str, str]:
        value = cells.text(raw)
        return ("", f"Dài quá {limit} ký tự.") if len(value) > limit else (value, "")

    return parse


_text64, _text255 = _limited(64), _limited(255)


@lru_cache(maxsize=4096)
def _date(raw: object) -> tuple[dt.date | None, str]:
    try:
        return cells.date(raw), ""
    except ValueError as exc:
        return None, str(exc)


@lru_cache(maxsize=4096)
def _code(raw: object) -> tuple[str, str]:
    value = cells.code(raw)
    if value and not cells.is_valid_code(value):
        return "", cells.invalid_code_message(value)
    return value, ""


@lru_cache(maxsize=1024)
def _recipient_kind(raw: object) -> tuple[bool | None, str]:
    found = RECIPIENT_BY_KEY.get(cells.choice_key(raw))
    if found is None and cells.text(raw):
        return None, (
            f"Giá trị '{cells.text(raw)}' không hợp lệ; chấp nhận: {', '.join(RECIPIENT_LABELS)}."
        )
    return found, ""


def _period(raw: object) -> tuple[tuple[int, int] | None, str]:
    if raw == "" or raw is None:
        return None, ""
    period = parse_period(raw)  # cached itself
    return (None, period) if isinstance(period, str) else (period, "")


# (column, parser, required) of the cells every row of a decision repeats, in parse_row's order.
_SHARED = (
    ("number", _text64, True),
    ("date", _date, True),
    ("authority", _text255, False),
    ("form", _text, True),
    ("kind", _recipient_kind, True),
    ("year", _period, True),
    ("achievement", _limited(TEXT_MAX_LENGTH), False),
)


@lru_cache(maxsize=8192)
def _shared_cells(*raw: object) -> tuple[tuple, tuple[tuple[str, str], ...]]:
    """The cells every row of a decision repeats, parsed once per distinct combination:
    (values in _SHARED order, the year as (first, last) or (None, None)), ((key, problem), …)."""
    values, problems = [], []
    for (key, parse, required), cell in zip(_SHARED, raw, strict=True):
        value, problem = _checked(parse, cell, required)
        values.append(value)
        if problem:
            problems.append((key, problem))
    values[5] = values[5] or (None, None)
    return tuple(values), tuple(problems)


def _export(ctx: ImportContext, flt: ExportFilter) -> Iterable[Sequence[object]]:
    awards = scope.visible_awards(ctx.user)
    if flt.unit is not None:
        awards = awards.filter(
            Q(person__unit__path__startswith=flt.unit.path)
            | Q(unit__path__startswith=flt.unit.path)
        )
    awards = flt.years(awards, "year_from", "year_to")
    rows = awards.order_by("decision__date", "decision__number", "decision_id", "id").values_list(
        "decision__number",
        "decision__date",
        "decision__authority",
        "award_type__name",
        "person_id",
        "person__code",
        "person__full_name",
        "person__unit__code",
        "unit__code",
        "unit__name",
        "unit__parent__code",
        "year_from",
        "year_to",
        "achievement",
        "decision__movement__name",
    )
    for (
        number,
        date,
        authority,
        form,
        person_id,
        p_code,
        p_name,
        p_unit,
        u_code,
        u_name,
        u_parent,
        first,
        last,
        achievement,
        movement,
    ) in rows.iterator(chunk_size=5000):
        if person_id is not None:
            who = (recipient_label(False), p_code, p_name, p_unit or "")
        else:
            who = (recipient_label(True), u_code, u_name, u_parent or "")
        yield (
            number,
            date,
            authority,
            form,
            *who,
            format_period(first, last),
            achievement,
            movement or "",
        )
