"""A renewal result as a plain-text checklist, for the terminal."""

from __future__ import annotations

from .checklist import STATUS_WORDS, _detail_lines
from .renewal import RenewalResult
from .rules.context import day_text

KIND_WORDS = {
    "renewal": "Renewal",
    "reinstatement": "Reinstatement after lapse",
    "reactivation": "Reactivation after an inactive period",
}
STANDING_WORDS = {
    "active": "active",
    "renewal_due": "renewal due",
    "overdue": "renewal overdue",
    "inactive": "inactive",
    "lapsed": "lapsed",
    "revoked": "revoked",
}
OVERALL_WORDS = {
    "incomplete": "Incomplete: some requirements are not met yet",
    "awaiting_review": "Awaiting review: the coordinator must decide",
    "renewable": "Renewable: every requirement is met",
    "reinstatable": "Reinstatable: every requirement is met",
    "reactivatable": "Reactivatable: every requirement is met",
    "too_early": "Too early: the renewal window has not opened yet",
    "revoked": "Revoked: the endorsement cannot be renewed",
    "inactive": "Inactive: ask for reactivation instead",
    "lapsed": "Lapsed: ask for reinstatement instead",
}


def render_renewal_checklist(result: RenewalResult) -> str:
    """The result as lines a person reads: the standing and its dates, then each requirement."""
    dates = result.dates
    standing = STANDING_WORDS[result.standing]
    if result.lapsed_on is not None:
        standing += f" since {day_text(result.lapsed_on)}"
    lines = [
        f"{KIND_WORDS[result.kind]}: {result.category_title}, {result.number}",
        f"Renewal policy {result.policy}, as of {day_text(result.as_of)}",
        f"Standing: {standing}",
        f"Renew by {day_text(dates.deadline)} (window opens {day_text(dates.window_opens_on)}, "
        f"grace until {day_text(dates.grace_ends_on)}); period owed "
        f"{day_text(dates.period_start)} to {day_text(dates.period_end)}, "
        f"{dates.years_owed} year{'' if dates.years_owed == 1 else 's'}",
    ]
    if result.evaluation_period is not None:
        start, end = result.evaluation_period
        lines.append(f"Evaluation period: {day_text(start)} to {day_text(end)}")
    if result.late:
        lines.append("Late: submitted after the deadline")
    lines += ["", f"Overall: {OVERALL_WORDS[result.overall]}", ""]
    width = max(len(word) for word in STATUS_WORDS.values()) + 2
    for requirement in result.requirements:
        mark = f"[{STATUS_WORDS[requirement.status]}]".ljust(width + 1)
        lines.append(f"{mark} {requirement.title}: {requirement.summary}")
        lines.extend(f"{' ' * (width + 2)}{line}" for line in _detail_lines(requirement))
    return "\n".join(lines) + "\n"
