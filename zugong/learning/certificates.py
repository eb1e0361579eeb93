"""合格证书 (PDF) for a passed attempt, drawn with the project's own fonts (no network, no system fonts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zugong.learning.models import Attempt
from zugong.stats.documents import LocalOnly, font_dir, font_file

CSS = """
@font-face {{ font-family: "ZG Serif"; src: url("{serif}"); }}
@font-face {{ font-family: "ZG Sans"; src: url("{sans}"); }}
@page {{ size: A4 landscape; margin: 0; }}
body {{ margin: 0; font-family: "ZG Serif"; color: #222; }}
.frame {{ position: absolute; inset: 14mm; border: 3mm double #b71c1c; padding: 22mm 30mm; text-align: center; }}
h1 {{ font-family: "ZG Sans"; color: #b71c1c; font-size: 38pt; letter-spacing: 12pt; margin: 6mm 0 14mm; }}
.body {{ font-size: 19pt; line-height: 2; text-align: left; text-indent: 2em; }}
.name {{ font-family: "ZG Sans"; font-size: 22pt; border-bottom: 1px solid #222; padding: 0 6mm; }}
.sign {{ position: absolute; right: 34mm; bottom: 30mm; text-align: center; font-size: 16pt; line-height: 1.9; }}
.no {{ position: absolute; left: 30mm; bottom: 22mm; font-size: 11pt; color: #555; }}
"""


def number(attempt: Attempt) -> str:
    """The certificate number: exam, sitting (stable, so a reprint carries the same number)."""
    return f"ZG{attempt.exam_id:05d}-{attempt.pk:07d}"


def certificate_pdf(attempt: Attempt) -> bytes:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    css = CSS.format(serif=font_file("serif").as_uri(), sans=font_file("sans").as_uri())
    assert attempt.submitted_at is not None
    html = render_to_string("learning/certificate.html", {
        "attempt": attempt, "exam": attempt.exam, "cadre": attempt.cadre, "number": number(attempt),
        "day": timezone.localdate(attempt.submitted_at), "issuer": attempt.exam.org_unit.name,
    })
    return bytes(HTML(string=html, base_url=str(font_dir()), url_fetcher=LocalOnly()).write_pdf(
        stylesheets=[WCSS(string=css, font_config=fc)], font_config=fc))
