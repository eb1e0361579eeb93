"""Zugong settings, read from the environment and parsed strictly (DESIGN.md §7).

Variables: ZUGONG_ENV (development|production|test), ZUGONG_SECRET_KEY, ZUGONG_DEBUG,
ZUGONG_ALLOWED_HOSTS, ZUGONG_DATA_DIR, ZUGONG_FIELD_KEY, DATABASE_URL, REDIS_URL.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENVIRONMENT = env_choice("ZUGONG_ENV", "development", ("development", "production", "test"))
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("ZUGONG_DEBUG", False)
DATA_DIR = Path(os.environ.get("ZUGONG_DATA_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    key = os.environ.get("ZUGONG_SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("ZUGONG_SECRET_KEY must be at least 32 characters")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("ZUGONG_SECRET_KEY is required in production")
    if ENVIRONMENT == "test":
        return "test-only-secret-key-" + "x" * 40
    # Development: one random key kept beside the SQLite database, so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("ZUGONG_DEBUG must be off in production")

SECRET_KEY = _secret_key()
# Key material for field encryption (SM4-GCM) and blind indexes; derived from SECRET_KEY unless given.
FIELD_KEY = os.environ.get("ZUGONG_FIELD_KEY", "").strip() or SECRET_KEY
if PRODUCTION and not os.environ.get("ZUGONG_FIELD_KEY"):
    raise ImproperlyConfigured("ZUGONG_FIELD_KEY is required in production (keep it apart from the secret key)")

ALLOWED_HOSTS = env_list("ZUGONG_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ZUGONG_ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("ZUGONG_CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies whose X-Forwarded-For is believed (audit IPs, lockout by IP); e.g. "127.0.0.1".
TRUSTED_PROXIES = env_list("ZUGONG_TRUSTED_PROXIES", [])
for _ip in TRUSTED_PROXIES:
    import ipaddress

    try:
        ipaddress.ip_address(_ip)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"ZUGONG_TRUSTED_PROXIES: {_ip!r} is not an IP address") from _exc

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "zugong.core",
    "zugong.audit",
    "zugong.orgs",
    "zugong.accounts",
    "zugong.people",
    "zugong.stats",
    "zugong.campaigns",
    "zugong.learning",
    "zugong.points",
    "zugong.opinions",
    "zugong.surveys",
    "zugong.honors",
    "zugong.fieldwork",
    "zugong.projects",
    "zugong.risks",
    "zugong.regulations",
    "zugong.care",
    "zugong.discipline",
    "zugong.publicity",
    "zugong.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zugong.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zugong.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zugong.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zugong.urls"
WSGI_APPLICATION = "zugong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zugong.core.context_processors.shell",
                "zugong.notices.context_processors.unread_notices",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "zugong.sqlite3")}
if _db["ENGINE"].endswith("sqlite3"):
    # Parallel writers wait for the lock instead of failing with "database is locked" (DESIGN.md §3).
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": os.environ.get("ZUGONG_TEST_SQLITE") or None}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, celery ------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
# `celery beat` (with REDIS_URL): daily jobs, times in CELERY_TIMEZONE. Without a broker, run
# `zugong send-reminders` from cron instead.
CELERY_BEAT_SCHEDULE = {
    "send-report-reminders": {"task": "zugong.send_report_reminders", "schedule": crontab(hour=8, minute=0)},
    "send-assignment-reminders": {"task": "zugong.send_assignment_reminders", "schedule": crontab(hour=8, minute=5)},
    "escalate-mailbox": {"task": "zugong.escalate_mailbox", "schedule": crontab(hour=8, minute=10)},
    "end-secondments": {"task": "zugong.end_secondments", "schedule": crontab(hour=1, minute=0)},
}

# --- auth and sessions (SECURITY.md R1-R9) --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zugong.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "zugong.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "zugong.accounts.validators.CommonPasswordValidator"},
    {"NAME": "zugong.accounts.validators.NumericPasswordValidator"},
    {"NAME": "zugong.accounts.validators.ComplexityValidator"},
    {"NAME": "zugong.accounts.validators.HistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 30 * 60  # idle timeout; SessionPolicyMiddleware shortens it to 15 min for 三员
ADMIN_SESSION_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "zugong.core.netaddr.client_ip"

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["zugong.formats"]

# --- static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing directory
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMPORT_BYTES = 30 * 1024 * 1024

# --- post risks (岗位风险防范): a cadre holding a high-risk post longer than this is due for rotation (轮岗) ---
ZUGONG_RISK_ROTATION_YEARS = int(os.environ.get("ZUGONG_RISK_ROTATION_YEARS", "5"))
# --- public mailbox (公开信箱, docs/security.md) -----------------------------------------------------
MAILBOX_ACK_DAYS = int(os.environ.get("ZUGONG_MAILBOX_ACK_DAYS", "3"))  # working days to acknowledge (受理)
MAILBOX_REPLY_DAYS = int(os.environ.get("ZUGONG_MAILBOX_REPLY_DAYS", "15"))  # working days to reply (答复)
MAILBOX_RATE = (int(os.environ.get("ZUGONG_MAILBOX_RATE", "20")), 60)  # submissions per address per 60 s
MAILBOX_RATE_ALL = (int(os.environ.get("ZUGONG_MAILBOX_RATE_ALL", "600")), 60)  # submissions over all addresses per 60 s
MAILBOX_STATUS_RATE = (int(os.environ.get("ZUGONG_MAILBOX_STATUS_RATE", "30")), 60)  # status look-ups per address per 60 s
MAILBOX_STATUS_FREE_FAILURES = 10  # wrong receipt codes per address per hour before the look-up asks for a captcha
# --- survey answer page (/survey/, docs/anonymity-threat-model.md): a meeting room answers from one address ----
# code entries and submissions per address per 60 s: a meeting hall answering at once may share one address (NAT);
# codes are 128 bits, so the limit guards the server, not the codes
SURVEY_RATE = (int(os.environ.get("ZUGONG_SURVEY_RATE", "600")), 60)
SURVEY_RATE_ALL = (int(os.environ.get("ZUGONG_SURVEY_RATE_ALL", "12000")), 60)  # over all addresses per 60 s (~100 ballots/s)
SURVEY_FREE_FAILURES = 10  # wrong codes per address per hour before the code page asks for a captcha
CAPTCHA_TEST_MODE = env_bool("ZUGONG_CAPTCHA_TEST_MODE", False) and not PRODUCTION  # "PASS" solves every captcha (load tests)

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "zugong.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zugong.core.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zugong API",
    "DESCRIPTION": "组工平台接口。所有数据按账号授权范围返回，越权对象返回 404。",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # choice sets used under one field name by several apps get a name of their own
    "ENUM_NAME_OVERRIDES": {
        "CadreStatusEnum": "zugong.people.models.CadreStatus",
        "RankEnum": "zugong.people.models.Rank",
        "StepResultEnum": "zugong.people.models.StepResult",
        "RuleStatusEnum": "zugong.regulations.models.Rule.Status",
        "RegulationCategoryEnum": "zugong.regulations.models.Category",
        "RiskCategoryEnum": "zugong.risks.models.Category",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "ERROR"}},
}

# Covering indexes (Index.include) serve the statistics from the index alone on PostgreSQL; SQLite builds
# the same indexes without the extra columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
