"""The demo province's unit tree as it stands today, with its 2025 history (docs/lineage.md).

Công an tỉnh Sơn Hà (a fictional province) → 15 Phòng with real CAND names and codes, some
with Đội under them, and 8 Công an huyện / thị xã / thành phố with their Công an xã / phường;
beside it the absorbed force, Công an tỉnh Lâm Giang (codes "LG-…", as its register came in
with `--code-prefix LG-`), with 6 Phòng and 3 Công an huyện. Their history is recorded as
reorganisation events through org.lineage.reorganise, in date order (`reorganisation_plan`):

- 01/01 of the window's fourth year: a commune merged into its neighbour (Sáp nhập);
- 01/03 of the reference year (2025: ND 02/2025/NĐ-CP): every Công an huyện ends (Giải thể)
  and its communes move under their Công an tỉnh (Chuyển); the environmental police (PC05)
  is merged into the economic police (PC03) as a new Đội;
- 01/07 of the reference year: communes merged (Hợp nhất into new Công an xã), then the
  absorbed force merged into Công an tỉnh Sơn Hà (Sáp nhập: each Phòng into the Phòng of the
  same code, the province into the province) and its communes moved under it (Chuyển).

The specs carry the periods the events give (unit_plan applies the plan to them), and the
`sources` the people generator follows: a share of a unit's people came from a unit that
ended (a predecessor, or a Công an huyện whose staff went to the communes and Phòng).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thidua.accounts.scope import SYSTEM
from thidua.org.choices import EdgeKind, UnitKind
from thidua.org.lineage import EdgeInput, LineageState, reorganise
from thidua.org.models import Unit
from thidua.org.services import unit_save

PROVINCE_CODE = "CAT"
PROVINCE_NAME = "Công an tỉnh Sơn Hà"
# The absorbed force: its codes carry the prefix its register was brought in with.
OTHER_PREFIX = "LG-"
OTHER_CODE = f"{OTHER_PREFIX}CAT"
OTHER_NAME = "Công an tỉnh Lâm Giang"
# The demo clerk's account "vanthu_cah02" was the clerk of Công an huyện Đông Sơn (CAH02);
# the district ended on 28/02/2025 and its three communes merged into Công an xã Đông Sơn on
# 01/07/2025: the account now belongs to that commune police (docs/lineage.md).
CLERK_DISTRICT = "CAH02"
CLERK_UNIT = "CAX-DONGSON"
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
    # (code of a unit that ended, share of this unit's people who served there until then)
    sources: list[tuple[str, float]] = field(default_factory=list)

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

# The absorbed force's Phòng (codes as the surviving force's: merged into the Phòng of the
# same code) with their size beside the surviving one's, and its Công an huyện.
_OTHER_DEPARTMENTS = {"PV01": 0.5, "PX01": 0.5, "PC02": 0.5, "PC06": 0.5, "PC08": 0.5, "PK02": 0.4}
_OTHER_DISTRICTS = [
    (
        "CAH01",
        "Công an thành phố Lâm Giang",
        "thành phố",
        6,
        [
            ("X01", "Công an phường Hòa Bình", "phường"),
            ("X02", "Công an phường Minh Khai", "phường"),
        ],
    ),
    (
        "CAH02",
        "Công an huyện Bảo Lâm",
        "huyện",
        5,
        [
            ("X01", "Công an xã Bảo Hà", "xã"),
            ("X02", "Công an xã Bảo Minh", "xã"),
        ],
    ),
    (
        "CAH03",
        "Công an huyện Tiên Yên",
        "huyện",
        4,
        [
            ("X01", "Công an xã Tiên Lãng", "xã"),
            ("X02", "Công an xã Tiên Hưng", "xã"),
        ],
    ),
]
# Communes merged on 01/07: the new Công an xã, straight under the province, and its parts.
_COMMUNE_MERGERS = [
    ("CAX-DONGSON", "Công an xã Đông Sơn", ["CAH02-X01", "CAH02-X02", "CAH02-X03"]),
    ("CAX-YENBINH", "Công an xã Yên Bình", ["CAH04-X01", "CAH04-X02"]),
    ("CAX-BAOLAM", "Công an xã Bảo Lâm", ["LG-CAH02-X01", "LG-CAH02-X02"]),
]

_TEAM_WEIGHT = 1.0
_COMMUNE_WEIGHT = 0.6
# When the districts ended, most of their staff went to their communes, some to the Phòng.
_DISTRICT_TO_COMMUNES = 0.6
_DISTRICT_TO_DEPARTMENTS = 0.15  # share of a Phòng's people who came from the districts

DISSOLVED_BASIS = "02/2025/NĐ-CP"
PC05_BASIS = "1155/QĐ-BCA"
COMMUNES_BASIS = "1680/NQ-UBTVQH15"
PROVINCES_BASIS = "202/2025/QH15"
EARLY_COMMUNE_BASIS = "856/NQ-UBTVQH14"


@dataclass(frozen=True)
class EdgePlan:
    kind: str
    old: str
    new: str | None = None
    new_parent: str | None = None


@dataclass(frozen=True)
class EventPlan:
    """One reorganisation of the demo's history: date, legal basis, note and edges."""

    day: dt.date
    basis: str
    note: str
    edges: tuple[EdgePlan, ...]


def _head(kind: str, level: str = "") -> tuple[str, str]:
    if kind == UnitKind.PROVINCE:
        return "Giám đốc", "Phó Giám đốc"
    if kind == UnitKind.DEPARTMENT:
        return "Trưởng phòng", "Phó Trưởng phòng"
    if kind == UnitKind.TEAM:
        return "Đội trưởng", "Phó Đội trưởng"
    return f"Trưởng Công an {level}", f"Phó Trưởng Công an {level}"


def _spec(code, name, kind, parent, weight, deputies, level="", **extra) -> UnitSpec:
    head, deputy = _head(kind, level)
    return UnitSpec(code, name, kind, parent, weight, head, deputy, deputies, **extra)


def _early_commune_day(reference_year: int, years: int) -> dt.date:
    """The first day after the early commune merger, inside the window (10 years to 2025:
    01/01/2020; a one-year window: 01/02)."""
    first_year = reference_year - years + 1
    merger_year = first_year + int(0.4 * years)
    if merger_year > first_year:
        return dt.date(merger_year, 1, 1)
    return dt.date(first_year, 2, 1)


def _districts(root: str, prefix: str, districts: list, scale: float = 1.0) -> list[UnitSpec]:
    specs = []
    for code, name, level, weight, communes in districts:
        district = f"{prefix}{code}"
        specs.append(_spec(district, name, UnitKind.DISTRICT, root, weight * scale, 3, level))
        specs += [
            _spec(
                f"{district}-{suffix}",
                commune,
                UnitKind.COMMUNE,
                district,
                _COMMUNE_WEIGHT,
                2,
                word,
            )
            for suffix, commune, word in communes
        ]
    return specs


def _base_plan(reference_year: int, years: int) -> list[UnitSpec]:
    """Every unit that ever existed, parents before children, weights as before 2025."""
    specs = [_spec(PROVINCE_CODE, PROVINCE_NAME, UnitKind.PROVINCE, None, 0, 4)]
    for code, name, weight, deputies, teams in _DEPARTMENTS:
        specs.append(_spec(code, name, UnitKind.DEPARTMENT, PROVINCE_CODE, weight, deputies))
        specs += [
            _spec(f"{code}-{suffix}", team, UnitKind.TEAM, code, _TEAM_WEIGHT, 1 + i % 2)
            for i, (suffix, team) in enumerate(teams)
        ]
    specs += _districts(PROVINCE_CODE, "", _DISTRICTS)
    specs += [
        _spec(
            "PC05",
            "Phòng Cảnh sát phòng, chống tội phạm về môi trường",
            UnitKind.DEPARTMENT,
            PROVINCE_CODE,
            0,
            2,
        ),
        _spec(
            "PC03-D1",
            "Đội Phòng, chống tội phạm về môi trường",
            UnitKind.TEAM,
            "PC03",
            _TEAM_WEIGHT,
            1,
            active_from=dt.date(reference_year, 3, 1),
        ),
        _spec(
            "CAH02-X04",
            "Công an xã Đông Hà",
            UnitKind.COMMUNE,
            "CAH02",
            0,
            1,
            "xã",
        ),
    ]
    names = {code: (name, weight) for code, name, weight, _d, _t in _DEPARTMENTS}
    specs.append(_spec(OTHER_CODE, OTHER_NAME, UnitKind.PROVINCE, None, 0, 3))
    for code, scale in _OTHER_DEPARTMENTS.items():
        name, weight = names[code]
        specs.append(
            _spec(f"{OTHER_PREFIX}{code}", name, UnitKind.DEPARTMENT, OTHER_CODE, weight * scale, 2)
        )
    specs += _districts(OTHER_CODE, OTHER_PREFIX, _OTHER_DISTRICTS)
    merged_day = dt.date(reference_year, 7, 1)
    specs += [
        _spec(code, name, UnitKind.COMMUNE, PROVINCE_CODE, 0, 2, "xã", active_from=merged_day)
        for code, name, _parts in _COMMUNE_MERGERS
    ]
    return specs


def reorganisation_plan(reference_year: int, years: int) -> list[EventPlan]:
    """The demo's reorganisations in the order they are applied (docstring of the module)."""
    by_parent: dict[str, list[str]] = {}
    for spec in _base_plan(reference_year, years):
        by_parent.setdefault(spec.parent or "", []).append(spec.code)
    early = _early_commune_day(reference_year, years)
    ended = dt.date(reference_year, 3, 1)
    merged = dt.date(reference_year, 7, 1)
    districts = [
        (root, f"{prefix}{code}")
        for root, prefix, table in (
            (PROVINCE_CODE, "", _DISTRICTS),
            (OTHER_CODE, OTHER_PREFIX, _OTHER_DISTRICTS),
        )
        for code, *_rest in table
    ]
    dissolved = []
    for root, district in districts:
        dissolved.append(EdgePlan(EdgeKind.DISSOLVE, district))
        dissolved += [
            EdgePlan(EdgeKind.MOVE, commune, new_parent=root)
            for commune in by_parent.get(district, [])
            if commune != "CAH02-X04"  # merged away in the early event
        ]
    parts = {old: new for new, _name, olds in _COMMUNE_MERGERS for old in olds}
    absorbed = [EdgePlan(EdgeKind.MERGE, OTHER_CODE, PROVINCE_CODE)]
    absorbed += [
        EdgePlan(EdgeKind.MERGE, f"{OTHER_PREFIX}{code}", code) for code in _OTHER_DEPARTMENTS
    ]
    absorbed += [
        EdgePlan(EdgeKind.MOVE, commune, new_parent=PROVINCE_CODE)
        for _root, district in districts
        if district.startswith(OTHER_PREFIX)
        for commune in by_parent.get(district, [])
        if commune not in parts
    ]
    return [
        EventPlan(
            early,
            EARLY_COMMUNE_BASIS,
            "Sáp nhập xã Đông Hà vào xã Đông Thịnh (dữ liệu mẫu).",
            (EdgePlan(EdgeKind.MERGE, "CAH02-X04", "CAH02-X02"),),
        ),
        EventPlan(
            ended,
            DISSOLVED_BASIS,
            "Kết thúc hoạt động của Công an cấp huyện; Công an xã, phường trực thuộc Công an "
            "tỉnh (dữ liệu mẫu).",
            tuple(dissolved),
        ),
        EventPlan(
            ended,
            PC05_BASIS,
            "Sáp nhập Phòng Cảnh sát phòng, chống tội phạm về môi trường vào Phòng Cảnh sát "
            "kinh tế (dữ liệu mẫu).",
            (EdgePlan(EdgeKind.MERGE, "PC05", "PC03-D1"),),
        ),
        EventPlan(
            merged,
            COMMUNES_BASIS,
            "Sắp xếp đơn vị hành chính cấp xã (dữ liệu mẫu).",
            tuple(EdgePlan(EdgeKind.CONSOLIDATE, old, new) for old, new in parts.items()),
        ),
        EventPlan(
            merged,
            PROVINCES_BASIS,
            f"Hợp nhất tỉnh: {OTHER_NAME} sáp nhập vào {PROVINCE_NAME} (dữ liệu mẫu).",
            tuple(absorbed),
        ),
    ]


def unit_plan(reference_year: int, years: int) -> list[UnitSpec]:
    """Every unit, parents before children, in a fixed order, with the periods the
    reorganisations give them, today's staffing weights and where their people came from."""
    specs = _base_plan(reference_year, years)
    by_code = {s.code: s for s in specs}
    events = reorganisation_plan(reference_year, years)
    for event in events:
        for edge in event.edges:
            if edge.kind in (EdgeKind.DISSOLVE, EdgeKind.MERGE, EdgeKind.CONSOLIDATE):
                by_code[edge.old].active_to = event.day - dt.timedelta(days=1)
    _staff_flows(specs, by_code, events)
    return specs


def _staff_flows(specs: list[UnitSpec], by_code: dict[str, UnitSpec], events) -> None:
    """Today's weights and the sources of each unit's people, from the events: a district's
    staff went to its communes and the Phòng; a merged unit's people to its successor."""
    weight_of = {s.code: s.weight for s in specs}
    for district in [s for s in specs if s.kind == UnitKind.DISTRICT]:
        communes = [s for s in specs if s.parent == district.code and s.code != "CAH02-X04"]
        extra = _DISTRICT_TO_COMMUNES * district.weight / len(communes)
        for commune in communes:
            weight_of[commune.code] += extra
            commune.sources.append((district.code, extra / weight_of[commune.code]))
        root_districts = [
            s.code for s in specs if s.kind == UnitKind.DISTRICT and s.parent == district.parent
        ]
        ended = district.active_to
        for dept in (
            s
            for s in specs
            if s.kind == UnitKind.DEPARTMENT
            and s.parent == district.parent
            and (s.active_to is None or s.active_to > ended)  # still there the day after
        ):
            dept.sources.append((district.code, _DISTRICT_TO_DEPARTMENTS / len(root_districts)))
    by_code["CAH02-X02"].sources.insert(0, ("CAH02-X04", 0.25))
    for new, _name, olds in _COMMUNE_MERGERS:
        total = sum(weight_of[o] for o in olds)
        weight_of[new] = total
        by_code[new].sources = [(o, weight_of[o] / total) for o in olds]
    for code in _OTHER_DEPARTMENTS:
        other = f"{OTHER_PREFIX}{code}"
        total = weight_of[code] + weight_of[other]
        by_code[code].sources.insert(0, (other, weight_of[other] / total))
        weight_of[code] = total
    by_code[PROVINCE_CODE].sources.append((OTHER_CODE, 0.3))
    by_code["PC03-D1"].sources.append(("PC05", 1.0))
    for spec in specs:
        spec.weight = weight_of[spec.code] if spec.is_open else 0
        spec.sources = [(code, share) for code, share in spec.sources if share > 0]


def build_units(specs: list[UnitSpec], events: list[EventPlan]) -> dict[str, Unit]:
    """Create the units through org.services as they were first set up, then apply the
    reorganisations through org.lineage.reorganise, in order (each writes its audit trail).
    Returns the units by code as they stand after the last event."""
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
    state = LineageState.load()
    for event in events:
        edges = [
            EdgeInput(
                kind=edge.kind,
                old_unit=units[edge.old],
                new_unit=units[edge.new] if edge.new else None,
                new_parent=units[edge.new_parent] if edge.new_parent else None,
            )
            for edge in event.edges
        ]
        reorganise(
            effective_date=event.day,
            basis=event.basis,
            edges=edges,
            note=event.note,
            user=SYSTEM,
            state=state,
        )
    return {u.code: u for u in Unit.objects.all()}
