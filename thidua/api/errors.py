"""Every error of the API is JSON with a Vietnamese `detail`, including the ones DRF leaves
to Django's HTML pages: a database that stays busy, an unexpected failure, an unknown URL."""

from __future__ import annotations

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, JsonResponse
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


def exception_handler(exc: Exception, context: dict) -> Response | None:
    # DRF's own English words, in place (the view already chose 401 or 403 on `exc`).
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(NOT_SIGNED_IN, code=exc.default_code)
    elif isinstance(exc, exceptions.PermissionDenied) and exc.detail == DRF_DENIED:
        exc.detail = exceptions.ErrorDetail(DENIED, code=exc.default_code)
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


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/ address no endpoint answers: a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": NOT_FOUND}, status=404)
