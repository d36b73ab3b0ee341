"""Serializer building blocks: Vietnamese error messages and unit references by code.

DRF's Vietnamese catalogue is incomplete ("This field may not be null." stays English), so
every serializer of the API replaces the messages of its fields with the ones below.
"""

from __future__ import annotations

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.db.models import Model
from rest_framework import serializers

from thidua.accounts.scope import visible_units
from thidua.org.models import Unit

MESSAGES = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống.",
    "blank": "Trường này không được để trống.",
    "invalid_choice": "«{input}» không phải là giá trị hợp lệ.",
    "max_length": "Không được dài quá {max_length} ký tự.",
    "min_length": "Phải có ít nhất {min_length} ký tự.",
    "max_value": "Không được lớn hơn {max_value}.",
    "min_value": "Không được nhỏ hơn {min_value}.",
    "not_a_list": "Phải là một danh sách, không phải {input_type}.",
    "empty": "Danh sách không được rỗng.",
    "max_string_length": "Giá trị quá dài.",
}
# "invalid" means something different for each field type.
INVALID_BY_TYPE: list[tuple[type, str]] = [
    (serializers.BooleanField, "Phải là true hoặc false."),
    (serializers.IntegerField, "Phải là một số nguyên."),
    (serializers.DateField, "Ngày không hợp lệ, hãy viết theo dạng YYYY-MM-DD."),
    (serializers.CharField, "Phải là một chuỗi ký tự."),
    (serializers.Serializer, "Dữ liệu không hợp lệ: cần một đối tượng JSON, nhận được {datatype}."),
]


def localize(field: serializers.Field) -> serializers.Field:
    """Give a field (and, for lists, its child) Vietnamese error messages."""
    field.error_messages.update({k: v for k, v in MESSAGES.items() if k in field.error_messages})
    for kind, message in INVALID_BY_TYPE:
        if isinstance(field, kind) and "invalid" in field.error_messages:
            field.error_messages["invalid"] = message
            break
    # Length and range messages are formatted into validators at __init__ time: rebuild them.
    field.validators = [_localized_validator(v) for v in field.validators]
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field) and not isinstance(child, serializers.Serializer):
        localize(child)
    return field


_LIMIT_VALIDATORS = {
    MaxLengthValidator: "max_length",
    MinLengthValidator: "min_length",
    MaxValueValidator: "max_value",
    MinValueValidator: "min_value",
}


def _localized_validator(validator):
    """A fresh validator with the Vietnamese message (never mutate: models share theirs)."""
    key = _LIMIT_VALIDATORS.get(type(validator))
    if key is None:
        return validator
    n = validator.limit_value
    return type(validator)(n, message=MESSAGES[key].format(**{key: n}))


class VietnameseMessagesMixin:
    """Mix into a Serializer: its own and its fields' messages become Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize(self)

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            localize(field)
        return fields


class UnitCodeField(serializers.SlugRelatedField):
    """A unit given by its code, looked up only among the units the user may see.

    A code outside the user's scope gets the same answer as a code that does not exist,
    so the API does not reveal what lies outside the scope. The value the object already
    holds is always accepted, so a clerk can send back what they read (e.g. their own
    unit's parent) without being refused.
    """

    default_error_messages = {
        "does_not_exist": "Không có đơn vị mã «{value}» trong phạm vi của bạn.",
        "invalid": "Mã đơn vị không hợp lệ.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return visible_units(request.user) if request is not None else Unit.objects.none()

    def to_internal_value(self, data):
        current = self._current_value()
        if current is not None and isinstance(data, str) and data == current.code:
            return current
        return super().to_internal_value(data)

    def _current_value(self) -> Unit | None:
        instance = getattr(self.parent, "instance", None)
        if not isinstance(instance, Model) or not self.source:
            return None
        return getattr(instance, self.source, None)
