"""Recommendation votes (推荐评选, “我身边的优秀组工干部”) and the commendations they lead to.

A `Selection` runs draft → nominating (units below the organizer nominate their cadres) → publicized (公示: a
public page lists the accepted nominees with their deeds and takes comments) → voting (one-time codes and/or
per-cadre logins) → closed (votes tallied) → commended (the organizer confirms who is commended).

Anonymity of the votes follows the surveys app (SECURITY.md R64–R71):
- `VoteCode` is eligibility only: a keyed hash of a printed code and a used flag. `VoteParticipation` records
  that an account voted in a selection (one vote per login), and nothing else.
- A ballot goes to `VoteBallot` while voting is open (a random UUID key, no time, no voter); at close one
  transaction moves every choice, in random key order, to `VoteChoice` (no ballot, code or voter), freezes the
  counts on the nominations and touches every code and participation row, so neither ids, storage order nor
  PostgreSQL's xmin link a choice to a voter.
- There is no foreign key between codes or participations and ballots, no admin and no audit row per ballot.
- Public comments (反映意见) are SM4-encrypted and carry the day received only: no address, browser, session."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, paths_q, perm_name

HONOR_TITLE = "我身边的优秀组工干部"


class VotingMode(models.TextChoices):
    CODES = "codes", _("投票码投票")
    LOGIN = "login", _("干部登录投票")
    BOTH = "both", _("投票码和干部登录均可")


def _ancestor_paths(paths: list[str]) -> set[str]:
    """Every proper ancestor path of `paths` (a path grows by STEP characters per level)."""
    from zugong.orgs.models import STEP

    return {p[:i] for p in paths for i in range(STEP, len(p), STEP)}


class SelectionQuerySet(ScopedQuerySet):
    """A selection is read by the organizing unit's subtree and, for viewing, by every unit below the organizer
    (they nominate, and their cadres vote); a sibling or a unit outside the organizer's subtree sees nothing."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            ancestors = _ancestor_paths(scope_paths(user, perm_name(self.model, "view")))
            if ancestors:  # a superior's selection once it is under way (its draft is the organizer's)
                q |= Q(org_unit__path__in=ancestors) & ~Q(status="draft")
        return q


class Selection(models.Model):
    """A recommendation vote (评选活动), e.g. 2026年度“我身边的优秀组工干部”评选."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        NOMINATING = "nominating", _("推荐中")
        PUBLICIZED = "publicized", _("公示中")
        VOTING = "voting", _("投票中")
        CLOSED = "closed", _("已计票")
        COMMENDED = "commended", _("已表彰")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("评选名称"), max_length=200)
    description = models.TextField(_("评选说明"), blank=True, default="")
    honor_title = models.CharField(_("荣誉称号"), max_length=100, default=HONOR_TITLE)
    nominations_per_unit = models.PositiveSmallIntegerField(_("每个单位最多推荐人数"), default=2)
    places = models.PositiveSmallIntegerField(_("表彰名额"), default=10)
    votes_per_voter = models.PositiveSmallIntegerField(_("每票最多选几人"), default=10)
    voting_mode = models.CharField(_("投票方式"), max_length=10, choices=VotingMode.choices, default=VotingMode.BOTH)
    nominate_from = models.DateField(_("推荐开始日期"))
    nominate_until = models.DateField(_("推荐截止日期"))
    publicize_from = models.DateField(_("公示开始日期"))
    publicize_until = models.DateField(_("公示截止日期"))
    vote_from = models.DateField(_("投票开始日期"))
    vote_until = models.DateField(_("投票截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    codes_issued = models.PositiveIntegerField(_("已生成投票码"), default=0)
    ballots = models.PositiveIntegerField(_("投票人数"), default=0, help_text=_("结束投票时统计"))
    closed_on = models.DateField(_("计票日期"), null=True, blank=True)
    commended_on = models.DateField(_("表彰日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = SelectionQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-year", "-id"]
        permissions = [("view_votetally", _("查看评选计票结果"))]
        constraints = [
            models.CheckConstraint(condition=Q(votes_per_voter__gte=1) & Q(places__gte=1) & Q(nominations_per_unit__gte=1),
                                   name="%(app_label)s_%(class)s_limits_positive",
                                   violation_error_message=_("名额、每票人数和推荐人数都应至少为 1")),
        ]
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honors:detail", args=[self.pk])

    @property
    def by_codes(self) -> bool:
        return self.voting_mode in (VotingMode.CODES, VotingMode.BOTH)

    @property
    def by_login(self) -> bool:
        return self.voting_mode in (VotingMode.LOGIN, VotingMode.BOTH)

    @property
    def is_tallied(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.COMMENDED)


class NominationQuerySet(ScopedQuerySet):
    """A nomination is read by the organizer's subtree and, for viewing, by the nominating unit's subtree."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q("org_unit__path", scope_paths(user, perm_name(self.model, "view")))
        return q


class Nomination(models.Model):
    """A unit's nomination of one of its cadres, with the deeds (先进事迹); the organizer accepts or rejects it.
    `votes` and `rank` are frozen when the votes are tallied."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已通过")
        WITHDRAWN = "withdrawn", _("已撤回")
        REJECTED = "rejected", _("未通过")

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("评选活动"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐单位"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐人选"))
    deeds = models.TextField(_("先进事迹"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.CharField(_("未通过原因"), max_length=500, blank=True, default="")
    submitted_on = models.DateField(_("推荐日期"))
    votes = models.PositiveIntegerField(_("得票数"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = NominationQuerySet.as_manager()
    scope_field = "selection__org_unit"

    class Meta:
        ordering = ["selection", "org_unit__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "cadre"], condition=Q(status__in=["submitted", "accepted"]),
                                    name="%(app_label)s_%(class)s_unique_cadre",
                                    violation_error_message=_("该干部已被推荐")),
        ]
        verbose_name = _("推荐人选")
        verbose_name_plural = _("推荐人选")

    def __str__(self) -> str:
        return f"{self.cadre}（{self.org_unit}）"

    def get_absolute_url(self) -> str:
        return reverse("honors:nomination", args=[self.pk])


class PublicComment(models.Model):
    """A comment left on the public 公示 page (反映意见), about one nominee or the selection. Encrypted; no address,
    browser, session or time of day is kept (the day received is enough to handle it)."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="comments", verbose_name=_("评选活动"))
    nomination = models.ForeignKey(Nomination, null=True, blank=True, on_delete=models.CASCADE, related_name="comments",
                                   verbose_name=_("反映的人选"))
    content_enc = models.TextField(_("内容（加密）"))
    received_on = models.DateField(_("收到日期"))
    handled = models.BooleanField(_("已处理"), default=False)
    note = models.TextField(_("处理情况"), blank=True, default="")
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("处理人"))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "selection__org_unit"

    class Meta:
        ordering = ["handled", "-received_on", "-id"]
        verbose_name = _("公示意见")
        verbose_name_plural = _("公示意见")

    def __str__(self) -> str:
        return f"公示意见 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("honors:comment", args=[self.pk])


class VoteCode(models.Model):
    """Eligibility only (R64, R68): the keyed hash of a printed vote code and whether it was used. Nothing else."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "selection__org_unit"

    class Meta:
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")

    def __str__(self) -> str:
        return "投票码"


class VoteParticipation(models.Model):
    """That an account voted in a selection (one vote per login), and nothing else: no ballot, no time."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "selection__org_unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["selection", "user"], name="%(app_label)s_%(class)s_once",
                                               violation_error_message=_("您已投过票"))]
        verbose_name = _("登录投票记录")
        verbose_name_plural = _("登录投票记录")

    def __str__(self) -> str:
        return "已投票"


class VoteBallot(models.Model):
    """A ballot while voting is open (R66): random key, no time, no voter; never read until close. The choices are
    sealed (SM4-GCM under the field key, voting.seal): while voting, the row shares its transaction id with the spent
    code or the voter's participation row, so whoever reads the database then (or a backup of those days) must not
    read the choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()  # encrypt(JSON [nomination id, …])

    objects = ScopedQuerySet.as_manager()
    scope_field = "selection__org_unit"

    def __str__(self) -> str:
        return "选票（待计票）"


class VoteChoice(models.Model):
    """One vote for one nominee after close, in random key order; no ballot, code, voter or time (R64, R66)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_field = "selection__org_unit"

    def __str__(self) -> str:
        return "选票"


class CommendationQuerySet(ScopedQuerySet):
    """A commendation is read by the organizer's subtree and, for viewing, by the commended cadre's unit's."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q("unit__path", scope_paths(user, perm_name(self.model, "view")))
        return q


class Commendation(models.Model):
    """A commendation record (表彰): who was commended, with what title, when and by which document (文号)."""

    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="commendations", verbose_name=_("评选活动"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("受表彰干部"))
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    title = models.CharField(_("荣誉称号"), max_length=100)
    awarded_on = models.DateField(_("表彰日期"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True, default="")
    votes = models.PositiveIntegerField(_("得票数"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CommendationQuerySet.as_manager()
    scope_field = "selection__org_unit"

    class Meta:
        ordering = ["-awarded_on", "unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["selection", "cadre"], name="%(app_label)s_%(class)s_unique_cadre",
                                               violation_error_message=_("该干部已受表彰"))]
        verbose_name = _("表彰记录")
        verbose_name_plural = _("表彰记录")

    def __str__(self) -> str:
        return f"{self.cadre}：{self.title}"
