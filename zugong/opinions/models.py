"""开门评部: solicitation drives (征求意见活动) and what each channel did (letters sent, symposiums, visits,
hotline calls, questionnaires), and the opinions received from every channel. Every row belongs to a unit
(scope_field); the opinion categories are a platform-wide list kept by the province."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, perm_name
from zugong.orgs.models import STEP


class OpinionCategory(models.Model):
    """A kind of opinion (思想作风, 工作作风 …): a configurable list; `code` is stable (indicators count by it)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("意见分类")
        verbose_name_plural = _("意见分类")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """Where an opinion came from; the first five are also kinds of channel records (what was done)."""

    LETTER = "letter", _("征求意见函（表）")
    SYMPOSIUM = "symposium", _("座谈会")
    VISIT = "visit", _("走访")
    HOTLINE = "hotline", _("专线电话")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    BOX = "box", _("征求意见箱")
    MAILBOX = "mailbox", _("公开信箱")
    OTHER = "other", _("其他")


RECORD_KINDS = [Channel.LETTER, Channel.SYMPOSIUM, Channel.VISIT, Channel.HOTLINE, Channel.QUESTIONNAIRE]
# what `count` of a channel record means, per kind (form help, lists, indicators)
COUNT_LABELS = {Channel.LETTER: "发出份数", Channel.SYMPOSIUM: "召开次数", Channel.VISIT: "走访人次",
                Channel.HOTLINE: "来电次数", Channel.QUESTIONNAIRE: "发放份数"}
PARTICIPANT_LABELS = {Channel.SYMPOSIUM: "参加人数", Channel.QUESTIONNAIRE: "回收份数"}


class DriveQuerySet(ScopedQuerySet):
    """A drive covers the issuing unit's subtree: units below read it (to file their records and opinions
    under it) besides the issuing unit's own subtree."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            ancestors = {p[:k] for p in scope_paths(user, perm_name(self.model, "view")) for k in range(STEP, len(p), STEP)}
            if ancestors:
                q |= Q(org_unit__path__in=sorted(ancestors))
        return q


class Drive(models.Model):
    """A solicitation drive (征求意见活动), optionally under a campaign: its period and the channels used."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="drives",
                                 verbose_name=_("所属活动"))
    title = models.CharField(_("活动名称"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    channels = models.JSONField(_("征求渠道"), default=list)
    description = models.TextField(_("工作安排"), blank=True, default="")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = DriveQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("征求意见活动")
        verbose_name_plural = _("征求意见活动")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opinions:drive_detail", args=[self.pk])

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[c]) for c in self.channels if c in labels]


class ChannelRecord(models.Model):
    """What one unit did on one channel of a drive: letters sent, a symposium, visits, hotline calls, a
    questionnaire. `count` is what the indicators sum (份, 次, 人次); see COUNT_LABELS."""

    drive = models.ForeignKey(Drive, on_delete=models.PROTECT, related_name="records", verbose_name=_("征求意见活动"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    kind = models.CharField(_("渠道"), max_length=15, choices=[(c.value, c.label) for c in RECORD_KINDS])
    date = models.DateField(_("日期"), db_index=True)
    count = models.PositiveIntegerField(_("数量"))
    participants = models.PositiveIntegerField(_("参加人数/回收份数"), null=True, blank=True)
    recipients = models.CharField(_("对象"), max_length=200, blank=True, default="",
                                  help_text=_("发给谁、与谁座谈、走访了谁，如：党代表、基层党员、服务对象"))
    staff = models.CharField(_("参加的组工干部"), max_length=200, blank=True, default="")
    minutes = models.TextField(_("情况记录"), blank=True, default="")
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org_unit", "date"], include=["kind", "count"], name="opinions_record_org_date_idx")]
        verbose_name = _("征求意见渠道记录")
        verbose_name_plural = _("征求意见渠道记录")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.count}"

    def get_absolute_url(self) -> str:
        return reverse("opinions:drive_detail", args=[self.drive_id]) + f"#record-{self.pk}"

    def summary(self) -> str:
        """What the numbers say, in words: 发出 509 份; 召开 1 次，23 人参加; 走访 42 人次 …"""
        text = {Channel.LETTER: f"发出 {self.count} 份", Channel.SYMPOSIUM: f"召开 {self.count} 次", Channel.VISIT: f"走访 {self.count} 人次",
                Channel.HOTLINE: f"来电 {self.count} 次", Channel.QUESTIONNAIRE: f"发放 {self.count} 份"}.get(Channel(self.kind), str(self.count))
        if self.participants is not None:
            text += f"，回收 {self.participants} 份" if self.kind == Channel.QUESTIONNAIRE else f"，{self.participants} 人参加"
        return text


class Opinion(models.Model):
    """An opinion or suggestion received (意见建议) on any channel, addressed to a unit."""

    class SourceKind(models.TextChoices):
        CADRE = "cadre", _("党员干部")
        MASSES = "masses", _("群众")
        CLIENT = "client", _("服务对象")
        DEPUTY = "deputy", _("党代表、人大代表、政协委员")
        GRASSROOTS = "grassroots", _("基层党组织")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        NEW = "new", _("待处理")
        CLUSTERED = "clustered", _("已归类")
        REPLIED = "replied", _("已反馈")
        CLOSED = "closed", _("已办结")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("反映对象单位"))
    drive = models.ForeignKey(Drive, null=True, blank=True, on_delete=models.PROTECT, related_name="opinions",
                              verbose_name=_("征求意见活动"))
    channel = models.CharField(_("渠道"), max_length=15, choices=Channel.choices)
    category = models.ForeignKey(OpinionCategory, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("分类"))
    content = models.TextField(_("意见内容"))
    source_kind = models.CharField(_("提出人类别"), max_length=12, choices=SourceKind.choices, default=SourceKind.MASSES)
    submitter = models.CharField(_("提出人"), max_length=100, blank=True, default="", help_text=_("匿名时不填"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    problem = models.ForeignKey("Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions",
                                verbose_name=_("归入问题"))
    reply = models.TextField(_("答复"), blank=True, default="", help_text=_("反馈给提出人的答复和办理结果"))
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("回访满意度"), null=True, blank=True, help_text=_("1–5，5 为很满意"))
    rating_comment = models.CharField(_("回访意见"), max_length=500, blank=True, default="")
    rated_on = models.DateField(_("回访日期"), null=True, blank=True)
    signature = models.BinaryField(_("相似度签名"), default=b"", editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org_unit", "received_on"], include=["channel", "category", "status"], name="opinions_op_org_recv_idx"),
            models.Index(fields=["-received_on", "-id"], name="opinions_op_recv_idx"),
            models.Index(fields=["drive", "channel"], name="opinions_op_drive_idx"),
        ]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")

    def __str__(self) -> str:
        if self.channel == Channel.MAILBOX and not self.content:
            return f"公开信箱来信 #{self.pk}"
        text = self.content.replace("\n", " ")
        return text[:40] + ("…" if len(text) > 40 else "")

    def get_absolute_url(self) -> str:
        return reverse("opinions:opinion_detail", args=[self.pk])


class MailboxCase(models.Model):
    """A letter to the public mailbox (公开信箱): the opinion it became plus what only the mailbox has — the receipt
    code's keyed hash, the encrypted content and contact, the handling deadlines and escalation. No IP, browser,
    session or precise time is stored: the day received is enough for the deadlines (SECURITY.md R74)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("待受理")
        ACCEPTED = "accepted", _("办理中")
        REPLIED = "replied", _("已答复")

    opinion = models.OneToOneField(Opinion, on_delete=models.PROTECT, related_name="case", verbose_name=_("意见"))
    receipt_hash = models.CharField(_("回执码摘要"), max_length=64, unique=True)
    subject = models.CharField(_("标题"), max_length=100, blank=True, default="")
    content_enc = models.TextField(_("内容（加密）"))
    contact_enc = models.TextField(_("联系方式（加密）"), blank=True, default="")
    contact_masked = models.CharField(_("联系方式"), max_length=100, blank=True, default="")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("收信日期"))
    ack_due = models.DateField(_("受理期限"))
    reply_due = models.DateField(_("答复期限"))
    acknowledged_on = models.DateField(_("受理日期"), null=True, blank=True)
    transferred_from = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("转自"))
    escalated = models.PositiveSmallIntegerField(_("已提醒上级"), default=0, help_text=_("0 未提醒；1 受理逾期已提醒；2 答复逾期已提醒"))
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件"))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "opinion__org_unit"

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "reply_due"], name="opinions_case_due_idx")]
        verbose_name = _("公开信箱来信")
        verbose_name_plural = _("公开信箱来信")

    def __str__(self) -> str:
        return self.subject or f"来信 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("opinions:case_detail", args=[self.pk])

    def overdue(self, today: Any) -> str:
        """"受理逾期" / "答复逾期" / "" as of `today`."""
        if self.status == self.Status.RECEIVED and self.ack_due < today:
            return "受理逾期"
        if self.status != self.Status.REPLIED and self.reply_due < today:
            return "答复逾期"
        return ""


class Problem(models.Model):
    """A problem found by the review (查摆问题, "4大类20个问题"): opinions are clustered into it and measures are
    planned against it."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    drive = models.ForeignKey(Drive, null=True, blank=True, on_delete=models.PROTECT, related_name="problems",
                              verbose_name=_("征求意见活动"))
    category = models.ForeignKey(OpinionCategory, on_delete=models.PROTECT, related_name="problems", verbose_name=_("类别"))
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("具体表现"), blank=True, default="")
    identified_on = models.DateField(_("查摆日期"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-identified_on", "-id"]
        verbose_name = _("查摆问题")
        verbose_name_plural = _("查摆问题")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opinions:problem_detail", args=[self.pk])


class Measure(models.Model):
    """A rectification measure (整改措施) of the ledger (整改台帐), for a problem of the review or a campaign's
    supervision finding: what, who (unit, leader, person), by when; closed (销号) only when the superior unit
    accepts it. 逾期 is not stored: an open measure past its deadline (OPEN, `overdue_q`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("未启动")
        IN_PROGRESS = "in_progress", _("整改中")
        RETURNED = "returned", _("退回")
        AWAITING = "awaiting", _("已完成待验收")
        CLOSED = "closed", _("已销号")

    class Source(models.TextChoices):
        PROBLEM = "problem", _("开门评部查摆问题")
        FINDING = "finding", _("督导发现问题")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    problem = models.ForeignKey(Problem, null=True, blank=True, on_delete=models.PROTECT, related_name="measures", verbose_name=_("问题"))
    finding = models.ForeignKey("campaigns.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="measures",
                                verbose_name=_("督导发现问题"))
    content = models.TextField(_("整改措施"))
    leader = models.CharField(_("责任领导"), max_length=50, blank=True, default="")
    responsible = models.CharField(_("责任人"), max_length=50, blank=True, default="")
    planned_on = models.DateField(_("制定日期"))
    deadline = models.DateField(_("整改时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    accepted_on = models.DateField(_("销号日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("验收人"))
    returned_comment = models.TextField(_("退回意见"), blank=True, default="")
    reopened = models.PositiveSmallIntegerField(_("重新整改次数"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [models.CheckConstraint(condition=Q(problem__isnull=False, finding__isnull=True) | Q(problem__isnull=True, finding__isnull=False),
                                              name="opinions_measure_one_source")]
        indexes = [models.Index(fields=["org_unit", "status"], include=["deadline"], name="opinions_measure_org_idx")]
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")

    def __str__(self) -> str:
        text = self.content.replace("\n", " ")
        return text[:40] + ("…" if len(text) > 40 else "")

    def get_absolute_url(self) -> str:
        return reverse("opinions:measure_detail", args=[self.pk])

    @property
    def source(self) -> str:
        return self.Source.FINDING if self.finding_id else self.Source.PROBLEM

    def is_overdue(self, today: Any) -> bool:
        return self.status in OPEN_MEASURE and self.deadline < today


OPEN_MEASURE = [Measure.Status.PLANNED, Measure.Status.IN_PROGRESS, Measure.Status.RETURNED]


class MeasureUpdate(models.Model):
    """A step in a measure's history: progress reported, completed (with evidence), accepted, returned, reopened."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("报告进展")
        COMPLETE = "complete", _("报告完成")
        ACCEPT = "accept", _("验收销号")
        RETURN = "return", _("退回")
        REOPEN = "reopen", _("重新整改")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates", verbose_name=_("整改措施"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("日期"))
    text = models.TextField(_("情况"), blank=True, default="")
    progress = models.PositiveSmallIntegerField(_("进度（%）"), null=True, blank=True)
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("佐证材料"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "measure__org_unit"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
