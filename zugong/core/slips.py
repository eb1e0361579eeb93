"""Printed slips of one-time codes (测评卡, 投票卡): A4 pages of 12 slips (2 × 6) with dashed cut lines, each with
a QR code of the page where the code is entered — the page's address only, never the code (a code in a URL would
reach logs and browser histories, R68) — made offline with WeasyPrint and the project's fonts. The app's template
extends core/slips_base.html and fills the slip's text (`slip` is one item of `slips`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

PER_PAGE = 12


def qr_svg(url: str) -> str:
    """An address as a QR code (an SVG data URI)."""
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def slips_html(template: str, slips: Sequence[Any], entry_url: str, **context: Any) -> str:
    pages = [slips[i:i + PER_PAGE] for i in range(0, len(slips), PER_PAGE)]
    return render_to_string(template, {**context, "pages": pages, "qr": qr_svg(entry_url), "entry_url": entry_url})


def slips_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from zugong.stats.documents import LocalOnly, font_dir, font_file

    fc = FontConfiguration()
    css = CSS(string=f'@font-face {{ font-family: "ZG Sans"; src: url("{font_file("sans").as_uri()}"); }}', font_config=fc)
    return bytes(HTML(string=html, base_url=str(font_dir()), url_fetcher=LocalOnly()).write_pdf(stylesheets=[css], font_config=fc))
