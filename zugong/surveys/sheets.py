"""The code slips (测评卡) for printing, and the same codes as xlsx: the only two places a plain code ever exists.

Each slip (core/slips.py: 12 an A4 page, cut lines, a QR code of the answer page, never of the code) names the
survey, the target and the respondent category and shows the code in groups of four."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from zugong.core import codes
from zugong.core import slips as core_slips
from zugong.core.exports import xlsx_response
from zugong.surveys.ballots import Issued
from zugong.surveys.models import Survey


def _slips(issued: Sequence[Issued]) -> Iterator[dict[str, Any]]:
    for part in issued:
        for code in part.codes:
            yield {"code": codes.format_code(code), "target": str(part.batch.target), "category": part.batch.category.name}


def slips_html(survey: Survey, issued: Sequence[Issued], entry_url: str) -> str:
    return core_slips.slips_html("surveys/slips.html", list(_slips(issued)), entry_url, survey=survey)


def slips_pdf(survey: Survey, issued: Sequence[Issued], entry_url: str) -> bytes:
    return core_slips.slips_pdf(slips_html(survey, issued, entry_url))


def codes_xlsx(survey: Survey, issued: Sequence[Issued]) -> Any:
    rows = ((i, s["target"], s["category"], s["code"]) for i, s in enumerate(_slips(issued), start=1))
    return xlsx_response(["序号", "测评对象", "参评人员类别", "测评码"], rows, filename=f"{survey.title}-测评码.xlsx", sheet="测评码")
