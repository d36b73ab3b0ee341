"""Writes of the nomination workflow. Pages, the API and the demo call these; each takes the
acting user, asks thidua.accounts.scope whether the step is allowed, runs in one transaction
with the dossier's row locked, and records the step in the dossier's event log.

A step refused because somebody else moved the dossier first (two reviewers at once) raises
a ValidationError that says what happened; nothing of either user's work is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.awards import services as award_services
from thidua.awards.choices import AwardStatus
from thidua.awards.models import Award, AwardType, Decision
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.versioning import expect_version
from thidua.lib.vntext import clean_text
from thidua.nominations.models import (
    Dossier,
    DossierEvent,
    DossierItem,
    DossierStatus,
    ItemStatus,
    Notification,
)
from thidua.org.models import Person, Unit

S = DossierStatus


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str
    by_unit: bool  # the proposing unit's editors (else the province's office)
    needs_comment: bool = False


STEPS: dict[str, Step] = {
    s.action: s
    for s in (
        Step("submit", frozenset({S.DRAFT}), S.SUBMITTED, True),
        Step("withdraw", frozenset({S.DRAFT, S.SUBMITTED, S.RESUBMITTED}), S.WITHDRAWN, True, True),
        Step("start_review", frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW, False),
        Step("return", frozenset({S.UNDER_REVIEW}), S.RETURNED, False),
        Step("resubmit", frozenset({S.RETURNED}), S.RESUBMITTED, True),
        Step("to_council", frozenset({S.UNDER_REVIEW}), S.AT_COUNCIL, False),
    )
}

ACTION_LABELS = {
    "create": gettext_lazy("Lập hồ sơ"),
    "submit": gettext_lazy("Gửi hồ sơ"),
    "withdraw": gettext_lazy("Rút hồ sơ"),
    "start_review": gettext_lazy("Nhận thẩm định"),
    "return": gettext_lazy("Trả lại hồ sơ"),
    "resubmit": gettext_lazy("Gửi lại hồ sơ"),
    "to_council": gettext_lazy("Trình Hội đồng"),
    "return_item": gettext_lazy("Trả lại một đề nghị"),
    "answer_item": gettext_lazy("Giải trình"),
    "keep_item": gettext_lazy("Bỏ trả lại một đề nghị"),
    "vote": gettext_lazy("Kiểm phiếu"),
    "issue": gettext_lazy("Khen thưởng theo quyết định"),
    "decide": gettext_lazy("Có kết quả"),
}


def lock_dossier(dossier: Dossier, version: int | None) -> Dossier:
    """The dossier as stored, row-locked; refused when it changed since the page was shown."""
    stored = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
    if version is not None and stored.version != version:
        raise ValidationError(
            _(
                "Hồ sơ vừa được người khác thay đổi (hiện ở trạng thái “%(status)s”) sau khi "
                "bạn mở trang, nên thao tác của bạn chưa được thực hiện. Hãy mở lại trang."
            )
            % {"status": stored.get_status_display()},
            code="stale",
        )
    return stored


def log_step(dossier: Dossier, action: str, actor, *, before="", after="", item=None, comment=""):
    """One line of the dossier's event log (who, when, what, why)."""
    DossierEvent.objects.create(
        dossier=dossier,
        item=item,
        action=action,
        from_status=before,
        to_status=after,
        actor=scope.history_author(actor),
        comment=comment,
    )


# ── Who hears of a step ───────────────────────────────────────────────────────────────


def _office_users():
    return User.objects.filter(is_active=True, role=Role.PROVINCE_OFFICER)


def unit_users(dossier: Dossier):
    """Who hears of a dossier's steps on the unit's side: its creator and the unit's clerks."""
    clerks = User.objects.filter(is_active=True, role=Role.UNIT_CLERK, unit=dossier.unit)
    ids = set(clerks.values_list("pk", flat=True))
    if dossier.created_by_id:
        ids.add(dossier.created_by_id)
    return User.objects.filter(pk__in=ids, is_active=True)


def _council_users():
    return User.objects.filter(is_active=True, role=Role.COUNCIL_MEMBER)


def notify(users, dossier: Dossier | None, text: str, *, actor=None) -> None:
    """One notice per user, not to the user who took the step."""
    skip = getattr(actor, "pk", None)
    Notification.objects.bulk_create(
        Notification(user=u, dossier=dossier, text=text[:500]) for u in users if u.pk != skip
    )


_NOTICES = {
    "submit": (_office_users, gettext_lazy("%(unit)s gửi hồ sơ “%(title)s” chờ thẩm định.")),
    "resubmit": (
        _office_users,
        gettext_lazy("%(unit)s gửi lại hồ sơ “%(title)s” sau khi bị trả lại."),
    ),
    "withdraw": (_office_users, gettext_lazy("%(unit)s rút hồ sơ “%(title)s”.")),
    "start_review": (unit_users, gettext_lazy("Hồ sơ “%(title)s” đang được thẩm định.")),
    "return": (unit_users, gettext_lazy("Hồ sơ “%(title)s” bị trả lại: xem ý kiến thẩm định.")),
    "to_council": (unit_users, gettext_lazy("Hồ sơ “%(title)s” đã được trình Hội đồng.")),
}


# ── The dossier and its items ─────────────────────────────────────────────────────────


def _check_year(year: int) -> None:
    if not 1945 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Năm thành tích %(year)s không hợp lệ.") % {"year": year}})


@transaction.atomic
def dossier_create(*, actor, unit: Unit, year: int, title: str = "", note: str = "") -> Dossier:
    if not scope.can_create_dossier(actor, unit):
        raise PermissionDenied
    _check_year(year)
    title = clean_text(title) or _("Hồ sơ đề nghị khen thưởng năm %(year)s — %(unit)s") % {
        "year": year,
        "unit": unit.name,
    }
    dossier = Dossier(
        unit=unit, year=year, title=title, note=note.strip(), created_by=scope.history_author(actor)
    )
    dossier.full_clean()
    dossier.save()
    log_step(dossier, "create", actor, after=dossier.status)
    return dossier


def require_editable(actor, dossier: Dossier) -> None:
    if not scope.can_edit_dossier(actor, dossier):
        if scope.can_edit_unit(actor, dossier.unit):
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái “%(status)s”: đơn vị không sửa được.")
                % {"status": dossier.get_status_display()}
            )
        raise PermissionDenied


def _check_recipient(dossier: Dossier, person: Person | None, unit: Unit | None) -> None:
    if (person is None) == (unit is None):
        raise ValidationError(_("Phải có đúng một đối tượng: một cá nhân hoặc một tập thể."))
    home = person.unit if person else unit
    if home is None or not home.path.startswith(dossier.unit.path):
        name = person.full_name if person else unit.name
        raise ValidationError(
            _("%(name)s không thuộc %(unit)s: đơn vị chỉ đề nghị trong phạm vi của mình.")
            % {"name": name, "unit": dossier.unit.name}
        )


def _check_years(dossier: Dossier, year_from: int, year_to: int) -> None:
    if not 1945 <= year_from <= year_to <= dossier.year:
        raise ValidationError(
            {
                "year_from": _(
                    "Năm %(start)s–%(end)s không hợp lệ: thành tích phải kết thúc chậm nhất "
                    "năm %(year)s của hồ sơ."
                )
                % {"start": year_from, "end": year_to, "year": dossier.year}
            }
        )


@transaction.atomic
def item_add(
    *,
    actor,
    dossier: Dossier,
    award_type: AwardType,
    person: Person | None = None,
    unit: Unit | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    achievement: str = "",
    version: int | None = None,
) -> DossierItem:
    dossier = lock_dossier(dossier, version)
    require_editable(actor, dossier)
    _check_recipient(dossier, person, unit)
    award_services.check_award_type(award_type, collective=unit is not None)
    year_to = year_to or dossier.year
    year_from = year_from or year_to
    _check_years(dossier, year_from, year_to)
    _refuse_twice(dossier, person, unit, award_type)
    last = dossier.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = DossierItem(
        dossier=dossier,
        person=person,
        unit=unit,
        award_type=award_type,
        year_from=year_from,
        year_to=year_to,
        achievement=achievement.strip(),
        position=last + 1,
    )
    item.full_clean()
    item.save()
    touch(dossier)
    return item


def _refuse_twice(dossier, person, unit, award_type, *, but: DossierItem | None = None) -> None:
    """One recipient is proposed once for one award type in a dossier."""
    same = dossier.items.filter(person=person, unit=unit, award_type=award_type)
    if but is not None:
        same = same.exclude(pk=but.pk)
    if same.exists():
        raise ValidationError(
            _("%(name)s đã có trong hồ sơ với hình thức “%(award)s”.")
            % {"name": (person or unit).__str__(), "award": award_type.name}
        )


def touch(dossier: Dossier) -> None:
    """Raise the dossier's version: any change of its items makes other open pages stale."""
    dossier.save(update_fields=["version"])


@transaction.atomic
def items_from_suggestions(
    *,
    actor,
    dossier: Dossier,
    picks: Iterable[tuple[str, str, str]],
    version: int | None = None,
) -> list[DossierItem]:
    """Items from ticked suggestions: (kind "individual"/"collective", code, award code),
    for the dossier's year, with the checks of item_add. Set-wise: a district's 300 ticks
    are a few queries and one insert, not 300 round trips. A pick already in the dossier (or
    ticked twice) is skipped."""
    dossier = lock_dossier(dossier, version)
    require_editable(actor, dossier)
    picks = list(dict.fromkeys(picks))
    people = Person.objects.select_related("unit").in_bulk(
        [c for k, c, _a in picks if k == "individual"], field_name="code"
    )
    units = Unit.objects.in_bulk([c for k, c, _a in picks if k == "collective"], field_name="code")
    types = AwardType.objects.in_bulk([a for _k, _c, a in picks], field_name="code")
    held = set(dossier.items.values_list("person_id", "unit_id", "award_type_id"))
    position = dossier.items.order_by("-position").values_list("position", flat=True).first() or 0
    added = []
    for kind, code, award_code in picks:
        person = people.get(code) if kind == "individual" else None
        unit = units.get(code) if kind == "collective" else None
        award_type = types.get(award_code)
        if award_type is None or (person is None and unit is None):
            raise ValidationError(_("Không tìm thấy %(code)s trong dữ liệu.") % {"code": code})
        key = (person and person.pk, unit and unit.pk, award_type.pk)
        if key in held:
            continue
        held.add(key)
        _check_recipient(dossier, person, unit)
        award_services.check_award_type(award_type, collective=unit is not None)
        position += 1
        item = DossierItem(
            dossier=dossier,
            person=person,
            unit=unit,
            award_type=award_type,
            year_from=dossier.year,
            year_to=dossier.year,
            position=position,
        )
        # The foreign keys were just read; checking them again would be a query per item.
        item.full_clean(
            exclude=["dossier", "person", "unit", "award_type"],
            validate_unique=False,
            validate_constraints=False,
        )
        added.append(item)
    insert_with_history(DossierItem, added, user=scope.history_author(actor))
    if added:
        touch(dossier)
    return added


_ITEM_FIELDS = ("award_type", "year_from", "year_to", "achievement")


@transaction.atomic
def item_update(*, actor, item: DossierItem, version: int | None = None, **changes) -> DossierItem:
    """Change an item while its dossier is editable by the unit; an item that was returned
    keeps the reviewer's comment beside the unit's answer until the dossier is resubmitted."""
    dossier = lock_dossier(item.dossier, None)
    require_editable(actor, dossier)
    unknown = set(changes) - set(_ITEM_FIELDS) - {"answer"}
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    item = DossierItem.objects.select_for_update().get(pk=item.pk)
    if version is not None:
        expect_version(item, version)
    for name, value in changes.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    award_services.check_award_type(item.award_type, collective=item.unit_id is not None)
    _check_years(dossier, item.year_from, item.year_to)
    _refuse_twice(dossier, item.person, item.unit, item.award_type, but=item)
    item.full_clean()
    item.save()
    if changes.get("answer"):
        log_step(dossier, "answer_item", actor, item=item, comment=item.answer)
    touch(dossier)
    return item


@transaction.atomic
def item_remove(*, actor, item: DossierItem, version: int | None = None) -> None:
    """Take an item out of a draft (its history keeps it); a returned dossier answers its
    items instead, so that the reviewer sees what was asked and what was done. `version`:
    the dossier's, as the page showed it."""
    dossier = lock_dossier(item.dossier, version)
    require_editable(actor, dossier)
    if dossier.status != S.DRAFT:
        raise ValidationError(_("Chỉ bỏ được người, tập thể khỏi hồ sơ đang soạn."))
    item.delete()
    touch(dossier)


# ── Review of items ───────────────────────────────────────────────────────────────────


@transaction.atomic
def item_return(
    *, actor, item: DossierItem, comment: str, version: int | None = None
) -> DossierItem:
    """The reviewer marks one item for return with a comment the unit sees on the item.
    `version`: the dossier's, as the page showed it."""
    if not scope.can_review_dossiers(actor):
        raise PermissionDenied
    dossier = lock_dossier(item.dossier, version)
    if dossier.status != S.UNDER_REVIEW:
        raise ValidationError(_("Chỉ trả lại từng đề nghị khi hồ sơ đang được thẩm định."))
    comment = clean_text(comment)
    if not comment:
        raise ValidationError({"comment": _("Phải ghi rõ lý do trả lại.")})
    item = DossierItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.return_comment, item.answer = ItemStatus.RETURNED, comment, ""
    item.full_clean()  # the comment's length, as on every text the users type
    item.save()
    log_step(dossier, "return_item", actor, item=item, comment=comment)
    touch(dossier)
    return item


@transaction.atomic
def item_keep(*, actor, item: DossierItem, version: int | None = None) -> DossierItem:
    """Take back a return marked by mistake, before the dossier goes back to the unit."""
    if not scope.can_review_dossiers(actor):
        raise PermissionDenied
    dossier = lock_dossier(item.dossier, version)
    item = DossierItem.objects.select_for_update().get(pk=item.pk)  # as stored, not as shown
    if dossier.status != S.UNDER_REVIEW or item.status != ItemStatus.RETURNED:
        raise ValidationError(_("Đề nghị này không ở trạng thái trả lại."))
    item.status, item.return_comment = ItemStatus.PROPOSED, ""
    item.save()
    log_step(dossier, "keep_item", actor, item=item)
    touch(dossier)
    return item


# ── Transitions ───────────────────────────────────────────────────────────────────────


def allowed_actions(actor, dossier: Dossier) -> list[str]:
    """The steps the user may take on the dossier now (the page's buttons)."""
    out = []
    for step in STEPS.values():
        if dossier.status not in step.sources:
            continue
        if step.by_unit:
            ok = (
                scope.can_withdraw_dossier(actor, dossier)
                if step.action == "withdraw"
                else scope.can_edit_unit(actor, dossier.unit)
            )
        else:
            ok = scope.can_review_dossiers(actor)
        if ok:
            out.append(step.action)
    return out


def _check_step(step: Step, dossier: Dossier, comment: str) -> None:
    items = list(dossier.items.all())
    if step.needs_comment and not comment:
        raise ValidationError({"comment": _("Phải ghi rõ lý do.")})
    if step.action in ("submit", "resubmit") and not items:
        raise ValidationError(_("Hồ sơ chưa có người, tập thể nào được đề nghị."))
    returned = [i for i in items if i.status == ItemStatus.RETURNED]
    if step.action == "return" and not returned and not comment:
        raise ValidationError(
            _("Trả lại hồ sơ cần ý kiến thẩm định chung hoặc ít nhất một đề nghị bị trả lại.")
        )
    if step.action == "resubmit":
        unanswered = [i for i in returned if not i.answer]
        if unanswered:
            raise ValidationError(
                _("Còn %(n)s đề nghị bị trả lại chưa có giải trình: %(names)s.")
                % {"n": len(unanswered), "names": ", ".join(i.recipient_name for i in unanswered)}
            )
    if step.action == "to_council" and returned:
        raise ValidationError(
            _("Còn %(n)s đề nghị đang đánh dấu trả lại: trả lại hồ sơ cho đơn vị hoặc bỏ đánh dấu.")
            % {"n": len(returned)}
        )


@transaction.atomic
def transition(
    *, actor, dossier: Dossier, action: str, comment: str = "", version: int | None = None
) -> Dossier:
    step = STEPS.get(action)
    if step is None:
        raise ValidationError(_("Thao tác không hợp lệ."))
    dossier = lock_dossier(dossier, version)
    if dossier.status not in step.sources:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không thể “%(action)s”.")
            % {"status": dossier.get_status_display(), "action": ACTION_LABELS[action]}
        )
    if action not in allowed_actions(actor, dossier):
        raise PermissionDenied
    comment = clean_text(comment)
    _check_step(step, dossier, comment)
    before = dossier.status
    dossier.status = step.target
    if action in ("submit", "resubmit"):
        dossier.submitted_at = timezone.now()
    if action == "resubmit":  # the answered items are proposed again, in their history too
        answered = list(dossier.items.filter(status=ItemStatus.RETURNED))
        for item in answered:
            item.status = ItemStatus.PROPOSED
        update_with_history(DossierItem, answered, ["status"], user=scope.history_author(actor))
    if action == "return":
        dossier.review_comment = comment
    dossier.full_clean()  # the comment's length, as on every text the users type
    dossier.save()
    log_step(dossier, action, actor, before=before, after=dossier.status, comment=comment)
    audience, text = _NOTICES[action]
    users = audience(dossier) if audience is unit_users else audience()
    notify(users, dossier, str(text) % _names(dossier), actor=actor)
    return dossier


def _names(dossier: Dossier) -> dict[str, str]:
    return {"unit": dossier.unit.name, "title": dossier.title}


# ── Issuing the decision ──────────────────────────────────────────────────────────────


@transaction.atomic
def decision_issue(
    *,
    actor,
    items: Iterable[DossierItem],
    number: str,
    date: dt.date,
    signer: str = "",
    authority: str = "",
    note: str = "",
) -> Decision:
    """The decision of approved items, with one award per item, in one transaction: a
    failure on any item (a duplicate, a retired award type) leaves nothing written."""
    if not scope.can_issue_from_dossier(actor):
        raise PermissionDenied
    ids = [i.pk for i in items]
    locked = list(
        # Lock the items only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins to person and unit.
        DossierItem.objects.select_for_update(of=("self",))
        .select_related("dossier", "award_type", "person", "unit")
        .filter(pk__in=ids)
        .order_by("dossier_id", "position", "id")
    )
    if not locked:
        raise ValidationError(_("Chưa chọn đề nghị nào."))
    not_ready = [i for i in locked if i.status != ItemStatus.APPROVED]
    if not_ready:
        raise ValidationError(
            _("Chỉ ban hành quyết định cho đề nghị đã được Hội đồng thông qua: %(names)s.")
            % {"names": ", ".join(i.recipient_name for i in not_ready)}
        )
    _refuse_awarded_twice(locked)
    kinds = {i.award_type_id for i in locked}
    award_type = locked[0].award_type if len(kinds) == 1 else None
    decision = award_services.decision_create(
        number=number,
        date=date,
        signer=signer,
        authority=authority,
        award_type=award_type,
        note=note,
    )
    # Set-wise: the awards of 700 items are one insert, not 700 validated saves.
    awards, seen = [], set()
    for item in locked:
        award = award_services.build_award(
            decision,
            award_services.Recipient(
                person=item.person,
                unit=item.unit,
                award_type=item.award_type,
                year_from=item.year_from,
                year_to=item.year_to,
                achievement=item.achievement,
            ),
        )
        key = (award.award_type_id, award.person_id, award.unit_id, award.year_from, award.year_to)
        if key in seen:
            message = (
                _("Tập thể này đã có khen thưởng này trong quyết định.")
                if item.unit_id
                else _("Cá nhân này đã có khen thưởng này trong quyết định.")
            )
            raise ValidationError(f"{item.recipient_name}: {message}")
        seen.add(key)
        awards.append(award)
    insert_with_history(Award, awards, user=scope.history_author(actor))
    for item, award in zip(locked, awards, strict=True):
        item.award, item.status = award, ItemStatus.AWARDED
    update_with_history(DossierItem, locked, ["award", "status"], user=scope.history_author(actor))
    for dossier_id in sorted({i.dossier_id for i in locked}):
        dossier = Dossier.objects.get(pk=dossier_id)
        awarded = [i.recipient_name for i in locked if i.dossier_id == dossier_id]
        log_step(dossier, "issue", actor, comment=f"{decision}: {', '.join(awarded)}")
        _close_if_done(actor, dossier, decision)
    return decision


_NAMED = 10  # names a message lists before "and N others"


def _refuse_awarded_twice(items: list[DossierItem]) -> None:
    """The register allows the same award in two decisions (a correction re-issued); an
    item rewarded already, by another decision still in force, is a mistake: refused."""

    def key(row: Award | DossierItem) -> tuple:
        return (row.person_id, row.unit_id, row.award_type_id, row.year_from, row.year_to)

    existing = Award.objects.filter(
        status=AwardStatus.ACTIVE,
        award_type_id__in={i.award_type_id for i in items},
        year_from__in={i.year_from for i in items},
    ).filter(
        Q(person_id__in={i.person_id for i in items if i.person_id})
        | Q(unit_id__in={i.unit_id for i in items if i.unit_id})
    )
    found = {key(a): a for a in existing.select_related("decision")}
    twice = [(i, found[key(i)]) for i in items if key(i) in found]
    if twice:
        names = "; ".join(
            _("%(name)s (quyết định số %(number)s)")
            % {"name": i.recipient_name, "number": a.decision.number}
            for i, a in twice[:_NAMED]
        )
        if len(twice) > _NAMED:
            names += _(" và %(n)s người, tập thể khác") % {"n": len(twice) - _NAMED}
        raise ValidationError(
            _("Đã được khen thưởng hình thức này cho cùng năm thành tích: %(names)s.")
            % {"names": names}
        )


def _close_if_done(actor, dossier: Dossier, decision: Decision | None) -> None:
    """A dossier at the council is decided when none of its items waits any more."""
    dossier = lock_dossier(dossier, None)
    waiting = dossier.items.exclude(status__in=[ItemStatus.AWARDED, ItemStatus.REJECTED])
    if dossier.status != S.AT_COUNCIL or waiting.exists():
        return
    before = dossier.status
    dossier.status = S.DECIDED
    if decision is not None and dossier.decision_id is None:
        dossier.decision = decision
    dossier.save()
    label = str(decision) if decision else ""
    log_step(dossier, "decide", actor, before=before, after=dossier.status, comment=label)
    notify(
        unit_users(dossier),
        dossier,
        _("Hồ sơ “%(title)s” đã có kết quả.") % _names(dossier),
        actor=actor,
    )


def close_if_done(actor, dossier: Dossier) -> None:
    """For the council's services: after a tally every item may be final (all rejected)."""
    _close_if_done(actor, dossier, None)
