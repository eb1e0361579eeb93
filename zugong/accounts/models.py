"""Accounts: personal users, roles as permission sets, grants on org units (DESIGN.md §5.2, SECURITY.md R1-R20)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A personal account. There is no superuser: business access comes only from role grants."""

    class AdminRole(models.TextChoices):
        NONE = "", _("业务用户")
        SYSTEM = "sysadmin", _("系统管理员")
        SECURITY = "secadmin", _("安全管理员")
        AUDIT = "auditor", _("审计管理员")

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    full_name = models.CharField(_("姓名"), max_length=50)
    admin_role = models.CharField(_("三员角色"), max_length=20, choices=AdminRole.choices, blank=True, default="")
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    @property
    def is_three_admin(self) -> bool:
        return bool(self.admin_role)

    # Django's auth machinery asks these; business permissions live in accounts.access.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_superuser(self) -> bool:
        return False


class Role(models.Model):
    """A named set of permission strings (`people.view_cadre`), granted on org units."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    permissions = models.JSONField(_("权限"), default=list)
    is_builtin = models.BooleanField(_("内置"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A grant of a role on an org unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("用户"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants", verbose_name=_("角色"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="grants", verbose_name=_("单位"))
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    class Meta:
        ordering = ["user_id", "org_unit__path", "role_id"]
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                name="accounts_roleassignment_unique",
                violation_error_message=_("该用户已在此单位拥有这个角色"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.org_unit}: {self.role}"


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords, so the last five cannot be reused (R3)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"
