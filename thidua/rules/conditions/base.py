"""The closed set of condition kinds: a base class, the outcome, and the registry.

A pack leaf `{kind: consecutive, award: cstd_co_so, years: 3, ...}` becomes an instance of
the registered class; the interpreter only calls `evaluate`. Every number a condition uses
comes from its parameters, which come from the pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from thidua.rules.catalogue import Catalogue
    from thidua.rules.evaluator import Evaluator
    from thidua.rules.facts import Subject
    from thidua.rules.index import SubjectIndex
    from thidua.rules.packs import Scales

CONDITIONS: dict[str, type[Condition]] = {}


class PackError(ValueError):
    """A rule pack that cannot be loaded: the message says which file, award and leaf."""


@dataclass(slots=True)
class Outcome:
    met: bool
    evidence: list[str] = field(default_factory=list)
    missing: str = ""


def register(cls: type[Condition]) -> type[Condition]:
    CONDITIONS[cls.kind] = cls
    return cls


class Condition:
    kind: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    optional: ClassVar[tuple[str, ...]] = ()
    # True when the result can only improve as awards/titles are added (property-tested).
    monotone_in_awards: ClassVar[bool] = False
    # True for criteria only a council can judge: always met, shown as such.
    manual: ClassVar[bool] = False
    # Award codes the condition refers to, checked against the catalogue at load.
    award_params: ClassVar[tuple[str, ...]] = ()
    # Rough cost per subject on the sweep path: an `all` runs its cheapest children first.
    cost: ClassVar[int] = 5

    def __init__(self, params: dict[str, Any], scales: Scales):
        missing = [p for p in self.required if p not in params]
        unknown = [p for p in params if p not in self.required + self.optional]
        if missing or unknown:
            raise PackError(
                f"{self.kind}: thiếu tham số {missing}"
                if missing
                else f"{self.kind}: tham số không hợp lệ {unknown}"
            )
        self.params = params
        self.scales = scales
        self.setup(params, scales)

    def setup(self, params: dict[str, Any], scales: Scales) -> None:
        """Read and check parameters once, at load time."""

    def __repr__(self) -> str:
        # What the condition is, never where it sits in memory: the pack's repr is digested
        # into the suggestions cache key (eligibility.suggestions), which every process
        # sharing the cache must compute alike.
        return f"{type(self).__name__}({self.params!r})"

    def award_codes(self) -> list[str]:
        codes: list[str] = []
        for name in self.award_params:
            value = self.params.get(name)
            if value:
                codes.extend([value] if isinstance(value, str) else value)
        return codes

    # -- what the condition reads (the loader's window) -----------------------------------
    def years_read(self) -> int | None:
        """How many years of the record the condition reads, counted back from the year
        judged, that year included: 1 = the year judged only, 3 = Y-2..Y; None = the whole
        record (no time limit: "has ever received X"). Computed from the parameters only, so
        a pack states its own look-back; the loader reads the maximum over the conditions it
        will evaluate (Pack.years_read). The record here is the yearly one: results, titles,
        awards, initiatives, disciplines, units by year. Service dates and interruptions are
        the person's own facts and come whole (PersonFacts.service_interruptions)."""
        return 1

    def record_codes(self, catalogue: Catalogue) -> frozenset[str] | None:
        """The award codes whose record is all the condition reads (widened as it widens
        them), or None when it reads more than awards: a caller that reads those codes
        whole anyway (the loader: every award form) need not widen its window for it."""
        return None

    def refers_to(self) -> tuple[str, ...]:
        """Award types of the same pack whose own conditions this one evaluates in the year
        judged (`meets`, `include_current`, a quota counting the eligible): the look-back of
        their conditions counts too."""
        return ()

    def evaluate(self, ev: Evaluator, subject: Subject, idx: SubjectIndex) -> Outcome:
        """Met or not, with evidence and (when unmet) what is missing, in Vietnamese."""
        raise NotImplementedError

    def test(self, ev: Evaluator, subject: Subject) -> bool:
        """The same answer as evaluate().met without building any text: the fast path for a
        few subjects (and, for shared kinds, the sweep's test of each subject).
        Kinds on hot paths override it; a consistency test checks they agree."""
        return self.evaluate(ev, subject, ev.index(subject)).met

    # Kinds whose answer depends only on their parameters and the subject's own record set
    # this: on a sweep, the passing set is computed once over everyone (one test() each)
    # and shared by every rule using the same parameters (say "hoàn thành tốt nhiệm vụ").
    shared_in_sweep: ClassVar[bool] = False

    def passing(self, ev: Evaluator, kind: str) -> set[str] | None:
        """Sweep path: the codes of the subjects of `kind` meeting the condition this year,
        over the whole population at once (a superset outside the population is fine), or
        None when the kind has no such answer (the interpreter then tests subject by
        subject). Kinds that read set indexes override it; the evaluator caches the result
        per condition and year (Evaluator.leaf_passing)."""
        if not self.shared_in_sweep:
            return None
        test = self.test
        return {s.code for s in ev.population(kind) if test(ev, s)}

    def filter(self, ev: Evaluator, subjects: list[Subject]) -> list[Subject]:
        """The subjects that meet the condition: on a sweep (`ev.bulk`) from the population's
        passing set, otherwise one test per subject."""
        if ev.bulk and subjects:
            ok = ev.leaf_passing(self, subjects[0].kind)
            if ok is not None:
                return [s for s in subjects if s.code in ok]
        test = self.test
        return [s for s in subjects if test(ev, s)]


def as_codes(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def positive_int(params: dict, name: str, default: int | None = None, minimum: int = 0) -> int:
    value = params.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise PackError(f"tham số {name} phải là số nguyên ≥ {minimum}, nhận {value!r}")
    return value


def one_of(params: dict, name: str, choices: tuple[str, ...], default: str) -> str:
    value = params.get(name, default)
    if value not in choices:
        raise PackError(f"tham số {name} phải là một trong {choices}, nhận {value!r}")
    return value


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
