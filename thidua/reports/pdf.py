"""HTML to PDF with WeasyPrint, offline: nothing is fetched, from the network or the disk,
but the fonts bundled in thidua/reports/fonts/ (Liberation Serif, every Vietnamese glyph),
declared under the family name FONT_FAMILY. A PDF thus looks the same on every machine,
whatever fonts fontconfig has."""

from __future__ import annotations

from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Thi Dua Serif"
_FACES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
FONT_CSS = "\n".join(
    f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
    f'font-style: {style}; src: url("{(FONT_DIR / name).as_uri()}"); }}'
    for (weight, style), name in _FACES.items()
)
_ALLOWED = tuple((FONT_DIR / name).as_uri() for name in _FACES.values())


class _BundledFontsOnly(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url, headers=None):
        if url not in _ALLOWED:
            raise ValueError(f"resource not allowed in a generated document: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page whose CSS names font-family FONT_FAMILY."""
    fonts, fetcher = FontConfiguration(), _BundledFontsOnly()
    faces = weasyprint.CSS(string=FONT_CSS, font_config=fonts, url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[faces], font_config=fonts)
