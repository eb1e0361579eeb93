"""基层工作 (grassroots work): field visits (下基层 / 四进), pairings (结对帮扶) with their contact log, problems solved for
the grassroots (为基层群众解决实际问题), research topics led by leadership members (领衔课题) with their report
(调研报告), and each office's contact point (联系点).

Every record belongs to the department (org_unit) that entered it. A visit's 人次 is the number of its cadres, kept
in `person_count` by the services so the indicator is one SUM. An unsolved problem can be handed to the
rectification ledger (opinions.Problem + Measure); the link is kept and the measure's status shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class VisitKind(models.TextChoices):
    COMMUNITY = "community", _("进社区")
    ENTERPRISE = "enterprise", _("进企业")
    HOUSEHOLD = "household", _("进农户")
    PETITION = "petition", _("进信访大厅")
    OTHER = "other", _("其他下基层")


class ContactPoint(models.Model):
    """An office's grassroots contact point (联系点): the department, the office that keeps it, the grassroots unit."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    office = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("联系科室"))
    name = models.CharField(_("基层单位"), max_length=200)
    address = models.CharField(_("地址"), max_length=200, blank=True, default="")
    since = models.DateField(_("建立联系时间"))
    note = models.TextField(_("备注"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "office__order", "id"]
        verbose_name = _("联系点")
        verbose_name_plural = _("联系点")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="%(app_label)s_%(class)s_office_name_unique",
                                    violation_error_message=_("该科室已有同名联系点")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:point_detail", args=[self.pk])


class FieldVisit(models.Model):
    """A visit to the grassroots (下基层, 四进) by one or more cadres of the department: 人次 = its cadres."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    kind = models.CharField(_("类型"), max_length=12, choices=VisitKind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    purpose = models.CharField(_("事由"), max_length=500)
    findings = models.TextField(_("发现的问题和情况"), blank=True, default="")
    cadres = models.ManyToManyField("people.Cadre", related_name="+", verbose_name=_("参加干部"))
    person_count = models.PositiveIntegerField(_("人次"), default=0)
    contact_point = models.ForeignKey(ContactPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits",
                                      verbose_name=_("联系点"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("下基层记录")
        verbose_name_plural = _("下基层记录")
        indexes = [models.Index(fields=["org_unit", "date"], name="fieldwork_visit_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.place}"

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:visit_detail", args=[self.pk])


class Pairing(models.Model):
    """A pairing (结对帮扶): a cadre with a grassroots party member, talent or family in difficulty."""

    class Counterpart(models.TextChoices):
        MEMBER = "member", _("基层党员")
        TALENT = "talent", _("人才")
        FAMILY = "family", _("困难家庭")

    class Status(models.TextChoices):
        ACTIVE = "active", _("帮扶中")
        ENDED = "ended", _("已结束")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("帮扶干部"))
    counterpart_kind = models.CharField(_("帮扶对象类别"), max_length=10, choices=Counterpart.choices)
    counterpart_name = models.CharField(_("帮扶对象"), max_length=100)
    counterpart_place = models.CharField(_("所在地"), max_length=200, blank=True, default="")
    start_date = models.DateField(_("结对日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    note = models.TextField(_("帮扶内容"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("帮扶对子")
        verbose_name_plural = _("帮扶对子")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="%(app_label)s_%(class)s_end_after_start",
                                   violation_error_message=_("结束日期不能早于结对日期")),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.counterpart_name}（{self.get_counterpart_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:pairing_detail", args=[self.pk])


class PairingContact(models.Model):
    """A dated entry of a pairing's contact log (联系记录)."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("帮扶对子"))
    date = models.DateField(_("日期"))
    content = models.TextField(_("联系内容"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "pairing__org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("帮扶联系记录")
        verbose_name_plural = _("帮扶联系记录")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.content[:30]}"


class GrassrootsProblem(models.Model):
    """A practical problem of grassroots people (为基层群众解决实际问题), found on a visit or through a pairing; an
    unsolved one can be handed to the rectification ledger (`ledger_measure`)."""

    class Status(models.TextChoices):
        SOLVED = "solved", _("已解决")
        UNSOLVED = "unsolved", _("未解决")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    visit = models.ForeignKey(FieldVisit, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems",
                              verbose_name=_("下基层记录"))
    pairing = models.ForeignKey(Pairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems",
                                verbose_name=_("帮扶对子"))
    description = models.CharField(_("问题"), max_length=500)
    raised_on = models.DateField(_("发现日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.UNSOLVED)
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    result = models.TextField(_("解决情况"), blank=True, default="")
    ledger_problem = models.ForeignKey("opinions.Problem", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("整改台帐问题"))
    ledger_measure = models.ForeignKey("opinions.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("整改措施"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("为基层解决的实际问题")
        verbose_name_plural = _("为基层解决的实际问题")
        constraints = [
            models.CheckConstraint(condition=~Q(status="solved") | Q(solved_on__isnull=False),
                                   name="%(app_label)s_%(class)s_solved_has_date",
                                   violation_error_message=_("已解决的问题须填写解决日期")),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:problem_detail", args=[self.pk])


class ResearchTopic(models.Model):
    """A research topic led by a leadership member (领衔课题), its team, milestones, the research report (调研报告),
    its rating and whether it was adopted into policy (成果转化)."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("良好")
        FAIR = "fair", _("一般")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    title = models.CharField(_("课题名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    lead = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("领衔领导"))
    team = models.ManyToManyField("people.Cadre", blank=True, related_name="+", verbose_name=_("课题组成员"))
    description = models.TextField(_("研究内容"), blank=True, default="")
    report_file = models.ForeignKey("core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("调研报告"))
    report_date = models.DateField(_("报告日期"), null=True, blank=True)
    rating = models.CharField(_("评定等次"), max_length=10, choices=Rating.choices, blank=True, default="")
    adopted = models.BooleanField(_("成果转化"), default=False)
    adoption_note = models.TextField(_("转化情况"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("领衔课题")
        verbose_name_plural = _("领衔课题")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:topic_detail", args=[self.pk])


class TopicMilestone(models.Model):
    """A dated step of a research topic (开题, 调研, 形成报告 …)."""

    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("课题"))
    date = models.DateField(_("计划日期"))
    title = models.CharField(_("节点"), max_length=200)
    done = models.BooleanField(_("已完成"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "topic__org_unit"

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("课题进度节点")
        verbose_name_plural = _("课题进度节点")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"
