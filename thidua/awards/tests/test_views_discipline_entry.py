"""Hand entry of a person's discipline (kỷ luật) on their record page: the discipline
import's rules, scope and audit, and the eligibility check sees the entry at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards.models import Discipline
from thidua.awards.services import discipline_create

pytestmark = pytest.mark.django_db


def _page(person):
    return reverse("awards:person_history", args=[person.code])


def _add(client, person, **data):
    fields = {
        "form": "khien_trach",
        "decision_number": "15/QĐ-CAT",
        "decision_date": "01/06/2023",
        **data,
    }
    return client.post(reverse("awards:person_discipline_save", args=[person.code]), fields)


def test_a_clerk_adds_a_measure_with_its_duration(client_for, users, people):
    client = client_for(users.clerk_b)
    page = client.get(_page(people.cuong)).content.decode()
    assert 'id="discipline-form"' in page and "Chưa có kỷ luật nào." in page
    response = _add(client, people.cuong, duration_months="12", note="Vi phạm điều lệnh")
    assert response.status_code == 302
    assert response.url == _page(people.cuong) + "#ky-luat"
    measure = Discipline.objects.get()
    assert (measure.person, measure.form, measure.decision_date, measure.end_date) == (
        people.cuong,
        "khien_trach",
        dt.date(2023, 6, 1),
        dt.date(2024, 6, 1),
    )
    page = client.get(_page(people.cuong)).content.decode()
    assert "Đã thêm kỷ luật theo quyết định 15/QĐ-CAT ngày 01/06/2023." in page
    table = page[page.index('id="disciplines"') :]
    assert "Khiển trách" in table and "01/06/2024" in table and "Vi phạm điều lệnh" in table


def test_the_entry_is_audited_with_the_clerk_and_shown_in_the_history(client_for, users, people):
    client = client_for(users.clerk_b)
    _add(client, people.cuong)
    (record,) = Discipline.history.all()
    assert (record.history_type, record.history_user) == ("+", users.clerk_b)
    page = client.get(_page(people.cuong)).content.decode()
    history = page[page.index('id="history"') :]
    assert "clerk_b" in history and "15/QĐ-CAT" in history and "kỷ luật" in history


@pytest.mark.parametrize(
    ("stored", "data", "message"),
    [
        # Same person, number (accents and case aside) and form: one measure, the import's key.
        ({"form": "khien_trach"}, {"decision_number": "15/qđ-cat"}, "đã được ghi nhận"),
        (
            {"form": "canh_cao"},
            {},
            "Quyết định 15/QĐ-CAT ngày 01/06/2023 đã được ghi cho cán bộ này với hình thức "
            "Cảnh cáo.",
        ),
    ],
)
def test_a_measure_already_recorded_is_refused(client_for, users, people, stored, data, message):
    discipline_create(
        person=people.cuong,
        decision_number="15/QĐ-CAT",
        decision_date=dt.date(2023, 6, 1),
        **stored,
    )
    response = _add(client_for(users.clerk_b), people.cuong, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Discipline.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"decision_date": (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            "sau ngày hôm nay.",
        ),
        ({"duration_months": "0"}, "Thời hạn phải từ 1 đến 240 tháng."),
        ({"duration_months": "241"}, "Thời hạn phải từ 1 đến 240 tháng."),
        ({"decision_date": "2023-13-01"}, "dd/mm/yyyy"),
        ({"decision_number": ""}, "Trường này là bắt buộc."),
        ({"form": "phat_tien"}, "Hãy chọn một lựa chọn hợp lệ. phat_tien"),
    ],
)
def test_bad_input_is_refused_on_the_form_and_nothing_is_written(
    client_for, users, people, data, message
):
    response = _add(client_for(users.clerk_b), people.cuong, note="giữ lại", **data)
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('id="discipline-form"') :]
    assert message in form
    assert "giữ lại" in form
    assert not Discipline.objects.exists()
    assert not Discipline.history.exists()


def test_a_clerk_of_another_subtree_gets_404_and_writes_nothing(client_for, users, people):
    assert _add(client_for(users.clerk_a), people.cuong).status_code == 404
    assert not Discipline.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_readers_see_the_list_but_no_form_and_are_refused_the_post(client_for, users, people, role):
    discipline_create(
        person=people.cuong,
        form="canh_cao",
        decision_number="9/QĐ-CAT",
        decision_date=dt.date(2022, 3, 1),
    )
    client = client_for(getattr(users, role))
    page = client.get(_page(people.cuong)).content.decode()
    assert "9/QĐ-CAT" in page and 'id="discipline-form"' not in page
    assert _add(client, people.cuong).status_code == 403
    assert Discipline.objects.count() == 1


def test_the_save_is_post_only(client_for, users, people):
    url = reverse("awards:person_discipline_save", args=[people.cuong.code])
    assert client_for(users.clerk_b).get(url).status_code == 405


def test_the_unit_page_has_no_initiative_or_discipline_entry(client_for, users):
    page = client_for(users.clerk_b).get(reverse("awards:unit_history", args=["CAX-B1"]))
    content = page.content.decode()
    assert 'id="result-form"' in content
    assert 'id="discipline-form"' not in content and 'id="initiative-form"' not in content


def _verdict(client, person, award, year):
    page = client.get(
        reverse("eligibility:recipient", args=["ca-nhan", person.code]), {"year": year}
    ).content.decode()
    section = page[page.index(f'id="{award}"') :]
    return section[: section.index("</h3>")]


def test_the_eligibility_page_sees_a_measure_at_once(client_for, users, people):
    client = client_for(users.clerk_b)
    year = dt.date.today().year - 1
    client.post(
        reverse("awards:person_result_save", args=[people.cuong.code]),
        {"year": str(year), "appraisal": "tot"},
    )
    assert "badge ok" in _verdict(client, people.cuong, "chien_si_tien_tien", year)
    _add(client, people.cuong, form="canh_cao", decision_date=f"01/03/{year}")
    assert "Chưa đủ điều kiện" in _verdict(client, people.cuong, "chien_si_tien_tien", year)


def _stored(person):
    return discipline_create(
        person=person,
        form="khien_trach",
        decision_number="15/QĐ-CAT",
        decision_date=dt.date(2023, 6, 1),
    )


def test_a_correction_changes_the_measure_in_place(client_for, users, people):
    measure = _stored(people.cuong)
    client = client_for(users.clerk_b)
    form = client.get(_page(people.cuong), {"sua-ky-luat": measure.pk}).content.decode()
    form = form[form.index('id="discipline-form"') :]
    assert "Sửa kỷ luật theo quyết định 15/QĐ-CAT" in form and 'value="01/06/2023"' in form
    response = _add(client, people.cuong, duration_months="6", editing=str(measure.pk), version="1")
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.duration_months, measure.end_date, measure.version) == (
        6,
        dt.date(2023, 12, 1),
        2,
    )
    assert Discipline.objects.count() == 1
    records = Discipline.history.filter(id=measure.pk).order_by("history_id")
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", None),
        ("~", users.clerk_b),
    ]


def test_a_stale_correction_of_a_measure_is_refused(client_for, users, people):
    measure = _stored(people.cuong)
    client = client_for(users.clerk_b)
    edit = {"editing": str(measure.pk), "version": "1"}
    assert _add(client, people.cuong, duration_months="6", **edit).status_code == 302
    second = _add(client, people.cuong, duration_months="9", note="lần hai", **edit)
    assert second.status_code == 400
    page = second.content.decode()
    assert "vừa được người khác thay đổi" in page and "lần hai" in page
    measure.refresh_from_db()
    assert measure.duration_months == 6


def test_a_correction_of_someone_elses_measure_is_not_found(client_for, users, people):
    theirs = _stored(people.an)
    response = _add(client_for(users.officer), people.cuong, editing=str(theirs.pk), version="1")
    assert response.status_code == 404
    assert _add(client_for(users.officer), people.cuong, editing="x").status_code == 404
