"""Login security (R1-R9): lockout, password rules, sessions, 三员 separation, no superuser."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError

from zugong.accounts import services
from zugong.accounts.models import User
from zugong.audit.models import ObjectChange
from zugong.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Any, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_logout_are_audited(client: Any, personas: Any) -> None:
    response = _login(client, "p-admin", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert ObjectChange.objects.filter(action="auth.login", actor=personas.province).exists()
    client.post("/accounts/logout/")
    assert ObjectChange.objects.filter(action="auth.logout", actor=personas.province).exists()


def test_wrong_password_message_does_not_say_which_part(client: Any, personas: Any) -> None:
    bad_user = _login(client, "no-such-user", PASSWORD)
    bad_pass = _login(client, "p-admin", "Wrong#Pass2026")
    assert "用户名或密码不正确" in bad_user.content.decode()
    assert bad_user.content.decode().count("用户名或密码不正确") == bad_pass.content.decode().count("用户名或密码不正确")


def test_sixth_login_after_five_failures_is_refused_even_with_right_password(client: Any, personas: Any) -> None:
    for _ in range(5):
        assert _login(client, "p-admin", "Wrong#Pass2026").status_code in (200, 429)
    response = _login(client, "p-admin", PASSWORD)
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert ObjectChange.objects.filter(action="auth.login_failed").count() >= 5
    assert ObjectChange.objects.filter(action="auth.locked_out").exists()


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Short#1a", "至少包含 12 个字符"),
        ("alllowercaseletters", "至少三类"),
        ("Password12345!"[:0] + "password123456", "至少三类"),
    ],
)
def test_password_rules(password: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="x", full_name="x"))
    assert any(fragment in m for m in exc.value.messages), exc.value.messages


def test_password_reuse_of_last_five_is_refused(personas: Any) -> None:
    user = personas.province
    services.password_change(actor=user, old_password=PASSWORD, new_password="Second#Pass2026", session_key=None)
    with pytest.raises(ValidationError) as exc:
        services.password_change(actor=user, old_password="Second#Pass2026", new_password=PASSWORD, session_key=None)
    assert "最近 5 次" in str(exc.value)


def test_password_change_ends_other_sessions(client: Any, personas: Any) -> None:
    from django.test import Client

    other = Client()
    assert _login(other, "p-admin", PASSWORD).status_code == 302
    assert _login(client, "p-admin", PASSWORD).status_code == 302
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password": "Brand#New2026x", "new_password2": "Brand#New2026x",
    })
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session survives
    assert other.get("/").status_code == 302  # the other one is gone


def test_idle_timeout_settings() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.ADMIN_SESSION_AGE == 15 * 60


def test_three_admins_get_15_minute_sessions(client: Any, personas: Any) -> None:
    client.force_login(personas.auditor)
    client.get("/audit/")
    assert client.session.get_expiry_age() == 15 * 60


def test_no_superuser_exists_and_user_model_has_none() -> None:
    assert not hasattr(User, "is_superuser") or User().is_superuser is False
    assert "is_superuser" not in [f.name for f in User._meta.fields]


def test_three_admins_cannot_read_business_data(client: Any, personas: Any, make_cadre: Any, tree: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    for admin in (personas.sysadmin, personas.secadmin, personas.auditor):
        client.force_login(admin)
        assert client.get("/people/cadres/").status_code == 403
        assert client.get(f"/people/cadres/{cadre.pk}/").status_code in (403, 404)
        assert client.get("/api/v1/cadres/").status_code == 403


def test_sysadmin_manages_accounts_but_not_grants(client: Any, personas: Any) -> None:
    client.force_login(personas.sysadmin)
    response = client.post("/accounts/users/add/", {"username": "new.user", "full_name": "新用户", "admin_role": "", "password": "Fresh#Pass2026"})
    assert response.status_code == 302
    new = User.objects.get(username="new.user")
    assert client.post(f"/accounts/users/{new.pk}/active/", {"active": "0"}).status_code == 302
    new.refresh_from_db()
    assert new.is_active is False
    assert client.get("/accounts/grants/").status_code == 403


def test_secadmin_grants_roles(client: Any, personas: Any, tree: Any) -> None:
    from zugong.accounts.models import Role, RoleAssignment

    client.force_login(personas.secadmin)
    role = Role.objects.get(code="readonly")
    response = client.post("/accounts/grants/", {"user": personas.nogrant.pk, "role": role.pk, "org_unit": tree.city_b.pk})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=personas.nogrant, org_unit=tree.city_b).exists()
    assert ObjectChange.objects.filter(action="grant.added").exists()
    # 三员 accounts cannot receive business roles
    response = client.post("/accounts/grants/", {"user": personas.auditor.pk, "role": role.pk, "org_unit": tree.city_b.pk})
    assert response.status_code == 400
    assert client.get("/accounts/users/").status_code == 403


def test_weak_initial_password_is_refused_with_a_chinese_message(client: Any, personas: Any) -> None:
    client.force_login(personas.sysadmin)
    response = client.post("/accounts/users/add/", {"username": "weak", "full_name": "弱", "password": "abc"})
    assert response.status_code == 400
    assert "至少包含 12 个字符" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_production_hasher_is_argon2() -> None:
    from zugong import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_lockout_by_ip_across_usernames(client: Any, personas: Any) -> None:
    for name in ("u1", "u2", "u3", "u4", "u5"):
        _login(client, name, "Wrong#Pass2026")
    response = _login(client, "a-admin", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_three_admins_are_created_only_from_the_console(client: Any, personas: Any) -> None:
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    client.force_login(personas.sysadmin)
    # the web form has no 三员 role any more, and the service refuses it for a web actor
    with pytest.raises(PermissionDenied):
        services.user_create(actor=personas.sysadmin, username="sec2", full_name="x", password="Fresh#Pass2026", admin_role="secadmin")
    assert client.get(f"/accounts/users/{personas.auditor.pk}/password/").status_code == 403
    response = client.post(f"/accounts/users/{personas.auditor.pk}/password/", {"password": "Taken#Over2026x"})
    assert response.status_code == 403  # resetting another admin's password is refused
    assert client.post(f"/accounts/users/{personas.secadmin.pk}/active/", {"active": "0"}).status_code == 403
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO("Console#Pass2026\n")
    try:
        call_command("create_admin", role="auditor", username="aud2", password_stdin=True, stdout=io.StringIO())
    finally:
        sys.stdin = old
    assert User.objects.get(username="aud2").admin_role == "auditor"
    sys.stdin = io.StringIO("short\n")
    try:
        with pytest.raises(CommandError, match="至少包含 12 个字符"):
            call_command("create_admin", role="auditor", username="aud3", password_stdin=True, stdout=io.StringIO())
    finally:
        sys.stdin = old
    assert not User.objects.filter(username="aud3").exists()


def test_usernames_are_unique_regardless_of_case(personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=personas.sysadmin, username="P-ADMIN", full_name="x", password="Fresh#Pass2026")
    assert exc.value.message_dict["username"] == [services.MSG_USERNAME_TAKEN]
