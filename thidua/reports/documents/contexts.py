"""What each Word template is filled with: plain dicts of strings, numbers and lists, one
builder per template. The keys are the variables an office may use in its own copy of a
template (thidua/reports/docx_templates/README.md lists them); add keys freely, never rename
one.

Every builder reads within the user's scope: a decision's document lists the recipients the
user may see (awards.selectors.decision_recipients, as the decision's page does), each person
with the unit and position of the decision's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.awards.choices import AwardKind, DecisionStatus
from thidua.awards.models import Award, AwardType, Decision
from thidua.awards.selectors import decision_recipients, group_by_unit, person_records
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import vietnamese_labels
from thidua.lib.vntext import thousands
from thidua.org.choices import Gender
from thidua.org.models import Person, Unit
from thidua.reports import wording
from thidua.reports.documents import letters
from thidua.reports.models import Conference
from thidua.reports.summary import COUNTS, Summary, precedence

NO_UNIT = "Chưa có đơn vị"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sections(people: list[Award], units: list[Award]) -> list[dict[str, Any]]:
    """The recipients by award type (highest first), individuals grouped by their unit on
    the decision's date, numbered through the whole list; collectives after them."""
    by_type: dict[int, tuple[AwardType, list[Award], list[Award]]] = {}
    for award in people:
        by_type.setdefault(award.award_type_id, (award.award_type, [], []))[1].append(award)
    for award in units:
        by_type.setdefault(award.award_type_id, (award.award_type, [], []))[2].append(award)
    sections = []
    for award_type, individuals, collectives in sorted(
        by_type.values(), key=lambda entry: precedence(entry[0])
    ):
        groups, number = [], 0
        for index, group in enumerate(group_by_unit(individuals), 1):
            rows = []
            for award in group.awards:
                number += 1
                rows.append(
                    {
                        "no": number,
                        "code": award.person.code,
                        "name": award.person.full_name,
                        "rank": award.person.rank,
                        "position": award.posting.position,
                        "unit": group.unit.name if group.unit else "",
                        "period": award.period,
                        "achievement": award.achievement,
                    }
                )
            groups.append(
                {
                    "numeral": letters.roman(index),
                    "unit": group.unit.name if group.unit else NO_UNIT,
                    "code": group.unit.code if group.unit else "",
                    "people": rows,
                }
            )
        spans = {(a.year_from, a.year_to) for a in individuals + collectives}
        verb, span = letters.action(award_type), letters.period(spans)
        whom = letters.recipients(len(collectives), len(individuals))
        is_title = verb != "tặng"
        phrase = f"{verb} {award_type.name}"
        phrase += f" {span}" if is_title and span else ""
        phrase += f" cho {whom} (có danh sách kèm theo)"
        if not is_title and span:
            phrase += f", đã có thành tích xuất sắc trong thực hiện nhiệm vụ {span}"
        sections.append(
            {
                "award": award_type.name,
                "action": verb,
                "period": span,
                "recipients": whom,
                "phrase": phrase,
                "individual_count": len(individuals),
                "collective_count": len(collectives),
                "people_groups": groups,
                "collectives": [
                    {
                        "no": index,
                        "code": award.unit.code,
                        "name": award.unit.name,
                        "parent": award.unit.parent.name if award.unit.parent_id else "",
                        "period": award.period,
                        "achievement": award.achievement,
                    }
                    for index, award in enumerate(collectives, 1)
                ],
            }
        )
    return sections


def authority_of(decision: Decision) -> str:
    """The decision's authority, else its award type's."""
    return decision.authority or (decision.award_type.authority if decision.award_type else "")


def _subject(decision: Decision, sections: list[dict]) -> str:
    """ "công nhận danh hiệu Chiến sĩ thi đua cơ sở", "tặng Giấy khen …" (joined when the
    decision names several award types)."""
    if sections:
        return "; ".join(f"{s['action']} {s['award']}" for s in sections)
    if decision.award_type:
        return f"{letters.action(decision.award_type)} {decision.award_type.name}"
    return "khen thưởng"


def _common(decision: Decision, sections: list[dict], place: str) -> dict[str, Any]:
    individuals = sum(s["individual_count"] for s in sections)
    collectives = sum(s["collective_count"] for s in sections)
    return {
        "place": place,
        "bases": letters.legal_bases(decision.date),
        "award": ", ".join(s["award"] for s in sections)
        or (decision.award_type.name if decision.award_type else ""),
        "individual_count": individuals,
        "collective_count": collectives,
        "recipients": letters.recipients(collectives, individuals),
        "sections": sections,
        "year": decision.date.year,
    }


def decision_context(user: Any, decision: Decision) -> dict[str, Any]:
    """The decision (quyết định) and its annex: the recipients the user may see, awards that
    still count (a revoked award is left out)."""
    people, units = decision_recipients(user, decision, current=True)
    sections = _sections(people, units)
    place = letters.document_place()
    issuer = letters.issuer_for(authority_of(decision), place)
    article = "; ".join(s["phrase"] for s in sections)
    return {
        **_common(decision, sections, place),
        "superior": issuer.superior,
        "issuer": issuer.body,
        "issuer_name": issuer.name,
        "deciding": issuer.deciding,
        "number": decision.number,
        "date": format_date(decision.date),
        "long_date": letters.long_date(decision.date),
        "place": issuer.place,
        "place_date": letters.place_date(issuer.place, decision.date),
        "subject": f"Về việc {_subject(decision, sections)}",
        "article_1": _first_upper(article) + "." if article else "",
        "signer_title": issuer.signer_title,
        "signer": decision.signer,
        "note": decision.note,
    }


def submission_context(user: Any, decision: Decision, unit: Unit | None) -> dict[str, Any]:
    """The submission (tờ trình) of `unit` to the decision's authority proposing the same
    list; its number and day are left blank for the unit's office to fill."""
    people, units = decision_recipients(user, decision, current=True)
    return submission_from(decision, people, units, unit)


def submission_from(
    decision: Decision, people: list[Award], units: list[Award], unit: Unit | None
) -> dict[str, Any]:
    """The tờ trình of `unit` proposing these awards (individuals carrying `.posting`) of
    `decision`: a signed one, or the one a nomination dossier proposes (documents.dossier)."""
    sections = _sections(people, units)
    place = letters.document_place()
    proposer = letters.unit_issuer(unit)
    authority = letters.issuer_for(authority_of(decision), place)
    proposal = "; ".join(s["phrase"] for s in sections)
    code = unit.code if unit else ""
    return {
        **_common(decision, sections, place),
        "superior": proposer.superior,
        "issuer": proposer.body,
        "issuer_name": proposer.name,
        "number": f"{letters.BLANK}/TTr-{code}",
        "date": "",
        "place_date": letters.place_date(place, year=decision.date.year),
        "subject": f"Về việc đề nghị {_subject(decision, sections)}",
        "addressee": authority.name,
        "proposal": proposal,
        "signer_title": proposer.signer_title,
        "signer": "",
        "decision_number": decision.number,
        "decision_date": format_date(decision.date),
    }


def _decision_reference(decision: Decision, award_type: AwardType, place: str) -> str:
    authority = decision.authority or award_type.authority
    text = f"Quyết định số {decision.number} ngày {format_date(decision.date)}"
    return f"{text} của {letters.issuer_for(authority, place).name}" if authority else text


def achievement_context(person: Person, *, today: dt.date | None = None) -> dict[str, Any]:
    """A person's achievement summary (báo cáo thành tích, Form 02 of Decree 98/2023,
    Appendix I): personal details, then the titles and forms of the record by year, each
    with its decision. The achievements themselves are left for the unit to write."""
    records = person_records(person)
    place = letters.document_place()
    standing = [
        a
        for a in records["awards"]
        if not a.is_revoked and a.decision.status != DecisionStatus.REVOKED
    ]
    rows: dict[str, list[tuple[tuple, dict]]] = {"titles": [], "forms": []}
    for a in standing:
        kind = "titles" if a.award_type.kind == AwardKind.TITLE else "forms"
        key = (a.year_to, a.year_from, a.decision.date, a.award_type.position)
        rows[kind].append(
            (
                key,
                {
                    "year": a.period,
                    "award": a.award_type.name,
                    "decision": _decision_reference(a.decision, a.award_type, place),
                },
            )
        )
    granted = {(a.award_type_id, a.year_to) for a in standing}
    for result in records["results"]:
        if result.title_id and (result.title_id, result.year) not in granted:
            # The yearly review names the title; no decision for it is in the record yet.
            rows["titles"].append(
                (
                    (result.year, result.year, dt.date(result.year, 12, 31), 0),
                    {
                        "year": str(result.year),
                        "award": result.title.name,
                        "decision": "Theo kết quả xếp loại năm; chưa có quyết định trong hồ sơ",
                    },
                )
            )
    genders = vietnamese_labels(Gender.choices)
    unit = person.unit
    return {
        "place": place,
        "place_date": letters.place_date(place, year=(today or dt.date.today()).year),
        "name": person.full_name,
        "code": person.code,
        "birth_date": format_date(person.birth_date),
        "gender": genders.get(person.gender, ""),
        "unit": unit.name if unit else "",
        "superior_unit": unit.parent.name if unit and unit.parent_id else "",
        "position": person.position,
        "rank": person.rank,
        "service_start": format_date(person.service_start),
        "titles": [row for _key, row in sorted(rows["titles"], key=lambda r: r[0])],
        "forms": [row for _key, row in sorted(rows["forms"], key=lambda r: r[0])],
    }


def summary_context(summary: Summary, *, today: dt.date | None = None) -> dict[str, Any]:
    """The period summary report (báo cáo tổng kết) of reports.summary, issued by the unit it
    covers (the province when it covers the whole scope)."""
    unit = summary.unit or letters.province_root()
    issuer = letters.unit_issuer(unit)
    place = letters.document_place()
    span = wording.span(summary.year_from, summary.year_to)
    runs = []
    for run in summary.title_runs:
        first, last = run.longest
        if last > first:
            runs.append(
                {
                    "no": len(runs) + 1,
                    "unit": run.unit.name,
                    "award": run.award.name,
                    "years": last - first + 1,
                    "span": f"{first}–{last}",
                    "text": wording.title_run(run.unit.name, run.award.name, first, last),
                }
            )
    return {
        "place": place,
        "superior": issuer.superior,
        "issuer": issuer.body,
        "issuer_name": issuer.name,
        "number": f"{letters.BLANK}/BC-{unit.code if unit else ''}",
        "place_date": letters.place_date(place, year=(today or dt.date.today()).year),
        "span": span,
        "year_from": summary.year_from,
        "year_to": summary.year_to,
        "title": f"Tổng kết công tác thi đua, khen thưởng {span}",
        "text": summary.text,
        "rows": [
            {
                "no": index,
                "award": line.award.name,
                **{name: thousands(getattr(line.counts, name)) for name in COUNTS},
            }
            for index, line in enumerate(summary.by_award, 1)
        ],
        "totals": {name: thousands(getattr(summary.totals, name)) for name in COUNTS},
        "runs": runs,
        "signer_title": issuer.signer_title,
        "signer": "",
    }


def conference_context(conference: Conference) -> dict[str, Any]:
    """The honour list and the booklet of a conference of exemplars, collectives first."""
    chosen = list(conference.exemplars.select_related("person__unit", "unit"))
    collectives = [e for e in chosen if e.unit_id]
    people = [e for e in chosen if e.person_id]
    when = f", {format_date(conference.held_on)}" if conference.held_on else ""
    entries = [
        {"no": n, "name": e.unit.name, "where": "", "where_suffix": "", "story": e.story}
        for n, e in enumerate(collectives, start=1)
    ]
    for n, e in enumerate(people, start=len(entries) + 1):
        person = e.person
        where = ", ".join(
            x for x in (person.position, person.unit.name if person.unit else "") if x
        )
        name = " ".join(x for x in (person.rank, person.full_name) if x)
        entries.append(
            {
                "no": n,
                "name": name,
                "where": where,
                "where_suffix": f" — {where}" if where else "",
                "story": e.story,
            }
        )
    numerals = iter(("I", "II"))
    return {
        "title": conference.title.upper(),
        "subtitle": f"{conference.unit.name} — giai đoạn {conference.period}{when}",
        "collectives": [{**x, "no": i} for i, x in enumerate(entries[: len(collectives)], 1)],
        "people": [{**x, "no": i} for i, x in enumerate(entries[len(collectives) :], 1)],
        "collectives_heading": f"{next(numerals)}. TẬP THỂ ({len(collectives)})"
        if collectives
        else "",
        "people_heading": f"{next(numerals)}. CÁ NHÂN ({len(people)})" if people else "",
        "exemplars": entries,
    }
