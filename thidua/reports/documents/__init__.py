"""Word documents of the record (docxtpl templates in thidua/reports/docx_templates/)."""

from __future__ import annotations

from thidua.reports.documents.render import (
    DocumentError,
    render_achievement_docx,
    render_decision_docx,
    render_submission_docx,
    render_summary_docx,
)

__all__ = [
    "DocumentError",
    "render_achievement_docx",
    "render_decision_docx",
    "render_submission_docx",
    "render_summary_docx",
]
