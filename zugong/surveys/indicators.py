"""满意度测评 figures counted from the records: surveys run, codes issued, responses, the response rate,
satisfaction per aspect of the shipped template (and overall), regions inspected, problems found and suggestions.

Codes, responses and results count at the region rated (the target unit), so the province's dashboard breaks
them down by city; results count only where they are shown (cells under k_min stay out, so no figure on a
dashboard can reveal a suppressed one). A rate rolls up from its parts: Σ(满意 + 基本满意) ÷ Σ(回答数 − 不了解)."""

from zugong.stats.registry import Indicator, register
from zugong.surveys.models import CodeBatch, InspectionFinding, Response, Result, SpecialInspection, Survey
from zugong.surveys.templates_shipped import SATISFACTION_PROVINCE

GROUP = "满意度测评"
CLOSED = ["closed", "archived"]
TARGET = "target__org_unit"
OVERALL = {"target__isnull": False, "category__isnull": True, "item__isnull": True, "suppressed": False}


def _rate(code: str, label: str, aspect: str | None) -> list[Indicator]:
    filters = {**OVERALL, **({"aspect__name": aspect} if aspect else {"aspect__isnull": True})}
    common = {"date_field": "survey__closed_on", "group": GROUP, "unit_field": TARGET,
              "filters": {**filters, "survey__status__in": CLOSED, "survey__scale": "satisfaction4"}}  # not appraisal grades
    return [
        Indicator(f"{code}_satisfied", f"{label}：满意和基本满意", "条", Result, aggregate="sum", field="satisfied", **common),  # type: ignore[arg-type]
        Indicator(f"{code}_answered", f"{label}：有效回答（不含不了解）", "条", Result, aggregate="sum", field="answered", **common),  # type: ignore[arg-type]
        Indicator(code, f"{label}满意度", "%", aggregate="ratio", numerator=f"{code}_satisfied", denominator=f"{code}_answered", group=GROUP,
                  description="（满意 + 基本满意）÷（回答数 − 不了解），按被测评地区、测评结束日期计；样本不足的地区不计入"),
    ]


ASPECTS = [name for name, _ in SATISFACTION_PROVINCE.aspects]

register(
    Indicator("surveys.surveys", "开展满意度测评和民主测评", "次", Survey, date_field="closed_on", group=GROUP,
              filters={"status__in": CLOSED}, description="已结束的测评，按组织单位、结束日期计"),
    Indicator("surveys.codes_issued", "发放测评码", "份", CodeBatch, aggregate="sum", field="issued", date_field="survey__closes_on",
              group=GROUP, unit_field=TARGET, description="按被测评地区、测评截止日期计"),
    Indicator("surveys.responses", "收回有效答卷", "份", Response, date_field="survey__closed_on", group=GROUP, unit_field=TARGET,
              description="测评结束后整理的答卷，按被测评地区计（答卷与测评码、填写人无任何关联）"),
    Indicator("surveys.response_rate", "参评率", "%", aggregate="ratio", numerator="surveys.responses", denominator="surveys.codes_issued",
              group=GROUP, description="收回答卷 ÷ 发放测评码"),
    *_rate("surveys.satisfaction", "总体", None),
    *[x for i, name in enumerate(ASPECTS, start=1) for x in _rate(f"surveys.satisfaction_{i}", name, name)],
    Indicator("surveys.regions_inspected", "满意度排名靠后地区专项检查", "个", SpecialInspection, date_field="done_on", group=GROUP,
              filters={"status": "done"}, unit_field="region", description="已完成的督导检查和整改落实专项检查，按被检查地区计"),
    Indicator("surveys.problems_found", "专项检查指出影响满意度的问题", "个", InspectionFinding, date_field="problem__identified_on",
              group=GROUP, unit_field="inspection__region", description="每个问题同时列入被检查地区的整改台帐"),
    Indicator("surveys.suggestions", "专项检查提出整改建议", "条", InspectionFinding, aggregate="sum", field="suggestion_count",
              date_field="problem__identified_on", group=GROUP, unit_field="inspection__region"),
)
