"""The shared cast of the test suite: a small province and one account per role.

Tree:  CAT (Công an tỉnh) ─┬─ PV01 Phòng Tham mưu ── PV01-D1 Đội Tổng hợp
                           ├─ CAH-A Công an huyện An Phú ── CAX-A1 Công an xã An Lạc
                           └─ CAH-B Công an huyện Bình Sơn ── CAX-B1 Công an xã Bình Minh
Accounts: admin, officer (all units), clerk_a (CAH-A subtree), clerk_b (CAH-B subtree),
council, viewer.
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "matkhau-thu-nghiem"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The shared `users` fixture hashes six passwords per test; PBKDF2 makes that seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese_messages():
    # A test client switched to English leaves "en" active in the thread; every test starts
    # in the default language, as a new request would.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_catalogue_index():
    # The award-name index caches model instances; no test may see another test's catalogue.
    from thidua.awards.catalogue import clear_index

    clear_index()
    yield
    clear_index()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts anew and reuses history ids, so a cached figure (the home
    # page's dashboard) of one test could match another test's stamp.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def types(db):
    """Award types by code, as loaded by the post_migrate catalogue sync."""
    from thidua.awards.models import AwardType

    return SimpleNamespace(**{t.code: t for t in AwardType.objects.all()})


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright's own browser download is not reachable here.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium"}


@pytest.fixture
def units(db):
    from thidua.org.choices import UnitKind
    from thidua.org.models import Unit
    from thidua.org.services import unit_save

    def make(code, name, kind, parent=None):
        return unit_save(
            unit=Unit(
                code=code, name=name, kind=kind, parent=parent, active_from=dt.date(2015, 1, 1)
            )
        )

    cat = make("CAT", "Công an tỉnh Hưng Yên", UnitKind.PROVINCE)
    pv01 = make("PV01", "Phòng Tham mưu", UnitKind.DEPARTMENT, cat)
    pv01_d1 = make("PV01-D1", "Đội Tổng hợp", UnitKind.TEAM, pv01)
    cah_a = make("CAH-A", "Công an huyện An Phú", UnitKind.DISTRICT, cat)
    cax_a1 = make("CAX-A1", "Công an xã An Lạc", UnitKind.COMMUNE, cah_a)
    cah_b = make("CAH-B", "Công an huyện Bình Sơn", UnitKind.DISTRICT, cat)
    cax_b1 = make("CAX-B1", "Công an xã Bình Minh", UnitKind.COMMUNE, cah_b)
    return SimpleNamespace(
        cat=cat, pv01=pv01, pv01_d1=pv01_d1, cah_a=cah_a, cax_a1=cax_a1, cah_b=cah_b, cax_b1=cax_b1
    )


@pytest.fixture
def users(units):
    from thidua.accounts.models import Role, User

    def make(username, role, unit=None, **extra):
        return User.objects.create_user(
            username=username, password=PASSWORD, role=role, unit=unit, **extra
        )

    return SimpleNamespace(
        admin=make("admin", Role.ADMIN, is_superuser=True, is_staff=True),
        officer=make("officer", Role.PROVINCE_OFFICER),
        clerk_a=make("clerk_a", Role.UNIT_CLERK, units.cah_a),
        clerk_b=make("clerk_b", Role.UNIT_CLERK, units.cah_b),
        council=make("council", Role.COUNCIL_MEMBER),
        viewer=make("viewer", Role.VIEWER),
    )


@pytest.fixture
def people(units):
    from thidua.org.choices import Gender
    from thidua.org.models import Person
    from thidua.org.services import person_save

    def make(code, name, gender, born, unit, **extra):
        person = Person(
            code=code,
            full_name=name,
            gender=gender,
            birth_date=born,
            service_start=dt.date(2010, 9, 1),
            rank="Đại úy",
            position="Cán bộ",
            **extra,
        )
        return person_save(person=person, unit=unit, start=dt.date(2016, 1, 1))

    return SimpleNamespace(
        an=make("CA0001", "Nguyễn Văn An", Gender.MALE, dt.date(1988, 4, 12), units.cax_a1),
        binh=make("CA0002", "Trần Thị Bình", Gender.FEMALE, dt.date(1990, 7, 3), units.cah_a),
        cuong=make("CA0003", "Lê Đức Cường", Gender.MALE, dt.date(1985, 1, 30), units.cah_b),
        dung=make("CA0004", "Phạm Thị Dung", Gender.FEMALE, dt.date(1992, 11, 20), units.pv01_d1),
    )


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def version_of(obj) -> int:
    """The stored version of a row (lib.versioning), as an edit page would send it back."""
    return type(obj)._base_manager.values_list("version", flat=True).get(pk=obj.pk)
