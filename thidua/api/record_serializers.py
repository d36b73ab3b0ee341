"""JSON shapes of the record of commendations: the catalogue, decisions, awards, yearly
results, initiatives and discipline. People and units are given by code, award types by
their catalogue code. Writes go through thidua.awards.services (api.serializers.call_service:
a stale `version` is 409, a refused value 400 with the service's Vietnamese message)."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.accounts.scope import visible_people
from thidua.api.fields import UnitCodeField, VietnameseMessagesMixin
from thidua.awards.checks import MAX_DISCIPLINE_MONTHS
from thidua.awards.choices import Appraisal, DisciplineForm, InitiativeScope
from thidua.awards.models import Award, AwardType, Decision, Discipline, Initiative, YearlyResult
from thidua.lib.cellvalues import MIN_YEAR
from thidua.lib.validators import MAX_YEAR, TEXT_MAX_LENGTH, validate_date
from thidua.org.models import Person

YEAR = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}
RECIPIENT_KINDS = ["individual", "collective"]  # a person; a unit as a collective
REASON_HELP = "Lý do (bắt buộc), ghi vào nhật ký thay đổi."


class PersonCodeField(VietnameseMessagesMixin, serializers.SlugRelatedField):
    """A person given by code (số hiệu), looked up only among the people the user may see:
    a code outside the scope gets the answer an unknown code gets."""

    default_error_messages = {
        "does_not_exist": "Không có cán bộ số hiệu «{value}» trong phạm vi của bạn.",
        "invalid": "Số hiệu cán bộ không hợp lệ.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Person.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Person.objects.none()
        return visible_people(request.user).select_related("unit")


class AwardTypeCodeField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": "Không có hình thức khen thưởng mã «{value}» trong danh mục.",
        "invalid": "Mã hình thức khen thưởng không hợp lệ.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", AwardType.objects.all())
        super().__init__(slug_field="code", **kwargs)


class AwardTypeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recipient_label = serializers.CharField(source="get_recipient_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AwardType
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "recipient",
            "recipient_label",
            "level",
            "level_label",
            "authority",
            "award_class",
            "rank",
            "chain",
            "frequency",
            "legal_basis",
            "status",
            "active",
        ]
        read_only_fields = fields


class AwardTypeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RecipientRefSerializer(serializers.Serializer):
    """A person (kind individual) or a unit (kind collective), by code and name."""

    kind = serializers.ChoiceField(choices=RECIPIENT_KINDS)
    code = serializers.CharField()
    name = serializers.CharField()


def recipient_ref(award) -> dict:
    if award.person_id:
        return {"kind": "individual", "code": award.person.code, "name": award.person.full_name}
    return {"kind": "collective", "code": award.unit.code, "name": award.unit.name}


class AwardSerializer(serializers.ModelSerializer):
    """One recipient's award (khen thưởng) from a decision."""

    award_type = AwardTypeRefSerializer(read_only=True)
    recipient = serializers.SerializerMethodField()
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    decision_number = serializers.CharField(source="decision.number", read_only=True)
    decision_date = serializers.DateField(source="decision.date", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "decision",
            "decision_number",
            "decision_date",
            "award_type",
            "recipient",
            "year_from",
            "year_to",
            "achievement",
            "status",
            "status_label",
            "revoke_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(RecipientRefSerializer)
    def get_recipient(self, award: Award) -> dict:
        return recipient_ref(award)


class DecisionSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    """A decision as listed and created; `award_type` is a catalogue code."""

    award_type = AwardTypeCodeField(required=False, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    version = serializers.IntegerField(read_only=True)
    number = serializers.CharField(max_length=64, allow_blank=False)
    authority = serializers.CharField(max_length=255, required=False, allow_blank=True)
    signer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "number",
            "date",
            "authority",
            "signer",
            "award_type",
            "note",
            "status",
            "status_label",
            "status_reason",
            "version",
        ]
        read_only_fields = ["status", "status_reason"]
        validators: list = []  # (number, date) is checked by the service, in Vietnamese


class DecisionDetailSerializer(DecisionSerializer):
    """A decision with the awards of it the user may see (a clerk: those of its scope)."""

    awards = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = DecisionSerializer.Meta.fields + ["awards"]

    @extend_schema_field(AwardSerializer(many=True))
    def get_awards(self, decision: Decision) -> list[dict]:
        return AwardSerializer(self.context["awards"], many=True).data


class AwardRevokeSerializer(VietnameseMessagesMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text=REASON_HELP)


class ReasonSerializer(AwardRevokeSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Phiên bản của quyết định khi đọc (409 nếu quyết định đã đổi từ đó).",
    )


class DecisionCorrectSerializer(ReasonSerializer):
    """Đính chính: the fields sent are changed, the others kept; the old values stay in the
    decision's history."""

    number = serializers.CharField(max_length=64, required=False)
    date = serializers.DateField(required=False, validators=[validate_date])
    authority = serializers.CharField(max_length=255, required=False, allow_blank=True)
    signer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    award_type = AwardTypeCodeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)


class AwardAddSerializer(VietnameseMessagesMixin, serializers.Serializer):
    """One recipient added to a decision: exactly one of `person` and `unit` (codes of the
    user's scope); `award_type` defaults to the decision's, `year_to` to `year_from`."""

    person = PersonCodeField(required=False, allow_null=True)
    unit = UnitCodeField(required=False, allow_null=True)
    award_type = AwardTypeCodeField(required=False, allow_null=True)
    year_from = serializers.IntegerField(**YEAR)
    year_to = serializers.IntegerField(required=False, allow_null=True, **YEAR)
    achievement = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )

    def validate(self, data: dict) -> dict:
        if (data.get("person") is None) == (data.get("unit") is None):
            raise serializers.ValidationError(
                "Phải có đúng một đối tượng: một cá nhân (person) hoặc một tập thể (unit)."
            )
        return data


class YearlyResultSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    """A person's or unit's appraisal of a year, and the year's title if any. Saving the year
    of a recipient that has one corrects it (send `version` to be warned of a change)."""

    person = PersonCodeField(required=False, allow_null=True)
    unit = UnitCodeField(required=False, allow_null=True)
    title = AwardTypeCodeField(required=False, allow_null=True)
    appraisal = serializers.ChoiceField(choices=Appraisal.choices, required=False, allow_blank=True)
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Phiên bản khi đọc (409 nếu đã đổi từ đó)."
    )

    def get_fields(self):
        # A result is recorded for a year that has begun (lib.validators.recorded_year_problem).
        fields = super().get_fields()
        fields["year"] = serializers.IntegerField(
            min_value=MIN_YEAR, max_value=dt.date.today().year
        )
        return fields

    class Meta:
        model = YearlyResult
        fields = ["id", "person", "unit", "year", "appraisal", "title", "note", "version"]
        validators: list = []

    def validate(self, data: dict) -> dict:
        if (data.get("person") is None) == (data.get("unit") is None):
            raise serializers.ValidationError(
                "Phải có đúng một đối tượng: một cá nhân (person) hoặc một tập thể (unit)."
            )
        return data


class InitiativeSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    """An initiative and its authors (codes of the user's scope, on creation only)."""

    authors = PersonCodeField(many=True, source="author_list", allow_empty=False)
    scope = serializers.ChoiceField(choices=InitiativeScope.choices)
    year = serializers.IntegerField(**YEAR)
    title = serializers.CharField(max_length=500)
    decision_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Phiên bản khi đọc (409 nếu đã đổi từ đó)."
    )

    class Meta:
        model = Initiative
        fields = ["id", "title", "year", "scope", "decision_number", "authors", "version"]
        validators: list = []

    def to_representation(self, instance: Initiative) -> dict:
        instance.author_list = [a.person for a in instance.authorships.all()]
        return super().to_representation(instance)

    def validate_authors(self, authors: list[Person]) -> list[Person]:
        if not authors:
            raise serializers.ValidationError("Sáng kiến phải có ít nhất một tác giả.")
        return authors


class InitiativeUpdateSerializer(InitiativeSerializer):
    """A correction of the initiative's own fields; its authors stay."""

    class Meta(InitiativeSerializer.Meta):
        read_only_fields = ["authors"]

    def get_fields(self):
        fields = super().get_fields()
        fields["authors"].read_only = True
        return fields


class DisciplineSerializer(VietnameseMessagesMixin, serializers.ModelSerializer):
    person = PersonCodeField()
    form = serializers.ChoiceField(choices=DisciplineForm.choices)
    form_label = serializers.CharField(source="get_form_display", read_only=True)
    decision_number = serializers.CharField(max_length=64)
    duration_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_DISCIPLINE_MONTHS
    )
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Phiên bản khi đọc (409 nếu đã đổi từ đó)."
    )

    class Meta:
        model = Discipline
        fields = [
            "id",
            "person",
            "form",
            "form_label",
            "decision_number",
            "decision_date",
            "duration_months",
            "end_date",
            "note",
            "version",
        ]
        read_only_fields = ["end_date"]
        validators: list = []


class DisciplineUpdateSerializer(DisciplineSerializer):
    """A correction of a measure; the person stays."""

    def get_fields(self):
        fields = super().get_fields()
        fields["person"].read_only = True
        return fields
