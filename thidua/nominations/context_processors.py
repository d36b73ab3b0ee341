"""The unread counter of the header (one COUNT query for a signed-in user, none otherwise)
and the flags of the nominations pages' menu (no query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from thidua.accounts import scope
from thidua.nominations.selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never render the header (fragments, files) run no query.
    return {
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
        "nominations_menu": {
            "councils": scope.sees_councils(user),
            "issue": scope.can_issue_from_dossier(user),
        },
    }
