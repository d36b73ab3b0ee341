"""A nomination dossier's list as an Excel sheet of the awards import format: the list a
unit keeps and sends, which the Excel check reads as it is (`thidua eligibility --check`,
"Kiểm tra danh sách đề nghị"), and which, once the decision's number and date are filled in,
the awards import records. Items the council did not pass are left out."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.imports.engine.writer import write_sheet
from thidua.imports.sheets.awards import AwardSheet
from thidua.imports.sheets.record_common import format_period, recipient_label
from thidua.nominations.models import Dossier, ItemStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dossier_rows(dossier: Dossier) -> Iterator[Sequence[object]]:
    items = dossier.items.exclude(status=ItemStatus.REJECTED).select_related(
        "award_type", "person__unit", "unit__parent"
    )
    for item in items:
        if item.person_id:
            who = (recipient_label(False), item.person.code, item.person.full_name)
            unit_code = item.person.unit.code if item.person.unit_id else ""
        else:
            who = (recipient_label(True), item.unit.code, item.unit.name)
            unit_code = item.unit.parent.code if item.unit.parent_id else ""
        yield (
            "",
            None,
            item.award_type.authority,
            item.award_type.name,
            *who,
            unit_code,
            format_period(item.year_from, item.year_to),
            item.achievement,
        )


@login_required
@require_safe
def dossier_export(request: HttpRequest, pk: int) -> FileResponse:
    dossier = scope.get_visible_or_404(scope.visible_dossiers(request.user), pk=pk)
    out = io.BytesIO()
    write_sheet(out, AwardSheet(), dossier_rows(dossier))
    out.seek(0)
    name = f"ho-so-de-nghi-{dossier.pk}-{dossier.year}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
