"""A rater's answers. Kept apart from `Rater` (which the applicant sees) so that no page of the
applicant's ever loads them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django_scopes import ScopedManager


class Rating(models.Model):
    """One rater's rating: a draft until `submitted_at`; then it never changes.

    `questions` is the exact wording (the questions file as it was) the answers were given under.
    A rater with a rating cannot be deleted (`PROTECT`): a request once sent is withdrawn, never
    deleted, so no applicant action can take a confidential rating away.
    """

    rater = models.OneToOneField(
        "applications.Rater", on_delete=models.PROTECT, related_name="rating"
    )
    questions_version = models.CharField(max_length=40)
    questions = models.JSONField()
    answers = models.JSONField(default=dict)
    known_years = models.DecimalField(
        "years known", max_digits=4, decimal_places=1, null=True, blank=True
    )
    recommendation = models.CharField(max_length=40, blank=True)
    comments = models.TextField(blank=True)
    started_at = models.DateTimeField()
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Rating]] = ScopedManager(association="rater__association")

    def __str__(self) -> str:
        return f"Rating by rater {self.rater_id}"
