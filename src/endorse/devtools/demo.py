"""Demo people for a local instance: two associations, each with its coordinator; in the
first, applicants at different stages, in the second, one applicant (and a reviewer of the
first, reviewing for both on one account).

Built from the example portfolios, through the same domain functions the product uses. Meant
for local use only: everyone shares one printed password.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import User
from endorse.applications import domain
from endorse.applications.enums import Status
from endorse.associations.models import Association, StaffRole
from endorse.associations.routing import default_association
from endorse.registry.domain import endorsement_issue, registry_listing_set
from endorse.review.domain import review_start

from .demo_renewals import renewal_personas

# Printed on screen for local use; demo_create refuses to run outside debug mode.
DEMO_PASSWORD = "endorse-demo-only"  # noqa: S105
# Staff pages need two-factor sign-in: demo staff share this authenticator secret, and
# `endorse manage demo_code` prints the code it gives now.
DEMO_TOTP_SECRET = "ENDORSEDEMOONLYENDORSEDEMOONLY22"  # noqa: S105
COORDINATOR_EMAIL = "coordinator@example.org"
STAFF = (
    ("rene.reviewer@example.org", "Rene Reviewer", ("reviewer",), "reviewer"),
    ("ravi.reviewer@example.org", "Ravi Reviewer", ("reviewer",), "reviewer"),
    # Two exam reviewers mark Part 2 and a third settles a disagreement; none of them reviews
    # applications, so no conflict of interest keeps any of them from marking.
    ("eli.examiner@example.org", "Eli Examiner", ("exam_reviewer",), "exam reviewer"),
    ("ezra.examiner@example.org", "Ezra Examiner", ("exam_reviewer",), "exam reviewer"),
    ("ida.examiner@example.org", "Ida Examiner", ("exam_reviewer",), "exam reviewer"),
)
# The second demo association, at /a/<slug>/ on the local address.
SECOND_SLUG = "oaimh"
SECOND_COORDINATOR_EMAIL = "olive.coordinator@example.org"
SECOND_APPLICANT = ("policy-ready-for-exam", "otto.applicant@example.org", "Otto Applicant")

# Example file → the statuses its application moves through after import. Most applicants are
# Associates and Specialists, as in the associations' programs; a category without an exam is
# endorsed straight after review.
STAGES: dict[str, tuple[Status, ...]] = {
    "family-associate-in-progress": (),
    "ec-family-associate-complete": (Status.SUBMITTED,),
    "family-associate-complete": (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ENDORSED),
    "family-specialist-in-progress": (),
    "family-specialist-complete": (Status.SUBMITTED, Status.UNDER_REVIEW),
    "ec-family-specialist-complete": (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ENDORSED),
    "mh-specialist-in-progress": (),
    "mh-specialist-complete": (Status.SUBMITTED,),
    "ec-mentor-clinical-complete": (
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.APPROVED_FOR_EXAM,
        Status.ENDORSED,
    ),
    "clinical-in-progress": (),
    "clinical-rsc-under-a-year": (),
    "research-faculty-awaiting-review": (Status.SUBMITTED,),
    "policy-ready-for-exam": (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED_FOR_EXAM),
    "clinical-complete": (
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.APPROVED_FOR_EXAM,
        Status.ENDORSED,
    ),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    who: str


def _person(email: str, name: str, *, staff: bool = False, roles: tuple[str, ...] = ()) -> User:
    person = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, name=name, is_staff=staff, is_superuser=staff
    )
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    if roles:
        # In the association whose scope is active.
        StaffRole.objects.bulk_create(StaffRole(person=person, role=role) for role in roles)
        TOTP.activate(person, DEMO_TOTP_SECRET)
    return person


def demo_code() -> str:
    """The code an authenticator app with the demo secret shows now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    code: str = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
    return code


def demo_create(examples: Path | None = None) -> list[DemoLogin]:
    """Create the demo people once; returns who can sign in. Does nothing when they exist.

    Refuses outside debug mode: the demo accounts share a printed password and one is staff.
    """
    if not settings.DEBUG:
        raise RuntimeError("demo people are for local instances only (ENDORSE_DEBUG=true)")
    folder = examples or settings.ENDORSE_EXAMPLES_DIR
    if User.objects.filter(email=COORDINATOR_EMAIL).exists():
        return []
    logins = [DemoLogin(COORDINATOR_EMAIL, "coordinator (staff pages at /staff/; also /admin/)")]
    with transaction.atomic(), scope(association=default_association()):
        first = default_association()
        if not first.logo:  # its own mark; the product's default colours
            first.logo = "endorse/logos/mi.svg"
            first.save(update_fields=["logo"])
        coordinator = _person(
            COORDINATOR_EMAIL, "Casey Coordinator", staff=True, roles=("coordinator",)
        )
        reviewers = []
        for email, name, roles, who in STAFF:
            staff_member = _person(email, name, roles=roles)
            if "reviewer" in roles:
                reviewers.append(staff_member)
            logins.append(DemoLogin(email, who))
        for name, stages in STAGES.items():
            path = folder / f"{name}.json"
            if not path.exists():
                continue
            text = path.read_bytes()
            applicant_data = json.loads(text).get("applicant") or {}
            email = applicant_data.get("email") or f"{name}@example.org"
            # One account may hold applications of several categories.
            person = User.objects.filter(email=email).first() or _person(
                email, applicant_data.get("name") or name
            )
            application = domain.application_import(
                applicant=person, text=text, trusted=True, actor=coordinator
            )
            for status in stages:
                if status == Status.ENDORSED:
                    # Issued as the coordinator would: a number, a certificate, a listing.
                    registry_listing_set(person=person, listed=True)
                    endorsement_issue(application=application, actor=coordinator)
                    application.refresh_from_db()
                    continue
                if status == Status.SUBMITTED:
                    # As the applicant submits: the frozen copy, the confirmation.
                    domain.application_submit(application=application, actor=person)
                elif status == Status.UNDER_REVIEW:
                    review_start(application=application, reviewers=reviewers, actor=coordinator)
                else:
                    domain.application_transition(
                        application=application, to=status, actor=coordinator
                    )
                application.refresh_from_db()
                if status == Status.APPROVED_FOR_EXAM:
                    application.approved_on = timezone.localdate()
                    application.save(update_fields=["approved_on"])
            logins.append(
                DemoLogin(
                    person.email, f"applicant, {application.get_status_display().lower()} ({name})"
                )
            )
        # Endorsees with renewal histories: due, renewed late, submitted, lapsed, reinstated,
        # inactive.
        personas = renewal_personas(first, coordinator, lambda email, name: _person(email, name))
        logins += [DemoLogin(p.email, p.who) for p in personas]
    with transaction.atomic():
        logins += _second_association(folder)
        # The residency rule: Michigan's association serves Michigan, Ohio's Ohio; the demo
        # people live where they apply.
        for association, serves in ((default_association(), "MI"), (second_of(), "OH")):
            association.serves = serves
            association.save(update_fields=["serves"])  # saved: each process reloads routes
        User.objects.exclude(email=SECOND_APPLICANT[1]).update(residence="MI")
        User.objects.filter(email=SECOND_APPLICANT[1]).update(residence="OH")
    return logins


def second_of() -> Association:
    return Association.objects.get(slug=SECOND_SLUG)


def _second_association(folder: Path) -> list[DemoLogin]:
    """The second association: its own coordinator, a reviewer who also reviews for the first
    (one account, a role in each), and one applicant, all at /a/<slug>/."""
    second, _ = Association.objects.get_or_create(
        slug=SECOND_SLUG,
        defaults={
            "name": "Ohio Association for Infant Mental Health",
            "short_name": "OAIMH",
            "number_prefix": "OH-IMH-",
            "reviewers_required": 1,
            "time_zone": "America/New_York",
            "logo": "endorse/logos/oaimh.svg",
            "brand_colour": "#0f6e5c",
            "contact_email": "endorsement@oaimh.example.org",
        },
    )
    where = f"/a/{SECOND_SLUG}/"
    with scope(association=second):
        coordinator = _person(SECOND_COORDINATOR_EMAIL, "Olive Coordinator", roles=("coordinator",))
        StaffRole.objects.create(person=User.objects.get(email=STAFF[0][0]), role="reviewer")
        logins = [
            DemoLogin(coordinator.email, f"coordinator of {second.short_name} ({where}staff/)")
        ]
        name, email, full_name = SECOND_APPLICANT
        path = folder / f"{name}.json"
        if path.exists():
            person = _person(email, full_name)
            application = domain.application_import(
                applicant=person, text=path.read_bytes(), trusted=True, actor=coordinator
            )
            application = domain.application_transition(
                application=application, to=Status.SUBMITTED, actor=coordinator
            )
            logins.append(
                DemoLogin(email, f"applicant of {second.short_name}, submitted ({where})")
            )
    return logins
