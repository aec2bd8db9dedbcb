"""Staff pages: the coordinator's queue and file of each application, verification, review
assignment and decisions, letters; the reviewer's assigned applications and review form.

Every view is behind `staff_required` (role, else 404; two-factor sign-in, else set it up).
Reviewers reach only applications assigned to them; anything else is a 404.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person, staff_required
from endorse.accounts.roles import Role, has_role
from endorse.applications.domain import TransitionError, document_upload
from endorse.applications.enums import Status
from endorse.applications.forms import DocumentForm
from endorse.applications.models import (
    Application,
    Degree,
    Document,
)
from endorse.applications.queries import accepted_degree_types, applications_with_evidence
from endorse.conversations.presenters import beside_events
from endorse.conversations.queries import conversation_for
from endorse.notifications.delivery import build_email
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.presenters import present_result
from endorse.workspace.presenters import section_views, url_pattern
from endorse.workspace.views import document_response

from . import domain
from .enums import LETTER_TEMPLATES
from .forms import (
    SECTION_TITLES,
    AssignForm,
    DecisionForm,
    QueueFilterForm,
    ReasonForm,
    ReviewForm,
)
from .models import ReviewAssignment
from .presenters import (
    change_name,
    domain_labels,
    entry_names,
    event_line,
    file_sections,
    letter_lines,
    providers,
    timeline_lines,
)
from .queries import (
    file_residency,
    needs_action,
    queue,
    queue_on_page,
    reviewers,
    reviews_needed,
    staff_file,
    staff_file_applications,
)

coordinator_only = staff_required(Role.COORDINATOR)
reviewing_staff = staff_required(Role.COORDINATOR, Role.REVIEWER)


def _staff_application(
    request: HttpRequest, pk: int, applications: QuerySet[Application] | None = None
) -> Application:
    """The application (from `applications`, else with its evidence), for the coordinator; for a
    reviewer only when assigned to it."""
    person = signed_in_person(request)
    found = applications if applications is not None else applications_with_evidence()
    application = get_object_or_404(found, pk=pk)
    if has_role(person, Role.COORDINATOR):
        return application
    if ReviewAssignment.objects.filter(application=application, reviewer=person).exists():
        return application
    raise Http404("no such application")


def _back(pk: int, anchor: str = "") -> HttpResponse:
    url = reverse("staff:application", kwargs={"pk": pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except TransitionError as error:
        messages.error(request, f"Not done: {error}.")
        return False
    messages.success(request, done)
    return True


# Where /staff/ sends a person who holds a staff role but not the coordinator's.
OWN_WORK = ((Role.REVIEWER, "staff:reviews"), (Role.EXAM_REVIEWER, "exams:marking"))


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """/staff/: the coordinator's queue; a reviewer or exam reviewer is sent to their own work
    (anyone else gets the queue's 404)."""
    person = signed_in_person(request)
    if not has_role(person, Role.COORDINATOR):
        for role, page in OWN_WORK:
            if has_role(person, role):
                return redirect(page)
    response: HttpResponse = queue_page(request)
    return response


@coordinator_only
def queue_page(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    chosen = form.chosen()
    shown = queue_on_page(chosen, request.GET.get("cursor", ""))
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)  # from a bookmark of the numbered pages
    context = {
        "form": form,
        "page": shown.page,
        "status_counts": [
            (value, label, shown.by_status[value]) for value, label in Status.choices
        ],
        "query": query.urlencode(),
    }
    return render(request, "review/queue.html", context)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a name may start with "=")."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


@coordinator_only
def queue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The queue as filtered, as CSV (streamed, so any size is fine)."""
    chosen = QueueFilterForm(request.GET or None).chosen()
    writer = csv.writer(_Echo())
    header = [
        "id",
        "name",
        "email",
        "category",
        "status",
        "policy",
        "submitted",
        "updated",
        "endorsement",
    ]

    def rows() -> Any:
        yield writer.writerow(header)
        for a in queue(chosen).iterator(chunk_size=500):
            endorsement = getattr(a, "endorsement", None)
            yield writer.writerow(
                _cell(value)
                for value in [
                    a.pk,
                    a.applicant.name,
                    a.applicant.email,
                    a.get_category_display(),
                    a.get_status_display(),
                    a.policy,
                    timezone.localtime(a.submitted_at).isoformat() if a.submitted_at else "",
                    timezone.localtime(a.updated_at).isoformat(),
                    endorsement.number if endorsement else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="applications-{timezone.localdate()}.csv"'
    )
    return response


@coordinator_only
def needs_action_page(request: HttpRequest) -> HttpResponse:
    lists = needs_action(now=timezone.now())
    lists["letters"] = letter_lines(lists["letters"])
    return render(request, "review/needs_action.html", {"lists": lists})


def _file_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The staff file (`queries.staff_file`) shaped for the page, with the forms its actions use."""
    found = staff_file(application, today=timezone.localdate())
    result, events, ask_again = found.pop("result"), found.pop("events"), found.pop("ask_again")
    found["letters"] = letter_lines(found["letters"])
    names = entry_names(application)
    for change in found["changes"]:
        change["name"] = change_name(change, names)
    is_coordinator = has_role(signed_in_person(request), Role.COORDINATOR)
    under_review = is_coordinator and application.status == Status.UNDER_REVIEW
    conversation = conversation_for(application, staff=True, today=timezone.localdate())
    labels = domain_labels(result)
    sections = file_sections(
        application,
        section_views(application, result, now=timezone.now()),
        conversation,
        notes=found.pop("rater_notes"),
        ratings=found.pop("ratings"),
        labels=labels,
    )
    lines = providers(application)
    approve_url = url_pattern("staff:provider_approve", application.pk) if lines else None
    return found | {
        "conversation": conversation,
        "is_coordinator": is_coordinator,
        "residency": file_residency(application, request.association),  # type: ignore[attr-defined]
        "sections": sections,
        "result": present_result(result, names),
        "domain_labels": labels,
        "providers": [p | {"url": approve_url(p["entry"].pk)} for p in lines if approve_url],
        # Degree types a reviewer accepts or not for this category (`other`; an Associate's
        # associate's degrees, RULES-categories.md 4.1).
        "accepted_types": accepted_degree_types(application),
        "section_titles": SECTION_TITLES,
        "overall": result.overall,
        "timeline": timeline_lines(beside_events([event_line(e) for e in events], conversation)),
        # Only a submitted file is assigned: the reviewers to choose from are read for it alone.
        "assign_form": AssignForm(
            reviewers=reviewers(),
            needed=found["reviews_of"],
            initial=dict(zip(("first", "second"), (r.pk for r in ask_again), strict=False)),
        )
        if is_coordinator and application.status == Status.SUBMITTED
        else None,
        # The decision and the reopening are offered on a file under review alone (the first
        # when the reviewers agree): their forms are built for it only.
        "decision_form": DecisionForm(
            initial={"outcome": found["agreed"]}, outcomes=domain.outcomes_for(application)
        )
        if under_review and found["agreed"]
        else None,
        "reason_form": ReasonForm() if under_review else None,
    }


@reviewing_staff
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _staff_application(request, pk, staff_file_applications())
    return render(request, "review/application.html", _file_context(request, application))


@reviewing_staff
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    application = _staff_application(request, pk)
    document = get_object_or_404(Document, pk=document_pk, application=application)
    return document_response(document)


@coordinator_only
def transcript_upload(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    degree = get_object_or_404(Degree, pk=entry_pk, application_id=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_upload(
                application=degree.application,
                degree=degree,
                upload=form.cleaned_data["file"],
                actor=signed_in_person(request),
                by_staff=True,
            )
        except ValueError as error:  # TransitionError included
            form.add_error("file", str(error))
        else:
            messages.success(request, "The official transcript is uploaded.")
            return _back(pk, f"degree-{degree.pk}")
    context = {"application": degree.application, "degree": degree, "form": form, "staff": True}
    return render(request, "workspace/upload.html", context, status=400 if form.errors else 200)


@coordinator_only
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    needed = reviews_needed(application)
    form = AssignForm(request.POST, reviewers=reviewers(), needed=needed)
    if not form.is_valid():
        messages.error(
            request, f"Not done: choose {'two reviewers' if needed == 2 else 'a reviewer'}."
        )
    else:
        chosen = form.chosen()
        _attempt(
            request,
            lambda: domain.review_start(
                application=application, reviewers=chosen, actor=signed_in_person(request)
            ),
            "Reviewers assigned; the application is under review.",
        )
    return _back(pk, "review")


@coordinator_only
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    form = DecisionForm(request.POST, outcomes=domain.outcomes_for(application))
    if not form.is_valid():
        messages.error(request, "Not done: choose the outcome.")
    elif _attempt(
        request,
        lambda: domain.decision_record(
            application=application,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            sections=form.cleaned_data["sections"],
            actor=signed_in_person(request),
        ),
        "The decision is recorded. Read the letter, then release it.",
    ):
        decision = application.decisions.order_by("-round").first()
        if decision is not None and decision.letter_id:
            return redirect("staff:letter", pk=decision.letter_id)
    return _back(pk, "review")


@coordinator_only
@require_POST
def reviews_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: domain.reviews_reopen(
                application=application,
                actor=signed_in_person(request),
                reason=form.cleaned_data["reason"],
            ),
            "The reviewers are asked to review again.",
        )
    else:
        messages.error(request, "Not done: give the reviewers a reason.")
    return _back(pk, "review")


@coordinator_only
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter as it will be (or was) sent: subject and text. Only decision and result letters:
    any other email (a password reset, a rater's link) is a 404 here."""
    message = get_object_or_404(
        OutboxMessage.objects.select_related("application"),
        pk=pk,
        template__in=LETTER_TEMPLATES,
    )
    email = build_email(message)
    html = next((c for c, mime in email.alternatives if mime == "text/html"), "")
    context = {"message": message, "email": email, "html": html}
    return render(request, "review/letter.html", context)


@coordinator_only
@require_POST
def letter_release(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        OutboxMessage, pk=pk, status=MessageStatus.HELD, template__in=LETTER_TEMPLATES
    )
    domain.letter_release(message=message, actor=signed_in_person(request))
    messages.success(request, "The letter is released and on its way.")
    if message.application_id:
        return _back(message.application_id)
    return redirect("staff:needs_action")


# The reviewer's pages.


@staff_required(Role.REVIEWER)
def my_reviews(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    assignments = (
        ReviewAssignment.objects.filter(reviewer=person)
        .select_related("application__applicant", "review")
        .order_by("-assigned_at")
    )
    return render(request, "review/my_reviews.html", {"assignments": assignments})


@staff_required(Role.REVIEWER)
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = signed_in_person(request)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application"), pk=pk, reviewer=person
    )
    application = _staff_application(request, assignment.application_id, staff_file_applications())
    form = ReviewForm(request.POST or None, outcomes=domain.outcomes_for(application))
    if request.method == "POST" and form.is_valid():
        try:
            domain.review_submit(
                assignment=assignment,
                competencies=form.cleaned_data["competencies"],
                comments=form.cleaned_data["comments"],
                outcome=form.cleaned_data["outcome"],
                sections=form.cleaned_data["sections"],
                reason=form.cleaned_data["reason"],
                actor=person,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your review is submitted. Thank you.")
            return redirect("staff:reviews")
    context = _file_context(request, application) | {
        "assignment": assignment,
        "review_form": form,
        "submitted": hasattr(assignment, "review"),
    }
    return render(request, "review/application.html", context, status=400 if form.errors else 200)
