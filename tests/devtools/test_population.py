"""`endorse demo --applicants N`, the page benchmark and bulk re-evaluation, on a small
generated population: the rows hang together, the engine agrees with each file's stage, every
page answers, and the number of queries of each page does not grow with N."""

import io
import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
import time_machine
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from endorse.accounts.models import Membership, User
from endorse.applications.bulk import portfolios
from endorse.applications.domain import applications_reevaluate
from endorse.applications.enums import EventKind, Status
from endorse.applications.models import Application, ApplicationEvent
from endorse.applications.queries import applications_with_evidence, portfolio_for
from endorse.associations.models import Association, StaffRole
from endorse.devtools import demo
from endorse.devtools.bench_pages import SAMPLES, _pages, personas, run_page_benchmark
from endorse.devtools.population import (
    ASSOCIATIONS,
    CATEGORIES,
    FULL_YEARS,
    populate,
    shares,
)
from endorse.eligibility import evaluate
from endorse.exams.models import ExamSitting
from endorse.registry.domain import next_number, number_prefix
from endorse.registry.models import Endorsement
from endorse.renewals.enums import RenewalState
from endorse.renewals.models import LoggedHours, Renewal, RenewalEvent
from endorse.renewals.queries_staff import renewal_file
from endorse.review.models import ReviewAssignment
from endorse.workspace import cache as workspace_cache

from ..test_cli import run


@pytest.fixture
def population(settings, db):
    settings.DEBUG = True  # the demo people are for local instances only
    return populate(applicants=200, seed=3, associations=1)


def test_applicants_are_shared_among_associations_by_size_each_with_its_staff(settings, db):
    settings.DEBUG = True
    populate(applicants=100, seed=2, associations=4)
    # Every association's rows, counted on purpose.
    with scopes_disabled():
        per_association = Counter(Application.objects.values_list("association__slug", flat=True))
    michigan, california, texas, ohio = (member.slug for member in ASSOCIATIONS[:4])
    assert shares(100, 4) == [54, 24, 14, 8]
    # The demo's applicants: fourteen in the default association, one in Ohio's.
    assert per_association == {michigan: 54 + 14, california: 24, texas: 14, ohio: 8 + 1}
    with scope(association=Association.objects.get(slug=california)):
        applicants = set(Application.objects.values_list("applicant", flat=True))
        assert set(Membership.objects.values_list("person", flat=True)) == applicants
        assert set(Membership.objects.values_list("association", flat=True)) == {"CA-AIMH"}
        numbers = Endorsement.objects.values_list("number", flat=True)
        assert numbers
        assert all(number.startswith("CA-") for number in numbers)
        roles = Counter(StaffRole.objects.values_list("role", flat=True))
        assert roles == {"coordinator": 2, "reviewer": 9, "exam_reviewer": 3}
        reviewers = set(StaffRole.objects.filter(role="reviewer").values_list("person", flat=True))
        assigned = set(ReviewAssignment.objects.values_list("reviewer", flat=True))
        assert assigned
        assert assigned <= reviewers
        assert ExamSitting.objects.exists()


def test_population_has_every_stage_with_the_rows_a_stage_implies(population):
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert population.applicants == 200
    assert set(statuses) == set(Status.values)
    assert sum(statuses.values()) == 200 + len(demo.STAGES)  # and the demo applicants
    endorsed = Application.objects.filter(status=Status.ENDORSED)
    assert Endorsement.objects.filter(application__in=endorsed).count() == endorsed.count()
    numbers = list(Endorsement.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # The sequence carries on after the generated numbers (and key sequences after the rows).
    for category in ("mentor-clinical", "mentor-policy"):
        prefix = number_prefix(category)
        with_number = next_number(prefix)
        assert with_number > max(n for n in numbers if n.startswith(prefix))
    assert User.objects.create_user(email="after@example.org").pk > population.rows["accounts_user"]
    for application in Application.objects.filter(status=Status.UNDER_REVIEW)[:5]:
        assert application.submissions.count() == 1
        assert application.assignments.count() == 2
        assert application.events.filter(kind="reviewers_assigned").exists()


def test_every_generated_event_is_of_a_known_kind(population):
    """The generator writes event rows directly, past `record_event`'s check."""
    kinds = set(ApplicationEvent.objects.values_list("kind", flat=True))
    assert kinds - set(EventKind.values) == set()


def test_the_engine_agrees_with_each_generated_stage(population):
    """Endorsed files are endorsable and approvals ready for the exam, nearly all: a few
    generated files miss a competency domain, as real ones can. Files under a version whose
    ratings and signatures count for a year are judged on the day they were submitted, when
    everything but the exam (where the category sits one) was met."""
    overall = Counter()
    chosen = Application.objects.filter(status__in=(Status.ENDORSED, Status.APPROVED_FOR_EXAM))
    submitted = dict(chosen.values_list("pk", "submitted_at"))
    for application, portfolio in portfolios(chosen):
        day = timezone.localdate()
        if application.policy != "seed":
            day = timezone.localtime(submitted[application.id]).date()
            portfolio = replace(portfolio, exam=None)
        verdict = evaluate(portfolio, as_of=day).overall
        if verdict == "ready_for_exam" and application.status == Status.ENDORSED:
            verdict = "endorsable"  # the exam came after the submission
        overall[(application.status, verdict)] += 1
    endorsed = sum(n for (status, _), n in overall.items() if status == Status.ENDORSED)
    approved = sum(n for (status, _), n in overall.items() if status == Status.APPROVED_FOR_EXAM)
    assert overall[(Status.ENDORSED, "endorsable")] >= 0.9 * endorsed
    assert overall[(Status.APPROVED_FOR_EXAM, "ready_for_exam")] >= 0.9 * approved


def test_bulk_portfolios_are_the_ones_each_page_builds(population):
    compared = 0
    for application, portfolio in portfolios(Application.objects.all(), batch=37):
        assert portfolio == portfolio_for(applications_with_evidence().get(pk=application.pk))
        compared += 1
    assert compared == Application.objects.count()


def test_every_benchmarked_page_answers_and_its_queries_depend_on_neither_n_nor_associations(
    settings, db
):
    """One association at two sizes, then many: each page (the small and the largest
    association's coordinators' and applicants' among them) makes as many queries each time."""
    settings.DEBUG = True
    populate(applicants=40, seed=5, associations=1)

    def counts():
        result = {}
        for page in _pages(random.Random(1)):
            # Every url and every persona; the public pages' many visitors are alike.
            for i in range(max(len(page.urls), min(len(page.clients), SAMPLES))):
                # Opened first, then again: the workspace renders its evidence part, then
                # serves it stored (`workspace.cache`); other pages alike both times.
                workspace_cache.PARTS.clear()
                for name in (page.name, f"{page.name} (again)"):
                    reset_queries()  # the log keeps 9,000 queries: populating fills it
                    with CaptureQueriesContext(connection) as captured:
                        page.get(i)  # raises unless 200
                    result.setdefault(name, set()).add(len(captured.captured_queries))
        return result

    small = counts()
    populate(applicants=160, seed=6, associations=1)
    large = counts()
    populate(applicants=200, seed=7, associations=6)
    many = counts()
    # The small association is another than the default, its pages at /a/<slug>/.
    assert personas()[1].slug in {member.slug for member in ASSOCIATIONS[1:6]}
    assert small == large == many
    assert all(len(seen) == 1 for seen in many.values()), many
    assert {
        "renewal queue: first page",
        "renewal queue: submitted tab",
        "renewal queue: searched (a surname)",
        "endorsee: renewal page",
    } <= set(many)


def test_the_page_benchmark_prints_every_page_and_the_ratios(settings, db):
    settings.DEBUG = True
    populate(applicants=40, seed=7)
    out = io.StringIO()
    run_page_benchmark(rounds=3, out=lambda line: print(line, file=out))
    printed = out.getvalue()
    for name in (
        "applicant: workspace",
        "applicant: workspace, first open after a change",
        "CPU per request",
        "queue: deep page",
        "Django admin",
        "verification page",
        "renewal queue: submitted tab",
        "endorsee: renewal page",
    ):
        assert name in printed
    assert "queue first page ÷ admin changelist" in printed
    assert "applications/s" in printed


def test_reevaluating_moves_only_open_applications_to_the_new_policy(population):
    open_before = Application.objects.filter(
        status__in=(Status.DRAFT, Status.CHANGES_REQUESTED)
    ).count()
    closed = Application.objects.exclude(status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))
    closed_before = dict(closed.values_list("pk", "policy"))
    report = applications_reevaluate(policy="2024", apply=True)
    assert report.applications == Application.objects.count()
    assert sum(report.overall.values()) == report.applications
    assert report.moved == open_before
    assert set(
        Application.objects.filter(status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))
        .values_list("policy", flat=True)
        .distinct()
    ) == {"2024"}
    assert dict(closed.values_list("pk", "policy")) == closed_before
    event = ApplicationEvent.objects.filter(kind="policy_changed").first()
    assert (event.data["frm"] in ("seed", "2025"), event.data["to"]) == (True, "2024")
    assert ApplicationEvent.objects.filter(kind="policy_changed").count() == open_before
    # Nothing more to move the second time.
    assert applications_reevaluate(policy="2024", apply=True).moved == 0


def test_a_dry_run_changes_nothing(population):
    before = list(Application.objects.order_by("pk").values_list("policy", "updated_at"))
    report = applications_reevaluate(policy="2024")
    assert report.moved == 0
    assert list(Application.objects.order_by("pk").values_list("policy", "updated_at")) == before
    assert report.not_met  # the generated drafts miss something


def test_reevaluate_refuses_unknown_policies_and_apply_without_one(db):
    with pytest.raises(ValueError, match="unknown policy"):
        applications_reevaluate(policy="1999")
    with pytest.raises(ValueError, match="name the policy"):
        applications_reevaluate(apply=True)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("demo", "--applicants", "0"), "--applicants"),
        (("demo", "--applicants", "5", "--associations", "36"), "--associations"),
        (("reevaluate", "--policy", "1999"), "--policy"),
        (("reevaluate", "--apply"), "--apply"),
        (("reevaluate", "--jobs", "0"), "--jobs"),
        (("bench", "pages", "--rounds", "0"), "--rounds"),
        (("bench", "everything"), "what"),
    ],
)
def test_the_commands_name_the_bad_option_and_exit_2(args, field):
    code, _out, err = run(*args)
    assert code == 2
    assert field in err
    assert "Traceback" not in err


def test_health_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/", secure=True)
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_generated_categories_are_all_present(population):
    """Every category appears, Associates and Specialists most (issue: every category)."""
    counts = Counter(Application.objects.values_list("category", flat=True))
    assert set(counts) == {category for category, _weight in CATEGORIES}
    kinds = Counter()
    for category, n in counts.items():
        kinds[category.removeprefix("ec-").split("-")[0]] += n
    assert kinds["family"] > kinds["mentor"]


@pytest.mark.parametrize("today", ["2026-11-20", "2027-06-15", "2027-01-10"])
def test_renewal_histories_leave_the_standing_the_generator_meant(settings, db, today):
    """In the window (November), before it (June) and in the grace (January): the engine's
    standing of every generated endorsement is the one its history was written for; the renewals,
    hours, lapses, reinstatements and inactive periods it implies are there."""
    settings.DEBUG = True
    demo.demo_create()  # today's demo first: its example files are dated for today
    day = date.fromisoformat(today)
    with time_machine.travel(f"{today} 12:00Z", tick=False):
        population = populate(applicants=300, seed=4, associations=1)
        endorsements = {
            e.number: e
            for e in Endorsement.objects.filter(number__in=population.intended).prefetch_related(
                "inactive_periods"
            )
        }
        standings = {number: e.standing_on(day) for number, e in endorsements.items()}
        waiting = list(
            Renewal.objects.filter(
                state=RenewalState.SUBMITTED, endorsements__number__in=population.intended
            )
        )
        unmet = [renewal_file(r, events=False).unmet for r in waiting]
    assert {n: s.word for n, s in standings.items()} == population.intended
    seen = Counter(population.intended.values())
    expected = {"active", "lapsed", "inactive"} | (
        {"renewal_due"} if day.month >= 10 else {"overdue"} if day.month == 1 else set()
    )
    assert expected <= set(seen), seen
    assert waiting if day.month in (1, 11) else not waiting
    assert unmet == [[] for _ in waiting]  # each was submittable: only the fee left
    lapses = dict(
        RenewalEvent.objects.filter(
            kind="lapsed", endorsement__number__in=endorsements
        ).values_list("endorsement__number", "on")
    )
    lapsed = {n: s.lapsed_on for n, s in standings.items() if s.word == "lapsed"}
    # Lapsed at the end of a grace, told by the job; revoked ones may have lapsed before too.
    assert {n: lapses[n] for n in lapsed if n in lapses} == lapsed
    assert set(lapsed) - set(lapses) == set()
    reinstated = [e for e in endorsements.values() if e.reinstated_on]
    assert reinstated
    assert all(lapses[e.number] < e.reinstated_on <= day for e in reinstated)
    inactive = [n for n, word in population.intended.items() if word == "inactive"]
    assert inactive
    assert all(endorsements[n].inactive_periods.get().reactivated_on is None for n in inactive)
    written = {
        (number, period_end)
        for number, period_end in Renewal.objects.filter(state=RenewalState.ACCEPTED).values_list(
            "endorsements__number", "period_end"
        )
    }
    recent = [
        (e.number, e.renewed_through)
        for e in endorsements.values()
        if e.renewed_through and e.renewed_through.year >= day.year - FULL_YEARS
    ]
    assert recent
    assert set(recent) <= written
    assert LoggedHours.objects.filter(person__endorsements__number__in=endorsements).exists()
    assert population.rows["renewals_renewal"] >= len(recent)


def test_an_issued_endorsements_email_is_keyed_by_the_endorsement_as_the_product_keys_it(
    population,
):
    """Keyed by the application, a generated key could equal that of an endorsement the product
    issued (`registry.domain.endorsement_issue`), and the population would fail to write."""
    from endorse.notifications.models import OutboxMessage
    from endorse.registry.models import Endorsement

    with scopes_disabled():
        numbers = dict(Endorsement.objects.values_list("number", "pk"))
        keys = {
            message.context["number"]: message.idempotency_key
            for message in OutboxMessage.objects.filter(template="registry/email/issued")
        }

    assert keys
    assert keys == {number: f"endorsement-issued:{numbers[number]}" for number in keys}
