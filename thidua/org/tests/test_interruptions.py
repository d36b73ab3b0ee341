"""Service interruptions (thời gian gián đoạn công tác): the model's and the services' checks,
their audit rows, and adding, editing and deleting them from a person's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import version_of
from thidua.org.models import ServiceInterruption
from thidua.org.services import (
    interruption_add,
    interruption_delete,
    interruption_edit,
    person_save,
)
from thidua.org.views.interruptions import duration_label

D = dt.date


def period(person, start, end, reason="Nghỉ không lương", **extra) -> ServiceInterruption:
    return ServiceInterruption(person=person, start=start, end=end, reason=reason, **extra)


@pytest.fixture
def unpaid(people, users):
    """An's unpaid leave, 01/03/2017 – 30/04/2018 (14 months), recorded by clerk_a."""
    return interruption_add(
        interruption=period(people.an, D(2017, 3, 1), D(2018, 4, 30)), user=users.clerk_a
    )


# -- services -----------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as exc:
        interruption_add(interruption=period(people.an, D(2018, 5, 1), D(2018, 4, 30)))
    assert "Ngày kết thúc gián đoạn không được trước ngày bắt đầu." in exc.value.messages
    assert not ServiceInterruption.objects.exists()


def test_the_database_refuses_an_end_before_the_start_too(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceInterruption.objects.create(
            person=people.an, start=D(2018, 5, 1), end=D(2018, 4, 30), reason="Nhập tay"
        )


def test_a_one_day_interruption_is_allowed(people):
    saved = interruption_add(interruption=period(people.an, D(2018, 5, 1), D(2018, 5, 1)))
    assert ServiceInterruption.objects.get(pk=saved.pk).end == D(2018, 5, 1)


def test_a_reason_is_required(people):
    with pytest.raises(ValidationError) as exc:
        interruption_add(interruption=period(people.an, D(2018, 5, 1), D(2018, 6, 1), reason="   "))
    assert "reason" in exc.value.error_dict


@pytest.mark.parametrize(
    "start,end",
    [
        (D(2018, 4, 30), D(2018, 6, 1)),  # shares its first day with the last day of the other
        (D(2016, 1, 1), D(2017, 3, 1)),  # ends on the other's first day
        (D(2017, 6, 1), D(2017, 7, 1)),  # inside the other
        (D(2016, 1, 1), D(2019, 1, 1)),  # around the other
    ],
)
def test_an_overlapping_interruption_of_the_same_person_is_refused(people, unpaid, start, end):
    with pytest.raises(ValidationError) as exc:
        interruption_add(interruption=period(people.an, start, end))
    assert exc.value.messages == [
        "Trùng với thời gian gián đoạn đã ghi từ 01/03/2017 đến 30/04/2018 (Nghỉ không lương)."
        " Hai thời gian gián đoạn của một người không được chồng lên nhau."
    ]
    assert ServiceInterruption.objects.count() == 1


def test_back_to_back_interruptions_and_other_peoples_periods_do_not_overlap(people, unpaid):
    interruption_add(interruption=period(people.an, D(2018, 5, 1), D(2018, 8, 31)))
    interruption_add(interruption=period(people.binh, D(2017, 3, 1), D(2018, 4, 30)))
    assert ServiceInterruption.objects.count() == 3


def test_editing_an_interruption_does_not_collide_with_itself(unpaid):
    unpaid.end = D(2018, 6, 30)
    interruption_edit(interruption=unpaid)
    assert ServiceInterruption.objects.get(pk=unpaid.pk).end == D(2018, 6, 30)


def test_editing_into_another_interruption_is_refused(people, unpaid):
    later = interruption_add(interruption=period(people.an, D(2020, 1, 1), D(2020, 3, 31)))
    later.start = D(2018, 4, 1)
    with pytest.raises(ValidationError, match="Trùng với thời gian gián đoạn đã ghi từ 01/03/2017"):
        interruption_edit(interruption=later)
    assert ServiceInterruption.objects.get(pk=later.pk).start == D(2020, 1, 1)


def test_an_interruption_before_the_service_start_is_refused(people):
    # An joined on 01/09/2010.
    with pytest.raises(ValidationError) as exc:
        interruption_add(interruption=period(people.an, D(2010, 8, 1), D(2010, 12, 31)))
    assert exc.value.message_dict == {
        "start": [
            "Thời gian gián đoạn phải nằm trong thời gian công tác: ngày bắt đầu 01/08/2010 trước "
            "ngày vào ngành 01/09/2010."
        ]
    }


def test_an_interruption_after_the_service_end_is_refused(people):
    people.an.service_end = D(2020, 6, 30)
    people.an.save()
    with pytest.raises(ValidationError) as exc:
        interruption_add(interruption=period(people.an, D(2020, 1, 1), D(2020, 7, 31)))
    assert exc.value.message_dict == {
        "end": [
            "Thời gian gián đoạn phải nằm trong thời gian công tác: ngày kết thúc 31/07/2020 sau "
            "ngày thôi phục vụ 30/06/2020."
        ]
    }
    # Ending on the last day of service is inside it.
    interruption_add(interruption=period(people.an, D(2020, 1, 1), D(2020, 6, 30)))


def test_a_person_without_a_service_start_cannot_have_an_interruption(people):
    people.an.service_start = None
    people.an.save()
    with pytest.raises(ValidationError, match="chưa có ngày vào ngành"):
        interruption_add(interruption=period(people.an, D(2020, 1, 1), D(2020, 2, 1)))


def test_service_dates_cannot_move_past_a_recorded_interruption(people, unpaid):
    people.an.service_start = D(2017, 6, 1)
    with pytest.raises(ValidationError) as exc:
        person_save(person=people.an)
    assert exc.value.message_dict == {
        "service_start": [
            "Ngày vào ngành 01/06/2017 sau thời gian gián đoạn đã ghi từ 01/03/2017 đến 30/04/2018;"
            " hãy sửa hoặc xoá thời gian gián đoạn đó trước."
        ]
    }
    people.an.service_start, people.an.service_end = D(2010, 9, 1), D(2018, 3, 31)
    with pytest.raises(ValidationError, match="Ngày thôi phục vụ 31/03/2018 trước khi hết"):
        person_save(person=people.an)
    people.an.service_end = D(2018, 4, 30)  # the interruption's last day: still inside
    person_save(person=people.an)


def test_the_service_start_cannot_be_cleared_while_an_interruption_is_recorded(people, unpaid):
    people.an.service_start = None
    with pytest.raises(ValidationError) as exc:
        person_save(person=people.an)
    assert exc.value.message_dict == {
        "service_start": [
            "Cán bộ có thời gian gián đoạn công tác từ 01/03/2017 đến 30/04/2018 nên phải có ngày "
            "vào ngành; hãy xoá thời gian gián đoạn đó trước."
        ]
    }


def test_adding_writes_a_history_row_with_the_user_and_a_default_reason(users, unpaid):
    row = unpaid.history.get()
    assert (row.history_type, row.history_user, row.start, row.end) == (
        "+",
        users.clerk_a,
        D(2017, 3, 1),
        D(2018, 4, 30),
    )
    assert row.history_change_reason == (
        "Thêm thời gian gián đoạn công tác 01/03/2017 – 30/04/2018."
    )


def test_editing_and_deleting_record_the_user_and_the_given_reason(users, unpaid):
    unpaid.end = D(2018, 5, 31)
    interruption_edit(
        interruption=unpaid, user=users.officer, reason="  Theo Quyết định 5/QĐ-CAT  "
    )
    interruption_delete(interruption=unpaid, user=users.admin, reason="Nhập nhầm người")

    deleted, edited, _added = ServiceInterruption.history.filter(id=unpaid.pk)
    assert (edited.history_type, edited.history_user, edited.end) == (
        "~",
        users.officer,
        D(2018, 5, 31),
    )
    assert edited.history_change_reason == "Theo Quyết định 5/QĐ-CAT"
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        users.admin,
        "Nhập nhầm người",
    )
    assert not ServiceInterruption.objects.exists()


def test_deleting_an_interruption_already_deleted_says_so(unpaid):
    ServiceInterruption.objects.filter(pk=unpaid.pk).delete()
    with pytest.raises(ValidationError, match="không còn trong hồ sơ"):
        interruption_delete(interruption=unpaid)


def test_durations_read_in_vietnamese():
    assert duration_label(14, 0) == "14 tháng"
    assert duration_label(0, 5) == "5 ngày"
    assert duration_label(2, 3) == "2 tháng 3 ngày"
    assert duration_label(172) == "14 năm 4 tháng"
    assert duration_label(120) == "10 năm"


# -- pages --------------------------------------------------------------------------------


def detail(client, person):
    return client.get(reverse("org:person_detail", args=[person.pk])).content.decode()


def form_data(**overrides) -> dict:
    return {
        "start": "01/03/2017",
        "end": "30/04/2018",
        "reason": "Nghỉ không lương",
        "note": "",
        **overrides,
    }


def test_the_person_page_lists_interruptions_and_the_service_left(
    client_for, users, people, unpaid, monkeypatch
):
    monkeypatch.setattr("thidua.org.views.interruptions.this_year", lambda: 2023)
    html = detail(client_for(users.viewer), people.an)
    assert 'id="interruptions"' in html
    assert "01/03/2017" in html and "30/04/2018" in html and "14 tháng" in html
    assert "Nghỉ không lương" in html
    # 01/09/2010 – 31/12/2023 is 13 years 4 months; less the 14 months of leave.
    assert "Thâm niên tính đến 31/12/2023: 12 năm 2 tháng" in html
    assert "không trừ gián đoạn: 13 năm 4 tháng" in html
    # The viewer reads, and is offered no button to change anything.
    assert reverse("org:interruption_create", args=[people.an.pk]) not in html
    assert reverse("org:interruption_edit", args=[unpaid.pk]) not in html


def test_the_person_page_offers_editing_to_whoever_may_edit_the_person(
    client_for, users, people, unpaid
):
    html = detail(client_for(users.clerk_a), people.an)
    assert reverse("org:interruption_create", args=[people.an.pk]) in html
    assert reverse("org:interruption_edit", args=[unpaid.pk]) in html
    assert reverse("org:interruption_delete", args=[unpaid.pk]) in html


def test_the_person_page_history_includes_the_interruptions(client_for, users, people, unpaid):
    history = (
        client_for(users.clerk_a)
        .get(reverse("org:person_detail", args=[people.an.pk]))
        .context["history"]
    )
    assert "thời gian gián đoạn công tác" in [e["model"] for e in history]


def test_adding_an_interruption_from_the_person_page(client_for, users, people):
    r = client_for(users.clerk_a).post(
        reverse("org:interruption_create", args=[people.an.pk]),
        form_data(note="Theo đơn ngày 15/02/2017"),
    )
    assert r.status_code == 302 and r.url == reverse("org:person_detail", args=[people.an.pk])
    saved = ServiceInterruption.objects.get()
    assert (saved.person, saved.start, saved.end, saved.reason, saved.note) == (
        people.an,
        D(2017, 3, 1),
        D(2018, 4, 30),
        "Nghỉ không lương",
        "Theo đơn ngày 15/02/2017",
    )
    assert saved.history.get().history_user == users.clerk_a


def test_the_form_shows_the_services_refusal_in_vietnamese(client_for, users, people, unpaid):
    client = client_for(users.clerk_a)
    overlap = client.post(
        reverse("org:interruption_create", args=[people.an.pk]),
        form_data(start="01/01/2018", end="31/12/2018"),
    )
    before = client.post(
        reverse("org:interruption_create", args=[people.an.pk]),
        form_data(start="01/01/2009", end="31/01/2009"),
    )
    backwards = client.post(
        reverse("org:interruption_create", args=[people.an.pk]),
        form_data(start="01/02/2020", end="31/01/2020"),
    )
    assert overlap.status_code == before.status_code == backwards.status_code == 200
    assert "Trùng với thời gian gián đoạn đã ghi từ 01/03/2017" in overlap.content.decode()
    assert "trước ngày vào ngành 01/09/2010" in before.content.decode()
    assert "Ngày kết thúc gián đoạn không được trước ngày bắt đầu." in (backwards.content.decode())
    assert ServiceInterruption.objects.count() == 1


def test_editing_an_interruption_from_the_person_page(client_for, users, unpaid):
    r = client_for(users.clerk_a).post(
        reverse("org:interruption_edit", args=[unpaid.pk]),
        form_data(end="31/05/2018", reason="Đi học", version=version_of(unpaid)),
    )
    assert r.status_code == 302
    unpaid.refresh_from_db()
    assert (unpaid.end, unpaid.reason) == (D(2018, 5, 31), "Đi học")
    assert unpaid.history.first().history_user == users.clerk_a


def test_deleting_an_interruption_from_the_person_page(client_for, users, people, unpaid):
    r = client_for(users.officer).post(reverse("org:interruption_delete", args=[unpaid.pk]))
    assert r.status_code == 302 and r.url == reverse("org:person_detail", args=[people.an.pk])
    assert not ServiceInterruption.objects.exists()
    assert ServiceInterruption.history.filter(id=unpaid.pk).first().history_type == "-"


def test_deleting_needs_a_post(client_for, users, unpaid):
    r = client_for(users.clerk_a).get(reverse("org:interruption_delete", args=[unpaid.pk]))
    assert r.status_code == 405
    assert ServiceInterruption.objects.filter(pk=unpaid.pk).exists()


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_read_only_roles_get_403_on_every_write(client_for, users, people, unpaid, role):
    client = client_for(getattr(users, role))
    responses = [
        client.get(reverse("org:interruption_create", args=[people.an.pk])),
        client.post(
            reverse("org:interruption_create", args=[people.an.pk]),
            form_data(start="01/01/2019", end="31/01/2019"),
        ),
        client.post(
            reverse("org:interruption_edit", args=[unpaid.pk]), form_data(end="31/05/2018")
        ),
        client.post(reverse("org:interruption_delete", args=[unpaid.pk])),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    unpaid.refresh_from_db()
    assert unpaid.end == D(2018, 4, 30) and ServiceInterruption.objects.count() == 1


def test_a_clerk_outside_the_scope_gets_404(client_for, users, people, unpaid):
    # An is in CAX-A1 (CAH-A); clerk_b works in CAH-B.
    client = client_for(users.clerk_b)
    responses = [
        client.get(reverse("org:interruption_create", args=[people.an.pk])),
        client.post(
            reverse("org:interruption_create", args=[people.an.pk]),
            form_data(start="01/01/2019", end="31/01/2019"),
        ),
        client.get(reverse("org:interruption_edit", args=[unpaid.pk])),
        client.post(
            reverse("org:interruption_edit", args=[unpaid.pk]), form_data(end="31/05/2018")
        ),
        client.post(reverse("org:interruption_delete", args=[unpaid.pk])),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404, 404]
    unpaid.refresh_from_db()
    assert unpaid.end == D(2018, 4, 30) and ServiceInterruption.objects.count() == 1
