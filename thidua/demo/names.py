"""Pools of Vietnamese names with realistic weights, and a deterministic name maker.

Family-name weights follow the usual published shares (Nguyễn about 38 %, Trần 11 %,
Lê 9.5 %, Phạm 7 % …); the province is northern, so Hoàng and Vũ outweigh Huỳnh and Võ.
Middle names are gendered ("Văn", "Đức" … / "Thị", "Ngọc" …) and the traditional
"Văn" / "Thị" are rarer among people born later.
"""

from __future__ import annotations

import random
from itertools import accumulate

from thidua.org.choices import Gender

FAMILY_NAMES: dict[str, float] = {
    "Nguyễn": 38.0,
    "Trần": 11.0,
    "Lê": 9.5,
    "Phạm": 7.0,
    "Hoàng": 4.1,
    "Huỳnh": 1.0,
    "Phan": 4.5,
    "Vũ": 3.0,
    "Võ": 0.9,
    "Đặng": 2.1,
    "Bùi": 2.0,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1.0,
    "Lý": 0.5,
    "Đinh": 0.7,
    "Trịnh": 0.6,
    "Đoàn": 0.6,
    "Lương": 0.5,
    "Trương": 0.5,
    "Mai": 0.5,
    "Hà": 0.5,
    "Cao": 0.4,
    "Lâm": 0.4,
    "Tạ": 0.3,
    "Chu": 0.3,
    "Phùng": 0.3,
    "Tô": 0.3,
    "Lưu": 0.3,
    "Kiều": 0.2,
    "Quách": 0.2,
    "Triệu": 0.2,
    "Nông": 0.2,
    "Lại": 0.2,
    "Đàm": 0.2,
    "Vương": 0.2,
    "Thái": 0.2,
    "Khúc": 0.1,
}

MALE_MIDDLE: dict[str, float] = {
    "Văn": 40,
    "Đức": 8,
    "Minh": 7,
    "Quang": 6,
    "Hữu": 5,
    "Đình": 4,
    "Xuân": 4,
    "Công": 4,
    "Thành": 4,
    "Ngọc": 3,
    "Mạnh": 3,
    "Trung": 3,
    "Hoàng": 3,
    "Tiến": 3,
    "Duy": 3,
    "Quốc": 3,
    "Thế": 3,
    "Trọng": 3,
    "Thanh": 3,
    "Anh": 2,
    "Hải": 2,
    "Việt": 2,
    "Bá": 2,
    "Khắc": 2,
    "Hồng": 2,
    "Tuấn": 1,
    "Phú": 1,
    "Chí": 1,
}
FEMALE_MIDDLE: dict[str, float] = {
    "Thị": 55,
    "Ngọc": 6,
    "Thu": 5,
    "Thanh": 5,
    "Hồng": 4,
    "Minh": 3,
    "Phương": 3,
    "Kim": 3,
    "Thùy": 3,
    "Bích": 2,
    "Mai": 2,
    "Hải": 2,
    "Khánh": 2,
    "Thúy": 2,
    "Diệu": 1,
    "Lan": 1,
    "Quỳnh": 1,
    "Mỹ": 1,
    "Hoài": 1,
    "Bảo": 1,
}
# "Nguyễn Thị Thu Hà": a second middle name after the first one, for a few people.
SECOND_MIDDLE = {
    Gender.MALE: ["Minh", "Đức", "Quang", "Anh", "Hoàng", "Tuấn", "Việt", "Bảo"],
    Gender.FEMALE: ["Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Bích", "Thúy", "Phương"],
}
SECOND_MIDDLE_SHARE = {Gender.MALE: 0.04, Gender.FEMALE: 0.15}

MALE_GIVEN: dict[str, float] = {
    "Tuấn": 4,
    "Anh": 3,
    "Hùng": 3,
    "Dũng": 3,
    "Hải": 3,
    "Long": 3,
    "Nam": 3,
    "Minh": 3,
    "Sơn": 3,
    "Cường": 3,
    "Huy": 3,
    "Đức": 3,
    "Trung": 3,
    "Thành": 3,
    "Thắng": 2,
    "Hưng": 2,
    "Hoàng": 2,
    "Quang": 2,
    "Tùng": 2,
    "Việt": 2,
    "Phong": 2,
    "Bình": 2,
    "An": 2,
    "Chiến": 2,
    "Duy": 2,
    "Đạt": 2,
    "Hiếu": 2,
    "Hòa": 2,
    "Khánh": 2,
    "Kiên": 2,
    "Mạnh": 2,
    "Nghĩa": 2,
    "Phúc": 2,
    "Quân": 2,
    "Tiến": 2,
    "Toàn": 2,
    "Trường": 2,
    "Vinh": 2,
    "Tú": 1,
    "Bảo": 1,
    "Công": 1,
    "Dương": 1,
    "Định": 1,
    "Đông": 1,
    "Giang": 1,
    "Hào": 1,
    "Hậu": 1,
    "Hiệp": 1,
    "Khoa": 1,
    "Lâm": 1,
    "Linh": 1,
    "Lợi": 1,
    "Luân": 1,
    "Ngọc": 1,
    "Nhân": 1,
    "Phú": 1,
    "Quý": 1,
    "Tài": 1,
    "Tâm": 1,
    "Tân": 1,
    "Thái": 1,
    "Thịnh": 1,
    "Thông": 1,
    "Vũ": 1,
    "Khải": 1,
    "Lực": 1,
    "Thuận": 1,
    "Tuyên": 1,
    "Doanh": 1,
    "Điệp": 1,
}
FEMALE_GIVEN: dict[str, float] = {
    "Linh": 3,
    "Trang": 3,
    "Hương": 3,
    "Hà": 3,
    "Huyền": 3,
    "Phương": 3,
    "Thảo": 3,
    "Hằng": 2,
    "Lan": 2,
    "Mai": 2,
    "Ngọc": 2,
    "Nhung": 2,
    "Thủy": 2,
    "Thúy": 2,
    "Yến": 2,
    "Vân": 2,
    "Anh": 2,
    "Dung": 2,
    "Hạnh": 2,
    "Hiền": 2,
    "Hoa": 2,
    "Nga": 2,
    "Quỳnh": 2,
    "Thu": 1,
    "An": 1,
    "Bích": 1,
    "Châu": 1,
    "Chi": 1,
    "Duyên": 1,
    "Giang": 1,
    "Hồng": 1,
    "Hường": 1,
    "Liên": 1,
    "Loan": 1,
    "Minh": 1,
    "My": 1,
    "Ngân": 1,
    "Oanh": 1,
    "Quyên": 1,
    "Tâm": 1,
    "Thanh": 1,
    "Trinh": 1,
    "Tuyết": 1,
    "Uyên": 1,
    "Vy": 1,
}

# The traditional middle names fade with the generations born later.
_TRADITIONAL = {"Văn", "Thị"}


def _traditional_factor(birth_year: int) -> float:
    if birth_year < 1980:
        return 1.0
    return 0.7 if birth_year < 1990 else 0.45


class _Pool:
    """Weighted choice with precomputed cumulative weights (one bisect per draw)."""

    def __init__(self, weights: dict[str, float]):
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def _middle_pool(weights: dict[str, float], factor: float) -> _Pool:
    return _Pool({k: w * factor if k in _TRADITIONAL else w for k, w in weights.items()})


class NameMaker:
    """Full names drawn from the pools; the same rng state gives the same names."""

    def __init__(self) -> None:
        self.family = _Pool(FAMILY_NAMES)
        self.given = {Gender.MALE: _Pool(MALE_GIVEN), Gender.FEMALE: _Pool(FEMALE_GIVEN)}
        self.middle = {
            (gender, factor): _middle_pool(weights, factor)
            for gender, weights in ((Gender.MALE, MALE_MIDDLE), (Gender.FEMALE, FEMALE_MIDDLE))
            for factor in (1.0, 0.7, 0.45)
        }

    def full_name(self, rng: random.Random, gender: str, birth_year: int) -> str:
        family = self.family.pick(rng)
        middle = self.middle[(gender, _traditional_factor(birth_year))].pick(rng)
        given = self.given[gender].pick(rng)
        while given == middle:
            given = self.given[gender].pick(rng)
        parts = [family, middle]
        # "Thị Thu" is common, "Văn Minh" is not.
        if rng.random() < SECOND_MIDDLE_SHARE[gender] and middle != "Văn":
            second = rng.choice(SECOND_MIDDLE[gender])
            if second not in (middle, given):
                parts.append(second)
        parts.append(given)
        return " ".join(parts)
