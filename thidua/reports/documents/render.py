"""Word documents from the templates of thidua/reports/docx_templates/ (docxtpl): the
decision and its annex, the submission (tờ trình) proposing the same list, a person's
achievement summary (Form 02, Decree 98/2023), the period summary report and the minutes
of a council meeting.

A template is looked up first in settings.DOCUMENT_TEMPLATE_DIR (THIDUA_DOCUMENT_TEMPLATES),
where an office puts its own copy under the same file name, then in the bundled folder.
Values are escaped for XML; a variable the template names and the context lacks is an
error (DocumentError), never a silent blank.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.text import slugify
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError

from thidua.accounts import scope
from thidua.awards.models import Decision
from thidua.lib.dates import format_date
from thidua.lib.vntext import clean_text, fold
from thidua.nominations.models import Meeting
from thidua.org.models import Person
from thidua.reports.documents import contexts, letters, minutes
from thidua.reports.models import Conference
from thidua.reports.summary import Summary

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "docx_templates"
TEMPLATES = {
    "decision": "quyet_dinh.docx",
    "submission": "to_trinh.docx",
    "achievement": "bao_cao_thanh_tich.docx",
    "summary": "bao_cao_tong_ket.docx",
    "honour_list": "danh_sach_tuyen_duong.docx",
    "booklet": "ky_yeu.docx",
    "minutes": "bien_ban_hop_hoi_dong.docx",
}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

Target = str | Path | IO[bytes]


class DocumentError(Exception):
    """A document that cannot be made, with the reason in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def template_path(kind: str) -> Path:
    """The office's own template when it has one, else the bundled one."""
    name = TEMPLATES[kind]
    if settings.DOCUMENT_TEMPLATE_DIR:
        own = Path(settings.DOCUMENT_TEMPLATE_DIR) / name
        if own.is_file():
            return own
    return TEMPLATE_DIR / name


def jinja_env() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def render(kind: str, context: dict[str, Any], target: Target) -> None:
    path = template_path(kind)
    template = DocxTemplate(path)
    try:
        template.render(context, jinja_env=jinja_env())
    except TemplateError as exc:
        raise DocumentError(f"Mẫu văn bản {path.name} có lỗi: {exc}") from exc
    template.save(target)


def refuse_revoked(decision: Decision) -> None:
    if decision.is_revoked:
        raise DocumentError(
            f"Quyết định số {decision.number} ngày {format_date(decision.date)} đã bị hủy bỏ; "
            "không lập văn bản."
        )


def render_decision_docx(user: Any, decision: Decision, target: Target) -> dict[str, Any]:
    """The decision with its annex, listing the recipients the user may see. Returns the
    context it was filled with."""
    refuse_revoked(decision)
    context = contexts.decision_context(user, decision)
    render("decision", context, target)
    return context


def render_submission_docx(user: Any, decision: Decision, target: Target) -> dict[str, Any]:
    """The tờ trình of the user's unit (the province for users who see every unit)
    proposing the decision's recipients the user may see."""
    refuse_revoked(decision)
    unit = scope.scope_root_or_error(user) or letters.province_root()
    context = contexts.submission_context(user, decision, unit)
    render("submission", context, target)
    return context


def render_achievement_docx(person: Person, target: Target) -> dict[str, Any]:
    """A person's báo cáo thành tích (Form 02); the caller has checked the person is visible."""
    context = contexts.achievement_context(person)
    render("achievement", context, target)
    return context


def render_summary_docx(summary: Summary, target: Target) -> None:
    """The period summary report (reports.summary.period_summary, already within the
    user's scope) as a Word document."""
    render("summary", contexts.summary_context(summary), target)


def render_conference_docx(conference: Conference, target: Target, *, booklet: bool) -> None:
    """A conference's honour list, or its booklet (each exemplar with their story)."""
    kind = "booklet" if booklet else "honour_list"
    render(kind, contexts.conference_context(conference), target)


def render_minutes_docx(meeting: Meeting, target: Target) -> dict[str, Any]:
    """The minutes of a council meeting with each item's tally; the caller has checked the
    meeting is visible (scope.visible_meetings)."""
    context = minutes.minutes_context(meeting)
    render("minutes", context, target)
    return context


def find_decision(user: Any, number: str, day: dt.date | None = None) -> Decision:
    """The decision of that number (accents and case aside: "12/QD-CAT" finds
    "12/QĐ-CAT") the user may see; `day` chooses among decisions sharing a number. The
    same DocumentError for an unknown number and one outside the scope."""
    number = clean_text(number)
    found = scope.readable_decisions(user).filter(search_key=fold(number))
    if day is not None:
        found = found.filter(date=day)
    found = list(found.select_related("award_type").order_by("date", "pk")[:11])
    on = f" ngày {format_date(day)}" if day else ""
    if not found:
        raise DocumentError(f"Không có quyết định số {number}{on}.")
    if len(found) > 1:
        dates = ", ".join(format_date(d.date) for d in found[:10])
        raise DocumentError(
            f"Có {len(found) if len(found) <= 10 else 'hơn 10'} quyết định số {number}{on} "
            f"({dates}); thêm --date dd/mm/yyyy để chọn một."
        )
    return found[0]


def find_person(user: Any, code: str) -> Person:
    person = (
        scope.visible_people(user).select_related("unit", "unit__parent").filter(code=code).first()
    )
    if person is None:
        raise DocumentError(f"Không có cán bộ số hiệu {code}.")
    return person


def download_name(kind: str, label: str, extension: str = "docx") -> str:
    """An ASCII file name for a download: "quyet-dinh-12-qd-cat-2021-12-20.docx"."""
    stem = {
        "decision": "quyet-dinh",
        "submission": "to-trinh",
        "achievement": "bao-cao-thanh-tich",
        "summary": "bao-cao-tong-ket",
        "honour_list": "danh-sach-tuyen-duong",
        "booklet": "ky-yeu",
        "certificates": "giay-khen",
        "minutes": "bien-ban-hop-hoi-dong",
    }[kind]
    return f"{stem}-{slugify(fold(label))}.{extension}"
