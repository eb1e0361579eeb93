"""Authentication events into the audit log (R21): a decoupled concern, so signals are right here."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zugong.audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action="auth.login", actor=user, object_type="accounts.user", object_id=str(user.pk), object_repr=user.get_username())


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(action="auth.logout", actor=user, object_type="accounts.user", object_id=str(user.pk), object_repr=user.get_username())


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(action="auth.login_failed", actor_name=username, object_type="accounts.user", object_repr=username, result="failed")


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kwargs: Any) -> None:
    name = (username or "")[:150]
    record(action="auth.locked_out", actor_name=name, object_type="accounts.user", object_repr=name, result="locked")
