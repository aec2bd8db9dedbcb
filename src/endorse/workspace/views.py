"""The applicant's workspace pages: their applications, each application's sections and
verdict, entries added and changed, documents, the agreement, import/export and submission.

Every page fetches through `_get_own_application` (404 for anyone else's) and writes through
`applications.domain`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person
from endorse.accounts.residency import ResidencyError
from endorse.applications import domain
from endorse.applications.agreement import AGREEMENTS, CURRENT_VERSION
from endorse.applications.enums import Status
from endorse.applications.forms import DocumentForm, EthicsForm, ImportForm, StartForm
from endorse.applications.models import Application, Degree, Document
from endorse.applications.queries import (
    applications_of,
    applications_with_evidence,
    category_needs,
    entry_saved_with,
    likely_duplicate,
    portfolio_for,
    submission_blockers,
    verdict_and_hopeful,
)
from endorse.conversations.queries import conversation_for
from endorse.eligibility import PortfolioError, portfolio_to_data
from endorse.notifications.delivery import build_email
from endorse.notifications.queries import undelivered_to
from endorse.registry.models import Endorsement
from endorse.uploads import pdf_filename

from .cache import with_session_token, workspace_part
from .forms import DECLARATION, DeclarationForm
from .presenters import (
    NextStep,
    blockers,
    closed_reason,
    entry_view,
    is_open,
    next_step,
    section_views,
    timeline,
)
from .queries import events_for_applicant, exam_candidacy, letters_for
from .sections import BY_MODEL_NAME, SECTIONS, Section


def _get_own_application(
    request: HttpRequest, pk: int, *, with_evidence: bool = False
) -> Application:
    """The signed-in applicant's own application; 404 for anyone else's (never revealing it exists)."""
    queryset = applications_with_evidence() if with_evidence else Application.objects.all()
    return get_object_or_404(queryset, pk=pk, applicant=signed_in_person(request))


def _get_section(key: str) -> Section:
    try:
        return SECTIONS[key]
    except KeyError:
        raise Http404("no such section") from None


def _get_own_entry(application: Application, section: Section, entry_pk: int) -> Any:
    manager: models.Manager[Any] = section.model._default_manager
    return get_object_or_404(manager, pk=entry_pk, application=application)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = StartForm(request.POST or None, association=request.association)  # type: ignore[attr-defined]
    refused: ResidencyError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            application = domain.application_start(
                applicant=person, category=form.cleaned_data["category"]
            )
        except domain.TransitionError as error:
            form.add_error("category", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        except ResidencyError as error:
            refused = error
        else:
            return redirect("applications:workspace", pk=application.pk)
    context = {
        "applications": applications_of(person),
        "form": form,
        "import_form": ImportForm(),
        "refused": refused,
        "endorsed": Endorsement.objects.filter(person=person).exists(),
    }
    status = 400 if form.errors or refused else 200
    return render(request, "workspace/list.html", context, status=status)


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    """The application's evidence part comes from `cache` (rendered once per version); the
    rest is read for each request."""
    application = get_object_or_404(
        Application.objects.select_related("applicant"), pk=pk, applicant=signed_in_person(request)
    )
    context = {
        "application": application,
        "part": workspace_part(request, application),
        "undelivered": undelivered_to(application.applicant.email, application=application),
    }
    if not application.is_editable:
        endorsement = Endorsement.objects.filter(application=application).first()
        context["next"] = _next_step(application, missing=0, endorsement=endorsement)
    return with_session_token(request, render(request, "workspace/workspace.html", context))


# An add form's one-time token (`evidence_save`): 32 hex digits.
TOKEN = re.compile(r"[0-9a-f]{32}")


def _submission_token(request: HttpRequest) -> str:
    """The token the add form was shown with (kept when it comes back with errors), or a new one."""
    posted = request.POST.get("submission_token", "")
    return posted if TOKEN.fullmatch(posted) else uuid4().hex


def _closed(request: HttpRequest, application: Application, form: Any = None) -> HttpResponse:
    """A form of an application that cannot be changed now: why, what can be done, and what the
    person had typed (a form opened before the application was submitted), so nothing is lost."""
    typed = [
        (field.label, ", ".join(v for v in request.POST.getlist(field.html_name) if v))
        for field in (form or ())
        if any(request.POST.getlist(field.html_name))
    ]
    context = {"application": application, "reason": closed_reason(application), "typed": typed}
    status = 409 if request.method == "POST" else 200
    return render(request, "workspace/closed.html", context, status=status)


def _already_saved(
    request: HttpRequest, application: Application, model: str, pk: int
) -> HttpResponse:
    messages.info(request, "This was already saved: nothing was added twice.")
    key = BY_MODEL_NAME.get(model, "")
    if key and SECTIONS[key].model._default_manager.filter(pk=pk).exists():
        return redirect("applications:entry_edit", pk=application.pk, section=key, entry_pk=pk)
    return redirect("applications:workspace", pk=application.pk)


def _save(
    request: HttpRequest, application: Application, section: Section, form: Any, token: str
) -> HttpResponse:
    entry = form.save(commit=False)
    actor = signed_in_person(request)
    until = (
        form.cleaned_data.get("repeat_until") if form.cleaned_data.get("repeat_monthly") else None
    )
    try:
        if until and section.repeat is not None:
            saved = section.repeat(
                application=application, entry=entry, until=until, actor=actor, token=token
            )
            messages.success(request, f"{len(saved)} {section.noun}s are saved, one a month.")
        else:
            section.save(application=application, entry=entry, actor=actor, token=token)
            messages.success(request, section.saved_message or f"The {section.noun} is saved.")
    except domain.AlreadySaved as error:
        return _already_saved(request, application, error.section, error.pk)
    except domain.PartlyDone as error:
        messages.warning(request, str(error))
    except domain.TransitionError as error:
        messages.error(request, f"Not saved: {error}.")
    if request.POST.get("next") == "another":
        return redirect("applications:entry_add", pk=application.pk, section=section.key)
    return redirect("applications:workspace", pk=application.pk)


def _entry_form(
    request: HttpRequest, application: Application, section: Section, entry: Any
) -> HttpResponse:
    form = section.form(request.POST or None, instance=entry, application=application)
    if not is_open(application, section.key):
        return _closed(request, application, form if request.method == "POST" else None)
    adding = entry.pk is None
    token = _submission_token(request) if adding else ""
    duplicate = None
    if request.method == "POST":
        earlier = entry_saved_with(application, token)
        if earlier is not None:
            return _already_saved(request, application, *earlier)
        if form.is_valid():
            if adding and not request.POST.get("add_anyway"):
                duplicate = likely_duplicate(form.instance, section.same_as)
            if duplicate is None:
                return _save(request, application, section, form, token)
    context = {
        "application": application,
        "section": section,
        "form": form,
        "entry": entry,
        "token": token,
        "duplicate": section.describe(duplicate) if duplicate is not None else "",
    }
    status = 409 if duplicate is not None else 400 if form.errors else 200
    return render(request, "workspace/entry_form.html", context, status=status)


@login_required
def entry_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    if not chosen.shown(category_needs(application)):
        raise Http404("the category does not ask for this section")
    return _entry_form(request, application, chosen, chosen.model(application=application))


@login_required
def entry_edit(request: HttpRequest, pk: int, section: str, entry_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    return _entry_form(request, application, chosen, _get_own_entry(application, chosen, entry_pk))


@login_required
def entry_delete(request: HttpRequest, pk: int, section: str, entry_pk: int) -> HttpResponse:
    """GET asks to confirm (what is removed, and that it cannot be undone); POST removes."""
    application = _get_own_application(request, pk)
    chosen = _get_section(section)
    entry = _get_own_entry(application, chosen, entry_pk)
    if not is_open(application, chosen.key):
        return _closed(request, application)
    if request.method != "POST":
        context = {
            "application": application,
            "section": chosen,
            "entry": entry_view(chosen, entry, now=timezone.now()),
        }
        return render(request, "workspace/entry_delete.html", context)
    try:
        chosen.remove(application=application, entry=entry, actor=signed_in_person(request))
    except domain.TransitionError as error:
        messages.error(request, f"Not removed: {error}.")
    else:
        messages.success(request, f"The {chosen.noun} is removed.")
    return redirect("applications:workspace", pk=application.pk)


@login_required
def ethics(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    form = EthicsForm(request.POST or None)
    if not is_open(application, "ethics"):
        return _closed(request, application, form if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.ethics_sign(
                application=application,
                signed_name=form.cleaned_data["signed_name"],
                version=CURRENT_VERSION,
                actor=signed_in_person(request),
            )
        except domain.TransitionError as error:
            messages.error(request, f"Not signed: {error}.")
        else:
            messages.success(request, "Signed. Thank you.")
        return redirect("applications:workspace", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "version": CURRENT_VERSION,
        "paragraphs": AGREEMENTS[CURRENT_VERSION],
    }
    return render(request, "workspace/ethics.html", context, status=400 if form.errors else 200)


@login_required
def application_export(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk, with_evidence=True)
    data = portfolio_to_data(portfolio_for(application, as_of=timezone.localdate()))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="application-{application.pk}.json"'
    return response


def _import(request: HttpRequest, application: Application | None) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    refused: ResidencyError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["portfolio_file"]
        try:
            imported = domain.application_import(
                applicant=signed_in_person(request), text=upload.read(), application=application
            )
        except PortfolioError as error:
            problems = error.problems
        except ResidencyError as error:
            refused = error
        else:
            messages.success(request, "The portfolio file is imported.")
            return redirect("applications:workspace", pk=imported.pk)
    context = {
        "application": application,
        "form": form,
        "problems": problems,
        "refused": refused,
    }
    status = 400 if form.errors or problems or refused else 200
    return render(request, "workspace/import.html", context, status=status)


@login_required
def application_import_new(request: HttpRequest) -> HttpResponse:
    return _import(request, None)


@login_required
def application_import_into(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    if application.status != Status.DRAFT:
        raise Http404("only a draft can be replaced from a file")
    return _import(request, application)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers: every section summarised with a link to change it, what still stops a
    submission, and the declaration; POST submits, then shows the confirmation."""
    application = _get_own_application(request, pk, with_evidence=True)
    if not application.is_editable:
        return _closed(request, application)
    result, hopeful = verdict_and_hopeful(application, today=timezone.localdate())
    missing = blockers(hopeful)
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not missing:
        try:
            domain.application_submit(
                application=application, actor=signed_in_person(request), declaration=DECLARATION
            )
        except domain.NotReadyError:
            missing = blockers(verdict_and_hopeful(application, today=timezone.localdate())[1])
        except domain.TransitionError as error:
            messages.error(request, f"Not submitted: {error}.")
            return redirect("applications:workspace", pk=application.pk)
        else:
            return redirect("applications:submitted", pk=application.pk)
    context = {
        "application": application,
        "missing": missing,
        "form": form,
        "sections": section_views(application, result, now=timezone.now(), hopeful=hopeful),
        "signature": next(iter(application.signatures.all()), None),
        "membership": next(iter(application.applicant.memberships.all()), None),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/submit.html", context, status=status)


@login_required
def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after submitting: the application's reference and what happens next."""
    application = _get_own_application(request, pk)
    if application.submitted_at is None:
        return redirect("applications:workspace", pk=application.pk)
    return render(request, "workspace/submitted.html", {"application": application})


@login_required
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The letters the association released to the applicant about this application, readable
    here (as plain text: every name and reason in them is escaped)."""
    application = _get_own_application(request, pk)
    shown = []
    for message in letters_for(application):
        email = build_email(message)
        shown.append({"message": message, "subject": email.subject, "text": email.body})
    return render(request, "workspace/letters.html", {"application": application, "letters": shown})


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """What has happened to the application, in the applicant's words, and what happens next."""
    application = _get_own_application(request, pk, with_evidence=True)
    context = {
        "application": application,
        "moments": timeline(events_for_applicant(application)),
        # The conversation with the association, beside what happened (never a staff note).
        "conversation": conversation_for(application, staff=False, today=timezone.localdate()),
        "next": _next_step(
            application,
            missing=len(submission_blockers(application, today=timezone.localdate()))
            if application.is_editable
            else 0,
            endorsement=Endorsement.objects.filter(application=application).first(),
        ),
    }
    return render(request, "workspace/history.html", context)


def _next_step(application: Application, *, missing: int, endorsement: Any) -> NextStep:
    return next_step(
        application,
        missing=missing,
        candidacy=exam_candidacy(application),
        endorsement=endorsement,
        today=timezone.localdate(),
    )


def _get_own_document(application: Application, document_pk: int) -> Document:
    return get_object_or_404(
        Document, pk=document_pk, application=application, removed_at__isnull=True
    )


@login_required
def transcript_upload(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    degree = get_object_or_404(Degree, pk=entry_pk, application=application)
    if not is_open(application, "degrees"):
        return _closed(request, application)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.document_upload(
                application=application,
                degree=degree,
                upload=form.cleaned_data["file"],
                actor=signed_in_person(request),
            )
        except domain.DocumentError as error:
            form.add_error("file", str(error))
        except domain.TransitionError as error:
            messages.error(request, f"Not uploaded: {error}.")
            return redirect("applications:workspace", pk=application.pk)
        else:
            messages.success(request, "The transcript is uploaded. Staff will verify it.")
            return redirect("applications:workspace", pk=application.pk)
    context = {"application": application, "degree": degree, "form": form}
    return render(request, "workspace/upload.html", context, status=400 if form.errors else 200)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The document, to its owner only, always as a download (never displayed inline)."""
    application = _get_own_application(request, pk)
    return document_response(_get_own_document(application, document_pk))


def document_response(document: Document) -> FileResponse:
    """A stored document as a PDF download (never displayed inline), under its uploaded name made
    safe and ending in .pdf (rows stored before names were cleaned included)."""
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=pdf_filename(document.original_name),
        content_type="application/pdf",
    )


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = _get_own_application(request, pk)
    document = _get_own_document(application, document_pk)
    try:
        domain.document_remove(document=document, actor=signed_in_person(request))
    except domain.TransitionError as error:
        messages.error(request, f"Not removed: {error}.")
    else:
        messages.success(request, "The document is removed.")
    return redirect("applications:workspace", pk=application.pk)
