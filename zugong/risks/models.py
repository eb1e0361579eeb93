"""岗位风险防控 (全员岗位风险防范管理): the posts of each office, the risk points of each post (adapted from the shipped
catalogue, catalogue.py), the periodic self-check of a post (岗位风险排查) with a result per risk point, and the
accountability notices (问责通报). A post's next review date is set by each review (review date + interval);
posts past it are 逾期未排查. A finding can be put into the rectification ledger (opinions.Problem + Measure)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class Category(models.TextChoices):
    SELECTION = "selection", _("干部选拔任用")
    FILES = "files", _("干部档案")
    DUES = "dues", _("党费")
    TALENT = "talent", _("人才项目")
    SUPERVISION = "supervision", _("干部监督")
    ORGANIZATION = "organization", _("基层组织建设")
    TRAINING = "training", _("干部教育培训")
    OFFICE = "office", _("机关管理")


class Level(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class Post(models.Model):
    """A post (岗位) of an internal office of a department, e.g. 干部科 · 干部调配岗: its duties and how often its risks
    are reviewed."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    office = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("科室"))
    name = models.CharField(_("岗位名称"), max_length=100)
    duties = models.TextField(_("岗位职责"), blank=True, default="")
    review_interval = models.PositiveSmallIntegerField(_("排查周期（月）"), default=6)
    next_review_on = models.DateField(_("下次排查日期"), db_index=True)
    last_review_on = models.DateField(_("上次排查日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "office__order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "office", "name"], name="%(app_label)s_%(class)s_unique_name",
                                    violation_error_message=_("该科室已有同名岗位")),
            models.CheckConstraint(condition=Q(review_interval__gte=1) & Q(review_interval__lte=36),
                                   name="%(app_label)s_%(class)s_interval_range",
                                   violation_error_message=_("排查周期应为 1 到 36 个月")),
        ]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.office.name} · {self.name}" if self.office_id and self.office else self.name

    def get_absolute_url(self) -> str:
        return reverse("risks:post_detail", args=[self.pk])


class PostHolding(models.Model):
    """A cadre holding a post from `since` (until: null while current); the tenure rule reads it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("岗位"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("干部"))
    since = models.DateField(_("任职日期"))
    until = models.DateField(_("离岗日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "post__org_unit"

    class Meta:
        ordering = ["post", "-since", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                                   name="%(app_label)s_%(class)s_until_after_since",
                                   violation_error_message=_("离岗日期不能早于任职日期")),
        ]
        verbose_name = _("岗位任职")
        verbose_name_plural = _("岗位任职")

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.post}，{self.since:%Y-%m-%d}起）"

    def get_absolute_url(self) -> str:
        return reverse("risks:post_detail", args=[self.post_id])


class RiskPoint(models.Model):
    """A risk point (风险点) of a post: what could go wrong, how likely/serious (高/中/低), how it is prevented, who
    answers for it. `catalogue_code` keeps the catalogue entry it was adapted from."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="risk_points", verbose_name=_("岗位"))
    description = models.TextField(_("风险点"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    level = models.CharField(_("风险等级"), max_length=10, choices=Level.choices)
    measures = models.TextField(_("防控措施"), blank=True, default="")
    responsible = models.CharField(_("责任人"), max_length=50, blank=True, default="")
    catalogue_code = models.CharField(_("目录编号"), max_length=20, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "post__org_unit"

    class Meta:
        ordering = ["post", "id"]
        indexes = [models.Index(fields=["post", "level"], name="risks_riskpoint_post_level_idx")]
        verbose_name = _("岗位风险点")
        verbose_name_plural = _("岗位风险点")

    def __str__(self) -> str:
        text = self.description.replace("\n", " ")
        return text[:40] + ("…" if len(text) > 40 else "")

    def get_absolute_url(self) -> str:
        return reverse("risks:point_detail", args=[self.pk])


class RiskReview(models.Model):
    """A periodic self-check of a post (岗位风险排查) on a date by a person, with a result per risk point."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("岗位"))
    reviewed_on = models.DateField(_("排查日期"), db_index=True)
    reviewer = models.CharField(_("排查人"), max_length=50)
    summary = models.TextField(_("排查情况"), blank=True, default="")
    findings = models.PositiveSmallIntegerField(_("发现问题数"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "post__org_unit"

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("岗位风险排查")
        verbose_name_plural = _("岗位风险排查")

    def __str__(self) -> str:
        return f"{self.post.name} {self.reviewed_on:%Y-%m-%d}排查"

    def get_absolute_url(self) -> str:
        return reverse("risks:review_detail", args=[self.pk])


class ReviewResult(models.Model):
    """The result of one risk point in a review: 正常, or 发现问题 with the finding; a finding put into the ledger
    keeps its problem and measure."""

    class Result(models.TextChoices):
        NORMAL = "normal", _("正常")
        PROBLEM = "problem", _("发现问题")

    review = models.ForeignKey(RiskReview, on_delete=models.CASCADE, related_name="results", verbose_name=_("排查"))
    risk_point = models.ForeignKey(RiskPoint, null=True, on_delete=models.SET_NULL, related_name="results", verbose_name=_("风险点"))
    point_text = models.CharField(_("风险点（排查时）"), max_length=200, blank=True, default="")
    result = models.CharField(_("排查结果"), max_length=10, choices=Result.choices, default=Result.NORMAL)
    finding = models.TextField(_("发现的问题"), blank=True, default="")
    problem = models.ForeignKey("opinions.Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("整改台帐问题"))
    measure = models.ForeignKey("opinions.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("整改措施"))

    objects = ScopedQuerySet.as_manager()
    scope_field = "review__post__org_unit"

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(result="problem") | Q(finding=""), name="%(app_label)s_%(class)s_finding_only_on_problem",
                                   violation_error_message=_("结果为正常时不填写发现的问题")),
        ]
        verbose_name = _("排查结果")
        verbose_name_plural = _("排查结果")

    def __str__(self) -> str:
        text = (self.finding or self.point_text).replace("\n", " ")
        return f"{self.get_result_display()}：{text[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("risks:review_detail", args=[self.review_id])


class AccountabilityNotice(models.Model):
    """An accountability notice (问责通报) issued by a unit: who (a cadre, optional), what form, why; optionally the
    risk point it concerns."""

    class Form(models.TextChoices):
        CRITICISM = "criticism", _("通报批评")
        ADMONITION = "admonition", _("诫勉")
        ORGANIZATIONAL = "organizational", _("组织处理")
        TALK = "talk", _("提醒谈话")
        EDUCATION = "education", _("批评教育")
        REVIEW = "review", _("责令检查")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    date = models.DateField(_("通报日期"), db_index=True)
    subject = models.CharField(_("问责对象"), max_length=100)
    cadre = models.ForeignKey("people.Cadre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("组工干部"))
    form = models.CharField(_("问责方式"), max_length=20, choices=Form.choices)
    content = models.TextField(_("通报内容"))
    risk_point = models.ForeignKey(RiskPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices",
                                   verbose_name=_("相关风险点"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("问责通报")
        verbose_name_plural = _("问责通报")

    def __str__(self) -> str:
        return f"{self.subject}（{self.get_form_display()}，{self.date:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("risks:notice_detail", args=[self.pk])
