"""Helpers every app's pages share: pagination, HTMX fragments, permission answers, and a
service's ValidationError shown on a form or as a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

PER_PAGE = 50


def paginate(
    request: HttpRequest, items: QuerySet | list, per_page: int = PER_PAGE, param: str = "page"
) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get(param))


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX search asks only for the results; a boosted or history request needs the page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_list(
    request: HttpRequest, page_template: str, fragment_template: str, context: dict[str, Any]
) -> HttpResponse:
    """One URL serves the whole page or, for HTMX, just the results table."""
    template = fragment_template if wants_fragment(request) else page_template
    response = render(request, template, context)
    # The two answers differ by a request header; caches must not mix them up.
    patch_vary_headers(response, ("HX-Request",))
    return response


def require(allowed: bool) -> None:
    """403 for a visible object the user may only read (out-of-scope objects are 404 earlier)."""
    if not allowed:
        raise PermissionDenied


def add_service_error(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has that field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def run_service(request: HttpRequest, call: Callable[[], object], success: str) -> bool:
    """Run a service behind a button with no form: its ValidationError becomes an error
    message, else `success` is shown. True when the service succeeded."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
