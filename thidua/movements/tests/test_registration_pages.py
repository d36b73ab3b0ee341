"""The registration pages: the list in the user's scope, one unit-year's page, the form
with one select per person prefilled from last year, and its checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement, Registration, RegistrationEntry
from thidua.movements.registration_services import registration_save
from thidua.org.choices import Gender
from thidua.org.models import Person
from thidua.org.services import person_save


def _register(unit, year, titles, collective=None, actor=None):
    from thidua.accounts.scope import SYSTEM

    return registration_save(
        actor=actor or SYSTEM,
        registration=Registration(unit=unit, year=year, collective_title=collective),
        titles=titles,
    )


def _post(client, url, data):
    return client.post(url, data)


@pytest.fixture
def crowd(units):
    """Sixty people of CAX-A1 besides An."""
    return [
        person_save(
            person=Person(
                code=f"XA{n:04d}",
                full_name=f"Cán bộ Số {n}",
                gender=Gender.MALE,
                birth_date=dt.date(1990, 1, 1),
                service_start=dt.date(2012, 1, 1),
            ),
            unit=units.cax_a1,
            start=dt.date(2016, 1, 1),
        )
        for n in range(60)
    ]


def test_the_form_lists_the_units_people_prefilled_from_last_year(
    client_for, users, units, people, types, crowd
):
    _register(units.cax_a1, 2024, {people.an.pk: types.cstd_co_so})
    client = client_for(users.clerk_a)
    url = reverse("movements:registration_create") + "?don_vi=CAX-A1&nam=2025"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert len(form.lines) == 61
    by_code = {line.person.code: line for line in form.lines}
    assert (by_code["CA0001"].title_id, by_code["CA0001"].source) == (
        types.cstd_co_so.pk,
        "last_year",
    )
    assert (by_code["XA0000"].title_id, by_code["XA0000"].source) == (
        types.chien_si_tien_tien.pk,
        "default",
    )
    assert page.content.decode().count('class="person-title"') == 61
    # One POST for the 61 people: all but one keep what was prefilled.
    data = {f"title_{line.person.pk}": str(line.title_id) for line in form.lines}
    data[f"title_{crowd[0].pk}"] = ""
    data["collective_title"] = str(types.don_vi_tien_tien.pk)
    response = _post(client, url, data)
    registration = Registration.objects.get(unit=units.cax_a1, year=2025)
    assert response.status_code == 302
    assert response.url == reverse("movements:registration_detail", args=[registration.pk])
    assert registration.entries.count() == 60
    assert registration.collective_title == types.don_vi_tien_tien
    assert registration.entries.get(person=people.an).title == types.cstd_co_so
    assert registration.history.get().history_user == users.clerk_a


def test_editing_changes_and_removes_entries_and_refuses_a_stale_form(
    client_for, users, units, people, types
):
    registration = _register(units.cax_a1, 2025, {people.an.pk: types.chien_si_tien_tien})
    client = client_for(users.clerk_a)
    url = reverse("movements:registration_edit", args=[registration.pk])
    page = client.get(url)
    (line,) = page.context["form"].lines
    assert line.source == "saved"
    version = version_of(registration)
    response = _post(
        client, url, {f"title_{people.an.pk}": str(types.cstd_co_so.pk), "version": version}
    )
    assert response.status_code == 302
    assert RegistrationEntry.objects.get().title == types.cstd_co_so
    stale = _post(client, url, {f"title_{people.an.pk}": "", "version": version})
    assert stale.status_code == 400
    assert "vừa được người khác thay đổi" in stale.content.decode()
    removed = _post(client, url, {f"title_{people.an.pk}": "", "version": version + 1})
    assert removed.status_code == 302
    assert not RegistrationEntry.objects.exists()
    assert RegistrationEntry.history.filter(history_type="-").count() == 1


def test_a_second_registration_of_the_same_unit_and_year_opens_the_first(
    client_for, users, units, people, types
):
    registration = _register(units.cax_a1, 2025, {})
    response = client_for(users.clerk_a).get(
        reverse("movements:registration_create") + "?don_vi=CAX-A1&nam=2025"
    )
    assert response.url == reverse("movements:registration_edit", args=[registration.pk])


def test_a_title_that_does_not_fit_is_refused_by_the_service(units, people, types):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="không dành cho cá nhân"):
        _register(units.cax_a1, 2025, {people.an.pk: types.don_vi_tien_tien})
    with pytest.raises(ValidationError, match="không dành cho tập thể"):
        _register(units.cax_a1, 2025, {}, collective=types.chien_si_tien_tien)
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        _register(units.cax_a1, 2025, {people.cuong.pk: types.chien_si_tien_tien})
    assert not Registration.objects.exists()


def test_the_service_refuses_a_movement_that_does_not_cover_the_year(units, people, types):
    from django.core.exceptions import ValidationError

    from thidua.accounts.scope import SYSTEM

    movement = Movement.objects.create(
        name="Vì an ninh Tổ quốc 2020–2025",
        kind=MovementKind.REGULAR,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 12, 31),
        launching_unit=units.cat,
    )

    def save(year):
        return registration_save(
            actor=SYSTEM,
            registration=Registration(unit=units.cax_a1, year=year, movement=movement),
            titles={},
        )

    with pytest.raises(ValidationError) as refused:
        save(2026)
    assert refused.value.message_dict == {
        "movement": ["Phong trào 'Vì an ninh Tổ quốc 2020–2025' không diễn ra trong năm 2026."]
    }
    assert not Registration.objects.exists()
    assert save(2025).movement == movement


def test_the_list_filters_by_year_and_unit_within_the_scope(
    client_for, users, units, people, types
):
    _register(units.cax_a1, 2025, {people.an.pk: types.chien_si_tien_tien})
    _register(units.cah_b, 2025, {people.cuong.pk: types.chien_si_tien_tien})
    _register(units.cah_a, 2024, {people.binh.pk: types.chien_si_tien_tien})
    url = reverse("movements:registration_list")

    def listed(user, query):
        page = client_for(user).get(url + query)
        assert page.status_code == 200
        return sorted((r.unit.code, r.year) for r in page.context["page_obj"])

    assert listed(users.officer, "?nam=2025") == [("CAH-B", 2025), ("CAX-A1", 2025)]
    assert listed(users.clerk_a, "?nam=2025") == [("CAX-A1", 2025)]
    assert listed(users.officer, "?nam=&don_vi=CAH-A") == [("CAH-A", 2024), ("CAX-A1", 2025)]
    assert listed(users.viewer, "?nam=2024") == [("CAH-A", 2024)]


def test_the_unit_year_page_lists_people_and_their_titles(client_for, users, units, people, types):
    registration = _register(
        units.cax_a1, 2025, {people.an.pk: types.cstd_co_so}, collective=types.don_vi_tien_tien
    )
    page = client_for(users.viewer).get(
        reverse("movements:registration_detail", args=[registration.pk])
    )
    text = page.content.decode()
    assert "Nguyễn Văn An" in text and "Chiến sĩ thi đua cơ sở" in text
    assert "Đơn vị tiên tiến" in text
    assert "Sửa bản đăng ký" not in text  # a viewer reads only
    assert "Lịch sử thay đổi" in text


@pytest.mark.parametrize(
    "name, args, current",
    [
        ("movements:movement_list", [], "movements:movement_list"),
        ("movements:registration_list", [], "movements:registration_list"),
        ("movements:registration_comparison", [], "movements:registration_list"),
        ("movements:standing_years", [], "movements:standing_years"),
        ("org:cluster_list", [], "org:cluster_list"),
    ],
)
def test_every_emulation_page_carries_the_one_menu_with_its_part_marked(
    client_for, users, name, args, current
):
    page = client_for(users.clerk_a).get(reverse(name, args=args)).content.decode()
    menu = page[page.index('aria-label="Thi đua"') :]
    menu = menu[: menu.index("</nav>")]
    for target in (
        "movements:movement_list",
        "movements:registration_list",
        "org:cluster_list",
        "movements:standing_years",
    ):
        assert f'href="{reverse(target)}"' in menu
    assert f'href="{reverse(current)}" aria-current="true"' in menu
    assert menu.count("aria-current") == 1
