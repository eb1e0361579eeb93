"""The code slips (测评卡) for printing, and the same codes as xlsx: the only two places a plain code ever exists.

A4 pages of 12 slips (2 × 6) with dashed cut lines. Each slip names the survey, the target and the respondent
category, shows the code in groups of four and a QR code that opens the answer page (the QR holds the page's
address only, never the code: a code in a URL would reach logs and browser histories, R68). Made with
WeasyPrint and the project's fonts, offline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.template.loader import render_to_string

from zugong.core import codes
from zugong.core.exports import xlsx_response
from zugong.stats.documents import _LocalOnly, font_dir, font_file
from zugong.surveys.ballots import Issued
from zugong.surveys.models import Survey

PER_PAGE = 12


def qr_svg(url: str) -> str:
    """The answer page's address as a QR code (an SVG data URI)."""
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def _slips(issued: Sequence[Issued]) -> Iterator[dict[str, Any]]:
    for part in issued:
        for code in part.codes:
            yield {"code": codes.format_code(code), "target": str(part.batch.target), "category": part.batch.category.name}


def slips_html(survey: Survey, issued: Sequence[Issued], entry_url: str) -> str:
    slips = list(_slips(issued))
    pages = [slips[i:i + PER_PAGE] for i in range(0, len(slips), PER_PAGE)]
    return render_to_string("surveys/slips.html", {"survey": survey, "pages": pages, "qr": qr_svg(entry_url), "entry_url": entry_url})


def slips_pdf(survey: Survey, issued: Sequence[Issued], entry_url: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    css = CSS(string=f'@font-face {{ font-family: "ZG Sans"; src: url("{font_file("sans").as_uri()}"); }}', font_config=fc)
    html = slips_html(survey, issued, entry_url)
    return bytes(HTML(string=html, base_url=str(font_dir()), url_fetcher=_LocalOnly()).write_pdf(stylesheets=[css], font_config=fc))


def codes_xlsx(survey: Survey, issued: Sequence[Issued]) -> Any:
    rows = ((i, s["target"], s["category"], s["code"]) for i, s in enumerate(_slips(issued), start=1))
    return xlsx_response(["序号", "测评对象", "参评人员类别", "测评码"], rows, filename=f"{survey.title}-测评码.xlsx", sheet="测评码")
