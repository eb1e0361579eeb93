"""Campaigns (三讲三提升, 创先争优 …): what a department deploys level by level. This first part holds
the campaign as designed — theme, period, scope, general requirements, leading group, key tasks and
carriers with measurable targets — started from a built-in template and edited before deployment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


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
    template_code = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
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

    objects = ScopedQuerySet.as_manager()
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

    objects = ScopedQuerySet.as_manager()
    scope_field = "campaign__org_unit"

    class Meta:
        ordering = ["campaign_id", "order", "id"]
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name or self.position}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.campaign_id]) + "#members"
