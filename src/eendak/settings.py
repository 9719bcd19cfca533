"""Django settings for Eendak.

Everything that differs between a laptop, CI and production comes from the environment, so one
settings module serves all three. ``EENDAK_ENV=production`` switches on the checks that make an
unsafe production start impossible (see ``_refuse_unsafe_production`` at the bottom).
"""

import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("EENDAK_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


ENVIRONMENT = os.environ.get("EENDAK_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"

DEVELOPMENT_SECRET_KEY = "eendak-development-only-not-a-secret"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Old keys, comma-separated, still accepted for signatures while sessions signed with them expire.
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if k]
DEBUG = env_bool("DJANGO_DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "eendak.core",
    "eendak.audit",
    "eendak.notifications",
    "eendak.persons",
    "eendak.privacy",
    "eendak.retention",
    "eendak.cases",
    "eendak.intake",
    "eendak.catalogue",
    "eendak.conferences",
    "eendak.acute",
    "eendak.expertise",
    "eendak.api",
    "eendak.monitoring",
    "eendak.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "eendak.api.middleware.APIVersionMiddleware",  # outermost but one: every /api/ answer has it
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eendak.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "eendak.core.languages.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eendak.core.middleware.IdleTimeoutMiddleware",
    "eendak.core.middleware.ActingMembershipMiddleware",
    "eendak.core.middleware.AccessPolicyMiddleware",
    "eendak.core.middleware.DebugNotFoundMiddleware",
]

ROOT_URLCONF = "eendak.urls"
WSGI_APPLICATION = "eendak.wsgi.application"
ASGI_APPLICATION = "eendak.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eendak.core.context_processors.eendak",
                "eendak.notifications.context_processors.bell",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
# SQLite needs IMMEDIATE transactions: the access log's hash chain reads the last entry and
# appends the next in one transaction, and two DEFERRED transactions would both read the same head.
_default_sqlite = f"sqlite:///{VAR_DIR / 'eendak.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles plans for our short OLTP queries and costs more than it saves
    # (63 of 147 ms on the Veilig Thuis signals at national scale): off for Eendak's connections.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Failed logins slow down the (user name, address) pair that fails, never the user name alone
# (eendak.core.throttle): so that nobody can shut a colleague out by knowing their user name, and an
# office behind one address is not shut out by one person's typing. Free failures per pair, the
# longest wait, and the failures of one user name (or from one address) within a day above which
# every pair gets only one free failure.
EENDAK_LOCKOUT_FAILURES = env_int("EENDAK_LOCKOUT_FAILURES", 5)
EENDAK_LOCKOUT_MINUTES = env_int("EENDAK_LOCKOUT_MINUTES", 30)
EENDAK_LOCKOUT_CEILING = env_int("EENDAK_LOCKOUT_CEILING", 100)

# The reverse proxies in front of the application servers, as CIDRs (comma-separated): only a
# request whose TCP peer is one of them has its X-Forwarded-For believed, and then only the
# right-most address that is not itself a trusted proxy (eendak.audit.addresses). Empty (the
# default): every request came from its peer. Behind the documented proxy: its address, e.g.
# 127.0.0.1/32 when it runs on the same host.
EENDAK_TRUSTED_PROXIES = [
    value.strip() for value in os.environ.get("EENDAK_TRUSTED_PROXIES", "").split(",") if value.strip()
]
for _proxy in EENDAK_TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"EENDAK_TRUSTED_PROXIES: {_proxy!r} is geen IP-adres of netwerk (CIDR)") from _error

# Sessions live in the database (or a cache in production) and end after idle time.
SESSION_ENGINE = os.environ.get("EENDAK_SESSION_ENGINE", "django.contrib.sessions.backends.db")
EENDAK_IDLE_TIMEOUT_SECONDS = env_int("EENDAK_IDLE_TIMEOUT_SECONDS", 15 * 60)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "eendak_sessie"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the cookie-less meta tag instead; see base.html
CSRF_FAILURE_VIEW = "eendak.core.errors.csrf_failure"  # in Dutch; problem+json under /api/

OTP_TOTP_ISSUER = "Eendak"
# Development shortcut for the demo accounts' second factor. Production refuses to start with it.
EENDAK_DEMO_OTP_CODE = os.environ.get("EENDAK_DEMO_OTP_CODE", "" if IS_PRODUCTION else "000000")

# Break the glass: how long emergency access to a file lasts.
EENDAK_EMERGENCY_ACCESS_HOURS = env_int("EENDAK_EMERGENCY_ACCESS_HOURS", 4)
# ... and within how many days after the grant the privacy officer or log administrator of the
# user's organisation judges it (justified or not); an open review past that is a signal.
EENDAK_EMERGENCY_REVIEW_DAYS = env_int("EENDAK_EMERGENCY_REVIEW_DAYS", 7)

# --- Norms and deadlines (domain.md); regional agreements are configurable ----------------------
EENDAK_ASSESSMENT_WORKING_DAYS = env_int("EENDAK_ASSESSMENT_WORKING_DAYS", 5)  # Uitvoeringsbesluit Wmo 4.1.7
EENDAK_ACUTE_ASSESSMENT_HOURS = env_int("EENDAK_ACUTE_ASSESSMENT_HOURS", 24)
EENDAK_INVESTIGATION_WEEKS = env_int("EENDAK_INVESTIGATION_WEEKS", 10)
EENDAK_INFORM_PERSONS_WEEKS = env_int("EENDAK_INFORM_PERSONS_WEEKS", 4)  # assumption, configurable
EENDAK_FEEDBACK_WORKING_DAYS = env_int("EENDAK_FEEDBACK_WORKING_DAYS", 5)
EENDAK_REREPORT_LOOKBACK_YEARS = env_int("EENDAK_REREPORT_LOOKBACK_YEARS", 3)  # to confirm with CBS
EENDAK_MONITORING_MONTHS = [
    int(m) for m in os.environ.get("EENDAK_MONITORING_MONTHS", "3,6,12,18").split(",") if m
]
EENDAK_MONITORING_MAX_MONTHS = env_int("EENDAK_MONITORING_MAX_MONTHS", 18)  # regional agreement
# Days before the monitoring limit from which it may be extended (and the signal warns).
EENDAK_MONITORING_DECISION_WINDOW_DAYS = env_int("EENDAK_MONITORING_DECISION_WINDOW_DAYS", 30)
EENDAK_COORDINATION_MAX_MONTHS = env_int("EENDAK_COORDINATION_MAX_MONTHS", 18)
# The Veiligheidsteam: its weekly triage (weekday 0 = Monday; referrals in before the deadline,
# N days before at H o'clock, go on that week's agenda), and its work queues.
EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY = env_int("EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY", 1)  # Tuesday
EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = env_int("EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS", 1)
EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = env_int("EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR", 12)
EENDAK_SAFETY_TEAM_CONFERENCE_WEEKS = env_int("EENDAK_SAFETY_TEAM_CONFERENCE_WEEKS", 6)
# Wet tijdelijk huisverbod: 10 days, extendable to 28 in total; signalled this many days before.
EENDAK_HOUSE_BAN_DAYS = env_int("EENDAK_HOUSE_BAN_DAYS", 10)
EENDAK_HOUSE_BAN_MAX_DAYS = env_int("EENDAK_HOUSE_BAN_MAX_DAYS", 28)
EENDAK_HOUSE_BAN_WARNING_DAYS = env_int("EENDAK_HOUSE_BAN_WARNING_DAYS", 3)
# The help catalogue (sociale kaart): a waiting time from which the plan's maker is warned, and the
# age of an offer's last update from which its waiting time is shown as possibly out of date.
EENDAK_LONG_WAIT_WEEKS = env_int("EENDAK_LONG_WAIT_WEEKS", 6)
EENDAK_OFFER_STALE_DAYS = env_int("EENDAK_OFFER_STALE_DAYS", 90)
EENDAK_PUBLIC_FORM_PER_HOUR = env_int("EENDAK_PUBLIC_FORM_PER_HOUR", 5)

# --- Protected data ---------------------------------------------------------------------------
# Keys for BSN encryption at rest and the keyed lookup hash. See docs/operations.md.
DEVELOPMENT_FIELD_KEY = "ZWVuZGFrLWRldmVsb3BtZW50LWZpZWxkLWtleS0wMDA="
EENDAK_FIELD_ENCRYPTION_KEYS = [
    key for key in os.environ.get("EENDAK_FIELD_ENCRYPTION_KEYS", DEVELOPMENT_FIELD_KEY).split(",")
    if key
]
DEVELOPMENT_HASH_KEY = "eendak-development-bsn-lookup-key"  # noqa: S105
EENDAK_BSN_HASH_KEY = os.environ.get("EENDAK_BSN_HASH_KEY", DEVELOPMENT_HASH_KEY)


# The access log's chain key (HMAC-SHA256): the database does not hold it, so whoever can write the
# database cannot recompute the chain after changing it. Production must set it (≥ 32 random
# characters); a development or test install generates its own once, in the var directory.
# EENDAK_ACCESS_LOG_OLD_KEYS keeps earlier keys verifiable after a rotation (docs/operations.md).
def _install_key(path: Path) -> str:
    """A random key made once per install (development and tests only), shared by every process."""
    import secrets

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it this very moment
            key = path.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.02)
        raise
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key


EENDAK_ACCESS_LOG_KEY = os.environ.get("EENDAK_ACCESS_LOG_KEY", "") or (
    "" if IS_PRODUCTION else _install_key(VAR_DIR / "access-log.key")
)
EENDAK_ACCESS_LOG_OLD_KEYS = [
    key.strip() for key in os.environ.get("EENDAK_ACCESS_LOG_OLD_KEYS", "").split(",") if key.strip()
]
# Signed checkpoints of the chain's head, appended to a file outside the database (audit.checkpoints):
# point it at append-only (WORM) storage or a directory shipped off the host (docs/operations.md).
EENDAK_ACCESS_LOG_CHECKPOINT_DIR = Path(
    os.environ.get("EENDAK_ACCESS_LOG_CHECKPOINT_DIR", VAR_DIR / "checkpoints")
)
# Requests write access-log entries unchained; the chainer (`manage.py chain_access_log`, always
# running) chains them within a second or so. verify_access_log fails on an entry left unchained
# longer than this (audit.chainer).
EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS = int(os.environ.get("EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS", "300"))

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
# The public pages (/melden/, the Expertisecentrum's trainings and events) speak the region's
# languages, each named in its own language for the switch; the professional screens Dutch and
# English only (eendak.core.languages). Arabic is right-to-left (Django's LANGUAGES_BIDI).
LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية"),
             ("so", "Soomaali"), ("pl", "Polski")]
EENDAK_STAFF_LANGUAGES = ["nl", "en"]
EENDAK_PUBLIC_LANGUAGE_PATHS = ["/melden/", "/trainingen-en-bijeenkomsten/", "/taal/"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("EENDAK_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production WhiteNoise serves straight from the finders: no collectstatic step needed.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static", PROJECT_DIR / "build" / "vendor"]
if not IS_PRODUCTION:
    # Test-only assets (axe-core for the accessibility scans) are never served in production.
    STATICFILES_DIRS.append(PROJECT_DIR / "build" / "test-vendor")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("EENDAK_MEDIA_ROOT", VAR_DIR / "documents"))

# --- Long work: django.tasks -----------------------------------------------------------------------
# Exports, deliveries, imports and mail run as tasks of Django's task framework, queued in the
# database (django-tasks-db) and run by `manage.py db_worker` next to the web server: on SQLite and
# PostgreSQL alike, with no broker to run. The tests use the same backend and run the queue
# themselves (eendak.testing.tasks.run_queued_tasks). See docs/architecture.md, "Long work: tasks".
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Results of long work (an export is personal data): outside the web root, never served by
# WhiteNoise, only downloaded by the user who started the work. Back it up like the documents.
EENDAK_EXPORT_ROOT = Path(os.environ.get("EENDAK_EXPORT_ROOT", VAR_DIR / "exports"))
# A list export longer than this many rows runs as long work (core.exports, core.tasks).
EENDAK_EXPORT_BACKGROUND_ROWS = int(os.environ.get("EENDAK_EXPORT_BACKGROUND_ROWS", "2000"))
# The dashboards answer from stored snapshots (monitoring.dashboards), refreshed every quarter of an
# hour by `manage.py refresh_dashboards`; one older than this is computed again when it is asked for.
EENDAK_DASHBOARD_MAX_AGE_MINUTES = env_int("EENDAK_DASHBOARD_MAX_AGE_MINUTES", 30)

# --- Mail: notifications (eendak.notifications) -------------------------------------------------
# Sent by the task worker (`manage.py db_worker`), never in a request. Development prints every mail
# on the worker's stdout (the console backend); production sets EMAIL_BACKEND to Django's SMTP
# backend and the EMAIL_* variables below (docs/operations.md, "Mail"), read into Django 6.1's
# MAILERS (the EMAIL_* settings themselves are deprecated). A mail names no person and no case:
# only "Er staat iets voor u klaar in Eendak" and a link.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_MAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND}}
if _MAIL_BACKEND == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Eendak <noreply@eendak.test>")
# The address of this Eendak as people reach it: the link in every mail and calendar invitation.
EENDAK_BASE_URL = os.environ.get("EENDAK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A mail that fails is tried again, this many times in all, waiting 1, 2, 4, ... minutes between.
EENDAK_NOTIFICATION_MAIL_ATTEMPTS = env_int("EENDAK_NOTIFICATION_MAIL_ATTEMPTS", 5)

# --- Security headers ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "eendak.api.authentication.ServiceTokenAuthentication",
        "eendak.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["eendak.api.permissions.IsVerifiedActor"],
    "DEFAULT_PAGINATION_CLASS": "eendak.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "eendak.api.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "30/minute"},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Eendak API",
    "DESCRIPTION": "De API van Eendak, het gedeelde casusdossier van het Centrum Huiselijk Geweld "
    "en Kindermishandeling. Fouten volgen RFC 9457 (application/problem+json).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # NL API Design Rules: the paths are relative to the one server, whose URL names the major
    # version (/core/uri-version; relative to where the schema is read), and an integrator knows whom
    # to ask (/core/doc-openapi-contact). Checked by eendak/api/tests/test_api_design_rules.py.
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1", "description": "Eendak API, versie 1"}],
    "CONTACT": {
        "name": os.environ.get("EENDAK_API_CONTACT_NAME", "Functioneel beheer Eendak"),
        "url": os.environ.get("EENDAK_API_CONTACT_URL", "https://eendak.example/api/v1/docs"),
        "email": os.environ.get("EENDAK_API_CONTACT_EMAIL", "functioneelbeheer@eendak.example"),
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "eendak.api.schema.document_api_version",
        "eendak.api.schema.hoist_defaults_out_of_one_of",
        "eendak.api.schema.document_location",
    ],
    # Our TextChoices are reused across serializers; name each enum once so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "ViolenceTypeEnum": "eendak.intake.categories.ViolenceType",
        "ReporterRoleEnum": "eendak.intake.categories.ReporterRole",
        "ReporterSectorEnum": "eendak.intake.categories.ReporterSector",
        "OrganisationTypeEnum": "eendak.core.roles.OrganisationType",
        "RoleEnum": "eendak.core.roles.Role",
        "AccessActionEnum": "eendak.audit.models.Action",
        "AccessOutcomeEnum": "eendak.audit.models.Outcome",
        "RelationshipKindEnum": "eendak.persons.models.RelationshipKind",
        "NotificationKindEnum": "eendak.notifications.models.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EENDAK_LOG_LEVEL", "WARNING")},
}

EENDAK_REGION_NAME = os.environ.get("EENDAK_REGION_NAME", "Hart van Brabant")


# Keys that anyone could know: our development keys, and the examples that configuration guides
# and generators print. Production refuses them (compared case-insensitively, see ``weak_key``).
KNOWN_WEAK_KEYS = frozenset({
    DEVELOPMENT_SECRET_KEY, DEVELOPMENT_HASH_KEY, DEVELOPMENT_FIELD_KEY,
    "changeme", "change-me", "secret", "geheim", "password", "wachtwoord", "test", "eendak",
})
MIN_SECRET_KEY_LENGTH = 40  # DJANGO_SECRET_KEY and its fallbacks, as Django's check --deploy asks
MIN_HASH_KEY_LENGTH = 32  # EENDAK_BSN_HASH_KEY: an HMAC-SHA256 key of at least 32 characters


def weak_key(key: str, min_length: int) -> bool:
    """Too short, a known key, Django's own ``django-insecure-`` prefix, or too few different
    characters to be random (``aaaa…``, ``1234…``): a key that can be guessed protects nothing."""
    key = key or ""
    return (len(key) < min_length or key.lower() in {k.lower() for k in KNOWN_WEAK_KEYS}
            or key.startswith("django-insecure-") or len(set(key)) < 10)


def weak_fernet_key(key: str) -> bool:
    """A field-encryption key must be a Fernet key (32 bytes, URL-safe base64) and not a known or
    patterned one (``AAAA…=`` is valid base64 of 32 zero bytes)."""
    import base64
    import binascii

    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (binascii.Error, ValueError):
        return True
    return len(raw) != 32 or key in KNOWN_WEAK_KEYS or len(set(raw)) < 10


def production_problems() -> list[str]:
    """What makes this configuration unsafe for production (in Dutch, for the operator)."""
    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG staat aan")
    if weak_key(SECRET_KEY, MIN_SECRET_KEY_LENGTH):
        problems.append("DJANGO_SECRET_KEY ontbreekt, is de ontwikkelsleutel of is te kort "
                        f"(minimaal {MIN_SECRET_KEY_LENGTH} willekeurige tekens)")
    if any(weak_key(key, MIN_SECRET_KEY_LENGTH) for key in SECRET_KEY_FALLBACKS):
        problems.append("DJANGO_SECRET_KEY_FALLBACKS bevat een te zwakke sleutel "
                        f"(minimaal {MIN_SECRET_KEY_LENGTH} willekeurige tekens)")
    if EENDAK_DEMO_OTP_CODE:
        problems.append("EENDAK_DEMO_OTP_CODE (demo-snelkoppeling tweede factor) is gezet")
    if DEVELOPMENT_FIELD_KEY in EENDAK_FIELD_ENCRYPTION_KEYS:
        problems.append("EENDAK_FIELD_ENCRYPTION_KEYS bevat de ontwikkelsleutel")
    elif any(weak_fernet_key(key) for key in EENDAK_FIELD_ENCRYPTION_KEYS):
        problems.append("EENDAK_FIELD_ENCRYPTION_KEYS bevat een ongeldige of te zwakke sleutel "
                        "(elke sleutel een nieuw gemaakte Fernet-sleutel)")
    if EENDAK_BSN_HASH_KEY == DEVELOPMENT_HASH_KEY:
        problems.append("EENDAK_BSN_HASH_KEY is de ontwikkelsleutel")
    elif weak_key(EENDAK_BSN_HASH_KEY, MIN_HASH_KEY_LENGTH):
        problems.append("EENDAK_BSN_HASH_KEY is te zwak "
                        f"(minimaal {MIN_HASH_KEY_LENGTH} willekeurige tekens)")
    if weak_key(EENDAK_ACCESS_LOG_KEY, MIN_HASH_KEY_LENGTH):
        problems.append("EENDAK_ACCESS_LOG_KEY (sleutel van de hashketen van het toegangslog) "
                        f"ontbreekt of is te zwak (minimaal {MIN_HASH_KEY_LENGTH} willekeurige tekens)")
    if any(weak_key(key, MIN_HASH_KEY_LENGTH) for key in EENDAK_ACCESS_LOG_OLD_KEYS):
        problems.append("EENDAK_ACCESS_LOG_OLD_KEYS bevat een te zwakke sleutel "
                        f"(minimaal {MIN_HASH_KEY_LENGTH} willekeurige tekens)")
    if "DATABASE_URL" not in os.environ:
        problems.append("DATABASE_URL ontbreekt (productie draait op PostgreSQL)")
    return problems


def _refuse_unsafe_production() -> None:
    """A production start with a development setting or a guessable key would expose real people's
    files."""
    if not IS_PRODUCTION:
        return
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured("Eendak weigert te starten in productie: " + "; ".join(problems))


_refuse_unsafe_production()
