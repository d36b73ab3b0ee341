"""URLs of the registration pages (the list grows with the pages)."""

from __future__ import annotations

urlpatterns: list = []
