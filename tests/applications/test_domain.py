"""Applications as portfolios: import, export and evaluation agree with the engine on the same file."""

import json
from datetime import date
from pathlib import Path

import pytest

from endorse.applications import domain
from endorse.applications.enums import TRANSITIONS, Category, Status
from endorse.applications.models import (
    Application,
    ApplicationEvent,
    Certificate,
    Degree,
    Rater,
    SupervisionEntry,
    Training,
)
from endorse.applications.queries import applications_with_evidence, portfolio_for
from endorse.eligibility import (
    PortfolioError,
    check_text,
    evaluate,
    known_categories,
    portfolio_to_data,
)

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


def test_export_then_reimport_gives_the_same_verdict(applicant, other_applicant):
    text = (EXAMPLES / "clinical-in-progress.json").read_bytes()
    first = domain.application_import(applicant=applicant, text=text, trusted=True)
    exported = json.dumps(
        portfolio_to_data(
            portfolio_for(applications_with_evidence().get(pk=first.pk), as_of=date(2026, 11, 24))
        )
    )
    second = domain.application_import(applicant=other_applicant, text=exported, trusted=True)
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


def test_category_lists_every_category_of_the_engine():
    assert set(Category.values) == known_categories()
    assert Category("ec-mh-specialist").label == "Early Childhood Mental Health Specialist"


@pytest.mark.parametrize("category", ["family-associate", "ec-mentor-policy", "mentor-clinical"])
def test_start_follows_the_current_policy_version(applicant, category):
    """New applications default to 2025, the most recent version offering every category."""
    application = domain.application_start(applicant=applicant, category=category)
    assert application.policy == "2025"


def test_start_of_a_second_open_application_of_one_category_is_refused(applicant):
    domain.application_start(applicant=applicant, category="family-specialist")
    with pytest.raises(domain.TransitionError) as refused:
        domain.application_start(applicant=applicant, category="family-specialist")
    assert str(refused.value) == (
        "you already have an open application for Infant Family Specialist; "
        "continue that one, or withdraw it first"
    )


def test_start_of_applications_of_several_categories_is_allowed(applicant):
    for category in ("family-specialist", "ec-family-specialist", "mentor-policy"):
        domain.application_start(applicant=applicant, category=category)
    assert sorted(applicant.applications.values_list("category", flat=True)) == [
        "ec-family-specialist",
        "family-specialist",
        "mentor-policy",
    ]


def test_start_after_withdrawing_the_open_application_is_allowed(applicant):
    first = domain.application_start(applicant=applicant, category="mh-specialist")
    domain.application_transition(application=first, to=Status.WITHDRAWN, actor=applicant)
    second = domain.application_start(applicant=applicant, category="mh-specialist")
    assert second.status == Status.DRAFT


def test_import_of_a_second_open_application_of_one_category_is_refused(applicant):
    text = (EXAMPLES / "clinical-in-progress.json").read_bytes()
    domain.application_import(applicant=applicant, text=text)
    with pytest.raises(PortfolioError) as refused:
        domain.application_import(applicant=applicant, text=text)
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "category",
            "you already have an open application for Infant Mental Health Mentor – Clinical; "
            "continue that one, or withdraw it first",
        )
    ]


# The lifecycle written out by hand (PROCESS.md): the code's table must be exactly this, so a
# move added to or dropped from `enums.TRANSITIONS` fails here until this list agrees.
EXPECTED_MOVES = {
    ("draft", "submitted"),
    ("draft", "withdrawn"),
    ("submitted", "under_review"),
    ("submitted", "changes_requested"),
    ("submitted", "withdrawn"),
    ("under_review", "changes_requested"),
    ("under_review", "approved_for_exam"),
    ("under_review", "endorsed"),
    ("under_review", "deferred"),
    ("under_review", "withdrawn"),
    ("changes_requested", "submitted"),
    ("changes_requested", "withdrawn"),
    ("approved_for_exam", "endorsed"),
    ("approved_for_exam", "withdrawn"),
}


def test_lifecycle_table_is_the_expected_one():
    """Deferred, endorsed and withdrawn are final; nothing else is allowed."""
    assert {(a.value, b.value) for a, moves in TRANSITIONS.items() for b in moves} == EXPECTED_MOVES
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_lifecycle_transition_table(applicant, current, target):
    """Every expected move is allowed, every other move refused; the status never changes on refusal."""
    application = Application.objects.create(
        applicant=applicant, category="mentor-clinical", status=current
    )
    if (current.value, target.value) in EXPECTED_MOVES:
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


def _judged(application):
    """One entry of each kind that carries a staff judgement, judged by staff."""
    day = date(2015, 6, 1)
    return [
        Degree.objects.create(
            application=application,
            type="other",
            field="Counselling",
            conferred_on=day,
            transcript="verified",
            accepted=True,
        ),
        Certificate.objects.create(
            application=application,
            kind="other",
            title="IMH course",
            completed_on=day,
            accepted=True,
        ),
        SupervisionEntry.objects.create(
            application=application,
            provider_name="Dr. Elena Ruiz",
            provider_approved=True,
            format="individual",
            start_on=day,
            end_on=day,
            hours=3,
        ),
        Rater.objects.create(
            application=application,
            name="Pat Endorsed",
            email="pat@example.org",
            role="colleague",
            endorsement_level="IV",
            endorsement_number="MI-7",
            endorsement_verified=True,
        ),
    ]


def _judgements(entries):
    return [
        {f: getattr(type(e).objects.get(pk=e.pk), f) for f in JUDGED[type(e).__name__]}
        for e in entries
    ]


JUDGED = {
    "Degree": ("transcript", "accepted"),
    "Certificate": ("accepted",),
    "SupervisionEntry": ("provider_approved",),
    "Rater": ("endorsement_verified",),
}


@pytest.mark.parametrize(
    ("kind", "changes", "after"),
    [
        ("Degree", {"competencies": ["reflection"]}, {"transcript": "verified", "accepted": True}),
        ("Degree", {"field": "Counseling"}, {"transcript": "received", "accepted": None}),
        ("Degree", {"type": "MSW"}, {"transcript": "received", "accepted": None}),
        ("Degree", {"institution": "Elsewhere"}, {"transcript": "received", "accepted": None}),
        ("Certificate", {"competencies": ["reflection"]}, {"accepted": True}),
        ("Certificate", {"title": "Another course"}, {"accepted": None}),
        ("Certificate", {"completed_on": date(2016, 1, 1)}, {"accepted": None}),
        ("SupervisionEntry", {"competencies": ["reflection"]}, {"provider_approved": True}),
        ("SupervisionEntry", {"focus": "rsc_provided"}, {"provider_approved": True}),
        ("SupervisionEntry", {"provider_endorsement": "IMHM-C"}, {"provider_approved": False}),
        ("SupervisionEntry", {"format": "group"}, {"provider_approved": False}),
        ("SupervisionEntry", {"end_on": date(2015, 7, 1)}, {"provider_approved": False}),
        ("Rater", {"capacity": "A colleague since 2019"}, {"endorsement_verified": True}),
        ("Rater", {"known_years": 4}, {"endorsement_verified": True}),
        ("Rater", {"name": "Pat Endorsée"}, {"endorsement_verified": False}),
        ("Rater", {"email": "pat.other@example.org"}, {"endorsement_verified": False}),
        ("Rater", {"endorsement_level": "III"}, {"endorsement_verified": False}),
        ("Rater", {"endorsement_number": "MI-8"}, {"endorsement_verified": False}),
    ],
)
def test_a_staff_judgement_resets_only_when_what_it_rests_on_changes(
    applicant, kind, changes, after
):
    """Security review finding 6: every staff judgement on evidence (transcript verified,
    acceptance, provider approval, a rater's verified endorsement) is reset, with an event, when
    the applicant changes a field it rests on, and kept when they change anything else."""
    application = domain.application_start(applicant=applicant, category="mentor-clinical")
    entry = next(e for e in _judged(application) if type(e).__name__ == kind)
    fresh = type(entry).objects.get(pk=entry.pk)  # as the applicant's form loads it
    for field, value in changes.items():
        setattr(fresh, field, value)
    domain.evidence_save(application=application, entry=fresh, actor=applicant)
    assert _judgements([entry]) == [after]
    resets = list(application.events.filter(kind="judgement_reset").values_list("data", flat=True))
    reset = [field for field, value in after.items() if getattr(entry, field) != value]
    assert [(r["entry"], r["fields"]) for r in resets] == [(entry.pk, sorted(changes))] * len(reset)


def test_a_judgement_made_while_the_applicant_edits_is_not_overwritten(applicant):
    """Security review finding 6: the applicant's save writes the staff fields as they stand
    now, not as the applicant's form loaded them."""
    application = domain.application_start(applicant=applicant, category="mentor-clinical")
    degree = Degree.objects.create(
        application=application, type="MSW", conferred_on=date(2015, 6, 1), transcript="received"
    )
    stale = Degree.objects.get(pk=degree.pk)
    Degree.objects.filter(pk=degree.pk).update(transcript="verified")  # staff, meanwhile
    stale.competencies = ["reflection"]
    domain.evidence_save(application=application, entry=stale, actor=applicant)
    assert Degree.objects.get(pk=degree.pk).transcript == "verified"


def test_a_transcript_staff_have_not_received_stays_missing_when_the_degree_changes(applicant):
    """Security review finding 6: only a judgement resets; "missing" is none."""
    application = domain.application_start(applicant=applicant, category="mentor-clinical")
    degree = Degree.objects.create(
        application=application, type="MSW", conferred_on=date(2015, 6, 1), transcript="missing"
    )
    degree.conferred_on = date(2016, 6, 1)
    domain.evidence_save(application=application, entry=degree, actor=applicant)
    assert Degree.objects.get(pk=degree.pk).transcript == "missing"
    assert not application.events.filter(kind="judgement_reset").exists()


def test_import_of_a_membership_without_expiry_records_one_that_does_not_expire(applicant):
    """Choice K50: no expiry date is a membership that does not expire; the verdict reads it as
    current."""
    data = json.loads((EXAMPLES / "policy-ready-for-exam.json").read_text())
    data["membership"]["expires_on"] = None
    application = domain.application_import(
        applicant=applicant, text=json.dumps(data).encode(), trusted=True
    )
    assert [m.expires_on for m in applicant.memberships.all()] == [None]
    stored = portfolio_for(applications_with_evidence().get(pk=application.pk))
    assert stored.membership.expires_on is None
    assert evaluate(stored, today=date(2026, 6, 30)).requirement("membership").status == "met"
