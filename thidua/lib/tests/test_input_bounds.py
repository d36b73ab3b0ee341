"""What a user types is bounded the same way on every door: a year 0001 or a 5 MB note is
refused with a Vietnamese message on the pages, in the API and in the imports."""

from __future__ import annotations

from django.urls import reverse

from conftest import version_of
from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_import
from thidua.imports.tests.conftest import UNIT_HEADERS, write_xlsx
from thidua.lib.validators import TEXT_MAX_LENGTH
from thidua.org.models import Person, Unit

FIVE_MB = "ghi chú " * (5 * 1024 * 1024 // 8)


def test_a_birth_date_in_year_0001_is_refused_by_the_api(client_for, users, people):
    client = client_for(users.officer)
    r = client.patch(
        "/api/people/CA0001/", '{"birth_date": "0001-01-01"}', content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["birth_date"] == ["Ngày 01/01/0001 nằm ngoài khoảng 01/01/1900 – 31/12/2100."]
    assert Person.objects.get(pk=people.an.pk).birth_date.year == 1988


def test_a_unit_dated_0001_is_refused_on_its_page(client_for, users, units):
    data = {
        "code": "CAX-A1",
        "name": "Công an xã An Lạc",
        "kind": "commune",
        "parent": units.cah_a.pk,
        "active_from": "01/01/0001",
        "active_to": "",
        "note": "",
        "version": version_of(units.cax_a1),
    }
    r = client_for(users.officer).post(reverse("org:unit_edit", args=[units.cax_a1.pk]), data)
    assert r.status_code == 200
    assert "nằm ngoài khoảng 01/01/1900 – 31/12/2100" in r.content.decode()


def test_a_five_megabyte_note_is_refused_by_the_api(client_for, users, units):
    import json

    client = client_for(users.officer)
    body = json.dumps({"note": FIVE_MB})
    r = client.patch("/api/units/CAX-A1/", body, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["note"][0].startswith(f"Không được dài quá {TEXT_MAX_LENGTH} ký tự")
    assert Unit.objects.get(pk=units.cax_a1.pk).note == ""


def test_an_imported_date_in_year_0001_is_a_row_error(units, tmp_path):
    path = write_xlsx(
        tmp_path / "don-vi.xlsx",
        [UNIT_HEADERS, ["CAX-A9", "Xã mới", "Công an xã", "CAH-A", "01/01/0001", None]],
    )
    plan = run_import("units", path, user=SYSTEM)
    assert [str(i) for i in plan.errors] == [
        "Dòng 2, cột 'Hiệu lực từ': Ngày 01/01/0001 nằm ngoài khoảng 01/01/1900 – 31/12/2100."
    ]
