"""HTTP Basic for the API, under the same sign-in lockout as the login page (django-axes)."""

from __future__ import annotations

from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions, status

LOCKED_OUT = "Tài khoản tạm khoá vì đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút."


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = LOCKED_OUT
    default_code = "locked_out"


class BasicAuthentication(authentication.BasicAuthentication):
    """DRF's Basic; a username+address locked out by axes is told so (429), not signed in."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            # axes flags the request it was given (DRF's Request) once the limit is reached.
            if request is not None and getattr(request, "axes_locked_out", False):
                raise LockedOut() from None
            raise


class BasicScheme(drf_spectacular_authentication.BasicScheme):
    """The OpenAPI schema's `basicAuth`, for this subclass too."""

    target_class = "thidua.api.authentication.BasicAuthentication"
    priority = 0
