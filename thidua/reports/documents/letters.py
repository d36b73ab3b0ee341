"""The conventions of an administrative document (Decree 30/2020/NĐ-CP, Appendix I) that the
templates cannot hold: the place-date line, the issuing body and the signer's title read
from a decision's authority, the legal bases in force on a day, counts of recipients.

Everything here is the text of documents, in Vietnamese whatever the interface language,
so nothing is translated. The wording an office may want to change lives in the templates
(thidua/reports/docx_templates/); these are the facts the templates are filled with.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings

from thidua.awards.choices import AwardKind
from thidua.awards.models import AwardType
from thidua.lib.vntext import fold, thousands
from thidua.org.choices import UnitKind
from thidua.org.models import Unit

BLANK = "\u00a0" * 8  # a space left for the hand (number, day, month), kept by Word
LAW_2022_IN_FORCE = dt.date(2024, 1, 1)  # Luật Thi đua, khen thưởng 2022, Decree 98/2023

_PLACE = re.compile(r"\b(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def document_place() -> str:
    """The place name of the place-date line ("Hưng Yên"): settings.DOCUMENT_PLACE, else the
    name of the province in the root unit's name ("Công an tỉnh Hưng Yên"), else ""."""
    if settings.DOCUMENT_PLACE:
        return settings.DOCUMENT_PLACE
    root = province_root()
    if root is None:
        return ""
    found = _PLACE.search(root.name)
    return found.group(1).strip() if found else root.name


def province_root() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True).order_by("path").first()


def place_date(place: str, day: dt.date | None = None, *, year: int | None = None) -> str:
    """ "Hưng Yên, ngày 05 tháng 02 năm 2025": days below 10 and the months January and
    February take a leading zero (Decree 30, Appendix I). Without a day, blanks for the
    day and month of signing: "Hưng Yên, ngày … tháng … năm 2025"."""
    where = f"{place}, " if place else ""
    if day is None:
        return f"{where}ngày{BLANK}tháng{BLANK}năm {year or dt.date.today().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{where}ngày {day.day:02d} tháng {month} năm {day.year}"


def long_date(day: dt.date) -> str:
    """ "ngày 20 tháng 12 năm 2025", for dates inside sentences."""
    return place_date("", day)


@dataclass(frozen=True)
class Issuer:
    """Who issues a document, as its heading and signature block write it."""

    superior: str  # the body above, capitals ("BỘ CÔNG AN"); "" when none is written
    body: str  # the issuing body, capitals ("CÔNG AN TỈNH HƯNG YÊN")
    deciding: str  # the line above "QUYẾT ĐỊNH:" ("GIÁM ĐỐC CÔNG AN TỈNH HƯNG YÊN")
    signer_title: str  # above the signature ("GIÁM ĐỐC"; "TM. CHÍNH PHỦ\nTHỦ TƯỚNG")
    name: str  # in a sentence ("Giám đốc Công an tỉnh Hưng Yên")
    place: str = ""  # where it signs: the province, or Hà Nội for the central authorities


CAPITAL = "Hà Nội"

# (folded authority, superior, body, deciding, signer's title): "{place}" is the province;
# the authorities without it sit in the capital.
_AUTHORITIES = [
    (
        "giam doc cong an tinh",
        "BỘ CÔNG AN",
        "CÔNG AN TỈNH {place}",
        "GIÁM ĐỐC CÔNG AN TỈNH {place}",
        "GIÁM ĐỐC",
    ),
    ("bo truong bo cong an", "", "BỘ CÔNG AN", "BỘ TRƯỞNG BỘ CÔNG AN", "BỘ TRƯỞNG"),
    ("thu tuong chinh phu", "", "THỦ TƯỚNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ", "THỦ TƯỚNG"),
    ("chinh phu", "", "CHÍNH PHỦ", "CHÍNH PHỦ", "TM. CHÍNH PHỦ\nTHỦ TƯỚNG"),
    (
        "chu tich nuoc",
        "",
        "CHỦ TỊCH NƯỚC",
        "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CHỦ TỊCH NƯỚC",
    ),
    (
        "chu tich uy ban nhan dan tinh",
        "",
        "ỦY BAN NHÂN DÂN TỈNH {place}",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {place}",
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    ),
]


def issuer_for(authority: str, place: str) -> Issuer:
    """The issuer of a decision of this authority ("Giám đốc Công an tỉnh"). The catalogue's
    authorities are known; any other text is written as it stands."""
    authority = authority.strip()
    key = fold(authority)
    for known, superior, body, deciding, title in _AUTHORITIES:
        if key == known:
            fill = place.upper()
            name = f"{authority} {place}".strip() if "{place}" in body else authority
            return Issuer(
                superior=superior,
                body=body.format(place=fill).strip(),
                deciding=deciding.format(place=fill).strip(),
                signer_title=title,
                name=name,
                place=place if "{place}" in body else CAPITAL,
            )
    text = authority.upper()
    return Issuer("", text, text, text, authority, place)


_HEADS = {
    UnitKind.PROVINCE: "GIÁM ĐỐC",
    UnitKind.DEPARTMENT: "TRƯỞNG PHÒNG",
    UnitKind.DISTRICT: "TRƯỞNG CÔNG AN",
    UnitKind.TEAM: "ĐỘI TRƯỞNG",
    UnitKind.COMMUNE: "TRƯỞNG CÔNG AN",
}


def unit_issuer(unit: Unit | None) -> Issuer:
    """A unit issuing a document of its own (a tờ trình, a report): the unit above it as the
    superior body (the Ministry above the province), its head as the signer."""
    if unit is None:
        return Issuer("", "", "", "THỦ TRƯỞNG ĐƠN VỊ", "")
    parent = unit.parent.name.upper() if unit.parent_id else "BỘ CÔNG AN"
    return Issuer(
        superior=parent,
        body=unit.name.upper(),
        deciding=unit.name.upper(),
        signer_title=_HEADS.get(unit.kind, "THỦ TRƯỞNG ĐƠN VỊ"),
        name=unit.name,
        place=document_place(),
    )


def legal_bases(day: dt.date) -> list[str]:
    """The law and decree a commendation of that day rests on (the "Căn cứ" lines)."""
    if day >= LAW_2022_IN_FORCE:
        return [
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy "
            "định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        ]
    return [
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
        "một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định "
        "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
    ]


def action(award: AwardType) -> str:
    """What a decision does with the award: "công nhận danh hiệu" a title, "tặng" the rest
    (a flag is given, like a form)."""
    if award.kind == AwardKind.TITLE and not award.name.startswith("Cờ"):
        return "công nhận danh hiệu"
    return "tặng"


def recipients(collectives: int, individuals: int) -> str:
    """ "1 tập thể và 2 cá nhân", "2 cá nhân"."""
    parts = [
        f"{thousands(n)} {noun}"
        for n, noun in ((collectives, "tập thể"), (individuals, "cá nhân"))
        if n
    ]
    return " và ".join(parts)


def period(spans: set[tuple[int, int]]) -> str:
    """ "năm 2024" or "giai đoạn 2016–2020" when every award names the same years, else ""."""
    if len(spans) != 1:
        return ""
    (first, last) = next(iter(spans))
    return f"năm {first}" if first == last else f"giai đoạn {first}–{last}"


_NUMERALS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(n: int) -> str:
    """1 → "I", 14 → "XIV": the numbering of the groups of a list."""
    out = ""
    for value, letters in _NUMERALS:
        count, n = divmod(n, value)
        out += letters * count
    return out
