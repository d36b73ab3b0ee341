"""How the API knows who calls: a personal token (`Authorization: Bearer td_…`,
accounts.tokens), the browser's session, or HTTP Basic, the last two under the same sign-in
lockout as the login page (django-axes)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions, status

from thidua.accounts import tokens
from thidua.lib.security import client_address

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


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`: the token's owner, with the owner's scope and role.
    A request without that header is left to the session and Basic; a bad, revoked or expired
    token, or one whose owner is inactive or locked out, is refused with 401 (logged)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Tiêu đề Authorization phải có dạng «Bearer <khoá API>»."
            )
        try:
            token = header[1].decode()
        except UnicodeDecodeError:
            token = ""
        address, path = client_address(request), request.path
        try:
            user, row = tokens.authenticate(token, address=address, path=path)
        except tokens.TokenRefused as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None
        if AxesProxyHandler.is_locked(request._request, {"username": user.get_username()}):
            tokens.log.warning(
                "api token refused (owner locked out): token=%s ip=%s path=%s",
                row.prefix,
                address,
                path,
            )
            raise LockedOut()
        return user, row

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class TokenScheme(drf_spectacular_authentication.OpenApiAuthenticationExtension):
    """The OpenAPI schema's `tokenAuth`: a personal API token as a bearer token."""

    target_class = "thidua.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khoá API cá nhân (trang «Khoá API» trong trình đơn tài khoản).",
        }
