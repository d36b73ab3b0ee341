"""Every error of the API is JSON with a Vietnamese `detail`, including the ones DRF leaves
to Django's HTML pages: a database that stays busy, an unexpected failure, an unknown URL."""

from __future__ import annotations

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

log = logging.getLogger(__name__)
BUSY = (
    "Hệ thống đang bận ghi dữ liệu khác; không có thay đổi nào được lưu. Hãy thử lại sau ít giây."
)
FAILED = "Lỗi hệ thống; không có thay đổi nào được lưu. Hãy báo quản trị hệ thống."
NOT_FOUND = "Không có địa chỉ API này. Danh sách địa chỉ: /api/docs/."
RETRY_AFTER_SECONDS = "5"
NOT_SIGNED_IN = (
    "Bạn cần đăng nhập: khoá API (Authorization: Bearer …), phiên đăng nhập hoặc HTTP Basic."
)
DENIED = "Bạn không có quyền thực hiện thao tác này."
DRF_DENIED = exceptions.PermissionDenied.default_detail
NOT_JSON = "Dữ liệu gửi lên phải là JSON (Content-Type: application/json)."
BAD_JSON = "Dữ liệu gửi lên không phải JSON hợp lệ."
NOT_ACCEPTABLE = "API chỉ trả lời bằng JSON (Accept: application/json)."


# Codes of the errors that name a record the caller cannot see (an unknown code, or one
# outside the scope: the same answer), as the filters and the code fields raise them.
NOT_FOUND_CODES = frozenset({"does_not_exist", "not_in_scope"})


def _leaves(detail) -> list:
    if isinstance(detail, dict):
        return [leaf for value in detail.values() for leaf in _leaves(value)]
    if isinstance(detail, list):
        return [leaf for value in detail for leaf in _leaves(value)]
    return [detail]


def only_missing_references(exc: exceptions.ValidationError) -> bool:
    """A request refused only because it names records that do not exist for the caller:
    404 like a path to such a record, not 400 (the values had the right form)."""
    leaves = _leaves(exc.detail)
    return bool(leaves) and all(getattr(leaf, "code", None) in NOT_FOUND_CODES for leaf in leaves)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    # DRF's own English words, in place (the view already chose 401 or 403 on `exc`).
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(NOT_SIGNED_IN, code=exc.default_code)
    elif isinstance(exc, exceptions.PermissionDenied) and exc.detail == DRF_DENIED:
        exc.detail = exceptions.ErrorDetail(DENIED, code=exc.default_code)
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc.detail = exceptions.ErrorDetail(NOT_JSON, code=exc.default_code)
    elif isinstance(exc, exceptions.ParseError):
        exc.detail = exceptions.ErrorDetail(BAD_JSON, code=exc.default_code)
    elif isinstance(exc, exceptions.NotAcceptable):
        exc.detail = exceptions.ErrorDetail(NOT_ACCEPTABLE, code=exc.default_code)
    if isinstance(exc, exceptions.ValidationError) and only_missing_references(exc):
        # {"detail": the sentences, field: [its sentences]}: a 404 that still says where.
        detail = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        body = {"detail": " ".join(str(leaf) for leaf in _leaves(detail)), **detail}
        return Response(body, status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    request = context.get("request")
    where = f"{request.method} {request.path}" if request is not None else "?"
    if isinstance(exc, OperationalError):
        # SQLite's write lock held past the busy timeout, or a lost connection: retryable.
        log.warning("API %s: database busy: %s", where, exc)
        return Response(
            {"detail": BUSY},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    if isinstance(exc, DatabaseError):
        log.exception("API %s: database error", where)
    else:
        log.exception("API %s: unexpected error", where)
    return Response({"detail": FAILED}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


@csrf_exempt  # a POST to an unknown address is a 404 too, never the CSRF page
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/ address no endpoint answers: a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": NOT_FOUND}, status=404)
