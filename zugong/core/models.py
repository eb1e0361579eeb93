"""Infrastructure models only (DESIGN.md §4): background jobs and the holiday table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet


class Job(models.Model):
    """A long user-triggered piece of work (import, export, fan-out) with progress shown in the UI."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("进行中")
        VALIDATED = "validated", _("待确认")
        INVALID = "invalid", _("校验未通过")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    file = models.CharField(_("文件"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.VALIDATED, self.Status.INVALID):
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.RUNNING)


class Holiday(models.Model):
    """An admin-maintained day off or make-up working day, for years chinese-calendar does not know."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否调休上班"), default=False)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class StoredFile(models.Model):
    """An uploaded file (evidence, 实施方案, 述职材料 …), checked by `core.files.store` and kept under a
    random name outside any web path. Modules link it from their records and serve it through their own
    permission-checked view with `core.files.download` (R49)."""

    name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(_("大小"))
    kind = models.CharField(_("类型"), max_length=10)
    sha256 = models.CharField(max_length=64)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text=_("空：公开信箱的匿名来信"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"
