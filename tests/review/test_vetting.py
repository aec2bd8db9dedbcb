"""The coordinator's vetting of a rater on the staff file: the call is recorded with who, when
and the outcome (issue: every category; RULES-categories.md 4.6, choice K31)."""

from __future__ import annotations

from endorse.applications.models import Rater

from ..conftest import sign_in


def _unendorsed(application) -> Rater:
    return Rater.objects.create(
        application=application,
        name="Tom Becker",
        email="tom@example.org",
        role="colleague",
        known_years=3,
        status="completed",
    )


def test_vetting_a_rater_is_confirmed_and_recorded_with_who_when_and_the_outcome(
    client, coordinator, submitted
):
    rater = _unendorsed(submitted)
    sign_in(client, coordinator)
    url = f"/staff/applications/{submitted.pk}/raters/{rater.pk}/vet/"

    page = client.get(url)
    refused = client.post(url, {"vetted": "yes"})
    done = client.post(url, {"vetted": "yes", "confirm": "on", "note": "Called her supervisor"})

    assert page.status_code == 200
    assert refused.status_code == 400
    assert done.status_code == 302
    rater.refresh_from_db()
    assert (rater.vetted, rater.vetted_by) == (True, coordinator)
    event = submitted.events.last()
    assert (event.kind, event.data["vetted"], event.data["note"]) == (
        "rater_vetted",
        True,
        "Called her supervisor",
    )
    file = client.get(f"/staff/applications/{submitted.pk}/").content.decode()
    assert f"Vetting: vetted by {coordinator}, " in file


def test_an_associates_degree_is_offered_for_acceptance_on_an_associates_file(
    client, coordinator, applicant
):
    """RULES-categories.md 4.1, choice K9: an IFA's associate's degree counts once a reviewer
    accepts its field; the file offers that judgement (a bachelor's needs none)."""
    from endorse.applications import domain as applications
    from endorse.applications.models import Degree

    application = applications.application_start(applicant=applicant, category="family-associate")
    associate = Degree.objects.create(
        application=application, type="AA", conferred_on="2015-05-01", transcript="verified"
    )
    Degree.objects.create(
        application=application, type="BA", conferred_on="2018-05-01", transcript="verified"
    )
    application.status = "submitted"
    application.save(update_fields=["status"])
    sign_in(client, coordinator)

    page = client.get(f"/staff/applications/{application.pk}/").content.decode()

    assert page.count("Accept or not…") == 1
    assert f"/degrees/{associate.pk}/judge/" in page
