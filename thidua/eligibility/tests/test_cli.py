"""`thidua eligibility`: the JSON contract, award names, recipients, sweeps, lists, scope."""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from openpyxl import load_workbook

from thidua.accounts.scope import SYSTEM
from thidua.awards.services import yearly_result_save
from thidua.lib.tests.excel_checks import formula_like_texts
from thidua.org.models import Person
from thidua.rules.engine import default_rulebook

from .conftest import YEAR
from .helpers import candidate_file, run_cli, run_json


def test_json_has_the_contract_fields(record):
    items = run_json("--year", str(YEAR), "--person", "CA0001")
    assert items
    for item in items:
        assert set(item["recipient"]) >= {"kind", "code", "name"}
        assert set(item["award"]) >= {"code", "name"}
        assert isinstance(item["eligible"], bool)
        for condition in item["conditions"]:
            assert set(condition) >= {"text", "met", "evidence", "citation"}
    cand = next(i for i in items if i["award"]["code"] == "cstd_cand")
    assert cand["recipient"] == {"kind": "individual", "code": "CA0001", "name": "Nguyễn Văn An"}
    assert cand["eligible"] is True
    evidence = " ".join(e for c in cand["conditions"] for e in c["evidence"])
    assert "QĐ 15/QĐ-CAT" in evidence and "QĐ 9/QĐ-CAT" in evidence
    assert "SK-12/QĐ-BCA" in evidence


def test_person_lists_every_applicable_award_type_eligible_or_not(record):
    items = run_json("--year", str(YEAR), "--person", "CA0001")
    pack = default_rulebook().pack_for(YEAR)
    individual = {
        code
        for code, rule in pack.awards.items()
        if (rule.recipient or default_rulebook().catalogue.get(code).recipient) == "individual"
    }
    assert {i["award"]["code"] for i in items} == individual
    assert {i["eligible"] for i in items} == {True, False}
    toan_quoc = next(i for i in items if i["award"]["code"] == "cstd_toan_quoc")
    assert "còn thiếu 1 năm Chiến sĩ thi đua Công an nhân dân liên tục" in " ".join(
        toan_quoc["missing"]
    )


@pytest.mark.parametrize(
    "name", ["chien si thi dua cong an nhan dan", "CHIẾN SĨ THI ĐUA CÔNG AN NHÂN DÂN", "cstd_cand"]
)
def test_award_by_code_or_accentless_name(record, name):
    items = run_json("--year", str(YEAR), "--award", name)
    assert [(i["recipient"]["code"], i["award"]["code"]) for i in items] == [
        ("CA0001", "cstd_cand")
    ]


def test_unknown_award_lists_the_closest_names(record):
    with pytest.raises(CommandError) as exc:
        run_cli("--year", str(YEAR), "--award", "chien si thi dua co s")
    assert "Gần giống" in str(exc.value) and "Chiến sĩ thi đua cơ sở" in str(exc.value)


def test_an_award_the_pack_does_not_judge_is_an_error(record):
    with pytest.raises(CommandError, match="chưa có tiêu chuẩn xét"):
        run_cli("--year", str(YEAR), "--award", "hc_chien_cong_3")


def test_a_sweep_lists_only_the_eligible_unless_all(record):
    eligible = run_json("--year", str(YEAR))
    assert eligible and all(i["eligible"] for i in eligible)
    assert ("CA0001", "cstd_cand") in {
        (i["recipient"]["code"], i["award"]["code"]) for i in eligible
    }
    everything = run_json("--year", str(YEAR), "--all")
    assert len(everything) > len(eligible)
    assert any(not i["eligible"] for i in everything)
    # Seniority medals come with the sweep: An has 14 years of service in 2024.
    assert ("CA0001", "hccsvv_3") in {
        (i["recipient"]["code"], i["award"]["code"]) for i in eligible
    }


def test_unit_means_the_unit_itself_as_a_collective(record):
    items = run_json("--year", str(YEAR), "--unit", "CAH-A")
    assert items and {i["recipient"]["kind"] for i in items} == {"collective"}
    assert {i["recipient"]["code"] for i in items} == {"CAH-A"}
    assert "don_vi_tien_tien" in {i["award"]["code"] for i in items}


def test_table_is_readable_vietnamese(record):
    text = run_cli("--year", str(YEAR), "--person", "CA0001", "--award", "cstd_cand")
    assert "Xét khen thưởng năm 2024" in text
    assert "Nguyễn Văn An" in text and "Đủ điều kiện" in text
    assert "căn cứ: Điều 22 Luật Thi đua, khen thưởng 2022" in text


def test_xlsx_needs_output_and_writes_two_sheets(record, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        run_cli("--year", str(YEAR), "--format", "xlsx")
    target = tmp_path / "ket-qua.xlsx"
    run_cli("--year", str(YEAR), "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Kết luận", "Chi tiết điều kiện"]
    rows = list(book["Kết luận"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Đối tượng", "Mã", "Họ và tên / Tên tập thể")
    assert any(r[1] == "CA0001" and r[4] == "Chiến sĩ thi đua Công an nhân dân" for r in rows)
    assert book["Chi tiết điều kiện"].max_row > len(rows)


def test_check_flags_an_ineligible_candidate_and_a_quota_excess(record, tmp_path):
    # 2023 is judged under cand_2019: CSTĐCS at most 15% of the CSTT holders (2 → 0 places).
    yearly_result_save(year=2023, person=record.cuong, appraisal="hoan_thanh")
    path = candidate_file(
        tmp_path / "de-nghi.xlsx",
        [
            {
                "Hình thức khen thưởng": "Chiến sĩ thi đua cơ sở",
                "Đối tượng": "Cá nhân",
                "Mã": "CA0001",
                "Năm": 2023,
            },
            {"Hình thức khen thưởng": "CSTĐCS", "Đối tượng": "Cá nhân", "Mã": "CA0003"},
        ],
    )
    items = run_json("--year", "2023", "--check", str(path))
    an, cuong = items
    assert (an["row"], cuong["row"]) == (4, 5)
    assert an["eligible"] is False
    quota = [c for c in an["conditions"] if c["kind"] == "quota"]
    assert quota and not quota[0]["met"] and "vượt chỉ tiêu" in quota[0]["missing"]
    assert cuong["eligible"] is False
    assert any("Hoàn thành nhiệm vụ" in m for m in cuong["missing"])


def test_check_reports_bad_rows_with_row_column_and_reason(record, tmp_path):
    path = candidate_file(
        tmp_path / "loi.xlsx",
        [
            {
                "Hình thức khen thưởng": "Bang khen bo truong X",
                "Đối tượng": "Cá nhân",
                "Mã": "CA0001",
            },
            {"Hình thức khen thưởng": "CSTĐCS", "Đối tượng": "Cá nhân", "Mã": "KHONGCO"},
            {
                "Hình thức khen thưởng": "CSTĐCS",
                "Đối tượng": "Cá nhân",
                "Họ và tên / Tên tập thể": "nguyen van an",
                "Mã đơn vị": "CAH-A",
            },
        ],
    )
    with pytest.raises(CommandError, match="2 dòng lỗi"):
        run_cli("--year", str(YEAR), "--check", str(path))
    from thidua.eligibility.services import check_candidates_file

    result = check_candidates_file(user=SYSTEM, year=YEAR, path=path)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Hình thức khen thưởng"), (5, "Mã")]
    assert "Gần giống: Bằng khen của Bộ trưởng Bộ Công an" in result.errors[0].message
    assert [(r.row, r.verdict.recipient_code) for r in result.rows] == [(6, "CA0001")]


def test_a_clerk_sweep_never_includes_people_outside_its_subtree(record, users):
    items = run_json("--year", str(YEAR), "--all", "--user", "clerk_b")
    codes = {i["recipient"]["code"] for i in items}
    assert codes and codes <= {"CA0003", "CAH-B", "CAX-B1"}


def test_a_clerk_cannot_ask_about_a_person_of_another_unit(record, users):
    with pytest.raises(CommandError, match="Không tìm thấy cán bộ có số hiệu 'CA0001'"):
        run_cli("--year", str(YEAR), "--person", "CA0001", "--user", "clerk_b")
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        run_cli("--year", str(YEAR), "--unit", "CAH-A", "--user", "clerk_b")


def test_a_clerk_checking_a_list_sees_outsiders_as_unknown(record, users, tmp_path):
    path = candidate_file(
        tmp_path / "de-nghi.xlsx",
        [{"Hình thức khen thưởng": "CSTĐCS", "Đối tượng": "Cá nhân", "Mã": "CA0001"}],
    )
    with pytest.raises(CommandError):
        run_cli("--year", str(YEAR), "--check", str(path), "--user", "clerk_b")
    from thidua.eligibility.services import check_candidates_file

    result = check_candidates_file(user=users.clerk_b, year=YEAR, path=path)
    assert not result.rows and "trong phạm vi được xem" in result.errors[0].message


def test_a_year_without_a_rule_pack_is_an_error(record):
    with pytest.raises(CommandError, match="Không có gói quy tắc"):
        run_cli("--year", "1990")


def test_xlsx_keeps_a_formula_like_name_as_text(record, tmp_path):
    Person.objects.filter(code="CA0001").update(full_name="-Nguyễn Văn An")
    target = tmp_path / "ket-qua.xlsx"
    run_cli("--year", str(YEAR), "--person", "CA0001", "--format", "xlsx", "--output", str(target))
    assert "-Nguyễn Văn An" in formula_like_texts(target)
