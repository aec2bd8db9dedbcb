"""The written examination (PROCESS.md 5): sittings, candidates known to markers only by a code,
Part 1 scores and Part 2 marks from two exam reviewers."""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from endorse.associations.models import current_association_id

# The exam result is a letter: held until the coordinator releases it.
RESULT_LETTER = "exams/email/result"


class ExamSitting(models.Model):
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="exam_sittings",
        default=current_association_id,
    )
    held_on = models.DateField("date")
    place = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[ExamSitting]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-held_on", "-pk")

    def __str__(self) -> str:
        return f"{self.held_on:%-d %B %Y}, {self.place}"


class ExamCandidate(models.Model):
    """One application at one sitting, sitting Part 1, Part 2 or both (a retake: the failed one)."""

    sitting = models.ForeignKey(ExamSitting, on_delete=models.PROTECT, related_name="candidates")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="exam_candidacies"
    )
    code = models.CharField("candidate code", max_length=12, unique=True)
    part1 = models.BooleanField("sits Part 1", default=True)
    part2 = models.BooleanField("sits Part 2", default=True)
    part1_score = models.PositiveSmallIntegerField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ExamCandidate]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("sitting", "code")
        constraints = [
            models.UniqueConstraint(fields=("sitting", "application"), name="once_per_sitting")
        ]

    def __str__(self) -> str:
        return self.code


class Part2Mark(models.Model):
    """One exam reviewer's pass/fail for a candidate's Part 2, given without the candidate's name."""

    candidate = models.ForeignKey(ExamCandidate, on_delete=models.CASCADE, related_name="marks")
    marker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField()
    feedback = models.TextField(blank=True)
    marked_at = models.DateTimeField()

    objects: ClassVar[models.Manager[Part2Mark]] = ScopedManager(
        association="candidate__application__association"
    )

    class Meta:
        ordering = ("candidate", "marked_at")
        constraints = [
            models.UniqueConstraint(fields=("candidate", "marker"), name="one_mark_per_marker")
        ]

    def __str__(self) -> str:
        return f"Part 2 mark for {self.candidate_id}: {'pass' if self.passed else 'fail'}"


def _response_path(instance: Part2Response, filename: str) -> str:
    """A random stored name: nothing in the path names the candidate."""
    return f"exams/part2/{uuid4().hex}.pdf"


class Part2Response(models.Model):
    """A candidate's written Part 2 responses, as the coordinator uploads them after the sitting
    (one PDF). Markers read it under the candidate's code only."""

    candidate = models.OneToOneField(
        ExamCandidate, on_delete=models.CASCADE, related_name="part2_response"
    )
    file = models.FileField(upload_to=_response_path, max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Part2Response]] = ScopedManager(
        association="candidate__application__association"
    )

    def __str__(self) -> str:
        return f"Part 2 responses of {self.candidate_id}"
