"""Writes through the services: creating, correcting and revoking keeps every trace."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.awards import services
from thidua.awards.models import Award, Decision
from thidua.awards.services import Recipient


def test_decision_create_writes_every_recipient(decisions, people, units):
    assert decisions.mixed.awards.count() == 3
    collective = decisions.mixed.awards.get(unit=units.cah_a)
    assert (collective.year_from, collective.year_to, collective.achievement) == (
        2022,
        2022,
        "Tập thể xuất sắc",
    )
    assert decisions.mixed.authority == "Giám đốc Công an tỉnh"  # from the award type


def test_same_number_and_date_twice_is_refused(decisions, types):
    with pytest.raises(ValidationError, match="cùng số và ngày"):
        services.decision_create(
            number="345/QĐ-BCA", date=dt.date(2022, 3, 15), award_type=types.bang_khen_bo_truong
        )


def test_duplicate_recipient_in_one_decision_is_refused(types, people):
    with pytest.raises(ValidationError, match="đã có khen thưởng này"):
        services.decision_create(
            number="1/QĐ",
            date=dt.date(2022, 1, 5),
            award_type=types.cstd_co_so,
            recipients=[
                Recipient(person=people.an, year_from=2021),
                Recipient(person=people.an, year_from=2021),
            ],
        )
    assert not Decision.objects.filter(number="1/QĐ").exists()  # one transaction


def test_recipient_must_be_exactly_one(types, people, units):
    with pytest.raises(ValidationError, match="đúng một đối tượng"):
        services.decision_create(
            number="2/QĐ",
            date=dt.date(2022, 1, 5),
            award_type=types.bang_khen_bo_truong,
            recipients=[Recipient(person=people.an, unit=units.cah_a, year_from=2021)],
        )


def test_individual_title_is_refused_for_a_collective(types, units):
    with pytest.raises(ValidationError, match="không tặng cho tập thể"):
        services.decision_create(
            number="3/QĐ",
            date=dt.date(2022, 1, 5),
            award_type=types.cstd_co_so,
            recipients=[Recipient(unit=units.cah_a, year_from=2021)],
        )


def test_award_for_a_later_year_than_the_decision_is_refused(types, people):
    with pytest.raises(ValidationError, match="sau năm ra quyết định"):
        services.decision_create(
            number="4/QĐ",
            date=dt.date(2022, 1, 5),
            award_type=types.cstd_co_so,
            recipients=[Recipient(person=people.an, year_from=2023)],
        )


def test_award_add_uses_the_decision_type_unless_given(decisions, people, types):
    award = services.award_add(decision=decisions.cstdcs, person=people.dung, year_from=2021)
    assert award.award_type == types.cstd_co_so
    other = services.award_add(
        decision=decisions.cstdcs,
        person=people.dung,
        year_from=2021,
        award_type=types.chien_si_tien_tien,
    )
    assert other.award_type == types.chien_si_tien_tien


def test_decision_revoke_marks_the_decision_and_all_its_awards(decisions):
    services.decision_revoke(decision=decisions.mixed, reason="Kê khai thành tích không đúng")
    decisions.mixed.refresh_from_db()
    assert decisions.mixed.status == "revoked"
    assert decisions.mixed.status_reason == "Kê khai thành tích không đúng"
    awards = list(decisions.mixed.awards.all())
    assert len(awards) == 3  # nothing deleted
    assert {(a.status, a.revoke_reason) for a in awards} == {
        ("revoked", "Kê khai thành tích không đúng")
    }
    assert not Award.objects.current().filter(decision=decisions.mixed).exists()


def test_decision_revoke_keeps_before_and_after_in_history(decisions):
    award = decisions.mixed.awards.first()
    services.decision_revoke(decision=decisions.mixed, reason="Sai thẩm quyền")
    records = list(award.history.order_by("history_date", "history_id"))
    assert [r.status for r in records] == ["active", "revoked"]
    assert records[-1].history_change_reason == "Sai thẩm quyền"
    delta = records[-1].diff_against(records[0])
    assert {c.field: (c.old, c.new) for c in delta.changes}["status"] == ("active", "revoked")
    decision_records = list(decisions.mixed.history.order_by("history_date", "history_id"))
    assert [r.status for r in decision_records] == ["active", "revoked"]
    assert decision_records[-1].history_change_reason == "Sai thẩm quyền"


def test_revoke_needs_a_reason_and_happens_once(decisions):
    with pytest.raises(ValidationError, match="lý do"):
        services.decision_revoke(decision=decisions.bk, reason="  ")
    services.decision_revoke(decision=decisions.bk, reason="Trùng quyết định")
    with pytest.raises(ValidationError, match="từ trước"):
        services.decision_revoke(decision=decisions.bk, reason="Lần nữa")


def test_nothing_can_be_added_to_a_revoked_decision(decisions, people):
    services.decision_revoke(decision=decisions.bk, reason="Trùng quyết định")
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        services.award_add(decision=decisions.bk, person=people.an, year_from=2021)


def test_award_revoke_touches_only_that_award(decisions, people):
    award = decisions.mixed.awards.get(person=people.an)
    services.award_revoke(award=award, reason="Đang bị xem xét kỷ luật")
    statuses = dict(decisions.mixed.awards.values_list("person_id", "status"))
    assert statuses[people.an.pk] == "revoked" and statuses[people.cuong.pk] == "active"
    assert award.history.first().history_change_reason == "Đang bị xem xét kỷ luật"
    assert people.an.awards.current().count() == 1


def test_decision_correct_needs_a_reason_and_keeps_the_old_values(decisions):
    with pytest.raises(ValidationError, match="lý do"):
        services.decision_correct(decision=decisions.bk, reason="", signer="X")
    services.decision_correct(
        decision=decisions.bk, reason="Sai tên người ký", signer="Thượng tướng Lê Văn B"
    )
    decisions.bk.refresh_from_db()
    assert (decisions.bk.status, decisions.bk.signer) == ("corrected", "Thượng tướng Lê Văn B")
    old, new = decisions.bk.history.order_by("history_date", "history_id")
    assert old.signer == "" and new.signer == "Thượng tướng Lê Văn B"
    assert new.history_change_reason == "Sai tên người ký"
    assert decisions.bk.awards.current().count() == 1  # a corrected decision still counts


def test_decision_correct_refuses_a_date_before_the_rewarded_years(decisions):
    with pytest.raises(ValidationError, match="sau năm ra quyết định"):
        services.decision_correct(
            decision=decisions.bk, reason="Sai ngày", date=dt.date(2019, 5, 1)
        )


def test_yearly_result_save_updates_the_year_in_place(people, types):
    services.yearly_result_save(person=people.an, year=2021, appraisal="tot")
    result = services.yearly_result_save(
        person=people.an, year=2021, appraisal="xuat_sac", title=types.cstd_co_so
    )
    assert (
        people.an.yearly_results.get().appraisal == "xuat_sac" and result.title == types.cstd_co_so
    )


def test_initiative_create_links_every_author(people):
    initiative = services.initiative_create(
        title="Phần mềm quản lý hồ sơ",
        year=2021,
        scope="co_so",
        authors=[people.an, people.binh, people.an],
        decision_number="99/QĐ-CAT",
    )
    assert set(initiative.authors.all()) == {people.an, people.binh}
