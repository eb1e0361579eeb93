"""The vote slips (投票卡) for printing, and the same codes as xlsx: the only two places a plain vote code exists.

A parallel of surveys/sheets.py (whose slips name a survey's target and respondent category, which a selection
does not have): the same A4 page of 12 slips with cut lines, the same QR code of the entry page's address (never
the code, R68), the same fonts and offline WeasyPrint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

from zugong.core import codes
from zugong.core.exports import xlsx_response
from zugong.honors.models import Selection
from zugong.stats.documents import _LocalOnly, font_dir, font_file
from zugong.surveys.sheets import PER_PAGE, qr_svg


def slips_html(selection: Selection, made: Sequence[str], entry_url: str) -> str:
    slips = [codes.format_code(c) for c in made]
    pages = [slips[i:i + PER_PAGE] for i in range(0, len(slips), PER_PAGE)]
    return render_to_string("honors/slips.html", {"s": selection, "pages": pages, "qr": qr_svg(entry_url), "entry_url": entry_url})


def slips_pdf(selection: Selection, made: Sequence[str], entry_url: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    css = CSS(string=f'@font-face {{ font-family: "ZG Sans"; src: url("{font_file("sans").as_uri()}"); }}', font_config=fc)
    html = slips_html(selection, made, entry_url)
    return bytes(HTML(string=html, base_url=str(font_dir()), url_fetcher=_LocalOnly()).write_pdf(stylesheets=[css], font_config=fc))


def codes_xlsx(selection: Selection, made: Sequence[str]) -> Any:
    rows = ((i, selection.title, codes.format_code(c)) for i, c in enumerate(made, start=1))
    return xlsx_response(["序号", "评选活动", "投票码"], rows, filename=f"{selection.title}-投票码.xlsx", sheet="投票码")
