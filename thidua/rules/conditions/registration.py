"""The condition on a registration (đăng ký thi đua) of the year judged.

Law 2003 made registering a ground of every emulation title ("Cá nhân, tập thể tham gia
phong trào thi đua phải có đăng ký thi đua"); Law 2022 does not (legal-rules.md §2), so only
a pack of the old law uses this kind. A province that kept no registrations for a year
(the years before it used the system) would see every title refused for it: with
`if_unrecorded: met` the condition is left aside, and says so, for a year in which no
registration at all is recorded.
"""

from __future__ import annotations

from thidua.rules.catalogue import OR_HIGHER_MODES
from thidua.rules.conditions.base import (
    Condition,
    Outcome,
    as_codes,
    one_of,
    positive_int,
    register,
)


@register
class Registered(Condition):
    """Registered in year Y (or Y - years_before): for any title, or for one of `award`
    (`or_higher`: a higher title registered counts)."""

    kind = "registered"
    optional = ("award", "or_higher", "years_before", "if_unrecorded")
    award_params = ("award",)
    shared_in_sweep = True
    cost = 1

    def setup(self, params, scales):
        self.codes = as_codes(params["award"]) if params.get("award") else ()
        self.or_higher = one_of(params, "or_higher", OR_HIGHER_MODES, "none")
        self.years_before = positive_int(params, "years_before", 0)
        self.if_unrecorded = one_of(params, "if_unrecorded", ("met", "unmet"), "unmet")

    def years_read(self):
        return self.years_before + 1

    def _wanted(self, ev) -> frozenset[str] | None:
        return ev.catalogue.widen(self.codes, self.or_higher) if self.codes else None

    def _unrecorded(self, ev, year: int) -> bool:
        return self.if_unrecorded == "met" and year not in ev.history.registration_years()

    def evaluate(self, ev, subject, idx):
        year = ev.year - self.years_before
        if self._unrecorded(ev, year):
            return Outcome(
                True,
                [f"chưa có dữ liệu đăng ký thi đua năm {year} trong hệ thống: không xét"],
            )
        titles = subject.registrations.get(year) or frozenset()
        names = ", ".join(ev.award_name(c) for c in sorted(titles))
        wanted = self._wanted(ev)
        if titles and (wanted is None or titles & wanted):
            return Outcome(True, [f"đã đăng ký thi đua năm {year} ({names})"])
        if titles:
            need = " hoặc ".join(ev.award_name(c) for c in self.codes)
            return Outcome(
                False,
                [f"đăng ký thi đua năm {year}: {names}"],
                f"chưa đăng ký thi đua năm {year} danh hiệu {need}",
            )
        return Outcome(False, [], f"chưa đăng ký thi đua năm {year}")

    def test(self, ev, subject):
        year = ev.year - self.years_before
        if self._unrecorded(ev, year):
            return True
        titles = subject.registrations.get(year)
        if not titles:
            return False
        wanted = self._wanted(ev)
        return wanted is None or bool(titles & wanted)
