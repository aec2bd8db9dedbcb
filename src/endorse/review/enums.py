from django.db import models


class Outcome(models.TextChoices):
    """What reviewers propose and the coordinator decides (PROCESS.md 4)."""

    APPROVE = "approve", "Approve to sit the exam"
    ON_HOLD = "on_hold", "On hold (changes requested)"
    DEFER = "defer", "Defer"
