"""Survey templates shipped with the platform (the seeds' province survey: 4 aspects, 19 items). A unit creates
a survey from one and adapts it while it is a draft. `code` becomes the survey's template_code, which is how a
year's results are compared with the year before."""

from __future__ import annotations

from dataclasses import dataclass

from zugong.surveys.models import Kind, Scale


@dataclass(frozen=True)
class Template:
    code: str
    title: str
    kind: str
    scale: str
    aspects: tuple[tuple[str, tuple[str, ...]], ...]
    categories: tuple[tuple[str, int], ...]  # name, default quota per target
    instructions: str = ""

    @property
    def item_count(self) -> int:
        return sum(len(items) for _, items in self.aspects)

    def aspects_text(self) -> str:
        """The designer's text form: 【方面】 lines, then its items one per line."""
        lines: list[str] = []
        for name, items in self.aspects:
            lines.append(f"【{name}】")
            lines.extend(items)
        return "\n".join(lines)

    def categories_text(self) -> str:
        return "\n".join(f"{name} {quota}" for name, quota in self.categories)


SATISFACTION_PROVINCE = Template(
    code="org-work-satisfaction",
    title="组织工作满意度民意调查",
    kind=Kind.SATISFACTION,
    scale=Scale.SATISFACTION4,
    aspects=(
        ("组织工作", (
            "贯彻落实中央和上级党委决策部署、服务中心工作情况",
            "领导班子和干部队伍建设情况",
            "基层党组织建设和党员队伍建设情况",
            "人才工作开展情况",
            "组织部门自身建设情况",
        )),
        ("组工干部", (
            "组工干部的政治素质",
            "组工干部的业务能力",
            "组工干部的工作作风",
            "组工干部的廉洁自律",
            "组工干部服务党员、干部和人才的态度",
        )),
        ("干部选拔任用", (
            "对本地区选人用人工作的总体评价",
            "干部选拔任用工作的公开程度",
            "干部选拔任用工作的民主程度",
            "干部选拔任用工作的竞争性",
            "近年来新选拔任用干部的总体素质",
        )),
        ("防止和纠正用人上不正之风", (
            "对防止和纠正用人上不正之风工作的总体评价",
            "对跑官要官、买官卖官、拉票贿选等问题的查处情况",
            "干部选拔任用监督举报渠道的畅通情况",
            "整治用人上不正之风的成效",
        )),
    ),
    categories=(("党员干部", 30), ("群众", 20), ("服务对象", 10)),
    instructions="请根据您的了解，对每个项目选择一项评价。本次调查保密进行，结果只做统计分析。",
)

APPRAISAL_TEAM = Template(
    code="leadership-team-appraisal",
    title="领导班子民主测评",
    kind=Kind.APPRAISAL_TEAM,
    scale=Scale.APPRAISAL4,
    aspects=(
        ("思想政治建设", ("政治立场和政治方向", "贯彻执行民主集中制情况")),
        ("领导能力", ("推动工作落实的能力", "团结协作、选人用人情况")),
        ("工作实绩", ("完成年度目标任务情况", "服务基层、解决实际问题情况")),
        ("党风廉政建设", ("落实全面从严治党责任情况", "班子成员廉洁自律情况")),
    ),
    categories=(("班子成员", 10), ("中层干部", 20), ("一般干部", 20)),
    instructions="请对领导班子在各方面的表现作出评价。测评保密进行。",
)

APPRAISAL_PERSON = Template(
    code="cadre-appraisal",
    title="干部个人民主测评",
    kind=Kind.APPRAISAL_PERSON,
    scale=Scale.APPRAISAL4,
    aspects=(("评价内容", ("德：政治品质和道德品行", "能：履行职责的业务素质和能力", "勤：工作态度和工作作风",
                         "绩：完成工作的数量、质量和效率", "廉：廉洁自律", "总体评价")),),
    categories=(("领导班子成员", 5), ("中层干部", 10), ("一般干部", 20)),
    instructions="请对每位被测评干部逐项作出评价。被测评干部本人不评价自己，请跳过本人。测评保密进行。",
)

TEMPLATES: dict[str, Template] = {t.code: t for t in (SATISFACTION_PROVINCE, APPRAISAL_TEAM, APPRAISAL_PERSON)}
