from django.db import models

from endorse.exams.models import RESULT_LETTER


class Outcome(models.TextChoices):
    """What reviewers propose and the coordinator decides (PROCESS.md 4)."""

    APPROVE = "approve", "Approve to sit the exam"
    # For a category that sits no exam under its policy (RULES-categories.md 4.9).
    ENDORSE = "endorse", "Endorse (no exam for this category)"
    ON_HOLD = "on_hold", "On hold (changes requested)"
    DEFER = "defer", "Defer"


LETTERS = {
    Outcome.APPROVE: "review/email/approved",
    Outcome.ENDORSE: "review/email/endorsed",
    Outcome.ON_HOLD: "review/email/on_hold",
    Outcome.DEFER: "review/email/deferred",
}
# Every kind of letter: emails composed held for the coordinator to read and release. Only these
# are shown on staff pages; account emails and rater links (which carry sign-in secrets) never are.
LETTER_TEMPLATES = frozenset({*LETTERS.values(), RESULT_LETTER})
