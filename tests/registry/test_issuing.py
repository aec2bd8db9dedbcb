"""Issuing endorsements (unique sequential numbers, safe under concurrent issuing), revocation,
the public registry and the verification page, the certificate."""

from __future__ import annotations

import contextvars
import io
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from endorse.applications.enums import Status
from endorse.registry import certificate, domain
from endorse.registry.domain import IssueError, next_number
from endorse.registry.models import Endorsement

from ..conftest import make_person, sign_in


def test_issuing_gives_a_number_dates_a_status_and_a_notice(endorsable, coordinator, deliver):
    deliver()
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)
    endorsable.refresh_from_db()
    today = timezone.localdate()
    assert (endorsement.number, endorsement.level, endorsement.issued_on) == (
        "IMHM-P-00001",
        "IV",
        today,
    )
    assert endorsement.renew_by == date(today.year + 1, 12, 31)
    assert endorsable.status == Status.ENDORSED
    [notice] = deliver()
    assert notice.subject == "[Endorse] You are endorsed: IMHM-P-00001"
    assert "http://testserver/verify/IMHM-P-00001/" in notice.body
    assert "http://testserver/registry/IMHM-P-00001/certificate.pdf" in notice.body
    with pytest.raises(IssueError, match="already issued"):
        domain.endorsement_issue(application=endorsable, actor=coordinator)


def test_an_application_that_is_not_endorsable_is_not_issued(approved, coordinator):
    with pytest.raises(IssueError, match=r"checklist is not complete: Written examination$"):
        domain.endorsement_issue(application=approved, actor=coordinator)
    assert Endorsement.objects.count() == 0


@pytest.mark.parametrize(
    ("issued", "due"),
    [(date(2026, 1, 1), date(2027, 12, 31)), (date(2026, 12, 31), date(2027, 12, 31))],
)
def test_the_first_renewal_is_due_at_the_end_of_the_year_after(db, issued, due):
    endorsement = Endorsement(number="T-1", name="Ana", level="IV", issued_on=issued)
    assert endorsement.renew_by == due


def test_numbers_are_sequential(db):
    assert [next_number("T-") for _ in range(3)] == ["T-00001", "T-00002", "T-00003"]


def test_revoking_needs_a_reason_and_shows_on_the_verification_page(
    client, endorsable, coordinator
):
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)
    with pytest.raises(IssueError, match="say why"):
        domain.endorsement_revoke(endorsement=endorsement, reason="", actor=coordinator)
    domain.endorsement_revoke(endorsement=endorsement, reason="Ethics finding", actor=coordinator)
    surname = endorsement.name.split()[-1]  # not listed: the employer gives the surname
    page = client.get(f"/verify/{endorsement.number}/", {"surname": surname}).content.decode()
    assert f"{endorsement.number}: Revoked" in page


def _endorsement(number, name, *, listed=True, issued_on=None, renewed_through=None, revoked=False):
    today = timezone.localdate()
    return Endorsement.objects.create(
        number=number,
        name=name,
        level="IV",
        category="Infant Mental Health Mentor – Policy",
        issued_on=issued_on or today - timedelta(days=100),
        renewed_through=renewed_through,
        listed=listed,
        revoked_at=timezone.now() if revoked else None,
    )


def test_verification_shows_active_lapsed_revoked_and_unknown(client, db):
    _endorsement("A-1", "Ana Active")
    _endorsement("E-1", "Eve Expired", issued_on=date(2023, 5, 1))
    _endorsement("R-1", "Rob Revoked", revoked=True)
    answers = {
        number: (r.status_code, r.content.decode())
        for number in ("A-1", "E-1", "R-1", "X-9")
        for r in [client.get(f"/verify/{number}/")]
    }
    assert {n: code for n, (code, _) in answers.items()} == {
        "A-1": 200,
        "E-1": 200,
        "R-1": 200,
        "X-9": 404,
    }
    assert "A-1: Active" in answers["A-1"][1]
    assert "E-1: Lapsed" in answers["E-1"][1]
    assert "R-1: Revoked" in answers["R-1"][1]
    assert "No public record of X-9" in answers["X-9"][1]


def test_the_registry_lists_only_current_endorsees_who_agreed(client, db):
    _endorsement("A-1", "Ana Listed")
    _endorsement("A-2", "Una Unlisted", listed=False)
    _endorsement("E-1", "Eve Expired", issued_on=date(2023, 5, 1))
    _endorsement("R-1", "Rob Revoked", revoked=True)
    page = client.get("/registry/").content.decode()
    assert [
        n for n in ("Ana Listed", "Una Unlisted", "Eve Expired", "Rob Revoked") if n in page
    ] == ["Ana Listed"]
    assert "Ana Listed" in client.get("/registry/?q=ana").content.decode()
    assert "Ana Listed" not in client.get("/registry/?q=zed").content.decode()
    assert "Ana Listed" in client.get("/registry/?q=a-1").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_registry_page_costs_the_same_queries_for_1_or_3(client, db, count):
    for n in range(count):
        _endorsement(f"N-{n}", f"Person {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/registry/").status_code == 200
    # The policies, the dates of every row, the page's rows and their inactive periods.
    assert len(queries) == 4


def test_the_applicant_chooses_to_be_listed(client, endorsable, coordinator, applicant):
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)
    assert endorsement.listed is False
    sign_in(client, applicant)
    client.post("/profile/registry/", {"listed": "yes"})
    endorsement.refresh_from_db()
    assert endorsement.listed is True
    assert endorsement.name in client.get("/registry/").content.decode()


def test_the_certificate_is_a_pdf_for_its_holder_and_the_coordinator_only(
    client, endorsable, coordinator, applicant
):
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)
    url = f"/registry/{endorsement.number}/certificate.pdf"
    sign_in(client, applicant)
    mine = client.get(url)
    assert (mine.status_code, mine.content[:5], mine["Content-Type"]) == (
        200,
        b"%PDF-",
        "application/pdf",
    )
    sign_in(client, make_person("someone.else@example.org"))
    assert client.get(url).status_code == 404
    sign_in(client, coordinator)
    theirs = client.get(url)
    assert (theirs.status_code, theirs.content[:5]) == (200, b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_issuing_at_the_same_moment_make_one_endorsement(endorsable, coordinator):
    """Security review finding 11 (on SQLite too): the second of two issuings at once is told
    the endorsement exists, as on PostgreSQL; no "database is locked"."""
    other = make_person("second.coordinator@example.org")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(actor):
        barrier.wait()
        try:
            domain.endorsement_issue(application=endorsable, actor=actor)
            outcomes.append("issued")
        except IssueError as error:
            outcomes.append(str(error))
        finally:
            connection.close()  # this thread's own connection

    # Each thread in the test's association scope, as each request runs in its association's.
    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(issue, a))
        for a in (coordinator, other)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [
        "issued",
        "this application's endorsement is already issued",
    ] or sorted(outcomes) == ["an application that is endorsed cannot be endorsed", "issued"]
    assert Endorsement.objects.filter(application=endorsable).count() == 1


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_under_many_concurrent_issues():
    """Security review finding 11 (on SQLite too): writers taking numbers at once each get their
    own."""
    numbers: list[str] = []
    lock = threading.Lock()

    def take():
        from django.db import transaction

        try:
            for _ in range(10):
                with transaction.atomic():
                    number = next_number("C-")
                with lock:
                    numbers.append(number)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == [f"C-{n:05d}" for n in range(1, 81)]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(
        "\n", " "
    )


def test_the_certificate_names_everything_a_framed_certificate_needs(
    client, endorsable, coordinator, applicant, settings
):
    settings.ENDORSE_ASSOCIATION_NAME = "Michigan Association for Infant Mental Health"
    settings.ENDORSE_CERTIFICATE_SIGNATORY_TITLE = "Endorsement Coordinator"
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)
    sign_in(client, applicant)

    response = client.get(f"/registry/{endorsement.number}/certificate.pdf")

    pdf = PdfReader(io.BytesIO(response.content))
    text = _pdf_text(response.content)
    assert len(pdf.pages) == 1
    assert "Michigan Association for Infant Mental Health" in text
    assert "Infant Mental Health Mentor – Policy" in text
    assert f"Endorsement number {endorsement.number}" in text
    assert f"testserver/verify/{endorsement.number}/" in text
    assert "Casey Coordinator Endorsement Coordinator Michigan Association" in text


def test_the_certificates_qr_code_holds_the_verification_address(endorsable, coordinator):
    endorsement = domain.endorsement_issue(application=endorsable, actor=coordinator)

    url = certificate.verification_url(endorsement)
    code = certificate.verification_qr(url)

    assert url == f"http://testserver/verify/{endorsement.number}/"
    assert [segment.data for segment in code.data_list] == [url.encode()]
    assert certificate.qr_image_uri(code).startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize(
    ("category", "prefix"),
    [
        ("family-associate", "IFA-"),
        ("ec-mh-specialist", "ECMHS-"),
        ("mentor-research-faculty", "IMHM-RF-"),
        ("ec-mentor-research-faculty", "ECMHM-RF-"),
    ],
)
def test_number_prefix_is_the_categorys_code(category, prefix):
    assert domain.number_prefix(category) == prefix


def test_number_prefix_starts_with_the_associations_prefix(settings):
    settings.ENDORSE_NUMBER_PREFIX = "MI-"
    assert domain.number_prefix("family-specialist") == "MI-IFS-"


def test_each_category_numbers_its_endorsements_in_its_own_sequence(db):
    numbers = [
        domain.next_number(domain.number_prefix(category))
        for category in ("family-specialist", "mentor-clinical", "family-specialist")
    ]
    assert numbers == ["IFS-00001", "IMHM-C-00001", "IFS-00002"]
