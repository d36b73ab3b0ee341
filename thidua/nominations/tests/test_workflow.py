"""The dossier's states: who may take each step, what each step checks, two reviewers at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.nominations import services
from thidua.nominations.models import DossierEvent, DossierStatus, ItemStatus, Notification
from thidua.nominations.tests.conftest import move

pytestmark = pytest.mark.django_db


def test_clerk_builds_and_submits_a_dossier_of_their_unit(dossier, users):
    assert dossier.items.count() == 2
    dossier = move(dossier, "submit", actor=users.clerk_a)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.submitted_at is not None
    events = list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert events == ["create", "submit"]
    assert Notification.objects.filter(user=users.officer, dossier=dossier).exists()


def test_clerk_of_another_unit_may_not_create_or_submit(dossier, users, units):
    with pytest.raises(PermissionDenied):
        services.dossier_create(actor=users.clerk_b, unit=units.cah_a, year=2024)
    with pytest.raises(PermissionDenied):
        move(dossier, "submit", actor=users.clerk_b)


@pytest.mark.parametrize("who", ["viewer", "council"])
def test_read_only_roles_take_no_step(dossier, users, who):
    with pytest.raises(PermissionDenied):
        move(dossier, "submit", actor=getattr(users, who))


def test_a_nominee_outside_the_unit_is_refused(dossier, users, people, types):
    with pytest.raises(ValidationError, match="không thuộc"):
        services.item_add(
            actor=users.clerk_a, dossier=dossier, person=people.cuong, award_type=types.cstd_co_so
        )


def test_award_type_must_fit_the_recipient(dossier, users, units, types):
    with pytest.raises(ValidationError, match="không tặng cho tập thể"):
        services.item_add(
            actor=users.clerk_a, dossier=dossier, unit=units.cax_a1, award_type=types.cstd_co_so
        )


def test_empty_dossier_cannot_be_submitted(users, units):
    empty = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    with pytest.raises(ValidationError, match="chưa có"):
        move(empty, "submit", actor=users.clerk_a)


def test_submitted_dossier_is_read_only_for_the_unit(dossier, users, people, types):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.item_add(
            actor=users.clerk_a, dossier=dossier, person=people.an, award_type=types.cstd_co_so
        )


def test_only_the_office_reviews(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    for who in (users.clerk_a, users.council, users.viewer):
        with pytest.raises(PermissionDenied):
            move(dossier, "start_review", actor=who)
    assert move(dossier, "start_review", actor=users.officer).status == DossierStatus.UNDER_REVIEW


def test_withdrawal_before_review_only(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.transition(actor=users.clerk_a, dossier=dossier, action="withdraw")
    withdrawn = services.transition(
        actor=users.clerk_a, dossier=dossier, action="withdraw", comment="Nộp nhầm năm"
    )
    assert withdrawn.status == DossierStatus.WITHDRAWN


def test_no_withdrawal_once_under_review(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    with pytest.raises(ValidationError, match="không thể"):
        services.transition(actor=users.clerk_a, dossier=dossier, action="withdraw", comment="x")


def test_return_of_one_item_then_answer_and_resubmit(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    binh = dossier.items.get(person__code="CA0002")
    services.item_return(actor=users.officer, item=binh, comment="Thiếu biên bản họp xét")
    dossier = move(dossier, "return", actor=users.officer)
    assert dossier.status == DossierStatus.RETURNED
    assert Notification.objects.filter(user=users.clerk_a, dossier=dossier).exists()
    with pytest.raises(ValidationError, match="chưa có giải trình"):
        move(dossier, "resubmit", actor=users.clerk_a)
    services.item_update(actor=users.clerk_a, item=binh, answer="Đã bổ sung biên bản")
    dossier = move(dossier, "resubmit", actor=users.clerk_a)
    binh.refresh_from_db()
    assert dossier.status == DossierStatus.RESUBMITTED
    assert binh.status == ItemStatus.PROPOSED
    assert binh.return_comment == "Thiếu biên bản họp xét"  # kept for the record


def test_return_needs_a_reason(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    with pytest.raises(ValidationError, match="ý kiến thẩm định"):
        move(dossier, "return", actor=users.officer)


def test_cannot_go_to_council_with_an_item_marked_for_return(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    services.item_return(actor=users.officer, item=dossier.items.first(), comment="Sai năm")
    with pytest.raises(ValidationError, match="trả lại"):
        move(dossier, "to_council", actor=users.officer)


def test_two_reviewers_at_once_one_wins_the_other_is_told(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    shown = dossier.version  # both officers opened the page at this version
    services.transition(actor=users.officer, dossier=dossier, action="start_review", version=shown)
    with pytest.raises(ValidationError, match="vừa được người khác thay đổi"):
        services.transition(
            actor=users.admin, dossier=dossier, action="start_review", version=shown
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.UNDER_REVIEW
    assert dossier.events.filter(action="start_review").count() == 1


def test_a_step_from_the_wrong_state_says_the_state(dossier, users):
    with pytest.raises(ValidationError, match="Đang soạn"):
        move(dossier, "to_council", actor=users.officer)


def test_allowed_actions_are_the_page_buttons(dossier, users):
    assert services.allowed_actions(users.clerk_a, dossier) == ["submit", "withdraw"]
    assert services.allowed_actions(users.officer, dossier) == ["submit", "withdraw"]
    assert services.allowed_actions(users.viewer, dossier) == []
    dossier = move(dossier, "submit", actor=users.clerk_a)
    assert services.allowed_actions(users.officer, dossier) == ["withdraw", "start_review"]
    assert services.allowed_actions(users.clerk_a, dossier) == ["withdraw"]


def test_taking_back_a_return_is_in_the_event_log(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.first()
    services.item_return(actor=users.officer, item=item, comment="Nhầm")
    services.item_keep(actor=users.officer, item=item)
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions[-2:] == ["return_item", "keep_item"]


def test_a_review_comment_longer_than_any_text_field_is_refused(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    with pytest.raises(ValidationError):
        services.item_return(actor=users.officer, item=dossier.items.first(), comment="x" * 20000)
    with pytest.raises(ValidationError):
        services.transition(
            actor=users.officer, dossier=dossier, action="return", comment="x" * 20000
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.UNDER_REVIEW


def test_changing_an_items_award_type_cannot_make_a_duplicate(dossier, users, types):
    binh = dossier.items.get(person__code="CA0002")
    services.item_add(
        actor=users.clerk_a,
        dossier=dossier,
        person=binh.person,
        award_type=types.chien_si_tien_tien,
    )
    with pytest.raises(ValidationError, match="đã có trong hồ sơ"):
        services.item_update(actor=users.clerk_a, item=binh, award_type=types.chien_si_tien_tien)


def test_every_step_label_and_notice_has_its_english_wording():
    from django.utils import translation

    with translation.override("vi"):
        vietnamese = {k: str(v) for k, v in services.ACTION_LABELS.items()}
        notices = {k: str(text) for k, (_who, text) in services._NOTICES.items()}
    with translation.override("en"):
        assert all(str(services.ACTION_LABELS[k]) != v for k, v in vietnamese.items())
        assert all(str(services._NOTICES[k][1]) != v for k, v in notices.items())
