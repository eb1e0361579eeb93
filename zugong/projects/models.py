"""Project-based management (项目化管理): programs (工程, e.g. 6大工程) and their projects, milestones, monthly
progress reports, claims (认项) of a superior's menu projects by the units below it, and innovation awards
(组织工作创新范例奖).

A superior marks some of its projects open for claiming (`claimable`, with an apply deadline): together they are its
menu (认领清单). A unit anywhere below it applies for one with its local targets (Claim); the superior approves or
declines with a reason (双向选择). An approved claim becomes the claiming unit's own project (`parent` = the menu
project), with the menu project's milestones copied, which the unit then edits and reports on monthly."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Expression, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, paths_q, perm_name


class Today(Expression):
    """Today's local date as a query parameter, taken when the query is compiled (indicator filters are declared
    once, at import)."""

    output_field = models.DateField()

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return "%s", (connection.ops.adapt_datefield_value(timezone.localdate()),)


def ancestor_paths(paths: list[str]) -> set[str]:
    """Every proper ancestor path of `paths` (a path grows by STEP characters per level)."""
    from zugong.orgs.models import STEP

    return {p[:i] for p in paths for i in range(STEP, len(p), STEP)}


class ProgramQuerySet(ScopedQuerySet):
    """A program is read by its unit's subtree and by every unit below it (they claim its projects)."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            ancestors = ancestor_paths(scope_paths(user, perm_name(self.model, "view")))
            if ancestors:
                q |= Q(org_unit__path__in=ancestors)
        return q


class Program(models.Model):
    """A program (工程) grouping projects, e.g. 组工干部素质提升工程."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("发布单位"))
    title = models.CharField(_("工程名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True, default="")
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProgramQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-year", "org_unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "year", "title"], name="projects_program_unique_title",
                                               violation_error_message=_("本单位本年度已有同名工程"))]
        verbose_name = _("工程")
        verbose_name_plural = _("工程")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:list") + f"?program={self.pk}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("未启动")
    ACTIVE = "active", _("推进中")
    DONE = "done", _("已完成")
    SUSPENDED = "suspended", _("已中止")


OPEN_STATUSES = [ProjectStatus.PLANNED, ProjectStatus.ACTIVE]


class ProjectQuerySet(ScopedQuerySet):
    """A project is read by its unit's subtree; a superior's project open for claiming (on its menu) is also read by
    every unit below the superior."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            ancestors = ancestor_paths(scope_paths(user, perm_name(self.model, "view")))
            if ancestors:
                q |= Q(org_unit__path__in=ancestors, claimable=True)
        return q

    def overdue(self) -> Any:
        """Not done, and past its deadline or with a milestone past its date not done."""
        today = timezone.localdate()
        late = Q(deadline__lt=today) | Q(pk__in=Milestone.objects.filter(due_on__lt=today, done=False).values("project_id"))
        return self.filter(late, status__in=OPEN_STATUSES)


class Project(models.Model):
    """A project (项目), e.g. 重点突破创新项目: what, targets, who is responsible, measures, deadline and progress."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
                                verbose_name=_("所属工程"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("认领自"))
    title = models.CharField(_("项目名称"), max_length=200)
    content = models.TextField(_("项目内容"), blank=True, default="")
    targets = models.TextField(_("目标任务"), blank=True, default="")
    leader = models.CharField(_("责任领导"), max_length=100, blank=True, default="")
    responsible = models.ForeignKey("people.Cadre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("责任人"))
    responsible_name = models.CharField(_("责任人（姓名）"), max_length=100, blank=True, default="")
    measures = models.TextField(_("推进措施"), blank=True, default="")
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    claimable = models.BooleanField(_("开放认领"), default=False, help_text=_("列入认领清单，下级单位可以申请认领"))
    claim_until = models.DateField(_("认领截止日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("登记日期"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "deadline", "id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="projects_project_progress_max",
                                              violation_error_message=_("进度不能超过100%"))]
        permissions = [("export_project", _("导出项目")), ("decide_claim", _("审核认领申请"))]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def responsible_display(self) -> str:
        return self.responsible.name if self.responsible_id else self.responsible_name  # type: ignore[union-attr]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def claims_open(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.claimable and self.is_open and (self.claim_until is None or today <= self.claim_until)


class Milestone(models.Model):
    """A dated step of a project (节点), done or not."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("项目"))
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    done = models.BooleanField(_("已完成"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "project__org_unit"

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.project_id]) + "#milestones"

    @property
    def is_late(self) -> bool:
        return not self.done and self.due_on < timezone.localdate()


class ProgressReport(models.Model):
    """A monthly progress report of a project by its unit (月度进展): one per project and month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("项目"))
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    percent = models.PositiveSmallIntegerField(_("进度（%）"))
    text = models.TextField(_("进展情况"))
    reported_on = models.DateField(_("报告日期"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "project__org_unit"

    class Meta:
        ordering = ["project", "-month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="projects_report_one_per_month",
                                               violation_error_message=_("该项目本月已报告进展"))]
        verbose_name = _("项目进展报告")
        verbose_name_plural = _("项目进展报告")

    def __str__(self) -> str:
        return f"{self.project}（{self.month:%Y年%m月}）"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.project_id]) + "#reports"


class ClaimQuerySet(ScopedQuerySet):
    """A claim is read by the claiming unit's subtree and by the issuer's (the menu project's unit)."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q("menu_project__org_unit__path", scope_paths(user, perm_name(self.model, "view")))
        return q


class Claim(models.Model):
    """A unit's application to take on a superior's menu project (认项), with its local targets; the superior
    approves (the claim becomes the unit's own project) or declines with the reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        DECLINED = "declined", _("未同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    menu_project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="claims", verbose_name=_("认领的项目"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("认领单位"))
    targets = models.TextField(_("本地目标任务"))
    leader = models.CharField(_("责任领导"), max_length=100, blank=True, default="")
    responsible_name = models.CharField(_("责任人"), max_length=100, blank=True, default="")
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("审核意见"), max_length=500, blank=True, default="")
    applied_on = models.DateField(_("申请日期"), default=timezone.localdate)
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审核人"))
    project = models.OneToOneField(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="claim",
                                   verbose_name=_("认领后的项目"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ClaimQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["menu_project", "org_unit"], condition=Q(status__in=["pending", "approved"]),
                                               name="projects_claim_once", violation_error_message=_("本单位已认领（或已申请认领）该项目"))]
        verbose_name = _("项目认领")
        verbose_name_plural = _("项目认领")

    def __str__(self) -> str:
        return f"{self.org_unit}认领：{self.menu_project}"

    def get_absolute_url(self) -> str:
        return reverse("projects:claim", args=[self.pk])


class AwardRound(models.Model):
    """An innovation award round (组织工作创新范例奖评选) by a unit over the projects of its subtree."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("推荐中")
        REVIEWING = "reviewing", _("评审中")
        AWARDED = "awarded", _("已评定")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    title = models.CharField(_("评选名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    description = models.TextField(_("评选说明"), blank=True, default="")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NOMINATING)
    awarded_on = models.DateField(_("评定日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("创新范例奖评选")
        verbose_name_plural = _("创新范例奖评选")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:award", args=[self.pk])


class AwardLevel(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    EXEMPLAR = "exemplar", _("优秀奖")
    NONE = "none", _("未获奖")


class AwardEntry(models.Model):
    """A project nominated in an award round, its review (score, comment) and the level awarded."""

    award_round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("评选"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="award_entries", verbose_name=_("项目"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("项目单位"))
    reason = models.TextField(_("推荐理由"), blank=True, default="")
    score = models.DecimalField(_("评审得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.CharField(_("评审意见"), max_length=500, blank=True, default="")
    level = models.CharField(_("获奖等次"), max_length=10, choices=AwardLevel.choices, blank=True, default="")
    awarded_on = models.DateField(_("获奖日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "award_round__org_unit"

    class Meta:
        ordering = ["award_round", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["award_round", "project"], name="projects_awardentry_once",
                                               violation_error_message=_("该项目已被推荐"))]
        verbose_name = _("创新范例奖推荐项目")
        verbose_name_plural = _("创新范例奖推荐项目")

    def __str__(self) -> str:
        return f"{self.project}（{self.get_level_display() or '待评定'}）"

    def get_absolute_url(self) -> str:
        return reverse("projects:award", args=[self.award_round_id])

    @property
    def is_awarded(self) -> bool:
        return bool(self.level) and self.level != AwardLevel.NONE
