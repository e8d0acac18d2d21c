"""Settings for jobtracker: one module, configured by environment variables.

DEBUG is off unless set: production defaults, which refuse to start without ``SECRET_KEY`` (and ``REDIS_URL``).
``DEBUG=1`` (``make run`` and ``make test`` set it) runs in development mode on SQLite with an embedded Celery
broker and needs nothing else. ``manage.py makemigrations`` turns it on by itself: it only reads the code.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jobtracker.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JOBTRACKER_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "jobtracker.core",
    "jobtracker.accounts",
    "jobtracker.pipeline",
    "jobtracker.network",
    "jobtracker.interviews",
    "jobtracker.materials",
    "jobtracker.offers",
    "jobtracker.reminders",
    "jobtracker.reports",
    "jobtracker.transfer",
    "jobtracker.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jobtracker.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jobtracker.accounts.middleware.UserTimezoneMiddleware",
    "jobtracker.core.fragments.DataVersionMiddleware",
    # Axes must come last so it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobtracker.urls"
WSGI_APPLICATION = "jobtracker.wsgi.application"
ASGI_APPLICATION = "jobtracker.asgi.application"

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
                "jobtracker.reminders.context_processors.failed_reminders",
                "jobtracker.front.navigation.navigation",
            ],
        },
    },
]

# SQLite needs no configuration; DATABASE_URL (postgres://...) selects PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, for the test database: integration tests start Celery processes that share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five failures for one e-mail from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# AuthenticationForm passes the e-mail as "username"; count it case-insensitively, as log-in matches it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "jobtracker.accounts.lockout.lockout_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


def _bootstrap_dist() -> Path:
    # bootstrap-wrapper installs Bootstrap's dist folder as a top-level "bootstrap" directory.
    spec = importlib.util.find_spec("bootstrap")
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured("bootstrap-wrapper is not installed (pip install -r requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))


STATICFILES_DIRS = [BASE_DIR / "jobtracker" / "static", ("bootstrap", _bootstrap_dist())]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded materials live here, outside the static tree, and are served only through owner-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MATERIALS_MAX_UPLOAD_BYTES = env_int("MATERIALS_MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024
# Uploads above this size are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest request body accepted at all, judged from Content-Length before reading it: above the largest
# upload (a contact import, 20 MB) with room for the form around it. nginx's client_max_body_size matches it.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_MB", max(MATERIALS_MAX_UPLOAD_BYTES // 1048576, 20) + 1, minimum=1) * 1048576

FORMS_URLFIELD_ASSUME_HTTPS = True  # transitional until Django 6 makes it the default

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jobtracker <noreply@jobtracker.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise an embedded broker on the file system.
REDIS_URL = env_str("REDIS_URL")
CELERY_EMBEDDED_BROKER_DIR = VAR_DIR / "celery-broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
elif DEBUG:
    # kombu's file-system transport needs its folders to exist in every process that sends or receives.
    (CELERY_EMBEDDED_BROKER_DIR / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_EMBEDDED_BROKER_DIR),
        "data_folder_out": str(CELERY_EMBEDDED_BROKER_DIR),
        "processed_folder": str(CELERY_EMBEDDED_BROKER_DIR / "processed"),
        "store_processed": False,
        # Fanout exchanges (control, broadcasts) live here; kombu's default is "control" in the working directory.
        "control_folder": str(CELERY_EMBEDDED_BROKER_DIR / "control"),
    }
else:
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off; the embedded broker is for development.")

# Django's cache: Redis at CACHE_URL (compose gives it its own database beside the broker's), shared by every
# web and Celery process; otherwise each process's own memory. Throttles count in it, and with a shared cache the
# costly parts of the dashboard and the applications list are kept until the user's data changes
# (jobtracker/core/fragments.py). Short timeouts: a cache that hangs costs a page little, and a failed read
# renders the page as if nothing were cached.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "jobtracker"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
# Only a shared cache may hold pages: with one per process, a write served by one would leave another's stale.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if CACHE_URL else 0, minimum=0)
if PAGE_CACHE_SECONDS and not CACHE_URL:
    raise ImproperlyConfigured(
        "PAGE_CACHE_SECONDS needs CACHE_URL: pages may only be kept in a cache every process shares."
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
# Messages are acknowledged on receipt: the database rows, not the broker, are the record of work
# (a lost message is recovered by the reminders sweeper), and a late ack on a connection that a
# Redis restart has just closed can wedge kombu's consumer.
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Senders have their own queue: a tick's plan, sweep and dispatch never wait behind sends. Workers consume both.
REMINDERS_SEND_QUEUE = env_str("REMINDERS_SEND_QUEUE", f"{CELERY_TASK_DEFAULT_QUEUE}.send")
CELERY_TASK_ROUTES = {"reminders.send": {"queue": REMINDERS_SEND_QUEUE}}
REMINDERS_TICK_SECONDS = env_int("REMINDERS_TICK_SECONDS", 60, minimum=1)
REMINDERS_MESSAGES_PLAN_SECONDS = env_int("REMINDERS_MESSAGES_PLAN_SECONDS", 15 * 60, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {"task": "core.clear_expired_sessions", "schedule": 24 * 60 * 60},
    "open-current-seasons": {"task": "pipeline.open_current_seasons", "schedule": 6 * 60 * 60},
    # Uncommitted contact imports and built report files are kept for a day, then deleted with their files.
    "expire-imports": {"task": "network.expire_imports", "schedule": 60 * 60},
    "expire-report-files": {"task": "reports.expire_files", "schedule": 60 * 60},
    # Backups, uploaded backups and spreadsheet imports are kept for a day too (jobtracker/transfer).
    "expire-transfers": {"task": "transfer.expire", "schedule": 60 * 60},
    # Three tasks each tick, so planning a long backlog never delays dispatching (jobtracker/reminders/tasks.py).
    **{
        f"reminders-{chore}": {"task": f"reminders.{chore}", "schedule": REMINDERS_TICK_SECONDS}
        for chore in ("plan", "sweep", "dispatch")
    },
    # Recurring e-mails (the weekly status) are planned a week ahead; this only picks up new subscribers.
    "reminders-plan-messages": {"task": "reminders.plan_messages", "schedule": REMINDERS_MESSAGES_PLAN_SECONDS},
}

# Reports: a season with more applications than this gets its PDF and workbook built by a task with progress.
REPORTS_INLINE_MAX_APPLICATIONS = env_int("REPORTS_INLINE_MAX_APPLICATIONS", 150, minimum=0)
# Share links: requests per minute one address may make to shared reports.
REPORTS_SHARED_RATE_PER_MINUTE = env_int("REPORTS_SHARED_RATE_PER_MINUTE", 60, minimum=1)

# The detailed health report (/healthz/detail/) answers staff, or a request bearing this token.
HEALTH_TOKEN = env_str("HEALTH_TOKEN")
REMINDERS_HEALTH_TICK_LATE_SECONDS = env_int("REMINDERS_HEALTH_TICK_LATE_SECONDS", 120, minimum=1)
REMINDERS_HEALTH_LATE_SECONDS = env_int("REMINDERS_HEALTH_LATE_SECONDS", 600, minimum=1)

# Reminders: rows claimed with conditional updates; see jobtracker/reminders/delivery.py.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
REMINDERS_MESSAGE_DOMAIN = env_str("REMINDERS_MESSAGE_DOMAIN", "jobtracker.localhost")
# Planning works in chunks within a time budget per tick, well inside the tasks' 60 s soft limit.
REMINDERS_PLAN_CHUNK = env_int("REMINDERS_PLAN_CHUNK", 500, minimum=1)
REMINDERS_PLAN_BUDGET_SECONDS = env_int("REMINDERS_PLAN_BUDGET_SECONDS", 20, minimum=1)
# Sending: at most this many senders at once, each claiming small batches over one SMTP connection.
REMINDERS_SENDERS = env_int("REMINDERS_SENDERS", 2, minimum=1)
REMINDERS_SEND_BATCH = env_int("REMINDERS_SEND_BATCH", 50, minimum=1)
REMINDERS_SEND_BUDGET_SECONDS = env_int("REMINDERS_SEND_BUDGET_SECONDS", 20, minimum=1)
REMINDERS_SENDER_START_SECONDS = env_int("REMINDERS_SENDER_START_SECONDS", 120, minimum=1)
REMINDERS_HEARTBEAT_SECONDS = env_int("REMINDERS_HEARTBEAT_SECONDS", 30, minimum=1)
# RFC 5321 lets a server take ten minutes to answer the end of the data; a lost answer is an unknown outcome.
REMINDERS_FINAL_REPLY_SECONDS = env_int("REMINDERS_FINAL_REPLY_SECONDS", 300, minimum=1)
REMINDERS_RETRY_BASE_SECONDS = env_int("REMINDERS_RETRY_BASE_SECONDS", 30, minimum=1)
REMINDERS_RETRY_MAX_SECONDS = env_int("REMINDERS_RETRY_MAX_SECONDS", 1800, minimum=1)
REMINDERS_MAX_ATTEMPTS = env_int("REMINDERS_MAX_ATTEMPTS", 8, minimum=1)

# Production hardening; all on whenever DEBUG is off so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# A strict content policy: everything from this site only, no inline script or style anywhere (behaviour
# lives in static/jobtracker/app.js, looks in app.css). Bootstrap's CSS draws its icons as data: images.
# Django's admin keeps inline styles and scripts of its own, so it is left out of the policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # aiosmtpd (the tests' and benchmarks' SMTP server) logs every SMTP command at INFO.
    # fontTools (PDF font subsetting) logs every table it touches at INFO: a hundred lines per report.
    "loggers": {"axes": {"level": "WARNING"}, "mail.log": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
