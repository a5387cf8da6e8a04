"""Settings for every environment, read from environment variables.

Production is configured by environment only (docs/operations.md). Demo mode
(`REINTEGRA_DEMO=1`, set by `make demo`) is the only mode in which demo log-ins and demo
data may be created, and the only one that generates its own secrets into `var/`.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.secrets import local_field_keyring, local_secret
from reintegra.core.crypto import parse_keyring

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEMO_MODE = env.bool("REINTEGRA_DEMO", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
VAR_DIR = Path(env.str("REINTEGRA_VAR_DIR", default=str(BASE_DIR / "var")))


def _secret(name: str) -> str:
    """A secret from the environment; in demo mode a generated file in var/ stands in."""
    value = env.str(name, default="")
    if value:
        return value
    if DEMO_MODE:
        return local_secret(VAR_DIR, name.lower())
    raise ImproperlyConfigured(
        "{name} must be set outside demo mode (see docs/operations.md).".format(name=name)
    )


SECRET_KEY = _secret("DJANGO_SECRET_KEY")
# The audit chain's HMAC key lives outside the database so that someone who can write the
# database cannot forge or re-chain audit rows.
AUDIT_HMAC_KEY = _secret("REINTEGRA_AUDIT_KEY")


def _field_keys() -> str:
    """The field-encryption keyring: `<key id>:<base64 of 32 bytes>`, comma separated, the
    first one current (reintegra/core/crypto.py). Refuses to start without it, or malformed."""
    value = env.str("REINTEGRA_FIELD_KEYS", default="")
    if not value and DEMO_MODE:
        value = local_field_keyring(VAR_DIR)
    if not value:
        raise ImproperlyConfigured(
            "REINTEGRA_FIELD_KEYS must be set outside demo mode (see docs/operations.md)."
        )
    parse_keyring(value)
    return value


# Sensitive fields (case notes, disability notes, MFA secrets) are sealed with these keys.
FIELD_ENCRYPTION_KEYS = _field_keys()
AUDIT_CHECKPOINT_FILE = Path(
    env.str("REINTEGRA_AUDIT_CHECKPOINT_FILE", default=str(VAR_DIR / "audit-checkpoints.jsonl"))
)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_htmx",
    "csp",
    "reintegra.core",
    "reintegra.accounts",
    "reintegra.places",
    "reintegra.people",
    "reintegra.programmes",
    "reintegra.cases",
    "reintegra.services",
    "reintegra.justice",
    "reintegra.assessments",
    "reintegra.plans",
    "reintegra.communities",
    "reintegra.sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "reintegra.core.middleware.RequestIdMiddleware",
    "reintegra.sharing.middleware.SharingMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: signing out at the end of the session lifetime leaves a message.
    "reintegra.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: users who must use MFA are sent to enrolment until they have a factor.
    "reintegra.accounts.middleware.MFARequiredMiddleware",
    # Searches with a search text on the list pages are rate-limited per user.
    "reintegra.accounts.ratelimit.SearchRateLimitMiddleware",
    "reintegra.core.middleware.NoStoreMiddleware",
    # Axes last, as its documentation asks, so it sees the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # accounts/templates first among the apps: our allauth element and MFA templates
        # (Bootstrap markup, no inline script or style) must win over allauth's own.
        "DIRS": [BASE_DIR / "reintegra" / "templates", BASE_DIR / "reintegra" / "accounts" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reintegra.accounts.context_processors.actor",
            ],
        },
    },
]
FORM_RENDERER = "reintegra.core.forms.BootstrapFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default="sqlite:///{path}".format(path=VAR_DIR / "reintegra.sqlite3"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer appends; IMMEDIATE takes the write lock at
    # BEGIN so two writers never deadlock on lock upgrade (the audit chain relies on it).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs tens of milliseconds on the short queries of an interactive
    # application and saves nothing here (bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: accounts are created by agency administrators, never by sign-up.
ACCOUNT_ADAPTER = "reintegra.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes locks a user+address pair after AXES_FAILURE_LIMIT failures and shows the lockout
# page; allauth's own limits sit above it (per address against password spraying, per account
# as a backstop), so a user meets one clear message, not two.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,20/15m/key"}

# Multi-factor authentication (allauth.mfa): TOTP apps, recovery codes, security keys
# (WebAuthn). Mandatory for supervisors, data-protection officers, agency administrators
# and superusers (reintegra/accounts/mfa.py), and for everyone with this switch on.
REINTEGRA_MFA_REQUIRED_FOR_ALL = env.bool("REINTEGRA_MFA_REQUIRED_FOR_ALL", default=False)
# Always enforced outside demo mode. In the demo, privileged demo log-ins are reminded with a
# message instead (they share a published password; enrolling is optional there), unless
# REINTEGRA_MFA_ENFORCE_IN_DEMO=1 shows the real behaviour.
REINTEGRA_MFA_ENFORCED = not DEMO_MODE or env.bool("REINTEGRA_MFA_ENFORCE_IN_DEMO", default=False)
MFA_ADAPTER = "reintegra.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env.str("REINTEGRA_MFA_ISSUER", default="Reintegra")
MFA_TOTP_PERIOD = 30
MFA_TOTP_TOLERANCE = 0  # codes are valid for their own 30 seconds only (ASVS 6.5.5)
MFA_PASSKEY_LOGIN_ENABLED = False  # a security key is a second factor, not a password
MFA_TRUST_ENABLED = False  # no "trust this browser": shared computers are common
# WebAuthn demands HTTPS except on localhost; the demo is plain HTTP on 127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEMO_MODE
# Step-up (reintegra/accounts/stepup.py): how recent an authentication exports, break-glass
# and protocol signing need, in seconds.
REINTEGRA_STEP_UP_SECONDS = env.int("REINTEGRA_STEP_UP_SECONDS", default=300)
ACCOUNT_REAUTHENTICATION_TIMEOUT = REINTEGRA_STEP_UP_SECONDS

# django-axes: lock a user+address pair after repeated failures, then let it cool off so an
# attacker cannot lock a colleague out for good.
AXES_FAILURE_LIMIT = env.int("REINTEGRA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("REINTEGRA_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# One answer to "who is the client" for lockout (axes) and rate limits (allauth).
REINTEGRA_TRUSTED_PROXY_COUNT = env.int("REINTEGRA_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "reintegra.accounts.client_ip.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = REINTEGRA_TRUSTED_PROXY_COUNT

# Sessions: idle timeout by rolling expiry, absolute lifetime enforced by middleware.
SESSION_COOKIE_AGE = env.int("REINTEGRA_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = env.int("REINTEGRA_SESSION_MAX_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

HTTPS = env.bool("REINTEGRA_HTTPS", default=not DEMO_MODE)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # The __Host- prefix binds cookies to this exact origin (no Domain, Path=/, Secure).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = HTTPS and env.bool("REINTEGRA_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("REINTEGRA_BEHIND_PROXY", default=False) else None
)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env.bool("REINTEGRA_HSTS_PRELOAD", default=False)
# Preloading is a promise to browsers about the whole domain that is hard to take back, so it
# is the operator's decision (REINTEGRA_HSTS_PRELOAD), and the deploy check's reminder about it
# is silenced rather than made true by default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or not HTTPS else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Strict Content-Security-Policy: no inline script or style anywhere, assets only from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("REINTEGRA_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "reintegra" / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# e.g. smtp+tls://user:password@mail.example.org:587 ; the console in demo and by default.
vars().update(env.email_url("REINTEGRA_EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("REINTEGRA_FROM_EMAIL", default="reintegra@localhost")

CACHES = {"default": env.cache("REINTEGRA_CACHE_URL", default="locmemcache://")}
# Rate limits against bulk extraction (reintegra/accounts/ratelimit.py), counted per user in
# the cache above, which must be shared between server processes in production.
REINTEGRA_RATE_LIMITS = {
    "search": env.str("REINTEGRA_SEARCH_RATE", default="60/min"),
    "export": env.str("REINTEGRA_EXPORT_RATE", default="20/hour"),
    "api": env.str("REINTEGRA_API_RATE", default="600/min"),
    "api_list": env.str("REINTEGRA_API_LIST_RATE", default="120/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reintegra.core.api.permissions.HasActiveAgency"],
    "DEFAULT_PAGINATION_CLASS": "reintegra.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "reintegra.core.api.exceptions.exception_handler",
    # reintegra/accounts/ratelimit.py: every request, lists and searches, and exports.
    "DEFAULT_THROTTLE_CLASSES": [
        "reintegra.accounts.ratelimit.UserThrottle",
        "reintegra.accounts.ratelimit.ListThrottle",
        "reintegra.accounts.ratelimit.ScopedThrottle",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reintegra API",
    "DESCRIPTION": (
        "Cases, people, households, notes and tasks under the Reintegra access policy. "
        "Every read of personal data is audited; objects you may not see answer 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs describe the API, not data, but only to signed-in users.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets named after their class, so fields called "kind" or "status" in different
    # apps do not get hashed names (spectacular's collision warnings).
    "ENUM_NAME_OVERRIDES": {
        "CaseStageEnum": "reintegra.cases.choices.CaseStage",
        "TaskStatusEnum": "reintegra.cases.choices.TaskStatus",
        "DataCategoryEnum": "reintegra.core.choices.DataCategory",
        "LevelEnum": "reintegra.communities.choices.Level",
        "IncidentKindEnum": "reintegra.communities.choices.IncidentKind",
        "StakeholderKindEnum": "reintegra.communities.choices.StakeholderKind",
        "CommunityPlanStatusEnum": "reintegra.communities.choices.PlanStatus",
        "WaveStatusEnum": "reintegra.communities.choices.WaveStatus",
        "MeasureKindEnum": "reintegra.justice.choices.MeasureKind",
        "ReturnRoleEnum": "reintegra.justice.choices.ReturnRole",
        "ArrivalNeedStatusEnum": "reintegra.justice.choices.NeedStatus",
        "SessionAttendanceEnum": "reintegra.plans.choices.Attendance",
        "AcceptanceMethodEnum": "reintegra.plans.choices.AcceptanceMethod",
        "PlanStatusEnum": "reintegra.plans.choices.PlanStatus",
        "ServiceOutcomeEnum": "reintegra.services.choices.ServiceOutcome",
        "ReferralAttendanceEnum": "reintegra.services.choices.Attendance",
        "BasisKindEnum": "reintegra.sharing.choices.BasisKind",
        "ConsentMethodEnum": "reintegra.sharing.choices.ConsentMethod",
        "BreakGlassReviewEnum": "reintegra.sharing.choices.BreakGlassReview",
        "AssessmentStatusEnum": "reintegra.assessments.choices.AssessmentStatus",
        "PlanGoalDimensionEnum": "reintegra.plans.choices.GoalDimension",
        "FamilyGoalDimensionEnum": "reintegra.justice.choices.GoalDimension",
        "LegalEventKindEnum": "reintegra.justice.choices.LegalEventKind",
        "LegalStatusEnum": "reintegra.justice.choices.LegalStatus",
        "ReturnKindEnum": "reintegra.justice.choices.ReturnKind",
        "IncidentStatusEnum": "reintegra.communities.choices.IncidentStatus",
        "SexEnum": "reintegra.people.choices.Sex",
    },
}

COUNTRIES_FIRST = ["BA", "IQ", "SY", "KE", "MA", "TN", "ML", "NE"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("REINTEGRA_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Programme-level behaviour.
REINTEGRA_PAGE_SIZE = 25
# Counts below this are shown as "fewer than N" in aggregates (reintegra/core/statistics.py).
REINTEGRA_SMALL_CELL_THRESHOLD = env.int("REINTEGRA_SMALL_CELL_THRESHOLD", default=5)
# Days before an expected release date that the pre-release planning task falls due.
REINTEGRA_PRE_RELEASE_TASK_DAYS = env.int("REINTEGRA_PRE_RELEASE_TASK_DAYS", default=90)
# Sharing (reintegra/sharing): how long a break-glass grant lasts, how many days before a
# protocol's review date its coordinator is reminded, and the address links in e-mails use.
REINTEGRA_BREAK_GLASS_HOURS = env.int("REINTEGRA_BREAK_GLASS_HOURS", default=4)
REINTEGRA_PROTOCOL_REMINDER_DAYS = env.int("REINTEGRA_PROTOCOL_REMINDER_DAYS", default=14)
REINTEGRA_BASE_URL = env.str(
    "REINTEGRA_BASE_URL", default="http://127.0.0.1:8000" if DEMO_MODE else ""
).rstrip("/")
