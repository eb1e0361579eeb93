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


class Snapshot(models.Model):
    """A frozen copy of figures for one unit (its total, 本级 and each child) and one period. Made when a
    briefing is issued or a period is closed (期间结账); never changed afterwards."""

    class Reason(models.TextChoices):
        BRIEFING = "briefing", _("简报签发")
        PERIOD_CLOSE = "period_close", _("期间结账")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    period_start = models.DateField(_("统计期间起"), null=True, blank=True)
    period_end = models.DateField(_("统计期间止"), null=True, blank=True)
    reason = models.CharField(_("冻结原因"), max_length=20, choices=Reason.choices)
    title = models.CharField(_("名称"), max_length=160)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("冻结人"))
    made_at = models.DateTimeField(_("冻结时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("期间快照")
        verbose_name_plural = _("期间快照")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stats:snapshot_detail", args=[self.pk])


class SnapshotValue(models.Model):
    """One frozen figure: the snapshot unit's total (row=total), its own records (row=own) or one child's."""

    class RowKind(models.TextChoices):
        TOTAL = "total", _("合计")
        OWN = "own", _("本级")
        CHILD = "child", _("下级单位")

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(_("指标"), max_length=80)
    row = models.CharField(max_length=5, choices=RowKind.choices)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("单位名称"), max_length=120)  # the name as it was when frozen
    position = models.PositiveSmallIntegerField(default=0)
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=4, null=True, blank=True)
    records = models.PositiveIntegerField(_("记录数"), null=True, blank=True)  # provenance rows at freeze time

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["snapshot_id", "code", "position"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "code", "row", "org_unit"], name="stats_snapshotvalue_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} {self.value}"


class BriefingTemplate(models.Model):
    """A unit's briefing template: Chinese prose with indicator placeholders (see stats/placeholders.py)."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("简报")
        BULLETIN = "bulletin", _("通报")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位"))
    name = models.CharField(_("模板名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.BRIEFING)
    masthead = models.CharField(_("刊头"), max_length=40, help_text=_("如：组工简报、深入开展创先争优活动简报；期号按刊头、单位和年度连续编排"))
    title = models.CharField(_("标题"), max_length=160)
    subtitle = models.CharField(_("副标题"), max_length=160, blank=True, default="")
    body = models.TextField(_("正文"))
    builtin_code = models.CharField(max_length=40, blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "name"]
        verbose_name = _("简报模板")
        verbose_name_plural = _("简报模板")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="stats_briefingtemplate_name",
                                    violation_error_message=_("本单位已有同名模板")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stats:template_edit", args=[self.pk])


class Briefing(models.Model):
    """One issue of a briefing or bulletin. A draft is computed live; issuing numbers it (第N期 per unit,
    masthead and year) and freezes every figure in its snapshot: an issued briefing never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已签发")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("编发单位"))
    template = models.ForeignKey(BriefingTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("模板"))
    kind = models.CharField(_("类别"), max_length=10, choices=BriefingTemplate.Kind.choices, default=BriefingTemplate.Kind.BRIEFING)
    masthead = models.CharField(_("刊头"), max_length=40)
    title = models.CharField(_("标题"), max_length=160)
    subtitle = models.CharField(_("副标题"), max_length=160, blank=True, default="")
    body = models.TextField(_("正文"))
    period_start = models.DateField(_("统计期间起"))
    period_end = models.DateField(_("统计期间止"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    snapshot = models.OneToOneField(Snapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="briefing")
    rendered = models.JSONField(default=dict, blank=True)  # the document as issued (blocks with frozen figures)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("签发人"))
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-issued_at", "-created_at", "-id"]
        verbose_name = _("简报")
        verbose_name_plural = _("简报")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "masthead", "year", "number"], name="stats_briefing_number",
                                    violation_error_message=_("期号重复")),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")), name="stats_briefing_period_order",
                                   violation_error_message=_("统计期间的开始日期不能晚于结束日期")),
        ]

    def __str__(self) -> str:
        return f"{self.masthead}{self.issue_label}" if self.number else f"{self.display_title}（草稿）"

    def get_absolute_url(self) -> str:
        return reverse("stats:briefing_detail", args=[self.pk])

    @property
    def issue_label(self) -> str:
        return f"第{self.number}期" if self.number else "草稿"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def display_title(self) -> str:
        """The title as readers see it: as issued, or with the unit's name filled in for a draft."""
        if self.is_issued and self.rendered.get("title"):
            return "".join(p["text"] for p in self.rendered["title"])
        return self.title.replace("{单位}", self.org_unit.name).replace("{org.name}", self.org_unit.name)
