"""JSON requests with the Django test client, and small readers of API responses."""

from __future__ import annotations

import json


class ApiClient:
    """The Django test client, speaking JSON."""

    def __init__(self, client):
        self.client = client

    def get(self, url, params=None):
        return self.client.get(url, params or {})

    def post(self, url, data):
        return self.client.post(url, json.dumps(data), content_type="application/json")

    def put(self, url, data):
        return self.client.put(url, json.dumps(data), content_type="application/json")

    def patch(self, url, data):
        return self.client.patch(url, json.dumps(data), content_type="application/json")

    def delete(self, url):
        return self.client.delete(url)


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]
