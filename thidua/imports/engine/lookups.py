"""Set-based lookups that every spec shares: never one query per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet

from thidua.org.models import PATH_SEP, Unit

if TYPE_CHECKING:
    pass

T = TypeVar("T")
M = TypeVar("M", bound=Model)
# Under every backend's limit on query parameters (SQLite ≥ 3.32 allows 32,766).
CHUNK = 5000
FULL_SCAN_SHARE = 0.3


def chunked(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_by(
    queryset: QuerySet,
    field: str,
    values: Iterable[object],
    *,
    make: Callable[[Any], T] | None = None,
) -> dict[object, T]:
    """{value: row} for every row whose `field` (unique) is in `values`, a few queries.

    A row is what the queryset yields — a model instance — or, with `make`, what make turns
    it into: `values_list(...)` tuples made into a NamedTuple with a `field` attribute are
    several times cheaper than model instances when 100,000 are loaded."""
    wanted = set(values)
    found: dict[object, T] = {}
    if not wanted:
        return found
    queryset = queryset.order_by()  # one row per value: no order to pay for
    if len(wanted) >= FULL_SCAN_SHARE * queryset.count():
        # Most of the table is wanted: one scan beats compiling huge IN lists.
        rows = queryset.iterator(chunk_size=5000)
    else:
        rows = (
            row
            for batch in chunked(sorted(wanted, key=str))
            for row in queryset.filter(**{f"{field}__in": batch})
        )
    key = attrgetter(field)
    for row in map(make, rows) if make else rows:
        if key(row) in wanted:
            found[key(row)] = row
    return found


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    path: str
    parent_id: int | None

    @property
    def parent_code(self) -> str:
        codes = [c for c in self.path.split(PATH_SEP) if c]
        return codes[-2] if len(codes) > 1 else ""


class UnitIndex:
    """Every unit's id, code, name and path, from one query (the unit table is small)."""

    def __init__(self, refs: Iterable[UnitRef]):
        self.by_code: dict[str, UnitRef] = {}
        self.by_id: dict[int, UnitRef] = {}
        self._by_upper: dict[str, UnitRef] = {}
        for ref in refs:
            self.by_code[ref.code] = ref
            self.by_id[ref.id] = ref
            self._by_upper.setdefault(ref.code.upper(), ref)

    @classmethod
    def load(cls) -> UnitIndex:
        rows = Unit.objects.values_list("id", "code", "name", "path", "parent_id")
        return cls(UnitRef(*row) for row in rows.iterator(chunk_size=5000))

    def get(self, code: str) -> UnitRef | None:
        """Exact code first; else the one unit whose code differs only by case."""
        return self.by_code.get(code) or self._by_upper.get(code.upper())

    def label(self, unit_id: int | None) -> str:
        ref = self.by_id.get(unit_id) if unit_id else None
        return ref.code if ref else ""
