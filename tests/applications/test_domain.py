"""Applications as portfolios: import, export and evaluation agree with the engine on the same file."""

import json
from datetime import date
from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.enums import TRANSITIONS, Status
from endorse.applications.models import (
    Application,
    ApplicationEvent,
    Degree,
    Rater,
    SupervisionEntry,
    Training,
)
from endorse.applications.queries import applications_with_evidence, portfolio_for
from endorse.eligibility import PortfolioError, check_text, evaluate, portfolio_to_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(path.stem for path in EXAMPLES.glob("*.json"))


def _statuses(result):
    return result.overall, {
        r.id: (r.status, r.have, r.need, r.summary) for r in result.requirements
    }


@pytest.mark.parametrize("name", NAMES)
def test_trusted_import_evaluates_exactly_like_the_file(applicant, name):
    """Stored rows become the same portfolio: the verdict equals `endorse check` on the file."""
    text = (EXAMPLES / f"{name}.json").read_bytes()
    application = domain.application_import(applicant=applicant, text=text, trusted=True)
    stored = applications_with_evidence().get(pk=application.pk)
    as_of = date(2026, 11, 24)
    assert _statuses(evaluate(portfolio_for(stored, as_of=as_of))) == _statuses(check_text(text))


def test_export_then_reimport_gives_the_same_verdict(applicant):
    text = (EXAMPLES / "clinical-in-progress.json").read_bytes()
    first = domain.application_import(applicant=applicant, text=text, trusted=True)
    exported = json.dumps(
        portfolio_to_data(
            portfolio_for(applications_with_evidence().get(pk=first.pk), as_of=date(2026, 11, 24))
        )
    )
    second = domain.application_import(applicant=applicant, text=exported, trusted=True)
    verdicts = [
        _statuses(
            evaluate(
                portfolio_for(applications_with_evidence().get(pk=a.pk), as_of=date(2026, 11, 24))
            )
        )
        for a in (first, second)
    ]
    assert verdicts[0] == verdicts[1]


def test_applicant_import_never_takes_staff_judgements_from_the_file(applicant):
    """A file cannot verify its own transcript, approve its provider, verify a rater or fill ratings."""
    text = (EXAMPLES / "clinical-complete.json").read_bytes()
    application = domain.application_import(applicant=applicant, text=text)
    assert set(
        Degree.objects.filter(application=application).values_list("transcript", flat=True)
    ) == {"missing"}
    assert set(
        SupervisionEntry.objects.filter(application=application).values_list(
            "provider_approved", flat=True
        )
    ) == {False}
    assert set(
        Rater.objects.filter(application=application).values_list(
            "endorsement_verified", "status", "completed_on"
        )
    ) == {(False, "requested", None)}
    assert (application.review_competencies, application.signatures.count()) == ("", 0)
    result = evaluate(
        portfolio_for(applications_with_evidence().get(pk=application.pk), as_of=date(2026, 11, 24))
    )
    education = result.requirement("education")
    assert education.status == "pending"  # the certificate awaits a reviewer's judgement
    assert [e.reason for e in education.excluded] == ["official transcript missing"]


def test_import_of_a_bad_file_writes_nothing(applicant):
    before = (
        Application.objects.count(),
        Training.objects.count(),
        ApplicationEvent.objects.count(),
    )
    with pytest.raises(PortfolioError) as caught:
        domain.application_import(
            applicant=applicant, text=(EXAMPLES / "invalid" / "bad-input.json").read_bytes()
        )
    assert [p.path for p in caught.value.problems][:2] == [
        "degrees.0.conferred_on",
        "trainings.0.hours",
    ]
    assert (
        Application.objects.count(),
        Training.objects.count(),
        ApplicationEvent.objects.count(),
    ) == before


def test_import_into_a_draft_replaces_its_evidence_and_keeps_its_category(applicant):
    application = domain.application_start(applicant=applicant, category="mentor-policy")
    with pytest.raises(PortfolioError) as caught:
        domain.application_import(
            applicant=applicant,
            application=application,
            text=(EXAMPLES / "clinical-complete.json").read_bytes(),
        )
    assert [str(p) for p in caught.value.problems] == [
        "category: this application is for mentor-policy; the file is for mentor-clinical"
    ]
    domain.application_import(
        applicant=applicant,
        application=application,
        text=(EXAMPLES / "policy-ready-for-exam.json").read_bytes(),
    )
    domain.application_import(
        applicant=applicant,
        application=application,
        text=(EXAMPLES / "policy-ready-for-exam.json").read_bytes(),
    )
    assert Training.objects.filter(application=application).count() == 5


def test_start_records_an_event(applicant):
    application = domain.application_start(applicant=applicant, category="mentor-clinical")
    assert list(application.events.values_list("kind", "actor")) == [("started", applicant.pk)]


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_lifecycle_transition_table(applicant, current, target):
    """Every move of the table is allowed, every other move refused; the status never changes on refusal."""
    application = Application.objects.create(
        applicant=applicant, category="mentor-clinical", status=current
    )
    if target in TRANSITIONS[current]:
        domain.application_transition(application=application, to=target, actor=applicant)
        application.refresh_from_db()
        assert application.status == target
        assert application.events.get().data == {
            "to": target.value,
            "frm": current.value,
            "reason": "",
        }
    else:
        with pytest.raises(domain.TransitionError):
            domain.application_transition(application=application, to=target, actor=applicant)
        application.refresh_from_db()
        assert (application.status, application.events.count()) == (current, 0)


def test_evidence_cannot_change_once_submitted(applicant):
    application = domain.application_import(
        applicant=applicant, text=(EXAMPLES / "clinical-complete.json").read_bytes()
    )
    domain.application_transition(application=application, to=Status.SUBMITTED, actor=applicant)
    entry = Training.objects.filter(application=application).first()
    with pytest.raises(domain.TransitionError):
        domain.evidence_delete(application=application, entry=entry, actor=applicant)
    assert Training.objects.filter(pk=entry.pk).exists()
