"""积分卡: point rules, point entries and the card per cadre per year (the card is the sum of its entries).

Modules never write entries themselves: they emit an event through `points.services.award(...)`, which
applies the rule (points, daily and yearly caps, attempt decay) and is idempotent per source record.
Manual additions and deductions carry evidence and wait for an approver."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class PointRule(models.Model):
    """Points per event type. `decay` lists the points of the 1st, 2nd, 3rd … try (exam rewards: first
    try full points, fewer on retries; later tries get the last value); empty means `points` every time."""

    code = models.SlugField(_("事件代码"), max_length=60, unique=True)
    name = models.CharField(_("积分项目"), max_length=60)
    category = models.CharField(_("类别"), max_length=10, default="学")
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    daily_cap = models.DecimalField(_("每日上限"), max_digits=6, decimal_places=1, null=True, blank=True)
    yearly_cap = models.DecimalField(_("每年上限"), max_digits=6, decimal_places=1, null=True, blank=True)
    decay = models.JSONField(_("重复作答递减"), default=list, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True, default="")
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")

    def __str__(self) -> str:
        return self.name


class PointEntry(models.Model):
    """One line on a cadre's card. Automatic entries come from events (source = the record that earned
    them, unique per rule); manual ones are pending until an approver at a superior unit decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已生效")
        REJECTED = "rejected", _("未通过")

    cadre = models.ForeignKey("people.Cadre", on_delete=models.CASCADE, related_name="point_entries", verbose_name=_("干部"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"))
    rule = models.ForeignKey(PointRule, null=True, blank=True, on_delete=models.PROTECT, related_name="entries", verbose_name=_("积分项目"))
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=1)
    reason = models.CharField(_("事由"), max_length=200)
    source = models.CharField(_("来源记录"), max_length=60, blank=True, default="")
    capped = models.BooleanField(_("受上限限制"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("佐证材料"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            # an event is counted once per rule and source record, however often it is emitted
            models.UniqueConstraint(fields=["rule", "cadre", "source"], condition=~models.Q(source=""), name="points_entry_once"),
        ]
        indexes = [models.Index(fields=["cadre", "year", "status"], include=["points"], name="points_entry_card_idx"),
                   models.Index(fields=["org_unit", "year", "status"], include=["points"], name="points_entry_unit_idx")]
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")

    def __str__(self) -> str:
        return f"{self.cadre} {self.points:+} {self.reason}"
