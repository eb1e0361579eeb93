"""Settings are parsed strictly; production refuses unsafe configuration; /healthz answers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _load(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ZUGONG_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='zugong.settings'; django.setup(); "
         "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"],
        env=clean, capture_output=True, text=True, timeout=60, check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ZUGONG_ENV": "production"}, "ZUGONG_SECRET_KEY is required in production"),
        ({"ZUGONG_ENV": "production", "ZUGONG_DEBUG": "true", "ZUGONG_SECRET_KEY": "k" * 40}, "ZUGONG_DEBUG must be off in production"),
        ({"ZUGONG_DEBUG": "maybe", "ZUGONG_ENV": "test"}, "ZUGONG_DEBUG must be a boolean"),
        ({"ZUGONG_ENV": "staging"}, "ZUGONG_ENV must be one of"),
        ({"ZUGONG_ENV": "test", "REDIS_URL": "http://x"}, "REDIS_URL must start with"),
        ({"ZUGONG_ENV": "test", "ZUGONG_SECRET_KEY": "short"}, "at least 32 characters"),
    ],
)
def test_bad_configuration_refuses_to_start(env: dict[str, str], message: str) -> None:
    result = _load(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_default_is_sqlite_and_debug_off(tmp_path: object) -> None:
    result = _load({"ZUGONG_ENV": "test", "ZUGONG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_production_with_all_settings_starts(tmp_path: object) -> None:
    result = _load({
        "ZUGONG_ENV": "production", "ZUGONG_SECRET_KEY": "s" * 50, "ZUGONG_FIELD_KEY": "f" * 50,
        "ZUGONG_ALLOWED_HOSTS": "zugong.example", "ZUGONG_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zugong",
    })
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


@pytest.mark.django_db
def test_healthz_checks_the_database(client: object) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in ("sqlite", "postgresql")


def test_redis_url_switches_cache_and_celery_to_redis(tmp_path: object) -> None:
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='zugong.settings'; django.setup(); "
            "from django.conf import settings; from zugong.celery import app; "
            "print(settings.CACHES['default']['BACKEND'], app.conf.broker_url, app.conf.task_always_eager)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ZUGONG_", "DATABASE_URL", "REDIS_URL"))}
    with_redis = subprocess.run([sys.executable, "-c", code], env={**clean, "ZUGONG_ENV": "test", "ZUGONG_DATA_DIR": str(tmp_path),
                                "REDIS_URL": "redis://127.0.0.1:6379/3"}, capture_output=True, text=True, timeout=60, check=True)
    assert with_redis.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/3", "False"]
    embedded = subprocess.run([sys.executable, "-c", code], env={**clean, "ZUGONG_ENV": "test", "ZUGONG_DATA_DIR": str(tmp_path)},
                              capture_output=True, text=True, timeout=60, check=True)
    assert embedded.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "memory://", "True"]


@pytest.mark.django_db
def test_unit_switcher_changes_the_dashboard(client: object, personas: object, tree: object, make_cadre: object) -> None:
    from zugong.accounts.models import Role, RoleAssignment

    make_cadre(tree.county_a1)  # type: ignore[attr-defined, operator]
    make_cadre(tree.county_b1)  # type: ignore[attr-defined, operator]
    make_cadre(tree.county_b1)  # type: ignore[attr-defined, operator]
    user = personas.city_a  # type: ignore[attr-defined]
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code="readonly"), org_unit=tree.city_b)  # type: ignore[attr-defined]
    client.force_login(user)  # type: ignore[attr-defined]
    home = client.get("/")  # type: ignore[attr-defined]
    assert home.context["current_unit"] == tree.city_a  # type: ignore[attr-defined]  (admin grant first)
    assert _roster(home)["profile"]["total"] == 1
    assert [name for _pk, name in home.context["switchable_units"]] == ["甲市委组织部", "乙市委组织部"]
    switched = client.post("/accounts/switch-unit/", {"unit": tree.city_b.pk, "next": "/"})  # type: ignore[attr-defined]
    assert switched.status_code == 302
    home = client.get("/")  # type: ignore[attr-defined]
    assert home.context["current_unit"] == tree.city_b  # type: ignore[attr-defined]
    assert _roster(home)["profile"]["total"] == 2
    refused = client.post("/accounts/switch-unit/", {"unit": tree.province.pk})  # type: ignore[attr-defined]
    assert refused.status_code == 403
    offsite = client.post("/accounts/switch-unit/", {"unit": tree.city_a.pk, "next": "https://evil.example/"})  # type: ignore[attr-defined]
    assert offsite["Location"] == "/"


def test_client_ip_trusts_forwarded_for_only_from_listed_proxies(rf: object, settings: object) -> None:
    from zugong.core.netaddr import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3, 127.0.0.1")  # type: ignore[attr-defined]
    settings.TRUSTED_PROXIES = []  # type: ignore[attr-defined]
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # type: ignore[attr-defined]
    assert client_ip(request) == "10.1.2.3"
    spoofed = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4")  # type: ignore[attr-defined]
    assert client_ip(spoofed) == "10.9.9.9"
    junk = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")  # type: ignore[attr-defined]
    assert client_ip(junk) == "127.0.0.1"


def _roster(response: object) -> dict[str, object]:
    return next(b for b in response.context["blocks"] if b["key"] == "people.roster")  # type: ignore[attr-defined]
