"""The account's own pages: personal API tokens ("Khoá API", in the account menu)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import scope, tokens
from thidua.accounts.forms import TokenCreateForm
from thidua.lib.views import add_service_error, require


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens, and the form to create one. A created token is shown on the answer
    to the POST itself, once: it is never stored in clear, nor put in the session."""
    require(scope.can_hold_api_tokens(request.user))
    form = TokenCreateForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, plain = tokens.token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                created = {"token": token, "plain": plain}
                form = TokenCreateForm()
                status = 201
        if created is None:
            status = 400
    response = render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "created": created,
            "tokens": scope.own_api_tokens(request.user),
            "now": timezone.now(),
        },
        status=status,
    )
    add_never_cache_headers(response)  # the page may hold a token in clear
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = scope.get_visible_or_404(scope.own_api_tokens(request.user), pk=pk)
    tokens.token_revoke(user=request.user, token=token)
    messages.success(request, _("Đã thu hồi khoá API «%(name)s».") % {"name": token.name})
    return redirect("accounts:tokens")
