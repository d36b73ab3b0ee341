"""JSON shapes of the API. Field names are the models' English names; units are given by code.

Serializers only check the shape of the input. Writes go through thidua.org.services, whose
model validation errors come back as 400 responses with the models' Vietnamese messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.serializers import as_serializer_error

from thidua.accounts import scope
from thidua.accounts.scope import split_duplicates
from thidua.api.fields import UnitCodeField, VietnameseMessagesMixin
from thidua.lib.privacy import mask_citizen_id
from thidua.lib.validators import validate_date
from thidua.lib.versioning import StaleVersion, expect_version
from thidua.org import services
from thidua.org.choices import ClusterRole
from thidua.org.models import Assignment, Cluster, Person, ServiceInterruption, Unit
from thidua.org.selectors import likely_duplicates


class StaleEdit(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def call_service(fn: Callable[..., Any], **kwargs) -> Any:
    """Run a service; a stale `version` becomes a 409, other validation errors a 400."""
    try:
        return fn(**kwargs)
    except StaleVersion as exc:
        raise StaleEdit(exc.messages[0]) from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError(as_serializer_error(exc)) from exc


class VersionedSerializerMixin(serializers.Serializer):
    """`version` as read; sent back on an update, the update is refused with 409 when the
    record changed since (lib.versioning). Left out, the update is not checked."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Phiên bản của bản ghi khi đọc; gửi lại khi sửa để không ghi đè thay đổi "
        "của người khác (409 nếu bản ghi đã đổi).",
    )

    def expect_posted_version(self, instance, validated_data: dict) -> None:
        expect_version(instance, validated_data.pop("version", None))


class UnitSerializer(
    VietnameseMessagesMixin, VersionedSerializerMixin, serializers.ModelSerializer
):
    parent = UnitCodeField(required=False, allow_null=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "kind_label",
            "parent",
            "active_from",
            "active_to",
            "note",
            "path",
            "depth",
            "is_active",
            "version",
        ]
        read_only_fields = ["path", "depth"]

    def create(self, validated_data: dict) -> Unit:
        validated_data.pop("version", None)
        return call_service(services.unit_save, unit=Unit(**validated_data))

    def update(self, instance: Unit, validated_data: dict) -> Unit:
        self.expect_posted_version(instance, validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return call_service(services.unit_save, unit=instance)


class PersonSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    """A person in lists; `unit` is the code of the current unit."""

    unit = UnitCodeField(required=False, allow_null=True)
    unit_name = serializers.CharField(
        source="unit.name", read_only=True, default=None, allow_null=True
    )
    gender_label = serializers.CharField(source="get_gender_display", read_only=True)

    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "gender",
            "gender_label",
            "birth_date",
            "service_start",
            "service_end",
            "rank",
            "position",
            "citizen_id",
            "unit",
            "unit_name",
            "unverified",
        ]
        extra_kwargs = {
            "citizen_id": {
                "help_text": "Số CCCD (12 chữ số). Tài khoản hội đồng và chỉ xem nhận số đã che, "
                "ví dụ 0010******45."
            }
        }

    def to_representation(self, instance: Person) -> dict:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not scope.sees_citizen_id(getattr(request, "user", None)):
            data["citizen_id"] = mask_citizen_id(data.get("citizen_id"))
        return data


class ServiceInterruptionSerializer(serializers.ModelSerializer):
    """A period not counted as service (thời gian gián đoạn công tác); both days inclusive."""

    class Meta:
        model = ServiceInterruption
        fields = ["id", "start", "end", "reason", "note"]
        read_only_fields = fields


class PersonDetailSerializer(VersionedSerializerMixin, PersonSerializer):
    """One person, as read, created or updated: adds the duplicate flag and, read only, the
    service interruptions (recorded on the person's web page).

    `assignment_start` (write only) dates the assignment opened when the unit is set or
    changed; by default the service start on creation, today on a move.
    """

    assignment_start = serializers.DateField(
        write_only=True, required=False, validators=[validate_date]
    )
    likely_duplicates = serializers.SerializerMethodField()
    likely_duplicates_outside_scope = serializers.SerializerMethodField()
    service_interruptions = ServiceInterruptionSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = PersonSerializer.Meta.fields + [
            "version",
            "assignment_start",
            "likely_duplicates",
            "likely_duplicates_outside_scope",
            "service_interruptions",
        ]

    @extend_schema_field(PersonSerializer(many=True))
    def get_likely_duplicates(self, person: Person) -> list[dict]:
        found = self._duplicates(person)["visible"]
        return PersonSerializer(found, many=True, context=self.context).data

    def get_likely_duplicates_outside_scope(self, person: Person) -> int:
        """How many other records outside the user's scope may be the same human (no details)."""
        return self._duplicates(person)["hidden"]

    def _duplicates(self, person: Person) -> dict:
        cache = self.context.setdefault("_duplicates", {})
        if person.pk not in cache:
            visible, hidden = split_duplicates(
                self.context["request"].user, person, list(likely_duplicates(person))
            )
            cache[person.pk] = {"visible": visible, "hidden": hidden}
        return cache[person.pk]

    def create(self, validated_data: dict) -> Person:
        validated_data.pop("version", None)
        start = validated_data.pop("assignment_start", None)
        unit = validated_data.pop("unit", None)
        return call_service(
            services.person_save,
            person=Person(**validated_data),
            unit=unit,
            start=start,
            actor=self.context["request"].user,
        )

    @transaction.atomic  # two service calls: a failed detach must not keep the saved edit
    def update(self, instance: Person, validated_data: dict) -> Person:
        self.expect_posted_version(instance, validated_data)
        start = validated_data.pop("assignment_start", None)
        unit = validated_data.pop("unit", instance.unit)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        person = call_service(
            services.person_save,
            person=instance,
            unit=unit,
            start=start,
            actor=self.context["request"].user,
        )
        if unit is None and person.unit_id is not None:
            # person_save never detaches; leaving every unit is a move to no unit.
            call_service(services.person_move, person=person, unit=None, start=start)
        return person


class AssignmentSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    unit = UnitCodeField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "unit", "unit_name", "start", "end", "position"]

    def create(self, validated_data: dict) -> Assignment:
        assignment = Assignment(person=self.context["person"], **validated_data)
        return call_service(services.assignment_save, assignment=assignment)


class MembershipSerializer(VietnameseMessagesMixin, serializers.Serializer):
    unit = UnitCodeField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role = serializers.ChoiceField(choices=ClusterRole.choices, default=ClusterRole.MEMBER)
    role_label = serializers.CharField(source="get_role_display", read_only=True)


class ClusterSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    members = MembershipSerializer(source="memberships", many=True, required=False)

    class Meta:
        model = Cluster
        fields = ["id", "name", "year", "note", "members"]
        extra_kwargs = {"year": {"min_value": 1990, "max_value": 2100}}
        # (name, year) uniqueness is checked by the service's full_clean, in Vietnamese.
        validators: list = []

    def validate_members(self, members: list[dict]) -> list[dict]:
        seen: set[str] = set()
        for member in members:
            code = member["unit"].code
            if code in seen:
                raise serializers.ValidationError(
                    f"Đơn vị «{code}» bị lặp trong danh sách thành viên."
                )
            seen.add(code)
        return members

    def create(self, validated_data: dict) -> Cluster:
        members = [(m["unit"], m["role"]) for m in validated_data.pop("memberships", [])]
        return call_service(
            services.cluster_save, cluster=Cluster(**validated_data), members=members
        )


class DuplicateGroupSerializer(serializers.Serializer):
    """Records sharing a name (compared without diacritics) and a date of birth."""

    name_key = serializers.CharField(help_text="Họ tên đã bỏ dấu, chữ thường.")
    birth_date = serializers.DateField()
    count = serializers.IntegerField()
    people = PersonSerializer(many=True)


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.CharField(help_text="Giá trị cũ, đã định dạng để đọc («—» nếu trống).")
    after = serializers.CharField(help_text="Giá trị mới, đã định dạng để đọc.")


class HistoryEntrySerializer(serializers.Serializer):
    """One audit entry of a person, of one of their assignments or of one of their service
    interruptions (read only)."""

    model = serializers.ChoiceField(choices=["person", "assignment", "service_interruption"])
    object_id = serializers.IntegerField()
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    action = serializers.ChoiceField(choices=["create", "update", "delete"])
    reason = serializers.CharField(allow_null=True)
    changes = ChangeSerializer(many=True)
