"""Staff pages in words: the application's timeline, letters and evidence entries by their
names, competency domains by the policy's labels. Staff never read an internal identifier
(`t33`, `ref16`, `theoretical_foundations`, `approved_for_exam`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from endorse.applications.enums import (
    COMPETENCY_DOMAINS,
    TRANSCRIPT_STATES,
    EventKind,
    Status,
)
from endorse.applications.evidence import EVIDENCE
from endorse.applications.models import Application
from endorse.eligibility import Result
from endorse.notifications.models import OutboxMessage
from endorse.registry.queries import normalise_name

from .enums import Outcome, letter_name

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
    "association",
)


# Stored values shown in words: an application's status, a transcript's state, an outcome.
WORDS = {
    **dict(Status.choices),
    **{value: label.lower() for value, label in TRANSCRIPT_STATES},
    **dict(Outcome.choices),
}


def _word(value: Any) -> str:
    if isinstance(value, str):
        return WORDS.get(value, value.replace("_", " "))
    return str(value)


def _shown(value: Any) -> str:
    return " and ".join(_word(v) for v in value) if isinstance(value, list) else _word(value)


def event_line(event: Any) -> dict[str, Any]:
    data = event.data or {}
    return {
        "event": event,
        "label": event.get_kind_display(),
        "details": ", ".join(
            f"{k.replace('frm', 'from')} {_shown(data[k])}" for k in SHOWN if k in data
        ),
        "reason": data.get("reason", ""),
        "note": data.get("note", "") if event.kind in NOTED else "",
        "basis": data.get("basis", "") if event.kind in NOTED else "",
    }


# Events whose `note` (the coordinator's, on a verification) the timeline shows.
NOTED = frozenset(
    {
        EventKind.TRANSCRIPT_MARKED,
        EventKind.ENTRY_JUDGED,
        EventKind.PROVIDER_APPROVED,
        EventKind.PROVIDER_UNAPPROVED,
        EventKind.RATER_ENDORSEMENT_VERIFIED,
        EventKind.MEMBERSHIP_VERIFIED,
    }
)


def entry_name(key: str, entry: Any) -> str:
    """An evidence entry as staff name it: a degree by its type, field and institution, a
    training by its title, a licence by its kind, number and issuer, a rater by their name."""
    if key == "degrees":
        parts = [entry.get_type_display(), entry.field, entry.institution]
    elif key == "certificates":
        parts = [entry.title or entry.get_kind_display(), entry.institution]
    elif key == "licenses":
        parts = [f"{entry.get_kind_display()} licence", entry.number, entry.jurisdiction]
    elif key == "trainings":
        parts = [entry.title]
    elif key == "work":
        parts = [entry.position, entry.employer]
    elif key == "leadership":
        activity = entry.activity.strip()
        parts = [activity if len(activity) <= 60 else f"{activity[:59]}…"]
    elif key == "rsc":
        parts = [f"RS/C with {entry.provider_name}", f"from {entry.start_on:%-d %b %Y}"]
    else:
        parts = [entry.name]
    return ", ".join(p for p in parts if p)


def entry_names(application: Application) -> dict[str, str]:
    """Every evidence entry's portfolio id (`t33`) → its name, from the rows
    `applications_with_evidence()` prefetched."""
    return {
        section.entry_id(entry.pk): entry_name(section.key, entry)
        for section in EVIDENCE
        for entry in getattr(application, section.key).all()
    }


def domain_labels(result: Result) -> dict[str, str]:
    """Competency domain ids → the labels of the verdict's policy (the vocabulary's otherwise)."""
    labels = dict(COMPETENCY_DOMAINS)
    for requirement in result.requirements:
        for covered in requirement.details.get("coverage", ()):
            labels[covered["domain"]] = covered["label"]
    return labels


def change_name(change: dict[str, Any], names: dict[str, str]) -> str:
    """The entry a submission change is about, by name (a removed entry by its old values)."""
    if change["id"] in names:
        return names[change["id"]]
    entry = change.get("after") or change.get("before") or {}
    for key in ("title", "name", "provider.name", "position", "activity", "type"):
        if entry.get(key):
            return str(entry[key])
    return ""


def letter_lines(letters: Iterable[OutboxMessage]) -> list[dict[str, Any]]:
    """Letters as staff read them listed: the letter's name, never its template."""
    return [{"message": m, "name": letter_name(m.template)} for m in letters]


def providers(application: Application) -> list[dict[str, Any]]:
    """The application's RS/C providers, one line each however many entries name them (names
    compared as `provider_approve` compares them): one approval covers them all."""
    grouped: dict[str, dict[str, Any]] = {}
    for entry in application.rsc.all():
        line = grouped.setdefault(
            normalise_name(entry.provider_name),
            {"name": entry.provider_name, "entry": entry, "entries": 0, "hours": 0},
        )
        line["entries"] += 1
        line["hours"] += entry.hours
        line["approved"] = line.get("approved", True) and entry.provider_approved
    return [
        line | {"hours": f"{line['hours'].normalize():f}"}
        for line in sorted(grouped.values(), key=lambda line: line["name"].casefold())
    ]
