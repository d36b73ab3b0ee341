"""Certificates (giấy khen, bằng khen, giấy chứng nhận danh hiệu) of a decision: one A4
landscape page per recipient, as one PDF to print.

Everything on a page is read from the record as it stands: the recipient's rank and name as
recorded, the unit and position of the decision's date (as the annex of the decision lists
them), the decision's number, date, authority and signer. Recipients come in the annex's
order (people by their unit of that day, the tree's order, then collectives), so a unit's
certificates come off the printer together. The user sees the certificates of the
recipients they may see, as on the decision's page.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string

from thidua.awards.models import Award, AwardType, Decision
from thidua.awards.selectors import decision_recipients, group_by_unit
from thidua.lib.dates import format_date
from thidua.org.models import Unit
from thidua.reports.documents import letters
from thidua.reports.documents.contexts import authority_of
from thidua.reports.documents.render import DocumentError, refuse_revoked
from thidua.reports.pdf import FONT_FAMILY, html_to_pdf

PDF_MIME = "application/pdf"

# Long achievements are set smaller so that every certificate stays one page and clear of the
# signature block: (characters above which, the class of the text). 4,000 characters, the
# longest a record holds, fit at the smallest size.
_TEXT_SIZES = ((2500, "text-xxs"), (1200, "text-xs"), (700, "text-s"), (350, "text-m"))

_OF = re.compile(r"\s+của\s+", re.IGNORECASE)


def heading(award: AwardType) -> tuple[str, str]:
    """(the line above, the big line): ("TẶNG", "GIẤY KHEN") for "Giấy khen của Giám đốc
    Công an tỉnh", ("CÔNG NHẬN DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ") for a title; a flag is
    given ("TẶNG", "CỜ THI ĐUA"), like a form."""
    verb = letters.action(award)
    form = _OF.split(award.name, maxsplit=1)[0]
    return verb.upper(), form.upper()


def _span(award: Award) -> str:
    return letters.period({(award.year_from, award.year_to)})


def _text(award: Award) -> str:
    """The achievement as recorded; without one, the decision's own wording of it."""
    if award.achievement.strip():
        return award.achievement.strip()
    span = _span(award)
    if letters.action(award.award_type) == "tặng":
        return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ {span}."
    return f"{span[:1].upper()}{span[1:]}."


def _text_class(text: str) -> str:
    for length, css in _TEXT_SIZES:
        if len(text) > length:
            return css
    return ""


def _above(unit: Unit, parents: dict[int, Unit]) -> str:
    """The name of the unit above, unless that is the top of the tree (the issuer)."""
    parent = parents.get(unit.parent_id)
    return parent.name if parent is not None and parent.parent_id else ""


def _where(unit: Unit | None, parents: dict[int, Unit]) -> str:
    """ "Đội Cảnh sát hình sự, Công an huyện Yên Mỹ": the unit and the unit above it."""
    if unit is None:
        return ""
    return ", ".join(x for x in (unit.name, _above(unit, parents)) if x)


def certificates(user: Any, decision: Decision) -> list[dict[str, Any]]:
    """One dict per certificate, in the annex's order. DocumentError when the decision was
    revoked or the user sees none of its recipients."""
    refuse_revoked(decision)
    people, collectives = decision_recipients(user, decision, current=True)
    if not people and not collectives:
        raise DocumentError(
            f"Quyết định số {decision.number} ngày {format_date(decision.date)} chưa có "
            "người, tập thể nào được khen (trong phạm vi được xem): không có giấy khen để in."
        )
    units = [a.posting.unit for a in people if a.posting.unit] + [a.unit for a in collectives]
    parents = Unit.objects.in_bulk({u.parent_id for u in units if u.parent_id})
    place = letters.document_place()
    issuer = letters.issuer_for(authority_of(decision), place)
    common = {
        "deciding": issuer.deciding,
        "place_date": letters.place_date(issuer.place, decision.date),
        "signer_title": issuer.signer_title,
        "signer": decision.signer,
        "reference": f"Quyết định số {decision.number} ngày {format_date(decision.date)}",
    }
    pages = []
    ordered = [a for group in group_by_unit(people) for a in group.awards] + collectives
    for award in ordered:
        verb, big = heading(award.award_type)
        if award.person_id:
            person = award.person
            name = " ".join(x for x in (person.rank, person.full_name) if x)
            where = ", ".join(
                x for x in (award.posting.position, _where(award.posting.unit, parents)) if x
            )
            salutation = "Đồng chí"
        else:
            # A collective's own name is the big line; below it, the unit above it.
            name, where, salutation = award.unit.name, _above(award.unit, parents), ""
        text = _text(award)
        pages.append(
            {
                **common,
                "verb": verb,
                "heading": big,
                "salutation": salutation,
                "name": name,
                "where": where,
                "text": text,
                "text_class": _text_class(text),
            }
        )
    return pages


def render_certificates_pdf(user: Any, decision: Decision) -> tuple[bytes, int]:
    """(the PDF, its number of pages): every certificate of the decision the user may see."""
    pages = certificates(user, decision)
    html = render_to_string(
        "reports/certificates.html", {"pages": pages, "font_family": FONT_FAMILY}
    )
    return html_to_pdf(html), len(pages)
