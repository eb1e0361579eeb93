"""The organizer's pages, as a person uses them: create from the template, adjust quotas, publish, print the
slips, close, read the ranking; the surveyed units see their own progress only."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from zugong.surveys import ballots
from zugong.surveys.models import CodeBatch, Survey
from zugong.surveys.tests.conftest import answers_for, issue_all

pytestmark = pytest.mark.django_db


def _text(r: Any) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


def test_create_from_template_adjust_quotas_and_publish(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.province)
    page = client.get("/surveys/add/?template=org-work-satisfaction")
    assert page.status_code == 200 and "【组织工作】" in page.content.decode() and "党员干部 30" in page.content.decode()
    today = timezone.localdate()
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if k not in ("levels", "targets", "opens_on", "closes_on")}
    data.update(org_unit=tree.province.pk, levels=["1", "2"], opens_on=today.isoformat(), closes_on=(today + timedelta(days=20)).isoformat(),
                allow_comments="on")
    created = client.post("/surveys/add/", data)
    assert created.status_code == 303
    s = Survey.objects.get()
    assert s.items.count() == 19 and s.targets.count() == 5  # 2 cities + 3 counties
    assert s.status == Survey.Status.DRAFT
    detail = client.get(s.get_absolute_url())
    assert detail.status_code == 200 and "保存名额" in _text(detail)
    batch = CodeBatch.objects.filter(survey=s, target__org_unit=tree.city_a, category__name="党员干部").get()
    saved = client.post(f"/surveys/{s.pk}/quotas/", {"version": s.version, f"quota-{batch.pk}": "45"})
    assert saved.status_code == 303 and CodeBatch.objects.get(pk=batch.pk).quota == 45
    stale = client.post(f"/surveys/{s.pk}/publish/", {"version": s.version}, follow=True)  # the quota save bumped it
    assert "已被他人修改" in _text(stale)
    s.refresh_from_db()
    published = client.post(f"/surveys/{s.pk}/publish/", {"version": s.version}, follow=True)
    assert "已发布" in _text(published)
    s.refresh_from_db()
    assert s.status == Survey.Status.PUBLISHED
    # frozen now: the edit page sends the designer back with the reason
    frozen = client.get(f"/surveys/{s.pk}/edit/", follow=True)
    assert "不能再修改" in _text(frozen)


def test_bad_form_input_gets_messages_not_500(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.province)
    r = client.post("/surveys/add/", {"org_unit": tree.province.pk, "title": "", "year": "abc", "k_min": "2",
                                      "aspects_text": "项目没有方面", "categories_text": "群众 abc 12345678"})
    assert r.status_code == 400
    text = _text(r)
    assert "请填写测评名称" in text and "第 1 行：测评项目前请先写方面" in text
    assert not Survey.objects.exists()


def test_slips_pdf_and_xlsx(client: Any, personas: Any, survey: Survey) -> None:
    client.force_login(personas.province)
    target = survey.targets.get(org_unit__name="甲市委组织部")
    pdf = client.post(f"/surveys/{survey.pk}/codes/", {"target": target.pk, "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"
    again = client.post(f"/surveys/{survey.pk}/codes/", {"target": target.pk, "format": "pdf"}, follow=True)
    assert ballots.MSG_NOTHING in _text(again)
    xlsx = client.post(f"/surveys/{survey.pk}/codes/", {"format": "xlsx"})

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("序号", "测评对象", "参评人员类别", "测评码") and len(rows) == 1 + 48  # the other four targets × 12
    assert all(len(r[3]) == 32 for r in rows[1:])  # 26 characters in groups of four


def test_results_rank_regions_with_the_formula(client: Any, personas: Any, survey: Survey) -> None:
    cache.clear()
    issued = issue_all(personas.province, survey)
    plan = {"甲市委组织部": 1, "乙市委组织部": 3, "甲一县委组织部": 2, "甲二县委组织部": 1, "乙一县委组织部": 3}
    for (target, _cat), cs in issued.items():
        for c in cs:
            ballots.ballot_submit(c, answers_for(survey, plan[target]))
    client.force_login(personas.province)
    closed = client.post(f"/surveys/{survey.pk}/close/", {"version": survey.version}, follow=True)
    assert "测评已结束" in _text(closed)
    r = client.get(f"/surveys/{survey.pk}/results/")
    text = _text(r)
    assert r.status_code == 200 and "满意度 =（满意 + 基本满意）÷（回答数 − 不了解）" in text
    assert "下一级单位排名（2 个）" in text and "再下一级单位排名（3 个）" in text
    ranks = re.findall(r'data-target="\d+" data-rank="(\d*)"', r.content.decode())
    assert ranks == ["1", "2", "1", "1", "3"]
    one = client.get(f"/surveys/{survey.pk}/results/{survey.targets.get(org_unit__name='乙市委组织部').pk}/")
    assert one.status_code == 200 and "不满意 12" in _text(one)
    api = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert [(t["target"], t["rank"], t["rate"]) for t in api["targets"]][:2] == [("甲市委组织部", 1, 1.0), ("乙市委组织部", 2, 0.0)]
    assert client.get(f"/surveys/{survey.pk}/results/xlsx/").status_code == 200
    # the results report: the same figures, in the briefing's official layout
    docx = client.get(f"/surveys/{survey.pk}/results/report/?format=docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    from docx import Document

    body = Document(io.BytesIO(docx.content))
    paragraphs = "\n".join(p.text for p in body.paragraphs)
    assert f"关于{survey.title}结果的通报" in paragraphs and "发放测评码60份，收回有效答卷60份，参评率100.0%" in paragraphs
    assert "满意度 =（满意 + 基本满意）÷（回答数 − 不了解）" in paragraphs
    cities = [[c.text for c in row.cells] for row in body.tables[0].rows]
    assert cities[0][:4] == ["排名", "测评对象", "人数", "总体"] and cities[1][:4] == ["1", "甲市（专项检查）", "12", "100.0%"]  # bottom 3 of 2 cities: both
    assert cities[2][:4] == ["2", "乙市（专项检查）", "12", "0.0%"]
    pdf = client.get(f"/surveys/{survey.pk}/results/report/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    bad = client.get(f"/surveys/{survey.pk}/results/report/?format=exe")
    assert bad.status_code == 400 and "格式应为 docx 或 pdf" in bad.content.decode()
    # a city admin sees the survey (its units are rated) but not the province's results
    client.force_login(personas.city_a)
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 403


def test_a_surveyed_unit_sees_its_own_progress_only(client: Any, personas: Any, survey: Survey) -> None:
    cache.clear()
    issued = issue_all(personas.province, survey)
    ballots.ballot_submit(issued[("甲一县委组织部", "群众")][0], answers_for(survey, 1))
    ballots.ballot_submit(issued[("乙一县委组织部", "群众")][0], answers_for(survey, 1))
    client.force_login(personas.county_a1_readonly)
    page = client.get(survey.get_absolute_url())
    text = _text(page)
    assert page.status_code == 200 and "甲一县委组织部" in text and "乙一县委组织部" not in text and "甲市委组织部" not in text
    assert page.context["progress"].used == 1 and page.context["progress"].issued == 12
    assert "测评题目" not in text  # the questionnaire is the organizer's
    listing = client.get("/surveys/")
    row = re.search(rf'data-survey="{survey.pk}".*?</tr>', listing.content.decode(), re.S)
    assert row and "1 / 12" in re.sub(r"<[^>]+>", " ", row.group(0))  # its own codes only (B1's used one is not counted)
    client.force_login(personas.county_b1)
    assert client.get(survey.get_absolute_url()).status_code == 200  # B1 is rated as well
    client.force_login(personas.nogrant)
    assert client.get(survey.get_absolute_url()).status_code == 403


def test_comments_of_shown_targets_in_random_order_each_read_audited(client: Any, personas: Any, survey: Survey) -> None:
    """意见建议: only where the target's results are shown (k_min), in the responses' random order, decrypted for the
    reader, audited; refused while open."""
    from zugong.audit.models import ObjectChange
    from zugong.core.crypto import decrypt

    cache.clear()
    issued = issue_all(personas.province, survey)
    client.force_login(personas.province)
    assert client.get(f"/surveys/{survey.pk}/results/comments/").status_code == 409
    city = issued[("甲市委组织部", "党员干部")]  # 6 respondents: shown
    for i, code in enumerate(city):
        ballots.ballot_submit(code, answers_for(survey, 1), f"甲市意见{i}")
    ballots.ballot_submit(issued[("乙一县委组织部", "群众")][0], answers_for(survey, 2), "乙一县唯一的意见")  # 1: hidden
    ballots.ballot_submit(issued[("甲一县委组织部", "群众")][0], answers_for(survey, 2))  # 1: hidden (so no complement hides 甲市)
    client.post(f"/surveys/{survey.pk}/close/", {"version": survey.version})
    page = client.get(f"/surveys/{survey.pk}/results/comments/")
    text = _text(page)
    shown = re.findall(r"data-comment>(.+?)</div>", page.content.decode())
    assert page.status_code == 200 and sorted(shown) == [f"甲市意见{i}" for i in range(6)]
    from zugong.surveys.models import ResponseText

    assert shown == [decrypt(c) for c in ResponseText.objects.filter(response__target__org_unit__name="甲市委组织部")
                     .order_by("response_id").values_list("content", flat=True)]  # the responses' random keys' order
    assert "乙一县唯一的意见" not in text and "本次有 1 条未显示" in text
    assert ObjectChange.objects.filter(action="survey.comments_viewed", object_id=str(survey.pk)).count() == 1
    xlsx = client.get(f"/surveys/{survey.pk}/results/comments/?export=xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("测评对象", "序号", "意见建议") and len(rows) == 7 and rows[1][0] == "甲市委组织部"
    client.force_login(personas.city_a)  # no results permission on the province's survey
    assert client.get(f"/surveys/{survey.pk}/results/comments/").status_code == 403
