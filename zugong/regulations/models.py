"""The rules library (制度库): rules (制度) issued by a unit, each with an immutable history of versions
(新建, then 修订), and repeal (废止). The current version's text is what full-text search reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class Category(models.TextChoices):
    SELECTION = "selection", _("干部选拔任用")
    SUPERVISION = "supervision", _("干部监督管理")
    ORGANIZATION = "organization", _("组织建设")
    TALENT = "talent", _("人才工作")
    INTERNAL = "internal", _("机关内部管理")
    OTHER = "other", _("其他")


class Rule(models.Model):
    """A rule (制度) of a unit. Title, 文号 and category describe it now; what it said at each point in time
    lives in its versions. `search_text` / `search_grams` are kept by the services from the title, 文号 and the
    current version's text (see regulations.search)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("现行")
        REPEALED = "repealed", _("已废止")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("制定单位"))
    title = models.CharField(_("制度名称"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True, default="")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    current = models.ForeignKey("RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("现行版本"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    repeal_reason = models.TextField(_("废止理由"), blank=True, default="")
    search_text = models.TextField(_("检索文本"), blank=True, default="", editable=False)
    search_grams = models.TextField(_("检索词元"), blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "title", "id"]
        verbose_name = _("制度")
        verbose_name_plural = _("制度")
        indexes = [models.Index(fields=["org_unit", "status"], name="reg_rule_org_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="in_force", repealed_on__isnull=True) | models.Q(status="repealed", repealed_on__isnull=False),
                name="%(app_label)s_%(class)s_repeal_date",
                violation_error_message=_("已废止的制度须有废止日期，现行制度不能有废止日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("regulations:rule_detail", args=[self.pk])


class RuleVersion(models.Model):
    """One version of a rule: 第1版 is 新建, later ones are 修订. Never changed once saved; the latest is the rule's
    current version. `org_unit` repeats the rule's unit so the figures count versions without a join."""

    class Kind(models.TextChoices):
        NEW = "new", _("新建")
        REVISED = "revised", _("修订")

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="versions", verbose_name=_("制度"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("制定单位"))
    number = models.PositiveIntegerField(_("版本号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("制度名称"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True, default="")
    effective_on = models.DateField(_("施行日期"))
    summary = models.TextField(_("修订说明"), blank=True, default="")
    text = models.TextField(_("制度全文"), blank=True, default="")
    file = models.ForeignKey("core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("文件"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["rule_id", "number"]
        verbose_name = _("制度版本")
        verbose_name_plural = _("制度版本")
        indexes = [
            # 新建/修订 figures per unit and period from the index alone (PostgreSQL)
            models.Index(fields=["org_unit", "effective_on"], include=["kind"], name="reg_version_org_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="%(app_label)s_%(class)s_unique_number",
                                    violation_error_message=_("该制度已有这个版本号")),
            models.CheckConstraint(condition=models.Q(number=1, kind="new") | models.Q(number__gt=1, kind="revised"),
                                   name="%(app_label)s_%(class)s_kind_number",
                                   violation_error_message=_("第1版为新建，以后各版为修订")),
        ]

    def __str__(self) -> str:
        return f"{self.title} 第{self.number}版（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("regulations:rule_detail", args=[self.rule_id]) + f"#v{self.number}"
