"""Engine entry points: evaluate a year, check a candidate list, propose seniority medals.

    from thidua.rules.engine import evaluate, check_candidates, seniority_proposals
    verdicts = evaluate(history, 2024, award_codes=["cstd_co_so"], only_eligible=True)
    [v.to_dict() for v in verdicts]

The Rulebook (packs + catalogue) is loaded once per process and built once per set of the
province's overrides (default_rulebook(overrides)); pass `rulebook=` to use another one
(tests do, and so does thidua.eligibility with the province's values).
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from thidua.lib.dates import format_date
from thidua.rules.catalogue import DEFAULT_PATH as CATALOGUE_PATH
from thidua.rules.catalogue import Catalogue
from thidua.rules.conditions import PackError
from thidua.rules.evaluator import Evaluator
from thidua.rules.facts import COLLECTIVE, LINEAGE_KINDS, History, Subject, UnitFacts
from thidua.rules.packs import PACKS_DIR, Pack, build_pack, merged, read_raw
from thidua.rules.quotas import QuotaLine, apply_quotas, quota_lines
from thidua.rules.results import ConditionResult, Verdict
from thidua.rules.settings import Override, Setting, overrides_key

# The force whose packs are used unless told otherwise: this project serves the CAND.
DEFAULT_FAMILY = "cand"
GENERAL_FAMILY = "general"
# From this many candidates on, eligibility of base titles is computed for everyone at once.
_BULK_FROM = 50


class Rulebook:
    """All packs and the catalogue; picks the pack for a year."""

    def __init__(
        self,
        packs: Iterable[Pack],
        catalogue: Catalogue,
        overrides: Mapping[str, Override] | None = None,
    ):
        self.packs = {p.id: p for p in packs}
        self.catalogue = catalogue
        self.overrides = dict(overrides or {})

    @classmethod
    def load(
        cls,
        packs_dir: Path | str = PACKS_DIR,
        catalogue_path: Path | str = CATALOGUE_PATH,
        overrides: Mapping[str, Override] | None = None,
    ) -> Rulebook:
        """Every pack of `packs_dir`, its settings taking the province's `overrides`."""
        raw = read_raw(Path(packs_dir))
        return cls.build(
            [merged(raw, pack_id) for pack_id in raw], Catalogue.load(catalogue_path), overrides
        )

    @classmethod
    def build(
        cls,
        data: Iterable[dict],
        catalogue: Catalogue,
        overrides: Mapping[str, Override] | None = None,
    ) -> Rulebook:
        """The rulebook of packs already read and merged (see packs.merged)."""
        return cls([build_pack(d, overrides) for d in data], catalogue, overrides)

    def settings(self, packs: Iterable[Pack] | None = None) -> dict[str, Setting]:
        """Every setting of `packs` (default: all), by name, first declaration first: a name
        is one value across the packs that declare it (a child inherits its parent's)."""
        found: dict[str, Setting] = {}
        for pack in self.packs.values() if packs is None else packs:
            for name, setting in pack.settings.items():
                found.setdefault(name, setting)
        return found

    def pack_for(self, year: int, family: str = DEFAULT_FAMILY) -> Pack:
        """The pack of `family` covering `year`, else the general one covering it."""
        for wanted in dict.fromkeys((family, GENERAL_FAMILY)):
            found = [p for p in self.packs.values() if p.family == wanted and p.covers(year)]
            if found:
                return max(found, key=lambda p: p.effective_from)
        raise PackError(f"Không có gói quy tắc nào áp dụng cho năm {year}")

    def years_read(
        self,
        year: int,
        award_codes: Iterable[str] | None = None,
        *,
        family: str = DEFAULT_FAMILY,
        read_whole: Collection[str] = (),
    ) -> int | None:
        """How many years of the record, `year` included, judging `award_codes` (default:
        all) in `year` reads under the pack for that year; None: the whole record. See
        Pack.years_read; `read_whole` is widened with this rulebook's catalogue."""
        return self.pack_for(year, family).years_read(
            award_codes, catalogue=self.catalogue, read_whole=read_whole
        )

    def problems(self) -> list[str]:
        """Award codes used by the packs that the catalogue does not know."""
        found = []
        for pack in self.packs.values():
            for code, rule in pack.awards.items():
                used = {code} | {c for leaf in rule.leaves() for c in leaf.condition.award_codes()}
                found += [
                    f"{pack.id}: {code}: mã {c!r} không có trong danh mục"
                    for c in sorted(used)
                    if c not in self.catalogue
                ]
        return found


def default_rulebook(overrides: Mapping[str, Override] | None = None) -> Rulebook:
    """The project's packs and catalogue, with the province's `overrides` of their settings.
    One rulebook per distinct set of overrides is kept: a caller that reads the overrides
    afresh (each request) gets the province's latest values in every process, and builds
    the packs again only when they changed."""
    return _rulebook_for(overrides_key(overrides))


@lru_cache(maxsize=4)
def _rulebook_for(key: tuple) -> Rulebook:
    data, catalogue = _default_sources()
    overrides = {name: Override(value, basis) for name, value, basis in key}
    return Rulebook.build(data, catalogue, overrides)


@lru_cache(maxsize=1)
def _default_sources() -> tuple[list[dict], Catalogue]:
    """The project's packs, read and merged, and its catalogue: read once per process."""
    raw = read_raw(PACKS_DIR)
    return [merged(raw, pack_id) for pack_id in raw], Catalogue.load(CATALOGUE_PATH)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a load or a sweep (nested pauses are one).

    Both allocate millions of small objects that all live until the run ends; the collector
    would rescan them again and again for nothing (it doubles a 100,000-person load), and
    scan them all once more the moment it is enabled again. So on the way out everything
    alive is moved to the permanent generation (gc.freeze) before collection resumes. The
    facts, indexes and verdicts hold no reference cycles: reference counting frees them
    when the run is dropped. The next pause unfreezes, so any cyclic garbage frozen by
    this one is still collected later.
    """
    if not gc.isenabled():
        yield
        return
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One line of a proposed list: who, for which award type (a catalogue code)."""

    recipient_kind: str  # individual | collective
    recipient_code: str
    award_code: str


def evaluate(
    history: History,
    year: int,
    *,
    award_codes: Iterable[str] | None = None,
    recipients: Iterable[tuple[str, str]] | None = None,
    only_eligible: bool = False,
    seniority_only: bool = False,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> list[Verdict]:
    """Judge every recipient of `history` (or `recipients`, as (kind, code) pairs) for every
    award type of the pack in force in `year` (or `award_codes`), in one pass.

    A sweep (no `recipients`) decides eligibility for everyone at once from set indexes;
    each verdict builds its condition rows only when they are read. With only_eligible,
    ineligible verdicts are left out. Verdicts come grouped by award type in pack order,
    and within one in the History's order (the loader's: units in tree order, people by
    unit then name), so callers list them as they are.
    """
    book = rulebook or default_rulebook()
    chosen = _chosen_subjects(history, recipients)
    # A sweep answers "meets X this year" from one pass over everyone (bulk); a question
    # about a few recipients evaluates just them.
    ev = Evaluator(history, year, book.pack_for(year, family), book.catalogue, bulk=chosen is None)
    wanted = set(award_codes) if award_codes is not None else None
    with gc_paused():
        return _sweep(ev, wanted, chosen, only_eligible, seniority_only)


def _sweep(
    ev: Evaluator,
    wanted: set[str] | None,
    chosen: dict | None,
    only_eligible: bool,
    seniority_only: bool,
) -> list[Verdict]:
    verdicts: list[Verdict] = []
    for rule in ev.pack.awards.values():
        if wanted is not None and rule.code not in wanted:
            continue
        if seniority_only and not rule.seniority:
            continue
        kind = ev.recipient_kind(rule)
        subjects = ev.population(kind) if chosen is None else chosen.get(kind, [])
        if chosen is None:
            passed = ev.eligible_set(rule.code)  # the whole population, shared with `meets`
            verdicts += ev.verdicts(rule, subjects, passed, only_eligible)
            continue
        passed = {s.code for s in ev.filter(rule.conditions, subjects)}
        closed = {s.code: s for s in subjects if s.kind == COLLECTIVE and ev.closed_out(s)}
        for verdict in ev.verdicts(rule, subjects, passed, only_eligible):
            if verdict.recipient_code in closed:
                _closed_block(ev, verdict, closed[verdict.recipient_code])
                if only_eligible:
                    continue
            verdicts.append(verdict)
    return verdicts


def _closed_block(ev: Evaluator, verdict: Verdict, unit: UnitFacts) -> None:
    """The row that keeps a unit closed in a reorganisation from a collective award (the
    rows above it say how it stands on the rule's own conditions)."""
    rule = ev.pack.reorganisation.closed_units
    kind = {"dissolve": "giải thể", **LINEAGE_KINDS}.get(unit.closed_kind, unit.closed_kind)
    verdict.conditions.append(
        ConditionResult(
            rule.text,
            False,
            [],
            rule.cited,
            rule.status,
            f"đơn vị đã kết thúc hoạt động từ ngày {format_date(unit.closed_on)} ({kind}) "
            f"trong sắp xếp tổ chức",
            "check",
            note=rule.note,
        )
    )
    verdict.eligible = False


def evaluate_with_quotas(
    history: History,
    year: int,
    *,
    award_codes: Iterable[str] | None = None,
    unit_code: str | None = None,
    only_eligible: bool = False,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> tuple[list[Verdict], list[QuotaLine]]:
    """A sweep (as evaluate) and the quotas of its eligible suggestions, counted within
    `unit_code`'s subtree, from the same evaluation (the bases' titles are not judged twice)."""
    book = rulebook or default_rulebook()
    ev = Evaluator(history, year, book.pack_for(year, family), book.catalogue, bulk=True)
    wanted = set(award_codes) if award_codes is not None else None
    with gc_paused():
        verdicts = _sweep(ev, wanted, None, only_eligible, False)
        return verdicts, quota_lines(ev, verdicts, unit_code)


def seniority_proposals(
    history: History,
    year: int,
    *,
    recipients: Iterable[tuple[str, str]] | None = None,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> list[Verdict]:
    """Everyone who reaches a seniority award's threshold in `year` and does not hold it
    (or a higher class) yet: the eligible verdicts of the pack's `seniority: true` rules."""
    return evaluate(
        history,
        year,
        recipients=recipients,
        only_eligible=True,
        seniority_only=True,
        family=family,
        rulebook=rulebook,
    )


def check_candidates(
    history: History,
    year: int,
    candidates: Sequence[Candidate],
    *,
    unit_code: str | None = None,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> list[Verdict]:
    """One verdict per candidate, in list order; then the pack's quotas over the whole list.

    Quotas count the base population inside `unit_code`'s subtree (everyone in `history`
    when None). A candidate over quota, unknown, not covered by the pack or listed twice
    gets eligible=False and a condition row saying why.
    """
    return check_candidates_with_quotas(
        history, year, candidates, unit_code=unit_code, family=family, rulebook=rulebook
    )[0]


def check_candidates_with_quotas(
    history: History,
    year: int,
    candidates: Sequence[Candidate],
    *,
    unit_code: str | None = None,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> tuple[list[Verdict], list[QuotaLine]]:
    """As check_candidates, and each quota's line over the list: the eligible candidates
    counted before any is flagged over the ceiling (what a reviewer must cut)."""
    book = rulebook or default_rulebook()
    ev = Evaluator(
        history,
        year,
        book.pack_for(year, family),
        book.catalogue,
        bulk=len(candidates) > _BULK_FROM,
    )
    with gc_paused():
        return _check(ev, history, candidates, unit_code)


def _check(
    ev: Evaluator, history: History, candidates: Sequence[Candidate], unit_code: str | None
) -> tuple[list[Verdict], list[QuotaLine]]:
    verdicts: list[Verdict] = []
    seen: set[Candidate] = set()
    for cand in candidates:
        verdict = _judge_candidate(ev, history, cand)
        if cand in seen and verdict.eligible:
            _block(
                verdict,
                "Không trùng lặp trong danh sách đề nghị",
                "cá nhân/tập thể này đã có trong danh sách cho cùng loại khen thưởng",
            )
        seen.add(cand)
        verdicts.append(verdict)
    lines = quota_lines(ev, verdicts, unit_code)
    apply_quotas(ev, verdicts, unit_code)
    return verdicts, lines


def _judge_candidate(ev: Evaluator, history: History, cand: Candidate) -> Verdict:
    rule = ev.pack.awards.get(cand.award_code)
    subject = history.subject(cand.recipient_kind, cand.recipient_code)
    name = subject.name if subject else ""
    if rule is not None and subject is not None and ev.recipient_kind(rule) == subject.kind:
        if subject.kind == COLLECTIVE and ev.closed_out(subject):
            verdict = ev.verdict(rule, subject)
            _closed_block(ev, verdict, subject)
            return verdict
        return ev.verdict(rule, subject)
    verdict = Verdict(
        cand.recipient_kind,
        cand.recipient_code,
        name,
        cand.award_code,
        ev.award_name(cand.award_code),
        False,
        [],
        ev.pack.id,
    )
    if subject is None:
        _block(verdict, "Có trong dữ liệu", f"không tìm thấy mã {cand.recipient_code!r}")
    elif rule is None:
        _block(
            verdict,
            "Loại khen thưởng được xét theo gói quy tắc",
            f"gói {ev.pack.id} không có tiêu chuẩn cho {ev.award_name(cand.award_code)}",
        )
    else:
        _block(
            verdict,
            "Đúng đối tượng (cá nhân/tập thể)",
            f"{ev.award_name(cand.award_code)} không xét cho đối tượng này",
        )
    return verdict


def _block(verdict: Verdict, text: str, missing: str) -> None:
    verdict.conditions.append(ConditionResult(text, False, [], "", "verified", missing, "check"))
    verdict.eligible = False


def _chosen_subjects(history: History, recipients) -> dict[str, list[Subject]] | None:
    if recipients is None:
        return None
    chosen: dict[str, list[Subject]] = {}
    for kind, code in recipients:
        subject = history.subject(kind, code)
        if subject is not None:
            chosen.setdefault(kind, []).append(subject)
    return chosen
