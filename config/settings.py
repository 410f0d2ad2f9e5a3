"""Settings for the SkånEarkiv platform.

Everything that differs between a laptop and production comes from the
environment (see README.md, "Settings"). Without DATABASE_URL the Makefile
starts an embedded PostgreSQL and passes its URL; without CELERY_BROKER_URL the
worker and beat use Celery's filesystem transport under var/celery/.
"""

import os
from pathlib import Path

import dj_database_url
from celery import schedules as celery_schedules
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLATFORM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# A development machine, CI or the tests: DEBUG, or PLATFORM_ALLOW_INSECURE_KEY=1 (the Makefile and .ci/run set
# it). Only there may the platform run with the built-in key or over plain http; production has neither.
DEVELOPMENT = DEBUG or env_bool("PLATFORM_ALLOW_INSECURE_KEY", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

# The consortium's site is PLATFORM_DOMAIN; each kommun is <subdomain>.PLATFORM_DOMAIN.
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "skanearkiv.localhost")
PLATFORM_PORT = os.environ.get("PLATFORM_PORT", "8000")
PLATFORM_SCHEME = os.environ.get("PLATFORM_SCHEME", "http")
HTTPS = PLATFORM_SCHEME == "https"
if not HTTPS and not DEVELOPMENT:
    raise RuntimeError(
        f"PLATFORM_SCHEME must be https when DJANGO_DEBUG is off (it is {PLATFORM_SCHEME!r}): passwords, "
        "session cookies and MFA codes must never travel in clear text. For local development set DJANGO_DEBUG=1."
    )
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"]
# The Django admin on the consortium's site (/admin/: staff only, allauth's login with TOTP, audited).
# PLATFORM_ADMIN=0 removes it: no URL answers.
PLATFORM_ADMIN = env_bool("PLATFORM_ADMIN", True)

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tenants.admin_config.PlatformAdminConfig",  # django.contrib.admin behind allauth's login + TOTP, audited
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "tenants.sso",
    "tenants.people",  # people management, the MFA gate, session limits, sign-in audit (issue 15)
    "django_htmx",
    "template_partials",
    "reports",
    "billing",
    "onboarding.portfolio",
    "onboarding.planning",
    "onboarding.deliveries_index",
    "onboarding.formatpolicy",
    "jobs",
    "onboarding.news",
    "onboarding.kommun_data",
    "onboarding.readiness",
]
TENANT_APPS = [
    "onboarding",
    "onboarding.deliveries",
    "onboarding.agreement_formats",
    "onboarding.packaging",
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
# migrate in each schema renders the project state once per set of applied migrations, not once per schema.
TENANT_BASE_MIGRATE_COMMAND = "tenants.migrate_command.Command"
# --executor=multiprocessing migrates the first kommun before its pool forks (tenants/migration_executors.py).
GET_EXECUTOR_FUNCTION = "tenants.migration_executors.get_executor"

MIDDLEWARE = [
    # HTTPS redirect and HSTS first; static files (hashed names, served by WhiteNoise) need no kommun.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "csp.middleware.CSPMiddleware",
    "tenants.sso.middleware.IdpFormActionMiddleware",  # the login page's form-action allows the site's own IdP
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tenants.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jobs.middleware.JobsSendFailedMiddleware",  # after messages: says when background work waits for the broker
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.people.middleware.SessionLimitMiddleware",
    "tenants.people.middleware.SecondFactorMiddleware",
    "tenants.middleware.KommunAccessMiddleware",
    "onboarding.kommun_data.middleware.ReadOnlyAfterLeavingMiddleware",
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
        conn_health_checks=True,  # after PostgreSQL restarts, the next request reconnects (no dead socket)
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
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # pages send the token from the template (hx-headers), never from the cookie
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
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS: TLS ends at the reverse proxy, which tells the platform by X-Forwarded-Proto (it must set the header
# itself, never pass on a client's). Plain http is redirected (not /healthz, which load balancers ask over
# http); HSTS covers every kommun's subdomain.
if HTTPS:
    _proxy_header = os.environ.get("PLATFORM_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# allauth rate-limits by the client's address: behind N proxies it is the N-th from the right in
# X-Forwarded-For (else every client would share the proxy's address, and its limit).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("PLATFORM_TRUSTED_PROXY_COUNT", "0"))

# Content Security Policy (django-csp): scripts, styles, fonts and fetches only from the platform's own origin,
# no inline script or style (the pages' behaviour is in static/js/platform.js; htmx is configured in base.html
# not to eval, not to run scripts from swapped HTML and not to add a <style>). Forms may post to the consortium
# and kommun sites (a login on one site may end on another). The TOTP QR code is a data: image.
_site_sources = [f"{PLATFORM_SCHEME}://{PLATFORM_DOMAIN}:*", f"{PLATFORM_SCHEME}://*.{PLATFORM_DOMAIN}:*"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF, *_site_sources],
        "frame-ancestors": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "object-src": [csp_constants.NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}
# Permissions-Policy (django-permissions-policy): the platform uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip
# Passkeys and security keys (WebAuthn) on the platform's own pages only.
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]

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
# A second factor for every password login (issue 15): TOTP, passkeys / security keys (WebAuthn) and recovery
# codes. The WebAuthn relying party is PLATFORM_DOMAIN (tenants/people/adapters.py), the parent of every
# kommun's host, so one passkey works on every site; a passkey alone may also sign in (it is two factors).
MFA_ADAPTER = "tenants.people.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "SkånEarkiv"
# Sessions end this long after sign-in, and after this long without a request (tenants/people/middleware.py).
PLATFORM_SESSION_MAX_HOURS = float(os.environ.get("PLATFORM_SESSION_MAX_HOURS", "8"))
PLATFORM_SESSION_IDLE_MINUTES = float(os.environ.get("PLATFORM_SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = int(PLATFORM_SESSION_MAX_HOURS * 3600)
# Single sign-on per site (tenants/sso): allauth's own OIDC and SAML providers, configured per site by the
# förvaltning; the adapter hands allauth only the request's site's IdP and admits only members and invitees.
SOCIALACCOUNT_ADAPTER = "tenants.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the kommun's IdP vouches for its staff's addresses
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # tenants.sso.services.sso_admit matches e-mail addresses itself
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the login page's button POSTs (with CSRF) to start the redirect
ACCOUNT_FORMS = {"login": "tenants.sso.forms.PlatformLoginForm"}  # no password where the IdP must be used

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
# Static files: in production, `collectstatic` writes them to STATIC_ROOT with their content's hash in the name
# (and gzip/brotli copies), and WhiteNoise serves them from gunicorn with a year's cache: after a deploy no
# browser keeps an old htmx or stylesheet. In development and the tests they are served from the source
# folders as they are (no collectstatic); tests/security/test_static_files.py runs the production storage.
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT

# Cache keys are prefixed by schema, except allauth's rate limits and used TOTP codes, which hold across
# every site (tenants/cache.py). Redis when configured (MFA codes must be shared between processes).
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
CACHES["default"]["KEY_FUNCTION"] = "tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "tenants.cache.reverse_key"

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
CELERY_DATA_DIR = Path(os.environ.get("CELERY_DATA_DIR", VAR_DIR / "celery"))
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
# A result backend that does not answer is asked as briefly as the broker (jobs.services.PUBLISH_RETRY): the
# person waits for the send, and the job row, not the result, is the record. Celery's default, 20 tries a
# second apart, held every request that started background work for 19 s while Redis was down.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")  # where unrouted tasks go
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
DELIVERY_MAX_BYTES = int(os.environ.get("DELIVERY_MAX_BYTES", str(50 * 10**9)))
INGEST_DIR = Path(os.environ.get("INGEST_DIR", VAR_DIR / "ingest"))
ARCHIVE_INGEST_DIR = Path(os.environ.get("ARCHIVE_INGEST_DIR", VAR_DIR / "archive-ingest"))
HANDOVER_CHUNK_BYTES = int(os.environ.get("HANDOVER_CHUNK_BYTES", 8 * 1024 * 1024))  # the copy's read size
# Content checks of every delivered package (issue 17): CLAMD_SOCKET is clamd's unix socket (Debian:
# /run/clamav/clamd.ctl; unset: the report says that virus scanning is not configured). A package with
# malicious code is moved to QUARANTINE_DIR/<schema>/, outside MEDIA_ROOT, which no view serves.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
QUARANTINE_DIR = Path(os.environ.get("QUARANTINE_DIR", VAR_DIR / "quarantine"))
# Kommun data exports (onboarding.kommun_data): KOMMUN_EXPORT_DIR/<subdomain>/, outside MEDIA_ROOT (a view serves).
KOMMUN_EXPORT_DIR = Path(os.environ.get("KOMMUN_EXPORT_DIR", VAR_DIR / "kommun-exports"))
# API tokens of archive backends: valid this many days; after a rotation the old one stays valid this many.
ARCHIVE_TOKEN_DAYS = int(os.environ.get("ARCHIVE_TOKEN_DAYS", "365"))
ARCHIVE_TOKEN_OVERLAP_DAYS = int(os.environ.get("ARCHIVE_TOKEN_OVERLAP_DAYS", "7"))
# Background jobs (jobs/): beat's sweep sends again a job never sent, sent but not started, or whose worker
# stopped beating, after these delays, JOBS_MAX_SENDS times at most.
VALIDATION_WORK_DIR = Path(os.environ.get("VALIDATION_WORK_DIR", VAR_DIR / "validation-work"))  # unpacked packages
JOBS_SEND_DELAY_SECONDS = float(os.environ.get("JOBS_SEND_DELAY_SECONDS", "30"))
JOBS_RESEND_AFTER_SECONDS = float(os.environ.get("JOBS_RESEND_AFTER_SECONDS", "900"))
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "15"))
JOBS_STALE_AFTER_SECONDS = float(os.environ.get("JOBS_STALE_AFTER_SECONDS", "120"))
JOBS_MAX_SENDS = int(os.environ.get("JOBS_MAX_SENDS", "6"))
CELERY_BEAT_SCHEDULE["jobs-sweep"] = {
    "task": "jobs.tasks.sweep_jobs",
    "schedule": 60.0,
    "options": {"expires": 55},
    "tenant_schemas": ["public"],
}
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

# News (onboarding/news): e-mail for items published at a set time, and the weekly digest on Monday
# mornings (one task per kommun, fanned out from public).
CELERY_BEAT_SCHEDULE["news-notify-due"] = {
    "task": "onboarding.news.tasks.notify_due_items",
    "schedule": 300.0,
    "options": {"expires": 290},
    "tenant_schemas": ["public"],
}
CELERY_BEAT_SCHEDULE["news-weekly-digest"] = {
    "task": "onboarding.news.tasks.weekly_digests",
    "schedule": celery_schedules.crontab(minute=0, hour=7, day_of_week=1),
    "tenant_schemas": ["public"],
}

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "skanearkiv-demo")

# /.well-known/security.txt (RFC 9116): where to report a vulnerability; e-mail addresses and/or https URLs,
# comma-separated.
PLATFORM_SECURITY_CONTACT = os.environ.get("PLATFORM_SECURITY_CONTACT", f"mailto:security@{PLATFORM_DOMAIN}")
# The accessibility statement's address for reporting a problem (the förvaltning's mailbox).
PLATFORM_ACCESSIBILITY_CONTACT = os.environ.get("PLATFORM_ACCESSIBILITY_CONTACT", f"arkiv@{PLATFORM_DOMAIN}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
