"""The workspace's sections as the applicant sees them: entries, each with what the engine made of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from endorse.applications.enums import Status
from endorse.applications.models import Application
from endorse.applications.queries import NEVER_BLOCKING, entry_id
from endorse.eligibility import Result
from endorse.references.queries import RequestView, request_view

from .sections import SECTIONS, Section

ETHICS_TITLE = "Code of Ethics and Endorsement Agreement"
NOTHING_TO_DO = "nothing for you to do"


@dataclass(frozen=True)
class EntryView:
    pk: int
    text: str
    note: str  # why the engine did not count it, or ""
    documents: tuple[Any, ...] = ()
    request: RequestView | None = None  # a reference rater's request
    entry: Any = None  # the row itself, for staff pages' actions
    # Uncounted only until staff judge it (the applicant's pages say so instead of the note).
    waiting: str = ""

    @property
    def can_edit(self) -> bool:
        return self.request is None or self.request.can_edit

    @property
    def remove_label(self) -> str:
        return "Delete" if self.can_edit else "Withdraw"


@dataclass(frozen=True)
class SectionView:
    section: Section
    state: str
    state_css: str
    entries: list[EntryView]
    open: bool = True  # the applicant may change it now (a draft, or a reopened section)
    optional: bool = False  # not needed when the category or another section covers it


def _state(count: int, status: str, *, own_fixes: bool, only_staff_left: bool) -> tuple[str, str]:
    if count == 0:
        return "Not started", "not-started"
    if status == "met":
        return "Complete", "met"
    if own_fixes:
        return "Needs attention", "not-met"
    if status == "pending" or only_staff_left:
        return "Waiting for staff", "pending"
    return "In progress", "in-progress"


def is_open(application: Application, key: str) -> bool:
    if application.status == Status.CHANGES_REQUESTED:
        return key in application.reopened_sections
    return application.is_editable


def closed_reason(application: Application) -> str:
    """Why a part of `application` cannot be changed now, and what the applicant can do."""
    status = Status(application.status)
    if status == Status.CHANGES_REQUESTED:
        titles = [SECTIONS[k].title for k in application.reopened_sections if k in SECTIONS]
        titles += [ETHICS_TITLE] if "ethics" in application.reopened_sections else []
        return (
            "The coordinator reopened only these parts for changes: "
            f"{'; '.join(titles)}. This part stays as you submitted it."
        )
    if status in (Status.SUBMITTED, Status.UNDER_REVIEW):
        return (
            "Your application is submitted, so it is kept exactly as you sent it and cannot be "
            "changed now. If something must change, the coordinator can reopen a section for "
            "you and will tell you by email."
        )
    return f"This application is {status.label.lower()}: it cannot be changed any more."


def entry_view(section: Section, entry: Any, *, now: datetime | None = None) -> EntryView:
    """One entry as a line of its section (without what the engine made of it)."""
    request = None
    if section.key == "references" and now is not None:
        request = request_view(entry, now=now)
    return EntryView(
        pk=entry.pk, text=section.describe(entry), note="", request=request, entry=entry
    )


def section_views(
    application: Application, result: Result, *, now: datetime, hopeful: Result | None = None
) -> list[SectionView]:
    """Each section with its entries and state. With `hopeful` (the verdict if every judgement
    still with staff went the applicant's way), an entry left out only until staff judge it says
    so, and a section whose only gaps are such entries is waiting for staff, not for the
    applicant."""
    documents: dict[int, tuple[Any, ...]] = {}
    for document in application.documents.all():
        if document.degree_id is not None:
            documents[document.degree_id] = (*documents.get(document.degree_id, ()), document)
    views = []
    for section in SECTIONS.values():
        requirement = result.requirement(section.requirement)
        reasons = {item.id: item.reason for item in requirement.excluded}
        hoped = hopeful.requirement(section.requirement) if hopeful is not None else None
        # What would keep each entry out once staff have judged: the applicant's to fix.
        still_out = {i.id: i.reason for i in hoped.excluded} if hoped is not None else reasons
        entries = []
        for entry in getattr(application, section.related_name).all():
            key = entry_id(section.related_name, entry.pk)
            note = still_out.get(key, "") or reasons.get(key, "")
            entries.append(
                EntryView(
                    pk=entry.pk,
                    text=section.describe(entry),
                    note=note,
                    documents=documents.get(entry.pk, ()) if section.key == "degrees" else (),
                    request=request_view(entry, now=now) if section.key == "references" else None,
                    entry=entry,
                    waiting=section.waiting if note and key not in still_out else "",
                )
            )
        state, css = _state(
            len(entries),
            requirement.status,
            own_fixes=any(e.note and not e.waiting for e in entries),
            only_staff_left=hoped is not None and hoped.status in ("met", "pending"),
        )
        optional = section.optional or requirement.status == "not_required"
        views.append(
            SectionView(section, state, css, entries, is_open(application, section.key), optional)
        )
    return views


@dataclass(frozen=True)
class Blocker:
    title: str
    href: str  # the part of the workspace it is about


def blockers(hopeful: Result) -> list[Blocker]:
    """What still stops a submission (`queries.submission_blockers`), each linking to the section
    of the workspace where the applicant supplies it."""
    anchors = {s.requirement: f"#section-{s.key}" for s in reversed(SECTIONS.values())}
    anchors |= {"ethics": "#section-ethics", "membership": "#section-membership"}
    return [
        Blocker(r.title, anchors.get(r.id, f"#requirement-{r.id}"))
        for r in hopeful.requirements
        if r.status == "not_met" and r.id not in NEVER_BLOCKING
    ]
