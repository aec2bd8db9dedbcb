"""Demo endorsees with renewal histories, in the default association: endorsements carried over
from the association's earlier records (as `endorse import endorsements` brings them), then
renewed, submitted, lapsed, reinstated or made inactive through the renewal app's own domain
functions, each called with the day it happened. Dates are counted from today, so the personas
mean the same whatever day the demo is created:

- Rita Renewer: renewed last year on time; this year's hours partly logged (due from 1 October).
- Leo Late: renewed last year late (in January, with the late fee).
- Sam Submitted: a renewal submitted and waiting in the coordinator's queue (fee to be paid).
- Lou Lapsed: stopped renewing; lapsed, recorded by the lapse job.
- Rae Reinstated: lapsed, then reinstated (`reinstated_on` recorded).
- Ida Inactive: inactive status since a few weeks ago.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.enums import KIND_LEVELS, Category
from endorse.associations.models import Association
from endorse.registry.domain import next_number, number_prefix
from endorse.registry.models import Endorsement
from endorse.renewals.domain import Signed, renewal_log_hours, renewal_record_lapses, renewal_submit
from endorse.renewals.domain_staff import Payment, renewal_accept
from endorse.renewals.enums import EventKind, FeeStatus, InactiveReason, MembershipKind
from endorse.renewals.inactive import inactive_record, inactive_request
from endorse.renewals.models import RenewalEvent

# Infant Family Associate: relationship-based training owed each year, no RS/C.
CATEGORY = Category.FAMILY_ASSOCIATE
# (month, day, hours, topic, on diversity, equity and inclusion): 16 hours, 1 of them DEI.
YEAR_OF_HOURS = (
    (2, 12, Decimal(4), "Attachment and early relationships", False),
    (4, 23, Decimal(2), "Culturally responsive practice with families", True),
    (6, 18, Decimal(6), "Reflective practice in home visiting", False),
    (9, 10, Decimal(4), "Observing infants and toddlers", False),
)


@dataclass(frozen=True)
class Persona:
    email: str
    name: str
    who: str


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _endorsee(make_person: Callable[[str, str], User], email: str, name: str) -> User:
    return User.objects.filter(email=email).first() or make_person(email, name)


def _carried_over(
    association: Association, person: User, issued_on: date, renewed_through: date | None = None
) -> Endorsement:
    """An endorsement from the association's earlier records, as the import writes it."""
    return Endorsement.objects.create(
        association=association,
        number=next_number(number_prefix(CATEGORY, association.number_prefix)),
        name=person.name,
        level=KIND_LEVELS["associate"],
        category=Category(CATEGORY).label,
        person=person,
        issued_on=issued_on,
        renewed_through=renewed_through,
        listed=True,
    )


def _log(person: User, year: int, *, upto: date, entries: int = len(YEAR_OF_HOURS)) -> None:
    """The year's hours, each logged on the day it happened (those up to `upto`)."""
    for month, day, hours, topic, dei in YEAR_OF_HOURS[:entries]:
        on = date(year, month, day)
        if on <= upto:
            renewal_log_hours(
                person=person, kind="training", on=on, hours=hours, topic=topic, today=on, dei=dei
            )


def _submit(person: User, on: date, fee_status: str = FeeStatus.ONLINE_LATER) -> None:
    signed = Signed(
        typed_name=person.name,
        ethics_signed=True,
        no_sanction=True,
        membership_kind=MembershipKind.INDIVIDUAL,
        membership_id=f"M{person.pk:05d}",
        membership_expires_on=date(on.year + 1, 12, 31),
        fee_status=fee_status,
    )
    renewal_submit(person=person, signed=signed, today=on, now=_at(on))


def _renew(person: User, coordinator: User, submitted_on: date, accepted_on: date) -> None:
    """Submit the renewal owed on `submitted_on`, then the coordinator records the online
    payment and accepts it."""
    _submit(person, submitted_on)
    renewal = person.renewals.get(state="submitted")
    renewal_accept(
        renewal=renewal,
        actor=coordinator,
        today=accepted_on,
        now=_at(accepted_on, 15),
        payment=Payment(method=FeeStatus.PAID_ONLINE),
    )


def renewal_personas(
    association: Association,
    coordinator: User,
    make_person: Callable[[str, str], User],
    today: date | None = None,
) -> list[Persona]:
    """Create the renewal personas in `association` (its scope active); returns who they are."""
    today = today or timezone.localdate()
    y = today.year
    personas = []

    rita = _endorsee(make_person, "rita.renewer@example.org", "Rita Renewer")
    _carried_over(association, rita, date(y - 2, 6, 10))
    _log(rita, y - 1, upto=today)
    _renew(rita, coordinator, date(y - 1, 11, 18), date(y - 1, 11, 25))
    _log(rita, y, upto=today, entries=3)  # 12 of 15 hours: three more to log
    personas.append(
        Persona(
            rita.email,
            rita.name,
            f"endorsee, renewal due by 31 December {y} (from 1 October), hours partly logged "
            "(/renewal/)",
        )
    )

    leo = _endorsee(make_person, "leo.late@example.org", "Leo Late")
    _carried_over(association, leo, date(y - 3, 3, 2))
    _log(leo, y - 2, upto=today)
    _renew(leo, coordinator, date(y - 2, 12, 2), date(y - 2, 12, 9))
    _log(leo, y - 1, upto=today)
    late = min(date(y, 1, 12), today)  # after the deadline: the late fee is owed
    _renew(leo, coordinator, late, late)
    _log(leo, y, upto=today, entries=2)
    personas.append(Persona(leo.email, leo.name, f"endorsee, renewed {y - 1} late (late fee)"))

    sam = _endorsee(make_person, "sam.submitted@example.org", "Sam Submitted")
    _carried_over(association, sam, date(y - 2, 9, 5))
    _log(sam, y - 1, upto=today)
    if today >= date(y, 10, 1):  # in this year's window: last year renewed, this year's in
        _renew(sam, coordinator, date(y - 1, 11, 3), date(y - 1, 11, 10))
        _log(sam, y, upto=today)
        _submit(sam, max(date(y, 10, 1), today - timedelta(days=5)))
    else:  # before the window: last year's renewal, submitted in December, still waiting
        _submit(sam, date(y - 1, 12, 15))
    personas.append(
        Persona(sam.email, sam.name, "endorsee, renewal submitted, waiting in /staff/renewals/")
    )

    lou = _endorsee(make_person, "lou.lapsed@example.org", "Lou Lapsed")
    _carried_over(association, lou, date(y - 4, 4, 20))
    _log(lou, y - 3, upto=today)
    _renew(lou, coordinator, date(y - 3, 11, 20), date(y - 3, 11, 27))
    # Nothing for the year after: lapsed on 1 February of last year (the lapse job below).
    personas.append(Persona(lou.email, lou.name, f"endorsee, lapsed on 1 February {y - 1}"))

    rae = _endorsee(make_person, "rae.reinstated@example.org", "Rae Reinstated")
    endorsement = _carried_over(association, rae, date(y - 5, 5, 14), date(y - 4, 12, 31))
    lapsed_on = date(y - 2, 2, 1)
    # The lapse the job recorded then, then the reinstatement the coordinator recorded.
    RenewalEvent.objects.create(
        kind=EventKind.LAPSED, endorsement=endorsement, person=rae, on=lapsed_on
    )
    endorsement.reinstated_on = date(y - 1, 3, 16)
    endorsement.save(update_fields=["reinstated_on"])
    _log(rae, y, upto=today, entries=2)
    personas.append(
        Persona(rae.email, rae.name, f"endorsee, lapsed {y - 2}, reinstated 16 March {y - 1}")
    )

    ida = _endorsee(make_person, "ida.inactive@example.org", "Ida Inactive")
    held = _carried_over(association, ida, date(y - 2, 1, 20))
    _log(ida, y - 1, upto=today)
    _renew(ida, coordinator, date(y - 1, 10, 20), date(y - 1, 10, 27))
    since = max(today - timedelta(days=60), date(y - 1, 12, 1))
    # She asked for inactive status on leave; the coordinator recorded it the same day.
    inactive_request(person=ida, reason=InactiveReason.LEAVE, today=since)
    inactive_record(endorsement=held, reason=InactiveReason.LEAVE, actor=coordinator, today=since)
    personas.append(Persona(ida.email, ida.name, f"endorsee, inactive since {since:%-d %B %Y}"))

    # The worker's lapse job, as it ran: Lou's lapse recorded, and the email to tell him.
    renewal_record_lapses(today=today)
    return personas
