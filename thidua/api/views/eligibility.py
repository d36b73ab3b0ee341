"""/api/eligibility/…: who qualifies for what in a year (thidua.eligibility.services, the
engine's verdicts with their conditions), and the year's suggestions as the suggestions page
shows them (thidua.eligibility.suggestions, cached under the record's stamp); and
/api/reports/summary/, the period summary of `thidua report summary` (the same JSON).
All read only, within the caller's scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import scope
from thidua.api.fields import VietnameseMessagesMixin
from thidua.api.record_serializers import RECIPIENT_KINDS
from thidua.api.schema import ErrorSerializer
from thidua.api.views.base import CODE_PATTERN, ApiViewMixin
from thidua.awards.catalogue import UnknownAwardType, catalogue_index
from thidua.eligibility import services, suggestions
from thidua.lib.validators import MAX_YEAR
from thidua.reports.summary import period_summary
from thidua.rules.engine import default_rulebook


def first_judged_year() -> int:
    """The first year a rule pack covers (the packs are judged at a year's end)."""
    return min(p.effective_from.year for p in default_rulebook().packs.values())


# ── Query parameters ─────────────────────────────────────────────────────────────────


class _YearField(serializers.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=first_judged_year(), max_value=MAX_YEAR, **kwargs)


class VerdictQuerySerializer(VietnameseMessagesMixin, serializers.Serializer):
    year = _YearField(help_text="Năm xét khen thưởng (theo gói quy tắc có hiệu lực cuối năm đó).")
    award = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Mã hoặc tên hình thức khen thưởng (mặc định: mọi hình thức).",
    )


class SuggestionQuerySerializer(VerdictQuerySerializer):
    unit = serializers.RegexField(
        rf"^{CODE_PATTERN}$",
        required=False,
        max_length=32,
        help_text="Mã đơn vị xét (mặc định: cả phạm vi của bạn).",
    )
    page = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Trang của danh sách một hình thức (có `award`), 100 dòng một trang.",
    )


# ── Responses ────────────────────────────────────────────────────────────────────────


class ConditionSerializer(serializers.Serializer):
    text = serializers.CharField()
    met = serializers.BooleanField()
    evidence = serializers.ListField(child=serializers.CharField())
    citation = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    missing = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    depth = serializers.IntegerField()
    manual = serializers.BooleanField()


class VerdictRecipientSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RECIPIENT_KINDS)
    code = serializers.CharField()
    name = serializers.CharField()


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    """One recipient judged for one award type (the JSON of `thidua eligibility --format json`)."""

    recipient = VerdictRecipientSerializer()
    award = CodeNameSerializer()
    eligible = serializers.BooleanField()
    pack = serializers.CharField()
    unverified = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    conditions = ConditionSerializer(many=True)


class VerdictsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    pack = serializers.CharField()
    recipient = VerdictRecipientSerializer()
    verdicts = VerdictSerializer(many=True)


class QuotaSerializer(serializers.Serializer):
    award_code = serializers.CharField()
    text = serializers.CharField()
    base = serializers.IntegerField()
    share = serializers.FloatField()
    limit = serializers.IntegerField()
    count = serializers.IntegerField()
    over = serializers.IntegerField()
    citation = serializers.CharField(allow_blank=True)
    status = serializers.CharField()


class MetConditionSerializer(serializers.Serializer):
    text = serializers.CharField()
    manual = serializers.BooleanField()
    evidence = serializers.ListField(child=serializers.CharField())
    citation = serializers.CharField(allow_blank=True)


class SuggestionRowSerializer(serializers.Serializer):
    recipient = VerdictRecipientSerializer()
    reasons = MetConditionSerializer(many=True)
    options = serializers.ListField(child=serializers.CharField())
    beyond_quota = serializers.BooleanField()


class SuggestionGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    rule = serializers.CharField(allow_blank=True)
    quotas = QuotaSerializer(many=True)
    rows = SuggestionRowSerializer(many=True)


class PageInfoSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    pages = serializers.IntegerField()


class SuggestionsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    pack = serializers.CharField()
    pack_title = serializers.CharField()
    award = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    groups = SuggestionGroupSerializer(many=True)
    page = PageInfoSerializer(allow_null=True)


def _query(serializer_class, request: Request) -> dict:
    found = serializer_class(data=request.query_params)
    found.is_valid(raise_exception=True)
    return found.validated_data


def _award(text: str | None):
    """The award type asked for, by code or name; one the catalogue does not know is 404."""
    if not text:
        return None
    try:
        return catalogue_index().resolve(text)
    except UnknownAwardType as exc:
        raise exceptions.NotFound(exc.messages[0]) from exc


def _asked(call):
    """An eligibility question: out of scope is 404, an unanswerable one 400."""
    try:
        return call()
    except services.OutOfScope as exc:
        raise exceptions.NotFound(exc.message) from exc
    except services.EligibilityError as exc:
        raise exceptions.ValidationError({"detail": [exc.message]}) from exc


def _verdicts(run, kind: str) -> dict:
    recipient = run.recipient
    name = recipient.full_name if kind == "individual" else recipient.name
    return {
        "year": run.year,
        "pack": run.pack.id,
        "recipient": {"kind": kind, "code": recipient.code, "name": name},
        "verdicts": [v.to_dict() for v in run.verdicts],
    }


def _suggestions(found: suggestions.Suggestions) -> dict:
    return {
        "year": found.year,
        "pack": found.pack_id,
        "pack_title": found.pack_title,
        "award": found.award_code,
        "total": found.total,
        "groups": [
            {
                "code": g.code,
                "name": g.name,
                "count": g.count,
                "rule": g.rule,
                "quotas": [
                    {
                        "award_code": q.award_code,
                        "text": q.text,
                        "base": q.base,
                        "share": q.share,
                        "limit": q.limit,
                        "count": q.count,
                        "over": q.over,
                        "citation": q.citation,
                        "status": q.status,
                    }
                    for q in g.quotas
                ],
                "rows": [
                    {
                        "recipient": {
                            "kind": r.recipient_kind,
                            "code": r.recipient_code,
                            "name": r.recipient_name,
                        },
                        "reasons": [
                            {
                                "text": x.text,
                                "manual": x.manual,
                                "evidence": list(x.evidence),
                                "citation": x.citation,
                            }
                            for x in r.reasons
                        ],
                        "options": list(r.options),
                        "beyond_quota": r.beyond,
                    }
                    for r in g.rows
                ],
            }
            for g in found.groups
        ],
        "page": (
            {"number": found.page.number, "pages": found.page.paginator.num_pages}
            if found.page is not None
            else None
        ),
    }


@extend_schema(
    tags=["eligibility"],
    description=_("Kết quả xét điều kiện khen thưởng của bộ máy quy tắc, trong phạm vi của bạn."),
)
class EligibilityViewSet(ApiViewMixin, viewsets.ViewSet):
    pagination_class = None  # the suggestions page their own way (`page`, 100 rows)
    lookup_value_regex = CODE_PATTERN
    lookup_url_kwarg = "code"

    @extend_schema(
        summary=_("Một cán bộ đủ, chưa đủ điều kiện những hình thức nào trong một năm"),
        parameters=[VerdictQuerySerializer],
        responses=VerdictsSerializer,
    )
    def person(self, request: Request, code: str) -> Response:
        return self._verdicts(request, code, "individual")

    @extend_schema(
        summary=_("Một đơn vị (tập thể) đủ, chưa đủ điều kiện những hình thức nào trong một năm"),
        parameters=[VerdictQuerySerializer],
        responses=VerdictsSerializer,
    )
    def unit(self, request: Request, code: str) -> Response:
        return self._verdicts(request, code, "collective")

    @staticmethod
    def _verdicts(request: Request, code: str, kind: str) -> Response:
        individual = kind == "individual"
        find = services.visible_person if individual else services.visible_unit
        _asked(lambda: find(request.user, code))  # 404 before any 400
        query = _query(VerdictQuerySerializer, request)
        subject = {"person_code": code} if individual else {"unit_code": code}
        run = _asked(
            lambda: services.eligibility_report(
                user=request.user, year=query["year"], award=_award(query.get("award")), **subject
            )
        )
        return Response(VerdictsSerializer(_verdicts(run, kind)).data)

    @extend_schema(
        summary=_("Đề xuất khen thưởng của một năm (như trang «Đề xuất khen thưởng»)"),
        parameters=[SuggestionQuerySerializer],
        responses=SuggestionsSerializer,
    )
    def suggestions(self, request: Request) -> Response:
        query = _query(SuggestionQuerySerializer, request)
        found = _asked(
            lambda: suggestions.proposals(
                user=request.user,
                year=query["year"],
                award=_award(query.get("award")),
                within=query.get("unit"),
                page=query.get("page"),
            )
        )
        return Response(SuggestionsSerializer(_suggestions(found)).data)


# ── The period summary ───────────────────────────────────────────────────────────────


class SummaryQuerySerializer(VietnameseMessagesMixin, serializers.Serializer):
    year_from = serializers.IntegerField(min_value=1945, max_value=MAX_YEAR, help_text="Từ năm.")
    year_to = serializers.IntegerField(min_value=1945, max_value=MAX_YEAR, help_text="Đến năm.")
    unit = serializers.RegexField(
        rf"^{CODE_PATTERN}$",
        required=False,
        max_length=32,
        help_text="Mã đơn vị (mặc định: cả phạm vi của bạn).",
    )

    def validate(self, data: dict) -> dict:
        if data["year_from"] > data["year_to"]:
            raise serializers.ValidationError({"year_to": ["Đến năm phải từ «Từ năm» trở đi."]})
        return data


class CountsSerializer(serializers.Serializer):
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    collective_times = serializers.IntegerField()
    individual_times = serializers.IntegerField()


class SummaryAwardLineSerializer(CountsSerializer):
    award = CodeNameSerializer()


class SummaryYearSerializer(CountsSerializer):
    year = serializers.IntegerField()


class TitleRunSerializer(serializers.Serializer):
    unit = CodeNameSerializer()
    award = CodeNameSerializer()
    years = serializers.ListField(child=serializers.IntegerField())
    longest_run = serializers.IntegerField()
    longest_from = serializers.IntegerField()
    longest_to = serializers.IntegerField()
    text = serializers.CharField()


class ConferenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ExemplarSerializer(serializers.Serializer):
    conference = ConferenceRefSerializer()
    kind = serializers.ChoiceField(choices=RECIPIENT_KINDS)
    code = serializers.CharField()
    name = serializers.CharField()


class SummarySerializer(serializers.Serializer):
    """The JSON of `thidua report summary` (reports.summary.Summary.as_json)."""

    from_year = serializers.IntegerField()
    to = serializers.IntegerField()
    unit = CodeNameSerializer(allow_null=True)
    by_award = SummaryAwardLineSerializer(many=True)
    totals = CountsSerializer()
    by_year = SummaryYearSerializer(many=True)
    collective_titles = TitleRunSerializer(many=True)
    exemplars = ExemplarSerializer(many=True)
    text = serializers.ListField(child=serializers.CharField())

    def get_fields(self):
        # "from" is a Python keyword: declared as from_year, named "from" in the JSON.
        fields = super().get_fields()
        fields["from"] = fields.pop("from_year")
        return {"from": fields.pop("from"), **fields}


@extend_schema(tags=["reports"], description=_("Báo cáo tổng hợp khen thưởng theo giai đoạn."))
class SummaryViewSet(ApiViewMixin, viewsets.ViewSet):
    pagination_class = None

    @extend_schema(
        summary=_("Tổng hợp khen thưởng một giai đoạn (như `thidua report summary`)"),
        parameters=[SummaryQuerySerializer],
        responses={200: SummarySerializer, 403: ErrorSerializer},
    )
    def summary(self, request: Request) -> Response:
        query = _query(SummaryQuerySerializer, request)
        try:
            report = period_summary(
                user=request.user,
                year_from=query["year_from"],
                year_to=query["year_to"],
                unit_code=query.get("unit"),
            )
        except LookupError as exc:
            unit = query.get("unit")
            raise exceptions.NotFound(
                f"Không có đơn vị mã «{unit}» trong phạm vi của bạn."
            ) from exc
        except scope.NoUnitAssigned as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(report.as_json())
