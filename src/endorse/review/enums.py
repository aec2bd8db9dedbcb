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
# What staff call each letter on their pages (never its template's path).
LETTER_NAMES = {
    LETTERS[Outcome.APPROVE]: "Decision letter: approved to sit the exam",
    LETTERS[Outcome.ON_HOLD]: "Decision letter: changes requested",
    LETTERS[Outcome.DEFER]: "Decision letter: deferred",
    RESULT_LETTER: "Exam result letter",
}


def letter_name(template: str) -> str:
    """A letter's name in words; any other email is "Email"."""
    return LETTER_NAMES.get(template, "Email")


# What a transcript's verification rests on when no official transcript was uploaded.
TRANSCRIPT_BASES = {
    "post": "Received by post from the institution",
    "institution_email": "Sent to the association by the institution's registrar",
    "checked": "Checked directly with the institution",
    "other": "Something else (say what in the note)",
}
