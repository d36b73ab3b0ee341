"""The suggestions page is computed once per state of the record (eligibility.suggestions):
the cached page is the fresh page, any write shows at once, every award type keeps its count
and quota lines, and a repeat view asks the database a bounded number of questions."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.services import yearly_result_save
from thidua.eligibility import suggestions

from .conftest import YEAR


def _proposals(client, **params):
    return client.get(reverse("eligibility:proposals"), {"year": YEAR} | params)


def _page(client, **params) -> str:
    response = _proposals(client, **params)
    assert response.status_code == 200
    # The CSRF token of the page changes from one view to the next; nothing else may.
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf>", response.content.decode())


def test_the_cached_page_is_the_fresh_page(record, users, client_for):
    client = client_for(users.officer)
    for params in ({}, {"award": "chien_si_tien_tien"}, {"award": "cstd_cand", "page": "2"}):
        fresh = _page(client, **params)
        assert _page(client, **params) == fresh  # from the cache
        cache.clear()
        assert _page(client, **params) == fresh  # computed again


def test_a_new_yearly_result_shows_at_once_though_the_list_is_cached(
    record, users, people, client_for
):
    client = client_for(users.officer)
    assert "Trần Thị Bình" in _page(client, award="chien_si_tien_tien")
    yearly_result_save(year=YEAR, person=people.binh, appraisal="khong")
    assert "Trần Thị Bình" not in _page(client, award="chien_si_tien_tien")
    assert "Trần Thị Bình" not in _page(client)


def test_the_list_of_a_scope_is_never_served_to_another_scope(record, users, client_for):
    assert "Nguyễn Văn An" in _page(client_for(users.officer))  # the whole province, cached
    page = _page(client_for(users.clerk_b))
    assert "Nguyễn Văn An" not in page and "Trần Thị Bình" not in page


def test_every_award_type_shows_its_count_and_quota_lines_rows_for_a_few(
    record, users, client_for, monkeypatch
):
    monkeypatch.setattr(suggestions, "PREVIEW", 1)
    found = suggestions.proposals(user=SYSTEM, year=2023)  # cand_2019: a quota on CSTĐCS
    page = " ".join(_page(client_for(users.officer), year=2023).split())
    assert [g.count for g in found.groups] == [2, 2, 2, 2]
    for group in found.groups:
        assert f'<h2 id="{group.code}">{group.name} <span class="muted">(2)</span>' in page
        assert len(group.rows) == 1
        if not group.choices:
            assert f'award={group.code}">Xem tất cả 2 »' in page
    (quota,) = [q for g in found.groups for q in g.quotas]
    assert quota.text in page and "Chỉ tiêu:" in page
    assert page.count('<tr class="beyond">') + page.count("<tr>") > 0


def test_one_award_type_is_paginated_each_page_from_the_cache(
    record, users, client_for, monkeypatch
):
    monkeypatch.setattr(suggestions, "PAGE_SIZE", 1)
    client = client_for(users.officer)
    first = _page(client, award="chien_si_tien_tien")
    second = _page(client, award="chien_si_tien_tien", page="2")
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert ("Nguyễn Văn An" in first) != ("Nguyễn Văn An" in second)
    # Past the end: the last page; not a number: the first (as Paginator.get_page).
    assert _list(_page(client, award="chien_si_tien_tien", page="9")) == _list(second)
    assert _list(_page(client, award="chien_si_tien_tien", page="x")) == _list(first)


def _list(page: str) -> str:
    """The list and its pagination (the page's own links, e.g. the language switch, carry
    the query string as it was typed)."""
    return page[page.index("<h2") : page.index("</nav>", page.index("Trang "))]


def test_a_repeat_view_asks_a_bounded_number_of_queries(
    record, users, client_for, django_assert_max_num_queries
):
    client = client_for(users.officer)
    _page(client)
    # Session and user, the form's two lists, the scope root, and one indexed MAX per table
    # the loader reads (the stamp): 16 today, none of them over the people or their record.
    with django_assert_max_num_queries(len(suggestions.RECORD) + 6):
        _page(client)


def test_the_rule_notes_read_one_verdict_a_rule_and_say_what_reading_all_says(record):
    from thidua.eligibility.output import unconfirmed_rules
    from thidua.eligibility.services import eligibility_report

    verdicts = eligibility_report(user=SYSTEM, year=YEAR, include_ineligible=True).verdicts
    assert all(v.rows_pending for v in verdicts)
    quick = unconfirmed_rules(verdicts)
    read = [v for v in verdicts if not v.rows_pending]
    assert len(read) == len({(v.pack_id, v.award_code) for v in verdicts}) < len(verdicts)
    assert all(v.conditions is not None for v in verdicts)  # every verdict's rows built
    assert not any(v.rows_pending for v in verdicts)  # so each one is read
    full = unconfirmed_rules(verdicts)
    assert quick and [(c.text, c.citation, c.status) for c in quick] == [
        (c.text, c.citation, c.status) for c in full
    ]


def test_the_cache_key_is_the_same_in_every_process(record):
    """The gunicorn workers share one cache (THIDUA_CACHE=file): the pack's digest in the key
    must not depend on where a process keeps the pack in memory (an equal pack elsewhere in
    memory, as another worker loads it, gives the same digest)."""
    import copy

    from thidua.eligibility import services

    pack = services.pack_for(YEAR)
    assert not re.search(r" at 0x[0-9a-f]+", repr(pack))
    elsewhere = copy.deepcopy(pack)
    assert elsewhere is not pack
    assert suggestions._digest(elsewhere) == suggestions._digest(pack)
