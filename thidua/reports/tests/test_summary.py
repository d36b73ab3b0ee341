"""The period summary on crafted data: distinct recipients and times, collectives and
individuals, nested units, revocations, period boundaries, a person moved between units,
the collective titles held year after year, the sentences and the scope."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts.scope import SYSTEM, NoUnitAssigned
from thidua.awards.services import Recipient, award_revoke, decision_create, decision_revoke
from thidua.org.services import person_move
from thidua.reports.summary import period_summary

_numbers = iter(range(1, 10_000))


def give(award_type, year, *recipients, year_to=None, on=None):
    """One decision of `award_type` for `year` (or year..year_to) naming the recipients
    (people or units), dated 20 December of the last year unless `on` says otherwise."""
    last = year_to or year
    return decision_create(
        number=f"{next(_numbers)}/QĐ-TEST",
        date=on or dt.date(last, 12, 20),
        award_type=award_type,
        recipients=[
            Recipient(
                year_from=year,
                year_to=last,
                **({"unit": r} if hasattr(r, "path") else {"person": r}),
            )
            for r in recipients
        ],
    )


def line(summary, code):
    return next(x for x in summary.as_json()["by_award"] if x["award"]["code"] == code)


def counts(summary, code):
    found = line(summary, code)
    return tuple(
        found[k] for k in ("collectives", "individuals", "collective_times", "individual_times")
    )


@pytest.fixture
def record(types, units, people):
    give(types.chien_si_tien_tien, 2016, people.an, people.binh)
    give(types.chien_si_tien_tien, 2017, people.an, people.cuong)
    give(types.giay_khen_giam_doc, 2018, people.an, units.cax_a1, units.cah_b)
    for year in range(2016, 2021):
        give(types.don_vi_quyet_thang, year, units.cah_a)
    give(types.bang_khen_bo_truong, 2016, people.dung, year_to=2020)  # names the period
    return types


def test_distinct_recipients_and_times_per_award_type(record):
    summary = period_summary(user=SYSTEM, year_from=2015, year_to=2020)
    assert counts(summary, "chien_si_tien_tien") == (0, 3, 0, 4)
    assert counts(summary, "giay_khen_giam_doc") == (2, 1, 2, 1)
    assert counts(summary, "don_vi_quyet_thang") == (1, 0, 5, 0)
    assert summary.as_json()["totals"] == {
        "collectives": 3,
        "individuals": 4,
        "collective_times": 7,
        "individual_times": 6,
    }


def test_awards_are_ordered_from_the_highest_form_down(record):
    codes = [
        x["award"]["code"]
        for x in period_summary(user=SYSTEM, year_from=2015, year_to=2020).as_json()["by_award"]
    ]
    # Catalogue ranks: Bằng khen Bộ trưởng 30, ĐVQT 20, Giấy khen 15, CSTT 10.
    assert codes == [
        "bang_khen_bo_truong",
        "don_vi_quyet_thang",
        "giay_khen_giam_doc",
        "chien_si_tien_tien",
    ]


def test_an_award_counts_in_the_period_it_names(record, types, people):
    give(types.bang_khen_bo_truong, 2011, people.binh, year_to=2015)  # the previous period
    give(types.chien_si_tien_tien, 2021, people.binh, on=dt.date(2021, 1, 5))
    summary = period_summary(user=SYSTEM, year_from=2015, year_to=2020)
    assert counts(summary, "bang_khen_bo_truong") == (0, 1, 0, 1)
    assert counts(summary, "chien_si_tien_tien")[3] == 4
    assert {y["year"] for y in summary.as_json()["by_year"]} == {2016, 2017, 2018, 2019, 2020}
    by_2020 = next(y for y in summary.as_json()["by_year"] if y["year"] == 2020)
    assert by_2020["individuals"] == 1  # the 2016–2020 Bằng khen, in its last year


def test_revoked_awards_and_decisions_are_not_counted(record, types, people):
    revoked = give(types.bang_khen_ubnd_tinh, 2019, people.an, people.binh)
    decision_revoke(decision=revoked, reason="Sai thẩm quyền")
    kept = give(types.giay_khen_giam_doc, 2019, people.cuong, people.dung)
    award_revoke(award=kept.awards.get(person=people.dung), reason="Kỷ luật")
    summary = period_summary(user=SYSTEM, year_from=2019, year_to=2019)
    codes = [x["award"]["code"] for x in summary.as_json()["by_award"]]
    assert "bang_khen_ubnd_tinh" not in codes
    assert counts(summary, "giay_khen_giam_doc") == (0, 1, 0, 1)


def test_a_subtree_counts_its_own_units_and_people_below(record):
    summary = period_summary(user=SYSTEM, year_from=2015, year_to=2020, unit_code="CAH-A")
    # An (CAX-A1) and Bình (CAH-A), the commune unit, and CAH-A's own titles.
    assert counts(summary, "chien_si_tien_tien") == (0, 2, 0, 3)
    assert counts(summary, "giay_khen_giam_doc") == (1, 1, 1, 1)
    assert summary.as_json()["unit"] == {"code": "CAH-A", "name": "Công an huyện An Phú"}


def test_a_person_counts_where_they_served_on_the_decision_date(types, units, people):
    give(types.chien_si_tien_tien, 2018, people.binh)  # in CAH-A then
    person_move(person=people.binh, unit=units.cah_b, start=dt.date(2019, 3, 1))
    give(types.chien_si_tien_tien, 2019, people.binh)  # in CAH-B by then
    in_a = period_summary(user=SYSTEM, year_from=2018, year_to=2019, unit_code="CAH-A")
    in_b = period_summary(user=SYSTEM, year_from=2018, year_to=2019, unit_code="CAH-B")
    assert counts(in_a, "chien_si_tien_tien") == (0, 1, 0, 1)
    assert counts(in_b, "chien_si_tien_tien") == (0, 1, 0, 1)
    whole = period_summary(user=SYSTEM, year_from=2018, year_to=2019)
    assert counts(whole, "chien_si_tien_tien") == (0, 1, 0, 2)  # one person, twice


def test_collective_titles_held_year_after_year(record):
    runs = period_summary(user=SYSTEM, year_from=2015, year_to=2020).as_json()["collective_titles"]
    assert runs == [
        {
            "unit": {"code": "CAH-A", "name": "Công an huyện An Phú"},
            "award": {"code": "don_vi_quyet_thang", "name": "Đơn vị quyết thắng"},
            "years": [2016, 2017, 2018, 2019, 2020],
            "longest_run": 5,
            "longest_from": 2016,
            "longest_to": 2020,
            "text": "Công an huyện An Phú 5 năm liền (2016–2020) đạt danh hiệu Đơn vị quyết thắng",
        }
    ]


def test_the_sentences_read_like_a_conference_speech(record):
    text = period_summary(user=SYSTEM, year_from=2015, year_to=2020).as_json()["text"]
    assert text[0] == (
        "Giai đoạn 2015–2020, Công an tỉnh Hưng Yên có 3 tập thể (7 lượt), "
        "4 cá nhân (6 lượt) được khen thưởng, tổng cộng 13 lượt."
    )
    assert "1 cá nhân được tặng Bằng khen của Bộ trưởng Bộ Công an." in text
    assert "3 cá nhân (4 lượt) đạt danh hiệu Chiến sĩ tiên tiến." in text
    assert "2 tập thể, 1 cá nhân được tặng Giấy khen của Giám đốc Công an tỉnh." in text
    assert "Công an huyện An Phú 5 năm liền (2016–2020) đạt danh hiệu Đơn vị quyết thắng." in text


def test_thousands_are_grouped_with_a_dot(types, units, people, monkeypatch):
    from thidua.reports import wording
    from thidua.reports.summary import Counts

    assert wording.recipients(Counts(1027, 8296, 1027, 9001)) == (
        "1.027 tập thể, 8.296 cá nhân (9.001 lượt)"
    )


def test_a_clerk_reports_on_its_scope_only(record, users):
    mine = period_summary(user=users.clerk_a, year_from=2015, year_to=2020)
    assert counts(mine, "chien_si_tien_tien") == (0, 2, 0, 3)
    assert mine.as_json()["unit"]["code"] == "CAH-A"
    assert mine.as_json()["text"][0].startswith("Giai đoạn 2015–2020, Công an huyện An Phú có")
    assert period_summary(user=SYSTEM, year_from=2015, year_to=2020).as_json()["unit"] is None
    with pytest.raises(LookupError):
        period_summary(user=users.clerk_a, year_from=2015, year_to=2020, unit_code="CAH-B")
    with pytest.raises(LookupError):
        period_summary(user=users.clerk_a, year_from=2015, year_to=2020, unit_code="KHONG-CO")
    with pytest.raises(NoUnitAssigned):
        period_summary(user=None, year_from=2015, year_to=2020)


def test_an_empty_span_says_so(units):
    text = period_summary(user=SYSTEM, year_from=1990, year_to=1991).as_json()["text"]
    assert text == ["Giai đoạn 1990–1991: không có khen thưởng nào trong phạm vi báo cáo."]
