"""HTML to PDF with WeasyPrint, offline: nothing is fetched, from the network or the disk,
but what the page itself holds (fonts come from the machine's fontconfig: DejaVu, installed
by .ci/run and the documented set-up, has every Vietnamese glyph)."""

from __future__ import annotations

import weasyprint


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"resource not allowed in a generated document: {url}")


def html_to_pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf()
