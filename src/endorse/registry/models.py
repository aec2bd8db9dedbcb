"""The association's register of endorsements: those issued here and those carried over from the
association's earlier records (any level), which is what a rater's claimed endorsement is checked
against."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from endorse.applications.enums import ENDORSEMENT_LEVELS
from endorse.associations.models import current_association_id


class EndorsementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


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
    # The endorsement lapses when this day passes without a renewal.
    renew_by = models.DateField()
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

    def status_on(self, today: date) -> EndorsementStatus:
        """Revoked, expired after `renew_by`, otherwise active (computed, never stored)."""
        if self.revoked_at is not None:
            return EndorsementStatus.REVOKED
        if today > self.renew_by:
            return EndorsementStatus.EXPIRED
        return EndorsementStatus.ACTIVE


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
