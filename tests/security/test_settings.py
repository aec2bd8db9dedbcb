"""Production settings: Django's deployment checks pass; headers that matter are sent."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client, override_settings


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENDORSE_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env | {
        "ENDORSE_SECRET_KEY": secrets.token_urlsafe(60),
        "ENDORSE_ALLOWED_HOSTS": "endorse.example.org",
        "ENDORSE_DATA_DIR": str(tmp_path),
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "endorse.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (completed.returncode, completed.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), completed.stderr


@pytest.mark.parametrize(
    "command",
    [("manage", "migrate"), ("reevaluate",), ("backup", "backup.zip"), ("worker", "--once")],
)
def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path, command):
    env = _production_env(tmp_path) | {"DATABASE_URL": "postgres://nobody:x@127.0.0.1:1/none"}
    completed = subprocess.run(
        [sys.executable, "-m", "endorse.cli", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 3
    assert "Traceback" not in completed.stderr
    assert re.search(r"^database: ", completed.stderr, re.MULTILINE)
    if command[0] != "worker":  # the worker logs its periodic jobs' failures before it
        assert completed.stderr.startswith("database: ")


def test_every_page_sends_the_security_headers(db):
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False):
        response = Client().get("/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure_and_http_only(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = _production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "endorse.settings"}
    completed = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert completed.stdout.split() == ["True", "True", "True", "True", "True", "False"]


def test_the_cache_is_shared_by_every_process_unless_in_debug(monkeypatch):
    """Security review finding 7: without ENDORSE_CACHE_URL, production counts sign-ins in the
    database's cache table (shared by every process), debug in the process's memory; a Redis
    URL chooses Redis."""
    import endorse.settings
    from endorse.settings import _cache

    monkeypatch.delenv("ENDORSE_CACHE_URL", raising=False)
    monkeypatch.setattr(endorse.settings, "DEBUG", False)
    assert _cache()["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert _cache()["LOCATION"] == endorse.settings.CACHE_TABLE
    monkeypatch.setattr(endorse.settings, "DEBUG", True)
    assert _cache()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    monkeypatch.setenv("ENDORSE_CACHE_URL", "rediss://:secret@cache.example.org:6380/2")
    assert _cache() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "rediss://:secret@cache.example.org:6380/2",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://cache.example.org:11211", "ENDORSE_CACHE_URL must look like redis://"),
        ("redis://", "ENDORSE_CACHE_URL must look like redis://"),
        ("redis://cache.example.org:port/0", "ENDORSE_CACHE_URL has a port that is not a number"),
    ],
)
def test_a_bad_cache_url_stops_the_start_naming_the_variable(monkeypatch, url, message):
    from django.core.exceptions import ImproperlyConfigured

    from endorse.settings import _cache

    monkeypatch.setenv("ENDORSE_CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match=message):
        _cache()


def test_the_cache_table_is_made_by_the_migrations(db):
    """Security review finding 7: `endorse manage migrate` alone makes the cache table the
    production default uses; the test database has it."""
    from django.conf import settings
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache(settings.CACHE_TABLE, {})
    assert cache.add("finding-7", "first") is True
    assert cache.add("finding-7", "second") is False
    assert cache.get("finding-7") == "first"
