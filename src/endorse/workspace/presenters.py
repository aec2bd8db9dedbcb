"""The workspace's sections as the applicant sees them: entries, each with what the engine made of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse

from endorse.applications.enums import EventKind, Status
from endorse.applications.models import Application, ApplicationEvent
from endorse.applications.queries import NEVER_BLOCKING, category_needs, entry_id
from endorse.eligibility import Result
from endorse.eligibility.calendar import add_years
from endorse.exams.models import ExamCandidate
from endorse.references.enums import RequestState
from endorse.references.queries import RequestView, request_view

from .queries import APPLICANT_EVENTS, STATUS_WORDS
from .sections import SECTIONS, Section

ETHICS_TITLE = "Code of Ethics and Endorsement Agreement"
NOTHING_TO_DO = "nothing for you to do"


# An id no row has: a pattern is reversed once with it, and each row's id formatted in.
_MARKER = 9_007_199_254_740_993


@dataclass(frozen=True)
class UrlPattern:
    """An address with a row's id to fill in: `pattern(pk)`."""

    head: str
    tail: str

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def url_pattern(viewname: str, *args: object) -> UrlPattern:
    """The address of `viewname` with `args` and a last id to fill in per row: reversed once per
    page, where reversing per row is much of a long page's time. `url_pattern(name, *args)(pk)`
    is `reverse(name, args=[*args, pk])`."""
    head, _, tail = reverse(viewname, args=[*args, _MARKER]).rpartition(f"/{_MARKER}/")
    return UrlPattern(f"{head}/", f"/{tail}")


@dataclass(frozen=True)
class DocumentLink:
    """An uploaded transcript as the applicant's workspace lists it."""

    name: str
    size: int
    url: str
    remove_url: str  # "" when the section is closed


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
    # The applicant's links (`section_views(..., links=True)`), "" where they may not follow one.
    edit_url: str = ""
    remove_url: str = ""
    upload_url: str = ""
    document_links: tuple[DocumentLink, ...] = ()

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
    add_url: str = ""  # the applicant's link to add an entry (with `links`, when open)


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
    application: Application,
    result: Result,
    *,
    now: datetime,
    hopeful: Result | None = None,
    links: bool = False,
) -> list[SectionView]:
    """Each section with its entries and state. With `hopeful` (the verdict if every judgement
    still with staff went the applicant's way), an entry left out only until staff judge it says
    so, and a section whose only gaps are such entries is waiting for staff, not for the
    applicant. Only the sections the application's category asks for are shown, plus any other
    that holds entries (an imported file's, say), so nothing recorded is out of sight. With
    `links`, each entry carries the applicant's links (each pattern reversed once per page)."""
    needs = category_needs(application)
    pk = application.pk
    if links:
        document_url = url_pattern("applications:document", pk)
        document_remove_url = url_pattern("applications:document_remove", pk)
        upload_url = url_pattern("applications:transcript_upload", pk)
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
        open_ = is_open(application, section.key)
        degrees, references = section.key == "degrees", section.key == "references"
        if links:
            edit_url = url_pattern("applications:entry_edit", pk, section.key)
            remove_url = url_pattern("applications:entry_delete", pk, section.key)
        entries = []
        for entry in getattr(application, section.related_name).all():
            key = entry_id(section.related_name, entry.pk)
            note = still_out.get(key, "") or reasons.get(key, "")
            request = request_view(entry, now=now) if references else None
            own = documents.get(entry.pk, ()) if degrees else ()
            shown: dict[str, Any] = {}
            if links and open_:
                can_edit = request is None or request.can_edit
                shown = {
                    "edit_url": edit_url(entry.pk) if can_edit else "",
                    "remove_url": remove_url(entry.pk)
                    if request is None or request.state != RequestState.COMPLETED
                    else "",
                    "upload_url": upload_url(entry.pk) if degrees else "",
                }
            if links:
                shown["document_links"] = tuple(
                    DocumentLink(
                        d.original_name,
                        d.size,
                        document_url(d.pk),
                        document_remove_url(d.pk) if open_ else "",
                    )
                    for d in own
                )
            view = EntryView(
                pk=entry.pk,
                text=section.describe(entry),
                note=note,
                documents=own,
                request=request,
                entry=entry,
                waiting=section.waiting if note and key not in still_out else "",
                **shown,
            )
            entries.append(view)
        if not entries and not section.shown(needs):
            continue
        state, css = _state(
            len(entries),
            requirement.status,
            own_fixes=any(e.note and not e.waiting for e in entries),
            only_staff_left=hoped is not None and hoped.status in ("met", "pending"),
        )
        optional = section.optional or requirement.status == "not_required"
        add = reverse("applications:entry_add", args=[pk, section.key]) if links and open_ else ""
        views.append(SectionView(section, state, css, entries, open_, optional, add))
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


@dataclass(frozen=True)
class Moment:
    at: datetime
    text: str


def timeline(events: Iterable[ApplicationEvent]) -> list[Moment]:
    """The events an applicant may see (`queries.events_for_applicant`), in their words."""
    moments = []
    for event in events:
        if event.kind == EventKind.STATUS:
            text = STATUS_WORDS.get(event.data.get("to", ""), "")
        else:
            text = APPLICANT_EVENTS.get(event.kind, "")
        if text:
            moments.append(Moment(event.created_at, text))
    return moments


@dataclass(frozen=True)
class NextStep:
    text: str
    yours: bool  # something for the applicant to do (otherwise they wait for the association)


def next_step(
    application: Application,
    *,
    missing: int,
    candidacy: ExamCandidate | None,
    endorsement: Any,
    today: date,
) -> NextStep:
    """What happens next for `application`, at whatever stage it is, and whose move it is."""
    status = Status(application.status)
    if status == Status.DRAFT:
        if missing:
            return NextStep("Add what is still missing (listed above), then submit.", True)
        return NextStep("Check your answers and submit your application.", True)
    if status == Status.SUBMITTED:
        return NextStep(
            "The coordinator checks that your application is complete, then the reviewers read "
            "it. Nothing for you to do now: you will hear by email.",
            False,
        )
    if status == Status.UNDER_REVIEW:
        return NextStep(
            "Two reviewers are reading your application. Nothing for you to do now: the "
            "decision comes as a letter.",
            False,
        )
    if status == Status.CHANGES_REQUESTED:
        return NextStep(
            "Change the sections the coordinator reopened, then submit your application again.",
            True,
        )
    if status == Status.APPROVED_FOR_EXAM:
        if candidacy is not None and candidacy.finalized_at is None:
            sitting = candidacy.sitting
            parts = " and ".join(
                name
                for name, sits in (("Part 1", candidacy.part1), ("Part 2", candidacy.part2))
                if sits
            )
            if sitting.held_on >= today:
                return NextStep(
                    f"Sit the written exam ({parts}) on {sitting.held_on:%-d %B %Y} at "
                    f"{sitting.place}. Your candidate code is {candidacy.code}.",
                    True,
                )
            return NextStep(
                f"Your exam of {sitting.held_on:%-d %B %Y} is being marked. The result comes "
                "as a letter.",
                False,
            )
        until = ""
        if application.approved_on is not None:
            valid = add_years(application.approved_on, 1)
            until = f" Your approval to sit the exam is valid until {valid:%-d %B %Y}."
        return NextStep(
            "The coordinator registers you for a sitting of the written exam and tells you its "
            f"date and place.{until}",
            False,
        )
    if status == Status.ENDORSED and endorsement is not None:
        return NextStep(
            f"You are endorsed. Renew your endorsement by {endorsement.renew_by:%-d %B %Y}.", True
        )
    if status == Status.DEFERRED:
        return NextStep(
            "This round is closed; your letter says why. You may apply again later.", False
        )
    return NextStep(f"This application is {status.label.lower()}. Nothing more happens.", False)
