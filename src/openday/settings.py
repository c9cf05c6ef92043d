"""One settings module, driven by environment variables (see .env.example).

Production unless ``OPENDAY_ENV=development`` is set: a deployment that forgets the variable
refuses to start without a real ``SECRET_KEY`` instead of running with ``DEBUG`` on and a
public key. ``make demo``, the demo script and the tests set development.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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


OPENDAY_ENV = os.environ.get("OPENDAY_ENV", "").strip().lower() or "production"
if OPENDAY_ENV not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"OPENDAY_ENV={OPENDAY_ENV!r} 无效：只能是 production（默认）或 development。"
    )
PRODUCTION = OPENDAY_ENV == "production"

_DEV_SECRET = "openday-development-only-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
# The same bar as Django's deploy check (security.W009): 50+ characters, 5+ distinct ones.
if PRODUCTION and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "生产环境（OPENDAY_ENV=production，未设置时即为生产环境）需要设置 SECRET_KEY："
        "至少 50 个字符的随机串，可用 python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        " 生成。本机开发或演示请设置 OPENDAY_ENV=development。"
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境（OPENDAY_ENV=production）不能打开 DEBUG。")

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
    "csp",
    "django_tasks",
    "django_tasks_db",
    "openday.core",
    "openday.workdays",
    "openday.orgs",
    "openday.campaigns",
    "openday.declarations",
    "openday.activities",
    "openday.participation",
    "openday.importers",
    "openday.reports",
    "openday.assessment",
    "openday.reminders",
    "openday.workbench",
    "openday.portal",
    "openday.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Staff and admin responses are never stored by a browser or a proxy.
    "openday.workbench.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages: "public, max-age=0, s-maxage=N" for the proxy's micro-cache; anything
    # per-visitor (a cookie, a form, a POST) "private, no-store". Outside the session and CSRF
    # middleware, so it sees the cookies they set.
    "openday.portal.caching.PublicCacheMiddleware",
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
# Webhooks go only over https to public addresses. An internal SMS gateway needs both of
# these: plain http allowed, and its addresses or networks listed (e.g. "10.8.0.0/24,
# 192.168.5.20"); nothing else private is ever reachable.
OPENDAY_WEBHOOK_ALLOW_HTTP = env_bool("OPENDAY_WEBHOOK_ALLOW_HTTP", default=False)
OPENDAY_WEBHOOK_ALLOWED_NETWORKS = env_list("OPENDAY_WEBHOOK_ALLOWED_NETWORKS", "")
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
    # Refuses a login while the username or the address is locked out (limits below).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): attempts are rows in the database, so every app process
# sees the same count. Within AXES_COOLOFF_MINUTES, a username is locked from one address
# after AXES_FAILURE_LIMIT failures there, from every address after
# AXES_USERNAME_FAILURE_LIMIT failures anywhere (an attack spread over many addresses), and
# an address is locked for every username after AXES_ADDRESS_FAILURE_LIMIT failures (one
# address trying a few passwords on every username). axes has one limit for all entries of
# AXES_LOCKOUT_PARAMETERS; openday.core.throttle.LoginThrottle gives each its own.
AXES_HANDLER = "openday.core.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "20"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Behind reverse proxies the connecting address is the nearest proxy's: the client's is read
# from X-Forwarded-For, counting this many trusted proxies from the right (0: REMOTE_ADDR).
OPENDAY_TRUSTED_PROXY_COUNT = int(os.environ.get("OPENDAY_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "openday.core.throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "campaigns/staff_locked_out.html"
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- HTTPS and browser policies -------------------------------------------------------------
# In production TLS ends at the reverse proxy, which sets X-Forwarded-Proto (README, "Behind
# the reverse proxy"): plain-http requests are redirected, browsers are told to use https
# only (HSTS), and the cookies are sent over https only. Each can be turned off for an
# intranet without TLS.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is decided for the whole registrable domain by its owner (hstspreload.org),
    # not by one application on it: off by default, and the deploy check not to nag about it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (scripts are files under static/openday/js/, data comes
# in data-* attributes): an injected <script> or style="" does not run. Django's admin needs
# nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

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
# What an import reads of a document (importers/limits.py); past one, it is refused by name.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(40 * _MB)))
IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("IMPORT_MAX_ZIP_ENTRIES", "2000"))
IMPORT_MAX_ZIP_RATIO = int(os.environ.get("IMPORT_MAX_ZIP_RATIO", "200"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "10000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "100"))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "60000"))
IMPORT_MAX_LINES = int(os.environ.get("IMPORT_MAX_LINES", "50000"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "10000"))
IMPORT_MAX_NOTICE_CHARS = int(os.environ.get("IMPORT_MAX_NOTICE_CHARS", "200000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
# `openday restore` refuses an archive with more members or more unpacked bytes than these.
OPENDAY_RESTORE_MAX_FILES = int(os.environ.get("OPENDAY_RESTORE_MAX_FILES", "200000"))
OPENDAY_RESTORE_MAX_BYTES = int(os.environ.get("OPENDAY_RESTORE_MAX_BYTES", str(100 * 1024**3)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Production services (deploy/, README "The production set-up") -------------------------
# The reverse proxy's micro-cache keeps a public page this many seconds (s-maxage); browsers
# revalidate every time (max-age=0) with the ETag. A publish shows within this time, with no
# purge. 0 turns the micro-cache off.
OPENDAY_PUBLIC_CACHE_SECONDS = int(os.environ.get("OPENDAY_PUBLIC_CACHE_SECONDS", "5"))
# One cache shared by every app process (Django's own Redis backend). Short socket timeouts:
# an unreachable Redis fails a request quickly instead of holding a worker.
OPENDAY_REDIS_URL = os.environ.get("OPENDAY_REDIS_URL", "")
if OPENDAY_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": OPENDAY_REDIS_URL,
            "KEY_PREFIX": "openday",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
# S3-compatible object storage for uploads (django-storages), so app servers share no disk:
# activity files and stamps under "private/", the campaign's document and LOGO under "media/".
# Objects are private (no public ACL, only signed URLs) and views stream them after their
# access checks, exactly as from the disk.
OPENDAY_S3_BUCKET = os.environ.get("OPENDAY_S3_BUCKET", "")
if OPENDAY_S3_BUCKET:
    _S3 = {
        "bucket_name": OPENDAY_S3_BUCKET,
        # Unset: AWS itself; otherwise the service's URL (MinIO, OSS, COS, OBS, Ceph …).
        "endpoint_url": os.environ.get("OPENDAY_S3_ENDPOINT_URL") or None,
        # Unset keys: boto3's own chain (instance role, ~/.aws, AWS_* variables).
        "access_key": os.environ.get("OPENDAY_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("OPENDAY_S3_SECRET_KEY") or None,
        "region_name": os.environ.get("OPENDAY_S3_REGION") or None,
        # "path" for MinIO and most self-hosted services, "virtual" for OSS; default: boto3's.
        "addressing_style": os.environ.get("OPENDAY_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "custom_domain": None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "openday.core.objectstorage.PrivateS3Storage",
        "OPTIONS": {**_S3, "location": "private"},
    }

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
