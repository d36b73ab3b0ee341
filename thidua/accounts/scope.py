"""Who may see and change what: every page, API call, import and command asks here.

Administrators and province officers work on every unit. A unit clerk works only in the
subtree of their unit, and changes the units below their own, not their own unit (renaming,
recoding, closing or moving it is for the province). Council members and viewers read
everything, or only their unit's subtree when a unit is set on their account; they never write.

Emulation clusters (cụm, khối thi đua) span the province: a user reads the clusters that hold
a unit of their scope, with every member, and only administrators and province officers
change clusters or their members. Decisions are created, corrected and revoked by the same
two roles; a clerk adds people and units of their scope to a decision they can see.

Every function takes the acting user. Commands and imports that run without an account act
as SYSTEM, explicitly; None (a forgotten argument) is refused everywhere: it sees nothing
and may do nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import ApiToken, Role, User
from thidua.awards.models import Award, Decision, Discipline, Initiative, YearlyResult
from thidua.imports.models import ImportJob
from thidua.movements.models import Movement, Registration, ScoringTable
from thidua.nominations.models import Council, Disclosure, Dossier, DossierStatus, Meeting
from thidua.org.choices import ClusterRole
from thidua.org.models import (
    Cluster,
    ClusterMembership,
    LineageEdge,
    Person,
    Reorganisation,
    Unit,
    predecessors_of,
    subtrees_q,
)
from thidua.reports.models import Conference

_EDITOR_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER, Role.UNIT_CLERK}
_UNSCOPED_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER}
NO_UNIT_MESSAGE = _("Tài khoản chưa được gán đơn vị nên không xem được dữ liệu nào.")


SYSTEM_USERNAME = "system"
SYSTEM_FULL_NAME = ("Hệ thống", "(chạy lệnh)")  # first_name, last_name: "Hệ thống (chạy lệnh)"


class SystemActor:
    """The actor of a command or import run without --user: the rights of an administrator.
    Its history rows name the system account (`system_account()`, "Hệ thống (chạy lệnh)"),
    an inactive account without a password that nobody signs in with."""

    pk = None
    id = None
    unit = None
    unit_id = None
    username = "system"
    role = Role.ADMIN
    effective_role = Role.ADMIN
    is_authenticated = True
    is_active = True
    is_superuser = True

    def get_username(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()
Actor = User | SystemActor


class NoUnitAssigned(PermissionDenied):
    """A scoped account without a unit: it sees nothing, which is an error for questions
    about "my scope" (eligibility, imports) rather than an empty answer."""

    def __init__(self) -> None:
        super().__init__(str(NO_UNIT_MESSAGE))


def history_author(actor: Any) -> User | None:
    """The account a history row records for this actor: the user, or for SYSTEM the
    system account; None for anything else."""
    if isinstance(actor, User):
        return actor
    if isinstance(actor, SystemActor):
        return system_account()
    return None


def system_account() -> User:
    """The named author of what commands do without --user, created on first use: inactive,
    no usable password, so it never signs in (SYSTEM's rights come from SystemActor)."""
    account = User.objects.filter(username=SYSTEM_USERNAME).first()
    if account is not None:
        return account
    first, last = SYSTEM_FULL_NAME
    account = User(
        username=SYSTEM_USERNAME, first_name=first, last_name=last, is_active=False, role=Role.ADMIN
    )
    account.set_unusable_password()
    account._history_user = None  # its own creation: no author to look up (nor recursion)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:  # another process created it at the same moment
        return User.objects.get(username=SYSTEM_USERNAME)
    return account


def is_system_account(account: Any) -> bool:
    return isinstance(account, User) and account.username == SYSTEM_USERNAME


def can_change_account(user: Any, account: Any = None) -> bool:
    """Accounts decide everyone's scope: administrators manage them, except the system
    account, which only the application writes."""
    return is_admin(user) and not is_system_account(account)


# ── Roles ──────────────────────────────────────────────────────────────────────────────


def _signed_in(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def is_admin(user: Any) -> bool:
    return _signed_in(user) and user.effective_role == Role.ADMIN


def sees_everything(user: Any) -> bool:
    if not _signed_in(user):
        return False
    if user.effective_role in _UNSCOPED_ROLES:
        return True
    return user.effective_role != Role.UNIT_CLERK and user.unit_id is None


def scope_root(user: Any) -> Unit | None:
    """The unit whose subtree bounds the user, or None when the user sees every unit."""
    if _signed_in(user) and user.effective_role in _UNSCOPED_ROLES:
        return None
    return getattr(user, "unit", None)


def scope_root_or_error(user: Any) -> Unit | None:
    """The unit bounding the user (None: everything); NoUnitAssigned when a scoped user has
    no unit, or when there is no user at all."""
    if sees_everything(user):
        return None
    root = scope_root(user) if _signed_in(user) else None
    if root is None:
        raise NoUnitAssigned
    return root


def can_edit(user: Any) -> bool:
    """Whether the user's role writes at all (within their scope)."""
    if not _signed_in(user):
        return False
    if user.effective_role == Role.UNIT_CLERK:
        return user.unit_id is not None
    return user.effective_role in _EDITOR_ROLES


def can_import(user: Any) -> bool:
    """Imports write: the same roles as the pages' edit buttons."""
    return can_edit(user)


def sees_citizen_id(user: Any) -> bool:
    """Whether the user sees CCCD numbers in full (pages, exports, API): the roles that enter
    and check them, who write the register. Council members and viewers see them masked
    (lib.privacy.mask_citizen_id); so does a clerk without a unit."""
    return can_edit(user)


def _province_editor(user: Any) -> bool:
    return can_edit(user) and sees_everything(user)


# ── What a user sees ───────────────────────────────────────────────────────────────────


def _root_path(user: Any) -> str | None:
    """The path prefix of the user's subtree; None for everything; "" never matches."""
    if sees_everything(user):
        return None
    if not _signed_in(user) or user.unit_id is None:
        return ""
    return user.unit.path


def visible_units(user: Any) -> QuerySet[Unit]:
    path = _root_path(user)
    if path is None:
        return Unit.objects.all()
    return Unit.objects.filter(path__startswith=path) if path else Unit.objects.none()


def visible_people(user: Any) -> QuerySet[Person]:
    path = _root_path(user)
    if path is None:
        return Person.objects.all()
    return Person.objects.filter(unit__path__startswith=path) if path else Person.objects.none()


def unit_in_scope(user: Any, unit: Unit | None) -> bool:
    path = _root_path(user)
    if path is None:
        return _signed_in(user)
    return unit is not None and bool(path) and unit.path.startswith(path)


def split_duplicates(user: Any, person: Person, likely: list[Person]) -> tuple[list[Person], int]:
    """(the likely duplicates of `person` the user may open, in list order; how many others
    outside the scope share the name and date of birth). The user learns that such records
    exist, not who they are. A CCCD shared with a record outside the scope is never counted:
    that would let any national ID be tested against the province; officers, who see both
    records, find the clash on the duplicates page."""
    ids = set(
        visible_people(user).filter(pk__in=[p.pk for p in likely]).values_list("pk", flat=True)
    )
    visible = [p for p in likely if p.pk in ids]
    hidden = [
        p
        for p in likely
        if p.pk not in ids
        and person.birth_date is not None
        and (p.search_key, p.birth_date) == (person.search_key, person.birth_date)
    ]
    return visible, len(hidden)


def visible_clusters(user: Any) -> QuerySet[Cluster]:
    """The clusters holding at least one unit of the user's scope (every cluster for users who
    see everything). A visible cluster shows all its members: they compete with each other."""
    clusters = Cluster.objects.all()
    if sees_everything(user):
        return clusters
    held = ClusterMembership.objects.filter(unit__in=visible_units(user)).values("cluster_id")
    return clusters.filter(pk__in=held)


def _of_visible_recipients(rows: QuerySet, user: Any) -> QuerySet:
    """Rows that belong to a person or a unit (awards, yearly results) the user may see."""
    if sees_everything(user):
        return rows
    return rows.filter(Q(person__in=visible_people(user)) | Q(unit__in=visible_units(user)))


def visible_awards(user: Any) -> QuerySet[Award]:
    """Awards whose person or unit the user may see."""
    return _of_visible_recipients(Award.objects.all(), user)


def visible_results(user: Any) -> QuerySet[YearlyResult]:
    """Yearly results (xếp loại) of the people and units the user may see."""
    return _of_visible_recipients(YearlyResult.objects.all(), user)


def visible_initiatives(user: Any) -> QuerySet[Initiative]:
    """Initiatives with at least one author the user may see (all for unscoped users)."""
    initiatives = Initiative.objects.all()
    if sees_everything(user):
        return initiatives
    return initiatives.filter(
        pk__in=Initiative.authors.through.objects.filter(person__in=visible_people(user)).values(
            "initiative_id"
        )
    )


def visible_disciplines(user: Any) -> QuerySet[Discipline]:
    """Disciplinary measures of the people the user may see (their record pages show them)."""
    disciplines = Discipline.objects.all()
    if sees_everything(user):
        return disciplines
    return disciplines.filter(person__in=visible_people(user))


def naming(people: QuerySet[Person], units: QuerySet[Unit], **award_filters) -> Q:
    """Decisions with an award to one of these people or units. Written as two
    `id IN (SELECT decision_id …)` so the database starts from the (few) matching recipients
    and their indexed awards, instead of probing every decision's awards."""
    awards = Award.objects.filter(**award_filters)
    return Q(pk__in=awards.filter(person__in=people).values("decision_id")) | Q(
        pk__in=awards.filter(unit__in=units).values("decision_id")
    )


def visible_decisions(user: Any) -> QuerySet[Decision]:
    """Decisions with at least one visible recipient (all of them for unscoped users)."""
    decisions = Decision.objects.all()
    if sees_everything(user):
        return decisions
    return decisions.filter(naming(visible_people(user), visible_units(user)))


def get_visible_or_404(queryset: QuerySet, **lookup):
    """The object if it exists inside the user's scope; 404 either way otherwise,
    so that a user cannot learn that an out-of-scope record exists."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# ── What a user changes ────────────────────────────────────────────────────────────────


def can_edit_unit(user: Any, unit: Unit | None) -> bool:
    """May the user change the people and assignments of this unit (and add units under it)?"""
    return can_edit(user) and unit_in_scope(user, unit)


def editable_units(user: Any) -> QuerySet[Unit]:
    """Units the user may write in: their visible units when their role writes at all."""
    return visible_units(user) if can_edit(user) else Unit.objects.none()


def can_change_unit(user: Any, unit: Unit) -> bool:
    """May the user rename, recode, move or close this unit itself? A clerk may for the units
    below their own; their own unit, the top of their scope, is the province's to change."""
    if _province_editor(user):
        return True
    return can_edit_unit(user, unit) and unit.pk != user.unit_id


def can_edit_clusters(user: Any) -> bool:
    """May the user create clusters and change any cluster or its members? Clusters are set up
    by the province, so only editors who see every unit (administrators, province officers)."""
    return _province_editor(user)


def can_configure_rules(user: Any) -> bool:
    """May the user set the province's values of the rule packs' settings (values no current
    text confirms for the force, such as the CSTĐCS ceiling)? Administrators only: everyone
    else reads them on the rules page."""
    return is_admin(user)


def can_manage_decisions(user: Any) -> bool:
    """Creating, correcting and revoking decisions (and revoking awards) is for administrators
    and province officers: the roles that write and see every unit."""
    return _province_editor(user)


def can_add_to_decision(user: Any, decision: Decision) -> bool:
    """May the user add recipients to this decision? Editors, on a decision they can see; a
    clerk then adds only people and units of their scope (checked per recipient)."""
    if not can_edit(user):
        return False
    return sees_everything(user) or visible_decisions(user).filter(pk=decision.pk).exists()


def visible_conferences(user: Any) -> QuerySet[Conference]:
    """Conferences of exemplars held by a unit of the user's scope (all for unscoped users)."""
    conferences = Conference.objects.all()
    if sees_everything(user):
        return conferences
    return conferences.filter(unit__in=visible_units(user))


def can_organise_conference(user: Any, unit: Unit) -> bool:
    """May the user set up a conference of the unit, choose its exemplars and tell their
    stories? The editors of the unit: a clerk for its own subtree, the province for all."""
    return can_edit_unit(user, unit)


# ── Lineage ────────────────────────────────────────────────────────────────────────────
#
# A reorganisation (sắp xếp tổ chức) is decided above the province's units: only the
# province's office enters or imports one. Everyone reads the events that touch a unit of
# their scope (as the old unit, the successor or the new parent), with all their edges.
#
# Scope follows lineage, for reading only (one rule: lineage_units): a clerk of a unit that
# took others over reads their history — the units' pages and records, their people's
# records, the decisions naming them — through readable_units / _people / _awards /
# _decisions; it gains no write right over them (the write rules keep to its subtree).


def visible_reorganisations(user: Any) -> QuerySet[Reorganisation]:
    """Events with an edge naming a unit of the user's scope (all for unscoped users)."""
    events = Reorganisation.objects.all()
    if sees_everything(user):
        return events
    units = visible_units(user)
    touching = LineageEdge.objects.filter(
        Q(old_unit__in=units) | Q(new_unit__in=units) | Q(new_parent__in=units)
    ).values("reorganisation_id")
    return events.filter(pk__in=touching)


def lineage_units(user: Any) -> QuerySet[Unit]:
    """The units a scoped user reads through lineage: the units its subtree took over
    (Sáp nhập, Hợp nhất, Chia tách, transitively: org.models.predecessors_of) with their
    subtrees, outside its own subtree. Nothing for users who see everything (they read every
    unit anyway) or for no user. Read only: every write asks can_edit_unit / editable_units,
    which stay within the user's own subtree, so a closed predecessor is never written."""
    taken_over = _taken_over(user)
    return Unit.objects.filter(subtrees_q(taken_over)) if taken_over else Unit.objects.none()


def _taken_over(user: Any) -> list[Unit]:
    if sees_everything(user) or not _signed_in(user) or user.unit_id is None:
        return []
    return [i.unit for i in predecessors_of([user.unit], subtrees=True)]


def readable_units(user: Any) -> QuerySet[Unit]:
    """The units whose history the user reads: its scope and what that scope took over
    (lineage_units). The history pages (a unit's record and page, decisions naming it) read
    through this; lists, pickers, imports and every write keep to visible_units."""
    return _readable_units(user, _taken_over(user))


def _readable_units(user: Any, taken_over: list[Unit]) -> QuerySet[Unit]:
    path = _root_path(user)
    if not taken_over or not path:
        return visible_units(user)
    return Unit.objects.filter(Q(path__startswith=path) | subtrees_q(taken_over))


def readable_people(user: Any) -> QuerySet[Person]:
    """People whose history the user reads: those whose unit is one of readable_units (a
    predecessor's people still listed under it, not moved to a successor)."""
    return _readable_people(user, _taken_over(user))


def _readable_people(user: Any, taken_over: list[Unit]) -> QuerySet[Person]:
    path = _root_path(user)
    if not taken_over or not path:
        return visible_people(user)
    return Person.objects.filter(
        Q(unit__path__startswith=path) | subtrees_q(taken_over, "unit__path")
    )


def readable_recipients(user: Any) -> tuple[QuerySet[Person], QuerySet[Unit]]:
    """(readable_people, readable_units) of the user, the lineage looked up once."""
    taken_over = _taken_over(user)
    return _readable_people(user, taken_over), _readable_units(user, taken_over)


def readable_awards(user: Any) -> QuerySet[Award]:
    """Awards whose person or unit the user reads (visible_awards through lineage)."""
    if sees_everything(user):
        return Award.objects.all()
    people, units = readable_recipients(user)
    return Award.objects.filter(Q(person__in=people) | Q(unit__in=units))


def readable_decisions(user: Any) -> QuerySet[Decision]:
    """Decisions naming a recipient the user reads (visible_decisions through lineage).
    Adding to a decision still asks can_add_to_decision, on visible_decisions."""
    decisions = Decision.objects.all()
    if sees_everything(user):
        return decisions
    return decisions.filter(naming(*readable_recipients(user)))


def can_manage_reorganisations(user: Any) -> bool:
    """Entering or importing a reorganisation (it closes, renames and moves units and may
    move people between subtrees): administrators and province officers."""
    return _province_editor(user)


# ── Personal API tokens (accounts.tokens) ─────────────────────────────────────────────
#
# A token acts as its owner: every question above is asked of the owner, so a token never
# reaches further than its owner's scope and role. Each account sees and revokes only its own.


def can_hold_api_tokens(user: Any) -> bool:
    """Any active account may create API tokens for itself (SYSTEM is no account)."""
    return isinstance(user, User) and _signed_in(user)


def own_api_tokens(user: Any) -> QuerySet[ApiToken]:
    """The tokens of the user's own account; none for anyone else."""
    if not can_hold_api_tokens(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


# ── Nominations (thidua.nominations) ───────────────────────────────────────────────────
#
# A unit's editors build and submit their dossiers and answer a return; the province's
# office (administrators, province officers) reviews, returns, discloses, keeps the
# council's record and issues the decision. Council members read every dossier sent to the
# council; viewers read dossiers of their scope but never an item's rejection.

_UNIT_EDITABLE = {DossierStatus.DRAFT, DossierStatus.RETURNED}
_WITHDRAWABLE = {DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED}


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """Dossiers of the units of the user's scope (every dossier for unscoped users)."""
    dossiers = Dossier.objects.all()
    if sees_everything(user):
        return dossiers
    return dossiers.filter(unit__in=visible_units(user))


def can_create_dossier(user: Any, unit: Unit | None) -> bool:
    """A dossier is proposed by a unit: its editors (a clerk for their subtree)."""
    return can_edit_unit(user, unit)


def can_edit_dossier(user: Any, dossier: Dossier) -> bool:
    """Change items and attachments, submit: the unit's editors, while it is a draft or
    returned (a submitted dossier is read-only for the unit except to answer a return)."""
    return dossier.status in _UNIT_EDITABLE and can_edit_unit(user, dossier.unit)


def can_withdraw_dossier(user: Any, dossier: Dossier) -> bool:
    """Withdraw before the review starts."""
    return dossier.status in _WITHDRAWABLE and can_edit_unit(user, dossier.unit)


def can_review_dossiers(user: Any) -> bool:
    """Review (thẩm định), return, disclose, keep the council's record: the province's office."""
    return _province_editor(user)


def can_issue_from_dossier(user: Any) -> bool:
    """Record the decision of approved items: those who create decisions."""
    return can_manage_decisions(user)


def sees_rejections(user: Any, dossier: Dossier) -> bool:
    """An item the council did not pass is shown to the office, the council and the editors
    of the proposing unit; read-only accounts see only what was awarded."""
    if not sees_rejections_in_scope(user):
        return False
    return user.effective_role != Role.UNIT_CLERK or can_edit_unit(user, dossier.unit)


def sees_rejections_in_scope(user: Any) -> bool:
    """sees_rejections for every dossier the user can see (lists count rejected items)."""
    if not _signed_in(user):
        return False
    role = user.effective_role
    if role in _UNSCOPED_ROLES or role == Role.COUNCIL_MEMBER:
        return True
    return role == Role.UNIT_CLERK and can_edit(user)


def visible_disclosures(user: Any) -> QuerySet[Disclosure]:
    """A disclosed list is public within the force: every signed-in user reads it."""
    return Disclosure.objects.all() if _signed_in(user) else Disclosure.objects.none()


def sees_councils(user: Any) -> bool:
    """Councils, their members and meetings are for the office and the council members."""
    return _signed_in(user) and (
        user.effective_role in _UNSCOPED_ROLES or user.effective_role == Role.COUNCIL_MEMBER
    )


def visible_councils(user: Any) -> QuerySet[Council]:
    return Council.objects.all() if sees_councils(user) else Council.objects.none()


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(council__in=visible_councils(user))


# ── Cluster scoring ────────────────────────────────────────────────────────────────────
#
# A cluster's agreement and scoring table are written by those who set up clusters (the
# province's office) and by the editors of the cluster's leader unit (cụm trưởng). Each member
# unit's editors enter its self-scores; the leader unit's editors and the office enter the
# cross-scores and final scores of every member. Before the table is locked (its standings
# adopted) the scores are work in progress: the office and the leader unit see every member's,
# a unit of the user's scope shows its own; once locked, everyone who sees the cluster sees
# every member's totals. Unscoped read-only accounts (council, viewers without a unit) are no
# unit of the cluster: they see the totals once locked.


def cluster_leader_unit(cluster: Cluster) -> Unit | None:
    """The unit leading the cluster (cụm trưởng), if it has one."""
    membership = cluster.memberships.filter(role=ClusterRole.LEADER).select_related("unit").first()
    return membership.unit if membership else None


def leads_cluster(user: Any, cluster: Cluster, leader: Unit | None = None) -> bool:
    """Is the user an editor of the cluster's leader unit? Pass `leader` when known."""
    leader = cluster_leader_unit(cluster) if leader is None else leader
    return leader is not None and can_edit_unit(user, leader)


def can_edit_agreement(user: Any, cluster: Cluster) -> bool:
    """Write the cluster's agreement (giao ước): the province's office or the leader unit."""
    return can_edit_clusters(user) or leads_cluster(user, cluster)


def visible_scoring_tables(user: Any) -> QuerySet[ScoringTable]:
    """The tables of the clusters the user sees (clusters holding a unit of their scope)."""
    return ScoringTable.objects.filter(cluster__in=visible_clusters(user))


def can_edit_scoring_table(user: Any, cluster: Cluster) -> bool:
    """Create, copy and edit the cluster's scoring table (its tree, its tie-break rules):
    the same as the agreement. A locked table is refused by the service, not here."""
    return can_edit_agreement(user, cluster)


def can_cross_score(user: Any, cluster: Cluster, leader: Unit | None = None) -> bool:
    """Enter the cross-scores and final scores of every member: the province's office and
    the editors of the leader unit."""
    return _province_editor(user) or leads_cluster(user, cluster, leader)


def can_self_score(user: Any, unit: Unit) -> bool:
    """Enter a member unit's self-scores: its editors (a clerk for their subtree, the
    office for all); membership of the cluster is the service's to check."""
    return can_edit_unit(user, unit)


def sees_all_scores(user: Any, cluster: Cluster, leader: Unit | None = None) -> bool:
    """Every member's scores line by line, before the table is locked: the office (the
    province's editors) and the users whose scope holds the leader unit."""
    if _province_editor(user):
        return True
    leader = cluster_leader_unit(cluster) if leader is None else leader
    return leader is not None and not sees_everything(user) and unit_in_scope(user, leader)


def score_units_shown(
    user: Any, cluster: Cluster, member_ids: list[int], leader: Unit | None = None
) -> set[int]:
    """The member units (of `member_ids`) whose scores the user reads line by line: all of
    them for sees_all_scores, else the members within the user's own (scoped) subtree."""
    if sees_all_scores(user, cluster, leader):
        return set(member_ids)
    if sees_everything(user) or not _signed_in(user):
        return set()
    return set(visible_units(user).filter(pk__in=member_ids).values_list("pk", flat=True))


def sees_all_totals(user: Any, cluster: Cluster, locked: bool, leader: Unit | None = None) -> bool:
    """Every member's totals and the ranking: once the table is locked, everyone who sees
    the cluster; before, those who see all scores."""
    return (locked and _signed_in(user)) or sees_all_scores(user, cluster, leader)


# ── Movements ─────────────────────────────────────────────────────────────────────────
#
# A movement (phong trào thi đua) is launched for the force by a unit's document: every
# signed-in user reads every movement. The province's office (administrators, province
# officers) creates and changes any; a unit's editors create and change those their own
# subtree launches, and pick participants in it. Attachments follow the movement.


def visible_movements(user: Any) -> QuerySet[Movement]:
    return Movement.objects.all() if _signed_in(user) else Movement.objects.none()


def can_create_movement(user: Any) -> bool:
    """Editors: the province for any unit, a clerk for a unit of their subtree."""
    return can_edit(user)


def movement_units(user: Any) -> QuerySet[Unit]:
    """The units the user may name as a movement's launching unit or participants."""
    return editable_units(user)


def can_edit_movement(user: Any, movement: Movement) -> bool:
    """Change the movement, its participants and attachments: the province's office, or the
    editors of the launching unit's subtree."""
    return _province_editor(user) or can_edit_unit(user, movement.launching_unit)


# ── Registrations ──────────────────────────────────────────────────────────────────────
#
# A unit's registration for a year (đăng ký thi đua) is seen and written like its people:
# a clerk for the registrations of their subtree, the province's office for every unit;
# council members and viewers read those of their scope and write none.


def visible_registrations(user: Any) -> QuerySet[Registration]:
    """Registrations of the units of the user's scope (every one for unscoped users)."""
    registrations = Registration.objects.all()
    if sees_everything(user):
        return registrations
    return registrations.filter(unit__in=visible_units(user))


def can_edit_registration(user: Any, unit: Unit | None) -> bool:
    """May the user create or change the registration of this unit (any year)?"""
    return can_edit_unit(user, unit)


# ── Cluster standings (thidua.movements: ranking, acclaim) ─────────────────────────────
#
# A cluster year ends when its scoring table is locked: the cluster's leader unit (cụm
# trưởng, leads_cluster above) or the province's office locks it, and then proposes the
# leading units for a flag (suy tôn). Only the office unlocks a locked year (with a
# reason). Once locked, the ranking is read by everyone who sees the cluster; before, the
# live ranking (every member's totals) is for those who see all the scores.


def can_lock_standings(user: Any, cluster: Cluster) -> bool:
    """Lock the cluster year's result (and write its standings), propose its flags: the
    province's office or the cluster's leader unit, as for the cross-scores."""
    return can_cross_score(user, cluster)


def can_unlock_standings(user: Any) -> bool:
    """Unlock a locked cluster year (its standings are deleted): the province's office only."""
    return _province_editor(user)


def sees_live_ranking(user: Any, cluster: Cluster) -> bool:
    """Every member's totals before the table is locked (sees_all_totals of an unlocked
    table): the office and the users whose scope holds the leader unit."""
    return sees_all_totals(user, cluster, locked=False)


# ── Excel uploads on their way in ----------------------------------------------------------


def visible_import_jobs(user: Any) -> QuerySet[ImportJob]:
    """The uploads a user may follow, confirm or cancel: their own, and only while their role
    may import. Nobody else's, an administrator's neither: an upload is a file on its way in,
    not yet part of the record, and its preview shows rows of the uploader's scope."""
    if not can_import(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(owner=user)
