"""What an endorsee records for renewal, their renewals, and the renewal events (the audit
trail, and the lapse recorded once per endorsement and lapse day)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from endorse.applications.enums import PROVIDER_ENDORSEMENTS
from endorse.associations.models import current_association_id

from .enums import (
    EntryKind,
    EventKind,
    FeeStatus,
    InactiveReason,
    InactiveRequestState,
    MembershipKind,
    ReminderKind,
    RenewalKind,
    RenewalState,
)


def _association() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="+",
        default=current_association_id,
    )


class LoggedHours(models.Model):
    """Hours of training or of RS/C received, logged when they happen (not all in December)."""

    association = _association()
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logged_hours"
    )
    kind = models.CharField(max_length=10, choices=EntryKind, default=EntryKind.TRAINING)
    on = models.DateField("date")
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    topic = models.CharField(max_length=200)
    # Training: what it covered beyond infant mental health (RULES-renewal.md 5.1).
    dei = models.BooleanField("on diversity, equity and inclusion", default=False)
    rsc_provision = models.BooleanField("on providing RS/C", default=False)
    # RS/C received: who provided it and the endorsement they hold (blank: none, or not known);
    # the coordinator approves the provider. Only an approved provider holding an endorsement of
    # the category's list counts (RULES-renewal.md 5.2).
    provider_name = models.CharField(max_length=200, blank=True)
    provider_endorsement = models.CharField(
        "the provider's endorsement", max_length=10, choices=PROVIDER_ENDORSEMENTS, blank=True
    )
    provider_approved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[LoggedHours]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-on", "-pk")
        verbose_name_plural = "logged hours"

    def __str__(self) -> str:
        return f"{self.hours} h {self.kind} on {self.on}"

    @property
    def awaiting_provider_approval(self) -> bool:
        """RS/C received from a named provider the coordinator has not approved yet."""
        return (
            self.kind == EntryKind.RSC
            and not self.provider_approved
            and bool(self.provider_name.strip())
        )


class Renewal(models.Model):
    """One submitted renewal: a person's endorsements that owe the same period, the re-signed
    attestation, the membership and how the fee is paid.

    A reinstatement after lapse (`kind`, RULES-renewal.md 6) is one too: one lapsed endorsement,
    `period_start` = `period_end` = its lapse day `L`, and its reference raters
    (`applications.Rater.reinstatement`)."""

    association = _association()
    kind = models.CharField(max_length=14, choices=RenewalKind, default=RenewalKind.RENEWAL)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="renewals"
    )
    endorsements = models.ManyToManyField("registry.Endorsement", related_name="renewals")
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=12, choices=RenewalState, default=RenewalState.SUBMITTED)
    attested_at = models.DateTimeField()
    attested_name = models.CharField("name typed to sign", max_length=200)
    no_sanction = models.BooleanField()
    membership_kind = models.CharField(max_length=20, choices=MembershipKind)
    membership_id = models.CharField("member number", max_length=100, blank=True)
    membership_expires_on = models.DateField(null=True, blank=True)
    fee_status = models.CharField(max_length=20, choices=FeeStatus, default=FeeStatus.UNPAID)
    fee_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fee_note = models.CharField(max_length=200, blank=True)
    # Set when the coordinator records the payment: the day, and the amount owed then (the fee,
    # plus the late fee when submitted after the deadline; computed, never typed).
    fee_paid_on = models.DateField(null=True, blank=True)
    fee_paid_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField()
    # Accepted or sent back: when and by whom (the reason of a sending back is on its event).
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects: ClassVar[models.Manager[Renewal]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("association", "person", "kind", "period_end"),
                condition=~models.Q(state="sent_back"),
                name="renewal_once_per_period_and_kind",
            )
        ]

    def __str__(self) -> str:
        if self.kind == RenewalKind.REINSTATEMENT:
            return f"Reinstatement after the lapse on {self.period_end} ({self.state})"
        return f"Renewal through {self.period_end} ({self.state})"


class RenewalEvent(models.Model):
    """What happened in renewal, for the audit trail. A lapse is recorded once per endorsement
    and lapse day (the job that records it may run twice)."""

    association = _association()
    kind = models.CharField(max_length=20, choices=EventKind)
    # Whose renewal or endorsement it is (a carried-over endorsement may have no account).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    renewal = models.ForeignKey(Renewal, on_delete=models.PROTECT, null=True, blank=True)
    endorsement = models.ForeignKey(
        "registry.Endorsement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on = models.DateField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[RenewalEvent]] = ScopedManager(association="association")

    class Meta:
        ordering = ("at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("endorsement", "on"),
                condition=models.Q(kind="lapsed"),
                name="lapse_recorded_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.on or self.at:%Y-%m-%d}"


class RenewalReminder(models.Model):
    """A renewal reminder sent: at most one of each kind per endorsement and period owed
    (the job that sends them may run twice, or late)."""

    association = _association()
    endorsement = models.ForeignKey(
        "registry.Endorsement", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind)
    # `D` of the period the reminder is about.
    deadline = models.DateField()
    sent_on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[RenewalReminder]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-sent_on", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("endorsement", "deadline", "kind"), name="reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.deadline} sent {self.sent_on}"


class InactivePeriod(models.Model):
    """An inactive period of an endorsement (RULES-renewal.md 7): from `start_on` to the day
    before `reactivated_on` (open while that is null). The reactivation the holder submits is
    recorded on it until a coordinator accepts it."""

    association = _association()
    endorsement = models.ForeignKey(
        "registry.Endorsement", on_delete=models.PROTECT, related_name="inactive_periods"
    )
    start_on = models.DateField()
    reason = models.CharField(max_length=20, choices=InactiveReason)
    reactivated_on = models.DateField(null=True, blank=True)
    # The reactivation submitted (what the holder signs and declares), null before it.
    reactivation_submitted_on = models.DateField(null=True, blank=True)
    reactivation_signed_name = models.CharField(max_length=200, blank=True)
    reactivation_no_sanction = models.BooleanField(default=True)
    reactivation_membership_kind = models.CharField(
        max_length=20, choices=MembershipKind, blank=True
    )
    reactivation_membership_id = models.CharField(max_length=100, blank=True)
    reactivation_membership_expires_on = models.DateField(null=True, blank=True)
    reactivation_fee_status = models.CharField(
        max_length=20, choices=FeeStatus, default=FeeStatus.UNPAID
    )
    # Set when the coordinator records the reactivation fee as paid (RULES-renewal.md 7): the
    # day, the policy's reactivation fee then (computed, never typed), who and a note.
    reactivation_fee_paid_on = models.DateField(null=True, blank=True)
    reactivation_fee_paid_amount = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    reactivation_fee_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reactivation_fee_note = models.CharField(max_length=200, blank=True)
    reactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[InactivePeriod]] = ScopedManager(association="association")

    class Meta:
        ordering = ("start_on", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("endorsement",),
                condition=models.Q(reactivated_on__isnull=True),
                name="one_open_inactive_period",
            )
        ]

    def __str__(self) -> str:
        return f"Inactive from {self.start_on}"


class InactiveRequest(models.Model):
    """The holder's request for inactive status for one endorsement. RULES-renewal.md 7 has the
    coordinator record the period: granting the request records it (`period`), from the day it
    is granted."""

    association = _association()
    endorsement = models.ForeignKey(
        "registry.Endorsement", on_delete=models.PROTECT, related_name="inactive_requests"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=InactiveReason)
    requested_on = models.DateField()
    state = models.CharField(
        max_length=10, choices=InactiveRequestState, default=InactiveRequestState.REQUESTED
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period = models.OneToOneField(
        InactivePeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="request"
    )
    # Why the coordinator refused it (state `refused`); the holder reads it.
    refused_reason = models.TextField(blank=True)

    objects: ClassVar[models.Manager[InactiveRequest]] = ScopedManager(association="association")

    class Meta:
        ordering = ("requested_on", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("endorsement",),
                condition=models.Q(state="requested"),
                name="one_open_inactive_request",
            )
        ]

    def __str__(self) -> str:
        return f"Inactive status asked on {self.requested_on} ({self.state})"
