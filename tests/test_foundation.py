"""The project's foundation: settings, migrations and the database the product runs on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from endorse.env import env_bool, env_int, env_list


@pytest.mark.django_db
def test_database_round_trip():
    """Writes and reads a row on whichever database DATABASE_URL names (SQLite by default)."""
    user = get_user_model().objects.create_user(email="ada@example.org", password="x" * 16)
    assert get_user_model().objects.get(email="ada@example.org").pk == user.pk
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """Compiling the renewal queue's count took longer than running it (docs/benchmarks.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: this run uses the embedded SQLite")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_no_model_changes_without_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


def test_settings_read_the_data_folder_and_examples():
    assert settings.ENDORSE_EXAMPLES_DIR.name == "examples"
    assert settings.STATICFILES_DIRS[0].name == "static"


def test_env_helpers_fail_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("ENDORSE_X_BOOL", "maybe")
    monkeypatch.setenv("ENDORSE_X_INT", "ten")
    monkeypatch.setenv("ENDORSE_X_LIST", "a, b,,c")
    with pytest.raises(
        ImproperlyConfigured, match="ENDORSE_X_BOOL must be true or false, got 'maybe'"
    ):
        env_bool("ENDORSE_X_BOOL", False)
    with pytest.raises(
        ImproperlyConfigured, match="ENDORSE_X_INT must be a whole number, got 'ten'"
    ):
        env_int("ENDORSE_X_INT", 1)
    assert env_list("ENDORSE_X_LIST", []) == ["a", "b", "c"]
    assert env_bool("ENDORSE_UNSET_VARIABLE", True) is True


def _start_production(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    """Load the production settings in a fresh process with only `variables` set (and the data
    folder), as `endorse` would at start-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENDORSE_")}
    env |= {"DJANGO_SETTINGS_MODULE": "endorse.settings", "ENDORSE_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env | variables,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_number_below_its_minimum_fails_loudly_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ENDORSE_X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="ENDORSE_X_INT must be at least 1, got '0'"):
        env_int("ENDORSE_X_INT", 5, minimum=1)
    assert env_int("ENDORSE_UNSET_VARIABLE", 5, minimum=1) == 5
    completed = _start_production(
        tmp_path, ENDORSE_DEBUG="true", ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE="-3"
    )
    assert completed.returncode == 1
    assert "ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE must be at least 1, got '-3'." in completed.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    completed = _start_production(tmp_path)
    assert completed.returncode == 1
    assert "Set ENDORSE_SECRET_KEY (or ENDORSE_DEBUG=true for local use)." in completed.stderr


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    """Production serves static files from a hashed manifest; every vendored reference must resolve."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert '"vendor/uswds/css/uswds.min.css"' in manifest
    assert '"endorse/site.css"' in manifest


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("smtp://mail.example.org", {"host": "mail.example.org", "port": 25}),
        (
            "smtp+tls://user%40org:p%2Fss@mail.example.org:2525",
            {
                "host": "mail.example.org",
                "port": 2525,
                "username": "user@org",
                "password": "p/ss",
                "use_tls": True,
            },
        ),
        ("smtps://mail.example.org", {"host": "mail.example.org", "port": 465, "use_ssl": True}),
    ],
)
def test_the_smtp_url_configures_the_mailer(monkeypatch, url, options):
    from endorse.settings import _mailer

    monkeypatch.setenv("ENDORSE_SMTP_URL", url)
    mailer = _mailer()
    defaults = {"username": "", "password": "", "timeout": 30}
    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": defaults | options,
    }


def test_reminder_days_must_be_numbers(monkeypatch):
    from endorse.env import env_int_list

    monkeypatch.setenv("ENDORSE_X_DAYS", "7, fourteen")
    with pytest.raises(ImproperlyConfigured, match="ENDORSE_X_DAYS must be whole numbers"):
        env_int_list("ENDORSE_X_DAYS", [])
    monkeypatch.setenv("ENDORSE_X_DAYS", "3, 10")
    assert env_int_list("ENDORSE_X_DAYS", []) == [3, 10]


def test_an_unknown_rating_form_version_fails_the_system_check(settings):
    from endorse.references.apps import check_questions

    settings.ENDORSE_REFERENCE_QUESTIONS = "no-such-form"
    assert [e.msg for e in check_questions()] == [
        "ENDORSE_REFERENCE_QUESTIONS: no reference questions named 'no-such-form'"
    ]


def test_rater_links_never_reach_a_log_line():
    import logging

    from endorse.logs import RedactLinks

    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Gone: %s",
        ("/r/WzEsImFiYyJd:1x:sig/rating/",),
        None,
    )
    assert RedactLinks().filter(record) is True
    assert record.getMessage() == "Gone: /r/[redacted]/rating/"
    handlers = settings.LOGGING["handlers"]
    assert [h.get("filters") for h in handlers.values()] == [["redact"], ["redact"]]


def test_the_favicon_is_served(client):
    """Bug 8: /favicon.ico was a 404 (every browser asks for it). It leads to the site's icon,
    a static file that exists, which every page also names."""
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    target = response["Location"]
    assert target.startswith("/static/")
    assert finders.find(target.removeprefix("/static/")) is not None
    page = client.get("/").text
    assert f'<link rel="icon" href="{target}" type="image/svg+xml">' in page
