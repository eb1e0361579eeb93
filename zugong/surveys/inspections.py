"""Special inspections of the regions that rank at the bottom (seeds: the lowest 3 cities get a 督导检查, the lowest
10 counties a 整改落实情况专项检查; "指出影响满意度提高的问题86个，提出整改建议94条").

At close the bottom `bottom_n` of the first level and `bottom_n_sub` of the second level get a planned inspection,
and the organizing unit's survey staff are told. Recording an inspection opens each problem it found as a
problem of the region in the rectification ledger (opinions.Problem), where its measures are planned, carried
out and accepted like every other; the suggestions made are kept with it and counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.core.versioning import update_versioned
from zugong.notices.selectors import nearest_holders
from zugong.notices.services import notify_many
from zugong.opinions import problems as opinion_problems
from zugong.opinions.models import OpinionCategory
from zugong.surveys.models import InspectionFinding, Result, SpecialInspection, Survey
from zugong.surveys.results import level_of

RECORD = "surveys.add_survey"
MAX_FINDINGS = 50

MSG_DATE = "请填写检查日期"
MSG_FUTURE = "检查日期不能晚于今天"
MSG_SUMMARY = "请填写检查情况"
MSG_FINDING = "第 {n} 个问题：请填写问题并选择类别"
MSG_TOO_MANY = f"一次最多登记 {MAX_FINDINGS} 个问题"


def plan_bottom(*, actor: Any, survey: Survey) -> list[SpecialInspection]:
    """Plan the inspections of the lowest-ranked regions (called in the close's transaction). Ties at the cut
    are all included: a region is not spared by the order of its name."""
    overall = list(Result.objects.filter(survey=survey, target__isnull=False, category__isnull=True, item__isnull=True,
                                         aspect__isnull=True, rank__isnull=False).select_related("target__org_unit"))
    planned: list[SpecialInspection] = []
    for level, n, kind in ((1, survey.bottom_n, SpecialInspection.Kind.SUPERVISION), (2, survey.bottom_n_sub, SpecialInspection.Kind.SPECIAL)):
        rows = [r for r in overall if level_of(r.target, survey) == level]
        if not n or not rows:
            continue
        rows.sort(key=lambda r: r.rank or 0, reverse=True)
        cut = rows[min(n, len(rows)) - 1].rank
        for r in rows:
            if (r.rank or 0) >= (cut or 0):
                planned.append(SpecialInspection(survey=survey, region=r.target.org_unit, kind=kind, rank=r.rank or 0, rate=r.rate))
    SpecialInspection.objects.bulk_create(planned)
    if planned:
        record(action="survey.inspections_planned", actor=actor, obj=survey,
               after={"regions": [str(p.region) for p in planned]})
        holders = nearest_holders([survey.org_unit], RECORD)[survey.org_unit.pk]
        names = "、".join(str(p.region) for p in planned)
        notify_many([{"recipients": holders, "org_unit": survey.org_unit, "kind": "info",
                      "title": f"满意度排名靠后的地区已列入专项检查：{survey}", "body": names[:1000],
                      "url": f"/surveys/{survey.pk}/results/#inspections", "dedupe_key": f"survey-inspections:{survey.pk}"}])
    return planned


@dataclass(frozen=True)
class FindingInput:
    title: str
    category: OpinionCategory | None
    description: str = ""
    suggestions: str = ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def inspection_record(*, actor: Any, inspection: SpecialInspection, done_on: date | None, group: str, summary: str,
                      findings: list[FindingInput], expected_version: int) -> SpecialInspection:
    """Record what the inspection did and found. Findings add to those recorded before; each opens a problem of
    the region in the rectification ledger."""
    require_at(actor, RECORD, inspection.survey.org_unit.path)
    errors: dict[str, str] = {}
    if done_on is None:
        errors["done_on"] = MSG_DATE
    elif done_on > timezone.localdate():
        errors["done_on"] = MSG_FUTURE
    if not (summary or "").strip():
        errors["summary"] = MSG_SUMMARY
    bad = [n for n, f in enumerate(findings, start=1) if not f.title.strip() or f.category is None]
    if bad:
        errors["findings"] = MSG_FINDING.format(n=bad[0])
    elif len(findings) > MAX_FINDINGS:
        errors["findings"] = MSG_TOO_MANY
    if errors:
        raise ValidationError(errors)
    before = snapshot(inspection)
    inspection.done_on, inspection.group, inspection.summary = done_on, group.strip()[:200], summary.strip()[:20_000]
    inspection.status = SpecialInspection.Status.DONE
    update_versioned(inspection, expected_version=expected_version, fields=["done_on", "group", "summary", "status"])
    for f in findings:
        problem = opinion_problems.problem_create(actor=actor, org_unit=inspection.region, data={
            "title": f.title, "category": f.category,
            "description": "\n".join(x for x in [f.description.strip(), f"来源：{inspection.survey}（{inspection.get_kind_display()}）"] if x)})
        suggestions = _lines(f.suggestions)
        InspectionFinding.objects.create(inspection=inspection, problem=problem, suggestions="\n".join(suggestions)[:20_000],
                                         suggestion_count=len(suggestions))
    record(action="survey.inspection_recorded", actor=actor, obj=inspection, before=before,
           after={**snapshot(inspection), "findings": len(findings)})
    return inspection
