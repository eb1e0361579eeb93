"""Account writes: users (系统管理员), grants (安全管理员), own password (everyone). All audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from zugong.accounts import access
from zugong.accounts.models import PasswordHistory, Role, RoleAssignment, User
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.orgs.models import OrgUnit

MSG_NOT_SYSADMIN = "只有系统管理员可以管理账号"
MSG_NOT_SECADMIN = "只有安全管理员可以管理授权"
MSG_SELF = "不能停用自己的账号"
MSG_USERNAME_TAKEN = "该用户名已被使用"
MSG_GRANT_ADMIN = "三员账号不能被授予业务角色"
MSG_ADMIN_BY_COMMAND = "三员账号只能由服务器上的 zugong create-admin 命令创建和维护，以保证三员分立"


def _require(ok: bool, message: str) -> None:
    if not ok:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(message)


def kill_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of `user` (R7), except `keep` (the session key doing the change)."""
    killed = 0
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if s.session_key != keep and str(s.get_decoded().get("_auth_user_id")) == str(user.pk):
            s.delete()
            killed += 1
    return killed


def _set_password(user: User, raw: str) -> None:
    validate_password(raw, user)
    if user.password:
        PasswordHistory.objects.create(user=user, password=user.password)
    user.set_password(raw)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])


@transaction.atomic
def user_create(
    *, actor: Any, username: str, full_name: str, password: str, admin_role: str = ""
) -> User:
    _require(access.is_sysadmin(actor) or actor is access.SYSTEM, MSG_NOT_SYSADMIN)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN})
    if admin_role not in User.AdminRole.values:
        raise ValidationError({"admin_role": "三员角色无效"})
    if admin_role and actor is not access.SYSTEM:
        # No one admin may create another (R10: 三员分立); the first ones come from the server console.
        _require(False, MSG_ADMIN_BY_COMMAND)
    user = User(username=username, full_name=full_name.strip(), admin_role=admin_role)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    record(action="user.created", actor=actor, obj=user, after=snapshot(user))
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    _require(access.is_sysadmin(actor) or actor is access.SYSTEM, MSG_NOT_SYSADMIN)
    _require(not user.admin_role or actor is access.SYSTEM, MSG_ADMIN_BY_COMMAND)
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError(MSG_SELF)
    before = snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        kill_sessions(user)
    record(action="user.activated" if active else "user.deactivated", actor=actor, obj=user, before=before, after=snapshot(user))
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User, password: str) -> User:
    _require(access.is_sysadmin(actor) or actor is access.SYSTEM, MSG_NOT_SYSADMIN)
    _require(not user.admin_role or actor is access.SYSTEM, MSG_ADMIN_BY_COMMAND)
    try:
        _set_password(user, password)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    kill_sessions(user)
    record(action="user.password_reset", actor=actor, obj=user)
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str, session_key: str | None) -> User:
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    try:
        _set_password(actor, new_password)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    kill_sessions(actor, keep=session_key)
    record(action="user.password_changed", actor=actor, obj=actor)
    return actor


@transaction.atomic
def grant_add(*, actor: Any, user: User, role: Role, org_unit: OrgUnit) -> RoleAssignment:
    _require(access.is_secadmin(actor), MSG_NOT_SECADMIN)
    if user.admin_role:
        raise ValidationError({"user": MSG_GRANT_ADMIN})
    if RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).exists():
        raise ValidationError("该用户已在此单位拥有这个角色")
    grant = RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit, granted_by=actor)
    record(action="grant.added", actor=actor, obj=grant, org_unit_id=org_unit.pk, after=snapshot(grant))
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: RoleAssignment) -> None:
    _require(access.is_secadmin(actor), MSG_NOT_SECADMIN)
    before = snapshot(grant)
    pk, org, text = grant.pk, grant.org_unit_id, str(grant)
    grant.delete()
    record(action="grant.revoked", actor=actor, object_type="accounts.roleassignment", object_id=str(pk),
           object_repr=text, org_unit_id=org, before=before)
