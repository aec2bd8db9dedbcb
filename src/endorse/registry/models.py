"""The association's register of endorsements: those issued here and those carried over from the
association's earlier records (any level), which is what a rater's claimed endorsement is checked
against."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from endorse.applications.enums import ENDORSEMENT_LEVELS
from endorse.associations.models import current_association_id
from endorse.eligibility import renewal_file
from endorse.eligibility.renewal_standing import Standing, renewal_dates, standing_on

# The standing words of RULES-renewal.md 4, as people read them.
STANDING_LABELS = {
    "active": "Active",
    "renewal_due": "Renewal due",
    "overdue": "Overdue",
    "inactive": "Inactive",
    "lapsed": "Lapsed",
    "revoked": "Revoked",
}


def engine_endorsement(
    *,
    number: str,
    category: str,
    issued_on: date,
    reinstated_on: date | None,
    renewed_through: date | None,
    revoked_at: datetime | None,
    inactive: tuple[renewal_file.InactivePeriod, ...] = (),
) -> renewal_file.Endorsement:
    """An endorsement's recorded dates as the renewal engine reads them."""
    return renewal_file.Endorsement(
        number=number,
        category=category,
        issued_on=issued_on,
        reinstated_on=reinstated_on,
        renewed_through=renewed_through,
        revoked_on=timezone.localdate(revoked_at) if revoked_at else None,
        inactive=inactive,
    )


class Endorsement(models.Model):
    # The association that issued it or holds it now (a holder who moves takes it along).
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="endorsements",
        default=current_association_id,
    )
    number = models.CharField("endorsement number", max_length=50, unique=True)
    name = models.CharField("name as endorsed", max_length=200)
    level = models.CharField(max_length=4, choices=ENDORSEMENT_LEVELS)
    category = models.CharField(max_length=100)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsements",
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsement",
    )
    issued_on = models.DateField()
    # The deadline of the last accepted renewal (31 December of a cycle year); null before one.
    renewed_through = models.DateField(null=True, blank=True)
    reinstated_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    listed = models.BooleanField("listed in the public registry", default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Endorsement]] = ScopedManager(association="association")

    class Meta:
        ordering = ("number",)

    def __str__(self) -> str:
        return f"{self.number} {self.name} (Level {self.level})"

    def for_engine(self) -> renewal_file.Endorsement:
        """Its recorded dates as the renewal engine reads them (RULES-renewal.md 2)."""
        return engine_endorsement(
            number=self.number,
            category=self.category,
            issued_on=self.issued_on,
            reinstated_on=self.reinstated_on,
            renewed_through=self.renewed_through,
            revoked_at=self.revoked_at,
            inactive=self.inactive_for_engine(),
        )

    def inactive_for_engine(self) -> tuple[renewal_file.InactivePeriod, ...]:
        """Its recorded inactive periods (renewals app; prefetch `inactive_periods` when
        reading many)."""
        if self.pk is None:
            return ()
        return tuple(
            renewal_file.InactivePeriod(period.start_on, period.reactivated_on)
            for period in self.inactive_periods.all()
        )

    def standing_on(self, today: date) -> Standing:
        """Its standing on `today` under its association's renewal policy (computed from the
        recorded dates, never stored). Load `association` with the rows when reading many."""
        return standing_on(self.for_engine(), self.association.renewal, today)

    @property
    def renew_by(self) -> date:
        """The deadline owed by the recorded dates: 31 December of the year a renewal is next
        due (`D` of RULES-renewal.md 1, with every recorded date counted)."""
        return renewal_dates(self.for_engine(), self.association.renewal, date.max).deadline


class NumberSequence(models.Model):
    """The last endorsement number handed out per prefix; its row is locked while issuing, so
    numbers are sequential and never repeat, whoever issues at the same moment."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last}"


class EndorsementMove(models.Model):
    """An endorsement moved to another association when its holder moved: its number stays,
    its association changes, and this row keeps the history. It belongs to both associations;
    it is scoped through its endorsement (the association holding it now), and read only
    through the endorsement (`queries.endorsement_history`): the association it left no
    longer sees the endorsement, nor so its moves."""

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="moves")
    from_association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="+"
    )
    to_association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moved_at = models.DateTimeField()

    objects: ClassVar[models.Manager[EndorsementMove]] = ScopedManager(
        association="endorsement__association"
    )

    class Meta:
        ordering = ("moved_at", "pk")

    def __str__(self) -> str:
        return f"{self.endorsement_id}: {self.from_association_id} → {self.to_association_id}"
