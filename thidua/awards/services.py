"""Writes to the record of commendations. Views, API, CLI, imports and the demo call these.

Nothing is deleted: corrections and revocations change status with a reason, and
simple_history keeps the before/after of every row with that reason attached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from thidua.awards import chain
from thidua.awards.checks import (
    discipline_date_problem,
    discipline_exists_problem,
    discipline_months_problem,
    initiative_exists_problem,
    result_content_problem,
    yearly_title_problem,
)
from thidua.awards.choices import AwardStatus, DecisionStatus, DisciplineForm, InitiativeScope
from thidua.awards.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    YearlyResult,
)
from thidua.lib.cellvalues import MIN_YEAR
from thidua.lib.validators import recorded_year_problem
from thidua.lib.versioning import expect_version
from thidua.lib.vntext import clean_text
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

CORRECTABLE_FIELDS = ("number", "date", "authority", "signer", "award_type", "movement", "note")


@dataclass
class Recipient:
    """One line of a decision: who, for which year(s), for what. `award_type` defaults to
    the decision's; `year_to` defaults to `year_from`."""

    year_from: int
    person: Person | None = None
    unit: Unit | None = None
    award_type: AwardType | None = None
    year_to: int | None = None
    achievement: str = ""


def _require_reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Phải ghi rõ lý do.")})
    return reason


def _check_years(year_from: int, year_to: int, decision_date: dt.date) -> None:
    if not MIN_YEAR <= year_from <= year_to:
        raise ValidationError(
            {
                "year_from": _("Năm %(start)s–%(end)s không hợp lệ.")
                % {"start": year_from, "end": year_to}
            }
        )
    if year_from > decision_date.year:
        raise ValidationError(
            {
                "year_from": _(
                    "Năm %(year)s sau năm ra quyết định (%(decided)s): "
                    "không khen thưởng trước thành tích."
                )
                % {"year": year_from, "decided": decision_date.year}
            }
        )


def _retired_problem(award_type: AwardType) -> str:
    if award_type.active:
        return ""
    return _("'%(name)s' không còn trong danh mục.") % {"name": award_type.name}


def _check_in_catalogue(award_type: AwardType) -> None:
    if problem := _retired_problem(award_type):
        raise ValidationError({"award_type": problem})


def check_award_type(award_type: AwardType | None, *, collective: bool) -> AwardType:
    """The award type if it is in the catalogue and fits the recipient (a collective or an
    individual); else a ValidationError on `award_type` (decisions and nominations alike)."""
    if award_type is None:
        raise ValidationError({"award_type": _("Chưa chọn hình thức khen thưởng.")})
    _check_in_catalogue(award_type)
    if not award_type.accepts(collective=collective):
        message = (
            _("'%(name)s' không tặng cho tập thể.")
            if collective
            else _("'%(name)s' không tặng cho cá nhân.")
        )
        raise ValidationError({"award_type": message % {"name": award_type.name}})
    return award_type


def build_award(decision: Decision, recipient: Recipient) -> Award:
    """The award of one recipient, checked (type, recipient, years) and not saved."""
    if (recipient.person is None) == (recipient.unit is None):
        raise ValidationError(_("Phải có đúng một đối tượng: một cá nhân hoặc một tập thể."))
    award_type = check_award_type(
        recipient.award_type or decision.award_type, collective=recipient.unit is not None
    )
    year_to = recipient.year_to if recipient.year_to is not None else recipient.year_from
    _check_years(recipient.year_from, year_to, decision.date)
    return Award(
        decision=decision,
        award_type=award_type,
        person=recipient.person,
        unit=recipient.unit,
        year_from=recipient.year_from,
        year_to=year_to,
        achievement=clean_text(recipient.achievement),
    )


def _save_award(award: Award) -> Award:
    award.full_clean()  # runs the uniqueness and one-recipient constraints
    award.save()
    return award


@transaction.atomic
def decision_create(
    *,
    number: str,
    date: dt.date,
    authority: str = "",
    signer: str = "",
    award_type: AwardType | None = None,
    note: str = "",
    recipients: Iterable[Recipient] = (),
    movement: Movement | None = None,
) -> Decision:
    """A decision with its recipients' awards; authority defaults to the award type's.
    `movement`: the movement it rewards (khen thưởng phong trào thi đua), if any."""
    decision = Decision(
        number=clean_text(number),
        date=date,
        signer=clean_text(signer),
        note=note.strip(),
        award_type=award_type,
        movement=movement,
        authority=clean_text(authority) or (award_type.authority if award_type else ""),
    )
    if not decision.number:
        raise ValidationError({"number": _("Thiếu số quyết định.")})
    decision.full_clean()
    decision.save()
    for recipient in recipients:
        _save_award(build_award(decision, recipient))
    return decision


@transaction.atomic
def award_add(
    *,
    decision: Decision,
    year_from: int,
    person: Person | None = None,
    unit: Unit | None = None,
    award_type: AwardType | None = None,
    year_to: int | None = None,
    achievement: str = "",
) -> Award:
    """Add one recipient to an existing decision."""
    if decision.is_revoked:
        raise ValidationError(_("Quyết định đã bị hủy bỏ, không thể thêm khen thưởng."))
    recipient = Recipient(
        person=person,
        unit=unit,
        award_type=award_type,
        year_from=year_from,
        year_to=year_to,
        achievement=achievement,
    )
    return _save_award(build_award(decision, recipient))


@transaction.atomic
def decision_correct(*, decision: Decision, reason: str, **changes) -> Decision:
    """Correct (đính chính) the decision's own fields; the old values stay in its history."""
    reason = _require_reason(reason)
    if decision.is_revoked:
        raise ValidationError(_("Quyết định đã bị hủy bỏ, không thể đính chính."))
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot correct {sorted(unknown)}")
    for name, value in changes.items():
        setattr(decision, name, clean_text(value) if isinstance(value, str) else value)
    if decision.award_type is not None:
        _check_in_catalogue(decision.award_type)
    decision.status = DecisionStatus.CORRECTED
    decision.status_reason = reason
    decision.full_clean()
    # A corrected date may now precede the years it rewards: one award that does is enough.
    early = decision.awards.filter(year_from__gt=decision.date.year).order_by("year_from").first()
    if early is not None:
        _check_years(early.year_from, early.year_to, decision.date)
    decision._change_reason = reason
    decision.save()
    return decision


@transaction.atomic
def decision_revoke(*, decision: Decision, reason: str) -> Decision:
    """Revoke (hủy bỏ) the decision and every award in it, keeping all rows and the reason."""
    reason = _require_reason(reason)
    if decision.is_revoked:
        raise ValidationError(_("Quyết định đã bị hủy bỏ từ trước."))
    decision.status = DecisionStatus.REVOKED
    decision.status_reason = reason
    decision._change_reason = reason
    decision.save()
    awards = list(decision.awards.filter(status=AwardStatus.ACTIVE))
    for award in awards:
        award.status = AwardStatus.REVOKED
        award.revoke_reason = reason
    # One UPDATE and one history INSERT per batch, not one query pair per recipient.
    bulk_update_with_history(
        awards, Award, ["status", "revoke_reason"], batch_size=500, default_change_reason=reason
    )
    chain.seal([Award])  # simple_history's bulk writes send no signal
    return decision


@transaction.atomic
def award_revoke(*, award: Award, reason: str) -> Award:
    """Revoke one recipient's award; the decision's other awards are untouched."""
    reason = _require_reason(reason)
    if award.is_revoked:
        raise ValidationError(_("Khen thưởng này đã bị hủy bỏ từ trước."))
    award.status = AwardStatus.REVOKED
    award.revoke_reason = reason
    award._change_reason = reason
    award.save()
    return award


@transaction.atomic
def yearly_result_save(
    *,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    appraisal: str = "",
    title: AwardType | None = None,
    note: str = "",
    version: int | None = None,
) -> YearlyResult:
    """Set the year's appraisal and title of a person or unit (one row per year): the rules
    of the results import (awards.checks, lib.validators), then the model's own. `version`,
    the one an editor was shown, refuses the save (StaleVersion) if the row changed since."""
    if (person is None) == (unit is None):
        raise ValidationError(_("Phải có đúng một đối tượng: một cá nhân hoặc một tập thể."))
    problems = {
        "year": recorded_year_problem(year, dt.date.today()),
        "appraisal": result_content_problem(appraisal, title is not None),
    }
    if title is not None:
        problems["title"] = yearly_title_problem(
            title, collective=unit is not None
        ) or _retired_problem(title)
    problems = {field: problem for field, problem in problems.items() if problem}
    if problems:
        raise ValidationError(problems)
    # Locked so two clerks saving the same year at once update one row, not race to insert.
    result = (
        YearlyResult.objects.select_for_update().filter(person=person, unit=unit, year=year).first()
    )
    result = result or YearlyResult(person=person, unit=unit, year=year)
    if version is not None:
        expect_version(result, version)
    result.appraisal, result.title, result.note = appraisal, title, note.strip()
    result.full_clean()
    result.save()
    return result


def _raise_problems(problems: dict[str, str]) -> None:
    problems = {field: problem for field, problem in problems.items() if problem}
    if problems:
        raise ValidationError(problems)


def _check_initiative(title: str, year: int, scope: str, *, exclude: int | None = None) -> None:
    """The initiatives import's rules: a known scope, a plausible year, one initiative per
    name and year."""
    if scope not in InitiativeScope.values:
        raise ValidationError({"scope": _("Phạm vi '%(scope)s' không hợp lệ.") % {"scope": scope}})
    _raise_problems(
        {
            "year": recorded_year_problem(year, dt.date.today()),
            "title": initiative_exists_problem(title, year, exclude=exclude) if title else "",
        }
    )


@transaction.atomic
def initiative_create(
    *,
    title: str,
    year: int,
    scope: str,
    authors: Iterable[Person],
    decision_number: str = "",
    decision: Decision | None = None,
) -> Initiative:
    authors = list(dict.fromkeys(authors))
    if not authors:
        raise ValidationError({"authors": _("Sáng kiến phải có ít nhất một tác giả.")})
    title = clean_text(title)
    _check_initiative(title, year, scope)
    initiative = Initiative(
        title=title,
        year=year,
        scope=scope,
        decision=decision,
        decision_number=clean_text(decision_number) or (decision.number if decision else ""),
    )
    initiative.full_clean()
    initiative.save()
    for person in authors:
        InitiativeAuthor.objects.create(initiative=initiative, person=person)
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, title: str, year: int, scope: str, decision_number: str = ""
) -> Initiative:
    """Correct an initiative's own fields (its authors stay), under the rules of a new one;
    a stale edit (lib.versioning.expect_version) is refused."""
    title = clean_text(title)
    _check_initiative(title, year, scope, exclude=initiative.pk)
    initiative.title, initiative.year, initiative.scope = title, year, scope
    initiative.decision_number = clean_text(decision_number)
    initiative.full_clean()
    initiative.save()
    return initiative


def _check_discipline(
    person: Person,
    form: str,
    number: str,
    date: dt.date,
    months: int | None,
    *,
    exclude: int | None = None,
) -> None:
    """The discipline import's rules (awards.checks): a known form, not dated after today, a
    plausible duration, not already recorded."""
    if form not in DisciplineForm.values:
        raise ValidationError(
            {"form": _("Hình thức kỷ luật '%(form)s' không hợp lệ.") % {"form": form}}
        )
    exists = discipline_exists_problem(person.pk, number, form, date, exclude=exclude)
    _raise_problems(
        {
            "decision_date": discipline_date_problem(date, dt.date.today()),
            "duration_months": discipline_months_problem(months),
            "decision_number": exists if number else "",
        }
    )


@transaction.atomic
def discipline_create(
    *,
    person: Person,
    form: str,
    decision_number: str,
    decision_date: dt.date,
    duration_months: int | None = None,
    note: str = "",
) -> Discipline:
    """Record a person's disciplinary measure under the discipline import's rules."""
    number = clean_text(decision_number)
    _check_discipline(person, form, number, decision_date, duration_months)
    discipline = Discipline(
        person=person,
        form=form,
        decision_number=number,
        decision_date=decision_date,
        duration_months=duration_months,
        note=note.strip(),
    )
    discipline.full_clean()
    discipline.save()
    return discipline


@transaction.atomic
def discipline_update(
    *,
    discipline: Discipline,
    form: str,
    decision_number: str,
    decision_date: dt.date,
    duration_months: int | None = None,
    note: str = "",
) -> Discipline:
    """Correct a measure under the rules of a new one; a stale edit is refused."""
    number = clean_text(decision_number)
    _check_discipline(
        discipline.person, form, number, decision_date, duration_months, exclude=discipline.pk
    )
    discipline.form, discipline.decision_number = form, number
    discipline.decision_date, discipline.duration_months = decision_date, duration_months
    discipline.note = note.strip()
    discipline.full_clean()
    discipline.save()
    return discipline
