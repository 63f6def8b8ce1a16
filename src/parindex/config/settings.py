"""Django settings, read from environment variables (see docs/deploy.md).

With nothing set, parindex runs in development mode on SQLite under ``var/``. Production sets
at least ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from parindex.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# A source checkout (src/parindex) keeps its data in the checkout's var/; an installed
# package keeps it under the working directory unless PARINDEX_VAR says where.
_CHECKOUT = PACKAGE_DIR.parent.parent if PACKAGE_DIR.parent.name == "src" else Path.cwd()
VAR_DIR = Path(env_str("PARINDEX_VAR", str(_CHECKOUT / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: never valid in production because DEBUG=0 refuses to start without one.
    SECRET_KEY = "django-insecure-parindex-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "parindex.web.site",
    "parindex.web.audit",
    "parindex.web.organisations",
    "parindex.web.accounts",
    "parindex.web.assessments",
    "parindex.web.frameworks",
    "parindex.web.evidence",
    "parindex.web.api",
    "parindex.web.notifications",
    "parindex.web.dossiers",
    "parindex.web.plans",
    "parindex.web.dashboards",
    "parindex.web.surveys",
    "parindex.web.operations",
    # After the project's apps: their templates (registration/: login, password reset and
    # change, logged out) win over the admin's, which carry the same names.
    "parindex.web.accounts.apps.AdminConfig",  # Django's admin with a two-factor check
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so it sees every answer: any error under /api/ is JSON (docs/api.md).
    "parindex.web.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # NUL characters and out-of-range ids are refused before a file or a row is looked up.
    "parindex.web.site.guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parindex.web.accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parindex.web.site.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the 429 page
]

ROOT_URLCONF = "parindex.config.urls"
WSGI_APPLICATION = "parindex.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "parindex.web.notifications.context_processors.unread_notifications",
            ],
            # The one formatter's filters (points, percent, count, pp, day, moment, sign) in
            # every template without a {% load %}: parindex.presentation.numbers behind them.
            "builtins": ["parindex.web.site.templatetags.figures"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'parindex.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and lockouts count in the cache, so it is shared by every worker and server:
# the database by default (nothing else to run), Redis when CACHE_URL or REDIS_URL names one.
_CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "parindex"),
        }
    }
elif _CACHE_URL in ("", "db", "database"):
    CACHES = {
        "default": {
            "BACKEND": "parindex.web.site.cache.DatabaseCache",
            "LOCATION": "parindex_cache",
            # Culling drops a third of the entries, counters included: keep it rare.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100_000)},
        }
    }
elif _CACHE_URL == "locmem":  # one process only: counts are not shared between workers
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL={_CACHE_URL!r}: use redis://…, db or locmem")

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "assessments:list"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every password check (the login page, the admin, password-protected doors) goes through
# django-axes first: this many failures of one username from one client address lock that
# pair out for the window; the real user elsewhere, and other users here, log in as before.
AUTHENTICATION_BACKENDS = [
    "parindex.web.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PARINDEX_LOCKOUT_ATTEMPTS = env_int("PARINDEX_LOCKOUT_ATTEMPTS", 5)
PARINDEX_LOCKOUT_MINUTES = env_int("PARINDEX_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = PARINDEX_LOCKOUT_ATTEMPTS
AXES_COOLOFF_TIME = datetime.timedelta(minutes=PARINDEX_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "parindex.web.site.network.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit trail
AXES_VERBOSE = False
# Proxies allowed to name the client in X-Forwarded-For (addresses or networks, comma-separated):
# behind nginx on the same host, 127.0.0.1. Empty: the direct peer is the client.
PARINDEX_TRUSTED_PROXIES = env_list("PARINDEX_TRUSTED_PROXIES")
# Two-factor (TOTP): staff with a device must use it for the admin; with this on, staff without
# one are sent to enrol before the admin opens.
PARINDEX_OTP_REQUIRED_FOR_STAFF = env_bool("PARINDEX_OTP_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = env_str("PARINDEX_OTP_ISSUER", "PAR INDEX")
# Sessions end after SESSION_COOKIE_AGE seconds, or earlier after this many idle seconds.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
PARINDEX_SESSION_IDLE_SECONDS = env_int("PARINDEX_SESSION_IDLE_SECONDS", 3600)
# Password reset mails per client address and per e-mail address, each per hour.
PARINDEX_PASSWORD_RESET_PER_ADDRESS = env_int("PARINDEX_PASSWORD_RESET_PER_ADDRESS", 10)
PARINDEX_PASSWORD_RESET_PER_ACCOUNT = env_int("PARINDEX_PASSWORD_RESET_PER_ACCOUNT", 3)
# Content-Security-Policy of HTML pages; a page's inline <style nonce> is added to style-src.
PARINDEX_CSP = env_str(
    "PARINDEX_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def s3_storage(bucket: str) -> dict[str, object]:
    """The default storage on an S3-compatible object store (docs/deploy.md, evidence files)."""
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured("S3_BUCKET needs django-storages: pip install 'parindex[s3]'")
    options: dict[str, object] = {
        "bucket_name": bucket,
        "location": env_str("S3_PREFIX").strip("/"),
        # A damaged object is repaired by uploading the same file again: same name, overwritten.
        "file_overwrite": True,
        "default_acl": None,  # the bucket's own (private); files are served through the app
        "max_memory_size": 4 * 1024 * 1024,  # larger downloads spool to a temporary file
    }
    optional = {
        "endpoint_url": "S3_ENDPOINT_URL",
        "region_name": "S3_REGION",
        "access_key": "S3_ACCESS_KEY_ID",
        "secret_key": "S3_SECRET_ACCESS_KEY",
        "addressing_style": "S3_ADDRESSING_STYLE",
        "verify": "S3_CA_BUNDLE",
    }
    # Unset: django-storages and boto3 look further (AWS_* variables, an instance role).
    options.update({key: env_str(name) for key, name in optional.items() if env_str(name)})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Evidence files: local files under MEDIA_ROOT, or one object store that every app server
# shares when S3_BUCKET is set.
_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": s3_storage(_BUCKET)
    if _BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production (needs collectstatic); plain files in development.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background tasks (docs/deploy.md, "Background tasks"): dossier-log imports, plan PDFs and
# reminders. The database queue needs no other service and is run by `manage.py db_worker`;
# TASKS_BACKEND=redis hands the same tasks to a pool of RQ workers on REDIS_URL.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",  # in the request: debugging
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# django-rq's connection; read only when TASKS_BACKEND=redis (its apps are installed then).
RQ_QUEUES = {
    "default": {
        "URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": env_int("RQ_DEFAULT_TIMEOUT", 3600),  # the longest import, seconds
    }
}
if TASKS_BACKEND == "redis":
    if importlib.util.find_spec("django_tasks_rq") is None:
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs: pip install 'parindex[redis]'")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# A running task whose heartbeat is older than this (seconds) lost its worker: it is failed.
PARINDEX_TASKS_DEAD_AFTER = env_int("PARINDEX_TASKS_DEAD_AFTER", 120)

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "parindex@localhost")
# The site's address put before the links in e-mails (e.g. https://cchc.laocai.gov.vn).
PARINDEX_BASE_URL = env_str("PARINDEX_BASE_URL", "").rstrip("/")

# Behind a TLS-terminating reverse proxy (docs/deploy.md).
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# check --deploy warns about HSTS preload; preloading is a domain owner's decision.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", ["security.W021"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
