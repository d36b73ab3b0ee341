"""The award catalogue: the file honours the shared contract, loads, and resolves names."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.awards.catalogue import (
    CATALOGUE_PATH,
    UnknownAwardType,
    alias_key,
    catalogue_index,
    catalogue_sync,
    resolve_award_type,
)
from thidua.awards.models import AwardType, AwardTypeAlias

# notes/catalogue-schema.md: both the register and the engine use exactly these codes.
CONTRACT_CODES = {
    "chien_si_tien_tien",
    "lao_dong_tien_tien",
    "cstd_co_so",
    "cstd_cand",
    "cstd_toan_quoc",
    "don_vi_tien_tien",
    "don_vi_quyet_thang",
    "co_thi_dua_bca",
    "co_thi_dua_ubnd_tinh",
    "co_thi_dua_chinh_phu",
    "giay_khen_giam_doc",
    "bang_khen_bo_truong",
    "bang_khen_ubnd_tinh",
    "bang_khen_thu_tuong",
    *(
        f"hc_{order}_{c}"
        for order in ("chien_cong", "bao_ve_to_quoc", "lao_dong", "quan_cong", "doc_lap")
        for c in (1, 2, 3)
    ),
    "hc_dung_cam",
    "hc_ho_chi_minh",
    "hc_sao_vang",
    "hccsvv_1",
    "hccsvv_2",
    "hccsvv_3",
    "hc_vi_an_ninh_to_quoc",
    "anh_hung_llvtnd",
    "anh_hung_lao_dong",
    "knc_bao_ve_an_ninh_to_quoc",
}
SCHEMA_KEYS = {
    "code",
    "name",
    "short_name",
    "kind",
    "recipient",
    "level",
    "authority",
    "family",
    "class",
    "rank",
    "chain",
    "frequency",
    "legal_basis",
    "status",
    "aliases",
}


def _raw_entries() -> list[dict]:
    return yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))["award_types"]


def test_file_has_every_contract_code_with_every_schema_key():
    entries = _raw_entries()
    assert {e["code"] for e in entries} == CONTRACT_CODES
    for entry in entries:
        assert set(entry) == SCHEMA_KEYS, entry["code"]
        assert entry["aliases"], entry["code"]


def test_ranks_follow_the_contract_precedence():
    rank = {e["code"]: (e["chain"], e["rank"]) for e in _raw_entries()}
    merit = [
        "chien_si_tien_tien",
        "giay_khen_giam_doc",
        "cstd_co_so",
        "bang_khen_bo_truong",
        "cstd_cand",
        "bang_khen_thu_tuong",
        "cstd_toan_quoc",
        "hc_lao_dong_3",
        "hc_lao_dong_2",
        "hc_lao_dong_1",
        "hc_doc_lap_3",
        "hc_doc_lap_2",
        "hc_doc_lap_1",
        "hc_ho_chi_minh",
        "hc_sao_vang",
    ]
    assert [rank[c] for c in merit] == sorted(rank[c] for c in merit)
    assert rank["bang_khen_ubnd_tinh"] == rank["bang_khen_bo_truong"]
    assert rank["co_thi_dua_bca"] == rank["co_thi_dua_ubnd_tinh"] == ("merit", 35)
    assert [rank[f"hccsvv_{c}"][1] for c in (3, 2, 1)] == [10, 20, 30]
    assert rank["hc_vi_an_ninh_to_quoc"] == ("seniority", 40)
    assert rank["knc_bao_ve_an_ninh_to_quoc"] == ("commemorative", 10)


def test_migrate_loaded_every_code_active(db):
    assert (
        set(AwardType.objects.filter(active=True).values_list("code", flat=True)) == CONTRACT_CODES
    )


def test_unverified_status_and_legal_basis_are_loaded(db):
    cstd_cand = AwardType.objects.get(code="cstd_cand")
    assert cstd_cand.status == "unverified"
    assert "Điều 22" in cstd_cand.legal_basis
    assert AwardType.objects.get(code="hccsvv_2").award_class == 2


@pytest.mark.parametrize(
    "typed, code",
    [
        ("HC BVTQ hạng Ba", "hc_bao_ve_to_quoc_3"),
        ("Huân chương Bảo vệ Tổ quốc hạng Ba", "hc_bao_ve_to_quoc_3"),
        ("huan chuong bao ve to quoc hang III", "hc_bao_ve_to_quoc_3"),
        ("HCBVTQ hạng 3", "hc_bao_ve_to_quoc_3"),
        ("Bằng khen Bộ trưởng", "bang_khen_bo_truong"),
        ("Bang khen cua Bo truong Bo Cong an", "bang_khen_bo_truong"),
        ("Bằng khen BCA", "bang_khen_bo_truong"),
        ("BK BCA", "bang_khen_bo_truong"),
        ("bk bca", "bang_khen_bo_truong"),
        ("CSTĐCS", "cstd_co_so"),
        ("CSTDCS", "cstd_co_so"),
        ("chiến sĩ thi đua cấp cơ sở", "cstd_co_so"),
        ("CSTT", "chien_si_tien_tien"),
        ("ĐVQT", "don_vi_quyet_thang"),
        ("Giấy khen GĐ", "giay_khen_giam_doc"),
        ("HCCSVV hạng Nhì", "hccsvv_2"),
        ("Huy chuong chien si ve vang hang 2", "hccsvv_2"),
        ("Cờ thi đua Bộ Công an", "co_thi_dua_bca"),
        ("Cờ thi đua của Ủy ban nhân dân tỉnh", "co_thi_dua_ubnd_tinh"),
        ("Cờ thi đua của Uỷ ban nhân dân tỉnh", "co_thi_dua_ubnd_tinh"),  # old tone placement
        ("Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", "knc_bao_ve_an_ninh_to_quoc"),
        ("bang_khen_thu_tuong", "bang_khen_thu_tuong"),
        ("  Chiến\u00a0sĩ  tiên tiến ", "chien_si_tien_tien"),
    ],
)
def test_typed_names_resolve_to_their_type(db, typed, code):
    assert resolve_award_type(typed).code == code


def test_nfd_text_resolves_like_nfc(db):
    import unicodedata

    assert (
        resolve_award_type(unicodedata.normalize("NFD", "Đơn vị quyết thắng")).code
        == "don_vi_quyet_thang"
    )


def test_unknown_name_lists_the_closest_catalogue_names(db):
    with pytest.raises(UnknownAwardType) as exc:
        resolve_award_type("Bang khen bo truong X")
    assert exc.value.suggestions[0] == "Bằng khen của Bộ trưởng Bộ Công an"
    assert exc.value.messages[0].startswith(
        "Không rõ hình thức khen thưởng 'Bang khen bo truong X'. Gần giống: Bằng khen của Bộ trưởng Bộ Công an"
    )


def test_ambiguous_name_is_not_guessed(db):
    # "Huân chương Chiến công" has three classes: the user must say which.
    with pytest.raises(UnknownAwardType) as exc:
        resolve_award_type("Huân chương Chiến công")
    assert set(exc.value.suggestions) <= {
        "Huân chương Chiến công hạng Nhất",
        "Huân chương Chiến công hạng Nhì",
        "Huân chương Chiến công hạng Ba",
    }


def test_alias_keys_are_unique_in_the_database(db):
    keys = list(AwardTypeAlias.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert alias_key("Bằng khen của Bộ trưởng") == alias_key("bang khen bo truong")


def test_resolving_many_rows_asks_the_database_nothing(db, django_assert_num_queries):
    catalogue_index(refresh=True)
    with django_assert_num_queries(0):
        for _ in range(1000):
            resolve_award_type("BK BCA")


def test_sync_twice_changes_nothing(db):
    before = AwardType.history.count()
    result = catalogue_sync()
    assert (result.created, result.updated, result.deactivated) == ([], [], [])
    assert AwardType.history.count() == before


def _write_catalogue(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(
        yaml.safe_dump({"version": "test", "award_types": entries}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def test_removed_entry_becomes_inactive_and_is_kept(db, tmp_path, decisions):
    entries = [e for e in _raw_entries() if e["code"] != "cstd_co_so"]
    result = catalogue_sync(path=_write_catalogue(tmp_path, entries))
    assert result.deactivated == ["cstd_co_so"]
    cstdcs = AwardType.objects.get(code="cstd_co_so")
    assert not cstdcs.active and cstdcs.awards.count() == 2
    with pytest.raises(UnknownAwardType):
        resolve_award_type("CSTĐCS")


def test_changed_entry_is_updated_in_place(db, tmp_path):
    entries = _raw_entries()
    entries[0]["authority"] = "Thủ trưởng đơn vị"
    entries[0]["aliases"].append("Chiến sĩ TT")
    result = catalogue_sync(path=_write_catalogue(tmp_path, entries))
    assert result.updated == [entries[0]["code"]]
    assert AwardType.objects.get(code=entries[0]["code"]).authority == "Thủ trưởng đơn vị"
    assert resolve_award_type("chien si tt").code == entries[0]["code"]


def test_alias_shared_by_two_types_is_refused(db, tmp_path):
    entries = _raw_entries()
    entries[1]["aliases"].append("CSTT")  # lao_dong_tien_tien claims chien_si_tien_tien's name
    with pytest.raises(ValidationError, match="CSTT"):
        catalogue_sync(path=_write_catalogue(tmp_path, entries))


def test_bad_value_is_reported_with_its_code(db, tmp_path):
    entries = _raw_entries()
    entries[0]["level"] = "district"
    with pytest.raises(ValidationError, match=r"chien_si_tien_tien.*district"):
        catalogue_sync(path=_write_catalogue(tmp_path, entries))


def test_load_catalogue_command_prints_a_summary(db):
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert "Danh mục 2026.1: 0 loại mới, 0 loại cập nhật, 0 loại ngừng dùng." in out.getvalue()


def test_load_catalogue_command_fails_on_a_bad_file(db, tmp_path):
    path = _write_catalogue(tmp_path, [{"code": "X y"}])
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("load_catalogue", file=str(path), stdout=StringIO())
