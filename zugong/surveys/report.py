"""The results report of a closed survey (测评结果通报) for the issuing unit, as DOCX or PDF in the briefing's official
layout (stats/documents.py). Every figure comes from the frozen `Result` rows the results page shows, with the same
suppression; the ratings of persons are never in it (they are read apart, appraisal.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from zugong.stats.documents import cn_date, short_name
from zugong.surveys import selectors
from zugong.surveys.models import CodeBatch, Response, Survey
from zugong.surveys.results import FORMULA

SUPPRESSED = "样本不足"


def _pct(rate: Any) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _score(survey: Survey, rate: Any) -> str:
    return ("—" if rate is None else f"{rate:.1f}分") if survey.scale == "score" else _pct(rate)


def _p(text: str, level: int = 0) -> dict[str, Any]:
    return {"type": "heading" if level else "para", "level": level, "parts": [{"text": text}]}


def _level_name(level: int) -> str:
    return {1: "下一级单位", 2: "再下一级单位"}.get(level, f"第{level}级单位")


def document(survey: Survey) -> tuple[dict[str, Any], dict[str, Any]]:
    """(doc, meta) for stats.documents.to_docx / to_pdf."""
    data = selectors.ranking(survey)
    issued = CodeBatch.objects.filter(survey=survey).aggregate(n=Sum("issued"))["n"] or 0
    responses = Response.objects.filter(survey=survey).count()
    unit = survey.org_unit.name
    blocks: list[dict[str, Any]] = [_p(
        f"{cn_date(survey.opens_on)}至{cn_date(survey.closes_on)}，{unit}组织开展了{survey.title}，测评对象{len(data['rows'])}个，"
        f"发放测评码{issued}份，收回有效答卷{responses}份，参评率{_pct(responses / issued if issued else None)}。"
        f"测评采用一次性测评码无记名进行，答卷与测评码、填写人无任何关联。")]

    blocks.append(_p("一、总体情况", 1))
    total = data["total"]
    if total is None or total.suppressed:
        blocks.append(_p(f"参评人数不足{survey.k_min}人，总体结果不予显示。"))
    else:
        aspects = "；".join(f"{a.name}{_score(survey, c.rate) if not c.suppressed else SUPPRESSED}"
                           for a, c in zip(data["aspects"], data["total_aspects"], strict=False))
        text = f"总体{'平均分' if survey.scale == 'score' else '满意度'}为{_score(survey, total.rate)}。"
        if aspects:
            text += f"分方面：{aspects}。"
        blocks.append(_p(text))
    prev = data["previous"]
    if prev is not None:
        blocks.append(_p(f"同比：与{prev.year}年度“{prev.title}”比较，各测评对象的变化见下表。"))

    rows = data["rows"]
    if rows and not survey.rates_persons:
        blocks.append(_p("二、各测评对象排名", 1))
        for level in sorted({r.level for r in rows}):
            group = [r for r in rows if r.level == level]
            blocks.append(_p(f"{_level_name(level)}（{len(group)}个）", 2))
            header = ["排名", "测评对象", "人数", "总体", *(a.name for a in data["aspects"]), *(["同比"] if prev else [])]
            table = [header]
            for r in group:
                shown = not r.overall.suppressed
                change = "" if r.change is None else f"{r.change * 100:+.1f}个百分点"
                table.append([str(r.rank or ""), f"{short_name(str(r.target))}{'（专项检查）' if r.inspected else ''}",
                              str(r.overall.n) if shown else SUPPRESSED, _score(survey, r.overall.rate) if shown else SUPPRESSED,
                              *(_score(survey, c.rate) if not c.suppressed else SUPPRESSED for c in r.aspects),
                              *([change] if prev else [])])
            blocks.append({"type": "table", "rows": table, "total_row": False})

        inspections = list(survey.inspections.select_related("region").annotate(problems=Count("findings"),
                                                                               suggestions=Sum("findings__suggestion_count")))
        if inspections:
            blocks.append(_p("三、专项检查", 1))
            names = "、".join(f"{i.region.name}（第{i.rank}名）" for i in inspections)
            blocks.append(_p(f"按照测评结果，对排名靠后的{len(inspections)}个地区开展督导检查和整改落实专项检查：{names}。"))
            done = [i for i in inspections if i.status == "done"]
            if done:
                blocks.append(_p(f"已完成检查{len(done)}个，指出影响满意度提高的问题{sum(i.problems for i in done)}个，"
                                 f"提出整改建议{sum(i.suggestions or 0 for i in done)}条，已列入整改台帐跟踪落实。"))
    blocks.append(_p("说明", 1))
    blocks.append(_p(f"{FORMULA.get(survey.scale, '')}。表中“人数”为参评人数。回答数少于{survey.k_min}人的群体不显示结果（“{SUPPRESSED}”），"
                     "并相应隐藏可推算出它的数字。"))
    doc = {"title": [{"text": f"关于{survey.title}结果的通报"}], "subtitle": [], "blocks": blocks, "org": survey.org_unit_id}
    meta = {"masthead": "测评结果通报", "number": f"{survey.year}年度", "unit": unit, "date": cn_date(survey.closed_on),
            "issued": True}
    return doc, meta
