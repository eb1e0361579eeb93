"""Briefings: the placeholder language, live drafts, issuing (第N期 + frozen snapshot), DOCX and PDF."""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zugong.core.errors import ValidationError
from zugong.people.models import Movement
from zugong.stats import briefings, documents, engine, placeholders, snapshots
from zugong.stats.models import Briefing, BriefingTemplate, Snapshot, SnapshotValue
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db
PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
BODY = """\
{期间}，{单位}共有在册组工干部{people.headcount}人，干部变动{people.movements}人次。
一、分单位情况
各下级单位：{people.headcount|下级}。人数最多的是{people.headcount|前1}。
（一）培训
开展组工干部培训{nosuch.visits}期。
[表格: people.headcount, people.movements]
[图表: people.headcount]
"""


def _template(actor: Any, unit: Any, body: str = BODY, **extra: Any) -> BriefingTemplate:
    data = {"name": "测试模板", "kind": "briefing", "masthead": "组工简报", "title": "{单位}队伍建设情况", "subtitle": "", "body": body}
    return briefings.template_create(actor=actor, org_unit=unit, data={**data, **extra})


@pytest.fixture
def data(tree: Any, make_cadre: Any) -> Any:
    for unit, n in ((tree.city_a, 1), (tree.county_a1, 3), (tree.county_a2, 2)):
        for _ in range(n):
            make_cadre(unit)
    cadre = make_cadre(tree.county_a1)
    Movement.objects.create(cadre=cadre, kind=Movement.Kind.ROTATION, date=date(2026, 3, 1), org_unit=tree.county_a1)
    Movement.objects.create(cadre=cadre, kind=Movement.Kind.SELECTION, date=date(2026, 5, 1), org_unit=tree.county_a2)
    return tree


# --- the language ----------------------------------------------------------------------------------
def test_parse_blocks_headings_and_placeholders() -> None:
    blocks = placeholders.parse(BODY)
    assert [b["type"] for b in blocks] == ["para", "heading", "para", "heading", "para", "table", "chart"]
    assert [b.get("level") for b in blocks[:4]] == [0, 1, 0, 2]
    assert placeholders.codes(blocks) == ["people.headcount", "people.movements", "nosuch.visits"]
    p = [x for x in blocks[2]["parts"] if isinstance(x, placeholders.Placeholder)]
    assert p == [placeholders.Placeholder("people.headcount", "children"), placeholders.Placeholder("people.headcount", "top", 1)]


def test_bad_placeholders_are_listed_with_their_lines() -> None:
    with pytest.raises(placeholders.TemplateError) as exc:
        placeholders.parse("第一行{人数}\n好的一行\n{people.headcount|排序}\n[图表: a.b, c.d]")
    assert exc.value.problems == [
        "第1行：无法识别的占位符 {人数}",
        "第3行：{people.headcount|排序} 的写法不对，可用 |下级、|前3、|后3",
        "第4行：图表只能放一个指标",
    ]


def test_live_figures_equal_the_engine_and_unknown_indicators_say_no_data(personas: Any, data: Any) -> None:
    tpl = _template(personas.city_a, data.city_a)
    b = briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=tpl, period_start=PERIOD[0], period_end=PERIOD[1])
    doc = briefings.document(personas.city_a, b)
    text = documents.plain_text(doc)
    assert "甲市委组织部队伍建设情况" in text
    assert "2026年1月1日至2026年6月30日，甲市委组织部共有在册组工干部7人，干部变动2人次。" in text
    assert "各下级单位：本级1人、甲一县委组织部4人、甲二县委组织部2人。人数最多的是甲一县委组织部4人。" in text
    assert "开展组工干部培训〔尚无数据〕期。" in text
    assert doc["missing"] == ["nosuch.visits"]
    headcount = get("people.headcount")
    assert engine.value(headcount, personas.city_a, data.city_a, engine.Period(*PERIOD)) == 7
    table = next(blk for blk in doc["blocks"] if blk["type"] == "table")
    assert documents.table_rows(table) == [
        ["单位", "在册组工干部（人）", "干部变动（人次）"],
        ["本级", "1", "0"], ["甲一县委组织部", "4", "1"], ["甲二县委组织部", "2", "1"], ["合计", "7", "2"],
    ]


# --- issuing ---------------------------------------------------------------------------------------
def test_issue_numbers_per_unit_masthead_and_year_and_freezes_figures(personas: Any, data: Any, make_cadre: Any) -> None:
    tpl = _template(personas.city_a, data.city_a)
    mk = lambda: briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=tpl,  # noqa: E731
                                           period_start=PERIOD[0], period_end=PERIOD[1])
    b1, b2, b3 = mk(), mk(), mk()
    briefings.briefing_issue(actor=personas.city_a, briefing=b1, expected_version=b1.version, today=date(2026, 7, 2))
    briefings.briefing_issue(actor=personas.city_a, briefing=b2, expected_version=b2.version, today=date(2026, 7, 9))
    briefings.briefing_issue(actor=personas.city_a, briefing=b3, expected_version=b3.version, today=date(2027, 1, 5))
    assert [(b.year, b.number, b.issue_label) for b in (b1, b2, b3)] == [(2026, 1, "第1期"), (2026, 2, "第2期"), (2027, 1, "第1期")]
    other = _template(personas.city_a, data.city_a, name="通报模板", masthead="组工通报")
    b4 = briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=other, period_start=PERIOD[0], period_end=PERIOD[1])
    briefings.briefing_issue(actor=personas.city_a, briefing=b4, expected_version=b4.version, today=date(2026, 7, 9))
    assert b4.number == 1  # its own masthead, its own numbering

    before = documents.plain_text(briefings.document(personas.city_a, b1))
    draft = mk()
    for _ in range(5):
        make_cadre(data.county_a2)
    b1.refresh_from_db()
    assert documents.plain_text(briefings.document(personas.city_a, b1)) == before  # issued: never changes
    assert "在册组工干部7人" in before
    assert "在册组工干部12人" in documents.plain_text(briefings.document(personas.city_a, draft))  # a draft is live

    snap = b1.snapshot
    assert snap is not None and snap.reason == Snapshot.Reason.BRIEFING and snap.title == "组工简报第1期"
    totals = dict(snap.values.filter(row="total").values_list("code", "value"))
    assert {k: int(v) for k, v in totals.items()} == {"people.headcount": 7, "people.movements": 2}
    assert snap.values.get(code="people.headcount", row="total").records == 7
    kids = list(snap.values.filter(code="people.headcount", row__in=["own", "child"]).values_list("name", "value"))
    assert [(n, int(v)) for n, v in kids] == [("本级", 1), ("甲一县委组织部", 4), ("甲二县委组织部", 2)]


def test_issued_briefing_cannot_be_edited_or_issued_again(personas: Any, data: Any) -> None:
    tpl = _template(personas.city_a, data.city_a)
    b = briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=tpl, period_start=PERIOD[0], period_end=PERIOD[1])
    briefings.briefing_issue(actor=personas.city_a, briefing=b, expected_version=b.version)
    with pytest.raises(ValidationError, match=briefings.MSG_ISSUED):
        briefings.briefing_update(actor=personas.city_a, briefing=b, data={"title": "改"}, expected_version=b.version)
    with pytest.raises(ValidationError, match=briefings.MSG_ISSUED):
        briefings.briefing_issue(actor=personas.city_a, briefing=b, expected_version=b.version)
    with pytest.raises(ValidationError, match=briefings.MSG_NOT_DRAFT):
        briefings.briefing_delete(actor=personas.city_a, briefing=b)


def test_only_a_leader_or_admin_issues(personas: Any, data: Any) -> None:
    from zugong.conftest import make_user

    clerk = make_user("a-clerk", grants=[("clerk", data.city_a)])
    tpl = _template(personas.city_a, data.city_a)
    b = briefings.briefing_create(actor=clerk, org_unit=data.city_a, template=tpl, period_start=PERIOD[0], period_end=PERIOD[1])
    with pytest.raises(PermissionDenied):
        briefings.briefing_issue(actor=clerk, briefing=b, expected_version=b.version)
    leader = make_user("a-leader", grants=[("leader", data.city_a)])
    briefings.briefing_issue(actor=leader, briefing=b, expected_version=b.version)
    assert b.number == 1 and b.issued_by == leader


def test_builtin_templates_parse_and_render_no_data_markers(personas: Any, data: Any) -> None:
    for code in ("progress", "campaign_summary"):
        tpl = briefings.template_from_builtin(actor=personas.city_a, org_unit=data.city_a, code=code)
        b = briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=tpl, period_start=PERIOD[0], period_end=PERIOD[1])
        doc = briefings.document(personas.city_a, b)
        text = documents.plain_text(doc)
        # every indicator the built-in templates name is registered and counted from records: none is missing,
        # so no 〔尚无数据〕 marker (a period without records prints 0, as the seeds would)
        assert doc["missing"] == [] and "〔尚无数据〕" not in text, doc["missing"]
        assert "在册组工干部7人" in text
    again = briefings.template_from_builtin(actor=personas.city_a, org_unit=data.city_a, code="progress")
    assert again.name == "创先争优活动进展情况综述（2）"


def test_period_close_freezes_every_visible_indicator(personas: Any, data: Any) -> None:
    snap = snapshots.period_close(actor=personas.city_a, org=data.city_a, period=engine.Period(*PERIOD))
    ctx = snapshots.context_of(snap)
    assert ctx.figures["people.headcount"].total == 7
    assert ctx.figures["people.movements_rotation"].total == 1
    assert [c["name"] for c in ctx.figures["people.headcount"].children] == ["本级", "甲一县委组织部", "甲二县委组织部"]
    assert SnapshotValue.objects.filter(snapshot=snap, row="total").count() == len(ctx.figures)
    with pytest.raises(PermissionDenied):
        snapshots.period_close(actor=personas.county_a1_readonly, org=data.county_a1, period=engine.Period(*PERIOD))


# --- documents -------------------------------------------------------------------------------------
@pytest.fixture
def issued(personas: Any, data: Any) -> Briefing:
    tpl = _template(personas.city_a, data.city_a)
    b = briefings.briefing_create(actor=personas.city_a, org_unit=data.city_a, template=tpl, period_start=PERIOD[0], period_end=PERIOD[1])
    return briefings.briefing_issue(actor=personas.city_a, briefing=b, expected_version=b.version)


def test_docx_has_the_official_layout_and_fonts(client: Any, personas: Any, issued: Briefing) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    client.force_login(personas.city_a)
    resp = client.get(reverse("stats:briefing_docx", args=[issued.pk]))
    assert resp.status_code == 200
    d = Document(io.BytesIO(resp.content))
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(sec.top_margin.cm, 1), round(sec.left_margin.cm, 1)) == (3.7, 2.8)
    normal = d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert normal == "仿宋_GB2312"
    paras = [p for p in d.paragraphs if p.text]

    def east_asia(p: Any) -> str:
        return p.runs[0].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert paras[0].text == "组工简报" and east_asia(paras[0]) == "方正小标宋简体"
    assert paras[1].text == "第1期"
    title = next(p for p in paras if p.text == "甲市委组织部队伍建设情况")
    assert east_asia(title) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    h1 = next(p for p in paras if p.text.startswith("一、"))
    assert east_asia(h1) == "黑体"
    body = next(p for p in paras if "在册组工干部" in p.text)
    assert "在册组工干部7人" in body.text and body.runs[0].font.size.pt == 16
    assert len(d.tables) == 1 and d.tables[0].rows[-1].cells[1].text == "7"
    table = d.tables[0]
    assert round(table.columns[0].width.cm, 1) == 5.2  # unit names get the room (the grid LibreOffice/WPS read)
    assert "w:tblHeader" in table.rows[0]._tr.xml  # the header row repeats on each page
    assert len(d.inline_shapes) == 1  # the chart
    footer_xml = d.sections[0].footer._element.xml
    assert "PAGE" in footer_xml


def test_pdf_embeds_fonts_and_renders_chinese(client: Any, personas: Any, issued: Briefing, caplog: Any) -> None:
    import pypdfium2 as pdfium

    client.force_login(personas.city_a)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        resp = client.get(reverse("stats:briefing_pdf", args=[issued.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert not [r for r in caplog.records if "notdef" in r.getMessage()], "a character had no glyph"
    pdf = pdfium.PdfDocument(resp.content)
    assert _fonts(pdf) and all(embedded for _name, embedded in _fonts(pdf)), _fonts(pdf)  # every font embedded
    assert {"ZG-Serif", "ZG-Sans"} <= {name.split("+")[-1] for name, _ in _fonts(pdf)}, _fonts(pdf)  # the project's Noto SC
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    compact = "".join(text.split())
    assert "组工简报" in compact and "第1期" in compact and "在册组工干部7人" in compact
    assert "甲一县委组织部4人" in compact
    bitmap = pdf[0].render(scale=0.5).to_pil().convert("L")
    assert bitmap.getextrema()[0] < 80  # ink on the page


def _fonts(pdf: Any) -> set[tuple[str, bool]]:
    import ctypes

    import pypdfium2.raw as raw

    out = set()
    for i in range(len(pdf)):
        for obj in pdf[i].get_objects():
            if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                font = raw.FPDFTextObj_GetFont(obj.raw)
                n = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buf = ctypes.create_string_buffer(n)
                raw.FPDFFont_GetBaseFontName(font, buf, n)
                out.add((buf.value.decode(), bool(raw.FPDFFont_GetIsEmbedded(font))))
    return out


def test_chart_png_draws_the_children(issued: Briefing) -> None:
    from PIL import Image

    chart = next(b for b in issued.rendered["blocks"] if b["type"] == "chart")
    png = documents.chart_png(chart["figures"][0])
    img = Image.open(io.BytesIO(png))
    assert img.size == (1200, 560)
    blue = sum(1 for px in img.getdata() if px == (0x20, 0x6B, 0xC4))
    assert blue > 1000  # the bars


# --- pages -----------------------------------------------------------------------------------------
def test_pages_scope_and_issue_through_the_browser(client: Any, personas: Any, data: Any) -> None:
    tpl = _template(personas.city_a, data.city_a)
    client.force_login(personas.city_a)
    resp = client.post(reverse("stats:briefing_add"), {"template": tpl.pk, "period_start": "2026-01-01", "period_end": "2026-06-30"})
    assert resp.status_code == 302
    b = Briefing.objects.get()
    assert "甲市委组织部队伍建设情况" in client.get(reverse("stats:briefing_list")).content.decode()  # {单位} filled in
    page = client.get(b.get_absolute_url()).content.decode()
    assert "在册组工干部" in page and "〔尚无数据〕" in page
    assert reverse("stats:records") + "?indicator=people.headcount" in page  # provenance link
    resp = client.post(reverse("stats:briefing_issue", args=[b.pk]), {"version": b.version})
    assert resp.status_code == 303
    b.refresh_from_db()
    assert b.is_issued and b.number == 1
    page = client.get(b.get_absolute_url()).content.decode()
    assert f"snapshot={b.snapshot_id}" in page  # figures link to their records as issued
    # an issued briefing has no edit page
    assert client.get(reverse("stats:briefing_edit", args=[b.pk])).status_code == 302
    # out of scope: a county of the other city sees nothing
    client.force_login(personas.county_b1)
    assert client.get(b.get_absolute_url()).status_code == 404
    assert client.get(reverse("stats:briefing_pdf", args=[b.pk])).status_code == 404
    # a read-only user sees the issued briefing of a superior? no: scope is the own subtree
    client.force_login(personas.county_a1_readonly)
    assert client.get(b.get_absolute_url()).status_code == 404


def test_bad_input_gets_chinese_messages_not_500(client: Any, personas: Any, data: Any) -> None:
    client.force_login(personas.city_a)
    resp = client.post(reverse("stats:template_add"), {"name": "坏模板", "kind": "briefing", "masthead": "组工简报",
                                                       "title": "标题", "body": "共有{人数}人"})
    assert resp.status_code == 400
    assert "第1行：无法识别的占位符 {人数}" in resp.content.decode()
    assert not BriefingTemplate.objects.exists()
    resp = client.post(reverse("stats:briefing_preview"), {"org": data.city_a.pk, "body": "{people.headcount|前99}"})
    assert resp.status_code == 400 and "排名数应在1-50之间" in resp.content.decode()
    resp = client.post(reverse("stats:briefing_preview"), {"org": data.city_a.pk, "body": "x", "period_start": "2026-13-01"})
    assert resp.status_code == 400 and "日期格式不对" in resp.content.decode()
    resp = client.post(reverse("stats:briefing_preview"), {"org": data.county_b1.pk, "body": "x"})
    assert resp.status_code == 404
    resp = client.post(reverse("stats:briefing_add"), {"template": "999999", "period_start": "2026-07-01", "period_end": "2026-01-01"})
    assert resp.status_code == 400 and "请选择本单位的模板" in resp.content.decode()


def test_live_preview_renders_real_figures(client: Any, personas: Any, data: Any) -> None:
    client.force_login(personas.city_a)
    resp = client.post(reverse("stats:briefing_preview"), {
        "org": data.city_a.pk, "masthead": "组工简报", "title": "{单位}", "body": "共{people.headcount}人，{nosuch.visits}期",
        "period_start": "2026-01-01", "period_end": "2026-06-30"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert ">7</a>人" in html and "〔尚无数据〕" in html and "nosuch.visits" in html


def test_stale_edit_conflicts(personas: Any, data: Any) -> None:
    from zugong.core.errors import ConflictError

    tpl = _template(personas.city_a, data.city_a)
    v = tpl.version
    briefings.template_update(actor=personas.city_a, template=tpl, data={"title": "新标题"}, expected_version=v)
    with pytest.raises(ConflictError):
        briefings.template_update(actor=personas.city_a, template=BriefingTemplate.objects.get(pk=tpl.pk),
                                  data={"title": "另一个"}, expected_version=v)
    assert BriefingTemplate.objects.get(pk=tpl.pk).title == "新标题"


def test_provenance_of_an_issued_figure_shows_frozen_and_current(client: Any, personas: Any, issued: Briefing, make_cadre: Any,
                                                                   data: Any) -> None:
    for _ in range(5):
        make_cadre(data.county_a2)
    client.force_login(personas.city_a)
    url = reverse("stats:records") + f"?indicator=people.headcount&org={data.city_a.pk}&snapshot={issued.snapshot_id}"
    html = client.get(url).content.decode()
    assert 'data-frozen-value>7<' in html and 'data-current-value>12<' in html and "签发后增加 5" in html
    assert "（当时 7 条记录）" in html
    # a snapshot of another unit, or garbage, shows no comparison (and no error)
    for bad in ("abc", "999999"):
        html = client.get(url.replace(f"snapshot={issued.snapshot_id}", f"snapshot={bad}")).content.decode()
        assert "data-frozen" not in html
    client.force_login(personas.county_b1)
    assert client.get(url).status_code == 404


def test_dashboard_points_to_the_frozen_figures_of_its_period(client: Any, personas: Any, issued: Briefing, data: Any) -> None:
    client.force_login(personas.city_a)
    html = client.get(reverse("stats:dashboard") + f"?org={data.city_a.pk}&start=2026-01-01&end=2026-06-30").content.decode()
    assert "data-snapshots" in html and "组工简报第1期" in html and issued.snapshot.get_absolute_url() in html
    html = client.get(reverse("stats:dashboard") + f"?org={data.city_a.pk}&start=2026-01-01&end=2026-06-29").content.decode()
    assert "data-snapshots" not in html


def test_pdf_renderer_reads_no_file_or_url_but_its_own() -> None:
    fetch = documents.LocalOnly()
    for url in ("file:///etc/passwd", "http://127.0.0.1:6379/", "https://example.com/logo.png", "ftp://x/y"):
        with pytest.raises(ValueError):
            fetch(url)
    assert fetch(documents.font_file("serif").as_uri())  # the project's font is allowed
