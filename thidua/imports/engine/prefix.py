"""--code-prefix: bringing in another register whose codes may collide with this one's.

The absorbed force's units, people and records (exported from this system or typed by its
offices) carry their own codes: "PC02", "CA0001" may already mean someone else here. With a
prefix ("LG-") every unit and person code of the file, and every reference to one (a parent
unit, a person's unit, an award's recipient), is read as PREFIX + code, before anything is
planned. Re-importing the same file with the same prefix plans nothing, as any import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thidua.imports.engine.spec import ImportContext, Option, Plan
from thidua.lib.excel.cells import is_valid_code
from thidua.org.models import Person, Unit

MAX_PREFIX = 12
# A prefix lengthens unit codes and person codes (số hiệu) alike: the shorter field bounds both.
MAX_CODE = min(Unit._meta.get_field("code").max_length, Person._meta.get_field("code").max_length)
CODE_PREFIX = Option(
    ("--code-prefix",),
    {
        "dest": "code_prefix",
        "metavar": "TIEN_TO",
        "help": (
            "Tiền tố mã (ví dụ LG-): thêm vào mọi mã đơn vị, mã cán bộ trong tệp, khi nhập "
            "danh sách của đơn vị khác có mã trùng."
        ),
    },
)


def prefix_of(ctx: ImportContext) -> str:
    return (ctx.options.get("code_prefix") or "").strip()


def prefix_problem(prefix: str) -> str | None:
    """Why a prefix cannot be used (None: it can)."""
    if not prefix:
        return None
    if len(prefix) > MAX_PREFIX or not is_valid_code(prefix):
        return (
            f"Tiền tố mã '{prefix}' không hợp lệ: chỉ gồm chữ không dấu, chữ số và các ký tự "
            f". _ - (tối đa {MAX_PREFIX} ký tự)."
        )
    return None


def apply_prefix(
    records: Iterable[Any], fields: dict[str, str], ctx: ImportContext, plan: Plan
) -> str:
    """Prefix the code attributes `fields` ({attribute: column header}) of every record in
    place; a code made too long is an error on its row and column (the record is marked bad).
    Returns the prefix ("" when none was asked). A bad prefix is one error for the file."""
    prefix = prefix_of(ctx)
    if not prefix:
        return ""
    problem = prefix_problem(prefix)
    if problem:
        plan.error(None, "", problem)
        return ""
    for record in records:
        for attr, header in fields.items():
            value = getattr(record, attr)
            if isinstance(value, list):
                setattr(record, attr, [_prefixed(prefix, v, record, header, plan) for v in value])
            elif value:
                setattr(record, attr, _prefixed(prefix, value, record, header, plan))
    return prefix


def _prefixed(prefix: str, code: str, record: Any, header: str, plan: Plan) -> str:
    new = prefix + code
    if not is_valid_code(new, MAX_CODE):
        plan.error(
            record.row,
            header,
            f"Mã '{code}' thêm tiền tố thành '{new}', dài quá {MAX_CODE} ký tự.",
        )
        record.bad = True
        return code
    return new
