"""The vote slips (投票卡) for printing, and the same codes as xlsx: the only two places a plain vote code exists.

Each slip (core/slips.py: 12 an A4 page, cut lines, a QR code of the vote page, never of the code) names the
selection and the per-voter limit and shows the code in groups of four."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zugong.core import codes
from zugong.core import slips as core_slips
from zugong.core.exports import xlsx_response
from zugong.honors.models import Selection


def slips_html(selection: Selection, made: Sequence[str], entry_url: str) -> str:
    return core_slips.slips_html("honors/slips.html", [codes.format_code(c) for c in made], entry_url, s=selection)


def slips_pdf(selection: Selection, made: Sequence[str], entry_url: str) -> bytes:
    return core_slips.slips_pdf(slips_html(selection, made, entry_url))


def codes_xlsx(selection: Selection, made: Sequence[str]) -> Any:
    rows = ((i, selection.title, codes.format_code(c)) for i, c in enumerate(made, start=1))
    return xlsx_response(["序号", "评选活动", "投票码"], rows, filename=f"{selection.title}-投票码.xlsx", sheet="投票码")
