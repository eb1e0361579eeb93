"""A resolved briefing (placeholders.resolve / briefings.document) as HTML, DOCX and PDF.

Official layout after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 二号方正小标宋, body 三号仿宋_GB2312
with 28.95 pt line pitch, level-1 headings 黑体, level-2 楷体_GB2312, page numbers "— N —" at the foot; a
red masthead with the issue number, the unit and the date. DOCX names the official fonts (Word on the
reader's machine supplies them); the PDF embeds the free Noto SC fonts the project installs, so Chinese
renders on a server with no Chinese fonts at all. Charts are PNGs drawn with Pillow in the same font.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from zugong.stats.placeholders import MISSING

RED = (0xC0, 0x00, 0x00)
OFFICIAL_FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "h1": "黑体", "h2": "楷体_GB2312", "masthead": "方正小标宋简体"}


@cache
def font_dir() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).resolve().parent


def font_file(kind: str) -> Path:
    return font_dir() / ("NotoSansSC-Regular.otf" if kind == "sans" else "NotoSerifSC-Regular.otf")


# --- shared ----------------------------------------------------------------------------------------
def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _part_text(parts: list[dict[str, Any]]) -> str:
    return "".join(p["text"] for p in parts)


def plain_text(doc: dict[str, Any]) -> str:
    """The document as text (tests, search, the DOCX body): one paragraph per line."""
    lines = [_part_text(doc.get("title", [])), _part_text(doc.get("subtitle", []))]
    for b in doc["blocks"]:
        if b["type"] in ("para", "heading"):
            lines.append(_part_text(b["parts"]))
        elif b["type"] == "table":
            lines.extend("\t".join(r) for r in table_rows(b))
    return "\n".join(x for x in lines if x)


def _fmt(v: Any) -> str:
    return MISSING if v is None else str(v)


def table_rows(block: dict[str, Any]) -> list[list[str]]:
    """Header, one row per child (本级 first when present) and 合计, for a [表格: …] block; or a ready table
    (`rows`, header first) from another module's report."""
    if "rows" in block:
        return [[str(c) for c in row] for row in block["rows"]]
    figs = block["figures"]
    header = ["单位", *[f"{f['label'] or f['code']}（{f['unit']}）" if f["unit"] else (f["label"] or f["code"]) for f in figs]]
    names: list[str] = []
    for f in figs:
        for c in f["children"]:
            if c["name"] not in names:
                names.append(c["name"])
    rows = [header]
    own_empty = all(not c["value"] for f in figs for c in f["children"] if c["name"] == "本级")
    for name in names:
        if name == "本级" and own_empty:
            continue  # no unit has records of its own: leave the 本级 row out
        row = [name]
        for f in figs:
            val = next((c["value"] for c in f["children"] if c["name"] == name), None)
            row.append(MISSING if f["missing"] else _fmt(val))
        rows.append(row)
    rows.append(["合计", *[MISSING if f["missing"] else _fmt(f["total"]) for f in figs]])
    return rows


def with_links(doc: dict[str, Any]) -> dict[str, Any]:
    """Each figure gets the link to its records (provenance): the same unit, period and, for an issued
    briefing, the snapshot, so the records page shows the figure as issued beside today's count."""
    start, end = doc.get("period") or (None, None)
    base: dict[str, Any] = {"org": doc["org"]}
    if start:
        base["start"] = start
    if end:
        base["end"] = end
    if doc.get("snapshot"):
        base["snapshot"] = doc["snapshot"]
    for b in doc["blocks"]:
        for p in b.get("parts", []):
            if p.get("code") and not p.get("missing"):
                if p.get("mode") == "value":
                    p["link"] = reverse("stats:records") + "?" + urlencode({"indicator": p["code"], **base})
                else:
                    q = {"org": doc["org"], "indicators": p["code"], "start": start or "", "end": end or ""}
                    p["link"] = reverse("stats:dashboard") + "?" + urlencode(q)
    return doc


# --- charts ----------------------------------------------------------------------------------------
def chart_png(fig: dict[str, Any], width: int = 1200, height: int = 560) -> bytes:
    """A per-child bar chart of one frozen figure, drawn with Pillow (no browser, no network)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    title_font = ImageFont.truetype(str(font_file("sans")), 30)
    font = ImageFont.truetype(str(font_file("sans")), 22)
    title = f"{fig['label'] or fig['code']}（{fig['unit']}）" if fig["unit"] else (fig["label"] or fig["code"])
    d.text((width / 2, 20), title, font=title_font, fill="black", anchor="mt")
    rows = [c for c in fig["children"] if c["value"] is not None and (c["name"] != "本级" or c["value"])]
    if fig["missing"] or not rows:
        d.text((width / 2, height / 2), MISSING, font=title_font, fill=RED, anchor="mm")
        return _png(img)
    values = [float(Decimal(str(c["value"]))) for c in rows]
    top = max(max(values), 1.0)
    left, right, y0, y1 = 80, width - 30, 90, height - 120
    d.line((left, y1, right, y1), fill="#333", width=2)
    for i in range(5):  # grid lines with their values
        y = y1 - (y1 - y0) * i / 4
        d.line((left, y, right, y), fill="#ddd", width=1)
        d.text((left - 8, y), f"{top * i / 4:.0f}" if top >= 4 else f"{top * i / 4:.1f}", font=font, fill="#555", anchor="rm")
    slot = (right - left) / len(rows)
    bar = max(min(slot * 0.6, 80), 4)
    for i, (c, v) in enumerate(zip(rows, values, strict=True)):
        cx = left + slot * (i + 0.5)
        h = (y1 - y0) * v / top
        d.rectangle((cx - bar / 2, y1 - h, cx + bar / 2, y1), fill=(0x20, 0x6B, 0xC4))
        d.text((cx, y1 - h - 6), _fmt(c["value"]), font=font, fill="black", anchor="mb")
        name = short_name(c["name"])
        w = d.textlength(name, font=font)
        if w <= slot - 4:
            d.text((cx, y1 + 12), name, font=font, fill="black", anchor="mt")
        else:  # too wide for its slot: written at 45 degrees, ending under the bar
            label = Image.new("RGBA", (int(w) + 4, 30), (255, 255, 255, 0))
            ImageDraw.Draw(label).text((0, 2), name, font=font, fill="black")
            label = label.rotate(45, expand=True)
            img.paste(label, (int(cx - label.width + 8), int(y1 + 6)), label)
    return _png(img)


def short_name(name: str) -> str:
    """甲市委组织部 → 甲市, 黑龙江大学党委组织部 → 黑龙江大学: axis labels need the place, not the office."""
    for suffix in ("党委组织部", "工委组织部", "委组织部", "组织部"):
        if name.endswith(suffix) and len(name) > len(suffix):
            short = name[: -len(suffix)]
            return short + "区" if short.endswith("地") else short
    return name


def _png(img: Any) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def chart_data_uri(fig: dict[str, Any]) -> str:
    return "data:image/png;base64," + base64.b64encode(chart_png(fig)).decode()


# --- HTML and PDF ----------------------------------------------------------------------------------
def masthead_pt(masthead: str) -> int:
    """36 pt, smaller for a long masthead so it stays on one line of the 156 mm type area."""
    return max(20, min(36, int(420 / (max(len(masthead), 1) * 1.1))))


def html_context(doc: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    n = max(len(meta.get("masthead", "")), 1)
    # pt for print and PDF; on screen also at most the width of the page it sits on (cqi, app.css)
    meta = {**meta, "masthead_pt": masthead_pt(meta.get("masthead", "")), "masthead_cqi": round(92 / (n * 1.1), 2)}
    blocks = []
    for b in doc["blocks"]:
        if b["type"] == "table":
            rows = table_rows(b)
            links = list(b.get("links") or [])
            # a ready table's rows may link to their records (a project of the bulletin): the first cell is the link
            linked = [(row, links[i] if i < len(links) else "") for i, row in enumerate(rows[1:])]
            blocks.append({**b, "header": rows[0], "rows": rows[1:], "linked": linked, "link_col": b.get("link_col", 0)})
        elif b["type"] == "chart":
            blocks.append({**b, "img": chart_data_uri(b["figures"][0])})
        else:
            blocks.append(b)
    return {"doc": doc, "blocks": blocks, "meta": meta}


def to_html(doc: dict[str, Any], meta: dict[str, Any]) -> str:
    return render_to_string("stats/briefing_doc.html", html_context(doc, meta))


def pdf_css() -> str:
    serif, sans = font_file("serif").as_uri(), font_file("sans").as_uri()
    return f"""
@font-face {{ font-family: "ZG Serif"; src: url("{serif}"); }}
@font-face {{ font-family: "ZG Sans"; src: url("{sans}"); }}
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "ZG Serif"; font-size: 14pt; }} }}
.briefing-doc {{ font-family: "ZG Serif"; }}
.briefing-doc .bd-h1 {{ font-family: "ZG Sans"; }}
.briefing-doc .bd-h2 {{ font-family: "ZG Serif"; font-weight: bold; }}
.briefing-doc a {{ color: inherit; text-decoration: none; }}
"""


def to_pdf(doc: dict[str, Any], meta: dict[str, Any]) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    sheet = finders.find("zugong/briefing.css")
    stylesheets = [CSS(filename=str(sheet), font_config=fc)] if sheet else []
    stylesheets.append(CSS(string=pdf_css(), font_config=fc))
    html = render_to_string("stats/briefing_print.html", html_context(doc, meta))
    return bytes(HTML(string=html, base_url=str(font_dir()), url_fetcher=LocalOnly()).write_pdf(
        stylesheets=stylesheets, font_config=fc))


def _allowed_file(url: str) -> bool:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    return path.is_relative_to(font_dir())


class LocalOnly:
    """The PDF renderer may read the project's fonts and data: images (the charts); nothing
    else — no network, no other file — whatever text ends up in a briefing."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"file", "data"})

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith("file:") and not _allowed_file(url):
            raise ValueError(f"refused: {url}")
        return self._fetcher.fetch(url, *args, **kwargs)


# --- DOCX ------------------------------------------------------------------------------------------
def _font(run_or_style: Any, east_asia: str, size: float | None = None, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    f = run_or_style.font
    f.name = "Times New Roman"
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size:
        f.size = Pt(size)
    f.bold = bold or None
    if color:
        f.color.rgb = RGBColor(*color)


def _page_number_footer(section: Any) -> None:
    """'— PAGE —' centred at the foot, 四号宋体 (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", 14)
    run = p.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _font(p.add_run(" —"), "宋体", 14)


def _red_rule(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def to_docx(doc: dict[str, Any], meta: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    normal = d.styles["Normal"]
    _font(normal, OFFICIAL_FONTS["body"], 16)
    pf = normal.paragraph_format
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28.95)
    pf.space_before = pf.space_after = Pt(0)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:val"), "zh-CN")
    d.core_properties.title = _part_text(doc.get("title", []))
    d.core_properties.author = meta.get("unit", "")
    d.core_properties.language = "zh-CN"

    def centered(text: str, font: str, size: float, color: tuple[int, int, int] | None = None, bold: bool = False) -> Any:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    # masthead: red name, issue number, unit and date over a red rule
    mast = centered(meta["masthead"], OFFICIAL_FONTS["masthead"], masthead_pt(meta["masthead"]), color=RED)
    mast.paragraph_format.line_spacing = Pt(48)
    centered(meta["number"], OFFICIAL_FONTS["body"], 16)
    p = d.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=2)  # right-aligned date
    _font(p.add_run(f"{meta['unit']}\t{meta['date']}"), OFFICIAL_FONTS["body"], 16)
    _red_rule(p)
    d.add_paragraph()
    title = centered(_part_text(doc.get("title", [])), OFFICIAL_FONTS["title"], 22)
    title.paragraph_format.line_spacing = Pt(36)
    if doc.get("subtitle"):
        centered(_part_text(doc["subtitle"]), OFFICIAL_FONTS["h2"], 16)
    d.add_paragraph()
    for b in doc["blocks"]:
        if b["type"] in ("para", "heading"):
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
            font = OFFICIAL_FONTS["h1"] if b.get("level") == 1 else OFFICIAL_FONTS["h2"] if b.get("level") == 2 else OFFICIAL_FONTS["body"]
            for part in b["parts"]:
                run = p.add_run(part["text"])
                _font(run, font, 16, color=RED if part.get("missing") else None)
        elif b["type"] == "table":
            rows = table_rows(b)
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            name_width = Cm(5.2)
            other = Cm((15.6 - 5.2) / max(len(rows[0]) - 1, 1))
            for j, col in enumerate(t.columns):  # the grid (what LibreOffice and WPS read) and each cell (Word)
                col.width = name_width if j == 0 else other
            header = t.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
            repeat.set(qn("w:val"), "true")
            header.append(repeat)
            for i, row in enumerate(rows):
                for j, text in enumerate(row):
                    cell = t.cell(i, j)
                    cell.width = name_width if j == 0 else other
                    cell.text = ""
                    cp = cell.paragraphs[0]
                    cp.alignment = WD_ALIGN_PARAGRAPH.CENTER if j else WD_ALIGN_PARAGRAPH.LEFT
                    cp.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                    _font(cp.add_run(text), OFFICIAL_FONTS["h1"] if i == 0 else OFFICIAL_FONTS["body"], 12)
        elif b["type"] == "chart":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            p.add_run().add_picture(io.BytesIO(chart_png(b["figures"][0])), width=Cm(15))
    _page_number_footer(sec)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
