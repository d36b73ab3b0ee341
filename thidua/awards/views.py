"""Pages of the record: decisions, the catalogue, and a person's or unit's history.

Every lookup goes through selectors built on thidua.accounts.scope: outside the user's
subtree a page is a 404, and a decision shows only the recipients the user may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.awards import selectors, services
from thidua.awards.filters import DecisionFilter
from thidua.awards.forms import (
    AwardAddForm,
    DecisionCorrectForm,
    DecisionCreateForm,
    ReasonForm,
)
from thidua.awards.models import Award, Decision
from thidua.lib.audit import combined_history
from thidua.lib.versioning import expect_version
from thidua.lib.views import add_service_error, paginate, run_service

UNIT_INDEX_FROM = 30  # individuals on a decision page above which its units are indexed


@login_required
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    found = DecisionFilter(
        request.GET or None, queryset=scope.readable_decisions(request.user), request=request
    )
    page = paginate(request, found.qs.select_related("award_type"))
    counts = selectors.recipient_counts(request.user, page.object_list)
    rows = [(d, counts.get(d.pk, {"people": 0, "units": 0})) for d in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/decision_list.html",
        {
            "form": found.form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": scope.can_manage_decisions(request.user),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    """A decision entered by hand; its recipients are added on its page afterwards."""
    if not scope.can_manage_decisions(request.user):
        raise PermissionDenied(_("Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được thêm quyết định."))
    form = DecisionCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã thêm quyết định số %(n)s. Thêm người, tập thể được khen ở dưới.")
                % {"n": decision.number},
            )
            return redirect(f"{decision.get_absolute_url()}?them=1#them-nguoi-duoc-khen")
    return render(
        request, "awards/decision_create.html", {"form": form}, status=400 if form.errors else 200
    )


def _decision_or_404(request: HttpRequest, pk: int) -> Decision:
    return scope.get_visible_or_404(
        scope.readable_decisions(request.user).select_related("award_type", "movement"), pk=pk
    )


def _render_detail(
    request: HttpRequest,
    decision: Decision,
    revoke_form: ReasonForm | None = None,
    add_form: AwardAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    people, units = selectors.decision_recipients(request.user, decision)
    groups = selectors.group_by_unit(people)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "people": people,
            "groups": groups,
            # A long decision gets an index of its units at the top of the list.
            "unit_index": len(people) > UNIT_INDEX_FROM and len(groups) > 1,
            "units": units,
            # Units a reorganisation closed by the decision's date (the pack's rule, TT 15/2025).
            "closed_warnings": selectors.closed_unit_warnings(
                decision.date, [a.unit for a in units]
            ),
            "can_manage": scope.can_manage_decisions(request.user),
            "can_add": scope.can_add_to_decision(request.user, decision),
            "add_form": add_form or AwardAddForm(user=request.user),
            "add_open": add_form is not None or request.GET.get("them") == "1",
            "revoke_form": revoke_form or ReasonForm(versioned=decision),
            # The decision's own rows and its recipients': added, revoked, corrected.
            "history": combined_history(
                decision,
                Award.history.filter(
                    decision_id=decision.pk,
                    id__in=scope.visible_awards(request.user)
                    .filter(decision=decision)
                    .values("pk"),
                ),
                exclude=["decision"],
            ),
        },
        status=status,
    )


@login_required
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _decision_or_404(request, pk))


def _managed_decision(request: HttpRequest, pk: int) -> Decision:
    decision = _decision_or_404(request, pk)
    if not scope.can_manage_decisions(request.user):
        raise PermissionDenied(_("Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được sửa quyết định."))
    return decision


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed_decision(request, pk)
    form = ReasonForm(request.POST, versioned=decision)
    if form.is_valid():
        try:
            services.decision_revoke(decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
            decision.refresh_from_db()  # the service changed it in memory before refusing
        else:
            messages.success(request, _("Đã hủy bỏ quyết định số %(n)s.") % {"n": decision.number})
            return redirect("awards:decision_detail", pk=decision.pk)
    return _render_detail(request, decision, revoke_form=form, status=400)


@login_required
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed_decision(request, pk)
    form = DecisionCorrectForm(request.POST or None, instance=decision, user=request.user)
    if request.method == "POST" and form.is_valid():
        # A fresh copy: the form's instance holds every posted value, the service takes only
        # the changed ones; the version the page was shown goes with them.
        fresh = Decision.objects.get(pk=decision.pk)
        expect_version(fresh, form.cleaned_data["version"])
        try:
            services.decision_correct(
                decision=fresh, reason=form.cleaned_data["reason"], **form.changes()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã đính chính quyết định số %(n)s.") % {"n": form.cleaned_data["number"]},
            )
            return redirect("awards:decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/decision_correct.html",
        {"decision": decision, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def award_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    award = scope.get_visible_or_404(
        scope.visible_awards(request.user).select_related("decision"), pk=pk
    )
    if not scope.can_manage_decisions(request.user):
        raise PermissionDenied(
            _("Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được hủy bỏ khen thưởng.")
        )
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.award_revoke(award=award, reason=form.cleaned_data["reason"]),
            _("Đã hủy bỏ khen thưởng của %(who)s.") % {"who": award.recipient},
        )
    else:
        messages.error(request, _("Phải ghi rõ lý do hủy bỏ."))
    return redirect("awards:decision_detail", pk=award.decision_id)


@login_required
@require_POST
def award_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one person or collective to a decision. Editors only, and a unit clerk only for
    people and units of their subtree (the form looks them up within the user's scope)."""
    decision = _decision_or_404(request, pk)
    if not scope.can_add_to_decision(request.user, decision):
        raise PermissionDenied(_("Tài khoản chỉ được xem, không được thêm khen thưởng."))
    form = AwardAddForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            award = services.award_add(decision=decision, **form.award_fields())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Đã thêm %(who)s vào quyết định số %(n)s.")
                % {"who": award.recipient, "n": decision.number},
            )
            closed = selectors.closed_unit_warnings(decision.date, [award.unit])
            for warning in closed.values():
                messages.warning(request, warning)
            return redirect(f"{decision.get_absolute_url()}?them=1#them-nguoi-duoc-khen")
    return _render_detail(request, decision, add_form=form, status=400)


@login_required
@require_safe
def award_type_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "awards/award_type_list.html", {"award_types": selectors.catalogue_listing()}
    )
