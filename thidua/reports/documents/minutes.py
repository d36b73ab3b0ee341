"""What the minutes of a council meeting (biên bản họp Hội đồng, bien_ban_hop_hoi_dong.docx)
are filled with: the council, date, place, chair and secretary, the members present and
absent, and each agenda item with its tally, its result and the threshold of the pack, as
the meeting's page shows them (nominations.council_selectors). Document text: Vietnamese
whatever the interface language, never translated."""

from __future__ import annotations

from typing import Any

from thidua.nominations.council_selectors import (
    BallotRow,
    attendance,
    item_unit_name,
    meeting_rows,
)
from thidua.nominations.models import CouncilRole, Meeting
from thidua.reports.documents import letters

NUMBER = f"{letters.BLANK}/BB-HĐTĐKT"
ROLES = {  # the document's own words, not the interface's
    CouncilRole.CHAIR: "Chủ tịch",
    CouncilRole.DEPUTY: "Phó Chủ tịch",
    CouncilRole.MEMBER: "Ủy viên",
    CouncilRole.SECRETARY: "Ủy viên thư ký",
}


def _threshold(row: BallotRow) -> str:
    approval, quorum = row.rule.approval, row.rule.quorum
    cited = f" ({approval.cited})" if approval.cited else ""
    written = "; thành viên vắng mặt được bỏ phiếu bằng văn bản" if row.rule.written_votes else ""
    return f"{approval.text}{cited}; {quorum.text}{written}."


def _tally(row: BallotRow) -> str:
    """The whole count in one sentence."""
    ballot = row.ballot
    if not ballot.counted:
        return (
            f"Dự họp {row.present}/{row.members}; cần {row.needed} phiếu đồng ý; chưa kiểm phiếu."
        )
    written = ""
    if ballot.written_agree or ballot.written_disagree:
        written = (
            f"; bằng văn bản: {ballot.written_agree} đồng ý, {ballot.written_disagree} không đồng ý"
        )
    quorum = "" if row.quorum_met else f" (chưa đủ {row.quorum_needed} người dự họp)"
    return (
        f"Dự họp {row.present}/{row.members}{quorum}; đồng ý {ballot.agree}, không đồng ý "
        f"{ballot.disagree}, không hợp lệ {ballot.invalid}{written}; tính {row.agree}/"
        f"{row.members} phiếu đồng ý, cần {row.needed}."
    )


def _votes(at_meeting: int, written: int, counted: bool) -> str:
    """ "9", "8 + 1 VB" (votes in writing), "—" before the count."""
    if not counted:
        return "—"
    return f"{at_meeting} + {written} VB" if written else str(at_meeting)


def _counted(row: BallotRow, rule_no: int) -> str:
    """Under the result: the agree votes counted against those needed, the rule's number."""
    if row.passed is None:
        return f"cần {row.needed}/{row.members}; ngưỡng ({rule_no})"
    if not row.quorum_met:
        return f"không đủ {row.quorum_needed} thành viên dự họp; ngưỡng ({rule_no})"
    return f"{row.agree}/{row.members}, cần {row.needed}; ngưỡng ({rule_no})"


def _result(row: BallotRow) -> str:
    if row.passed is None:
        return "Chưa kiểm phiếu"
    return "Thông qua" if row.passed else "Không thông qua"


def _item(index: int, row: BallotRow, rule_no: int) -> dict[str, Any]:
    ballot, counted = row.ballot, row.ballot.counted
    return {
        "no": index,
        "name": _name(row.item),
        "unit": item_unit_name(row.item),
        "award": row.item.award_type.name,
        "agree": _votes(ballot.agree, ballot.written_agree, counted),
        "disagree": _votes(ballot.disagree, ballot.written_disagree, counted),
        "invalid": str(ballot.invalid) if counted else "—",
        "tally": _tally(row),
        "result": _result(row),
        "counted": _counted(row, rule_no),
        "rule": _threshold(row),
        "rule_no": rule_no,
        "passed": row.passed,
    }


def _rules(rows: list[BallotRow]) -> tuple[list[dict[str, Any]], list[int]]:
    """The distinct rules of the agenda, numbered, with the award types of the agenda each
    applies to; and each row's rule number."""
    numbers: dict[int, int] = {}
    rules: list[dict[str, Any]] = []
    of_row = []
    for row in rows:
        key = id(row.rule)
        if key not in numbers:
            numbers[key] = len(rules) + 1
            rules.append({"no": numbers[key], "awards": [], "text": _threshold(row)})
        entry = rules[numbers[key] - 1]
        if row.item.award_type.name not in entry["awards"]:
            entry["awards"].append(row.item.award_type.name)
        of_row.append(numbers[key])
    for entry in rules:
        entry["awards"] = ", ".join(entry["awards"])
    return rules, of_row


def _name(item) -> str:
    if item.person_id:
        return f"{item.person.rank} {item.person.full_name}".strip()
    return item.unit.name


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """The caller has checked the meeting is visible (scope.visible_meetings)."""
    council = meeting.council
    present, absent = attendance(meeting)
    rows = meeting_rows(meeting)
    rules, of_row = _rules(rows)
    members = len(present) + len(absent)
    by_role = {
        role: [m.full_name for m in present + absent if m.role == role] for role in CouncilRole
    }
    secretary = by_role[CouncilRole.SECRETARY]
    chair = by_role[CouncilRole.CHAIR]
    passed = sum(1 for r in rows if r.passed)
    rejected = sum(1 for r in rows if r.passed is False)
    waiting = len(rows) - passed - rejected
    return {
        "superior": council.unit.name.upper(),
        "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "council": council.name,
        "number": NUMBER,
        "place_date": letters.place_date(letters.document_place(), meeting.date),
        "subject": f"Họp {council.name} ngày {meeting.date:%d/%m/%Y}",
        "date": f"{meeting.date:%d/%m/%Y}",
        "long_date": letters.long_date(meeting.date),
        "place": meeting.place or "…",
        "chair": chair[0] if chair else "",
        "secretary": ", ".join(secretary),
        "member_count": members,
        "present_count": len(present),
        "attendance": f"có mặt {len(present)}/{members} thành viên Hội đồng",
        "present": [
            {
                "no": index,
                "name": m.full_name,
                "position": m.position,
                "role": ROLES.get(m.role, m.role),
            }
            for index, m in enumerate(present, 1)
        ],
        "absent": [{"name": m.full_name, "role": ROLES.get(m.role, m.role)} for m in absent],
        "absent_text": ", ".join(m.full_name for m in absent),
        "items": [
            _item(index, row, rule_no) for index, (row, rule_no) in enumerate(zip(rows, of_row), 1)
        ],
        "rules": rules,
        "item_count": len(rows),
        "passed_count": passed,
        "rejected_count": rejected,
        "waiting_text": f", chưa kiểm phiếu {waiting}" if waiting else "",
    }
