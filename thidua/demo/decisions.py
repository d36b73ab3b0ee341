"""Decisions of the demo history: who issues them, how they are numbered and signed.

A decision is opened the first time someone is granted something in it and written once
the year's grants are known. Numbers follow each issuer's yearly register: they grow with
the date, roughly as many per year as the issuer really signs ("4123/QĐ-CAT-PX01" late in
the year, "57/QĐ-CAT-PX01" in early January), and are given in date order when the
year's decisions are written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from thidua.awards.models import AwardType, Decision
from thidua.demo.names import NameMaker
from thidua.lib.bulk import insert_with_history
from thidua.org.choices import Gender


@dataclass(frozen=True)
class Issuer:
    key: str
    suffix: str  # "QĐ-CAT-PX01"
    per_year: int  # about how many decisions (of every kind) it numbers in a year
    title: str  # the rank or office written before the signer's name
    term: int  # years in office of one signer


DIRECTOR = Issuer("director", "QĐ-CAT-PX01", 5200, "Thiếu tướng", 5)
MINISTER = Issuer("minister", "QĐ-BCA-X06", 9800, "Đại tướng", 5)
PRIME_MINISTER = Issuer("prime_minister", "QĐ-TTg", 2100, "", 5)
PRESIDENT = Issuer("president", "QĐ-CTN", 2600, "", 5)
PROVINCE_CHAIR = Issuer("province_chair", "QĐ-UBND", 3400, "", 5)
ISSUERS = (DIRECTOR, MINISTER, PRIME_MINISTER, PRESIDENT, PROVINCE_CHAIR)


@dataclass
class PendingDecision:
    issuer: Issuer
    date: dt.date
    award_type: AwardType | None
    note: str
    seq: int
    number: str = ""
    pk: int | None = None
    # Filled by the caller: (award type id, person id, unit id, year_from, year_to, text).
    grants: list[tuple] = field(default_factory=list)


class Signers:
    """One fictional office holder per term; the demo's own director signs for the
    current term when the province has one."""

    def __init__(self, rng: random.Random, reference_year: int, director: str | None):
        self.rng, self.reference_year = rng, reference_year
        self.names = NameMaker()
        self.current_director = director
        self.cache: dict[tuple[str, int], str] = {}

    def name(self, issuer: Issuer, year: int) -> str:
        term = (self.reference_year - year) // issuer.term
        key = (issuer.key, term)
        if key not in self.cache:
            if issuer is DIRECTOR and term == 0 and self.current_director:
                self.cache[key] = self.current_director
            else:
                born = year - self.rng.randint(52, 64)
                person = self.names.full_name(self.rng, Gender.MALE, born)
                self.cache[key] = f"{issuer.title} {person}".strip()
        return self.cache[key]


def working_day(day: dt.date) -> dt.date:
    """The day itself, or the Friday before when it falls on a weekend."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


class DecisionBook:
    """Opens decisions on demand, numbers and writes them a year at a time."""

    def __init__(
        self,
        rng: random.Random,
        signers: Signers,
        *,
        stamp: dt.datetime,
        history: bool,
        reason: str,
    ):
        self.rng, self.signers = rng, signers
        self.stamp, self.history, self.reason = stamp, history, reason
        self.open: dict[tuple, PendingDecision] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.numbers: list[PendingDecision] = []  # numbers only (initiative recognition)
        self.seq = 0
        self.written = 0

    def decision(
        self,
        issuer: Issuer,
        date: dt.date,
        award_type: AwardType | None,
        note: str,
        group: str = "",
    ) -> PendingDecision:
        """The decision of this issuer, date, type and group (e.g. one per unit), opened on
        first use."""
        key = (issuer.key, date, award_type.pk if award_type else None, group)
        pending = self.open.get(key)
        if pending is None:
            self.seq += 1
            pending = PendingDecision(issuer, working_day(date), award_type, note, self.seq)
            self.open[key] = pending
        return pending

    def reserve_number(self, issuer: Issuer, date: dt.date) -> PendingDecision:
        """A number in the issuer's register with no award behind it (an initiative's
        recognition); read `.number` after flush()."""
        self.seq += 1
        pending = PendingDecision(issuer, working_day(date), None, "", self.seq)
        self.numbers.append(pending)
        return pending

    def _number(self, pending: PendingDecision) -> str:
        issuer, day = pending.issuer, pending.date
        key = (issuer.key, day.year)
        # Where the register stands on this day of the year, give or take a few.
        expected = int(issuer.per_year * day.timetuple().tm_yday / 366)
        expected += self.rng.randint(-expected // 20, expected // 20 + 3) if expected else 1
        last = self.counters.get(key, 0)
        value = max(last + self.rng.randint(1, 4), expected, 1)
        self.counters[key] = value
        return f"{value}/{issuer.suffix}"

    def flush(self) -> list[PendingDecision]:
        """Number everything opened since the last flush and write the decisions that have
        grants; returns those, with pk set."""
        pending = [p for p in self.open.values() if p.grants] + self.numbers
        for p in sorted(pending, key=lambda p: (p.issuer.key, p.date, p.seq)):
            p.number = self._number(p)
        with_grants = [p for p in pending if p.grants]
        objs = []
        for p in with_grants:
            decision = Decision(
                number=p.number,
                date=p.date,
                award_type=p.award_type,
                note=p.note,
                authority=p.award_type.authority if p.award_type else "",
                signer=self.signers.name(p.issuer, p.date.year),
            )
            decision.compute_derived()  # the bulk insert skips save()
            objs.append(decision)
        created = insert_with_history(
            Decision, objs, reason=self.reason, date=self.stamp, history=self.history
        )
        for p, decision in zip(with_grants, created, strict=True):
            p.pk = decision.pk
        self.written += len(created)
        self.open, self.numbers = {}, []
        return with_grants


def grants_of(decisions: Iterable[PendingDecision]) -> Iterable[tuple[int, tuple]]:
    for p in decisions:
        for grant in p.grants:
            yield p.pk, grant
