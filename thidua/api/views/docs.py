"""/api/docs/: the endpoints, read from the OpenAPI schema, on a plain server-rendered page.

Swagger UI and ReDoc load their scripts from a CDN, which offline installations cannot
reach; this page needs nothing but the schema generator.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

_METHODS = ["get", "post", "put", "patch", "delete"]
_SECTIONS = {
    "units": pgettext_lazy("plural", "Đơn vị"),
    "people": _("Cán bộ, chiến sĩ"),
    "clusters": _("Cụm, khối thi đua"),
    "awards": _("Khen thưởng: danh mục, quyết định, khen thưởng"),
    "records": _("Xếp loại, sáng kiến, kỷ luật"),
    "eligibility": _("Xét điều kiện, đề xuất khen thưởng"),
    "reports": _("Báo cáo"),
}


def endpoint_sections(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """[{title, endpoints: [{method, path, summary, parameters, statuses}]}] grouped by the
    schema's tags."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["khác"])[0]
            sections.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        p for p in operation.get("parameters", []) if p.get("in") == "query"
                    ],
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return [
        {"title": _SECTIONS.get(tag, tag), "endpoints": endpoints}
        for tag, endpoints in sections.items()
    ]


@login_required
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "api/docs.html",
        {
            "sections": endpoint_sections(schema),
            "info": schema.get("info", {}),
        },
    )
