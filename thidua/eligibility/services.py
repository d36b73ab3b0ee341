"""Who qualifies for what, for pages, the CLI and (later) the nomination workflow.

Every entry point takes the acting user and stays inside thidua.accounts.scope: a clerk never
gets a verdict about a person or unit outside its subtree (commands without --user act as
scope.SYSTEM). The engine (thidua.rules) does the judging; this module picks what
to load (thidua.eligibility.loader) and which verdicts to return.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.awards.catalogue import UnknownAwardType, catalogue_index
from thidua.awards.models import AwardType
from thidua.eligibility import rule_settings
from thidua.eligibility.candidates import read_candidates
from thidua.eligibility.loader import LoadedHistory, load_history
from thidua.lib.excel.rows import Issue
from thidua.org.models import Person, Unit
from thidua.rules.conditions import PackError
from thidua.rules.engine import (
    Candidate,
    Rulebook,
    check_candidates_with_quotas,
    default_rulebook,
    evaluate,
    evaluate_with_quotas,
    gc_paused,
)
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL
from thidua.rules.packs import Pack
from thidua.rules.quotas import QuotaLine
from thidua.rules.ranking import ranked
from thidua.rules.results import ConditionResult, Verdict


class EligibilityError(Exception):
    """A question that cannot be answered; the message is for the user (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutOfScope(EligibilityError):
    """The person or unit does not exist or is outside the user's scope (a 404 on pages)."""


@dataclass
class EligibilityRun:
    year: int
    pack: Pack
    verdicts: list[Verdict]
    loaded: LoadedHistory
    recipient: Person | Unit | None = None  # with --person / --unit
    award: AwardType | None = None
    quotas: list[QuotaLine] = field(default_factory=list)  # a sweep's ceilings


@dataclass
class CheckedRow:
    row: int  # the Excel row number
    verdict: Verdict


@dataclass
class CandidateCheck:
    """The verdicts of a candidate list, and the rows that could not be checked."""

    year: int
    pack_id: str
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    @property
    def verdicts(self) -> list[Verdict]:
        return [r.verdict for r in self.rows]


# ── Scope and lookups ─────────────────────────────────────────────────────────────────


def root_unit(user) -> Unit | None:
    """The unit bounding the user (None: everything), as scope.scope_root_or_error decides;
    its refusal as this module's error."""
    try:
        return scope.scope_root_or_error(user)
    except scope.NoUnitAssigned as exc:
        raise EligibilityError(str(exc)) from exc


def visible_person(user, code: str) -> Person:
    people = scope.visible_people(user)
    found = people.select_related("unit").filter(code=code).first()
    if found is None:
        raise OutOfScope(
            _("Không tìm thấy cán bộ có số hiệu '%(code)s' trong phạm vi được xem.")
            % {"code": code}
        )
    return found


def visible_unit(user, code: str) -> Unit:
    units = scope.visible_units(user)
    found = units.filter(code=code).first()
    if found is None:
        raise OutOfScope(
            _("Không tìm thấy đơn vị có mã '%(code)s' trong phạm vi được xem.") % {"code": code}
        )
    return found


def resolve_award(text: str | AwardType) -> AwardType:
    """A catalogue code or Vietnamese name, any case, with or without accents."""
    if isinstance(text, AwardType):
        return text
    try:
        return catalogue_index().resolve(text)
    except UnknownAwardType as exc:
        raise EligibilityError(exc.messages[0]) from exc


def rulebook() -> Rulebook:
    """The packs with the province's current values of their settings (read afresh: one
    query, the rulebook itself is cached per set of values)."""
    try:
        return rule_settings.rulebook()
    except PackError as exc:
        raise EligibilityError(str(exc)) from exc


def pack_for(year: int, book: Rulebook | None = None) -> Pack:
    try:
        return (book or rulebook()).pack_for(year)
    except PackError as exc:
        raise EligibilityError(str(exc)) from exc


def recipient_kind(pack: Pack, code: str) -> str:
    rule = pack.awards[code]
    if rule.recipient:
        return rule.recipient
    info = default_rulebook().catalogue.get(code)
    return COLLECTIVE if info and info.recipient == COLLECTIVE else INDIVIDUAL


def _award_in_pack(pack: Pack, award: AwardType, year: int, kind: str | None) -> str:
    if award.code not in pack.awards:
        raise EligibilityError(
            _("Gói quy tắc %(pack)s (năm %(year)s) chưa có tiêu chuẩn xét cho “%(award)s”.")
            % {"pack": pack.id, "year": year, "award": award.name}
        )
    if kind is not None and recipient_kind(pack, award.code) != kind:
        message = (
            _("“%(award)s” không xét cho cá nhân.")
            if kind == INDIVIDUAL
            else _("“%(award)s” không xét cho tập thể.")
        )
        raise EligibilityError(message % {"award": award.name})
    return award.code


# ── Running the engine ────────────────────────────────────────────────────────────────


def eligibility_report(
    *,
    user,
    year: int,
    award: str | AwardType | None = None,
    person_code: str | None = None,
    unit_code: str | None = None,
    within: str | None = None,
    include_ineligible: bool = False,
) -> EligibilityRun:
    """The verdicts of one year, inside the user's scope.

    person_code: every award type applying to that person, eligible or not.
    unit_code (without person_code): the unit itself as a collective recipient, likewise.
    Otherwise a sweep of `within` (a unit code; default the user's whole scope): only the
    eligible unless include_ineligible. `award` narrows to one award type.
    """
    book = rulebook()
    pack = pack_for(year, book)
    root = root_unit(user)
    award_type = resolve_award(award) if award else None
    if person_code:
        person = visible_person(user, person_code)
        if unit_code and not (
            person.unit and person.unit.path.startswith(visible_unit(user, unit_code).path)
        ):
            raise EligibilityError(
                _("Cán bộ '%(person)s' không thuộc đơn vị '%(unit)s'.")
                % {"person": person_code, "unit": unit_code}
            )
        codes = _codes_for(pack, award_type, year, INDIVIDUAL)
        loaded = load_history(year, person=person, award_codes=codes, rulebook=book)
        return _single(year, pack, award_type, codes, person, INDIVIDUAL, loaded, book)
    if unit_code:
        unit = visible_unit(user, unit_code)
        codes = _codes_for(pack, award_type, year, COLLECTIVE)
        loaded = load_history(year, unit=unit, award_codes=codes, rulebook=book)
        return _single(year, pack, award_type, codes, unit, COLLECTIVE, loaded, book)
    base = visible_unit(user, within) if within else root
    codes = [_award_in_pack(pack, award_type, year, None)] if award_type else None
    with gc_paused():  # one pause for the load and the sweep (see gc_paused)
        loaded = load_history(
            year, within=base.path if base else None, award_codes=codes, rulebook=book
        )
        verdicts, quotas = evaluate_with_quotas(
            loaded.history,
            year,
            award_codes=codes,
            unit_code=base.code if base else None,
            only_eligible=not include_ineligible,
            rulebook=book,
        )
        history = loaded.history
        if len(loaded.shown_persons) < len(history.persons) or len(loaded.shown_units) < len(
            history.units
        ):  # some only for statistics
            shown = {INDIVIDUAL: loaded.shown_persons, COLLECTIVE: loaded.shown_units}
            verdicts = [v for v in verdicts if v.recipient_code in shown[v.recipient_kind]]
            # The ceilings count what the list holds: the shown suggestions only.
            quotas = [
                replace(q, count=sum(v.eligible and v.award_code == q.award_code for v in verdicts))
                for q in quotas
            ]
        # A list with a ceiling comes strongest first, so that cutting it keeps the best.
        verdicts = ranked(verdicts, loaded.history, year, pack)
    return EligibilityRun(year, pack, verdicts, loaded, award=award_type, quotas=quotas)


def eligibility_run(
    *,
    user,
    year: int,
    award: str | AwardType | None = None,
    person_code: str | None = None,
    unit_code: str | None = None,
    include_ineligible: bool = False,
) -> list[Verdict]:
    """The verdicts only (see eligibility_report)."""
    return eligibility_report(
        user=user,
        year=year,
        award=award,
        person_code=person_code,
        unit_code=unit_code,
        include_ineligible=include_ineligible,
    ).verdicts


def _codes_for(pack: Pack, award_type: AwardType | None, year: int, kind: str) -> list[str]:
    """The award types judged for one recipient of `kind`: the one asked for, else every
    award type of the pack for that kind (what the load must cover)."""
    if award_type:
        return [_award_in_pack(pack, award_type, year, kind)]
    return [code for code in pack.awards if recipient_kind(pack, code) == kind]


def _single(
    year: int,
    pack: Pack,
    award_type: AwardType | None,
    codes: list[str],
    recipient: Person | Unit,
    kind: str,
    loaded: LoadedHistory,
    book: Rulebook,
) -> EligibilityRun:
    verdicts = evaluate(
        loaded.history, year, award_codes=codes, recipients=[(kind, recipient.code)], rulebook=book
    )
    return EligibilityRun(year, pack, verdicts, loaded, recipient, award_type)


# ── Candidate lists ───────────────────────────────────────────────────────────────────


def check_candidate_list(*, user, year: int, candidates: list[Candidate]) -> list[Verdict]:
    """One verdict per candidate (kind, code, award code), in order, quotas over the whole
    list counted within the user's scope. Candidates outside the scope are judged as unknown."""
    return check_candidate_list_with_quotas(user=user, year=year, candidates=candidates)[0]


def check_candidate_list_with_quotas(
    *, user, year: int, candidates: list[Candidate]
) -> tuple[list[Verdict], list[QuotaLine]]:
    """As check_candidate_list, and each quota's count against its ceiling over the list:
    what the nomination review shows for a dossier, or for every dossier of a year."""
    book = rulebook()
    pack = pack_for(year, book)
    root = root_unit(user)
    codes = sorted({c.award_code for c in candidates})
    loaded = load_history(
        year, within=root.path if root else None, award_codes=codes, rulebook=book
    )
    shown = {INDIVIDUAL: loaded.shown_persons, COLLECTIVE: loaded.shown_units}
    inside = [c for c in candidates if c.recipient_code in shown.get(c.recipient_kind, ())]
    verdicts, quotas = check_candidates_with_quotas(
        loaded.history, year, inside, unit_code=root.code if root else None, rulebook=book
    )
    judged = iter(verdicts)
    # Outside the scope looks exactly like a code that does not exist.
    return [
        next(judged) if c.recipient_code in shown.get(c.recipient_kind, ()) else _unknown(c, pack)
        for c in candidates
    ], quotas


def _unknown(candidate: Candidate, pack: Pack) -> Verdict:
    name = default_rulebook().catalogue.name(candidate.award_code)
    row = ConditionResult(
        "Có trong dữ liệu",
        False,
        [],
        "",
        "verified",
        f"không tìm thấy mã {candidate.recipient_code!r}",
        "check",
    )
    return Verdict(
        candidate.recipient_kind,
        candidate.recipient_code,
        "",
        candidate.award_code,
        name,
        False,
        [row],
        pack.id,
    )


def check_candidates_file(*, user, year: int, path: str | Path) -> CandidateCheck:
    """Read a candidate list in the awards import format and check it (see candidates.py)."""
    pack = pack_for(year)
    result = CandidateCheck(year, pack.id)
    parsed = read_candidates(path, root=root_unit(user), year=year, errors=result.errors)
    if parsed:
        verdicts = check_candidate_list(user=user, year=year, candidates=[c for _, c in parsed])
        result.rows = [CheckedRow(row, v) for (row, _), v in zip(parsed, verdicts)]
    result.errors.sort(key=lambda i: (i.row or 0, i.column))
    return result
