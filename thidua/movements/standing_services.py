"""Ending a cluster year: locking its scoring table writes the standings (each member's
points, rank and the tie-break that placed it) from scoring_selectors.table_results in one
transaction; unlocking (the province's office, with a reason) deletes them; the leading
units are proposed for a flag (suy tôn); a proposed unit is put into a nomination dossier
through nominations.services, never around it.

Every change is audited: the table's history row carries the lock or the unlock and its
reason, the standings' history rows their creation, proposal and deletion.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.awards.models import AwardType
from thidua.lib.bulk import insert_with_history
from thidua.lib.dates import format_moment
from thidua.lib.validators import text_validators
from thidua.lib.versioning import expect_version
from thidua.lib.vntext import clean_text
from thidua.movements.models import Score, ScoringTable, Standing
from thidua.movements.scoring_selectors import table_results
from thidua.movements.standing_selectors import FLAG_CODES, LEADERS_ONLY, points_text
from thidua.nominations import services as nominations
from thidua.nominations.models import Dossier, DossierItem
from thidua.org.models import Cluster

LOCK_REASON = "Khóa kết quả xếp hạng của cụm"


def _locked_table(cluster: Cluster, version: int | None) -> ScoringTable:
    """The cluster's table under a row lock (two people locking at once: one wins); the
    version the page was shown, when given, must still be the stored one."""
    table = ScoringTable.objects.select_for_update().filter(cluster=cluster).first()
    if table is None:
        raise ValidationError(
            _("%(cluster)s chưa có bảng điểm thi đua nên chưa xếp hạng được.")
            % {"cluster": cluster}
        )
    if version is not None:
        expect_version(table, version)
    return table


@transaction.atomic
def standings_lock(
    *, actor, cluster: Cluster, version: int | None = None, when: dt.datetime | None = None
) -> list[Standing]:
    """Lock the cluster year's result: the table is locked (no more scores or tree edits)
    and one Standing per ranked member is written from table_results. `when`: the time of
    the lock (now; the demo gives its own stamp)."""
    if not scope.can_lock_standings(actor, cluster):
        raise PermissionDenied
    table = _locked_table(cluster, version)
    if table.locked_at is not None:
        raise ValidationError(
            _("Kết quả của %(cluster)s đã được khóa lúc %(when)s.")
            % {"cluster": cluster, "when": format_moment(table.locked_at)}
        )
    results = table_results(table)
    if not results or not Score.objects.filter(criterion__table=table).exists():
        raise ValidationError(
            _("%(cluster)s chưa có đơn vị nào được chấm điểm nên chưa khóa được kết quả.")
            % {"cluster": cluster}
        )
    table.locked_at = when or timezone.now()
    table._history_user = scope.history_author(actor)
    table._change_reason = LOCK_REASON
    table.save()
    standings = [
        Standing(
            cluster=cluster,
            unit_id=r.unit_id,
            base=r.totals.base,
            bonus=r.totals.bonus,
            penalty=r.totals.penalty,
            total=r.totals.total,
            rank=r.rank,
            parted_by=r.parted_by or "",
        )
        for r in results
    ]
    for s in standings:
        s.full_clean(exclude=["cluster", "unit"], validate_unique=False)
    return insert_with_history(
        Standing, standings, user=scope.history_author(actor), reason=LOCK_REASON, date=when
    )


@transaction.atomic
def standings_unlock(
    *, actor, cluster: Cluster, reason: str, version: int | None = None
) -> ScoringTable:
    """Unlock a locked cluster year (the province's office): its standings, and the flags
    proposed on them, are deleted; locking again writes them afresh."""
    if not scope.can_unlock_standings(actor):
        raise PermissionDenied
    reason = _typed_text(reason, "reason", required=_("Phải ghi lý do mở khóa kết quả."))
    table = _locked_table(cluster, version)
    if table.locked_at is None:
        raise ValidationError(_("Kết quả của %(cluster)s chưa khóa.") % {"cluster": cluster})
    standings = list(Standing.objects.select_for_update().filter(cluster=cluster))
    author = scope.history_author(actor)
    message = _("Mở khóa kết quả xếp hạng: %(reason)s") % {"reason": reason}
    for s in standings:  # one cluster's members: simple_history's "-" rows with the reason
        s._history_user, s._change_reason = author, message
        s.delete()
    table.locked_at = None
    table._history_user = author
    table._change_reason = message
    table.save()
    return table


def _typed_text(text: str | None, field: str, *, required: str = "") -> str:
    """What a user typed (the unlock's reason, a proposal's note) as it is stored: NFC,
    spaces collapsed (vntext.clean_text), no longer than a note; empty is refused with the
    message `required` when one is given. Errors are the field's."""
    text = clean_text(text)
    if required and not text:
        raise ValidationError({field: required})
    try:
        for validate in text_validators():
            validate(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return text


@transaction.atomic
def standing_propose(
    *,
    actor,
    standing: Standing,
    award_type: AwardType | None,
    note: str = "",
    version: int | None = None,
) -> Standing:
    """Propose the unit for a flag (suy tôn), or withdraw the proposal (award_type None).
    Cờ thi đua của Chính phủ is chosen among the units leading their cluster."""
    cluster = standing.cluster
    if not scope.can_lock_standings(actor, cluster):
        raise PermissionDenied
    if version is not None:
        expect_version(standing, version)
    if award_type is not None:
        if award_type.code not in FLAG_CODES:
            raise ValidationError(
                {
                    "award_type": _(
                        "Cụm chỉ suy tôn đề nghị Cờ thi đua, không đề nghị “%(award)s”."
                    )
                    % {"award": award_type.name}
                }
            )
        if award_type.code in LEADERS_ONLY and standing.rank != 1:
            raise ValidationError(
                {
                    "award_type": _(
                        "%(unit)s xếp thứ %(rank)s: “%(award)s” chỉ xét cho đơn vị dẫn đầu cụm."
                    )
                    % {"unit": standing.unit.name, "rank": standing.rank, "award": award_type.name}
                }
            )
    standing.proposed_award = award_type
    standing.note = _typed_text(note, "note") if award_type is not None else ""
    standing._history_user = scope.history_author(actor)
    standing.full_clean(exclude=["cluster", "unit"], validate_unique=False)
    standing.save()
    return standing


def proposal_achievement(standing: Standing) -> str:
    """The achievement line of the dossier item: the cluster, the year, the rank, the points."""
    text = _("Xếp thứ %(rank)s %(cluster)s năm %(year)s với %(total)s điểm.") % {
        "rank": standing.rank,
        "cluster": standing.cluster.name,
        "year": standing.cluster.year,
        "total": points_text(standing.total),
    }
    return f"{text} {standing.note}".strip()


def standing_to_dossier(*, actor, standing: Standing, dossier: Dossier) -> DossierItem:
    """Put the unit proposed for a flag into a dossier as a collective item, through
    nominations.services.item_add (it checks the dossier's state, the user's rights, that
    the unit lies in the dossier's unit's subtree, the years and duplicates)."""
    if standing.proposed_award_id is None:
        raise ValidationError(
            _("%(unit)s chưa được suy tôn đề nghị Cờ thi đua.") % {"unit": standing.unit.name}
        )
    if dossier.year != standing.cluster.year:
        raise ValidationError(
            _("Hồ sơ “%(dossier)s” là của năm %(year)s, không phải năm %(cluster_year)s của cụm.")
            % {
                "dossier": dossier.title,
                "year": dossier.year,
                "cluster_year": standing.cluster.year,
            }
        )
    return nominations.item_add(
        actor=actor,
        dossier=dossier,
        award_type=standing.proposed_award,
        unit=standing.unit,
        year_from=standing.cluster.year,
        year_to=standing.cluster.year,
        achievement=proposal_achievement(standing),
    )
