"""Writes of 项目化管理: programs, projects and their milestones, monthly progress reports, claims (认项: apply,
approve, decline, withdraw) and innovation awards. Every write checks scope and is audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.accounts.access import can_at, require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ConflictError, ValidationError
from zugong.core.versioning import update_versioned
from zugong.orgs.models import OrgUnit
from zugong.projects.models import (
    OPEN_STATUSES,
    AwardEntry,
    AwardLevel,
    AwardRound,
    Claim,
    Milestone,
    Program,
    ProgressReport,
    Project,
    ProjectStatus,
)

ADD_PROGRAM = "projects.add_program"
ADD_PROJECT = "projects.add_project"
ADD_CLAIM = "projects.add_claim"
DECIDE = "projects.decide_claim"
ORGANIZE_AWARD = "projects.add_awardround"

MSG_TITLE = "请填写名称"
MSG_DEADLINE = "请填写完成时限"
MSG_PROGRESS = "进度应在0到100之间"
MSG_UNIT = "所选单位不在您的授权范围内"
MSG_PROGRAM = "所属工程应是本单位或上级单位发布的工程"
MSG_CLAIM_UNTIL = "开放认领时请填写认领截止日期"
MSG_NOT_MENU = "该项目未列入认领清单，或已过认领截止日期"
MSG_NOT_BELOW = "只有发布单位的下级单位可以认领该项目"
MSG_TWICE = "本单位已认领（或已申请认领）该项目"
MSG_TARGETS = "请填写本地目标任务"
MSG_NOT_PENDING = "该申请已审核或已撤回"
MSG_REASON = "不同意时请填写理由"
MSG_DECISION = "请选择同意或不同意"
MSG_MONTH = "请选择月份"
MSG_FUTURE_MONTH = "不能报告以后月份的进展"
MSG_TEXT = "请填写进展情况"
MSG_DONE_DATE = "完成日期不能晚于今天"
MSG_DONE_DELETE = "已完成的节点不能删除（可先改为未完成）"
MSG_HAS_CHILDREN = "已有下级单位认领该项目，不能删除"
MSG_ROUND_STEP = "当前阶段不能进行此操作"
MSG_NOT_IN_SCOPE = "只能推荐本评选组织单位及下级单位的项目"
MSG_ENTRY_TWICE = "该项目已被推荐"
MSG_SCORE = "得分应在0到100之间"
MSG_LEVEL = "请选择获奖等次"
MSG_UNSCORED = "还有{n}个推荐项目未评审打分"

PROJECT_FIELDS = ("program", "title", "content", "targets", "leader", "responsible", "responsible_name", "measures",
                  "start_on", "deadline", "status", "progress", "claimable", "claim_until")


def first_of_month(d: date) -> date:
    return d.replace(day=1)


# ---------------------------------------------------------------- programs


@transaction.atomic
def program_create(*, actor: Any, org_unit: OrgUnit, title: str, year: int, description: str = "") -> Program:
    require_at(actor, ADD_PROGRAM, org_unit.path)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": MSG_TITLE})
    if Program.objects.filter(org_unit=org_unit, year=year, title=title).exists():
        raise ValidationError({"title": "本单位本年度已有同名工程"})
    p = Program.objects.create(org_unit=org_unit, title=title[:200], year=year, description=(description or "").strip(), created_by=actor)
    record(action="program.created", actor=actor, obj=p, after=snapshot(p))
    return p


# ---------------------------------------------------------------- projects


def _check_project(org_unit: OrgUnit, data: dict[str, Any]) -> dict[str, Any]:
    """Cleaned project fields, or a ValidationError with every field problem."""
    errors: dict[str, str] = {}
    clean = {f: data.get(f) for f in PROJECT_FIELDS if f in data}
    for f in ("title", "content", "targets", "leader", "responsible_name", "measures"):
        if f in clean:
            clean[f] = (clean[f] or "").strip()
    if not clean.get("title"):
        errors["title"] = MSG_TITLE
    if not isinstance(clean.get("deadline"), date):
        errors["deadline"] = MSG_DEADLINE
    progress = clean.get("progress")
    if progress is None:
        clean["progress"] = 0
    elif not (0 <= int(progress) <= 100):
        errors["progress"] = MSG_PROGRESS
    program = clean.get("program")
    if program is not None and not org_unit.path.startswith(program.org_unit.path):
        errors["program"] = MSG_PROGRAM
    responsible = clean.get("responsible")
    if responsible is not None and not responsible.org_unit.path.startswith(org_unit.path):
        errors["responsible"] = "责任人应是本单位（或下级单位）的组工干部"
    if clean.get("claimable") and not clean.get("claim_until"):
        errors["claim_until"] = MSG_CLAIM_UNTIL
    if clean.get("status") and clean["status"] not in ProjectStatus.values:
        errors["status"] = "状态不对"
    if errors:
        raise ValidationError(errors)
    if responsible is not None:
        clean["responsible_name"] = responsible.name
    return clean


def _done_fields(project: Project) -> None:
    if project.status == ProjectStatus.DONE:
        project.progress = 100
        project.done_on = project.done_on or timezone.localdate()
    else:
        project.done_on = None


@transaction.atomic
def project_create(*, actor: Any, org_unit: OrgUnit, data: dict[str, Any], milestones: list[tuple[str, date]] | None = None) -> Project:
    require_at(actor, ADD_PROJECT, org_unit.path)
    if org_unit.kind == OrgUnit.Kind.OFFICE or not org_unit.is_active:
        raise ValidationError({"org_unit": MSG_UNIT})
    clean = _check_project(org_unit, data)
    p = Project(org_unit=org_unit, created_by=actor, **clean)
    _done_fields(p)
    p.save()
    for title, due in milestones or []:
        Milestone.objects.create(project=p, title=title[:200], due_on=due)
    record(action="project.created", actor=actor, obj=p, after=snapshot(p))
    return p


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: dict[str, Any], expected_version: int) -> Project:
    require_at(actor, ADD_PROJECT, project.org_unit.path)
    clean = _check_project(project.org_unit, data)
    before = snapshot(project)
    for k, v in clean.items():
        setattr(project, k, v)
    _done_fields(project)
    fields = [*clean.keys(), "done_on", "progress"]
    update_versioned(project, expected_version=expected_version, fields=list(dict.fromkeys(fields)))
    record(action="project.updated", actor=actor, obj=project, before=before, after=snapshot(project))
    return project


@transaction.atomic
def project_delete(*, actor: Any, project: Project) -> None:
    require_at(actor, ADD_PROJECT, project.org_unit.path)
    if project.children.exists() or project.claims.exists():
        raise ValidationError(MSG_HAS_CHILDREN)
    if project.award_entries.exists():
        raise ValidationError("该项目已参加创新范例奖评选，不能删除")
    record(action="project.deleted", actor=actor, obj=project, before=snapshot(project))
    Claim.objects.filter(project=project).update(project=None)
    project.delete()


# ---------------------------------------------------------------- milestones


@transaction.atomic
def milestone_add(*, actor: Any, project: Project, title: str, due_on: date | None) -> Milestone:
    require_at(actor, ADD_PROJECT, project.org_unit.path)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写节点名称"
    if not isinstance(due_on, date):
        errors["due_on"] = "请填写计划完成日期"
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    m = Milestone.objects.create(project=project, title=title[:200], due_on=due_on)
    record(action="milestone.created", actor=actor, obj=m, after=snapshot(m))
    return m


@transaction.atomic
def milestone_set_done(*, actor: Any, milestone: Milestone, done: bool, expected_version: int, on: date | None = None) -> Milestone:
    require_at(actor, ADD_PROJECT, milestone.project.org_unit.path)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(MSG_DONE_DATE)
    before = snapshot(milestone)
    milestone.done, milestone.done_on = done, (on if done else None)
    update_versioned(milestone, expected_version=expected_version, fields=["done", "done_on"])
    record(action="milestone.done" if done else "milestone.reopened", actor=actor, obj=milestone, before=before, after=snapshot(milestone))
    return milestone


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    require_at(actor, ADD_PROJECT, milestone.project.org_unit.path)
    if milestone.done:
        raise ValidationError(MSG_DONE_DELETE)
    record(action="milestone.deleted", actor=actor, obj=milestone, before=snapshot(milestone))
    milestone.delete()


# ---------------------------------------------------------------- monthly progress


@transaction.atomic
def report_save(*, actor: Any, project: Project, month: date | None, percent: int | None, text: str) -> ProgressReport:
    """The owning unit reports a month's progress (re-reporting a month replaces it); the project's progress follows
    the latest month reported."""
    require_at(actor, ADD_PROJECT, project.org_unit.path)
    errors: dict[str, str] = {}
    if not isinstance(month, date):
        errors["month"] = MSG_MONTH
    elif first_of_month(month) > first_of_month(timezone.localdate()):
        errors["month"] = MSG_FUTURE_MONTH
    if percent is None or not (0 <= int(percent) <= 100):
        errors["percent"] = MSG_PROGRESS
    text = (text or "").strip()
    if not text:
        errors["text"] = MSG_TEXT
    if errors:
        raise ValidationError(errors)
    assert month is not None and percent is not None
    month = first_of_month(month)
    report, created = ProgressReport.objects.update_or_create(
        project=project, month=month,
        defaults={"percent": int(percent), "text": text[:5000], "reported_on": timezone.localdate(), "created_by": actor})
    latest = project.reports.order_by("-month").first()
    if latest is not None and latest.pk == report.pk:
        Project.objects.filter(pk=project.pk).update(progress=report.percent)
        project.progress = report.percent
        if project.status == ProjectStatus.PLANNED and report.percent > 0:
            Project.objects.filter(pk=project.pk).update(status=ProjectStatus.ACTIVE)
            project.status = ProjectStatus.ACTIVE
    record(action="progressreport.created" if created else "progressreport.updated", actor=actor, obj=report, after=snapshot(report))
    return report


# ---------------------------------------------------------------- claims (认项)


def claiming_units(user: Any, menu_project: Project) -> Any:
    """Units strictly below the issuer where the user may claim."""
    from zugong.core.units import units_with

    return units_with(user, ADD_CLAIM).filter(path__startswith=menu_project.org_unit.path).exclude(pk=menu_project.org_unit_id)


@transaction.atomic
def claim_apply(*, actor: Any, menu_project: Project, org_unit: OrgUnit, targets: str, deadline: date | None,
                leader: str = "", responsible_name: str = "") -> Claim:
    """A unit below the issuer applies to take on a menu project, with its local targets."""
    require_at(actor, ADD_CLAIM, org_unit.path)
    menu_project = Project.objects.select_for_update().select_related("org_unit").get(pk=menu_project.pk)
    if not menu_project.claims_open():
        raise ValidationError(MSG_NOT_MENU)
    if org_unit.pk == menu_project.org_unit_id or not org_unit.path.startswith(menu_project.org_unit.path) \
            or org_unit.kind == OrgUnit.Kind.OFFICE or not org_unit.is_active:
        raise ValidationError({"org_unit": MSG_NOT_BELOW})
    errors: dict[str, str] = {}
    targets = (targets or "").strip()
    if not targets:
        errors["targets"] = MSG_TARGETS
    if not isinstance(deadline, date):
        errors["deadline"] = MSG_DEADLINE
    if errors:
        raise ValidationError(errors)
    if menu_project.claims.filter(org_unit=org_unit, status__in=[Claim.Status.PENDING, Claim.Status.APPROVED]).exists():
        raise ValidationError(MSG_TWICE)
    try:
        with transaction.atomic():
            c = Claim.objects.create(menu_project=menu_project, org_unit=org_unit, targets=targets[:5000], deadline=deadline,
                                     leader=(leader or "").strip()[:100], responsible_name=(responsible_name or "").strip()[:100],
                                     created_by=actor)
    except IntegrityError:
        raise ValidationError(MSG_TWICE) from None
    record(action="claim.applied", actor=actor, obj=c, after=snapshot(c))
    return c


@transaction.atomic
def claim_decide(*, actor: Any, claim: Claim, approve: bool | None, reason: str = "", expected_version: int) -> Claim:
    """The issuer approves (the claim becomes the unit's own project, milestones copied) or declines with a reason."""
    menu = claim.menu_project
    require_at(actor, DECIDE, menu.org_unit.path)
    if approve is None:
        raise ValidationError({"decision": MSG_DECISION})
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.version != expected_version:
        raise ConflictError()
    if locked.status != Claim.Status.PENDING:
        raise ValidationError(MSG_NOT_PENDING)
    reason = (reason or "").strip()[:500]
    if not approve and not reason:
        raise ValidationError({"reason": MSG_REASON})
    before = snapshot(claim)
    today = timezone.localdate()
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.DECLINED
    claim.reason, claim.decided_on, claim.decided_by = reason, today, actor
    fields = ["status", "reason", "decided_on", "decided_by"]
    if approve:
        p = Project.objects.create(
            org_unit=claim.org_unit, program=menu.program, parent=menu, title=menu.title, content=menu.content,
            targets=claim.targets, leader=claim.leader, responsible_name=claim.responsible_name, measures=menu.measures,
            start_on=today, deadline=claim.deadline, status=ProjectStatus.ACTIVE, created_by=actor)
        Milestone.objects.bulk_create([Milestone(project=p, title=m.title, due_on=min(m.due_on, claim.deadline) if m.due_on else claim.deadline)
                                       for m in menu.milestones.all()])
        claim.project = p
        fields.append("project")
        record(action="project.created", actor=actor, obj=p, after={**snapshot(p), "from_claim": claim.pk})
    update_versioned(claim, expected_version=expected_version, fields=fields)
    record(action="claim.approved" if approve else "claim.declined", actor=actor, obj=claim, before=before, after=snapshot(claim))
    return claim


@transaction.atomic
def claim_withdraw(*, actor: Any, claim: Claim, expected_version: int) -> Claim:
    require_at(actor, ADD_CLAIM, claim.org_unit.path)
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(MSG_NOT_PENDING)
    before = snapshot(claim)
    claim.status = Claim.Status.WITHDRAWN
    update_versioned(claim, expected_version=expected_version, fields=["status"])
    record(action="claim.withdrawn", actor=actor, obj=claim, before=before, after=snapshot(claim))
    return claim


# ---------------------------------------------------------------- innovation awards


@transaction.atomic
def round_create(*, actor: Any, org_unit: OrgUnit, title: str, year: int, description: str = "") -> AwardRound:
    require_at(actor, ORGANIZE_AWARD, org_unit.path)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": MSG_TITLE})
    r = AwardRound.objects.create(org_unit=org_unit, title=title[:200], year=year, description=(description or "").strip(), created_by=actor)
    record(action="awardround.created", actor=actor, obj=r, after=snapshot(r))
    return r


def nominable_projects(award_round: AwardRound) -> Any:
    """Projects of the round unit's subtree not yet nominated in it."""
    return (Project.objects.filter(org_unit__path__startswith=award_round.org_unit.path)
            .exclude(pk__in=award_round.entries.values("project_id")).select_related("org_unit").order_by("org_unit__path", "id"))


@transaction.atomic
def entry_nominate(*, actor: Any, award_round: AwardRound, project: Project, reason: str = "") -> AwardEntry:
    require_at(actor, ORGANIZE_AWARD, award_round.org_unit.path)
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != AwardRound.Status.NOMINATING:
        raise ValidationError(MSG_ROUND_STEP)
    if not project.org_unit.path.startswith(award_round.org_unit.path):
        raise ValidationError({"project": MSG_NOT_IN_SCOPE})
    try:
        with transaction.atomic():
            e = AwardEntry.objects.create(award_round=award_round, project=project, org_unit=project.org_unit,
                                          reason=(reason or "").strip()[:5000], created_by=actor)
    except IntegrityError:
        raise ValidationError({"project": MSG_ENTRY_TWICE}) from None
    record(action="awardentry.nominated", actor=actor, obj=e, after=snapshot(e))
    return e


@transaction.atomic
def round_advance(*, actor: Any, award_round: AwardRound, expected_version: int) -> AwardRound:
    """推荐中 → 评审中 (at least one project nominated)."""
    require_at(actor, ORGANIZE_AWARD, award_round.org_unit.path)
    if award_round.status != AwardRound.Status.NOMINATING:
        raise ValidationError(MSG_ROUND_STEP)
    if not award_round.entries.exists():
        raise ValidationError("还没有推荐项目")
    award_round.status = AwardRound.Status.REVIEWING
    update_versioned(award_round, expected_version=expected_version, fields=["status"])
    record(action="awardround.reviewing", actor=actor, obj=award_round, after={"status": award_round.status})
    return award_round


@transaction.atomic
def entry_review(*, actor: Any, entry: AwardEntry, score: Decimal | None, comment: str, expected_version: int) -> AwardEntry:
    require_at(actor, ORGANIZE_AWARD, entry.award_round.org_unit.path)
    if AwardRound.objects.get(pk=entry.award_round_id).status != AwardRound.Status.REVIEWING:
        raise ValidationError(MSG_ROUND_STEP)
    if score is None or not (Decimal(0) <= score <= Decimal(100)):
        raise ValidationError({"score": MSG_SCORE})
    before = snapshot(entry)
    entry.score, entry.comment = score, (comment or "").strip()[:500]
    update_versioned(entry, expected_version=expected_version, fields=["score", "comment"])
    record(action="awardentry.reviewed", actor=actor, obj=entry, before=before, after=snapshot(entry))
    return entry


@transaction.atomic
def round_award(*, actor: Any, award_round: AwardRound, levels: dict[int, str], expected_version: int,
                on: date | None = None) -> AwardRound:
    """Award levels to the reviewed entries (every entry scored first); the round is done (已评定)."""
    require_at(actor, ORGANIZE_AWARD, award_round.org_unit.path)
    if award_round.status != AwardRound.Status.REVIEWING:
        raise ValidationError(MSG_ROUND_STEP)
    entries = list(award_round.entries.select_for_update())
    unscored = sum(1 for e in entries if e.score is None)
    if unscored:
        raise ValidationError(MSG_UNSCORED.format(n=unscored))
    if any(v not in AwardLevel.values for v in levels.values()) or set(levels) - {e.pk for e in entries}:
        raise ValidationError({"levels": MSG_LEVEL})
    on = on or timezone.localdate()
    for e in entries:
        e.level = levels.get(e.pk, AwardLevel.NONE)
        e.awarded_on = on if e.level != AwardLevel.NONE else None
    AwardEntry.objects.bulk_update(entries, ["level", "awarded_on"])
    award_round.status, award_round.awarded_on = AwardRound.Status.AWARDED, on
    update_versioned(award_round, expected_version=expected_version, fields=["status", "awarded_on"])
    record(action="awardround.awarded", actor=actor, obj=award_round,
           after={"awarded": {str(e.project): e.get_level_display() for e in entries if e.is_awarded}})
    return award_round


def can_decide(user: Any, claim: Claim) -> bool:
    return claim.status == Claim.Status.PENDING and can_at(user, DECIDE, claim.menu_project.org_unit.path)


def is_open_status(status: str) -> bool:
    return status in OPEN_STATUSES
