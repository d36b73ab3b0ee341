"""URLs of the movement pages (the list grows with the pages)."""

from __future__ import annotations

urlpatterns: list = []
