"""关心关爱 (人文关怀): the care activities a department organizes for its cadres — 走访慰问, 困难帮扶, 家属座谈会,
文体活动 … — with the cadres reached, the 人次 and the money given (慰问金额)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class CareActivity(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("走访慰问")
        HARDSHIP = "hardship", _("困难帮扶")
        FAMILY = "family", _("家属座谈会")
        RECREATION = "recreation", _("文体活动")
        TALK = "talk", _("谈心谈话")
        CHECKUP = "checkup", _("健康体检")
        OTHER = "other", _("其他")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    cadres = models.ManyToManyField("people.Cadre", blank=True, related_name="+", verbose_name=_("关爱对象（组工干部）"))
    persons = models.PositiveIntegerField(_("关爱人次"), default=0)
    amount = models.DecimalField(_("慰问金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("备注"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("关心关爱活动")
        verbose_name_plural = _("关心关爱活动")
        indexes = [models.Index(fields=["org_unit", "date"], name="care_activity_org_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="care_activity_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("care:activity_detail", args=[self.pk])
