"""One settings module, driven by environment variables (see .env.example).

Development defaults are safe to run locally; ``OPENDAY_ENV=production`` refuses to start
without a real ``SECRET_KEY`` and with ``DEBUG`` on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("OPENDAY_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


OPENDAY_ENV = os.environ.get("OPENDAY_ENV", "development")
PRODUCTION = OPENDAY_ENV == "production"

_DEV_SECRET = "openday-development-only-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("OPENDAY_ENV=production needs a real SECRET_KEY (32+ characters).")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when OPENDAY_ENV=production.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, for the form renderer below (it loads through TEMPLATES).
    "django.forms",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "openday.core",
    "openday.workdays",
    "openday.orgs",
    "openday.campaigns",
    "openday.declarations",
    "openday.activities",
    "openday.importers",
    "openday.reports",
    "openday.reminders",
    "openday.workbench",
    "openday.portal",
    "openday.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.scope: the user's memberships, read at most once per request.
    "openday.core.scope.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A password someone else set is changed before any other staff page.
    "openday.workbench.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openday.urls"
WSGI_APPLICATION = "openday.wsgi.application"
ASGI_APPLICATION = "openday.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One way to draw a form field and its errors: ``templates/includes/field.html``.
FORM_RENDERER = "openday.core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (DATABASE_URL=postgres://...) is production.
DEFAULT_SQLITE = f"sqlite:///{DATA_DIR / 'openday.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside a writer; IMMEDIATE transactions take the write lock up
    # front so concurrent writers wait (up to the timeout) instead of failing mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks -----------------------------------------------------------------------
# django-tasks (the backport of Django's tasks framework) with its database queue: the same
# database every app process uses, so ``openday worker`` needs nothing else to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Notifications --------------------------------------------------------------------------
# Absolute links in emails and webhook payloads point here.
SITE_URL = os.environ.get("OPENDAY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Email goes through Django's email settings: SMTP when EMAIL_HOST is set, otherwise each
# message is written as a file under $OPENDAY_DATA_DIR/mail (development and demos).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "openday@localhost")
# Webhook (an SMS gateway sits behind it): an office sets its own URL and secret on its
# 提醒设置 page; these are used where it has not.
OPENDAY_WEBHOOK_URL = os.environ.get("OPENDAY_WEBHOOK_URL", "")
OPENDAY_WEBHOOK_SECRET = os.environ.get("OPENDAY_WEBHOOK_SECRET", "")
OPENDAY_WEBHOOK_TIMEOUT = float(os.environ.get("OPENDAY_WEBHOOK_TIMEOUT", "10"))
# A failed email or webhook is tried again after these many seconds, one per retry; after
# the last it is marked failed (an office admin can retry it from the 发送记录 page).
OPENDAY_DELIVERY_RETRY_DELAYS = [
    int(value) for value in env_list("OPENDAY_DELIVERY_RETRY_DELAYS", "60,300,1800,7200,21600")
]
# A delivery a worker claimed but never finished (the worker was killed) is sent again after
# this many seconds.
OPENDAY_DELIVERY_LEASE = int(os.environ.get("OPENDAY_DELIVERY_LEASE", "300"))

# --- Cache ----------------------------------------------------------------------------------
# Page caches use keys that carry the content's version, so a per-process cache never serves
# stale content across processes; CACHE_URL (e.g. redis://...) shares it between processes.
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
if CACHE_URL.startswith("redis://") or CACHE_URL.startswith("rediss://"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "openday_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "60"))

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's own, with its message in Chinese (Django's zh_Hans catalog lags behind).
        "NAME": "openday.orgs.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a login while the username (from that address) is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): attempts are rows in the database, so every app process
# sees the same count. After AXES_FAILURE_LIMIT failures for a username from one address,
# that pair is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "campaigns/staff_locked_out.html"
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Activity files (filed plans naming people, unpublished report photos) and declaration
# stamps live outside MEDIA_ROOT and have no URL: views stream them after access checks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private-media"))
_MB = 1024 * 1024
FILING_MAX_BYTES = int(os.environ.get("FILING_MAX_BYTES", str(20 * _MB)))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * _MB)))
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(10 * _MB)))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", "40000000"))
VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_BYTES", str(200 * _MB)))
LOGO_MAX_BYTES = int(os.environ.get("LOGO_MAX_BYTES", str(5 * _MB)))
DECLARATION_STAMP_MAX_BYTES = int(os.environ.get("DECLARATION_STAMP_MAX_BYTES", str(5 * _MB)))
# Largest plan document accepted for import (bytes).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusal": {"()": "openday.core.logs.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # Django's own console handler on "django" would print each record a second time
        # beside the root's: everything goes to the root handler once.
        "django": {"handlers": [], "level": "INFO"},
        # A 403/404 is one warning line, without the exception's traceback.
        "django.request": {"filters": ["refusal"]},
    },
}
