"""/api/clusters/ and /api/duplicates/."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.org.models import Cluster, Person
from thidua.org.services import cluster_save, person_save

CLUSTERS = "/api/clusters/"
DUPLICATES = "/api/duplicates/"


@pytest.fixture
def clusters(units):
    north = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.pv01, "member")],
    )
    south = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 2", year=2024), members=[(units.cah_b, "leader")]
    )
    return north, south


def test_officer_creates_a_cluster_with_members(api_as, users, units):
    r = api_as(users.officer).post(
        CLUSTERS,
        {
            "name": "Khối các phòng",
            "year": 2025,
            "members": [{"unit": "PV01", "role": "leader"}, {"unit": "CAH-B"}],
        },
    )
    assert r.status_code == 201, r.json()
    members = {(m["unit"], m["role"]) for m in r.json()["members"]}
    assert members == {("PV01", "leader"), ("CAH-B", "member")}
    cluster = Cluster.objects.get(name="Khối các phòng")
    assert cluster.history.first().history_user == users.officer


def test_a_unit_is_in_one_cluster_per_year(api_as, users, clusters):
    r = api_as(users.officer).post(
        CLUSTERS, {"name": "Cụm mới", "year": 2024, "members": [{"unit": "CAH-A"}]}
    )
    assert r.status_code == 400
    assert r.json()["members"] == ["Đơn vị CAH-A đã thuộc Cụm thi đua số 1 năm 2024."]
    assert not Cluster.objects.filter(name="Cụm mới").exists()  # all or nothing


def test_a_second_leader_is_refused_naming_the_first_and_nothing_is_created(api_as, users, units):
    r = api_as(users.officer).post(
        CLUSTERS,
        {
            "name": "Khối các phòng",
            "year": 2025,
            "members": [{"unit": "PV01", "role": "leader"}, {"unit": "CAH-B", "role": "leader"}],
        },
    )
    assert r.status_code == 400
    assert r.json()["members"] == [
        "Cụm đã có cụm trưởng: Phòng Tham mưu (PV01). Đổi cụm trưởng thì chọn “Đặt làm cụm "
        "trưởng” ở đơn vị mới trên trang của cụm (cụm trưởng cũ chuyển thành thành viên)."
    ]
    assert not Cluster.objects.filter(name="Khối các phòng").exists()


def test_same_cluster_name_in_a_year_is_refused(api_as, users, clusters):
    r = api_as(users.officer).post(CLUSTERS, {"name": "Cụm thi đua số 1", "year": 2024})
    assert r.status_code == 400
    assert "đã tồn tại" in str(r.json())


def test_repeated_member_is_refused(api_as, users, units):
    r = api_as(users.officer).post(
        CLUSTERS, {"name": "Cụm X", "year": 2025, "members": [{"unit": "PV01"}, {"unit": "PV01"}]}
    )
    assert r.status_code == 400
    assert r.json()["members"] == ["Đơn vị «PV01» bị lặp trong danh sách thành viên."]


def test_officer_lists_and_filters_clusters(api_as, users, clusters):
    api = api_as(users.officer)
    assert api.get(CLUSTERS).json()["count"] == 2
    assert api.get(CLUSTERS, {"year": 2023}).json()["count"] == 0
    north = api.get(f"{CLUSTERS}{clusters[0].pk}/").json()
    assert [(m["unit"], m["role_label"]) for m in north["members"]] == [
        ("CAH-A", "Cụm trưởng"),
        ("PV01", "Thành viên"),
    ]


def test_clerk_sees_only_clusters_of_its_units(api_as, users, clusters):
    api = api_as(users.clerk_a)
    r = api.get(CLUSTERS)
    assert [c["name"] for c in r.json()["results"]] == ["Cụm thi đua số 1"]
    assert api.get(f"{CLUSTERS}{clusters[1].pk}/").status_code == 404


@pytest.mark.parametrize("role", ["clerk_a", "viewer", "council"])
def test_only_province_level_editors_create_clusters(api_as, users, units, role):
    r = api_as(getattr(users, role)).post(
        CLUSTERS, {"name": "Cụm Y", "year": 2025, "members": [{"unit": "CAH-A"}]}
    )
    assert r.status_code == 403
    assert not Cluster.objects.filter(name="Cụm Y").exists()


@pytest.fixture
def twins(people, units):
    """A second record of Nguyễn Văn An (same name and birth date) in CAH-B."""
    return person_save(
        person=Person(
            code="CA0009", full_name="Nguyễn Văn An", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cax_b1,
    )


def test_duplicates_groups_people_by_name_and_birth_date(api_as, users, twins):
    r = api_as(users.officer).get(DUPLICATES)
    assert r.status_code == 200
    assert r.json()["count"] == 1
    group = r.json()["results"][0]
    assert (group["name_key"], group["birth_date"], group["count"]) == (
        "nguyen van an",
        "1988-04-12",
        2,
    )
    assert [(p["code"], p["unit"]) for p in group["people"]] == [
        ("CA0001", "CAX-A1"),
        ("CA0009", "CAX-B1"),
    ]


def test_duplicates_stay_within_the_clerks_scope(api_as, users, twins, units):
    # One record on each side: neither clerk sees a pair.
    assert api_as(users.clerk_a).get(DUPLICATES).json()["count"] == 0
    person_save(
        person=Person(
            code="CA0010", full_name="Nguyễn Văn An", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cah_b,
    )
    group = api_as(users.clerk_b).get(DUPLICATES).json()["results"][0]
    assert [p["code"] for p in group["people"]] == ["CA0009", "CA0010"]


def test_duplicates_refuse_anonymous(anonymous_api, twins):
    assert anonymous_api.get(DUPLICATES).status_code in (401, 403)


def test_cluster_year_out_of_range_is_refused_in_vietnamese(api_as, users, units):
    r = api_as(users.officer).post(CLUSTERS, {"name": "Cụm Z", "year": 1900})
    assert r.status_code == 400
    assert r.json() == {"year": ["Không được nhỏ hơn 1990."]}
