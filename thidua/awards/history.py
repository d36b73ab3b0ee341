"""A person's or unit's record as one page: a newest-first timeline and a year-by-year grid.

Built in Python from the handful of rows selectors.person_records / unit_records load, so
the page costs the same few queries however long the career.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.awards.choices import AwardKind, Chain
from thidua.awards.models import Award, AwardType, Decision, Discipline, Initiative, YearlyResult
from thidua.lib.dates import format_date
from thidua.org.choices import EdgeKind
from thidua.org.models import Inheritance, Unit

_CHAIN_ORDER = {Chain.MERIT: 0, Chain.SENIORITY: 1, Chain.COMMEMORATIVE: 2}


@dataclass
class Entry:
    """One line of the timeline."""

    kind: str  # award | result | initiative | discipline
    year: int
    date: dt.date | None
    label: str
    period: str
    detail: str = ""
    decision: Decision | None = None
    decision_text: str = ""
    revoked: bool = False
    reason: str = ""

    @property
    def url(self) -> str:
        return decision_url(self.decision) if self.decision else ""

    @property
    def sort_key(self) -> tuple:
        return (self.year, self.date or dt.date(self.year, 12, 31))


@dataclass
class Cell:
    text: str
    tooltip: str = ""
    url: str = ""
    revoked: bool = False
    muted: bool = False


@dataclass
class GridRow:
    year: int
    appraisal: str = ""
    cells: list[list[Cell]] = field(default_factory=list)
    initiatives: list[str] = field(default_factory=list)
    disciplines: list[str] = field(default_factory=list)


@dataclass
class Predecessor:
    """A unit the page's unit took over, its collective awards marked as theirs: "của Công
    an huyện X (đã sáp nhập 01/03/2025)"."""

    unit: Unit
    owner: str  # của Công an huyện X (đã sáp nhập 01/03/2025)
    when: str  # đã sáp nhập 01/03/2025
    entries: list[Entry]


@dataclass
class History:
    entries: list[Entry]
    columns: list[AwardType]
    rows: list[GridRow]
    current_awards: int
    revoked_awards: int
    predecessors: list[Predecessor] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.predecessors


def owner_text(inheritance: Inheritance) -> str:
    """ "của Công an huyện X (đã sáp nhập 01/03/2025)": whose awards these are."""
    return _("của %(unit)s (%(when)s)") % {
        "unit": inheritance.unit.name,
        "when": taken_over_when(inheritance),
    }


def taken_over_when(inheritance: Inheritance) -> str:
    """ "đã sáp nhập 01/03/2025": how and when the unit was taken over."""
    edge = inheritance.edge
    if edge.kind == EdgeKind.CONSOLIDATE:
        what = _("đã hợp nhất")
    elif edge.kind == EdgeKind.SPLIT:
        what = _("đã chia tách")
    else:
        what = _("đã sáp nhập")
    return f"{what} {format_date(edge.reorganisation.effective_date)}"


def decision_url(decision: Decision) -> str:
    # Reversed once per decision, not once per grid cell and timeline line.
    if not hasattr(decision, "_url"):
        decision._url = decision.get_absolute_url()
    return decision._url


def _decision_text(decision: Decision) -> str:
    return _("QĐ số %(n)s ngày %(d)s") % {"n": decision.number, "d": format_date(decision.date)}


def _award_entry(award: Award) -> Entry:
    return Entry(
        kind="award",
        year=award.year_to,
        date=award.decision.date,
        label=award.award_type.name,
        period=award.period,
        detail=award.achievement,
        decision=award.decision,
        decision_text=_decision_text(award.decision),
        revoked=award.is_revoked,
        reason=award.revoke_reason,
    )


def _result_entry(result: YearlyResult) -> Entry:
    # str(): the appraisal label is a lazy translation, which str.join does not accept.
    parts = [
        str(p)
        for p in (result.get_appraisal_display(), result.title.name if result.title else "")
        if p
    ]
    return Entry(
        kind="result",
        year=result.year,
        date=None,
        label=_("Kết quả xếp loại năm"),
        period=str(result.year),
        detail=" — ".join(parts),
    )


def _initiative_entry(initiative: Initiative) -> Entry:
    decision = initiative.decision
    if decision is not None:
        decision_text = _decision_text(decision)
    else:
        decision_text = (
            _("QĐ số %(n)s") % {"n": initiative.decision_number}
            if initiative.decision_number
            else ""
        )
    return Entry(
        kind="initiative",
        year=initiative.year,
        date=decision.date if decision else None,
        label=_("Sáng kiến cấp %(scope)s") % {"scope": initiative.get_scope_display().lower()},
        period=str(initiative.year),
        detail=initiative.title,
        decision=decision,
        decision_text=decision_text,
    )


def _discipline_entry(discipline: Discipline) -> Entry:
    until = (
        _("đến %(d)s") % {"d": format_date(discipline.end_date)}
        if discipline.end_date
        else _("không thời hạn")
    )
    return Entry(
        kind="discipline",
        year=discipline.decision_date.year,
        date=discipline.decision_date,
        label=_("Kỷ luật: %(form)s") % {"form": discipline.get_form_display()},
        period=str(discipline.decision_date.year),
        detail=f"{format_date(discipline.decision_date)} {until}".strip(),
        decision_text=_("QĐ số %(n)s ngày %(d)s")
        % {"n": discipline.decision_number, "d": format_date(discipline.decision_date)},
    )


def _column_order(award_type: AwardType) -> tuple:
    # Titles first, then forms; within each, the merit chain before medals, lowest rank first.
    return (
        award_type.kind != AwardKind.TITLE,
        _CHAIN_ORDER.get(award_type.chain, 9),
        award_type.rank,
        award_type.position,
    )


def _grid(records: dict[str, list], years: list[int]) -> tuple[list[AwardType], list[GridRow]]:
    types = {a.award_type_id: a.award_type for a in records["awards"]}
    types.update({r.title_id: r.title for r in records["results"] if r.title_id})
    columns = sorted(types.values(), key=_column_order)
    position = {t.pk: i for i, t in enumerate(columns)}
    rows = {y: GridRow(year=y, cells=[[] for _column in columns]) for y in years}
    for award in records["awards"]:
        cells = rows[award.year_to].cells[position[award.award_type_id]]
        text = "✓" if award.year_from == award.year_to else award.period
        cells.append(
            Cell(
                text=text,
                tooltip=_decision_text(award.decision),
                url=decision_url(award.decision),
                revoked=award.is_revoked,
            )
        )
    for result in records["results"]:
        row = rows[result.year]
        row.appraisal = result.get_appraisal_display()
        if result.title_id and not row.cells[position[result.title_id]]:
            # The yearly review names the title but no decision for it is in the record yet.
            row.cells[position[result.title_id]].append(
                Cell(
                    text="✓", tooltip=_("Theo kết quả xếp loại năm, chưa có quyết định"), muted=True
                )
            )
    for initiative in records["initiatives"]:
        rows[initiative.year].initiatives.append(initiative.get_scope_display())
    for discipline in records["disciplines"]:
        rows[discipline.decision_date.year].disciplines.append(discipline.get_form_display())
    return columns, [rows[y] for y in years]


def build_history(records: dict[str, list]) -> History:
    entries = (
        [_award_entry(a) for a in records["awards"]]
        + [_result_entry(r) for r in records["results"]]
        + [_initiative_entry(i) for i in records["initiatives"]]
        + [_discipline_entry(d) for d in records["disciplines"]]
    )
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    years = sorted({e.year for e in entries}, reverse=True)
    # Empty years inside the span stay in the grid: a gap breaks a streak of titles.
    years = list(range(years[0], years[-1] - 1, -1)) if years else []
    columns, rows = _grid(records, years)
    revoked = sum(1 for a in records["awards"] if a.is_revoked)
    return History(
        entries=entries,
        columns=columns,
        rows=rows,
        current_awards=len(records["awards"]) - revoked,
        revoked_awards=revoked,
        predecessors=[
            Predecessor(
                i.unit, owner_text(i), taken_over_when(i), [_award_entry(a) for a in awards]
            )
            for i, awards in records.get("inherited", ())
        ],
    )
