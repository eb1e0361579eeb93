"""The monthly bulletin (项目月通报) of an issuing unit: every claimed project below it with its unit, progress as of
the month's end, the last progress report, the overdue flag, and a ranking of the claiming units by average progress.

The page shows it live; issuing goes through the stats briefing machinery: the shipped "项目月通报" template has the
indicator placeholders ({projects.claims_approved} …, frozen in a snapshot) and two [清单: …] lines whose tables are
built here and kept in the issued document as they were."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zugong.projects.models import Milestone, ProgressReport, Project, ProjectStatus

TEMPLATE_CODE = "projects_monthly"


def month_period(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def parse_month(text: str | None) -> date | None:
    """'2026-11' → 2026-11-01; anything else None."""
    try:
        y, m = (int(x) for x in (text or "").split("-")[:2])
        return date(y, m, 1)
    except (TypeError, ValueError):
        return None


@dataclass
class Row:
    project: Project
    progress: int
    last_report: ProgressReport | None
    overdue: bool
    late_milestones: int
    done: bool


@dataclass
class Rank:
    rank: int
    unit: Any
    projects: int
    average: Decimal
    done: int
    overdue: int


def claimed_projects(user: Any, org: Any) -> Any:
    """Claimed projects (from any menu: `org`'s own, or a superior's that units below `org` took on) of the units below
    `org`: the bulletin's rows."""
    return (Project.objects.visible_to(user, "view")
            .filter(parent__isnull=False, org_unit__path__startswith=org.path)
            .exclude(org_unit=org).select_related("org_unit", "parent").order_by("org_unit__path", "title", "id"))


def rows(user: Any, org: Any, end: date) -> list[Row]:
    """The bulletin rows as of `end` (the month's last day, or today while the month runs): three queries."""
    as_of = min(end, timezone.localdate())
    projects = list(claimed_projects(user, org).filter(created_on__lte=end))
    ids = [p.pk for p in projects]
    latest: dict[int, ProgressReport] = {}
    for r in ProgressReport.objects.filter(project_id__in=ids, month__lte=end).order_by("project_id", "-month"):
        latest.setdefault(r.project_id, r)
    late: dict[int, int] = {}
    for pid in (Milestone.objects.filter(project_id__in=ids, due_on__lt=as_of).filter(Q(done=False) | Q(done_on__gt=as_of))
                .values_list("project_id", flat=True)):
        late[pid] = late.get(pid, 0) + 1
    out = []
    for p in projects:
        done = p.status == ProjectStatus.DONE and p.done_on is not None and p.done_on <= as_of
        report = latest.get(p.pk)
        progress = 100 if done else (report.percent if report else 0)
        active = p.status != ProjectStatus.SUSPENDED and not done
        overdue = active and (p.deadline < as_of or late.get(p.pk, 0) > 0)
        out.append(Row(p, progress, report, overdue, late.get(p.pk, 0), done))
    return out


def ranking(data: list[Row]) -> list[Rank]:
    """Claiming units by average progress (then fewer overdue), ties sharing a rank."""
    by_unit: dict[int, list[Row]] = {}
    for r in data:
        by_unit.setdefault(r.project.org_unit_id, []).append(r)
    ranks = []
    for items in by_unit.values():
        avg = (Decimal(sum(r.progress for r in items)) / len(items)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        ranks.append(Rank(0, items[0].project.org_unit, len(items), avg, sum(r.done for r in items), sum(r.overdue for r in items)))
    ranks.sort(key=lambda k: (-k.average, k.overdue, k.unit.path))
    prev: tuple[Decimal, int] | None = None
    for i, k in enumerate(ranks, start=1):
        k.rank = ranks[i - 2].rank if prev == (k.average, k.overdue) else i
        prev = (k.average, k.overdue)
    return ranks


def report_text(r: ProgressReport | None) -> str:
    if r is None:
        return "未报告"
    text = r.text if len(r.text) <= 60 else r.text[:60] + "…"
    return f"{r.month.year}年{r.month.month}月：{text}"


# ---------------------------------------------------------------- the ready tables of the briefing


def _end(period: Any) -> date:
    return period.end or timezone.localdate()


def bulletin_table(user: Any, org: Any, period: Any) -> dict[str, Any]:
    data = rows(user, org, _end(period))
    table = [["序号", "单位", "项目", "进度", "最近进展", "完成时限", "是否逾期"]]
    links = []
    for i, r in enumerate(data, start=1):
        p = r.project
        table.append([str(i), p.org_unit.name, p.title, f"{r.progress}%", report_text(r.last_report), p.deadline.isoformat(),
                      "已完成" if r.done else "逾期" if r.overdue else "正常"])
        links.append(reverse("projects:detail", args=[p.pk]))
    return {"rows": table if data else [], "links": links, "link_col": 2}


def ranking_table(user: Any, org: Any, period: Any) -> dict[str, Any]:
    ranks = ranking(rows(user, org, _end(period)))
    table = [["排名", "单位", "认领项目（个）", "平均进度（%）", "已完成（个）", "逾期（个）"]]
    table += [[str(k.rank), k.unit.name, str(k.projects), str(k.average), str(k.done), str(k.overdue)] for k in ranks]
    return {"rows": table if ranks else []}


def register_lists() -> None:
    from zugong.stats.registry import ListSource, register_list

    register_list(
        ListSource("projects.bulletin", "项目推进情况清单", bulletin_table, "下级单位认领的每个项目：单位、进度、最近进展、是否逾期",
                   perm="projects.view_progressreport"),
        ListSource("projects.ranking", "单位排名（按平均进度）", ranking_table, "认领单位按平均进度排名", perm="projects.view_progressreport"),
    )


# ---------------------------------------------------------------- issuing through the briefing machinery


def template_for(org: Any) -> Any:
    from zugong.stats.models import BriefingTemplate

    return BriefingTemplate.objects.filter(org_unit=org, builtin_code=TEMPLATE_CODE).order_by("id").first()


def bulletin_draft(*, actor: Any, org: Any, month: date) -> Any:
    """A draft 月通报 of `org` for `month` from the unit's 项目月通报 template (copied from the shipped one the first
    time): the briefing machinery then edits, issues (numbers it, freezes the figures) and renders it."""
    from zugong.stats import briefings

    template = template_for(org) or briefings.template_from_builtin(actor=actor, org_unit=org, code=TEMPLATE_CODE)
    start, end = month_period(month)
    return briefings.briefing_create(actor=actor, org_unit=org, template=template, period_start=start, period_end=end)


def issued_bulletins(user: Any, org: Any) -> Any:
    from zugong.stats.models import Briefing

    return (Briefing.objects.visible_to(user, "view").filter(org_unit=org, template__builtin_code=TEMPLATE_CODE)
            .order_by("-period_start", "-id"))
