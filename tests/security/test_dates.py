"""Security review finding 10: dates far in the past or future.

Every date field of every form accepts only 1900-01-01 to 2100-12-31 (the engine's range); the
self-check and `endorse check` name the field of a date outside it; and rows that already hold
such a date (written before the bound existed) still render instead of answering 500.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.db import models

import endorse
from endorse.accounts.models import Membership
from endorse.applications import domain
from endorse.applications.models import Application, SupervisionEntry
from endorse.dates import BoundedDates
from endorse.eligibility.portfolio import EARLIEST_DATE, LATEST_DATE

from ..conftest import sign_in
from ..test_cli import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REFUSED = "Enter a date from 1 January 1900 to 31 December 2100."


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the product defines (its forms modules and every view imported first)."""
    importlib.import_module("endorse.urls")
    for module in pkgutil.walk_packages(endorse.__path__, "endorse."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("endorse."):
            found.append(cls)
    return found


def test_every_date_field_of_every_form_is_bounded():
    """Security review finding 10: no applicant, staff or rater form has a date field that
    accepts any date; the check covers forms added later."""
    dated = {
        cls.__qualname__: sorted(
            name for name, field in cls.base_fields.items() if isinstance(field, forms.DateField)
        )
        for cls in _form_classes()
    }
    dated = {name: fields for name, fields in dated.items() if fields}
    unbounded = sorted(
        cls.__qualname__
        for cls in _form_classes()
        if dated.get(cls.__qualname__) and not issubclass(cls, BoundedDates)
    )
    assert unbounded == []
    # The forms this finding is about are among those checked.
    assert {"SupervisionForm", "TrainingForm", "MembershipForm", "CheckForm"} <= set(dated)


class _Dated(BoundedDates, forms.Form):
    on = forms.DateField()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("0001-01-01", REFUSED),
        ("1899-12-31", REFUSED),
        ("1900-01-01", None),
        ("2100-12-31", None),
        ("2101-01-01", REFUSED),
        ("9999-12-31", REFUSED),
    ],
)
def test_a_bounded_form_accepts_the_range_and_refuses_the_rest(value, error):
    """Security review finding 10: the bounds themselves are accepted. (The date is typed, not
    picked: a text input with the numeric keypad and an example.)"""
    form = _Dated({"on": value})
    assert form.errors.get("on", [None]) == [error]
    assert (form.fields["on"].widget.input_type, form.fields["on"].help_text) == (
        "text",
        "For example, 2019-06-30.",
    )


@pytest.fixture
def application(applicant):
    return domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-in-progress.json").read_bytes()
    )


def test_an_rsc_entry_dated_0001_is_refused_by_the_form_with_a_field_error(
    client, applicant, application
):
    """Security review finding 10: a date before 1900 is refused by the form with a field
    error, and nothing is saved; the workspace still answers."""
    sign_in(client, applicant)
    before = SupervisionEntry.objects.count()
    response = client.post(
        f"/applications/{application.pk}/rsc/add/",
        {
            "provider_name": "Dr. Rivera",
            "format": "individual",
            "start_on": "0001-01-01",
            "end_on": "",
            "hours": "2",
            "focus": "own_practice",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"start_on": [REFUSED]}
    assert f'<span class="usa-error-message" role="alert">{REFUSED}</span>' in response.text
    assert SupervisionEntry.objects.count() == before
    assert client.get(f"/applications/{application.pk}/").status_code == 200


def test_a_membership_expiring_in_year_0001_is_refused(client, applicant):
    """Security review finding 10: the applicant's membership form is bounded too."""
    sign_in(client, applicant)
    response = client.post(
        "/profile/memberships/add/",
        {
            "association": "MI-AIMH",
            "member_id": "1",
            "kind": "individual",
            "expires_on": "0001-01-01",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": [REFUSED]}
    assert Membership.objects.count() == 0


def _portfolio_with_rsc_on(day: str) -> str:
    doc = json.loads((EXAMPLES / "clinical-complete.json").read_text())
    doc["rsc"][0]["start_on"] = day
    return json.dumps(doc)


def test_the_self_check_names_the_field_of_a_date_out_of_range(client):
    """Security review finding 10: /check/ with an RS/C entry starting 0001-01-01 answers with
    the problem at its path (the page's answer for a portfolio with problems), not a 500."""
    response = client.post("/check/", {"portfolio_text": _portfolio_with_rsc_on("0001-01-01")})
    assert response.status_code == 400
    problems = re.findall(r"<li><code>([^<]+)</code>: ([^<]+)</li>", response.text)
    assert problems == [
        (
            "rsc.0.start_on",
            "0001-01-01 is outside the dates a portfolio may hold, 1900-01-01 to 2100-12-31",
        )
    ]


def test_the_self_check_refuses_an_evaluation_date_out_of_range(client):
    """Security review finding 10: the page's own date field is bounded."""
    text = (EXAMPLES / "clinical-complete.json").read_text()
    response = client.post("/check/", {"portfolio_text": text, "as_of": "0001-01-01"})
    assert response.status_code == 400
    assert REFUSED in response.text


def test_endorse_check_exits_2_naming_the_field():
    """Security review finding 10: `endorse check` prints `path: message` and exits 2 (it
    printed a traceback and exited 1)."""
    code, out, err = run("check", "-", stdin=_portfolio_with_rsc_on("0001-01-01"))
    assert (code, out, err) == (
        2,
        "",
        "rsc.0.start_on: 0001-01-01 is outside the dates a portfolio may hold, "
        "1900-01-01 to 2100-12-31\n",
    )
    code, out, err = run("check", str(EXAMPLES / "clinical-complete.json"), "--as-of", "0001-01-01")
    assert (code, out, err) == (
        2,
        "",
        "--as-of: 0001-01-01 is outside the dates a portfolio may hold, 1900-01-01 to 2100-12-31\n",
    )


def _write_every_date(application: Application, day: date) -> int:
    """Put `day` in every date column of the application's rows, straight into the tables (as
    old data could hold it); returns how many columns were written."""
    written = 0
    for relation in Application._meta.related_objects:
        model = relation.related_model
        columns = {
            f.name: day
            for f in model._meta.get_fields()
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        }
        if columns:
            written += model.objects.filter(**{relation.field.name: application}).update(**columns)
    Application.objects.filter(pk=application.pk).update(approved_on=day, exam_taken_on=day)
    Membership.objects.filter(person=application.applicant).update(expires_on=day)
    return written


@pytest.mark.parametrize("day", [date.min, date(1, 3, 1), date(9999, 12, 30), date.max])
def test_stored_dates_out_of_range_still_render_the_workspace_and_staff_file(
    client, applicant, coordinator, awaiting_staff, day
):
    """Security review finding 10: an application whose rows hold a date outside the range
    (written straight into the table) renders its workspace and its staff file, no 500."""
    assert _write_every_date(awaiting_staff, day) > 5
    assert not EARLIEST_DATE <= day <= LATEST_DATE
    sign_in(client, applicant)
    workspace = client.get(f"/applications/{awaiting_staff.pk}/")
    assert workspace.status_code == 200
    assert 'data-requirement="rsc"' in workspace.text
    sign_in(client, coordinator)
    staff_file = client.get(f"/staff/applications/{awaiting_staff.pk}/")
    assert staff_file.status_code == 200
    assert 'data-requirement="rsc"' in staff_file.text
