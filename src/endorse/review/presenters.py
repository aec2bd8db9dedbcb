"""The application's timeline in words."""

from __future__ import annotations

from typing import Any

LABELS = {
    "started": "Application started",
    "imported": "Imported from a portfolio file",
    "status": "Status changed",
    "evidence_added": "Evidence added",
    "evidence_changed": "Evidence changed",
    "evidence_deleted": "Evidence deleted",
    "judgement_reset": "Staff judgement reset: the applicant changed what it rested on",
    "ethics_signed": "Code of Ethics signed",
    "document_uploaded": "Document uploaded",
    "document_removed": "Document removed",
    "reference_requested": "Reference requested",
    "reference_opened": "Rater started",
    "reference_completed": "Rating completed",
    "reference_declined": "Rater declined",
    "reference_expired": "Reference request expired",
    "reference_reminded": "Rater reminded",
    "reference_nudged": "Rater reminded by the applicant",
    "reference_withdrawn": "Reference request withdrawn",
    "reference_replaced": "Rater replaced",
    "reference_email_undelivered": "Email to a rater not delivered",
    "rater_endorsement_verified": "Rater's endorsement verified",
    "transcript_marked": "Transcript marked",
    "entry_judged": "Entry judged",
    "provider_approved": "RS/C provider approved",
    "provider_unapproved": "RS/C provider approval withdrawn",
    "membership_verified": "Membership verified",
    "reviewers_assigned": "Reviewers assigned",
    "review_submitted": "Review submitted",
    "reviews_agree": "Reviewers agree",
    "reviews_disagree": "Reviewers disagree",
    "reviews_reopened": "Reviewers asked to review again",
    "decision_recorded": "Decision recorded",
    "letter_released": "Letter released",
    "exam_registered": "Registered for the exam",
    "exam_part1_scored": "Exam Part 1 scored",
    "exam_part2_marked": "Exam Part 2 marked",
    "exam_result": "Exam result final",
    "endorsement_issued": "Endorsement issued",
    "endorsement_revoked": "Endorsement revoked",
}

# Event details shown beside the label (never a rating's content: events do not hold it).
SHOWN = (
    "frm",
    "to",
    "state",
    "outcome",
    "result",
    "number",
    "provider",
    "round",
    "order",
    "score",
    "judgement",
    "fields",
)


def _shown(value: Any) -> str:
    return " and ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def event_line(event: Any) -> dict[str, Any]:
    data = event.data or {}
    return {
        "event": event,
        "label": LABELS.get(event.kind, event.kind.replace("_", " ").capitalize()),
        "details": ", ".join(
            f"{k.replace('frm', 'from')} {_shown(data[k])}" for k in SHOWN if k in data
        ),
        "reason": data.get("reason", ""),
    }
