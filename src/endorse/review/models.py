"""Review of a submitted application: two reviewers per round, their reviews, the decision."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from .enums import Outcome


class ReviewAssignment(models.Model):
    """Reviewer 1 or 2 of one round (a round is one submission of the application)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()

    objects: ClassVar[models.Manager[ReviewAssignment]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("application", "round", "order")
        constraints = [
            models.UniqueConstraint(
                fields=("application", "round", "order"), name="one_reviewer_per_place"
            ),
            models.UniqueConstraint(
                fields=("application", "round", "reviewer"), name="a_reviewer_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"Reviewer {self.order} of application {self.application_id}, round {self.round}"


class Review(models.Model):
    """One reviewer's review: the competency domains the evidence shows, comments, an outcome."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    competencies = models.JSONField(default=list)
    comments = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome)
    sections = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    objects: ClassVar[models.Manager[Review]] = ScopedManager(
        association="assignment__application__association"
    )

    def __str__(self) -> str:
        return f"Review: {self.get_outcome_display()}"


class Decision(models.Model):
    """The coordinator's record of a round's outcome; the letter is composed from it, held,
    previewed and released separately."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome)
    reason = models.TextField(blank=True)
    sections = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    letter = models.ForeignKey(
        "notifications.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Decision]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("application", "round")
        constraints = [
            models.UniqueConstraint(fields=("application", "round"), name="one_decision_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} (round {self.round})"
