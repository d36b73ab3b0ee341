"""Pages that belong to no single app."""

from __future__ import annotations

import functools
import logging

from django.contrib.auth.decorators import login_required
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.nominations.selectors import tasks_for
from thidua.reports.views import dashboard_context


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    units = scope.visible_units(request.user)
    people = scope.visible_people(request.user)
    context = dashboard_context(request)
    status = 400 if context["dashboard_form"].errors else 200
    context |= {
        "unit_count": units.count(),
        "people_count": people.count(),
        "scope_root": scope.scope_root(request.user),
        "nomination_tasks": tasks_for(request.user),
    }
    return render(request, "home.html", context, status=status)


health_log = logging.getLogger("thidua.health")


@functools.cache
def _latest_migrations() -> frozenset[tuple[str, str]]:
    """The newest migration of every app (the leaves of the graph), read from the code once
    per process: if those are applied, so is every migration before them."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def _unapplied(connection, latest: frozenset[tuple[str, str]]) -> list[str]:
    table = connection.ops.quote_name("django_migrations")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT app, name FROM {table}")  # one query, a few hundred rows
            applied = set(cursor.fetchall())
    except DatabaseError:  # no django_migrations table: never migrated
        applied = set()
    return sorted(f"{app}.{name}" for app, name in latest - applied)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For the reverse proxy, the process manager and monitoring (docs/operations.md):
    200 when the database answers and holds every migration of the running code, else 503.

    Served by thidua.middleware.HealthCheckMiddleware ahead of the rest of the stack (no
    session, no sign-in, no host check, no HTTPS redirect, never throttled), and also routed
    here. Names no host, no error text: those go to the "thidua.health" log.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    body: dict[str, object] = {"status": "ok", "database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        health_log.exception("health check: the database does not answer")
        body |= {"status": "error", "database": "unreachable", "migrations": "unknown"}
    else:
        pending = _unapplied(connection, _latest_migrations())
        if pending:
            health_log.error("health check: migrations not applied: %s", ", ".join(pending))
            body |= {"status": "error", "migrations": "pending", "pending": pending}
    response = JsonResponse(body, status=200 if body["status"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response
