"""Report forms (填报): figures not tracked record by record, reported by units and accepted by the
superior that asked for them. Accepted values roll up through the same engine as record indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class ReportForm(models.Model):
    """A form a superior unit defines (rows of form-fed indicators, a period) and issues downwards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已下发")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("标题"), max_length=120)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="report_forms", verbose_name=_("发布单位"))
    period_start = models.DateField(_("统计期间起"))
    period_end = models.DateField(_("统计期间止"))
    indicator_codes = models.JSONField(_("填报指标"), default=list)
    instructions = models.TextField(_("填报说明"), blank=True, default="")
    workdays = models.PositiveSmallIntegerField(_("填报时限（工作日）"), default=5)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("填报表")
        verbose_name_plural = _("填报表")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="stats_reportform_period_order",
                violation_error_message=_("统计期间的开始日期不能晚于结束日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stats:form_detail", args=[self.pk])


class ReportAssignment(models.Model):
    """One unit's copy of a form: its deadline, its state (填报中 → 已报送 → 已采纳 / 退回)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待填报")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已采纳")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("填报表"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="report_assignments", verbose_name=_("填报单位"))
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("审核意见"), max_length=500, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["deadline", "org_unit__path"]
        verbose_name = _("填报任务")
        verbose_name_plural = _("填报任务")
        constraints = [
            models.UniqueConstraint(fields=["form", "org_unit"], name="stats_reportassignment_unique",
                                    violation_error_message=_("该单位已收到这张填报表")),
        ]

    def __str__(self) -> str:
        return f"{self.form.title}（{self.org_unit.name}）"

    def get_absolute_url(self) -> str:
        return reverse("stats:assignment", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RETURNED) and self.deadline < timezone.localdate()


class ReportValue(models.Model):
    """One reported figure. Only values of accepted assignments count (`accepted`)."""

    assignment = models.ForeignKey(ReportAssignment, on_delete=models.CASCADE, related_name="values", verbose_name=_("填报任务"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报单位"))
    code = models.CharField(_("指标"), max_length=80, db_index=True)
    value = models.PositiveBigIntegerField(_("数值"))
    period_end = models.DateField(_("统计期间止"), db_index=True)
    accepted = models.BooleanField(_("已采纳"), default=False, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["assignment_id", "code"]
        verbose_name = _("填报数据")
        verbose_name_plural = _("填报数据")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "code"], name="stats_reportvalue_unique",
                                    violation_error_message=_("同一填报任务中每个指标只能有一个数值")),
        ]

    def __str__(self) -> str:
        from zugong.stats.registry import exists, get

        label = get(self.code).label if exists(self.code) else self.code
        return f"{label}：{self.value}"

    def get_absolute_url(self) -> str:
        return reverse("stats:assignment", args=[self.assignment_id])
