"""Template helpers of the eligibility pages."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# "2023: QĐ 9/QĐ-CAT ngày 15/01/2024", "2023: sáng kiến cấp Bộ, tỉnh (QĐ SK-12/QĐ-BCA)"
_DECISION = re.compile(r"(QĐ )([^\s()]+)")


@register.filter
def evidence(text: str) -> SafeString:
    """Evidence text with each decision number linked to the decision search."""
    url = reverse("awards:decision_list")
    parts, last = [], 0
    for match in _DECISION.finditer(text):
        parts.append(conditional_escape(text[last : match.start()]))
        number = match.group(2)
        parts.append(
            format_html(
                '{}<a href="{}?{}">{}</a>',
                match.group(1),
                url,
                urlencode({"number": number}),
                number,
            )
        )
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))


@register.inclusion_tag("eligibility/_status.html")
def status_badge(status: str) -> dict:
    return {"status": status}


@register.simple_tag
def recipient_url(kind: str, code: str, year: int) -> str:
    slug = "ca-nhan" if kind == "individual" else "don-vi"
    return reverse("eligibility:recipient", args=[slug, code]) + f"?year={int(year)}"
