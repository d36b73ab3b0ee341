"""The rules of a yearly result live once (awards.checks, lib.validators): the service that
the entry pages call refuses what the results import refuses, with the same words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.services import yearly_result_save

pytestmark = pytest.mark.django_db


def _refusal(**kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        yearly_result_save(**kwargs)
    return caught.value.message_dict


def test_the_service_refuses_a_year_after_this_one(people):
    next_year = dt.date.today().year + 1
    errors = _refusal(person=people.an, year=next_year, appraisal="tot")
    assert errors["year"] == [
        f"Năm {next_year} không hợp lệ: phải từ 1945 đến {dt.date.today().year}."
    ]


def test_the_service_refuses_a_result_with_neither_appraisal_nor_title(people):
    assert _refusal(person=people.an, year=2024)["appraisal"] == [
        "Cần ghi Xếp loại (hoặc Danh hiệu)."
    ]


def test_the_service_refuses_a_title_that_is_not_a_yearly_one(people, types):
    errors = _refusal(person=people.an, year=2024, title=types.giay_khen_giam_doc)
    assert errors["title"] == [
        f"'{types.giay_khen_giam_doc.name}' không phải danh hiệu thi đua hằng năm."
    ]


def test_the_service_refuses_a_collective_title_for_a_person(people, types):
    errors = _refusal(person=people.an, year=2024, title=types.don_vi_tien_tien)
    assert errors["title"] == ["Danh hiệu 'Đơn vị tiên tiến' không dành cho cá nhân."]


def test_an_initiative_of_the_same_name_and_year_is_not_added_twice(people):
    from thidua.awards.services import initiative_create

    initiative_create(title="Bản đồ số", year=2023, scope="co_so", authors=[people.an])
    with pytest.raises(ValidationError) as caught:
        initiative_create(title="ban do so", year=2023, scope="co_so", authors=[people.an])
    assert caught.value.message_dict["title"] == [
        "Sáng kiến 'ban do so' năm 2023 đã được ghi nhận."
    ]
