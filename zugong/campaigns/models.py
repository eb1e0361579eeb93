"""Campaigns (三讲三提升, 创先争优 …): what a department deploys level by level. This first part holds
the campaign as designed — theme, period, scope, general requirements, leading group, key tasks and
carriers with measurable targets — started from a built-in template and edited before deployment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, paths_q, perm_name


class ParticipantQuerySet(ScopedQuerySet):
    """Campaign design rows (the campaign, its tasks, its leading group) are read by the issuing unit's
    subtree (role scope) and also, for viewing, by every unit that received an assignment of the
    campaign: a county reads the province's requirements and tasks it is carrying out."""

    campaign_field = "pk"

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet:
        from zugong.accounts.access import scope_paths

        q = self.scope_q(user, action)
        if action == "view" and scope_paths(user, "campaigns.view_assignment"):
            received = Assignment.objects.visible_to(user, "view").values("campaign_id")
            q |= models.Q(**{f"{self.campaign_field}__in": received})
        return self.filter(q)


class DesignQuerySet(ParticipantQuerySet):
    campaign_field = "campaign_id"


class GroupQuerySet(ScopedQuerySet):
    """Supervision groups: the issuing unit's subtree by role; for viewing also a supervised unit (who
    supervises it, when they come) and the group's own members."""

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet:
        from zugong.accounts.access import scope_paths

        q = self.scope_q(user, action)
        if action == "view" and getattr(user, "pk", None) and not user.admin_role:
            q |= paths_q("units__path", scope_paths(user, perm_name(self.model, action))) | models.Q(members=user)
        return self.filter(q).distinct()


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        DEPLOYED = "deployed", _("已部署")
        RUNNING = "running", _("进行中")
        SUMMARY = "summary", _("总结")
        CLOSED = "closed", _("已结束")

    class Scope(models.TextChoices):
        ALL = "all", _("全部下级单位")
        KINDS = "kinds", _("按单位类型")
        PICKED = "picked", _("指定单位")

    name = models.CharField(_("活动名称"), max_length=120)
    theme = models.CharField(_("主题"), max_length=200, blank=True, default="")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("部署单位"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    scope = models.CharField(_("开展范围"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    scope_kinds = models.JSONField(_("单位类型"), default=list, blank=True)
    scope_units = models.ManyToManyField("orgs.OrgUnit", blank=True, related_name="+", verbose_name=_("指定单位"))
    requirements = models.TextField(_("总体要求"), blank=True, default="")
    office = models.CharField(_("领导小组办公室"), max_length=120, blank=True, default="")
    supervision_groups = models.PositiveSmallIntegerField(_("督导组数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件（实施方案等）"))
    deployed_at = models.DateTimeField(_("部署时间"), null=True, blank=True)
    template_code = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        constraints = [
            models.CheckConstraint(condition=models.Q(start_date__lte=models.F("end_date")), name="campaigns_campaign_period_order",
                                   violation_error_message=_("开始日期不能晚于结束日期")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class CampaignTask(models.Model):
    """A key task (重点任务, e.g. 加强能力建设) or a carrier (载体, e.g. 组工干部“四进”活动), optionally
    with a measurable target: an indicator and the value to reach (e.g. 轮训覆盖率 100%)."""

    class Kind(models.TextChoices):
        TASK = "task", _("重点任务")
        CARRIER = "carrier", _("载体")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("活动"))
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    category = models.CharField(_("分类"), max_length=20, blank=True, default="")
    title = models.CharField(_("名称"), max_length=120)
    content = models.TextField(_("内容和措施"), blank=True, default="")
    indicator = models.CharField(_("目标指标"), max_length=80, blank=True, default="")
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_note = models.CharField(_("目标说明"), max_length=200, blank=True, default="")
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = DesignQuerySet.as_manager()
    scope_field = "campaign__org_unit"

    class Meta:
        ordering = ["campaign_id", "kind", "order", "id"]
        verbose_name = _("重点任务和载体")
        verbose_name_plural = _("重点任务和载体")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "title"], name="campaigns_task_title",
                                    violation_error_message=_("本活动已有同名任务")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.campaign_id]) + f"#task-{self.pk}"


class LeadingGroupMember(models.Model):
    """A member of the campaign's leading group (领导小组) or its office, by role and position."""

    class Role(models.TextChoices):
        LEADER = "组长", _("组长")
        DEPUTY = "副组长", _("副组长")
        MEMBER = "成员", _("成员")
        OFFICE_HEAD = "办公室主任", _("办公室主任")
        OFFICE_MEMBER = "办公室成员", _("办公室成员")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members", verbose_name=_("活动"))
    role = models.CharField(_("职务"), max_length=10, choices=Role.choices)
    name = models.CharField(_("姓名"), max_length=50, blank=True, default="")
    position = models.CharField(_("现任职务"), max_length=120)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = DesignQuerySet.as_manager()
    scope_field = "campaign__org_unit"

    class Meta:
        ordering = ["campaign_id", "order", "id"]
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name or self.position}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.campaign_id]) + "#members"


class TaskDefaults(models.Model):
    """A unit's default responsible people for the campaign tasks it receives (pre-filled at deployment)."""

    org_unit = models.OneToOneField("orgs.OrgUnit", on_delete=models.CASCADE, related_name="campaign_defaults",
                                    verbose_name=_("单位"))
    leader = models.CharField(_("分管领导"), max_length=60, blank=True, default="")
    lead_office = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("牵头科室"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("责任人"))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        verbose_name = _("任务默认责任人")
        verbose_name_plural = _("任务默认责任人")

    def __str__(self) -> str:
        return f"{self.org_unit}：{self.leader}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:defaults")


class Assignment(models.Model):
    """One unit's share of a key task (任务分解): deployed by the campaign's unit or by the superior that
    received it (parent), or a local measure the unit added when refining (细化). Progress follows the
    rule in `campaigns.progress` and is stored so overviews read one column."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("待接收")
        ACCEPTED = "accepted", _("落实中")
        DONE = "done", _("已完成")

    class Origin(models.TextChoices):
        ASSIGNED = "assigned", _("上级部署")
        MEASURE = "measure", _("本级细化")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("活动"))
    task = models.ForeignKey(CampaignTask, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("重点任务"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("上级任务"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="campaign_assignments",
                                 verbose_name=_("承办单位"))
    issuer = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("部署单位"))
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.ASSIGNED)
    title = models.CharField(_("任务"), max_length=120)
    content = models.TextField(_("细化措施"), blank=True, default="")
    leader = models.CharField(_("分管领导"), max_length=60, blank=True, default="")
    lead_office = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("牵头科室"))
    co_offices = models.ManyToManyField("orgs.OrgUnit", blank=True, related_name="+", verbose_name=_("配合科室"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="campaign_assignments", verbose_name=_("责任人"))
    deadline = models.DateField(_("完成时限"))
    weight = models.PositiveSmallIntegerField(_("权重"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    progress = models.DecimalField(_("进度（%）"), max_digits=5, decimal_places=1, default=0)
    has_children = models.BooleanField(_("已分解"), default=False)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    urged = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    created_at = models.DateTimeField(_("部署时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["campaign_id", "org_unit__path", "task__kind", "task__order", "id"]
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        constraints = [
            # a unit receives each key task once from its superior: a repeated or concurrent deployment conflicts
            models.UniqueConstraint(fields=["task", "org_unit"], condition=models.Q(origin="assigned"),
                                    name="campaigns_assignment_once", violation_error_message=_("该单位已接到这项任务")),
            models.CheckConstraint(condition=models.Q(progress__gte=0, progress__lte=100), name="campaigns_assignment_progress"),
        ]
        indexes = [
            models.Index(fields=["campaign", "org_unit"], name="campaigns_asg_campaign_unit"),
            models.Index(fields=["org_unit", "status", "deadline"], name="campaigns_asg_unit_status"),
            models.Index(fields=["responsible", "status"], name="campaigns_asg_responsible"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.org_unit}）"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:assignment", args=[self.pk])

    def is_overdue(self, today: Any = None) -> bool:
        return self.status != self.Status.DONE and self.deadline < (today or timezone.localdate())

    @property
    def is_leaf(self) -> bool:
        return not self.has_children


class ProgressReport(models.Model):
    """A progress report on an assignment (进展情况): the percent (leaves only), text, evidence files."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("任务"))
    date = models.DateField(_("报告日期"))
    percent = models.DecimalField(_("完成进度（%）"), max_digits=5, decimal_places=1, null=True, blank=True)
    text = models.TextField(_("进展情况"))
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("佐证材料"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报告人"))
    source = models.CharField(_("来源"), max_length=10, default="page")  # page | ledger | api
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "assignment__org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")

    def __str__(self) -> str:
        return f"{self.assignment.title} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:assignment", args=[self.assignment_id]) + f"#report-{self.pk}"


class SupervisionGroup(models.Model):
    """A supervision group (督导组) of the campaign: its members read the campaign data of the units
    assigned to it, and nothing else (`campaigns.supervision.grants_for`)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups", verbose_name=_("活动"))
    name = models.CharField(_("名称"), max_length=60)
    leader = models.CharField(_("组长"), max_length=60, blank=True, default="")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="supervision_groups",
                                     verbose_name=_("成员账号"))
    units = models.ManyToManyField("orgs.OrgUnit", blank=True, related_name="supervision_groups", verbose_name=_("督导单位"))
    version = models.PositiveIntegerField(default=1)

    objects = GroupQuerySet.as_manager()
    scope_field = "campaign__org_unit"

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("督导组")
        verbose_name_plural = _("督导组")
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="campaigns_group_name",
                                               violation_error_message=_("本活动已有同名督导组"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:group", args=[self.pk])


class Inspection(models.Model):
    """An inspection of one unit by a supervision group: planned (督导计划), then recorded."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        DONE = "done", _("已督导")

    METHODS = ["听取汇报", "查阅资料", "个别谈话", "问卷调查", "实地查看"]

    group = models.ForeignKey(SupervisionGroup, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("督导组"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("被督导单位"))
    planned_date = models.DateField(_("计划日期"))
    date = models.DateField(_("督导日期"), null=True, blank=True)
    methods = models.JSONField(_("督导方式"), default=list, blank=True)
    summary = models.TextField(_("督导情况"), blank=True, default="")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-planned_date", "-id"]
        verbose_name = _("督导检查")
        verbose_name_plural = _("督导检查")

    def __str__(self) -> str:
        return f"{self.group.name}督导{self.org_unit}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:inspection", args=[self.pk])


class Finding(models.Model):
    """A problem an inspection found (督导发现的问题). It is rectified through the ledger's measures (opinions.Measure,
    finding=…); its status follows them (opinions.measures.sync_finding)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        RECTIFYING = "rectifying", _("整改中")
        DONE = "done", _("已整改")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("督导检查"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("整改单位"))
    content = models.TextField(_("发现的问题"))
    suggestion = models.TextField(_("整改建议"), blank=True, default="")
    deadline = models.DateField(_("整改时限"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["status", "deadline", "id"]
        verbose_name = _("督导发现问题")
        verbose_name_plural = _("督导发现问题")

    def __str__(self) -> str:
        return self.content[:40]

    def get_absolute_url(self) -> str:
        return reverse("campaigns:finding", args=[self.pk])


class WorkReport(models.Model):
    """述职 (half-year or annual work report) of a unit or a person, or a 实绩写实 record."""

    class Kind(models.TextChoices):
        HALF_YEAR = "half", _("半年述职")
        ANNUAL = "annual", _("年度述职")
        RECORD = "record", _("实绩写实")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    cadre = models.ForeignKey("people.Cadre", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("个人（不填为单位）"))
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_reports",
                                 verbose_name=_("相关活动"))
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("内容"))
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("述职和实绩写实")
        verbose_name_plural = _("述职和实绩写实")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:workreport", args=[self.pk])
