"""The suggestions page (views.proposals): what it shows, computed once per state of the record.

A sweep of the whole province (100,000 people) takes seconds: reading 1 million history rows
and judging every award type (docs/benchmarks.md, "Xét khen thưởng"). The page shows little of
it — each award type's count, quota lines and rule notes, and 20 rows per award type, or one
page of 100 rows of one award type — so that is what is kept, in Django's cache, under a stamp
of every table the loader reads (thidua.lib.stamped, as the home page's dashboard): any write
to the record (a yearly result, a decision, a transfer…) adds a history row, changes the
stamp, and the next view computes afresh. A second view, or another user with the same scope
root, is served from the cache until then. The first view after a change pays for the sweep.

The key is the question, not the user: (year, pack and a digest of its rules, unit swept,
award type, language), the unit swept being the unit asked for or the user's scope root, so
two clerks of the same subtree share it and a clerk never gets another subtree's list. The Excel download is not
cached: it needs every verdict with its conditions (views._xlsx_response).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.translation import get_language

from thidua.awards.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    YearlyResult,
)
from thidua.eligibility import presenters, services
from thidua.lib import stamped
from thidua.org.models import Assignment, Person, ServiceInterruption, Unit
from thidua.rules.packs import Pack
from thidua.rules.quotas import QuotaLine

PREVIEW = 20  # recipients shown per award type before "Xem tất cả"
PAGE_SIZE = 100  # recipients per page of one award type

# Every table thidua.eligibility.loader reads (Initiative for the year of an authorship,
# Decision for revoked decisions, AwardType for the catalogue's forms).
RECORD = (
    Person,
    Unit,
    Assignment,
    ServiceInterruption,
    AwardType,
    Decision,
    Award,
    YearlyResult,
    Initiative,
    InitiativeAuthor,
    Discipline,
)


@dataclass
class Group:
    """One award type (or alternatives) of the list: its count, quotas and notes for all of
    its suggestions, and the rows shown (the first PREVIEW, or one page)."""

    code: str
    name: str
    count: int
    choices: list[tuple[str, str]]
    rule: str
    quotas: list[QuotaLine]
    notes: list[presenters.RuleNote]
    rows: list[presenters.ProposalRow] = field(default_factory=list)


@dataclass
class Suggestions:
    year: int
    pack_id: str
    pack_title: str
    award_code: str | None  # one award type, paginated; None: every type, PREVIEW rows each
    groups: list[Group]
    page: Page | None = None  # with award_code: the page of the group shown

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def proposals(*, user, year: int, award=None, within=None, page=None) -> Suggestions:
    """The suggestions of `year` in the user's scope (or the unit `within`, a code), for every
    award type or one (`award`, then the page `page` of it). Raises what
    services.eligibility_report raises (OutOfScope, EligibilityError)."""
    pack = services.pack_for(year)
    base = services.visible_unit(user, within) if within else services.root_unit(user)
    award_type = services.resolve_award(award) if award else None
    question = (
        year,
        _digest(pack),
        base.path if base else None,
        award_type.code if award_type else None,
        get_language(),
    )
    key = stamped.stamped_key("suggestions", question, RECORD)
    head = cache.get(key)
    if head is not None and award_type is None:
        return head
    if head is not None:
        number = _page(head, page).number
        rows = cache.get(f"{key}:{number}")
        if rows is not None:
            return _with_page(head, page, rows)
    run = services.eligibility_report(user=user, year=year, award=award_type, within=within)
    head, groups = _head(run)
    if award_type is None:
        for shown, group in zip(head.groups, groups):
            shown.rows = presenters.proposal_rows(group, group.verdicts[:PREVIEW], shown.quotas)
        cache.set(key, head, timeout=stamped.CACHE_SECONDS)
        return head
    cache.set(key, head, timeout=stamped.CACHE_SECONDS)
    found = _page(head, page)
    rows = []
    if groups:
        group, quotas = groups[0], head.groups[0].quotas
        start = found.start_index() - 1 if head.total else 0
        rows = presenters.proposal_rows(
            group, group.verdicts[start : start + PAGE_SIZE], quotas, start
        )
    cache.set(f"{key}:{found.number}", rows, timeout=stamped.CACHE_SECONDS)
    return _with_page(head, page, rows)


_DIGESTS: dict[int, tuple[Pack, str]] = {}


def _digest(pack: Pack) -> str:
    """The pack's id and a digest of its content (its repr: every rule, condition and
    quota), so that a list cached in a shared cache is not served after the rule packs
    changed. Computed once per pack object (the pack is kept, so its id is not reused)."""
    found = _DIGESTS.get(id(pack))
    if found is None or found[0] is not pack:
        digest = hashlib.sha256(repr(pack).encode()).hexdigest()[:16]
        found = _DIGESTS[id(pack)] = (pack, f"{pack.id}:{digest}")
    return found[1]


def _head(run: services.EligibilityRun) -> tuple[Suggestions, list[presenters.AwardGroup]]:
    groups = presenters.group_by_award(run.verdicts, run.pack.alternatives)
    shown = [
        Group(
            g.code,
            g.name,
            g.count,
            list(g.choices),
            g.rule,
            presenters.quotas_of(g, run.quotas),
            presenters.rule_notes(g.verdicts),
        )
        for g in groups
    ]
    code = run.award.code if run.award else None
    return Suggestions(run.year, run.pack.id, run.pack.title, code, shown), groups


def _page(head: Suggestions, number) -> Page:
    """The page asked for, as Paginator.get_page reads it (a bad number: the first page, one
    past the end: the last), over the group's count: no row is needed to place it."""
    return Paginator(range(head.total), PAGE_SIZE).get_page(number)


def _with_page(head: Suggestions, number, rows: list) -> Suggestions:
    groups = [
        Group(g.code, g.name, g.count, g.choices, g.rule, g.quotas, g.notes, rows)
        for g in head.groups
    ]
    return Suggestions(
        head.year, head.pack_id, head.pack_title, head.award_code, groups, _page(head, number)
    )
