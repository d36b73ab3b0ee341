"""Bringing in another register (--code-prefix): the absorbed force's units, people and
records, whose codes collide with this register's, come in under a prefix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award, YearlyResult
from thidua.imports.engine import run_import
from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS
from thidua.imports.tests.test_awards import HEADERS as AWARD_HEADERS
from thidua.imports.tests.test_awards import row as award_row
from thidua.imports.tests.test_results import HEADERS as RESULT_HEADERS
from thidua.org.models import Person, Unit
from thidua.org.selectors import duplicate_groups, shared_citizen_ids

WITH_CCCD = [*PEOPLE_HEADERS, "Số CCCD"]
PREFIX = {"code_prefix": "LG-"}


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


# The other force's own export: its codes CAT, PV01, CAX-A1 and CA0001 are this register's too.
OTHER_UNITS = [
    UNIT_HEADERS,
    ["CAT", "Công an tỉnh Lâm Giang", "Công an tỉnh", "", dt.date(2008, 1, 1), None],
    ["PV01", "Phòng Tham mưu", "Phòng", "CAT", None, None],
    ["CAH-A", "Công an huyện Lục Yên", "Công an huyện", "CAT", None, dt.date(2025, 2, 28)],
    ["CAX-A1", "Công an xã Lục Sơn", "Công an xã", "CAH-A", None, None],
]


def _other_people():
    return [
        WITH_CCCD,
        # The same human as this register's CA0001 (same name, birth date and CCCD).
        [
            "CA0001",
            "Nguyễn Văn An",
            "Nam",
            "12/04/1988",
            "01/09/2010",
            "Đại úy",
            "Cán bộ",
            "CAX-A1",
            "024088000123",
        ],
        [
            "CA0009",
            "Đỗ Thị Hoa",
            "Nữ",
            "02/02/1994",
            "01/09/2016",
            "Thượng úy",
            "Cán bộ",
            "PV01",
            "024194000456",
        ],
    ]


def _import(kind, path, **options):
    return run_import(kind, path, user=SYSTEM, options=options or PREFIX)


def _bring_in_units(xlsx):
    plan = _import("units", xlsx(OTHER_UNITS))
    assert plan.ok and plan.applied, plan.errors


def test_without_a_prefix_the_other_registers_codes_would_update_this_ones_units(units, xlsx):
    plan = run_import("units", xlsx(OTHER_UNITS), user=SYSTEM, dry_run=True)
    updated = {change.code for change in plan.updates}
    assert {"CAT", "PV01", "CAH-A", "CAX-A1"} <= updated  # the collision the prefix avoids


def test_a_prefix_brings_the_units_in_beside_this_registers_with_their_parents_prefixed(
    units, xlsx
):
    before = {u.code: (u.name, u.parent_id) for u in Unit.objects.all()}
    _bring_in_units(xlsx)
    assert {
        u.code: (u.name, u.parent_id) for u in Unit.objects.exclude(code__startswith="LG-")
    } == (before)
    other = {u.code: u for u in Unit.objects.filter(code__startswith="LG-")}
    assert set(other) == {"LG-CAT", "LG-PV01", "LG-CAH-A", "LG-CAX-A1"}
    assert other["LG-CAT"].parent is None and other["LG-CAT"].name == "Công an tỉnh Lâm Giang"
    assert other["LG-CAX-A1"].parent == other["LG-CAH-A"]
    assert other["LG-CAX-A1"].path == "/LG-CAT/LG-CAH-A/LG-CAX-A1/"
    assert other["LG-CAH-A"].active_to == dt.date(2025, 2, 28)


def test_importing_the_same_file_again_with_the_prefix_changes_nothing(units, people, xlsx):
    _bring_in_units(xlsx)
    people_file = xlsx(_other_people())
    first = _import("people", people_file)
    assert first.ok and first.applied, first.errors
    counts = (Unit.objects.count(), Person.objects.count(), Person.history.count())
    for kind, path in (("units", xlsx(OTHER_UNITS)), ("people", people_file)):
        again = _import(kind, path)
        assert again.ok and not again.has_changes and not again.applied, kind
    assert (Unit.objects.count(), Person.objects.count(), Person.history.count()) == counts


def test_people_come_in_with_their_codes_and_units_prefixed(units, people, xlsx):
    _bring_in_units(xlsx)
    plan = _import("people", xlsx(_other_people()))
    assert plan.ok and plan.applied, plan.errors
    hoa = Person.objects.get(code="LG-CA0009")
    assert hoa.unit.code == "LG-PV01" and hoa.assignments.get().unit.code == "LG-PV01"
    ours = Person.objects.get(code="CA0001")
    assert ours.unit.code == "CAX-A1" and ours.full_name == "Nguyễn Văn An"  # untouched
    assert Person.objects.get(code="LG-CA0001").unit.code == "LG-CAX-A1"


def test_the_same_person_in_both_registers_is_flagged_not_refused(units, people, xlsx):
    people.an.citizen_id = "024088000123"
    people.an.save()
    _bring_in_units(xlsx)
    plan = _import("people", xlsx(_other_people()))
    assert plan.ok and plan.applied, plan.errors
    warnings = [str(w) for w in plan.warnings]
    assert any(
        "Dòng 2" in w and "024088000123" in w and "CA0001" in w and "cùng một người" in w
        for w in warnings
    ), warnings
    assert any("Có thể trùng với CA0001 Nguyễn Văn An, Công an xã An Lạc" in w for w in warnings)
    # Both records stay, and the duplicates page's queries find them across the registers.
    assert list(shared_citizen_ids(Person.objects.all())) == ["024088000123"]
    groups = {(g["search_key"], g["birth_date"]): g["n"] for g in duplicate_groups(Person.objects)}
    assert groups[(people.an.search_key, dt.date(1988, 4, 12))] == 2


def test_the_duplicates_page_lists_the_person_of_both_registers(
    units, people, users, xlsx, client_for
):
    _bring_in_units(xlsx)
    assert _import("people", xlsx(_other_people())).applied
    page = client_for(users.officer).get(reverse("org:duplicates")).content.decode()
    assert "LG-CA0001" in page and "Công an xã Lục Sơn" in page
    assert "Công an xã An Lạc" in page  # this register's CA0001 beside it


def test_a_cccd_clash_inside_the_other_register_is_still_an_error(units, people, xlsx):
    _bring_in_units(xlsx)
    assert _import("people", xlsx(_other_people())).applied
    clash = [
        WITH_CCCD,
        [
            "CA0010",
            "Lý Văn Khánh",
            "Nam",
            "05/05/1990",
            "01/09/2012",
            "Đại úy",
            "Cán bộ",
            "PV01",
            "024194000456",
        ],
    ]
    plan = _import("people", xlsx(clash))
    assert not plan.ok
    assert any("đã được dùng cho cán bộ mã LG-CA0009" in str(e) for e in plan.errors)
    assert not Person.objects.filter(code="LG-CA0010").exists()


def test_without_a_prefix_the_shared_cccd_stays_an_error(units, people, xlsx):
    people.an.citizen_id = "024088000123"
    people.an.save()
    rows = [
        WITH_CCCD,
        ["X-0001", "Nguyễn Văn An", "Nam", "12/04/1988", "", "", "", "CAX-A1", "024088000123"],
    ]
    plan = run_import("people", xlsx(rows), user=SYSTEM)
    assert any("đã được dùng cho cán bộ mã CA0001" in str(e) for e in plan.errors)


def test_a_code_too_long_with_the_prefix_is_an_error_on_its_row_and_nothing_is_written(units, xlsx):
    long_code = "D" * 30
    rows = [*OTHER_UNITS, [long_code, "Đội Tổng hợp", "Đội", "PV01", None, None]]
    plan = _import("units", xlsx(rows))
    assert [str(e) for e in plan.errors] == [
        f"Dòng 6, cột 'Mã đơn vị': Mã '{long_code}' thêm tiền tố thành 'LG-{long_code}', "
        "dài quá 32 ký tự."
    ]
    assert not Unit.objects.filter(code__startswith="LG-").exists()


def test_a_prefix_that_is_not_a_code_is_refused_for_the_whole_file(units, xlsx):
    plan = _import("units", xlsx(OTHER_UNITS), code_prefix="Lâm Giang ")
    assert len(plan.errors) == 1 and "Tiền tố mã 'Lâm Giang' không hợp lệ" in str(plan.errors[0])
    assert not plan.applied and not Unit.objects.filter(name__contains="Lâm Giang").exists()


def test_awards_and_results_name_the_other_registers_people_and_units_by_prefixed_code(
    units, people, xlsx
):
    _bring_in_units(xlsx)
    assert _import("people", xlsx(_other_people())).applied
    awards = xlsx(
        [
            AWARD_HEADERS,
            award_row("CA0009", "Đỗ Thị Hoa", "PV01", number="7/QĐ-CAT-LG"),
            award_row(
                "CAX-A1",
                "Công an xã Lục Sơn",
                "CAH-A",
                number="8/QĐ-CAT-LG",
                form="Giấy khen",
                kind="Tập thể",
            ),
        ]
    )
    plan = _import("awards", awards)
    assert plan.ok and plan.applied, plan.errors
    got = set(Award.objects.values_list("person__code", "unit__code"))
    assert got == {("LG-CA0009", None), (None, "LG-CAX-A1")}
    results = xlsx([RESULT_HEADERS, ["CA0001", "Cá nhân", 2022, "Hoàn thành tốt nhiệm vụ", ""]])
    assert _import("results", results).applied
    assert YearlyResult.objects.get().person.code == "LG-CA0001"


def test_the_command_line_takes_the_prefix(units, xlsx, capsys):
    call_command("import", "units", str(xlsx(OTHER_UNITS)), "--code-prefix", "LG-")
    assert Unit.objects.filter(code="LG-CAX-A1", parent__code="LG-CAH-A").exists()


def test_the_web_form_takes_the_prefix_and_the_preview_names_it(
    client_for, units, users, xlsx, upload_dir
):
    client = client_for(users.officer)
    page = client.get(reverse("imports:index")).content.decode()
    assert page.count('name="code_prefix"') >= 2  # units and people at least
    with xlsx(OTHER_UNITS).open("rb") as handle:
        response = client.post(
            reverse("imports:upload", args=["units"]), {"file": handle, "code_prefix": "LG-"}
        )
    assert response.status_code == 302
    token = re.search(r"/([^/]+)/$", response.url).group(1)
    preview = client.get(response.url).content.decode()
    assert "--code-prefix LG-" in preview and "LG-CAX-A1" in preview
    client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert Unit.objects.filter(code="LG-CAX-A1").exists()
    assert not Unit.objects.filter(name="Công an xã Lục Sơn").exclude(code="LG-CAX-A1").exists()
