"""What an import leaves behind besides the records themselves: the accounts it made (so the
association can invite their people to claim them), what happened to the invitations, and the
imports that run in the background worker with their progress."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from endorse.associations.models import current_association_id


def _association() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="+",
        default=current_association_id,
    )


class ImportedAccount(models.Model):
    """An unclaimed account an association's import made, and its invitation: how many were
    queued (0: never invited) and when; when its person claimed it."""

    association = _association()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    invitations = models.PositiveSmallIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ImportedAccount]] = ScopedManager(association="association")

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=("association", "person"), name="imported_account_once_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"imported account {self.person_id}"


class InvitationEventKind(models.TextChoices):
    INVITED = "invited", "Invited"
    CLAIMED = "claimed", "Claimed"


class InvitationEvent(models.Model):
    """An invitation queued (by whom: none from the command line) or an account claimed."""

    association = _association()
    kind = models.CharField(max_length=10, choices=InvitationEventKind)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[InvitationEvent]] = ScopedManager(association="association")

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class JobState(models.TextChoices):
    WAITING = "waiting", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """A large file's dry run or apply, run by the background worker: the file itself (and its
    portfolio files), the rows done so far, and the report when done."""

    association = _association()
    kind = models.CharField(max_length=20)
    apply = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    # Portfolio files sent with an applications sheet: name → base64 of the file.
    portfolios = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=JobState, default=JobState.WAITING)
    # What it is doing: checking the rows (rows_done of rows_total), then, to apply, writing
    # them all in one transaction (whose progress nothing outside it can see).
    step = models.CharField(max_length=10, default="checking")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # The report as JSON (summary, counts, problems), once done.
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ImportJob]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"import job {self.pk} ({self.state})"
