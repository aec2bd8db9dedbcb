"""Settings for the test suite: fast hashing, in-memory mail, plain static files."""

import os

os.environ.setdefault("ENDORSE_DEBUG", "false")
os.environ.setdefault(
    "ENDORSE_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)
os.environ.setdefault("ENDORSE_SSL_REDIRECT", "false")

from endorse.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", ".example.org"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than memory, so a worker a test starts (another process) shares the database.
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
# Each test process counts sign-ins in its own memory; the tests of several processes
# (tests/security/test_shared_limits.py) run servers with the production settings.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run at once in unit tests; the worker's own tests run django-tasks-db in a subprocess.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ENDORSE_BASE_URL = "http://testserver"
# Query counts stay exact however long a test runs: the associations load once per test.
ENDORSE_ASSOCIATIONS_RELOAD_SECONDS = 24 * 3600
# Many tests look up the registry within a minute from one address; the limit is tested on its
# own (tests/registry/test_verify.py), with a small value and a cleared cache.
ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE = 10_000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
