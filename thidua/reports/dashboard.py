"""The home page's dashboard: for the user's scope (or a unit in it) and a span of years, the
awards by level (cấp), by form (hình thức), by direct subunit and by year, and the work
waiting in the record (việc cần làm).

Everything is counted the way the period summary counts (selectors.awards_in_span, then
summary.tally: one pass for the level, form and year charts), so a figure here is the figure of the summary page for the
same span and unit. A subunit's figure is the summary of that subunit: its collectives by
their place in the tree, its people by the unit they served in on the decision's date, read
for all subunits at once (selectors.awards_by_subunit; docs/reports.md has the timing).

On 1.4 million awards that is seconds, too slow for a page opened many times a day, so the
figures are cached under a stamp of the record (`_stamp`): every write path (pages, API,
imports, bulk writes) adds a history row, so the stamp changes with any change that could
move a figure and a stale figure is never shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Model, OuterRef
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.awards.choices import AwardKind, Level
from thidua.awards.models import Award, AwardType, Decision
from thidua.lib import stamped
from thidua.lib.aggregates import IdList, ids_of
from thidua.org import selectors as org_selectors
from thidua.org.models import Assignment, Person, Unit
from thidua.reports import selectors
from thidua.reports.models import Conference, Exemplar
from thidua.reports.summary import Counts, Tally, tally, tally_by

# slug (the chart's download URL and its id on the page) → (title, heading of the row
# column); the order of the page.
CHARTS = {
    "cap": (gettext_lazy("Theo cấp khen thưởng"), gettext_lazy("Cấp khen thưởng")),
    "hinh-thuc": (gettext_lazy("Theo hình thức"), gettext_lazy("Hình thức")),
    "don-vi": (gettext_lazy("Theo đơn vị trực thuộc"), gettext_lazy("Đơn vị")),
    "nam": (gettext_lazy("Theo năm"), gettext_lazy("Năm")),
}


@dataclass(frozen=True)
class Row:
    label: str
    counts: Counts


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    column: str
    rows: list[Row]
    # Distinct recipients of a row do not add up across rows (one person, two levels), so
    # the table's last line is the scope's own total, not a sum of the rows.
    totals: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "labels": [row.label for row in self.rows],
            "collective_times": [row.counts.collective_times for row in self.rows],
            "individual_times": [row.counts.individual_times for row in self.rows],
        }


@dataclass
class Dashboard:
    year_from: int
    year_to: int
    root: Unit | None  # the subtree counted; None: the whole record
    subject: Unit | None  # the unit whose subunits the unit chart shows
    totals: Counts = field(default_factory=Counts)
    charts: list[Chart] = field(default_factory=list)

    def chart(self, slug: str) -> Chart:
        return next(c for c in self.charts if c.slug == slug)

    def as_json(self) -> dict[str, Any]:
        """What dashboard.js draws, with the series' names in the page's language."""
        return {
            "series": {"collective": _("Lượt tập thể"), "individual": _("Lượt cá nhân")},
            "charts": [chart.as_json() for chart in self.charts],
        }


def build(*, user: Any, year_from: int, year_to: int, unit_code: str | None = None) -> Dashboard:
    """The four charts for the unit's subtree (the user's scope by default). LookupError for a
    unit outside the scope, scope.NoUnitAssigned for a scoped account without a unit."""
    if year_from > year_to:
        raise ValueError("year_from after year_to")
    root = selectors.report_root(user, unit_code)
    key = ("dashboard", root.pk if root else None, year_from, year_to, get_language())
    return _cached(
        key,
        (Award, Decision, AwardType, Assignment, Person, Unit),
        lambda: _build(root, year_from, year_to),
    )


def _build(root: Unit | None, year_from: int, year_to: int) -> Dashboard:
    by_type, by_year, overall = tally(selectors.awards_in_span(year_from, year_to, root))
    subject = root or selectors.single_top()
    board = Dashboard(year_from, year_to, root, subject, totals=overall.counts())

    def chart(slug: str, rows: list[Row]) -> Chart:
        title, column = CHARTS[slug]
        return Chart(slug, str(title), str(column), rows, board.totals)

    levels, kinds = tally_by(by_type, "level"), tally_by(by_type, "kind")
    board.charts = [
        chart("cap", [Row(str(label), levels.get(v, Counts())) for v, label in Level.choices]),
        chart(
            "hinh-thuc",
            [Row(str(label), kinds.get(v, Counts())) for v, label in AwardKind.choices],
        ),
        chart("don-vi", _by_subunit(subject, year_from, year_to)),
        chart("nam", _by_year({year: t.counts() for year, t in by_year.items()})),
    ]
    return board


def _cached(key: tuple, models: tuple[type[Model], ...], compute):
    """compute(), or its result of an earlier call when none of `models` changed since."""
    return stamped.cached("dashboard", key, models, compute)


def _by_subunit(subject: Unit | None, year_from: int, year_to: int) -> list[Row]:
    """Each direct subunit with its subtree, in three grouped queries whatever their number
    (selectors.awards_by_subunit: the rows awards_in_span selects for each subunit)."""
    children = list(Unit.objects.filter(parent=subject).order_by("path")) if subject else []
    if not children:
        return []
    tallies = {child.pk: Tally() for child in children}
    collectives, *people = selectors.awards_by_subunit(year_from, year_to, children)
    grouped = collectives.values_list("subunit").annotate(ids=IdList("unit_id"), n=Count("id"))
    for subunit, ids, times in grouped.order_by():
        tallies[subunit].units.update(ids_of(ids))
        tallies[subunit].collective_times += times
    for part in people:
        # An award shows once per covering assignment in the subtree: its times by distinct id.
        grouped = part.values_list("subunit").annotate(
            ids=IdList("person_id"), n=Count("id", distinct=True)
        )
        for subunit, ids, times in grouped.order_by():
            tallies[subunit].people.update(ids_of(ids))
            tallies[subunit].individual_times += times
    rows = []
    for child in children:
        counts = tallies[child.pk].counts()
        closed = child.active_to is not None and child.active_to < dt.date(year_from, 1, 1)
        if counts != Counts() or not closed:  # a unit closed before the span, with nothing
            rows.append(Row(child.name, counts))
    return rows


def _by_year(counts: dict[int, Counts]) -> list[Row]:
    """Every year from the first to the last with an award, the quiet ones as zeros."""
    if not counts:
        return []
    return [Row(str(y), counts.get(y, Counts())) for y in range(min(counts), max(counts) + 1)]


# ── Việc cần làm ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Todo:
    count: int
    text: str
    url: str


def todos(user: Any) -> list[Todo]:
    """The work waiting in the user's scope, each with the page that lists it; only the
    items there are (count > 0). Three COUNT queries, cached like the charts."""
    root = None if scope.sees_everything(user) else scope.scope_root(user)
    key = ("todos", scope.sees_everything(user), root.path if root else "", get_language())
    return _cached(key, (Person, Unit, Conference, Exemplar), lambda: _todos(user))


def _todos(user: Any) -> list[Todo]:
    people = scope.visible_people(user)
    shared_ids = org_selectors.shared_citizen_ids(people).count()
    same_name = org_selectors.duplicate_groups(people).count()
    no_exemplar = (
        scope.visible_conferences(user)
        .filter(~Exists(Exemplar.objects.filter(conference=OuterRef("pk"))))
        .count()
    )
    duplicates = reverse("org:duplicates")
    items = [
        (shared_ids, _("số CCCD ghi cho nhiều hồ sơ, cần kiểm tra"), duplicates),
        (same_name, _("nhóm hồ sơ cùng họ tên và ngày sinh, có thể trùng"), duplicates),
        (
            no_exemplar,
            _("hội nghị điển hình tiên tiến chưa chọn điển hình"),
            reverse("reports:conference_list") + "?chua-chon=1",
        ),
    ]
    return [Todo(n, text, url) for n, text, url in items if n]
