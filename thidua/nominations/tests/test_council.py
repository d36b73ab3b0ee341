"""The council's services: the disclosure period in working days, meetings held only after
it, and the tally arithmetic of the pack (luat_2022, `procedure:`) at its boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.lib import workdays
from thidua.nominations import council as services
from thidua.nominations.models import DossierStatus, ItemStatus
from thidua.nominations.tests.conftest import YEAR

TET_START = dt.date(2026, 2, 10)  # Tuesday; Tết holidays 16–20/02/2026


def _meeting(users, council, items, present: int, day=dt.date(2025, 3, 3)):
    meeting = services.meeting_create(
        actor=users.officer, council=council.council, date=day, items=items
    )
    services.attendance_set(actor=users.officer, meeting=meeting, present=council.members[:present])
    return meeting


def _record(users, meeting, item, **counts):
    ballot = meeting.ballots.get(item=item)
    return services.ballot_record(actor=users.officer, ballot=ballot, **counts)


def _items(dossier):
    an = dossier.items.get(award_type__code="cstd_cand")
    binh = dossier.items.get(award_type__code="cstd_co_so")
    return an, binh


# ── Disclosure period ─────────────────────────────────────────────────────────────────


def test_the_disclosure_period_skips_the_tet_holidays(users, medal):
    disclosure = services.disclosure_create(
        actor=users.officer, year=YEAR, start=TET_START, items=[medal]
    )
    assert disclosure.working_days == 10
    # 10–13/02 are four working days, 16–20/02 is Tết, 23–27/02 five more, 02/03 the tenth.
    assert disclosure.end == dt.date(2026, 3, 2)
    assert disclosure.end == workdays.nth_working_day(TET_START, 10)
    assert workdays.working_days_between(TET_START, disclosure.end) == 10
    assert disclosure.rule_text.endswith("(Khoản 2 Điều 46 Nghị định 98/2023/NĐ-CP)")


def test_an_office_day_off_pushes_the_end_by_one_working_day(users, medal):
    services.day_off_add(actor=users.officer, date=dt.date(2026, 2, 23), name="Nghỉ bù")
    disclosure = services.disclosure_create(
        actor=users.officer, year=YEAR, start=TET_START, items=[medal]
    )
    assert disclosure.end == dt.date(2026, 3, 3)


def test_award_types_the_pack_does_not_disclose_are_refused(users, at_council):
    with pytest.raises(ValidationError, match="thuộc diện phải công khai"):
        services.disclosure_create(
            actor=users.officer, year=YEAR, start=TET_START, items=at_council.items.all()
        )


def test_the_meeting_is_refused_before_the_period_ends_and_accepted_the_day_after(
    users, medal, council
):
    with pytest.raises(ValidationError, match="chưa được công khai"):
        services.meeting_create(
            actor=users.officer, council=council.council, date=TET_START, items=[medal]
        )
    services.disclosure_create(actor=users.officer, year=YEAR, start=TET_START, items=[medal])
    with pytest.raises(ValidationError, match="đến hết ngày 02/03/2026"):
        services.meeting_create(
            actor=users.officer, council=council.council, date=dt.date(2026, 3, 2), items=[medal]
        )
    meeting = services.meeting_create(
        actor=users.officer, council=council.council, date=dt.date(2026, 3, 3), items=[medal]
    )
    assert meeting.ballots.get().item == medal


def test_a_comment_is_recorded_against_an_item_of_the_list(users, medal, at_council):
    disclosure = services.disclosure_create(
        actor=users.officer, year=YEAR, start=TET_START, items=[medal]
    )
    comment = services.comment_add(
        actor=users.officer,
        disclosure=disclosure,
        received_on=dt.date(2026, 2, 12),
        sender="Công an xã A1",
        content="Đề nghị làm rõ thành tích năm 2023",
        item=medal,
    )
    assert comment.item == medal
    other = at_council.items.first()
    with pytest.raises(ValidationError, match="không có trong danh sách công khai"):
        services.comment_add(
            actor=users.officer,
            disclosure=disclosure,
            received_on=dt.date(2026, 2, 12),
            sender="X",
            content="Y",
            item=other,
        )


# ── Tallies: 90 % of all members for CSTĐ CAND (quorum 2/3, written votes allowed) ──────


def test_nine_of_ten_agreeing_is_exactly_ninety_percent_and_passes(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    ballot = _record(users, meeting, an, agree=9, disagree=1)
    assert ballot.passed is True
    an.refresh_from_db()
    assert an.status == ItemStatus.APPROVED
    outcome = services.outcome(ballot)
    assert (outcome.needed, outcome.agree, outcome.quorum_needed) == (9, 9, 7)


def test_eight_agreeing_without_written_votes_does_not_pass(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    ballot = _record(users, meeting, an, agree=8, disagree=2, written_agree=0)
    assert ballot.passed is False
    an.refresh_from_db()
    assert an.status == ItemStatus.REJECTED


def test_written_votes_of_absent_members_count_where_the_rule_allows(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=8)
    ballot = _record(users, meeting, an, agree=8, written_agree=1, written_disagree=1)
    assert ballot.passed is True
    assert services.outcome(ballot).agree == 9


def test_more_written_votes_than_absent_members_is_refused(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=9)
    with pytest.raises(ValidationError, match="vắng mặt \\(1\\)"):
        _record(users, meeting, an, agree=9, written_agree=2)


def test_a_missing_quorum_fails_even_when_all_present_agree(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=6)  # 2/3 of 10 needs 7
    ballot = _record(users, meeting, an, agree=6, written_agree=4)
    outcome = services.outcome(ballot)
    assert not outcome.quorum_met and outcome.agree == 10
    assert ballot.passed is False


def test_more_ballots_than_members_present_is_refused_in_vietnamese(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=9)
    with pytest.raises(ValidationError) as refused:
        _record(users, meeting, an, agree=9, disagree=1)
    assert refused.value.messages == ["Tổng số phiếu (10) nhiều hơn số thành viên dự họp (9)."]
    assert not meeting.ballots.get().counted


# ── The default rule: more than half of all members ───────────────────────────────────


def test_default_rule_five_of_ten_fails_six_passes(users, at_council, council):
    _, binh = _items(at_council)
    meeting = _meeting(users, council, [binh], present=10)
    assert _record(users, meeting, binh, agree=5, disagree=5).passed is False
    assert _record(users, meeting, binh, agree=6, disagree=4).passed is True
    binh.refresh_from_db()
    assert binh.status == ItemStatus.APPROVED


def test_a_dossier_whose_every_item_is_rejected_is_decided(users, at_council, council):
    an, binh = _items(at_council)
    meeting = _meeting(users, council, [an, binh], present=10)
    _record(users, meeting, an, agree=3, disagree=7)
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.AT_COUNCIL  # Bình still waits
    _record(users, meeting, binh, agree=2, disagree=8)
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.DECIDED


def test_attendance_is_fixed_once_a_ballot_is_counted(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    _record(users, meeting, an, agree=10)
    with pytest.raises(ValidationError, match="Đã kiểm phiếu"):
        services.attendance_set(actor=users.officer, meeting=meeting, present=council.members)


@pytest.mark.parametrize("role", ["clerk_a", "council", "viewer"])
def test_only_the_office_records_tallies(users, at_council, council, role):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    ballot = meeting.ballots.get()
    with pytest.raises(PermissionDenied):
        services.ballot_record(actor=getattr(users, role), ballot=ballot, agree=10)
    ballot.refresh_from_db()
    assert not ballot.counted


def test_a_stale_tally_form_is_refused(users, at_council, council):
    an, _ = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    ballot = meeting.ballots.get()
    shown = ballot.version
    services.ballot_record(actor=users.officer, ballot=ballot, version=shown, agree=10)
    with pytest.raises(ValidationError, match="vừa được người khác thay đổi"):
        services.ballot_record(actor=users.officer, ballot=ballot, version=shown, agree=1)


def test_council_members_with_an_account_hear_of_a_new_meeting(users, at_council, council):
    from thidua.nominations.models import Notification

    seat = council.members[0]
    seat.user = users.council
    seat.save()
    items = list(at_council.items.all())
    services.meeting_create(
        actor=users.officer, council=council.council, date=dt.date(2025, 1, 10), items=items
    )
    notice = Notification.objects.get(user=users.council)
    assert "2 đề nghị cần bỏ phiếu" in notice.text and "10/01/2025" in notice.text


# ── One agenda, one result, every vote in the log ─────────────────────────────────────


def test_an_item_on_one_meetings_agenda_cannot_go_on_another(users, at_council, council):
    an, _binh = _items(at_council)
    _meeting(users, council, [an], present=10)
    with pytest.raises(ValidationError, match="phiên họp khác"):
        services.meeting_create(
            actor=users.officer, council=council.council, date=dt.date(2025, 3, 4), items=[an]
        )


def test_a_result_cannot_be_changed_once_the_dossier_is_decided(users, at_council, council):
    an, binh = _items(at_council)
    meeting = _meeting(users, council, [an, binh], present=10)
    _record(users, meeting, an, agree=2, disagree=8)
    _record(users, meeting, binh, agree=2, disagree=8)
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.DECIDED
    with pytest.raises(ValidationError, match="đã có kết quả"):
        _record(users, meeting, an, agree=10)
    an.refresh_from_db()
    assert an.status == ItemStatus.REJECTED


def test_every_tally_is_written_to_the_dossiers_event_log(users, at_council, council):
    an, _binh = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    _record(users, meeting, an, agree=9, disagree=1)
    vote = at_council.events.get(action="vote")
    assert vote.item == an and vote.actor == users.officer
    assert vote.comment == "9/10 đồng ý (cần 9): thông qua"


def test_a_disclosure_or_meeting_dated_before_the_achievement_year_is_refused(
    users, medal, at_council, council
):
    with pytest.raises(ValidationError, match="trước năm thành tích"):
        services.disclosure_create(
            actor=users.officer, year=YEAR, start=dt.date(2000, 1, 3), items=[medal]
        )
    an, _binh = _items(at_council)
    with pytest.raises(ValidationError, match="trước năm thành tích"):
        services.meeting_create(
            actor=users.officer, council=council.council, date=dt.date(2000, 2, 1), items=[an]
        )


def test_the_unit_hears_of_each_result_of_the_council(users, at_council, council):
    from thidua.nominations.models import Notification

    an, _binh = _items(at_council)
    meeting = _meeting(users, council, [an], present=10)
    _record(users, meeting, an, agree=9, disagree=1)
    notice = Notification.objects.filter(user=users.clerk_a).latest("id")
    assert "thông qua" in notice.text and "Nguyễn Văn An" in notice.text
