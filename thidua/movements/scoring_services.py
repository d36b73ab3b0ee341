"""Writes of the clusters' agreements, scoring tables and scores (giao ước, bảng điểm, chấm
điểm thi đua của cụm, khối). Every function is one transaction, refuses bad input with a
Vietnamese ValidationError saying what and where, and leaves history rows.

- The agreement's signing units must be members of the cluster.
- A scoring table is created empty or copied from another table (last year's) with its
  whole tree in one transaction, `copied_from` set.
- The tree: groups hold lines; criteria, bonus and penalty items are leaves with a maximum
  (their cap). Lines are ordered by `position` among their siblings and numbered from the
  order ("1", "1.2", …) after every change.
- Nothing of a table changes once it is locked (ScoringTable.locked_at, set when the
  cluster's standings are adopted): neither its tree nor its scores.
- Scores are saved a whole column (one unit) at a time: every value 0 … the line's maximum,
  each row compared with the version the page showed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_moment
from thidua.lib.versioning import StaleVersion
from thidua.movements.choices import CriterionKind, TieBreak
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable
from thidua.movements.standing_selectors import points_text
from thidua.org.models import Cluster, Unit

SCORE_FIELDS = ("self_score", "cross_score", "final_score")
LEAF_KINDS = {CriterionKind.CRITERION, CriterionKind.BONUS, CriterionKind.PENALTY}


# ── Agreement ───────────────────────────────────────────────────────────────────────────


def agreement_save(*, agreement: Agreement, signatories: Iterable[Unit]) -> Agreement:
    """Create or update the cluster's agreement with its signing units, all members."""
    signatories = list(signatories)
    member_ids = set(agreement.cluster.memberships.values_list("unit_id", flat=True))
    outside = [u for u in signatories if u.pk not in member_ids]
    if outside:
        names = ", ".join(u.name for u in outside)
        raise ValidationError(
            {
                "signatories": _("%(units)s không phải thành viên của %(cluster)s.")
                % {"units": names, "cluster": agreement.cluster}
            }
        )
    with transaction.atomic():
        agreement.full_clean(exclude=["cluster"] if agreement.pk else None)
        agreement.save()
        agreement.signatories.set(signatories)
    return agreement


# ── Scoring table ───────────────────────────────────────────────────────────────────────


def _require_unlocked(table: ScoringTable) -> None:
    if table.locked_at is not None:
        raise ValidationError(
            _("Bảng điểm đã khóa kết quả lúc %(at)s nên không sửa được nữa.")
            % {"at": format_moment(table.locked_at)}
        )


def _lock_unlocked(table: ScoringTable) -> None:
    """Take the table's row lock (edits of one table run one at a time) and refuse when
    the stored table is locked."""
    _require_unlocked(ScoringTable.objects.select_for_update().get(pk=table.pk))


def clean_tie_breaks(codes: Iterable[str]) -> list[str]:
    """The tie-break rules in order: known codes, each once."""
    codes = [c for c in codes if c]
    unknown = [c for c in codes if c not in TieBreak.values]
    if unknown:
        raise ValidationError({"tie_breaks": _("Quy tắc xếp hạng không hợp lệ: %s.") % unknown[0]})
    if len(set(codes)) != len(codes):
        raise ValidationError({"tie_breaks": _("Mỗi quy tắc xếp hạng chỉ chọn một lần.")})
    return codes


def table_save(*, table: ScoringTable) -> ScoringTable:
    """Create the cluster's table or change its title, note and tie-break rules."""
    if table.pk is not None:
        stored = ScoringTable.objects.get(pk=table.pk)
        _require_unlocked(stored)
    elif ScoringTable.objects.filter(cluster_id=table.cluster_id).exists():
        raise ValidationError(_("%(cluster)s đã có bảng điểm.") % {"cluster": table.cluster})
    table.tie_breaks = clean_tie_breaks(table.tie_breaks)
    with transaction.atomic():
        table.full_clean(exclude=["cluster"] if table.pk else None)
        table.save()
    return table


def _next_year_title(title: str, source_year: int, year: int) -> str:
    """The copied title with the source's year (as a whole number) replaced by the new one."""
    return re.sub(rf"(?<!\d){source_year}(?!\d)", str(year), title)


def table_copy(*, cluster: Cluster, source: ScoringTable, user: Any = None) -> ScoringTable:
    """A new table of `cluster`, a copy of `source` (title, note, rules and the whole tree,
    no scores), with copied_from set; one transaction. Refused when the cluster has one."""
    if source.cluster_id == cluster.pk:
        raise ValidationError(_("Không sao chép một bảng điểm vào chính cụm của nó."))
    with transaction.atomic():
        if ScoringTable.objects.select_for_update().filter(cluster=cluster).exists():
            raise ValidationError(_("%(cluster)s đã có bảng điểm.") % {"cluster": cluster})
        table = ScoringTable(
            cluster=cluster,
            title=_next_year_title(source.title, source.cluster.year, cluster.year),
            tie_breaks=list(source.tie_breaks),
            note=source.note,
            copied_from=source,
        )
        table.save()
        lines = list(source.criteria.order_by("id"))
        # Parents before children: insert level by level, each level knowing its parents' ids.
        new_ids: dict[int, int] = {}
        pending = lines
        author = scope.history_author(user)
        while pending:
            ready = [c for c in pending if c.parent_id is None or c.parent_id in new_ids]
            if not ready:
                raise ValidationError(_("Cây tiêu chí của bảng nguồn bị lỗi (vòng lặp)."))
            copies = [
                Criterion(
                    table=table,
                    parent_id=new_ids.get(c.parent_id),
                    kind=c.kind,
                    code=c.code,
                    name=c.name,
                    max_points=c.max_points,
                    evidence=c.evidence,
                    position=c.position,
                )
                for c in ready
            ]
            insert_with_history(Criterion, copies, user=author)
            new_ids.update({c.pk: copy.pk for c, copy in zip(ready, copies, strict=True)})
            done = {c.pk for c in ready}
            pending = [c for c in pending if c.pk not in done]
    return table


def last_year_table(cluster: Cluster) -> ScoringTable | None:
    """The table of the cluster with the same name in the year before, if any."""
    return (
        ScoringTable.objects.filter(cluster__name=cluster.name, cluster__year=cluster.year - 1)
        .select_related("cluster")
        .first()
    )


# ── The tree ────────────────────────────────────────────────────────────────────────────


def _descendants(table: ScoringTable, line: Criterion) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in table.criteria.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = [line.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _check_line(line: Criterion) -> None:
    errors: dict[str, str] = {}
    parent = line.parent
    if parent is not None:
        if parent.table_id != line.table_id:
            errors["parent"] = _("Nhóm cha phải thuộc cùng bảng điểm.")
        elif parent.kind != CriterionKind.GROUP:
            errors["parent"] = _("Chỉ nhóm tiêu chí mới chứa được các dòng khác.")
    if line.kind in LEAF_KINDS and line.max_points is None:
        errors["max_points"] = _("Tiêu chí, điểm thưởng, điểm trừ phải có điểm tối đa.")
    if line.kind != CriterionKind.GROUP and line.pk and line.children.exists():
        errors["kind"] = _("Dòng này đang chứa các dòng khác nên phải là nhóm tiêu chí.")
    if line.max_points is not None and line.max_points < 0:
        errors["max_points"] = _("Điểm tối đa không được âm.")
    if errors:
        raise ValidationError(errors)


def renumber(table: ScoringTable, user: Any = None) -> None:
    """Positions 0, 1, … among siblings and codes from them ("1", "1.2", …); only lines
    whose code or position changes are written (with their history rows)."""
    lines = list(table.criteria.order_by("position", "id"))
    children: dict[int | None, list[Criterion]] = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    wanted: dict[int, tuple[str, int]] = {}

    def walk(parent_id: int | None, prefix: str) -> None:
        for i, line in enumerate(children.get(parent_id, [])):
            code = f"{prefix}{i + 1}"
            wanted[line.pk] = (code, i)
            walk(line.pk, f"{code}.")

    walk(None, "")
    changed = [c for c in lines if c.pk in wanted and (c.code, c.position) != wanted[c.pk]]
    if not changed:
        return
    # Codes are unique per table: park the changed ones on free codes first.
    for line in changed:
        line.code = f"~{line.pk}"
    Criterion.objects.bulk_update(changed, ["code"])
    for line in changed:
        line.code, line.position = wanted[line.pk]
    update_with_history(Criterion, changed, ["code", "position"], user=scope.history_author(user))


def _free_code(table: ScoringTable, line: Criterion) -> str:
    """The code of a line placed last under its parent ("1.4" after "1.3"), which the
    table's numbering leaves free; a random one (renumber() replaces it) if it is taken."""
    prefix = f"{line.parent.code}." if line.parent_id else ""
    code = f"{prefix}{line.position + 1}"
    taken = table.criteria.filter(code=code).exclude(pk=line.pk).exists()
    return f"~{uuid.uuid4().hex[:14]}" if taken or len(code) > 16 else code


def criterion_save(*, line: Criterion, user: Any = None) -> Criterion:
    """Add a line (at the end of its parent's lines) or change one; the table renumbered."""
    table = line.table
    with transaction.atomic():
        _lock_unlocked(table)
        if line.pk and line.parent_id and line.parent_id in _descendants(table, line) | {line.pk}:
            raise ValidationError({"parent": _("Không chuyển một nhóm vào chính nó.")})
        _check_line(line)
        stored = Criterion.objects.get(pk=line.pk) if line.pk else None
        if stored is None or stored.parent_id != line.parent_id:  # goes last under its parent
            line.position = table.criteria.filter(parent_id=line.parent_id).count()
            line.code = _free_code(table, line)
        line.full_clean(exclude=["code"])
        line.save()
        renumber(table, user)
    line.refresh_from_db()
    return line


def criterion_remove(*, line: Criterion, user: Any = None) -> None:
    """Remove a line with the lines under it and their scores (history keeps them)."""
    table = line.table
    with transaction.atomic():
        _lock_unlocked(table)
        line.delete()
        renumber(table, user)


def criterion_move(*, line: Criterion, up: bool, user: Any = None) -> None:
    """Move a line one place up or down among its siblings (its lines go with it)."""
    table = line.table
    with transaction.atomic():
        _lock_unlocked(table)
        siblings = list(table.criteria.filter(parent_id=line.parent_id).order_by("position", "id"))
        i = next(i for i, s in enumerate(siblings) if s.pk == line.pk)
        j = i - 1 if up else i + 1
        if not 0 <= j < len(siblings):
            return
        siblings[i], siblings[j] = siblings[j], siblings[i]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        Criterion.objects.bulk_update(siblings, ["position"])
        renumber(table, user)


# ── Scores ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Posted:
    """What an entry page sent for one line of one unit: the values of the fields the user
    may write (None = empty), the evidence note, and the version of the score row it showed
    (None: the page showed no row)."""

    values: dict[str, Decimal | None]
    evidence: str | None
    version: int | None


def scores_save(
    *,
    table: ScoringTable,
    unit: Unit,
    posted: dict[int, Posted],
    fields: Iterable[str],
    user: Any = None,
) -> int:
    """Save one unit's column: for each leaf line in `posted`, the given `fields` (of
    self_score, cross_score, final_score) and the evidence note. One transaction; every
    value between 0 and the line's maximum, else nothing is saved and the message names the
    line and the unit; a row changed since the page showed it is refused (StaleVersion).
    Returns how many rows were created or changed."""
    fields = [f for f in fields if f in SCORE_FIELDS]
    if not unit_is_member(table, unit):
        raise ValidationError(
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": unit.name, "cluster": table.cluster}
        )
    with transaction.atomic():
        _lock_unlocked(table)
        lines = {
            c.pk: c
            for c in table.criteria.filter(pk__in=list(posted), kind__in=LEAF_KINDS).exclude(
                children__isnull=False
            )
        }
        stored = {
            s.criterion_id: s
            for s in Score.objects.select_for_update().filter(criterion__in=list(lines), unit=unit)
        }
        errors: list[str] = []
        creates: list[Score] = []
        updates: list[Score] = []
        for pk, entry in posted.items():
            line = lines.get(pk)
            if line is None:
                errors.append(_("Dòng %(pk)s không phải tiêu chí của bảng điểm này.") % {"pk": pk})
                continue
            for field in fields:
                value = entry.values.get(field)
                if value is None:
                    continue
                if value < 0:
                    errors.append(
                        _("%(code)s. %(name)s — %(unit)s: điểm không được âm.")
                        % {"code": line.code, "name": line.name, "unit": unit.name}
                    )
                elif line.max_points is not None and value > line.max_points:
                    errors.append(
                        _("%(code)s. %(name)s — %(unit)s: %(value)s điểm vượt điểm tối đa %(max)s.")
                        % {
                            "code": line.code,
                            "name": line.name,
                            "unit": unit.name,
                            "value": points_text(value),
                            "max": points_text(line.max_points),
                        }
                    )
            row = stored.get(pk)
            if row is None:
                if entry.version is not None:
                    raise StaleVersion  # the page showed a row that is gone
                values = {f: entry.values.get(f) for f in fields}
                if any(v is not None for v in values.values()) or entry.evidence:
                    creates.append(
                        Score(criterion=line, unit=unit, evidence=entry.evidence or "", **values)
                    )
                continue
            changed = False
            for field in fields:
                if getattr(row, field) != entry.values.get(field):
                    setattr(row, field, entry.values.get(field))
                    changed = True
            if entry.evidence is not None and entry.evidence != row.evidence:
                row.evidence = entry.evidence
                changed = True
            if changed and entry.version != row.version:
                raise StaleVersion  # someone saved this line since the page showed it
            if changed:
                updates.append(row)
        if errors:
            raise ValidationError(errors)
        for row in creates + updates:
            row.clean_fields(exclude=["criterion", "unit"])
        author = scope.history_author(user)
        insert_with_history(Score, creates, user=author)
        update_with_history(Score, updates, [*fields, "evidence"], user=author)
    return len(creates) + len(updates)


def unit_is_member(table: ScoringTable, unit: Unit) -> bool:
    return table.cluster.memberships.filter(unit=unit).exists()
