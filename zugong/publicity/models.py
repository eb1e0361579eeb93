"""宣传报道: reports on organization work carried by the media (县级, 市级, 省部级, 中央), counted per period at the
unit whose work they report. The link is kept as text and shown, never fetched by the server."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class MediaReport(models.Model):
    class Level(models.TextChoices):
        COUNTY = "county", _("县级")
        CITY = "city", _("市级")
        PROVINCIAL = "provincial", _("省部级")
        CENTRAL = "central", _("中央")

    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("报纸")
        TV = "tv", _("电视")
        RADIO = "radio", _("广播")
        ONLINE = "online", _("网络")
        INTERNAL = "internal", _("内部刊物")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("报道单位"))
    date = models.DateField(_("刊播日期"))
    title = models.CharField(_("标题"), max_length=200)
    media_name = models.CharField(_("媒体名称"), max_length=100)
    media_level = models.CharField(_("媒体级别"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("媒体类型"), max_length=20, choices=Kind.choices)
    link = models.CharField(_("链接"), max_length=500, blank=True, default="")
    cadres = models.ManyToManyField("people.Cadre", blank=True, related_name="+", verbose_name=_("作者（组工干部）"))
    note = models.TextField(_("备注"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("宣传报道")
        verbose_name_plural = _("宣传报道")
        indexes = [models.Index(fields=["org_unit", "date"], name="publicity_report_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.media_name}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:report_detail", args=[self.pk])
