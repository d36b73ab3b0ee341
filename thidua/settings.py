"""Settings, every value from the environment (see docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from thidua.lib.files import private_dir, private_file, write_private

BASE_DIR = Path(__file__).resolve().parent.parent
# The service's data (database, uploads, attachments): its user's only (0o700 / 0o600).
VAR_DIR = private_dir(Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var")))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Written whole, 0o600, then linked into place: the first process to start wins.
        partial = path.with_name(f".secret_key.{os.getpid()}")
        with write_private(partial) as out:
            out.write(secrets.token_urlsafe(50).encode())
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    return private_file(path).read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "thidua.lib",
    "thidua.accounts",
    "thidua.org",
    "thidua.awards",
    "thidua.eligibility",
    "thidua.nominations",
    "thidua.movements",
    "thidua.reports",
    "thidua.demo",
    "thidua.imports",
    "thidua.api",
]

MIDDLEWARE = [
    # First: every log line of a request carries its id; /healthz answers before the rest.
    "thidua.middleware.RequestIdMiddleware",
    "thidua.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "thidua.middleware.ContentSecurityPolicyMiddleware",
    "thidua.middleware.SecurityLogMiddleware",
    # Last: turns a sign-in refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thidua.nominations.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web pages read while an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A deferred transaction that reads, then writes, cannot wait for the write lock
            # (SQLite answers "database is locked" at once): take it when the transaction
            # begins, and wait up to SQLITE_TIMEOUT seconds for another writer to finish.
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "30")),
        }
    )
    _SQLITE_FILE = Path(str(DATABASES["default"]["NAME"]))
    if _SQLITE_FILE.name not in ("", ":memory:") and _SQLITE_FILE.parent.is_dir():
        # Created 0o600 before SQLite opens it; its -wal and -shm files take the same mode.
        private_file(_SQLITE_FILE)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "thidua.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes): the login page, the admin and the API's HTTP Basic alike.
# After LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused, right password or not, for LOGIN_COOLOFF_MINUTES (each new try restarts the wait).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "thidua.lib.security.lockout_response"
AXES_COOLOFF_MESSAGE = _(
    "Tài khoản tạm khoá vì đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút."
)
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
# Behind the reverse proxy every request comes from 127.0.0.1: name the header the proxy sets
# to the client's address (nginx: `proxy_set_header X-Real-IP $remote_addr;` and
# CLIENT_IP_HEADER=HTTP_X_REAL_IP). Never a header a client could send past the proxy.
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    h for h in (os.environ.get("CLIENT_IP_HEADER", "").strip(), "REMOTE_ADDR") if h
)

# Sessions end with the browser, and in any case SESSION_COOKIE_AGE seconds after sign-in.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = _env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# thidua/ itself is not an app, so its shared static files (app.css) need naming here.
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve app static files straight from the packages, so a fresh install needs no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
UPLOAD_DIR = VAR_DIR / "uploads"
# Word documents (thidua/reports/docx_templates/README.md): a folder whose .docx files replace
# the bundled templates of the same name, and the place name of the place-date line.
DOCUMENT_TEMPLATE_DIR = (
    Path(os.environ["THIDUA_DOCUMENT_TEMPLATES"])
    if os.environ.get("THIDUA_DOCUMENT_TEMPLATES")
    else None
)
DOCUMENT_PLACE = os.environ.get("THIDUA_DOCUMENT_PLACE", "").strip()
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded and attached files, and their folders, readable by the service user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Excel imports (thidua.lib.excel.limits; docs/operations.md): the size limits of a file…
THIDUA_IMPORT_FILE_BYTES = int(os.environ.get("THIDUA_IMPORT_FILE_BYTES", str(50 * 1024 * 1024)))
THIDUA_IMPORT_UNPACKED_BYTES = int(os.environ.get("THIDUA_IMPORT_UNPACKED_BYTES", "250000000"))
THIDUA_IMPORT_ROWS = int(os.environ.get("THIDUA_IMPORT_ROWS", "200000"))
THIDUA_IMPORT_COLUMNS = int(os.environ.get("THIDUA_IMPORT_COLUMNS", "500"))
THIDUA_IMPORT_CELLS = int(os.environ.get("THIDUA_IMPORT_CELLS", "3000000"))
THIDUA_IMPORT_TEXT_BYTES = int(os.environ.get("THIDUA_IMPORT_TEXT_BYTES", "250000000"))
# …and the uploads waiting for confirmation: how many a user may keep, and for how long.
THIDUA_PENDING_UPLOADS = int(os.environ.get("THIDUA_PENDING_UPLOADS", "5"))
# …and at most this many bytes of them on disk (the files, their stored parse and plan).
THIDUA_PENDING_UPLOAD_BYTES = int(os.environ.get("THIDUA_PENDING_UPLOAD_BYTES", "300000000"))
THIDUA_PENDING_UPLOAD_HOURS = int(os.environ.get("THIDUA_PENDING_UPLOAD_HOURS", "24"))
# Reading, checking and writing an uploaded file run as background tasks (thidua/imports/jobs.py,
# docs/operations.md "Tiến trình nền"): django-tasks, queued in the database (SQLite or
# PostgreSQL alike), run by `thidua db_worker`. A file up to THIDUA_IMPORT_INLINE_BYTES is
# small enough to be read and written within the request, with no worker needed.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("THIDUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
THIDUA_IMPORT_INLINE_BYTES = int(os.environ.get("THIDUA_IMPORT_INLINE_BYTES", "1000000"))
# A job reading, checking or writing with no progress for this long had its worker die
# (kill -9, power cut): shown as interrupted, restartable; `thidua cleanup-uploads` fails it.
# Longer than the longest single step (checking or writing 200,000 rows: about a minute).
THIDUA_IMPORT_STALE_MINUTES = float(os.environ.get("THIDUA_IMPORT_STALE_MINUTES", "10"))
# The largest file attached to a nomination dossier (PDF, DOCX, JPEG, PNG), in bytes.
THIDUA_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("THIDUA_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
# A request body other than files: generous for the API, bounded against memory abuse.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Slow results kept under a stamp of the record (thidua.lib.stamped: the dashboard, the
# suggestions page). Default: in each process's memory. THIDUA_CACHE=file: files in
# THIDUA_VAR_DIR/cache (0o600), shared by all the gunicorn workers of the machine, so a result
# is computed once, not once per worker (docs/operations.md).
# THIDUA_CACHE=redis://host:6379/1: one Redis server shared by the application servers of
# several machines (Django's own RedisCache; the `redis` package is in the `prod` extra).
THIDUA_CACHE = os.environ.get("THIDUA_CACHE", "local").strip()
if THIDUA_CACHE.lower().startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": THIDUA_CACHE,
            "KEY_PREFIX": "thidua",
        }
    }
elif THIDUA_CACHE.lower() == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(private_dir(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
elif THIDUA_CACHE.lower() != "local":
    raise ValueError(
        f"THIDUA_CACHE={THIDUA_CACHE!r}: dùng 'local', 'file' hoặc địa chỉ Redis 'redis://máy:6379/1'"
    )

REST_FRAMEWORK = {
    # The token first: an unauthenticated request gets 401 with `WWW-Authenticate: Bearer`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "thidua.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "thidua.api.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "thidua.api.schema.ApiSchema",
    "DEFAULT_FILTER_BACKENDS": ["thidua.api.filters.ApiFilterBackend"],
    # JSON in, as the schema says (the browsable API's "Raw data" form sends JSON too).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "thidua.api.errors.exception_handler",
}
# Personal API tokens (accounts.tokens): the expiry offered by default and the longest allowed.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi Đua API",
    "DESCRIPTION": _("REST API của hệ thống quản lý thi đua, khen thưởng."),
    "VERSION": "0.1.0",
    # Fields named alike with different choices: one enum name each, not a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "AwardStatusEnum": "thidua.awards.choices.AwardStatus",
        "DecisionStatusEnum": "thidua.awards.choices.DecisionStatus",
        "SourceStatusEnum": "thidua.awards.choices.SourceStatus",
        "AwardKindEnum": "thidua.awards.choices.AwardKind",
        "UnitKindEnum": "thidua.org.choices.UnitKind",
        "RecipientKindEnum": "thidua.awards.choices.RecipientKind",
        "VerdictRecipientKindEnum": "thidua.api.record_serializers.RECIPIENT_KINDS",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Headers on every response. The Content-Security-Policy allows no inline script: JavaScript
# lives in static files (thidua/middleware.py sets it).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'",
)
# DRF's browsable API (/api/ in a browser) lays out its pages with style= attributes, the print
# pages (thidua.lib.security.allow_inline_styles) carry their own <style>: inline styles there.
CONTENT_SECURITY_POLICY_INLINE_STYLES = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self';", "style-src 'self' 'unsafe-inline';"
)

# Served over HTTPS behind the reverse proxy of docs/operations.md (HTTPS=1; SECURE_COOKIES=1,
# the older name, means the same): the proxy's X-Forwarded-Proto says the request came over
# TLS, cookies travel only over TLS, browsers are told to use nothing else (HSTS).
HTTPS = _env_bool("HTTPS", _env_bool("SECURE_COOKIES"))
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the plain-HTTP liveness probe on 127.0.0.1
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")

# Logs go to standard error (journald under systemd). THIDUA_LOG_FORMAT=json: one JSON object a
# line with time, level, logger, message, request id, method, path and user
# (thidua.lib.logs); otherwise plain text. LOG_LEVEL=INFO adds one line per request
# ("thidua.request").
LOG_FORMAT = os.environ.get("THIDUA_LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},  # journald adds the time
        "json": {"()": "thidua.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Sign-ins, failed sign-ins, lockouts, refused requests (401, 403): thidua/lib/security.py.
        "thidua.security": {"level": os.environ.get("SECURITY_LOG_LEVEL", "INFO")},
    },
}
