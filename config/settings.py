"""Settings for the SkånEarkiv platform.

Everything that differs between a laptop and production comes from the
environment (see README.md, "Settings"). Without DATABASE_URL the Makefile
starts an embedded PostgreSQL and passes its URL; without CELERY_BROKER_URL the
worker and beat use Celery's filesystem transport under var/celery/.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLATFORM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("PLATFORM_ALLOW_INSECURE_KEY", False):
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

# The consortium's site is PLATFORM_DOMAIN; each kommun is <subdomain>.PLATFORM_DOMAIN.
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "skanearkiv.localhost")
PLATFORM_PORT = os.environ.get("PLATFORM_PORT", "8000")
PLATFORM_SCHEME = os.environ.get("PLATFORM_SCHEME", "http")
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "reports",
    "billing",
    "onboarding.portfolio",
    "onboarding.planning",
    "onboarding.deliveries_index",
]
TENANT_APPS = [
    "onboarding",
    "onboarding.deliveries",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Kommun"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Without it every query is preceded by SET search_path (ARCHITECTURE.md).
TENANT_LIMIT_SET_CALLS = True
# An unknown host answers 404; the consortium site is never shown in its place.
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
TENANT_CREATION_FAKES_MIGRATIONS = False

MIDDLEWARE = [
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tenants.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.middleware.KommunAccessMiddleware",
]

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skanearkiv"),
        engine="config.database",  # django-tenants' backend + rollback hooks (config/database/base.py)
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets several test runs share one server (each session its own test database).
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tenants.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"

# One login serves every site: the cookies live on the parent domain.
SESSION_COOKIE_DOMAIN = os.environ.get("SESSION_COOKIE_DOMAIN", f".{PLATFORM_DOMAIN}")
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_SECURE = PLATFORM_SCHEME == "https"
CSRF_COOKIE_SECURE = PLATFORM_SCHEME == "https"
SESSION_COOKIE_HTTPONLY = True
# A form on lund.… posting to the consortium site needs the Origin header (ARCHITECTURE.md).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
CSRF_TRUSTED_ORIGINS = [
    f"{PLATFORM_SCHEME}://{PLATFORM_DOMAIN}:{PLATFORM_PORT}",
    f"{PLATFORM_SCHEME}://*.{PLATFORM_DOMAIN}:{PLATFORM_PORT}",
    f"{PLATFORM_SCHEME}://{PLATFORM_DOMAIN}",
    f"{PLATFORM_SCHEME}://*.{PLATFORM_DOMAIN}",
]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# django-allauth: e-mail is the login; no open signup (people come by invitation).
ACCOUNT_ADAPTER = "tenants.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = PLATFORM_SCHEME
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SkånEarkiv"
# SSO (OIDC/SAML) comes later: add allauth.socialaccount (+ providers.openid_connect / saml) here.

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Uploaded files are stored per schema and served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache keys are prefixed by schema. Redis when configured (MFA codes must be shared between processes).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SkånEarkiv <noreply@skanearkiv.localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Celery: Redis when CELERY_BROKER_URL is set, else the filesystem transport under var/celery.
CELERY_DATA_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue_dir = CELERY_DATA_DIR / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "tenant_schemas_celery.scheduler.TenantAwarePersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")
# Periodic tasks are added by the apps; an entry without "tenant_schemas" runs once per kommun.
CELERY_BEAT_SCHEDULE: dict = {}

# Deliveries: packages uploaded in the browser stream to disk beyond FILE_UPLOAD_MAX_MEMORY_SIZE (Django's
# TemporaryFileUploadHandler); INGEST_DIR/<subdomain>/ is each kommun's pick-up folder; accepted production
# deliveries are handed over to ARCHIVE_INGEST_DIR/<subdomain>/ (the archive backend's ingest area).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DELIVERY_MAX_BYTES = int(os.environ.get("DELIVERY_MAX_BYTES", str(50 * 1024**3)))
INGEST_DIR = Path(os.environ.get("INGEST_DIR", VAR_DIR / "ingest"))
ARCHIVE_INGEST_DIR = Path(os.environ.get("ARCHIVE_INGEST_DIR", VAR_DIR / "archive-ingest"))
# API tokens of archive backends: valid this many days; after a rotation the old one stays valid this many.
ARCHIVE_TOKEN_DAYS = int(os.environ.get("ARCHIVE_TOKEN_DAYS", "365"))
ARCHIVE_TOKEN_OVERLAP_DAYS = int(os.environ.get("ARCHIVE_TOKEN_OVERLAP_DAYS", "7"))
CELERY_BEAT_SCHEDULE["deliveries-ingest-pickup"] = {
    "task": "onboarding.deliveries.tasks.ingest_pickup_all",
    "schedule": 60.0,
    "options": {"expires": 55},
    "tenant_schemas": ["public"],
}

# Reports: PDFs are stored under REPORTS_ROOT (public, not per schema) and served only through a view
# that checks access. Schedules are crontab strings "minute hour day-of-month month day-of-week";
# an empty string turns the schedule off.
REPORTS_ROOT = Path(os.environ.get("REPORTS_ROOT", MEDIA_ROOT / "reports"))
REPORTS_SCHEDULE = {
    "consortium": os.environ.get("REPORTS_SCHEDULE_CONSORTIUM", "0 5 1 * *"),
    "kommun": os.environ.get("REPORTS_SCHEDULE_KOMMUN", "30 5 1 * *"),
}
for _kind, _cron in REPORTS_SCHEDULE.items():
    if _cron.strip():
        from celery.schedules import crontab

        _minute, _hour, _day, _month, _weekday = _cron.split()
        CELERY_BEAT_SCHEDULE[f"reports-{_kind}-monthly"] = {
            "task": f"reports.tasks.scheduled_{_kind}_reports",
            "schedule": crontab(
                minute=_minute, hour=_hour, day_of_month=_day, month_of_year=_month, day_of_week=_weekday
            ),
            "tenant_schemas": ["public"],  # the kommun task fans out one task per kommun itself
        }

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "skanearkiv-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
