from __future__ import annotations

import unicodedata

import pytest

from thidua.lib.vntext import clean_text, collation_key, fold, name_sort_key, split_name


def test_fold_removes_diacritics_and_reads_dd_as_d():
    assert fold("Nguyễn Văn An") == "nguyen van an"
    assert fold("ĐẶNG THỊ ĐÀO") == "dang thi dao"


def test_fold_treats_nfd_and_nfc_alike():
    nfd = unicodedata.normalize("NFD", "Trần Thị Hương")
    assert fold(nfd) == fold("Trần Thị Hương") == "tran thi huong"


def test_clean_text_collapses_nbsp_and_spaces():
    assert clean_text("  Lê\u00a0 Văn   Tám \t") == "Lê Văn Tám"
    assert clean_text(None) == ""


def test_split_name_family_middle_given():
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_name("Lê Lợi") == ("Lê", "", "Lợi")
    assert split_name("Hùng") == ("", "", "Hùng")


def _sorted(names):
    return sorted(names, key=name_sort_key)


def test_people_sort_by_given_name_first():
    assert _sorted(["Nguyễn Văn Bình", "Trần Văn An", "Lê Thị Cúc"]) == [
        "Trần Văn An",
        "Nguyễn Văn Bình",
        "Lê Thị Cúc",
    ]


@pytest.mark.parametrize(
    "lower, higher",
    [
        ("An", "Ăn"),
        ("Ăn", "Ân"),
        ("Ân", "Bảo"),
        ("Dung", "Đức"),
        ("Dương", "Đào"),
        ("Em", "Ê"),
        ("Ê", "Giang"),
        ("Oanh", "Ôn"),
        ("Ôn", "Ơn"),
        ("Ơn", "Phúc"),
        ("Uyên", "Ưng"),
        ("Ưng", "Vân"),
        ("An", "Anh"),
        ("Hà", "Hạ"),
    ],
)
def test_given_names_follow_vietnamese_letter_order(lower, higher):
    assert name_sort_key(f"Nguyễn Văn {lower}") < name_sort_key(f"Nguyễn Văn {higher}")


def test_tones_only_break_ties_in_dictionary_order():
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert _sorted(list(reversed(tones))) == tones
    # A tone never outranks a letter: "Mạ" still comes before "Mai".
    assert name_sort_key("Lê Mạ") < name_sort_key("Lê Mai")


def test_same_given_name_then_middle_then_family():
    assert _sorted(["Trần Văn An", "Nguyễn Thị An", "Lê Văn An"]) == [
        "Nguyễn Thị An",
        "Lê Văn An",
        "Trần Văn An",
    ]


def test_case_and_unicode_form_do_not_change_the_key():
    assert name_sort_key("NGUYỄN VĂN AN") == name_sort_key(
        unicodedata.normalize("NFD", "nguyễn văn an")
    )


def test_collation_key_orders_unit_names():
    names = ["Đội Cảnh sát", "Công an xã Ân Thi", "Công an huyện", "Phòng Tham mưu"]
    assert sorted(names, key=collation_key) == [
        "Công an huyện",
        "Công an xã Ân Thi",
        "Đội Cảnh sát",
        "Phòng Tham mưu",
    ]
