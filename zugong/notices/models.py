"""The in-app inbox (站内消息): reminders, urgings and notices addressed to one user.

A notice is about an org unit (`org_unit`, so it carries scope like all business data), but a user's
inbox is read by `recipient=user`, never through `visible_to`: nobody reads another person's inbox.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet

MSG_URL = "链接必须是本系统内以“/”开头的相对地址"
DEDUPE_KEY_MAX = 200


def is_relative_url(url: str) -> bool:
    """A path inside this site: "/..." but not "//host" or "/\\host" (browsers read both as another host)."""
    return url.startswith("/") and not url.startswith(("//", "/\\")) and not any(c in url for c in "\r\n\t")


def validate_relative_url(url: str) -> None:
    if url and not is_relative_url(url):
        raise ValidationError(MSG_URL, code="relative_url")


class Notice(models.Model):
    """One message in one user's inbox; `dedupe_key` makes a re-run of the job that sent it a no-op."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("提醒")
        URGE = "urge", _("催办")
        OVERDUE = "overdue", _("逾期")
        INFO = "info", _("通知")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name=_("收件人"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("相关单位"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.INFO)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True, default="")
    url = models.CharField(_("链接"), max_length=300, blank=True, default="", validators=[validate_relative_url])
    dedupe_key = models.CharField(_("去重键"), max_length=DEDUPE_KEY_MAX)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                name="notices_notice_unique_key",
                violation_error_message=_("该消息已发送给此用户"),
            ),
            models.CheckConstraint(
                condition=models.Q(url="") | (models.Q(url__startswith="/") & ~models.Q(url__startswith="//")),
                name="notices_notice_relative_url",
                violation_error_message=MSG_URL,
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notices_notice_inbox_idx"),
            # the bell's count: only unread rows are indexed
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notices_notice_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"[{self.get_kind_display()}] {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
