"""Django settings, read from environment variables (see docs/deploy.md).

With nothing set, parindex runs in development mode on SQLite under ``var/``. Production sets
at least ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

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
    "parindex.web.site.admin_site.ParindexAdminConfig",  # django.contrib.admin, one fix
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "django_htmx",
    "parindex.web.site",
    "parindex.web.audit",
    "parindex.web.organisations",
    "parindex.web.accounts",
    "parindex.web.assessments",
    "parindex.web.evidence",
    "parindex.web.api",
    "parindex.web.notifications",
    "parindex.web.dossiers",
    "parindex.web.plans",
    "parindex.web.dashboards",
    "parindex.web.surveys",
]

MIDDLEWARE = [
    # First, so it sees every answer: any error under /api/ is JSON (docs/api.md).
    "parindex.web.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # NUL characters and out-of-range ids are refused before a file or a row is looked up.
    "parindex.web.site.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
# Lockout: this many failures for one username or one address within the window lock it out.
PARINDEX_LOCKOUT_ATTEMPTS = env_int("PARINDEX_LOCKOUT_ATTEMPTS", 5)
PARINDEX_LOCKOUT_MINUTES = env_int("PARINDEX_LOCKOUT_MINUTES", 15)
# The province dashboard's SIPAS section reads the surveys app (docs/dashboards.md, hooks).
PARINDEX_DASHBOARD_SIPAS = "parindex.web.dashboards.sipas.sipas_figures"
# Its plan progress and area targets come from the plans app (src/parindex/web/plans/dashboard.py).
PARINDEX_DASHBOARD_PLAN_PROGRESS = "parindex.web.plans.dashboard.plan_progress"
PARINDEX_DASHBOARD_AREA_TARGETS = "parindex.web.plans.dashboard.area_targets"

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
