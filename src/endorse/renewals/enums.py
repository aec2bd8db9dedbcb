"""The renewal product's states and kinds."""

from __future__ import annotations

from django.db import models


class RenewalState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    SENT_BACK = "sent_back", "Sent back"


class RenewalKind(models.TextChoices):
    """What a `Renewal` record asks for: a renewal (RULES-renewal.md 5) or a reinstatement after
    lapse (RULES-renewal.md 6)."""

    RENEWAL = "renewal", "Renewal"
    REINSTATEMENT = "reinstatement", "Reinstatement"


class FeeStatus(models.TextChoices):
    UNPAID = "unpaid", "Not paid"
    ONLINE_LATER = "online_later", "To be paid online later"
    # Recorded by the coordinator once the online payment came in.
    PAID_ONLINE = "paid_online", "Paid online"
    # An employer paying for a group, a cheque: the coordinator marks it.
    ALTERNATIVE = "alternative", "Paid another way (marked by the coordinator)"


class EntryKind(models.TextChoices):
    TRAINING = "training", "Training"
    RSC = "rsc", "Reflective supervision/consultation received"


class MembershipKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    ORGANIZATIONAL = "organizational", "Organizational"


class EventKind(models.TextChoices):
    HOURS_LOGGED = "hours_logged", "Hours logged"
    HOURS_REMOVED = "hours_removed", "Hours removed"
    PROVIDER_APPROVED = "provider_approved", "RS/C provider approved"
    SUBMITTED = "submitted", "Renewal submitted"
    LAPSED = "lapsed", "Endorsement lapsed"
    PAYMENT_RECORDED = "payment_recorded", "Payment recorded"
    ACCEPTED = "accepted", "Renewal accepted"
    SENT_BACK = "sent_back", "Renewal sent back"
    INACTIVE = "inactive", "Inactive status recorded"
    INACTIVE_REQUESTED = "inactive_asked", "Inactive status asked for"
    INACTIVE_REFUSED = "inactive_refused", "Inactive status refused"
    REACTIVATION_SUBMITTED = "reactivation_in", "Reactivation submitted"
    REACTIVATED = "reactivated", "Endorsement reactivated"
    REINSTATEMENT_SUBMITTED = "reinstatement_in", "Reinstatement submitted"
    REINSTATED = "reinstated", "Endorsement reinstated"
    # A reinstatement's reference request (`data.what` names what happened, as on an
    # application's log: reference_requested, reference_completed…).
    REFERENCE = "reference", "Reference request"


class ReminderKind(models.TextChoices):
    """The renewal reminders (the policy data names their days, choice R38)."""

    WINDOW_OPENED = "window_opened", "The renewal window opened"
    MONTH_BEFORE = "month_before", "A month before the deadline"
    DEADLINE = "deadline", "On the deadline"
    GRACE = "grace", "During the grace period"


class InactiveReason(models.TextChoices):
    """Why a holder steps back (RULES-renewal.md 7)."""

    ILLNESS = "illness", "Illness"
    MOVE = "move", "A move"
    JOB = "job", "A change of job"
    LEAVE = "leave", "Leave"


class InactiveRequestState(models.TextChoices):
    REQUESTED = "requested", "Asked for"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
