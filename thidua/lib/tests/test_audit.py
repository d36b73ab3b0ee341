"""Audit: every change through the pages is recorded with who and before → after, and shown."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from conftest import version_of
from thidua.lib.audit import history_entries
from thidua.org.models import Assignment, Person
from thidua.org.services import person_move, person_save, unit_save


def edit_post(person: Person, **changes) -> dict:
    data = {
        "code": person.code,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "service_start": "01/09/2010",
        "rank": person.rank,
        "position": person.position,
        "citizen_id": "",
        "unit": person.unit_id,
        "version": version_of(person),
    }
    return {**data, **changes}


def test_editing_a_person_records_who_and_shows_before_and_after(client_for, users, people):
    users.clerk_a.first_name, users.clerk_a.last_name = "Hoa", "Lê Thị"
    users.clerk_a.save()
    client = client_for(users.clerk_a)
    client.post(
        reverse("org:person_edit", args=[people.an.pk]), edit_post(people.an, rank="Thiếu tá")
    )

    record = people.an.history.first()
    assert record.history_type == "~" and record.history_user == users.clerk_a

    html = client.get(reverse("org:person_detail", args=[people.an.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Hoa Lê Thị" in history
    assert "Cấp bậc:" in history and "<del>Đại úy</del> → <ins>Thiếu tá</ins>" in history


def test_history_entries_describe_a_creation_with_readable_values(people):
    (entry,) = history_entries(people.an)
    values = {c["label"]: c["new"] for c in entry["changes"]}

    assert entry["action"] == "Tạo" and entry["user"] == "hệ thống"
    assert values["họ và tên"] == "Nguyễn Văn An"
    assert values["giới tính"] == "Nam"
    assert values["ngày sinh"] == "12/04/1988"
    assert values["đơn vị hiện tại"] == "Công an xã An Lạc"
    assert values["chưa xác minh"] == "Không"


def test_history_entries_diff_only_what_changed_newest_first(people, units):
    person_move(person=people.an, unit=units.cah_a, start=dt.date(2024, 1, 1))
    newest = history_entries(people.an)[0]
    assert newest["action"] == "Sửa"
    assert newest["changes"] == [
        {
            "field": "unit",
            "label": "đơn vị hiện tại",
            "old": "Công an xã An Lạc",
            "new": "Công an huyện An Phú",
        }
    ]


def test_a_deleted_assignment_stays_in_the_person_timeline(client_for, users, people, units):
    person_save(person=people.an, unit=units.cah_a, start=dt.date(2024, 1, 1))
    newest = people.an.assignments.get(end__isnull=True)
    client_for(users.clerk_a).post(reverse("org:assignment_delete", args=[newest.pk]))

    entries = history_entries(Assignment.history.filter(person_id=people.an.pk))
    assert entries[0]["action"] == "Xoá" and entries[0]["user"] == "clerk_a"
    # With no open assignment left An has no current unit: only province-wide users see him.
    html = (
        client_for(users.officer)
        .get(reverse("org:person_detail", args=[people.an.pk]))
        .content.decode()
    )
    assert "Xoá" in html[html.index('id="history"') :] and "quá trình công tác" in html


def test_unit_page_shows_the_units_changes(client_for, users, units):
    units.cax_a1.name = "Công an xã An Lạc Mới"
    unit_save(unit=units.cax_a1)
    html = (
        client_for(users.officer)
        .get(reverse("org:unit_detail", args=[units.cax_a1.pk]))
        .content.decode()
    )
    assert "<del>Công an xã An Lạc</del> → <ins>Công an xã An Lạc Mới</ins>" in html


def test_history_of_an_out_of_scope_person_is_not_reachable(client_for, users, people):
    assert (
        client_for(users.clerk_a)
        .get(reverse("org:person_detail", args=[people.cuong.pk]))
        .status_code
        == 404
    )


def test_a_fields_formatter_renders_its_stored_values_and_others_keep_the_generic_rules(
    people,
):
    people.an.rank = "Thiếu tá"
    person_save(person=people.an)
    entries = history_entries(people.an, formatters={"rank": lambda v: f"<{v}>"})
    change = next(c for c in entries[0]["changes"] if c["field"] == "rank")
    assert change["new"] == "<Thiếu tá>"
    assert change["old"] != "—" and change["old"].startswith("<")
    created = entries[-1]["changes"]
    birth = next(c for c in created if c["field"] == "birth_date")
    assert birth["new"] == people.an.birth_date.strftime("%d/%m/%Y")  # generic rule kept
