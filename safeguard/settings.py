"""Settings, all from the environment, with safe defaults that fail loudly on nonsense.

With no environment at all this is a local demo: SQLite and a Celery broker on the file
system under var/. Set DATABASE_URL and REDIS_URL for PostgreSQL and Redis. DEBUG is off
unless asked for, and without DEBUG a SECRET_KEY must be given.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFEGUARD_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()


def envbool(name: str, default: bool) -> bool:
    """A strict boolean: anything but true/false (any case) or 1/0 is a mistake."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"true", "1", "yes", "on"}:
        return True
    if value.lower() in {"false", "0", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-demo-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "import_export",
    "django_htmx",
    "boards",
    "actions",
    "challenges",
    "recommendations",
    "performance",
    "audits",
    # Demo data, seeding and the benchmark: only management commands, read by no app.
    "tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safeguard.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "boards.middleware.RequireMFAForOfficeHoldersMiddleware",
    "boards.middleware.LogRefusedAccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguard.urls"
WSGI_APPLICATION = "safeguard.wsgi.application"

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
            # safeguard.lib is not an app: its template filters are named here.
            "libraries": {
                "gds_fields": "safeguard.lib.templatetags.gds_fields",
                "history": "safeguard.lib.templatetags.history",
                "paging": "safeguard.lib.templatetags.paging",
            },
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'safeguard.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 0)
# Form choices are read with QuerySet.iterator(); through a server-side cursor PostgreSQL plans
# for the first rows only, and a filter's "agencies leading actions here" took 600 ms instead
# of 13 ms at national scale (docs/benchmarks.md). Client-side cursors also suit pgbouncer.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when there is one, for the cache and the Celery broker.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "boards.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out account goes no further
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "boards:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: sign in by email address; nobody signs themselves up, the business manager
# adds people and they set a password through the reset link.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# A person changes their own address by confirming a link sent to the new one; until then the
# old one stays (boards/signin.py). The old address is told of the change.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The password again before changing the address or password (an unattended browser).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_ADAPTER = "boards.adapters.ClosedSignupAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # Slowed: five wrong passwords for one address in five minutes and it must wait.
    "login_failed": "20/m/ip,5/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Safeguarding partnership office"
# Business managers and chairs must set up an authenticator app before doing anything else.
MFA_REQUIRED_FOR_OFFICE_HOLDERS = envbool("MFA_REQUIRED_FOR_OFFICE_HOLDERS", True)

# django-axes: locked after ten failures for the same address, for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "boards.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_VERBOSE = False

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Papers are never served from MEDIA_URL: a view checks who may read them and sends them as
# attachments. MEDIA_URL points nowhere the web server serves.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
PAPER_MAX_BYTES = envint("PAPER_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Big enough that an over-long field reaches the form and is answered next to the field.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

# Email: console and a folder under var/ unless an SMTP server is configured.
if os.environ.get("EMAIL_URL"):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "safeguard.email.ConsoleAndFolderBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "board-office@safeguard.invalid")
# Seconds each step of talking to the SMTP server may take (connect, each command, the message):
# a mail server that hangs fails that one send instead of stalling a reminder sweep.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)

# Celery: Redis when there is one; otherwise kombu's filesystem transport, so tasks still run
# in a real worker (make run starts one beside the web server) rather than being skipped.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_RESULT_EXPIRES = 24 * 60 * 60
else:
    _queue = VAR_DIR / "celery" / "queue"
    _processed = VAR_DIR / "celery" / "processed"
    _queue.mkdir(parents=True, exist_ok=True)
    _processed.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_processed),
        "control_folder": str(VAR_DIR / "celery" / "control"),  # not ./control in the checkout
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long a task may run, and so how long its message stays unacknowledged (acks_late). With
# prefetch 1 each pool process holds only the message it is running, so none waits unacked.
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_NAME.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for each deployment, taken with SECURE_HSTS_PRELOAD.
    "security.W021",
    # Lock-out is per account, not per IP: a whole council office shares one address, and
    # one person mistyping must not lock out their colleagues (docs/decisions.md).
    "axes.W006",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "safeguard.security": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# The JSON API: per-agency tokens (actions.authentication), the same rules as
# the browser, an OpenAPI schema at /api/v1/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["actions.authentication.AgencyTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding partnership office API",
    "DESCRIPTION": "An agency's own system reads its actions and posts progress updates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "safeguard.api_schema.add_common_responses",
    ],
}

# The action tracker: an open action with no progress update for this many weeks is amber.
ACTION_STALE_WEEKS = envint("ACTION_STALE_WEEKS", 4)
# Claims on outbox rows are row locks (reminders) or one send long (notices), so no mail waits
# for this; it only sets how long Redis waits before handing a dead worker's task to another.
REMINDER_CLAIM_EXPIRES_SECONDS = envint("REMINDER_CLAIM_EXPIRES_SECONDS", CELERY_TASK_TIME_LIMIT)
if REDIS_URL:
    # Redis hands an unacknowledged task (its worker died, or lost Redis) to another worker
    # after visibility_timeout; kombu's default is an hour. It must outlast a task that is
    # still running (the time limit) with room to spare: 15 + 15 + 5 = 35 minutes with the
    # defaults. Mail never waits for it: the outbox sweeps run every few minutes by beat.
    # (No task uses eta or countdown, which would need longer.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_TASK_TIME_LIMIT + REMINDER_CLAIM_EXPIRES_SECONDS + 5 * 60,
    }
# Tracker exports are built in the background in chunks of this many rows.
EXPORT_CHUNK_ROWS = envint("EXPORT_CHUNK_ROWS", 2000)
