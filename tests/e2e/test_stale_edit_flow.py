"""Two officers edit the same person in two browser tabs: the later save is refused with a
plain message and the earlier change stays."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.org.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_later_of_two_open_edit_pages_is_refused(live_server, page: Page, users, people):
    _log_in(page, live_server.url, "officer")
    edit = f"{live_server.url}/can-bo/{people.an.pk}/sua/"
    first, second = page, page.context.new_page()
    first.goto(edit)
    second.goto(edit)

    first.get_by_label("Chức vụ").fill("Đội trưởng")
    first.get_by_role("button", name=re.compile("Lưu")).click()
    expect(first.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()

    second.get_by_label("Chức vụ").fill("Phó Đội trưởng")
    second.get_by_role("button", name=re.compile("Lưu")).click()
    expect(second.locator(".errorlist")).to_contain_text("vừa được người khác thay đổi")
    assert Person.objects.get(pk=people.an.pk).position == "Đội trưởng"
