"""The workspace's sections as the applicant sees them: entries, each with what the engine made of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from endorse.applications.enums import Status
from endorse.applications.models import Application
from endorse.applications.queries import category_needs, entry_id
from endorse.eligibility import Result
from endorse.references.queries import RequestView, request_view

from .sections import SECTIONS, Section


@dataclass(frozen=True)
class EntryView:
    pk: int
    text: str
    note: str  # why the engine did not count it, or ""
    documents: tuple[Any, ...] = ()
    request: RequestView | None = None  # a reference rater's request
    entry: Any = None  # the row itself, for staff pages' actions

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


def _state(count: int, status: str, any_excluded: bool) -> tuple[str, str]:
    if count == 0:
        return "Not started", "not-started"
    if status == "met":
        return "Complete", "met"
    if status == "pending":
        return "Waiting for staff", "pending"
    if any_excluded:
        return "Needs attention", "not-met"
    return "In progress", "in-progress"


def is_open(application: Application, key: str) -> bool:
    if application.status == Status.CHANGES_REQUESTED:
        return key in application.reopened_sections
    return application.is_editable


def section_views(application: Application, result: Result, *, now: datetime) -> list[SectionView]:
    """The sections the application's category asks for, plus any other that holds entries
    (an imported file's, say), so nothing recorded is out of sight."""
    needs = category_needs(application)
    documents: dict[int, tuple[Any, ...]] = {}
    for document in application.documents.all():
        if document.degree_id is not None:
            documents[document.degree_id] = (*documents.get(document.degree_id, ()), document)
    views = []
    for section in SECTIONS.values():
        requirement = result.requirement(section.requirement)
        reasons = {item.id: item.reason for item in requirement.excluded}
        entries = [
            EntryView(
                pk=entry.pk,
                text=section.describe(entry),
                note=reasons.get(entry_id(section.related_name, entry.pk), ""),
                documents=documents.get(entry.pk, ()) if section.key == "degrees" else (),
                request=request_view(entry, now=now) if section.key == "references" else None,
                entry=entry,
            )
            for entry in getattr(application, section.related_name).all()
        ]
        if not entries and not section.shown(needs):
            continue
        state, css = _state(len(entries), requirement.status, any(e.note for e in entries))
        views.append(SectionView(section, state, css, entries, is_open(application, section.key)))
    return views
