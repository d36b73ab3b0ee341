"""Fixtures of the API tests: JSON clients for the shared cast of users."""

from __future__ import annotations

import pytest

from thidua.api.tests.utils import ApiClient


@pytest.fixture
def api_as(client_for):
    """api_as(user) → a JSON client logged in as that user."""
    return lambda user: ApiClient(client_for(user))


@pytest.fixture
def anonymous_api(client):
    return ApiClient(client)
