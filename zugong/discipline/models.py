"""违规违纪处理: discipline cases of organization cadres (组织人事干部), restricted to 部领导 and the
discipline-inspection role (纪检监察员). The string of a case names no one (it is what provenance lists show)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class DisciplineCase(models.Model):
    class Kind(models.TextChoices):
        POLITICAL = "political", _("违反政治纪律")
        ORGANIZATIONAL = "organizational", _("违反组织纪律")
        INTEGRITY = "integrity", _("违反廉洁纪律")
        MASSES = "masses", _("违反群众纪律")
        WORK = "work", _("违反工作纪律")
        LIFE = "life", _("违反生活纪律")
        OTHER = "other", _("其他违规行为")

    class Handling(models.TextChoices):
        REMINDER = "reminder", _("谈话提醒")
        CRITICISM = "criticism", _("批评教育")
        ADMONITION = "admonition", _("诫勉")
        PARTY = "party", _("党纪处分")
        GOVERNMENT = "government", _("政务处分")
        ORGANIZATIONAL = "organizational", _("组织处理")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("组工干部"))
    decided_on = models.DateField(_("处理决定日期"))
    kind = models.CharField(_("违规违纪类别"), max_length=20, choices=Kind.choices)
    handling = models.CharField(_("处理方式"), max_length=20, choices=Handling.choices)
    summary = models.TextField(_("问题摘要"))
    decided_by = models.CharField(_("处理决定机关"), max_length=100)
    file = models.ForeignKey("core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("处理决定文书"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("违规违纪处理")
        verbose_name_plural = _("违规违纪处理")
        indexes = [models.Index(fields=["org_unit", "decided_on"], name="discipline_case_org_date_idx")]

    def __str__(self) -> str:
        return f"违规违纪处理第{self.pk}号（{self.get_kind_display()}，{self.get_handling_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("discipline:case_detail", args=[self.pk])
