"""Staff pages in words: the application's timeline, letters and evidence entries by their
names, competency domains by the policy's labels. Staff never read an internal identifier
(`t33`, `ref16`, `theoretical_foundations`, `approved_for_exam`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import dateformat, timezone

from endorse.applications.enums import (
    COMPETENCY_DOMAINS,
    TRANSCRIPT_STATES,
    EventKind,
    Status,
)
from endorse.applications.evidence import EVIDENCE
from endorse.applications.models import Application
from endorse.conversations.queries import Conversation, ThreadView
from endorse.eligibility import Result
from endorse.notifications.models import OutboxMessage
from endorse.references.queries import RequestView
from endorse.registry.queries import normalise_name
from endorse.workspace.presenters import SectionView, UrlPattern, url_pattern

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


def labelled(values: Iterable[str], labels: Mapping[str, str]) -> str:
    """Ids joined as their labels (`theoretical_foundations` → "Theoretical foundations")."""
    return ", ".join(labels.get(value, value.replace("_", " ")) for value in values)


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


# The file's evidence and timeline, shaped once per page: each entry's links from one reversal
# per pattern (`workspace.presenters.url_pattern`), a rater's notes and rating beside the rater,
# each section's threads, and the timeline's times and names as the template printed them.


class _Links:
    """An application's link patterns (`url_pattern`), each reversed on its first use only: a
    file without degrees reverses none of theirs."""

    def __init__(self, *args: object) -> None:
        self.args = args
        self.made: dict[tuple[object, ...], UrlPattern] = {}

    def __call__(self, viewname: str, *args: object) -> UrlPattern:
        key = (viewname, *args)
        if key not in self.made:
            self.made[key] = url_pattern(viewname, *self.args, *args)
        return self.made[key]


@dataclass(frozen=True)
class FileEntry:
    """An evidence entry of the staff file (`workspace.presenters.EntryView` with the staff's
    links, and a rater's notes and rating)."""

    pk: int
    text: str
    note: str
    entry: Any
    request: RequestView | None
    domains: str = ""  # the competency domains it shows, by the policy's labels
    documents: tuple[tuple[Any, str], ...] = ()  # a degree's transcripts, each with its address
    notes: tuple[str, ...] = ()  # what to check before trusting a rater (`rater_notes`)
    rating: dict[str, Any] | None = None  # a rater's submitted rating (`ratings_shown`)
    mark_url: str = ""  # a degree's transcript to mark (the state in the query string)
    upload_url: str = ""
    judge_url: str = ""  # accept or not (degrees, certificates), verify or not (licences)
    verify_url: str = ""  # a rater's claimed endorsement
    vet_url: str = ""


@dataclass(frozen=True)
class FileSection:
    """A section of the staff file: its entries, state and the threads about it."""

    key: str
    title: str
    state: str
    state_css: str
    entries: list[FileEntry]
    threads: list[ThreadView]
    request_open: bool
    # Whether its entries carry more than their line (degrees, certificates, licences, RS/C,
    # references); the others' entries are their text, note and domains alone.
    details: bool


DETAILED = frozenset({"degrees", "certificates", "licenses", "rsc", "references"})


def file_sections(
    application: Application,
    views: Iterable[SectionView],
    conversation: Conversation,
    *,
    notes: dict[int, list[str]],
    ratings: dict[int, dict[str, Any]],
    labels: Mapping[str, str],
) -> list[FileSection]:
    """The sections of `section_views()` for the staff file."""
    link = _Links(application.pk)
    shaped = []
    for view in views:
        key = view.section.key
        entries = []
        for e in view.entries:
            links: dict[str, Any] = {}
            if key == "degrees":
                links = {
                    "documents": tuple((d, link("staff:document")(d.pk)) for d in e.documents),
                    "mark_url": link("staff:transcript_mark")(e.pk),
                    "upload_url": link("staff:transcript_upload")(e.pk),
                    "judge_url": link("staff:entry_judge", key)(e.pk),
                }
            elif key in ("certificates", "licenses"):
                links = {"judge_url": link("staff:entry_judge", key)(e.pk)}
            elif key == "references":
                links = {
                    "notes": tuple(notes.get(e.pk, ())),
                    "rating": ratings.get(e.pk),
                    "verify_url": link("staff:rater_verify")(e.pk),
                    "vet_url": link("staff:rater_vet")(e.pk),
                }
            competencies = getattr(e.entry, "competencies", None)
            domains = labelled(competencies, labels) if competencies else ""
            entries.append(FileEntry(e.pk, e.text, e.note, e.entry, e.request, domains, **links))
        threads = conversation.for_section(key)
        shaped.append(
            FileSection(
                key=key,
                title=view.section.title,
                state=view.state,
                state_css=view.state_css,
                entries=entries,
                threads=threads,
                request_open=any(t.is_open_request for t in threads),
                details=key in DETAILED,
            )
        )
    return shaped


def _times(moment: datetime) -> dict[str, str]:
    """`moment` as the template's `date` filter printed it (in the current time zone), with
    "c" (ISO 8601) and as read ("j M Y H:i")."""
    local = timezone.localtime(moment)
    return {"iso": local.isoformat(), "when": dateformat.format(local, "j M Y H:i")}


def _event_rest(line: dict[str, Any]) -> str:
    """What an event's line says after its label, as text: its details, who, and why."""
    actor = line["event"].actor
    parts = [f" ({line['details']})" if line["details"] else ""]
    parts.append(f" · {actor if actor else 'the system or a rater'}")
    for key, words in (("reason", "why"), ("basis", "rests on"), ("note", "note")):
        if line[key]:
            parts.append(f" · {words}: {line[key]}")
    return "".join(parts)


def timeline_lines(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines of `conversations.presenters.beside_events` with their time (ISO and as read),
    the actor or author by name, and a message's thread address, for the template to print."""
    link = _Links()
    shaped = []
    for line in lines:
        at = line["at"]
        extra = _times(at)
        if "message" in line:
            thread_url = link("conversations:staff_thread")(line["thread"].pk)
            extra |= {"author": str(line["message"].author), "url": thread_url}
        else:
            extra["rest"] = _event_rest(line)
        shaped.append(line | extra)
    return shaped
