"""The OpenAPI schema says every status an operation can answer, not only its success.

drf-spectacular documents the 200/201 of each operation; the errors every endpoint shares
(thidua.api.errors, DRF's own) are added here from what the operation is, so that a new
endpoint is documented by construction:

- 401 (no or bad credentials: a revoked or expired token) and 429 (an account locked out
  after repeated failed sign-ins), for every operation;
- 400 (the request's values refused, by field) for every write and every read that takes
  query parameters (filters, a page size, a year);
- 403 (the role or scope does not allow it), 415 (a body that is not JSON) and 503 (the
  database stayed busy; nothing was written, retry) for every write;
- 404 for every operation with a path parameter (out of scope answers as not found), every
  write (its body may name a unit, person or award type the caller cannot see) and every
  read with query parameters (a filter naming one; a page past the end);
- 409 (the record changed since it was read) for the writes that take a `version`: on one
  record (an update, a correction, a revocation), or an upsert whose view says so
  (`version_checked_on_create`, the yearly results).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

# Dates of the register's era, 1900-01-01 … 2100-12-31 (lib.validators.validate_date, which
# every date field of the API applies): what a JSON Schema can say of a range of dates.
ERA_DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
CODE_PATTERN = r"^[A-Za-z0-9_.\-]+$"  # org.models.code_validator
AWARD_TYPE_PATTERN = r"^[a-z0-9_\-]+$"  # a catalogue code (a slug)

SAFE = {"GET", "HEAD", "OPTIONS"}
DESCRIPTIONS = {
    400: "Dữ liệu gửi lên không hợp lệ: từng trường và lý do (tiếng Việt).",
    401: "Chưa đăng nhập, hoặc khoá API không hợp lệ, đã thu hồi hoặc hết hạn.",
    403: "Vai trò hoặc phạm vi của tài khoản không cho phép thao tác này.",
    404: "Không có, hoặc nằm ngoài phạm vi của bạn (hai trường hợp trả lời như nhau).",
    415: "Dữ liệu gửi lên không phải JSON.",
    409: "Bản ghi đã bị người khác sửa từ khi bạn đọc (`version`); tải lại rồi sửa lại.",
    429: "Tài khoản tạm khoá vì đăng nhập sai quá nhiều lần.",
    503: "Cơ sở dữ liệu đang bận; không có thay đổi nào được lưu. Thử lại sau (Retry-After).",
}


class ErrorSerializer(serializers.Serializer):
    """Every error but a refused value: one Vietnamese sentence."""

    detail = serializers.CharField()


def _validation_error_schema() -> dict:
    return {
        "type": "object",
        "description": (
            "Tên trường → các lý do bị từ chối (tiếng Việt); `non_field_errors` hoặc `detail` "
            "cho cả yêu cầu; danh sách, đối tượng lồng nhau lặp lại dạng này."
        ),
        "additionalProperties": {},
    }


def _not_found_schema() -> dict:
    return {
        "type": "object",
        "description": (
            "`detail`: lý do; khi yêu cầu nêu mã không có trong phạm vi (bộ lọc, trường dữ "
            "liệu), kèm tên trường → lý do."
        ),
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "additionalProperties": {},
    }


# A text the API keeps: no NUL character (DRF refuses them), and, when it may not be blank,
# something besides spaces (DRF strips them first). A blank one is documented by
# drf-spectacular as a second alternative (maxLength 0), so the first needs a character.
TEXT_PATTERN = r"^[^\x00]+$"
NON_BLANK_PATTERN = r"^[^\x00]*[^\x00\s][^\x00]*$"


class ApiSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only or not isinstance(schema, dict):
            return schema
        has_regex = isinstance(field, serializers.RegexField) or any(
            isinstance(v, RegexValidator) for v in field.validators
        )
        if isinstance(field, serializers.CharField) and not has_regex and "pattern" not in schema:
            blank = field.allow_blank or not field.trim_whitespace
            schema["pattern"] = TEXT_PATTERN if blank else NON_BLANK_PATTERN
        empty_ok = getattr(field, "allow_empty", True)
        if schema.get("type") == "array" and not empty_ok:
            schema.setdefault("minItems", 1)
        return schema

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        self._describe_filters(operation)
        responses = operation.setdefault("responses", {})
        for code in sorted(self.error_codes(operation)):
            if str(code) in responses:
                continue
            if code in (400, 404):
                schema = _validation_error_schema() if code == 400 else _not_found_schema()
                responses[str(code)] = {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": schema}},
                }
            else:
                response = self._get_response_for_code(ErrorSerializer, str(code))
                response["description"] = DESCRIPTIONS[code]
                responses[str(code)] = response
        return operation

    def _describe_filters(self, operation: dict) -> None:
        """A filter whose type is declared (extend_schema_field) keeps its help text."""
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in operation.get("parameters", []):
            found = filters.get(parameter["name"]) if parameter.get("in") == "query" else None
            if found is not None and not parameter.get("description"):
                text = found.extra.get("help_text") or found.label
                if text:
                    parameter["description"] = str(text)

    def error_codes(self, operation: dict) -> set[int]:
        params = operation.get("parameters", [])
        codes = {401, 429}
        writes = self.method not in SAFE
        in_path = any(p.get("in") == "path" for p in params)
        if writes:
            codes |= {400, 403, 415, 503}
        elif any(p.get("in") == "query" for p in params):
            codes.add(400)
        if in_path or writes or any(p.get("in") == "query" for p in params):
            codes.add(404)
        upsert = getattr(self.view, "version_checked_on_create", False)
        if writes and (in_path or upsert) and self._takes_version():
            codes.add(409)
        return codes

    def _takes_version(self) -> bool:
        serializer = self.get_request_serializer()
        if isinstance(serializer, type):
            serializer = serializer()
        field = getattr(serializer, "fields", {}).get("version")
        return field is not None and not field.read_only


class EraDateExtension(OpenApiSerializerFieldExtension):
    """Every date of the API, in the schema: ISO 8601 within the register's era."""

    target_class = "rest_framework.fields.DateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "format": "date", "pattern": ERA_DATE_PATTERN}


class _CodeExtension(OpenApiSerializerFieldExtension):
    match_subclasses = True
    pattern = CODE_PATTERN
    max_length = 32

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": self.pattern, "maxLength": self.max_length}


class UnitCodeExtension(_CodeExtension):
    target_class = "thidua.api.fields.UnitCodeField"


class PersonCodeExtension(_CodeExtension):
    target_class = "thidua.api.record_serializers.PersonCodeField"


class AwardTypeCodeExtension(_CodeExtension):
    target_class = "thidua.api.record_serializers.AwardTypeCodeField"
    pattern = AWARD_TYPE_PATTERN
    max_length = 64
