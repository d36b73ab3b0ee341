"""Every URL the site answers, walked with the shared cast: anonymous visitors are sent to the
login page (the API answers 401), a clerk of another subtree gets 404 on objects outside its
scope, and viewers and council members are refused every POST (403 where the POST would
change data, 405 where the page only reads; a viewer gets 404 on the council's objects,
which only the office and the council members see).

ROUTES must name every route of the resolver: a page added later without an entry here fails
test_every_route_is_walked, so its permissions are checked by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.accounts import tokens
from thidua.awards.models import AwardType
from thidua.awards.services import (
    Recipient,
    decision_create,
    discipline_create,
    initiative_create,
    yearly_result_save,
)
from thidua.imports.uploads import save_upload
from thidua.movements import movement_services
from thidua.movements.models import (
    Criterion,
    Movement,
    MovementParticipant,
    Registration,
    ScoringTable,
    Standing,
)
from thidua.nominations import attachments as nomination_attachments
from thidua.nominations import services as nominations
from thidua.nominations.models import Deadline
from thidua.org.models import (
    Assignment,
    Cluster,
    ClusterMembership,
    LineageEdge,
    Reorganisation,
    ServiceInterruption,
)
from thidua.reports.models import Conference, Exemplar

# Not walked, with the reason: the admin checks its own permissions (administrators only,
# thidua/org/tests/test_views_admin.py); the rest are public on purpose.
EXEMPT_PREFIXES = {"admin:": "Django admin: administrators only, tested in test_views_admin"}
PUBLIC = {
    "healthz": "health check for the proxy and monitoring",
    "login": "the login page itself",
    "logout": "logging out (POST only)",
    "set_language": "switching the interface language",
    "api:not_found": "a JSON 404 for unknown API addresses, revealing nothing",
}


@dataclass(frozen=True)
class Route:
    """How to call a route and what it does. `args` builds reverse()'s kwargs from the
    world; `scoped`: its object lies in CAH-B's subtree (clerk_a must get 404)."""

    args: Callable[[SimpleNamespace], dict] = lambda w: {}
    get: bool = True  # GET serves it (False: POST only)
    post: bool = False  # it takes a POST
    writes: bool = False  # its POST changes data
    read_post: str = ""  # why its POST, open to readers, changes nothing
    scoped: bool = False
    council_only: bool = False  # the office and council members only: a viewer gets 404
    api: bool = False
    own_only: bool = False  # an account's own object (an API token): any other account gets 404
    methods: tuple[str, ...] = field(default=("post",))  # unsafe API methods it takes


def _pk(name: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"pk": getattr(w, name).pk}


def _code(name: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"code": getattr(w, name).code}


def _cluster(name: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"cluster_pk": getattr(w, name).pk}


FORM = {"post": True, "writes": True}  # a page with a form that saves
ACTION = {"get": False, "post": True, "writes": True}  # a button: POST only

ROUTES: dict[str, Route] = {
    "home": Route(),
    "org:unit_list": Route(),
    "org:unit_create": Route(**FORM),
    "org:unit_detail": Route(_pk("unit_b"), scoped=True),
    "org:unit_edit": Route(_pk("unit_b"), scoped=True, **FORM),
    "org:unit_close": Route(_pk("unit_b"), scoped=True, **FORM),
    "org:reorganisation_list": Route(),
    "org:reorganisation_create": Route(**FORM),
    "org:reorganisation_detail": Route(_pk("reorganisation_b"), scoped=True),
    "org:people_awaiting_unit": Route(),
    "org:person_list": Route(),
    "org:person_create": Route(**FORM),
    "org:duplicates": Route(),
    "org:person_detail": Route(_pk("person_b"), scoped=True),
    "org:person_edit": Route(_pk("person_b"), scoped=True, **FORM),
    "org:assignment_create": Route(lambda w: {"person_pk": w.person_b.pk}, scoped=True, **FORM),
    "org:assignment_edit": Route(_pk("assignment_b"), scoped=True, **FORM),
    "org:assignment_end": Route(_pk("assignment_b"), scoped=True, **FORM),
    "org:assignment_delete": Route(_pk("assignment_b"), scoped=True, **ACTION),
    "org:interruption_create": Route(lambda w: {"person_pk": w.person_b.pk}, scoped=True, **FORM),
    "org:interruption_edit": Route(_pk("interruption_b"), scoped=True, **FORM),
    "org:interruption_delete": Route(_pk("interruption_b"), scoped=True, **ACTION),
    "org:cluster_list": Route(),
    "org:cluster_create": Route(**FORM),
    "org:cluster_detail": Route(_pk("cluster_b"), scoped=True),
    "org:cluster_edit": Route(_pk("cluster_b"), scoped=True, **FORM),
    "org:membership_add": Route(_pk("cluster_b"), scoped=True, **FORM),
    "org:membership_remove": Route(_pk("membership_b"), scoped=True, **ACTION),
    "org:membership_role": Route(_pk("membership_b"), scoped=True, **ACTION),
    "org:membership_make_leader": Route(_pk("membership_b"), scoped=True, **FORM),
    "movements:agreement": Route(_cluster("cluster_b"), scoped=True),
    "movements:agreement_edit": Route(_cluster("cluster_b"), scoped=True, **FORM),
    "movements:scoring_table": Route(_cluster("cluster_b"), scoped=True),
    "movements:scoring_table_create": Route(_cluster("cluster_b"), scoped=True, **FORM),
    "movements:scoring_table_edit": Route(_cluster("cluster_b"), scoped=True, **FORM),
    "movements:scoring_table_copy": Route(_cluster("cluster_b"), scoped=True, **ACTION),
    "movements:scoring_table_print": Route(_cluster("cluster_b"), scoped=True),
    "movements:criterion_add": Route(_cluster("cluster_b"), scoped=True, **FORM),
    "movements:criterion_edit": Route(_pk("criterion_b"), scoped=True, **FORM),
    "movements:criterion_remove": Route(_pk("criterion_b"), scoped=True, **ACTION),
    "movements:criterion_move": Route(_pk("criterion_b"), scoped=True, **ACTION),
    "movements:scores": Route(_cluster("cluster_b"), scoped=True),
    "movements:score_entry": Route(
        lambda w: {"cluster_pk": w.cluster_b.pk, "unit_pk": w.unit_b.pk}, scoped=True, **FORM
    ),
    "awards:decision_list": Route(),
    "awards:decision_create": Route(**FORM),
    "awards:decision_detail": Route(_pk("decision_b"), scoped=True),
    "awards:decision_correct": Route(_pk("decision_b"), scoped=True, **FORM),
    "awards:decision_revoke": Route(_pk("decision_b"), scoped=True, **ACTION),
    "awards:award_add": Route(_pk("decision_b"), scoped=True, **ACTION),
    "awards:award_revoke": Route(_pk("award_b"), scoped=True, **ACTION),
    "awards:award_type_list": Route(),
    "awards:person_history": Route(_code("person_b"), scoped=True),
    "awards:unit_history": Route(_code("unit_b"), scoped=True),
    "awards:person_result_save": Route(_code("person_b"), scoped=True, **ACTION),
    "awards:unit_result_save": Route(_code("unit_b"), scoped=True, **ACTION),
    "awards:person_initiative_save": Route(_code("person_b"), scoped=True, **ACTION),
    "awards:person_discipline_save": Route(_code("person_b"), scoped=True, **ACTION),
    "documents:decision": Route(_pk("decision_b"), scoped=True),
    "documents:submission": Route(_pk("decision_b"), scoped=True),
    "documents:certificates": Route(_pk("decision_b"), scoped=True),
    "documents:achievement": Route(_code("person_b"), scoped=True),
    "documents:dossier_submission": Route(_pk("dossier_b"), scoped=True),
    "imports:index": Route(),
    "imports:dossier_export": Route(_pk("dossier_b"), scoped=True),
    "imports:preview": Route(lambda w: {"token": w.upload_b.token}, scoped=True),
    "imports:progress": Route(lambda w: {"token": w.upload_b.token}, scoped=True),
    "imports:confirm": Route(lambda w: {"token": w.upload_b.token}, scoped=True, **ACTION),
    "imports:template": Route(lambda w: {"kind": "units"}),
    "imports:export": Route(lambda w: {"kind": "units"}),
    "imports:upload": Route(lambda w: {"kind": "units"}, **ACTION),
    "eligibility:proposals": Route(),
    "eligibility:rules": Route(),
    "eligibility:rule_settings": Route(**FORM),  # administrators only: 403 for everyone else
    "eligibility:check": Route(
        post=True, read_post="uploading a candidate list checks it; nothing is stored"
    ),
    "eligibility:recipient": Route(
        lambda w: {"kind": "ca-nhan", "code": w.person_b.code}, scoped=True
    ),
    "documents:meeting_minutes": Route(_pk("meeting_b"), scoped=True),
    "nominations:disclosure_list": Route(),
    "nominations:disclosure_create": Route(**FORM),
    "nominations:disclosure_detail": Route(_pk("disclosure_b")),
    "nominations:disclosure_comment": Route(_pk("disclosure_b"), **ACTION),
    "nominations:disclosure_print": Route(_pk("disclosure_b")),
    "nominations:days_off": Route(**FORM),
    "nominations:day_off_remove": Route(_pk("day_off_b"), **ACTION),
    # Councils and meetings: the office and council members only (a clerk gets 404).
    "nominations:council_list": Route(scoped=True),
    "nominations:council_create": Route(**FORM),
    "nominations:council_detail": Route(_pk("council_b"), scoped=True),
    "nominations:member_add": Route(_pk("council_b"), scoped=True, council_only=True, **ACTION),
    "nominations:meeting_create": Route(_pk("council_b"), scoped=True, council_only=True, **FORM),
    "nominations:meeting_detail": Route(_pk("meeting_b"), scoped=True),
    "nominations:meeting_attendance": Route(
        _pk("meeting_b"), scoped=True, council_only=True, **ACTION
    ),
    "nominations:ballot_record": Route(_pk("ballot_b"), scoped=True, council_only=True, **ACTION),
    "reports:summary": Route(lambda w: {}),
    "reports:dashboard_xlsx": Route(lambda w: {"chart": "cap"}),
    "reports:conference_list": Route(),
    "reports:conference_create": Route(**FORM),
    "reports:conference_detail": Route(_pk("conference_b"), scoped=True),
    "reports:conference_edit": Route(_pk("conference_b"), scoped=True, **FORM),
    "reports:exemplar_add": Route(_pk("conference_b"), scoped=True, **ACTION),
    "reports:honour_list": Route(_pk("conference_b"), scoped=True),
    "reports:exemplar_edit": Route(_pk("exemplar_b"), scoped=True, **FORM),
    "reports:exemplar_remove": Route(_pk("exemplar_b"), scoped=True, **ACTION),
    "nominations:dossier_list": Route(),
    "nominations:dossier_create": Route(**FORM),
    "nominations:dossier_detail": Route(_pk("dossier_b"), scoped=True),
    "nominations:dossier_transition": Route(_pk("dossier_b"), scoped=True, **ACTION),
    "nominations:dossier_from_suggestions": Route(_pk("dossier_b"), scoped=True, **FORM),
    "nominations:item_add": Route(_pk("dossier_b"), scoped=True, **FORM),
    "nominations:item_edit": Route(_pk("item_b"), scoped=True, **FORM),
    "nominations:item_answer": Route(_pk("item_b"), scoped=True, **ACTION),
    "nominations:item_remove": Route(_pk("item_b"), scoped=True, **ACTION),
    "nominations:item_return": Route(_pk("item_b"), scoped=True, **ACTION),
    "nominations:item_keep": Route(_pk("item_b"), scoped=True, **ACTION),
    "nominations:attachment_add": Route(_pk("dossier_b"), scoped=True, **ACTION),
    "nominations:attachment_download": Route(_pk("attachment_b"), scoped=True),
    "nominations:attachment_remove": Route(_pk("attachment_b"), scoped=True, **ACTION),
    "nominations:issue_decision": Route(**FORM),
    "nominations:deadlines": Route(**FORM),
    "nominations:deadline_edit": Route(_pk("deadline"), **FORM),
    "nominations:deadline_delete": Route(_pk("deadline"), **ACTION),
    "nominations:notifications": Route(
        post=True, read_post="marking one's own notices read changes no shared record"
    ),
    "nominations:person_nominations": Route(_code("person_b"), scoped=True),
    "nominations:unit_nominations": Route(_code("unit_b"), scoped=True),
    "movements:movement_list": Route(),
    "movements:movement_create": Route(**FORM),
    "movements:movement_detail": Route(_pk("movement_b")),
    "movements:movement_edit": Route(_pk("movement_b"), **FORM),
    "movements:movement_participant_add": Route(_pk("movement_b"), **ACTION),
    "movements:movement_participant_remove": Route(_pk("participant_b"), **ACTION),
    "movements:movement_attachment_add": Route(_pk("movement_b"), **ACTION),
    "movements:movement_attachment_download": Route(_pk("movement_attachment_b")),
    "movements:movement_attachment_remove": Route(_pk("movement_attachment_b"), **ACTION),
    "movements:registration_list": Route(),
    "movements:registration_create": Route(**FORM),
    "movements:registration_comparison": Route(),
    "movements:registration_comparison_xlsx": Route(),
    "movements:registration_detail": Route(_pk("registration_b"), scoped=True),
    "movements:registration_edit": Route(_pk("registration_b"), scoped=True, **FORM),
    "movements:standing_years": Route(),
    "movements:standing_ranking": Route(_pk("cluster_b"), scoped=True),
    "movements:standing_lock": Route(_pk("cluster_b"), scoped=True, **ACTION),
    "movements:standing_unlock": Route(_pk("cluster_b"), scoped=True, **FORM),
    "movements:standing_export": Route(_pk("cluster_b"), scoped=True),
    "movements:standing_print": Route(_pk("cluster_b"), scoped=True),
    "movements:standing_propose": Route(_pk("standing_b"), scoped=True, **ACTION),
    "movements:standing_to_dossier": Route(_pk("standing_b"), scoped=True, **ACTION),
    "accounts:tokens": Route(
        post=True, read_post="every account creates its own API tokens; no shared record"
    ),
    "accounts:token_revoke": Route(_pk("token_b"), scoped=True, own_only=True, **ACTION),
    "api:docs": Route(),
    "api:schema": Route(api=True),
    "api:api-root": Route(api=True),
    "api:unit-list": Route(api=True, writes=True),
    "api:unit-detail": Route(
        _code("unit_b"), scoped=True, api=True, writes=True, methods=("put", "patch")
    ),
    "api:person-list": Route(api=True, writes=True),
    "api:person-detail": Route(_code("person_b"), scoped=True, api=True, methods=("put", "patch")),
    "api:person-assignments": Route(_code("person_b"), scoped=True, api=True, writes=True),
    "api:person-history": Route(_code("person_b"), scoped=True, api=True),
    "api:cluster-list": Route(api=True, writes=True),
    "api:cluster-detail": Route(_pk("cluster_b"), scoped=True, api=True),
    "api:duplicate-list": Route(api=True),
    "api:award-type-list": Route(api=True),
    "api:award-type-detail": Route(lambda w: {"code": "giay_khen_giam_doc"}, api=True),
    "api:decision-list": Route(api=True, writes=True),
    "api:decision-detail": Route(_pk("decision_b"), scoped=True, api=True),
    "api:decision-correct": Route(_pk("decision_b"), get=False, scoped=True, api=True, writes=True),
    "api:decision-revoke": Route(_pk("decision_b"), get=False, scoped=True, api=True, writes=True),
    "api:decision-add-award": Route(
        _pk("decision_b"), get=False, scoped=True, api=True, writes=True
    ),
    "api:award-list": Route(api=True),
    "api:award-detail": Route(_pk("award_b"), scoped=True, api=True),
    "api:award-revoke": Route(_pk("award_b"), get=False, scoped=True, api=True, writes=True),
    "api:yearly-result-list": Route(api=True, writes=True),
    "api:yearly-result-detail": Route(_pk("result_b"), scoped=True, api=True),
    "api:initiative-list": Route(api=True, writes=True),
    "api:initiative-detail": Route(
        _pk("initiative_b"), scoped=True, api=True, writes=True, methods=("put",)
    ),
    "api:discipline-list": Route(api=True, writes=True),
    "api:discipline-detail": Route(
        _pk("discipline_b"), scoped=True, api=True, writes=True, methods=("put",)
    ),
    "api:eligibility-person": Route(_code("person_b"), scoped=True, api=True),
    "api:eligibility-unit": Route(_code("unit_b"), scoped=True, api=True),
    "api:eligibility-suggestions": Route(api=True),
    "api:report-summary": Route(api=True),
}


def _walk(patterns, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_walked():
    names = set(_walk(get_resolver().url_patterns))
    names = {n for n in names if not any(n.startswith(p) for p in EXEMPT_PREFIXES)}
    assert sorted(names - ROUTES.keys() - PUBLIC.keys()) == [], "add these to ROUTES"
    assert sorted((ROUTES.keys() | PUBLIC.keys()) - names) == [], "these routes are gone"


@pytest.fixture
def world(users, people, units, types, settings, tmp_path):
    """One object of each kind in CAH-B's subtree (clerk_b's), none of them visible to
    clerk_a, plus an upload of clerk_b's waiting for confirmation."""
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "media"
    dossier = nominations.dossier_create(actor=users.clerk_b, unit=units.cah_b, year=2024)
    item = nominations.item_add(
        actor=users.clerk_b, dossier=dossier, person=people.cuong, award_type=types.cstd_co_so
    )
    attachment = nomination_attachments.attachment_add(
        actor=users.clerk_b,
        dossier=dossier,
        kind="other",
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    cuong = people.cuong
    cluster = Cluster.objects.create(name="Cụm Bình Sơn", year=2024)
    membership = ClusterMembership.objects.create(cluster=cluster, unit=units.cah_b)
    table = ScoringTable.objects.create(cluster=cluster, title="Bảng điểm Bình Sơn")
    criterion = Criterion.objects.create(
        table=table, kind="criterion", code="1", name="Tiêu chí", max_points=10
    )
    standing = Standing.objects.create(cluster=cluster, unit=units.cah_b, rank=1, total=90)
    decision = decision_create(
        number="9/QĐ-CAT",
        date=dt.date(2024, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[Recipient(person=cuong, year_from=2024)],
    )
    conference = Conference.objects.create(
        title="Hội nghị điển hình Bình Sơn", unit=units.cah_b, year_from=2020, year_to=2024
    )
    movement = Movement.objects.create(
        name="Bình Sơn chung sức",
        kind="themed",
        start_date=dt.date(2024, 1, 1),
        launching_unit=units.cah_b,
    )
    movement_attachment = movement_services.attachment_add(
        actor=users.clerk_b,
        movement=movement,
        upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    upload = save_upload(
        users.clerk_b, "units", SimpleUploadedFile("don-vi.xlsx", b"PK\x03\x04"), ".xlsx"
    )
    renamed = Reorganisation.objects.create(effective_date=dt.date(2025, 7, 1), basis="7/QĐ")
    LineageEdge.objects.create(
        reorganisation=renamed,
        kind="rename",
        old_unit=units.cax_b1,
        old_name=units.cax_b1.name,
        new_name="Công an phường Bình Minh",
    )
    return SimpleNamespace(
        users=users,
        reorganisation_b=renamed,
        **_council_world(units, people.cuong),
        unit_b=units.cah_b,
        person_b=cuong,
        assignment_b=Assignment.objects.get(person=cuong),
        interruption_b=ServiceInterruption.objects.create(
            person=cuong, start=dt.date(2017, 3, 1), end=dt.date(2018, 4, 30), reason="Đi học"
        ),
        cluster_b=cluster,
        membership_b=membership,
        criterion_b=criterion,
        standing_b=standing,
        decision_b=decision,
        award_b=decision.awards.get(),
        upload_b=upload,
        conference_b=conference,
        exemplar_b=Exemplar.objects.create(conference=conference, person=cuong, story="…"),
        dossier_b=dossier,
        movement_b=movement,
        participant_b=MovementParticipant.objects.create(movement=movement, unit=units.cax_b1),
        movement_attachment_b=movement_attachment,
        item_b=item,
        attachment_b=attachment,
        registration_b=Registration.objects.create(unit=units.cah_b, year=2024),
        result_b=yearly_result_save(person=cuong, year=2023, appraisal="xuat_sac"),
        initiative_b=initiative_create(
            title="Sổ tay nghiệp vụ", year=2023, scope="co_so", authors=[cuong]
        ),
        discipline_b=discipline_create(
            person=cuong,
            form="khien_trach",
            decision_number="5/QĐ-KL",
            decision_date=dt.date(2020, 3, 2),
        ),
        token_b=tokens.token_create(user=users.clerk_b, name="Thống kê Bình Sơn")[0],
        deadline=Deadline.objects.create(
            year=2024, level="province", kind="submission", date=dt.date(2024, 12, 15)
        ),
    )


def _council_world(units, person) -> dict:
    """A disclosure, a council with a meeting and one ballot, an office day off: the
    council's objects (the office and council members see them; clerks get 404)."""
    from thidua.nominations.models import (
        Ballot,
        Council,
        Disclosure,
        Dossier,
        DossierItem,
        DossierStatus,
        Meeting,
        OfficeDayOff,
    )

    dossier = Dossier.objects.create(
        title="Hồ sơ Bình Sơn", unit=units.cah_b, year=2024, status=DossierStatus.AT_COUNCIL
    )
    item = DossierItem.objects.create(
        dossier=dossier,
        person=person,
        award_type=AwardType.objects.get(code="cstd_cand"),
        year_from=2024,
        year_to=2024,
    )
    council = Council.objects.create(
        name="Hội đồng TĐKT", unit=units.cat, term_from=dt.date(2024, 1, 1)
    )
    meeting = Meeting.objects.create(council=council, date=dt.date(2025, 3, 3))
    disclosure = Disclosure.objects.create(
        title="Công khai 2024",
        year=2024,
        start=dt.date(2025, 2, 10),
        working_days=10,
        end=dt.date(2025, 2, 21),
    )
    disclosure.items.set([item])
    return {
        "council_b": council,
        "meeting_b": meeting,
        "ballot_b": Ballot.objects.create(meeting=meeting, item=item, members=0),
        "disclosure_b": disclosure,
        "day_off_b": OfficeDayOff.objects.create(date=dt.date(2025, 5, 2), name="Nghỉ bù"),
    }


def _url(name: str, world) -> str:
    return reverse(name, kwargs=ROUTES[name].args(world))


def _history_rows() -> int:
    from django.apps import apps

    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_login_or_refused(client, world, name):
    route, url = ROUTES[name], _url(name, world)
    for method in (["get"] if route.get else []) + ["post"]:
        response = getattr(client, method)(url)
        if route.api:  # 401, with how to authenticate (a token first)
            assert response.status_code == 401, (method, url)
            assert response["WWW-Authenticate"].startswith("Bearer"), (method, url)
            assert "đăng nhập" in response.content.decode(), (method, url)
        else:
            assert response.status_code == 302, (method, url)
            assert response.url.startswith(reverse("login")), (method, url)


SCOPED = sorted(n for n, r in ROUTES.items() if r.scoped)


@pytest.mark.parametrize("name", SCOPED)
def test_a_clerk_of_another_subtree_gets_404(client_for, world, name):
    route, url = ROUTES[name], _url(name, world)
    client = client_for(world.users.clerk_a)
    before = _history_rows()
    methods = (["get"] if route.get else []) + (["post"] if route.post else [])
    if route.api:  # a POST-only action (revoke, correct) is posted; a list's POST creates
        methods = ["get"] if route.get else ["post"]
        methods += [m for m in route.methods if m != "post"]
    for method in methods:
        if method in ("put", "patch"):
            response = getattr(client, method)(url, "{}", content_type="application/json")
        else:
            response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
    assert _history_rows() == before


@pytest.mark.parametrize("role", ["viewer", "council"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_viewers_and_council_members_are_refused_every_post(client_for, world, name, role):
    route, url = ROUTES[name], _url(name, world)
    client = client_for(getattr(world.users, role))
    before = _history_rows()
    methods = ("post", *route.methods) if route.api else ("post",)
    for method in dict.fromkeys(methods):
        response = getattr(client, method)(url, {} if method == "post" else None)
        if route.writes:
            hidden = (route.council_only and role == "viewer") or route.own_only
            assert response.status_code == (404 if hidden else 403), (method, url)
        elif route.api:  # a read-only endpoint: refused by role (403) or by method (405)
            assert response.status_code in (403, 405), (method, url)
        elif route.read_post:
            assert response.status_code in (200, 400), (method, url)
        else:
            assert response.status_code == 405, (method, url)
    assert _history_rows() == before
