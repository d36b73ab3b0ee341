"""The demo province's unit tree: about 50 units in three levels, two of them merged away.

Công an tỉnh Sơn Hà (a fictional province) → 15 Phòng with real CAND names and codes, some
with Đội under them, and 8 Công an huyện / thị xã / thành phố with their Công an xã / phường.
Two closures show the history: the environmental crime department (PC05) was merged into
the economic police (PC03) as a new Đội, and a commune was merged into its neighbour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.org.choices import UnitKind
from thidua.org.models import Unit
from thidua.org.services import unit_save

PROVINCE_CODE = "CAT"
PROVINCE_NAME = "Công an tỉnh Sơn Hà"
# The district whose clerk gets the demo account "vanthu_<code>".
CLERK_DISTRICT = "CAH02"
HISTORY_REASON = "Dữ liệu mẫu (thidua demo)"


@dataclass
class UnitSpec:
    """One unit of the plan, with what the people generator needs to staff it."""

    code: str
    name: str
    kind: str
    parent: str | None
    weight: float  # share of the rank and file posted here
    head: str  # title of the head (Trưởng phòng …)
    deputy: str
    deputies: int
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    merged_into: str | None = None
    # Share of the merge target's people who came from this closed unit.
    merge_share: float = 0.0

    @property
    def is_open(self) -> bool:
        return self.active_to is None


# (code, name, weight, deputies, [(team suffix, team name), ...])
_DEPARTMENTS = [
    ("PV01", "Phòng Tham mưu", 3, 3, [("D1", "Đội Tổng hợp")]),
    ("PX01", "Phòng Tổ chức cán bộ", 2, 2, []),
    ("PX03", "Phòng Công tác Đảng và công tác chính trị", 1.5, 2, []),
    ("PH10", "Phòng Hậu cần", 2.5, 2, []),
    ("PA03", "Phòng An ninh chính trị nội bộ", 2.5, 3, []),
    ("PA05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", 2, 2, []),
    ("PA08", "Phòng Quản lý xuất nhập cảnh", 2, 2, []),
    (
        "PC02",
        "Phòng Cảnh sát hình sự",
        4,
        3,
        [
            ("D1", "Đội Điều tra trọng án"),
            ("D2", "Đội Phòng, chống tội phạm xâm phạm sở hữu"),
        ],
    ),
    ("PC03", "Phòng Cảnh sát kinh tế", 3, 3, []),
    ("PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy", 3.5, 3, []),
    (
        "PC06",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        4,
        3,
        [
            ("D1", "Đội Quản lý cư trú và dữ liệu dân cư"),
            ("D2", "Đội Căn cước"),
        ],
    ),
    (
        "PC07",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        4.5,
        3,
        [
            ("D1", "Đội Chữa cháy và cứu nạn, cứu hộ khu vực 1"),
        ],
    ),
    (
        "PC08",
        "Phòng Cảnh sát giao thông",
        5,
        3,
        [
            ("D1", "Đội Tuần tra, kiểm soát giao thông đường bộ"),
            ("D2", "Đội Đăng ký, quản lý phương tiện giao thông"),
        ],
    ),
    ("PC09", "Phòng Kỹ thuật hình sự", 2, 2, []),
    ("PK02", "Phòng Cảnh sát cơ động", 5, 3, []),
]

# (code, name, level word, weight, [(suffix, commune name, level word), ...])
_DISTRICTS = [
    (
        "CAH01",
        "Công an thành phố Sơn Hà",
        "thành phố",
        8,
        [
            ("X01", "Công an phường Quang Trung", "phường"),
            ("X02", "Công an phường Lê Lợi", "phường"),
            ("X03", "Công an phường Trần Hưng Đạo", "phường"),
        ],
    ),
    (
        "CAH02",
        "Công an huyện Đông Sơn",
        "huyện",
        6,
        [
            ("X01", "Công an xã Đông Hòa", "xã"),
            ("X02", "Công an xã Đông Thịnh", "xã"),
            ("X03", "Công an xã Đông Tiến", "xã"),
        ],
    ),
    (
        "CAH03",
        "Công an thị xã Phú Lâm",
        "thị xã",
        6,
        [
            ("X01", "Công an phường Phú Mỹ", "phường"),
            ("X02", "Công an xã Phú Xuân", "xã"),
        ],
    ),
    (
        "CAH04",
        "Công an huyện Yên Bình",
        "huyện",
        5,
        [
            ("X01", "Công an xã Yên Lạc", "xã"),
            ("X02", "Công an xã Yên Hòa", "xã"),
        ],
    ),
    (
        "CAH05",
        "Công an huyện Tân Lập",
        "huyện",
        5,
        [
            ("X01", "Công an xã Tân Phong", "xã"),
            ("X02", "Công an xã Tân Hương", "xã"),
        ],
    ),
    (
        "CAH06",
        "Công an huyện Kim Sơn",
        "huyện",
        5,
        [
            ("X01", "Công an xã Kim Chính", "xã"),
            ("X02", "Công an xã Kim Mỹ", "xã"),
        ],
    ),
    (
        "CAH07",
        "Công an huyện Thanh Hà",
        "huyện",
        5,
        [
            ("X01", "Công an xã Thanh Xuân", "xã"),
            ("X02", "Công an xã Thanh An", "xã"),
        ],
    ),
    (
        "CAH08",
        "Công an huyện Vĩnh Lộc",
        "huyện",
        5,
        [
            ("X01", "Công an xã Vĩnh Thành", "xã"),
            ("X02", "Công an xã Vĩnh Hưng", "xã"),
        ],
    ),
]

_TEAM_WEIGHT = 1.0
_COMMUNE_WEIGHT = 0.6


def _closures(reference_year: int, years: int) -> list[UnitSpec]:
    """The two units merged away, and the Đội created to take over PC05's work; both
    merges fall inside the history window (10 years to 2025: 31/12/2019 and 28/02/2025)."""
    first_year = reference_year - years + 1
    pc05_end = dt.date(reference_year, 2, 28)
    commune_year = first_year + int(0.4 * years) - 1
    if commune_year >= first_year:
        commune_end = dt.date(commune_year, 12, 31)
    else:  # a one-year window
        commune_end = dt.date(first_year, 1, 31)
    return [
        UnitSpec(
            "PC05",
            "Phòng Cảnh sát phòng, chống tội phạm về môi trường",
            UnitKind.DEPARTMENT,
            PROVINCE_CODE,
            0,
            "Trưởng phòng",
            "Phó Trưởng phòng",
            2,
            active_to=pc05_end,
            merged_into="PC03-D1",
            merge_share=1.0,
        ),
        UnitSpec(
            "PC03-D1",
            "Đội Phòng, chống tội phạm về môi trường",
            UnitKind.TEAM,
            "PC03",
            _TEAM_WEIGHT,
            "Đội trưởng",
            "Phó Đội trưởng",
            1,
            active_from=pc05_end + dt.timedelta(days=1),
        ),
        UnitSpec(
            "CAH02-X04",
            "Công an xã Đông Hà",
            UnitKind.COMMUNE,
            "CAH02",
            0,
            "Trưởng Công an xã",
            "Phó Trưởng Công an xã",
            1,
            active_to=commune_end,
            merged_into="CAH02-X02",
            merge_share=0.4,
        ),
    ]


def unit_plan(reference_year: int, years: int) -> list[UnitSpec]:
    """Every unit, parents before children, in a fixed order."""
    specs = [
        UnitSpec(
            PROVINCE_CODE, PROVINCE_NAME, UnitKind.PROVINCE, None, 0, "Giám đốc", "Phó Giám đốc", 4
        )
    ]
    for code, name, weight, deputies, teams in _DEPARTMENTS:
        specs.append(
            UnitSpec(
                code,
                name,
                UnitKind.DEPARTMENT,
                PROVINCE_CODE,
                weight,
                "Trưởng phòng",
                "Phó Trưởng phòng",
                deputies,
            )
        )
        specs += [
            UnitSpec(
                f"{code}-{suffix}",
                team,
                UnitKind.TEAM,
                code,
                _TEAM_WEIGHT,
                "Đội trưởng",
                "Phó Đội trưởng",
                1 + i % 2,
            )
            for i, (suffix, team) in enumerate(teams)
        ]
    for code, name, level, weight, communes in _DISTRICTS:
        specs.append(
            UnitSpec(
                code,
                name,
                UnitKind.DISTRICT,
                PROVINCE_CODE,
                weight,
                f"Trưởng Công an {level}",
                f"Phó Trưởng Công an {level}",
                3,
            )
        )
        specs += [
            UnitSpec(
                f"{code}-{suffix}",
                commune,
                UnitKind.COMMUNE,
                code,
                _COMMUNE_WEIGHT,
                f"Trưởng Công an {word}",
                f"Phó Trưởng Công an {word}",
                2,
            )
            for suffix, commune, word in communes
        ]
    return specs + _closures(reference_year, years)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def build_units(specs: list[UnitSpec]) -> dict[str, Unit]:
    """Create the units through org.services, then record the merges as later edits so
    each unit's audit trail shows the closure."""
    units: dict[str, Unit] = {}
    for spec in specs:
        unit = Unit(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=units.get(spec.parent) if spec.parent else None,
            active_from=spec.active_from,
        )
        unit._change_reason = HISTORY_REASON
        units[spec.code] = unit_save(unit=unit)
    for spec in specs:
        if spec.merged_into:
            _record_merge(units[spec.code], units[spec.merged_into], spec.active_to)
    return units


def _record_merge(closed: Unit, target: Unit, last_day: dt.date) -> None:
    first_day = last_day + dt.timedelta(days=1)
    closed.active_to = last_day
    into = f"{target.name} ({target.code})"
    if target.parent is not None and target.parent.kind != UnitKind.PROVINCE:
        into += f" thuộc {target.parent.name}"
    closed.note = f"Sáp nhập vào {into} từ ngày {_fmt(first_day)}."
    closed._change_reason = "Sáp nhập đơn vị"
    unit_save(unit=closed)
    target.note = (
        f"Tiếp nhận cán bộ, nhiệm vụ của {closed.name} ({closed.code}) từ ngày {_fmt(first_day)}."
    )
    target._change_reason = "Sáp nhập đơn vị"
    unit_save(unit=target)
