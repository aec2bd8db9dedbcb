"""The applicant's evidence forms: dates that mean "already happened" cannot lie after today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from endorse.applications.forms import (
    CertificateForm,
    DegreeForm,
    LeadershipForm,
    SupervisionForm,
    TrainingForm,
    WorkForm,
)
from endorse.applications.models import Degree

from ..conftest import sign_in

DEGREE = {"type": "MA", "field": "Social work", "institution": "State U"}
CERTIFICATE = {"kind": "university_certificate", "title": "IMH", "institution": "State U"}
TRAINING = {"title": "Attachment", "provider": "MI-AIMH", "hours": "6", "topics": ["imh"]}
WORK = {"employer": "Agency", "position": "Clinician", "kinds": ["imh_direct_service"]}
LEADERSHIP = {"designation": "clinical", "choice": "other", "other": "Chaired a board"}
LEADERSHIP["level"] = "local"
RSC = {"provider_name": "Dr. Rivera", "format": "individual", "hours": "2"}
RSC["focus"] = "own_practice"

# (form, its other fields, the date fields filled, the field that must be refused)
FUTURE_REFUSED = [
    (DegreeForm, DEGREE, {"conferred_on": 1}, "conferred_on"),
    (CertificateForm, CERTIFICATE, {"completed_on": 1}, "completed_on"),
    (TrainingForm, TRAINING, {"start_on": 1}, "start_on"),
    (TrainingForm, TRAINING, {"start_on": 0, "end_on": 1}, "end_on"),
    (WorkForm, WORK, {"start_on": 1}, "start_on"),
    (LeadershipForm, LEADERSHIP, {"start_on": 1}, "start_on"),
    (SupervisionForm, RSC, {"start_on": 1}, "start_on"),
]


def _data(fields: dict, dates: dict[str, int], today: date) -> dict:
    return fields | {
        name: (today + timedelta(days=days)).isoformat() for name, days in dates.items()
    }


@pytest.mark.parametrize(("form_class", "fields", "dates", "refused"), FUTURE_REFUSED)
def test_a_date_that_cannot_have_happened_yet_is_refused(
    application, form_class, fields, dates, refused
):
    """Bug 9: a degree conferred in 2031 was accepted (only "not counted" by the engine). A date
    that means "already happened" (conferred, completed, a training attended, a start) is
    refused when it lies after today, with a field error that says why; today is accepted."""
    today = timezone.localdate()
    form = form_class(_data(fields, dates, today), application=application)
    assert not form.is_valid()
    [message] = form.errors[refused]
    assert "after today" in message
    assert set(form.errors) == {refused}
    same_day = form_class(_data(fields, dict.fromkeys(dates, 0), today), application=application)
    assert same_day.errors == {}


@pytest.mark.parametrize(
    ("form_class", "fields"),
    [(WorkForm, WORK), (LeadershipForm, LEADERSHIP), (SupervisionForm, RSC)],
)
def test_work_and_rsc_that_continue_may_name_a_planned_end(application, form_class, fields):
    """Bug 9: only what is certainly impossible is refused: work, leadership and RS/C that
    have begun may carry an end date still to come (the engine counts them up to today)."""
    today = timezone.localdate()
    form = form_class(
        _data(fields, {"start_on": -30, "end_on": 60}, today), application=application
    )
    assert form.errors == {}


def test_a_degree_conferred_in_2031_is_refused_on_the_page(client, applicant, application):
    """Bug 9: through the workspace, the degree is not saved and the page says why."""
    sign_in(client, applicant)
    response = client.post(
        f"/applications/{application.pk}/degrees/add/", DEGREE | {"conferred_on": "2031-06-01"}
    )
    assert response.status_code == 400
    assert "cannot be after today" in response.text
    assert Degree.objects.count() == 0
