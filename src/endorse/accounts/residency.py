"""The residency rule: an applicant applies to the association of the state or country they
live in (`User.residence` against `Association.serves`). An association that lists no region
serves everyone; a coordinator's recorded `ResidencyException` lets a person apply although
they live elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django_scopes import scope

from endorse.associations.enums import Region
from endorse.associations.models import Association
from endorse.associations.routing import table
from endorse.links import absolute_url

from .models import ResidencyException, User


class ResidencyError(ValueError):
    """An application refused by the residency rule, in words for the applicant, with where to
    go next (the association that serves them, or their profile)."""

    def __init__(self, message: str, *, link_url: str = "", link_text: str = "") -> None:
        super().__init__(message)
        self.message, self.link_url, self.link_text = message, link_url, link_text


@dataclass(frozen=True)
class Standing:
    """How a person stands with the rule in an association: where they live, whether that is
    outside the regions it serves, and the exception recorded for them there, if any."""

    association: Association
    residence: str
    outside: bool
    exception: ResidencyException | None


def region_label(code: str) -> str:
    return dict(Region.choices).get(code, code) if code else "not recorded"


def serving(region: str) -> list[Association]:
    """The associations that list `region` among the places they serve."""
    return [a for a in table().by_pk.values() if region in a.regions]


def exception_for(person: User, association: Association) -> ResidencyException | None:
    """The exception recorded for `person` in `association` (read in its scope)."""
    with scope(association=association):
        return ResidencyException.objects.filter(person=person, association=association).first()


def standing(person: User, association: Association) -> Standing:
    return Standing(
        association=association,
        residence=person.residence,
        outside=not association.serves_region(person.residence),
        exception=exception_for(person, association),
    )


def residency_refusal(*, person: User, association: Association) -> ResidencyError | None:
    """Why `person` may not start an application in `association`, or None when they may: it
    serves everyone, serves where they live, or a coordinator recorded an exception for them."""
    if association.serves_region(person.residence):
        return None
    if exception_for(person, association) is not None:
        return None
    places = association.regions_display()
    if not person.residence:
        return ResidencyError(
            f"{association.name} takes applications from people who live in {places}. "
            "Record the state or country you live in on your profile first.",
            link_url=reverse("accounts:profile"),
            link_text="Record where you live on your profile",
        )
    where = region_label(person.residence)
    others = [a for a in serving(person.residence) if a.pk != association.pk]
    if others:
        other = others[0]
        with scope(association=other):
            link = absolute_url("applications:list")
        return ResidencyError(
            f"{association.name} takes applications from people who live in {places}. "
            f"You live in {where}: {other.name} ({other.short_name}) serves {where}, so apply "
            f"there. If you work here but live elsewhere, ask {_coordinator(association)} to "
            "record an exception for you.",
            link_url=link,
            link_text=f"Apply to {other.short_name}",
        )
    return ResidencyError(
        f"{association.name} takes applications from people who live in {places}. "
        f"You live in {where}, and no association on this site serves {where} yet. If you "
        f"work here but live elsewhere, ask {_coordinator(association)} to record an "
        "exception for you."
    )


def _coordinator(association: Association) -> str:
    contact = f" ({association.contact_email})" if association.contact_email else ""
    return f"{association.short_name or association.name}'s coordinator{contact}"
