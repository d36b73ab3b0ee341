"""The locust scenario of `make load` (bench/load.py writes its plan and runs it headless).

Each simulated user takes the next account of the plan (THIDUA_LOAD_PLAN, a JSON file:
accounts by role, each with the pages it opens), signs in through the login page as a person
would, then opens, with a pause between pages (the plan's think time), a person's profile,
the people search, a page of the people list, the suggestions page and the report summary,
in the proportions of PAGES. Requests are named by page, so locust's figures are per page.
Imports nothing of Django: locust runs it under gevent.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser, between, task

with open(os.environ["THIDUA_LOAD_PLAN"], encoding="utf-8") as _file:
    PLAN = json.load(_file)

_ACCOUNTS = itertools.cycle(PLAN["accounts"])
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_signed_in = 0


def _everyone_signed_in(environment) -> None:
    """The measured window: PLAN["settle"] seconds (the longest pause) after the last user
    has signed in — the sign-ins, 50 password hashes at once, are not the pages measured, and
    by then the users no longer ask in step, as they all do right after signing in — for
    PLAN["duration"] seconds."""
    settle, duration = PLAN["settle"], PLAN["duration"]
    print(f"Mọi người dùng đã đăng nhập: chờ {settle:.0f} s, rồi đo {duration} s.", flush=True)

    def measure() -> None:
        environment.runner.stats.reset_all()
        gevent.spawn_later(duration, environment.runner.quit)

    gevent.spawn_later(settle, measure)


class Officer(HttpUser):
    """Any of the plan's accounts: the role decides which pages it may open."""

    wait_time = between(*PLAN["think_seconds"])

    def on_start(self) -> None:
        self.account = next(_ACCOUNTS)
        self.rng = random.Random(f"{PLAN['seed']}-{id(self)}")
        login = self.client.get(PLAN["login_url"], name="đăng nhập (trang)")
        token = _CSRF.search(login.text)
        response = self.client.post(
            PLAN["login_url"],
            {
                "username": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.client.base_url + PLAN["login_url"]},
            name="đăng nhập (gửi)",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(
                f"{self.account['username']}: sign-in answered {response.status_code}"
            )
        global _signed_in
        _signed_in += 1
        if _signed_in == PLAN["users"]:
            _everyone_signed_in(self.environment)

    def _open(self, page: str) -> None:
        urls = self.account["pages"].get(page)
        if not urls:  # this role does not open this page
            return
        self.client.get(self.rng.choice(urls), name=page)

    @task(3)
    def profile(self) -> None:
        self._open("hồ sơ cán bộ")

    @task(2)
    def search(self) -> None:
        self._open("tìm cán bộ")

    @task(2)
    def people_list(self) -> None:
        self._open("danh sách cán bộ")

    @task(1)
    def suggestions(self) -> None:
        self._open("đề xuất khen thưởng")

    @task(1)
    def summary(self) -> None:
        self._open("báo cáo tổng kết")
