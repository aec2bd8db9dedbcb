"""Settings, read from the environment. See the README's Configuration section for each variable.

Defaults give a local instance on an SQLite file under ENDORSE_DATA_DIR (./var). Production sets
ENDORSE_SECRET_KEY, ENDORSE_ALLOWED_HOSTS and usually DATABASE_URL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from endorse.env import env_bool, env_int, env_int_list, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository root when running from a checkout (src/ layout); holds examples/.
SOURCE_ROOT = PACKAGE_DIR.parent.parent

DEBUG = env_bool("ENDORSE_DEBUG", False)
DATA_DIR = Path(env_str("ENDORSE_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def _secret_key() -> str:
    key = env_str("ENDORSE_SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("Set ENDORSE_SECRET_KEY (or ENDORSE_DEBUG=true for local use).")
    # Local use: a random key kept in the data folder so sessions survive restarts.
    path = DATA_DIR / "dev-secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ENDORSE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("ENDORSE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "endorse.accounts.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "endorse.associations",
    "endorse.accounts",
    "endorse.applications",
    "endorse.notifications",
    "endorse.references",
    "endorse.workspace",
    "endorse.conversations",
    "endorse.registry",
    "endorse.renewals",
    "endorse.review",
    "endorse.exports",
    "endorse.exams",
    "endorse.imports",
    "endorse.selfcheck",
    "endorse.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in the path, the query or a form field is a 400 before anything reads it.
    "endorse.middleware.RefuseNul",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's association (by host name, or /a/<slug>/ on a shared host) and its scope:
    # every association-owned row is read inside it.
    "endorse.associations.middleware.AssociationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "endorse.urls"
WSGI_APPLICATION = "endorse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "endorse.accounts.context_processors.staff_roles",
                "endorse.conversations.context_processors.unread_messages",
                "endorse.associations.context_processors.site_association",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database's folder
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'endorse.sqlite3'}",
        conn_max_age=env_int("ENDORSE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web workers, the email worker) write to the embedded database at once.
    # The write-ahead log lets readers go on beside a writer; a transaction takes the write lock
    # when it begins (so two writers cannot deadlock upgrading a read lock) and a writer waits
    # this many seconds for it instead of answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: the queues' counts are estimated costly enough to cross its threshold,
    # and compiling them took 0.7 s of a 0.8 s query at 100,000 applicants; every query here is
    # short, which JIT does not speed up (docs/benchmarks.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"-c jit=off {options.get('options', '')}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every process must agree on: failed sign-ins per address and network
# address, and the authenticator codes already used. Redis when ENDORSE_CACHE_URL names one;
# otherwise a table in the database (created by `endorse manage migrate`), which every process
# already shares; a process's own memory only in debug mode, on one machine.
CACHE_TABLE = "endorse_cache"


def _cache() -> dict[str, object]:
    url = env_str("ENDORSE_CACHE_URL", "")
    if not url:
        if DEBUG:
            return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        # Far more entries than sign-in counters in any 15 minutes: culling the table (Django
        # deletes a third of it past MAX_ENTRIES) would forget counts.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    parts = urlsplit(url)
    try:
        _ = parts.port  # a port that is not a number raises
    except ValueError:
        raise ImproperlyConfigured("ENDORSE_CACHE_URL has a port that is not a number.") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ImproperlyConfigured(
            "ENDORSE_CACHE_URL must look like redis://host:6379/0 "
            "(rediss:// for TLS, redis://:password@host:6379/0 with a password)."
        )
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


CACHES = {"default": _cache()}

# Forms render with the project's templates (USWDS markup for every field and widget).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Accounts: people sign in with their email address (django-allauth), verified before first use.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "endorse.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "endorse.accounts.adapter.AccountAdapter"
# Two-factor sign-in (required for staff pages): an authenticator app, with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("ENDORSE_MFA_ISSUER", "Endorse")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Endorse] "
ACCOUNT_PASSWORD_MIN_LENGTH = 12
# Repeated failed sign-ins are refused for a while: per address (5 in 15 minutes) and per
# network address (20 a minute). Counted in the cache: use a shared cache with several processes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/15m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# A session ends after this long, whatever happens in it; staff sign in again with their code.
SESSION_COOKIE_AGE = env_int("ENDORSE_SESSION_HOURS", 12) * 3600
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "applications:list"
DEFAULT_FROM_EMAIL = env_str("ENDORSE_FROM_EMAIL", "Endorse <endorsement@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The association's own time zone decides what "today" is for evaluations and deadlines.
TIME_ZONE = env_str("ENDORSE_TIME_ZONE", "America/Detroit")
USE_I18N = True
USE_TZ = True

# From the site's root: a relative one would take the script prefix an association's path
# (/a/<slug>/) adds, and the static files are not served there.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]


def _document_storage() -> dict[str, object]:
    """Uploaded documents: files under MEDIA_ROOT, or a private bucket on S3-compatible object
    storage when ENDORSE_S3_BUCKET names one (docs/deployment.md)."""
    bucket = env_str("ENDORSE_S3_BUCKET", "").strip()
    if not bucket:
        stray = sorted(n for n in os.environ if n.startswith("ENDORSE_S3_") and os.environ[n])
        if stray:
            raise ImproperlyConfigured(f"{stray[0]} is set but ENDORSE_S3_BUCKET is not.")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = env_str("ENDORSE_S3_ENDPOINT_URL", "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                "ENDORSE_S3_ENDPOINT_URL must look like https://host[:port] "
                "(empty for Amazon S3 itself)."
            )
    for name in ("ENDORSE_S3_ACCESS_KEY_ID", "ENDORSE_S3_SECRET_ACCESS_KEY"):
        if not env_str(name, "").strip():
            raise ImproperlyConfigured(f"ENDORSE_S3_BUCKET is set: set {name} too.")
    prefix = env_str("ENDORSE_S3_PREFIX", "").strip().strip("/")
    if ".." in prefix.split("/"):
        raise ImproperlyConfigured("ENDORSE_S3_PREFIX must not contain '..'.")
    return {
        "BACKEND": "endorse.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env_str("ENDORSE_S3_REGION", "us-east-1").strip() or None,
            "access_key": env_str("ENDORSE_S3_ACCESS_KEY_ID").strip(),
            "secret_key": env_str("ENDORSE_S3_SECRET_ACCESS_KEY").strip(),
            # These keys only: never a token or profile from the machine's AWS_* variables.
            "security_token": None,
            "session_profile": None,
            "location": prefix,
            "signature_version": "s3v4",
            # No ACL on the objects: the bucket's own (private) applies, and buckets that have
            # ACLs turned off (S3's default) refuse requests that set one.
            "default_acl": None,
            # Stored names are random, but a document is never overwritten, as on disk.
            "file_overwrite": False,
            # A document read for a download is held in memory up to this, then in a temporary
            # file for the request.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


STORAGES = {
    "default": _document_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG


# Mail goes to the console unless a deployment configures SMTP (see the README). Every email is
# first a row in the outbox; the worker (`endorse worker`) sends it.
def _mailer() -> dict[str, object]:
    url = env_str("ENDORSE_SMTP_URL", "")
    if not url:
        return {
            "BACKEND": env_str(
                "ENDORSE_EMAIL_BACKEND", "endorse.notifications.console.EmailBackend"
            )
        }
    parts = urlsplit(url)
    security = {"smtp": {}, "smtp+tls": {"use_tls": True}, "smtps": {"use_ssl": True}}
    if parts.scheme not in security or not parts.hostname:
        raise ImproperlyConfigured(
            "ENDORSE_SMTP_URL must look like smtp://user:password@host:port "
            "(smtp+tls:// for STARTTLS, smtps:// for TLS from the start)."
        )
    try:
        port = parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme]
    except ValueError:
        raise ImproperlyConfigured("ENDORSE_SMTP_URL has a port that is not a number.") from None
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "timeout": env_int("ENDORSE_SMTP_TIMEOUT", 30),
            **security[parts.scheme],
        },
    }


MAILERS = {"default": _mailer()}
# Absolute links in emails (reference links, sign-in) start with this.
ENDORSE_BASE_URL = env_str("ENDORSE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ENDORSE_EMAIL_MAX_ATTEMPTS = env_int("ENDORSE_EMAIL_MAX_ATTEMPTS", 6)
ENDORSE_EMAIL_LEASE_SECONDS = env_int("ENDORSE_EMAIL_LEASE_SECONDS", 300)
# Bounce reports from the mail provider are accepted at /outbox/bounces/ with this bearer token;
# empty turns the endpoint off.
ENDORSE_BOUNCE_TOKEN = env_str("ENDORSE_BOUNCE_TOKEN", "")

# Associations (docs/architecture.md, "Tenancy"). The one a request is for when its host name
# and path name none: a single-association installation needs nothing more. Every setting below
# that is an association's practice (number prefix, signatory, reference link and reminder days,
# questions) is only the default of each new association's own setting.
ENDORSE_DEFAULT_ASSOCIATION = env_str("ENDORSE_DEFAULT_ASSOCIATION", "mi-aimh")
ENDORSE_ASSOCIATION_SHORT_NAME = env_str("ENDORSE_ASSOCIATION_SHORT_NAME", "MI-AIMH")
# Each process keeps the associations in memory; another process's change shows within this.
ENDORSE_ASSOCIATIONS_RELOAD_SECONDS = env_int("ENDORSE_ASSOCIATIONS_RELOAD_SECONDS", 30, minimum=1)
# Endorsement numbers: this prefix, the category's code and the category's own sequence number
# (IFS-00001, IMHM-C-00001; with "MI-": MI-IFS-00001).
ENDORSE_NUMBER_PREFIX = env_str("ENDORSE_NUMBER_PREFIX", "")
# Who the certificate says issued the endorsement: the association, and the person who signs
# for it (empty: the coordinator who issued it) with their title. A logo, when the association
# has one, is the static file endorse/logo.png (or .svg).
ENDORSE_ASSOCIATION_NAME = env_str(
    "ENDORSE_ASSOCIATION_NAME", "Michigan Association for Infant Mental Health"
)
ENDORSE_CERTIFICATE_SIGNATORY = env_str("ENDORSE_CERTIFICATE_SIGNATORY", "")
ENDORSE_CERTIFICATE_SIGNATORY_TITLE = env_str(
    "ENDORSE_CERTIFICATE_SIGNATORY_TITLE", "Endorsement Coordinator"
)
# Look-ups of the public registry and verification pages per client address a minute (the
# numbers are sequential); counted in the cache, so several processes need a shared cache.
ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE = env_int("ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE", 30, minimum=1)

# The applicant's workspace keeps its rendered evidence, per application version, in each
# process's memory (`workspace.cache`, decision 0008): at most this many pages; 0 turns it off.
ENDORSE_WORKSPACE_CACHE_SIZE = env_int("ENDORSE_WORKSPACE_CACHE_SIZE", 512, minimum=0)

# Background work: django.tasks stored in the database, run by `endorse worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ENDORSE_WORKER_SWEEP_SECONDS = env_int("ENDORSE_WORKER_SWEEP_SECONDS", 60)
# An import file of more rows than this is checked and applied by the worker, with a progress
# bar on the page (docs/import.md); smaller files at once.
ENDORSE_IMPORT_BACKGROUND_ROWS = env_int("ENDORSE_IMPORT_BACKGROUND_ROWS", 2000)

# Reference requests: how long a rater's link works, when reminders go, how often the applicant
# may nudge, and how many requests may be mailed (an address an applicant types is mailed from
# the association's domain, so the number is capped: per applicant in any 24 hours, and per
# application in all).
ENDORSE_REFERENCE_LINK_DAYS = env_int("ENDORSE_REFERENCE_LINK_DAYS", 30)
ENDORSE_REFERENCE_REMINDER_DAYS = env_int_list("ENDORSE_REFERENCE_REMINDER_DAYS", [7, 14])
ENDORSE_REFERENCE_NUDGE_HOURS = env_int("ENDORSE_REFERENCE_NUDGE_HOURS", 72)
# When an unanswered request shows among the coordinator's overdue references (a chasing
# practice of the association's, not a requirement).
ENDORSE_REFERENCE_OVERDUE_DAYS = env_int("ENDORSE_REFERENCE_OVERDUE_DAYS", 14, minimum=1)
ENDORSE_REFERENCE_REQUESTS_PER_DAY = env_int("ENDORSE_REFERENCE_REQUESTS_PER_DAY", 10)
ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION = env_int(
    "ENDORSE_REFERENCE_REQUESTS_PER_APPLICATION", 25
)
ENDORSE_REFERENCE_QUESTIONS = env_str("ENDORSE_REFERENCE_QUESTIONS", "mentor-2024")
ENDORSE_REFERENCE_QUESTIONS_DIR = env_str("ENDORSE_REFERENCE_QUESTIONS_DIR", "")

# Conversations on applications: how long the author of a message may still correct it (after
# that, a correction is a new message); whether reviewers' requests for information go straight
# to the applicant (otherwise the coordinator forwards them); at most one email per person in
# each batch period (those who chose a daily digest get one a day).
ENDORSE_MESSAGE_GRACE_MINUTES = env_int("ENDORSE_MESSAGE_GRACE_MINUTES", 5, minimum=0)
ENDORSE_REVIEWERS_ASK_DIRECTLY = env_bool("ENDORSE_REVIEWERS_ASK_DIRECTLY", False)
ENDORSE_MESSAGE_EMAIL_MINUTES = env_int("ENDORSE_MESSAGE_EMAIL_MINUTES", 60, minimum=1)

# A portfolio file is a few hundred kilobytes at most; refuse anything far larger.
ENDORSE_PORTFOLIO_MAX_BYTES = env_int("ENDORSE_PORTFOLIO_MAX_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ENDORSE_PORTFOLIO_MAX_BYTES + 512 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ENDORSE_PORTFOLIO_MAX_BYTES + 512 * 1024
# Uploaded documents (transcripts) live under the data folder, never under static files, and are
# served only through permission-checked views; there is deliberately no MEDIA_URL.
MEDIA_ROOT = DATA_DIR / "documents"
ENDORSE_DOCUMENT_MAX_BYTES = env_int("ENDORSE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Documents an application may hold, removed ones included (their files are kept).
ENDORSE_DOCUMENT_MAX_PER_APPLICATION = env_int(
    "ENDORSE_DOCUMENT_MAX_PER_APPLICATION", 50, minimum=1
)
ENDORSE_EXAMPLES_DIR = Path(env_str("ENDORSE_EXAMPLES_DIR", str(SOURCE_ROOT / "examples")))

# Security headers. Scripts and styles come only from this site; no inline script anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("ENDORSE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("ENDORSE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("ENDORSE_HSTS_PRELOAD", not DEBUG)
BEHIND_PROXY = env_bool("ENDORSE_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Who a client is, for the sign-in and public look-up limits: behind proxies, the address the
# nearest trusted proxy saw in X-Forwarded-For (otherwise every visitor is the proxy's address
# and one visitor's limit is everyone's).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ENDORSE_TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)

# Every handler carries the `redact` filter (rater links); gunicorn's own logs are redacted by
# endorse.gunicorn_conf.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "endorse.logs.RedactLinks"}},
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        "server": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": env_str("ENDORSE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (its debug console, mail to admins) are replaced, not kept
        # beside these: its records, django.request's "Not Found: /r/…" included, go to the
        # root's console handler, which redacts rater links.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": [], "propagate": True},
        # The development server's request lines, with rater links redacted like the rest.
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # The task runner announces every poll and task at INFO; only warnings matter.
        "django_tasks_db": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
