"""Writing verdicts: a Vietnamese text table, JSON (Verdict.to_dict) and an Excel workbook."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

from thidua.lib.excel.rows import Issue
from thidua.lib.excel.writing import TextCells, workbook
from thidua.rules.results import ConditionResult, Verdict

KIND_LABEL = {"individual": "Cá nhân", "collective": "Tập thể"}
STATUS_LABEL = {
    "verified": "",
    "verified_old": "theo văn bản cũ",
    "partial": "xác minh một phần",
    "unverified": "chưa xác minh",
    "province": "do Công an tỉnh quy định",
}
# The same, said in full once beside the rule (pages), so that it is not read as something
# about the person proposed.
STATUS_NOTE = {
    "verified_old": "giá trị theo văn bản cũ, chưa có văn bản mới xác nhận",
    "partial": "mới đối chiếu được một phần với văn bản gốc",
    "unverified": "giá trị chưa đối chiếu được với văn bản gốc; cần kiểm tra trước khi đề nghị",
    # rules.settings.PROVINCE_STATUS: no State text confirms the value; the province set it.
    "province": "giá trị do Công an tỉnh quy định, không phải của văn bản Nhà nước",
}
_MAX_CELL = 60


def unconfirmed_rules(verdicts: Sequence[Verdict]) -> list[ConditionResult]:
    """The conditions of these verdicts whose value is not verified, each once (by wording
    and citation), in first-seen order. Of the verdicts whose rows are not built yet, one per
    pack and award type is read: the others would only repeat its rows' wording and status."""
    found: dict[tuple[str, str], ConditionResult] = {}
    read: set[tuple[str, str]] = set()
    for verdict in verdicts:
        if verdict.rows_pending:
            # Its rows would be those of the first pending verdict of its rule (see
            # Verdict.rows_pending): building them for each of 100,000 people took 20 s.
            rule = (verdict.pack_id, verdict.award_code)
            if rule in read:
                continue
            read.add(rule)
        for row in verdict.conditions:
            if row.status in STATUS_NOTE:
                found.setdefault((row.text, row.citation), row)
    return list(found.values())


def verdict_word(verdict: Verdict) -> str:
    return "Đủ điều kiện" if verdict.eligible else "Chưa đủ điều kiện"


def leaf_rows(verdict: Verdict) -> list[ConditionResult]:
    return [c for c in verdict.conditions if not c.is_group]


def rows_with_missing(verdict: Verdict) -> list[tuple[ConditionResult, bool]]:
    """Each condition row, and whether its "còn thiếu" counts: an unmet alternative of a
    group that is met is not missing (the same rule as Verdict.missing)."""
    found = []
    groups: list[ConditionResult] = []
    for row in verdict.conditions:
        while groups and groups[-1].depth >= row.depth:
            groups.pop()
        parent = row.kind in ("all", "any")
        missing = (
            not parent and not row.met and bool(row.missing) and not any(g.met for g in groups)
        )
        if parent:
            groups.append(row)
        found.append((row, missing))
    return found


def summary(verdict: Verdict) -> str:
    """One line: what is missing, or the conditions met."""
    missing = verdict.missing()
    if missing:
        return "Còn thiếu: " + "; ".join(missing)
    return "; ".join(c.text for c in leaf_rows(verdict) if c.met and not c.manual)


def to_json(verdicts: Sequence[Verdict], rows: Sequence[int] | None = None) -> str:
    items = []
    for i, verdict in enumerate(verdicts):
        item = verdict.to_dict()
        if rows is not None:
            item = {"row": rows[i], **item}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2, default=str)


# ── Text table ────────────────────────────────────────────────────────────────────────


def _clip(text: str, width: int = _MAX_CELL) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(
    verdicts: Sequence[Verdict],
    *,
    title: str,
    detailed: bool = False,
    rows: Sequence[int] | None = None,
) -> str:
    """A readable table; `detailed` adds every condition under each verdict."""
    head = (["Dòng"] if rows is not None else ["STT"]) + [
        "Đối tượng",
        "Mã",
        "Họ và tên / Tên tập thể",
        "Khen thưởng",
        "Kết luận",
    ]
    body = []
    for i, v in enumerate(verdicts):
        mark = verdict_word(v)
        body.append(
            [
                str(rows[i] if rows is not None else i + 1),
                KIND_LABEL.get(v.recipient_kind, v.recipient_kind),
                v.recipient_code,
                _clip(v.recipient_name, 32),
                _clip(v.award_name, 48),
                mark,
            ]
        )
    widths = [max([len(h)] + [len(r[c]) for r in body]) for c, h in enumerate(head)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [title, "", line.format(*head).rstrip(), "  ".join("-" * w for w in widths)]
    for v, cells in zip(verdicts, body):
        out.append(line.format(*cells).rstrip())
        if detailed:
            out += _details(v)
        elif not v.eligible and v.missing():
            out.append("      chưa đạt: " + "; ".join(v.missing()))
    if not verdicts:
        out.append("(không có kết quả)")
    notes = unconfirmed_rules(verdicts)
    if notes:
        # Said once, about the rules: not a mark beside every person.
        out += ["", "Lưu ý về quy định (về giá trị của quy định, không phải về người được xét):"]
        for c in notes:
            extra = f" {c.note}" if c.note else ""
            out.append(f"  - {c.text}: {STATUS_NOTE[c.status]}.{extra} ({c.citation})")
    return "\n".join(out) + "\n"


def _details(verdict: Verdict) -> list[str]:
    lines = []
    for c, missing in rows_with_missing(verdict):
        mark = "[đạt]     " if c.met else "[chưa đạt]"
        if c.manual:
            mark = "[Hội đồng]"
        pad = "    " + "  " * c.depth
        status = STATUS_LABEL.get(c.status, "")
        lines.append(f"{pad}{mark} {c.text}" + (f" [{status}]" if status else ""))
        if c.evidence:
            lines.append(f"{pad}           chứng cứ: {'; '.join(c.evidence)}")
        if c.citation:
            lines.append(f"{pad}           căn cứ: {c.citation}")
        if missing:
            lines.append(f"{pad}           chưa đạt: {c.missing}")
    lines.append("")
    return lines


# ── Excel ────────────────────────────────────────────────────────────────────────────


def write_xlsx(
    target: str | IO[bytes],
    verdicts: Sequence[Verdict],
    *,
    rows: Sequence[int] | None = None,
    errors: Sequence[Issue] = (),
) -> None:
    """Sheet "Kết luận": one row per verdict; "Chi tiết điều kiện": one row per condition;
    "Lỗi trong tệp" when a checked list had rows that could not be read."""
    book = TextCells(workbook(target, in_memory=True))  # names and reasons are never formulas
    bold = book.format(
        {"bold": True, "bg_color": "#EEF1F5", "text_wrap": True, "valign": "top", "border": 1}
    )
    wrap = book.format({"text_wrap": True, "valign": "top"})
    lead = ["Dòng"] if rows is not None else []
    _sheet(
        book,
        "Kết luận",
        bold,
        wrap,
        lead
        + [
            "Đối tượng",
            "Mã",
            "Họ và tên / Tên tập thể",
            "Mã khen thưởng",
            "Khen thưởng",
            "Kết luận",
            "Chưa xác minh",
            "Còn thiếu",
            "Điều kiện",
            "Gói quy tắc",
        ],
        ([8] if rows is not None else []) + [10, 12, 30, 22, 40, 18, 12, 50, 80, 12],
        (
            [
                *([rows[i]] if rows is not None else []),
                KIND_LABEL.get(v.recipient_kind, ""),
                v.recipient_code,
                v.recipient_name,
                v.award_code,
                v.award_name,
                verdict_word(v),
                "Có" if v.unverified else "",
                "\n".join(v.missing()),
                _conditions_cell(v),
                v.pack_id,
            ]
            for i, v in enumerate(verdicts)
        ),
    )
    _sheet(
        book,
        "Chi tiết điều kiện",
        bold,
        wrap,
        lead
        + [
            "Mã",
            "Họ và tên / Tên tập thể",
            "Khen thưởng",
            "STT",
            "Điều kiện",
            "Đạt",
            "Chứng cứ",
            "Căn cứ",
            "Mức xác minh",
            "Còn thiếu",
        ],
        ([8] if rows is not None else []) + [12, 30, 40, 6, 70, 10, 50, 45, 18, 50],
        (
            [
                *([rows[i]] if rows is not None else []),
                v.recipient_code,
                v.recipient_name,
                v.award_name,
                n,
                "    " * c.depth + c.text,
                _met_word(c),
                "\n".join(c.evidence),
                c.citation,
                STATUS_LABEL.get(c.status, "") or "đã xác minh",
                c.missing,
            ]
            for i, v in enumerate(verdicts)
            for n, c in enumerate(v.conditions, start=1)
        ),
    )
    if errors:
        _sheet(
            book,
            "Lỗi trong tệp",
            bold,
            wrap,
            ["Dòng", "Cột", "Lỗi"],
            [8, 24, 90],
            ([e.row or "", e.column, e.message] for e in errors),
        )
    book.book.close()


def _met_word(c: ConditionResult) -> str:
    if c.manual:
        return "Hội đồng xét"
    return "Đạt" if c.met else "Chưa đạt"


def _conditions_cell(verdict: Verdict) -> str:
    return "\n".join(f"{'✓' if c.met else '✗'} {c.text}" for c in leaf_rows(verdict))


def _sheet(
    book: TextCells, name: str, bold, wrap, headers: list[str], widths: list[int], rows
) -> None:
    sheet = book.book.add_worksheet(name)
    for col, (header, width) in enumerate(zip(headers, widths)):
        book.text(sheet, 0, col, header, bold)
        sheet.set_column(col, col, width, wrap)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(count, col, value)
            else:
                book.text(sheet, count, col, value or "", wrap)
    sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
