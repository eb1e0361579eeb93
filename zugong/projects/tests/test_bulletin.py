"""The monthly bulletin (月通报) and the indicators: rows and ranking, issuing through the briefing machinery freezes
figures and tables, the indicators' values and their per-city breakdown and records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.projects import bulletin, services
from zugong.projects.models import Milestone, Project
from zugong.stats import briefings, documents, engine
from zugong.stats.models import SnapshotValue
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(personas: Any, tree: Any, menu_project: Project, claim: Any) -> dict[str, Project]:
    """甲一县 (60%, a milestone overdue), 乙一县 (20%), 甲市 (no report) claimed and approved; 甲二县 pending."""
    today = timezone.localdate()
    month = today.replace(day=1)
    out = {}
    for key, unit, pct in (("a1", tree.county_a1, 60), ("b1", tree.county_b1, 20), ("a", tree.city_a, None)):
        p = claim(unit, menu_project, approve=True).project
        if pct is not None:
            services.report_save(actor=personas.province, project=p, month=month, percent=pct, text=f"{unit.name}本月推进情况")
        out[key] = p
    Milestone.objects.filter(project=out["a1"]).update(due_on=today - timedelta(days=1))
    claim(tree.county_a2, menu_project)
    return out


def test_rows_and_ranking(personas: Any, tree: Any, claimed: dict[str, Project]) -> None:
    today = timezone.localdate()
    _start, end = bulletin.month_period(today)
    rows = bulletin.rows(personas.province, tree.province, end)
    by_unit = {r.project.org_unit.name: r for r in rows}
    assert set(by_unit) == {"甲一县委组织部", "乙一县委组织部", "甲市委组织部"}  # the pending claim is not a project
    assert (by_unit["甲一县委组织部"].progress, by_unit["甲一县委组织部"].overdue, by_unit["甲一县委组织部"].late_milestones) == (60, True, 2)
    assert (by_unit["乙一县委组织部"].progress, by_unit["乙一县委组织部"].overdue) == (20, False)
    assert by_unit["甲市委组织部"].last_report is None and by_unit["甲市委组织部"].progress == 0
    ranks = bulletin.ranking(rows)
    assert [(k.rank, k.unit.name, str(k.average)) for k in ranks] == [
        (1, "甲一县委组织部", "60.0"), (2, "乙一县委组织部", "20.0"), (3, "甲市委组织部", "0.0")]
    # 甲市 sees its own subtree only; 乙一县 (no claims below it) an empty bulletin
    assert {r.project.org_unit.name for r in bulletin.rows(personas.city_a, tree.city_a, end)} == {"甲一县委组织部"}
    assert bulletin.rows(personas.county_b1, tree.county_b1, end) == []


def test_issuing_the_bulletin_freezes_figures_and_tables(personas: Any, tree: Any, menu_project: Project, claimed: dict[str, Project],
                                                         claim: Any) -> None:
    month = timezone.localdate().replace(day=1)
    b = bulletin.bulletin_draft(actor=personas.province, org=tree.province, month=month)
    assert b.kind == "bulletin" and b.masthead == "项目化管理月通报" and b.template.builtin_code == "projects_monthly"
    assert (b.period_start, b.period_end) == bulletin.month_period(month)
    b = briefings.briefing_issue(actor=personas.province, briefing=b, expected_version=b.version)
    assert b.is_issued and b.number == 1
    frozen = {v.code: v.value for v in SnapshotValue.objects.filter(snapshot=b.snapshot, row=SnapshotValue.RowKind.TOTAL)}
    assert frozen["projects.claims_approved"] == 3
    assert frozen["projects.overdue"] == 1 and frozen["projects.projects"] == 4
    text = documents.plain_text(b.rendered)
    assert "下级单位认领项目3个" in text and "逾期1个" in text
    tables = {blk["list"]: blk for blk in b.rendered["blocks"] if blk.get("list")}
    assert tables["projects.bulletin"]["rows"][0] == ["序号", "单位", "项目", "进度", "最近进展", "完成时限", "是否逾期"]
    a1_row = next(r for r in tables["projects.bulletin"]["rows"] if r[1] == "甲一县委组织部")
    assert a1_row[2:4] == [menu_project.title, "60%"] and a1_row[6] == "逾期"
    assert reverse("projects:detail", args=[claimed["a1"].pk]) in tables["projects.bulletin"]["links"]
    assert [r[1] for r in tables["projects.ranking"]["rows"][1:]] == ["甲一县委组织部", "乙一县委组织部", "甲市委组织部"]
    # each figure links to its records, with the snapshot
    doc = documents.with_links(b.rendered)
    links = [p["link"] for blk in doc["blocks"] for p in blk.get("parts", []) if p.get("code") == "projects.claims_approved" and p.get("link")]
    assert links and "indicator=projects.claims_approved" in links[0] and f"snapshot={b.snapshot_id}" in links[0]
    html = documents.to_html(doc, {"masthead": b.masthead, "number": b.issue_label, "unit": "示范省", "date": "", "issued": True})
    assert f'href="{reverse("projects:detail", args=[claimed["a1"].pk])}"' in html
    import io

    from docx import Document

    meta = {"masthead": b.masthead, "number": b.issue_label, "unit": "示范省委组织部", "date": "2026年1月1日", "issued": True}
    cells = [c.text for t in Document(io.BytesIO(documents.to_docx(b.rendered, meta))).tables for row in t.rows for c in row.cells]
    assert menu_project.title in cells and "甲一县委组织部" in cells
    assert documents.to_pdf(b.rendered, meta).startswith(b"%PDF")

    # later claims do not change the issued bulletin; a new draft shows them
    services.claim_decide(actor=personas.province, claim=menu_project.claims.get(org_unit=tree.county_a2), approve=True,
                          expected_version=1)
    b.refresh_from_db()
    assert "下级单位认领项目3个" in documents.plain_text(b.rendered)
    live = briefings.document(personas.province, bulletin.bulletin_draft(actor=personas.province, org=tree.province, month=month))
    assert "下级单位认领项目4个" in documents.plain_text(live)


def test_indicators_values_breakdown_and_records(personas: Any, tree: Any, menu_project: Project, claimed: dict[str, Project],
                                                 client: Any) -> None:
    kids = engine.children_of(tree.province)
    b = engine.breakdown(get("projects.claims_approved"), personas.province, tree.province, engine.Period(), kids)
    assert b.total == 3
    values = {r.name: r.value for r in b.rows()}
    assert (values["甲市委组织部"], values["乙市委组织部"]) == (2, 1)
    assert engine.value(get("projects.overdue"), personas.province, tree.province) == 1
    assert engine.value(get("projects.claims_pending"), personas.province, tree.province) == 1
    assert engine.value(get("projects.menu_projects"), personas.province, tree.province) == 1
    today = timezone.localdate()
    month = engine.Period(today.replace(day=1), today)
    assert engine.value(get("projects.reports"), personas.province, tree.province, month) == 2
    assert engine.value(get("projects.claims_approved"), personas.county_b1, tree.county_b1) == 1
    client.force_login(personas.province)
    r = client.get(reverse("stats:records") + f"?indicator=projects.overdue&org={tree.province.pk}")
    assert r.status_code == 200 and r.context["page_obj"].paginator.count == 1
    assert claimed["a1"].get_absolute_url() in r.content.decode()


def test_the_bulletin_list_placeholder_is_checked(personas: Any, tree: Any) -> None:
    from zugong.stats import placeholders

    with pytest.raises(placeholders.TemplateError) as e:
        placeholders.parse("[清单: projects.nothing]")
    assert "没有这个清单" in e.value.problems[0]
    assert placeholders.parse("[清单: projects.bulletin]") == [{"type": "list", "code": "projects.bulletin"}]
