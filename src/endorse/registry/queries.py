"""Reads of the registry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from endorse.associations.models import Association
from endorse.eligibility.renewal_standing import LISTED, Standing

from .models import STANDING_LABELS, Endorsement, EndorsementMove
from .standing_sql import standing_word


def normalise_name(name: str) -> str:
    """Names compared as people write them: case, spacing and full stops do not matter."""
    return " ".join(re.sub(r"[.,]", " ", name).casefold().split())


def _name_words(name: str) -> list[str]:
    """A name's words without case or accents; apostrophes join (O'Brien = OBrien), hyphens,
    full stops and commas separate (Núñez-García = nunez garcia)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`]", "", plain)
    return re.sub(r"[^\w]+", " ", plain).split()


def surname_matches(name: str, surname: str) -> bool:
    """Whether `surname` is the last word or words of `name` (the whole name also matches), as
    people write it: case, accents, hyphens and apostrophes do not matter. A first name, a middle
    word or part of a word never matches."""
    words, given = _name_words(name), _name_words(surname)
    return bool(given) and len(given) <= len(words) and words[-len(given) :] == given


def endorsement_to_verify(*, number: str, surname: str) -> Endorsement | None:
    """What the public verification page may show for this number: an endorsement its holder
    agreed to list, or an unlisted one when the visitor gave the holder's surname; else None,
    so an unlisted number and one never issued look alike."""
    # Shared on purpose: one /verify/ answers for every association's endorsements.
    with scopes_disabled():
        endorsement = (
            Endorsement.objects.select_related("association")
            .filter(number__iexact=number.strip())
            .first()
        )
    if endorsement is None:
        return None
    if endorsement.listed or surname_matches(endorsement.name, surname):
        return endorsement
    return None


@dataclass(frozen=True, slots=True)
class RegistryRow:
    endorsement: Endorsement
    standing: Standing

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing.word]


def registry_listed_ids(
    *, q: str, category_label: str, today: date, association_id: int | None = None
) -> QuerySet[Endorsement, int]:
    """The public registry, as ids by name (a query not yet run, paged by the caller): every
    association's endorsements whose holder agreed to be listed and whose standing on `today`
    is listed (active, renewal due, overdue in grace; never lapsed, inactive or revoked). The
    database decides the standing (`standing_sql`, each endorsement under its association's
    policy), so a page reads its rows only. Scopes disabled on purpose: the associations
    recognise each other's endorsements; `association_id` keeps one association's."""
    with scopes_disabled():
        found = Endorsement.objects.filter(listed=True, revoked_at__isnull=True)
        if q:
            found = found.filter(Q(name__icontains=q) | Q(number__iexact=q))
        if category_label:
            found = found.filter(category=category_label)
        if association_id is not None:
            found = found.filter(association_id=association_id)
        listed = standing_word(today, labels=dict.fromkeys(LISTED, "listed"))
        return (
            found.alias(registry_listed=listed)
            .filter(registry_listed="listed")
            .order_by("name", "number")
            .values_list("pk", flat=True)
        )


def registry_rows(*, ids: list[int], today: date) -> list[RegistryRow]:
    """One page of the registry: these endorsements, in this order, with their standing."""
    with scopes_disabled():
        found = (
            Endorsement.objects.select_related("association")
            .prefetch_related("inactive_periods")
            .in_bulk(ids)
        )
    return [RegistryRow(found[pk], found[pk].standing_on(today)) for pk in ids if pk in found]


def endorsement_matching(*, number: str, name: str, level: str, today: date) -> Endorsement | None:
    """The active endorsement with this number, held by this name at this level, or None,
    whatever association holds it: a rater's endorsement is checked against every association's
    records (they recognise each other's endorsements), scopes disabled on purpose."""
    number = number.strip()
    if not number or not name.strip():
        return None
    with scopes_disabled():
        endorsement = (
            Endorsement.objects.select_related("person", "association")
            .filter(number__iexact=number, level=level)
            .first()
        )
    # A holder may call themselves endorsed while listed (RULES-renewal.md 4): overdue in grace
    # included; lapsed, inactive and revoked not.
    if endorsement is None or not endorsement.standing_on(today).listed:
        return None
    if normalise_name(endorsement.name) != normalise_name(name):
        return None
    return endorsement


def endorsement_moves(endorsement: Endorsement) -> list[EndorsementMove]:
    """The moves of an endorsement the caller may already see (its staff page, or /verify/ on
    any association's site), oldest first, with both associations (one query)."""
    # Read through the endorsement: on /verify/ the page's association may not hold it.
    with scopes_disabled():
        return list(
            EndorsementMove.objects.filter(endorsement=endorsement).select_related(
                "from_association", "to_association"
            )
        )


def issuing_association(endorsement: Endorsement, moves: list[EndorsementMove]) -> Association:
    """The association that issued `endorsement`: the one its first move left, or the one holding
    it when it never moved."""
    return moves[0].from_association if moves else endorsement.association
