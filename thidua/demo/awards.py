"""The demo's record of commendations: a plausible history over ctx.years years.

Every year, for each person in service (at least six months by the year's end) and each
unit open at the year's end: a discipline now and then, the appraisal, initiatives, the
yearly titles (one director's decision per Phòng / Công an huyện for Chiến sĩ tiên tiến, one
province-wide for CSTĐCS), Giấy khen, Bằng khen of the Chairman of the province, medals
by years of service; then what the Ministry, the Prime Minister and the President decide
in January for that year (Bằng khen, CSTĐ CAND, Cờ thi đua, orders). For the reference year
those January decisions do not exist yet: the data describe 31/12 of that year.

Draws come from ctx.rng("awards") in a fixed order (numbers and signers from their own
rngs), so a seed always gives the same history and leaves the earlier steps' units and
people unchanged. Rows are written a year at a time: decisions and the small tables
through thidua.lib.bulk, awards and yearly results through rows.RowWriter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from thidua.awards.models import Award, AwardType, YearlyResult
from thidua.demo import record
from thidua.demo.context import DemoContext
from thidua.demo.decisions import (
    DIRECTOR,
    MINISTER,
    PRESIDENT,
    PRIME_MINISTER,
    PROVINCE_CHAIR,
    DecisionBook,
    PendingDecision,
    Signers,
    grants_of,
)
from thidua.demo.initiatives import (
    YearEvents,
    discipline_scale,
    discipline_year,
    initiative_year,
    write_events,
)
from thidua.demo.record import GOOD, XS, Career
from thidua.demo.rows import RowWriter
from thidua.demo.unit_record import UnitCareer, appraise_unit, tally, unit_title
from thidua.demo.units import HISTORY_REASON, PROVINCE_CODE
from thidua.lib.vntext import thousands

# Bump when the generator changes what a seed produces: `make bench` regenerates its cached
# database when this differs from the one it was built with.
DATA_VERSION = 2
CSTT, CSTDCS, CSTD_CAND = "chien_si_tien_tien", "cstd_co_so", "cstd_cand"
DVTT, DVQT, CO_BCA = "don_vi_tien_tien", "don_vi_quyet_thang", "co_thi_dua_bca"
_TITLE_NAMES = {
    CSTT: "Chiến sĩ tiên tiến",
    CSTDCS: "Chiến sĩ thi đua cơ sở",
    DVTT: "Đơn vị tiên tiến",
    DVQT: "Đơn vị quyết thắng",
}
# Giấy khen of the director: (theme, first year it is used); one decision per theme and year.
_THEMES = [
    ("Có thành tích xuất sắc trong đấu tranh phòng, chống tội phạm năm {y}", 0),
    ('Có thành tích xuất sắc trong phong trào thi đua "Vì an ninh Tổ quốc" năm {y}', 0),
    (
        "Có thành tích trong bảo đảm an ninh, trật tự các sự kiện chính trị, "
        "dịp Tết Nguyên đán năm {y}",
        0,
    ),
    ("Có thành tích trong triển khai Đề án 06 của Chính phủ năm {y}", 2022),
]
_ORDER_TEXT = (
    "Đã có thành tích xuất sắc trong công tác bảo vệ an ninh quốc gia, "
    "bảo đảm trật tự, an toàn xã hội"
)


def build_awards(ctx: DemoContext) -> str:
    """The build step (registered in builder.STEPS)."""

    history = AwardHistory(ctx)
    for year in range(ctx.first_year, ctx.reference_year + 1):
        history.run_year(year)
    history.finish()
    return (
        f"Đã tạo {thousands(history.awards.written)} khen thưởng trong "
        f"{thousands(history.book.written)} quyết định, "
        f"{thousands(history.results.written)} kết quả xếp loại năm, "
        f"{thousands(history.initiatives)} sáng kiến, {thousands(history.disciplines)} "
        f"kỷ luật ({ctx.first_year}–{ctx.reference_year})."
    )


class AwardHistory:
    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng("awards")
        self.types = {t.code: t for t in AwardType.objects.all()}
        # The deliberate duplicates (a second, unverified record of someone) carry no history.
        self.careers = [
            record.new_career(self.rng, plan, ctx.first_year)
            for plan in ctx.people
            if not plan.unverified
        ]
        self.units = {s.code: UnitCareer(s, ctx.units[s.code].pk) for s in ctx.specs}
        self.names = {s.code: s.name for s in ctx.specs}
        # The Phòng or Công an huyện a unit belongs to (as set up: a commune stays with its
        # district's decisions), or the unit itself; the absorbed force's likewise.
        roots = {None} | {s.code for s in ctx.specs if s.parent is None}
        self.top = {s.code: s.code if s.parent in roots else s.parent for s in ctx.specs}
        tops = dict.fromkeys([*self.top.values(), *self.top])  # the set-up tops first
        self.top_index = {code: i for i, code in enumerate(tops)}
        director = next(
            (
                f"{p.rank} {p.full_name}"
                for p in ctx.people
                if p.unit == PROVINCE_CODE and p.position == "Giám đốc"
            ),
            None,
        )
        signers = Signers(ctx.rng("awards-signers"), ctx.reference_year, director)
        write = {"stamp": ctx.stamp, "history": ctx.history, "reason": HISTORY_REASON}
        self.write_options = write
        self.book = DecisionBook(ctx.rng("awards-numbers"), signers, **write)
        self.awards = RowWriter(Award, **write)
        self.results = RowWriter(YearlyResult, **write)
        self.initiatives = self.disciplines = 0
        staffed = sum(1 for s in ctx.specs if s.weight > 0)
        self.discipline_scale = discipline_scale(len(self.careers), staffed)

    # ── the year ────────────────────────────────────────────────────────────────────────

    def run_year(self, year: int) -> None:
        bit = year - self.ctx.first_year
        last_day, cutoff = dt.date(year, 12, 31), dt.date(year, 6, 30)
        active: list[Career] = []
        by_unit: dict[str, list[Career]] = defaultdict(list)
        for c in self.careers:
            if c.start > cutoff:  # less than six months of service: not reviewed
                continue
            c.unit = c.unit_on(last_day)
            c.initiative = c.title = ""
            active.append(c)
            by_unit[c.unit].append(c)
        events = YearEvents(
            disciplines=discipline_year(self.rng, active, year, self.book, self.discipline_scale)
        )
        for c in active:
            c.appraisal = record.appraise(self.rng, c, bit)
            if c.appraisal == XS:
                c.xs_bits |= 1 << bit
            if c.appraisal in GOOD:
                c.good_bits |= 1 << bit
        events.initiatives = initiative_year(
            self.rng, active, by_unit, year, bit, self.book, self.names
        )
        self._titles(active, year, bit)
        self._forms(active, year)
        self._medals(active, year)
        if year < self.ctx.reference_year:
            self._january(active, year, bit)
        units = self._units(active, year, bit)
        decisions = self.book.flush()
        self._write(decisions, active, units, year)
        n_init, n_disc = write_events(events, year, **self.write_options)
        self.initiatives += n_init
        self.disciplines += n_disc

    def finish(self) -> None:
        self.awards.finish()
        self.results.finish()

    # ── people ──────────────────────────────────────────────────────────────────────────

    def _grant(
        self,
        decision: PendingDecision,
        code: str,
        *,
        year: int,
        person: int | None = None,
        unit: int | None = None,
        since: int | None = None,
        text: str = "",
    ) -> None:
        decision.grants.append((self.types[code].pk, person, unit, since or year, year, text))

    def _title_decision(self, code: str, year: int, day: int, *, top: str = "") -> PendingDecision:
        whom = f" cho cán bộ, chiến sĩ {self.names[top]}" if top else ""
        note = f'Về việc tặng danh hiệu "{_TITLE_NAMES[code]}" năm {year}{whom}'
        return self.book.decision(DIRECTOR, dt.date(year, 12, day), self.types[code], note, top)

    def _titles(self, active: list[Career], year: int, bit: int) -> None:
        cstt: dict[str, PendingDecision] = {}
        cstdcs = self._title_decision(CSTDCS, year, 22)
        # A commune whose district had ended by the year's end gets a decision of its own.
        last_day = dt.date(year, 12, 31)
        top_of = {
            code: top if self.ctx.units[top].is_active_on(last_day) else code
            for code, top in self.top.items()
        }
        for c in active:
            got_cstt, got_cstdcs = record.yearly_titles(self.rng, c, bit)
            if not got_cstt:
                continue
            top = top_of[c.unit]
            if top not in cstt:
                cstt[top] = self._title_decision(CSTT, year, 15 + self.top_index[top] % 5, top=top)
            self._grant(cstt[top], CSTT, year=year, person=c.pk)
            c.title = CSTT
            if got_cstdcs:
                self._grant(cstdcs, CSTDCS, year=year, person=c.pk)
                c.cstdcs_bits |= 1 << bit
                c.title = CSTDCS

    def _forms(self, active: list[Career], year: int) -> None:
        """Giấy khen of the director, Bằng khen of the province's Chairman, Kỷ niệm chương."""
        themes = [text.format(y=year) for text, since in _THEMES if year >= since]
        gk = self.types["giay_khen_giam_doc"]
        knc_note = 'Về việc tặng Kỷ niệm chương "Bảo vệ an ninh Tổ quốc"'
        for c in active:
            if c.blocked or c.appraisal not in GOOD:
                continue
            xs = c.appraisal == XS
            if self.rng.random() < (0.05 if xs else 0.02):
                text = self.rng.choice(themes)
                d = self.book.decision(
                    DIRECTOR,
                    dt.date(year, 12, 26),
                    gk,
                    f"Về việc khen thưởng: {text[0].lower()}{text[1:]}",
                    text,
                )
                self._grant(d, "giay_khen_giam_doc", year=year, person=c.pk, text=text)
            if xs and self.rng.random() < 0.004:
                note = f"Về việc tặng Bằng khen cho cá nhân có thành tích năm {year}"
                d = self.book.decision(
                    PROVINCE_CHAIR, dt.date(year, 12, 28), self.types["bang_khen_ubnd_tinh"], note
                )
                self._grant(
                    d,
                    "bang_khen_ubnd_tinh",
                    year=year,
                    person=c.pk,
                    text=(
                        "Có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc "
                        f"trên địa bàn tỉnh năm {year}"
                    ),
                )
            if not c.knc and c.medal == 0 and self.rng.random() < 0.0015:
                d = self.book.decision(
                    MINISTER,
                    dt.date(year, 12, 10),
                    self.types["knc_bao_ve_an_ninh_to_quoc"],
                    knc_note,
                )
                self._grant(
                    d,
                    "knc_bao_ve_an_ninh_to_quoc",
                    year=year,
                    person=c.pk,
                    text="Đã có nhiều đóng góp cho sự nghiệp bảo vệ an ninh Tổ quốc",
                )
                c.knc = True

    def _medals(self, active: list[Career], year: int) -> None:
        """Seniority medals by the President, in the year the service time is reached."""
        note = "Về việc tặng thưởng Huy chương cho cán bộ, chiến sĩ Công an nhân dân"
        for c in active:
            grade = record.medal_due(c, year)
            if grade:
                code = record.MEDAL_CODES[grade]
                d = self.book.decision(PRESIDENT, dt.date(year, 12, 5), self.types[code], note)
                self._grant(
                    d,
                    code,
                    year=year,
                    person=c.pk,
                    text=(
                        f"Đã có {year - c.start.year} năm công tác liên tục trong lực lượng "
                        "Công an nhân dân"
                    ),
                )
                c.medal = grade
            if record.viantq_due(c, year):
                d = self.book.decision(
                    PRESIDENT, dt.date(year, 12, 5), self.types["hc_vi_an_ninh_to_quoc"], note
                )
                self._grant(
                    d,
                    "hc_vi_an_ninh_to_quoc",
                    year=year,
                    person=c.pk,
                    text=(
                        f"Đã có {year - c.start.year} năm công tác liên tục trong lực lượng "
                        "Công an nhân dân"
                    ),
                )
                c.viantq = True

    def _january(self, active: list[Career], year: int, bit: int) -> None:
        """The Ministry's, the Prime Minister's and the President's decisions for the year,
        signed in January of the next one."""
        bk = self._bk_minister(year)
        cand = self.book.decision(
            MINISTER,
            dt.date(year + 1, 1, 16),
            self.types[CSTD_CAND],
            f'Về việc tặng danh hiệu "Chiến sĩ thi đua Công an nhân dân" năm {year}',
        )
        pm = self.book.decision(
            PRIME_MINISTER,
            dt.date(year + 1, 1, 23),
            self.types["bang_khen_thu_tuong"],
            "Về việc tặng Bằng khen của Thủ tướng Chính phủ",
        )
        for c in active:
            if c.blocked:
                continue
            if record.bk_minister_due(c, bit, year) and self.rng.random() < 0.45:
                self._grant(
                    bk,
                    "bang_khen_bo_truong",
                    year=year,
                    person=c.pk,
                    since=year - 1,
                    text=(
                        f"Đã có thành tích 2 năm liên tục ({year - 1}–{year}) đạt "
                        "danh hiệu Chiến sĩ thi đua cơ sở"
                    ),
                )
                c.bk_through, c.bk_count = year, c.bk_count + 1
            if record.cstd_cand_due(c, bit, year) and self.rng.random() < 0.6:
                self._grant(cand, CSTD_CAND, year=year, person=c.pk)
                c.cand_through, c.title = year, CSTD_CAND
            if record.bk_pm_due(c, bit, year) and self.rng.random() < 0.08:
                self._grant(
                    pm,
                    "bang_khen_thu_tuong",
                    year=year,
                    person=c.pk,
                    since=year - 4,
                    text=(
                        f"Đã có thành tích xuất sắc trong công tác từ năm {year - 4} "
                        f"đến năm {year}, góp phần vào sự nghiệp xây dựng chủ nghĩa "
                        "xã hội và bảo vệ Tổ quốc"
                    ),
                )
                c.ttg_year = year
            elif (
                not c.order
                and c.appraisal == XS
                and (c.ttg_year or c.bk_count >= 2)
                and self.rng.random() < 0.04
            ):
                code = "hc_bao_ve_to_quoc_3" if year - c.start.year >= 20 else "hc_chien_cong_3"
                self._grant(
                    self._order(code, year),
                    code,
                    year=year,
                    person=c.pk,
                    text=f"{_ORDER_TEXT} năm {year}",
                )
                c.order = True

    def _bk_minister(self, year: int) -> PendingDecision:
        """One decision for the year's individuals and collectives."""
        return self.book.decision(
            MINISTER,
            dt.date(year + 1, 1, 12),
            self.types["bang_khen_bo_truong"],
            f"Về việc tặng Bằng khen của Bộ trưởng Bộ Công an (đợt tổng kết năm {year})",
        )

    def _order(self, code: str, year: int) -> PendingDecision:
        return self.book.decision(
            PRESIDENT, dt.date(year + 1, 1, 27), self.types[code], "Về việc tặng thưởng Huân chương"
        )

    # ── units ───────────────────────────────────────────────────────────────────────────

    def _units(self, active: list[Career], year: int, bit: int) -> list[UnitCareer]:
        tally(self.units, active)
        # Working on the year's last day (a unit merged away in February is not reviewed).
        last_day = dt.date(year, 12, 31)
        reviewed = [
            u for u in self.units.values() if self.ctx.units[u.spec.code].is_active_on(last_day)
        ]
        gk = self.types["giay_khen_giam_doc"]
        for u in reviewed:
            u.appraisal = appraise_unit(self.rng, u, bit)
            u.title = unit_title(u)
            if u.title:
                self._grant(self._title_decision(u.title, year, 22), u.title, year=year, unit=u.pk)
                if u.title == DVQT:
                    u.dvqt_bits |= 1 << bit
            if not u.is_province and u.appraisal in GOOD and self.rng.random() < 0.12:
                text = _THEMES[1][0].format(y=year)
                note = f"Về việc tặng Giấy khen cho tập thể có thành tích năm {year}"
                d = self.book.decision(DIRECTOR, dt.date(year, 12, 26), gk, note, "units")
                self._grant(d, "giay_khen_giam_doc", year=year, unit=u.pk, text=text)
        leaders = [u for u in reviewed if u.is_top and u.title == DVQT]
        flag_ubnd = None
        if leaders and self.rng.random() < 0.7:
            flag_ubnd = self.rng.choice(leaders)
            d = self.book.decision(
                PROVINCE_CHAIR,
                dt.date(year, 12, 28),
                self.types["co_thi_dua_ubnd_tinh"],
                f"Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm {year}",
            )
            self._grant(
                d,
                "co_thi_dua_ubnd_tinh",
                year=year,
                unit=flag_ubnd.pk,
                text=(
                    f"Dẫn đầu phong trào thi đua bảo vệ an ninh, trật tự trên địa bàn tỉnh năm {year}"
                ),
            )
        if year < self.ctx.reference_year:
            self._units_january([u for u in leaders if u is not flag_ubnd], reviewed, year, bit)
        return reviewed

    def _units_january(
        self, leaders: list[UnitCareer], reviewed: list[UnitCareer], year: int, bit: int
    ) -> None:
        jan = dt.date(year + 1, 1, 1)
        if leaders:
            flag = self.book.decision(
                MINISTER,
                jan.replace(day=20),
                self.types[CO_BCA],
                f"Về việc tặng Cờ thi đua của Bộ Công an năm {year}",
            )
            for u in self.rng.sample(leaders, min(len(leaders), self.rng.choice((1, 1, 2)))):
                self._grant(
                    flag,
                    CO_BCA,
                    year=year,
                    unit=u.pk,
                    text=(
                        f"Đã hoàn thành xuất sắc toàn diện nhiệm vụ công tác năm {year}, dẫn đầu "
                        'phong trào thi đua "Vì an ninh Tổ quốc" của Cụm thi đua'
                    ),
                )
                u.title = CO_BCA
        bk = self._bk_minister(year)
        both = 0b11 << (bit - 1) if bit else 0
        for u in reviewed:
            if (
                both
                and u.dvqt_bits & both == both
                and u.bk_through < year - 1
                and self.rng.random() < 0.3
            ):
                self._grant(
                    bk,
                    "bang_khen_bo_truong",
                    year=year,
                    unit=u.pk,
                    since=year - 1,
                    text=f"Đã có thành tích 2 năm liên tục ({year - 1}–{year}) đạt danh "
                    "hiệu Đơn vị quyết thắng",
                )
                u.bk_through, u.bk_count = year, u.bk_count + 1
        decorated = [
            u for u in reviewed if u.is_top and u.bk_count and not u.order and u.appraisal == XS
        ]
        if decorated and self.rng.random() < 0.12:
            u = self.rng.choice(decorated)
            self._grant(
                self._order("hc_chien_cong_3", year),
                "hc_chien_cong_3",
                year=year,
                unit=u.pk,
                text=f"{_ORDER_TEXT} năm {year}",
            )
            u.order = True

    # ── writing ─────────────────────────────────────────────────────────────────────────

    def _write(
        self,
        decisions: list[PendingDecision],
        active: list[Career],
        units: list[UnitCareer],
        year: int,
    ) -> None:
        row = self.awards.row
        self.awards.write(
            [
                row(
                    decision_id=pk,
                    award_type_id=t,
                    person_id=p,
                    unit_id=u,
                    year_from=yf,
                    year_to=yt,
                    achievement=text,
                )
                for pk, (t, p, u, yf, yt, text) in grants_of(decisions)
            ]
        )
        title_ids = {
            code: self.types[code].pk for code in (CSTT, CSTDCS, CSTD_CAND, DVTT, DVQT, CO_BCA)
        }
        title_ids[""] = None
        result = self.results.row
        self.results.write(
            [
                result(
                    person_id=c.pk, year=year, appraisal=c.appraisal, title_id=title_ids[c.title]
                )
                for c in active
            ]
            + [
                result(unit_id=u.pk, year=year, appraisal=u.appraisal, title_id=title_ids[u.title])
                for u in units
            ]
        )
