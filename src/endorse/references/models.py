"""A rater's answers. Kept apart from `Rater` (which the applicant sees) so that no page of the
applicant's ever loads them."""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.db import models
from django_scopes import ScopedManager


def wording_digest(data: dict[str, Any]) -> str:
    """The SHA-256 of `data`'s canonical JSON (keys sorted, no spaces): equal wordings, equal
    digests, whatever the order of the file's keys. (Migration 0003 uses the same form.)"""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class QuestionSet(models.Model):
    """One wording of the rating form (a questions file as it was), stored once however many
    ratings were answered under it; found by the digest of its content and never changed.

    Not association-owned: a wording holds no one's data and the installation's wordings are
    shared by every association that uses them (the ratings that point at it are scoped).
    """

    digest = models.CharField(max_length=64, unique=True)
    version = models.CharField(max_length=40)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Questions {self.version} ({self.digest[:12]})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a stored wording never changes: ratings were answered under it")
        super().save(*args, **kwargs)


class Rating(models.Model):
    """One rater's rating: a draft until `submitted_at`; then it never changes.

    `question_set` is the exact wording (the questions file as it was) the answers were given
    under, stored once for every rating answered under it.
    A rater with a rating cannot be deleted (`PROTECT`): a request once sent is withdrawn, never
    deleted, so no applicant action can take a confidential rating away.
    """

    rater = models.OneToOneField(
        "applications.Rater", on_delete=models.PROTECT, related_name="rating"
    )
    questions_version = models.CharField(max_length=40)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
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
