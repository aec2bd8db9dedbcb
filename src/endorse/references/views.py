"""The rater's pages (no account: the link is the key) and the applicant's request actions.

Rater pages: GET only shows; every change is a POST (mail scanners open links). A link that is
tampered with or unknown is a 404; one that expired or was replaced says so (410).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endorse.accounts.access import signed_in_person
from endorse.applications.domain import TransitionError
from endorse.applications.forms import RaterForm
from endorse.applications.models import Rater

from . import domain
from .enums import RequestState
from .forms import DeclineForm, RatingForm
from .models import Rating
from .queries import (
    LinkError,
    rater_for_token,
    rater_owner,
    request_state,
    role_for_rater,
)
from .questions import load_questions, parse_questions, request_questions


def _link_problem(request: HttpRequest, message: str, *, gone: bool) -> HttpResponse:
    return render(
        request, "references/link_problem.html", {"message": message}, status=410 if gone else 404
    )


def _rater_or_problem(request: HttpRequest, token: str) -> Rater | HttpResponse:
    """The request the link opens while the rater can still act; otherwise the page to show."""
    try:
        rater = rater_for_token(token, now=timezone.now())
    except LinkError as error:
        return _link_problem(request, str(error), gone=error.gone)
    state = request_state(rater, now=timezone.now())
    if state == RequestState.COMPLETED:
        return render(request, "references/thanks.html", {"rater": rater})
    if state == RequestState.DECLINED:
        return render(request, "references/declined.html", {"rater": rater})
    if state == RequestState.EXPIRED:
        return _link_problem(
            request,
            "This link has expired. If you would still like to give a rating, ask the applicant to send you a new link.",
            gone=True,
        )
    if state == RequestState.WITHDRAWN:
        return _link_problem(
            request, "The applicant no longer needs this rating. Thank you all the same.", gone=True
        )
    return rater


def _context(rater: Rater, token: str) -> dict[str, object]:
    return {
        "rater": rater,
        "token": token,
        "applicant": rater_owner(rater).person,
        "about": rater_owner(rater).about,
        "role": role_for_rater(rater),
    }


@never_cache
@require_GET
def landing(request: HttpRequest, token: str) -> HttpResponse:
    found = _rater_or_problem(request, token)
    if isinstance(found, HttpResponse):
        return found
    context = _context(found, token) | {
        "questions": load_questions(
            found.questions or request_questions(rater_owner(found)).version
        )
    }
    return render(request, "references/landing.html", context)


@never_cache
@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    found = _rater_or_problem(request, token)
    if isinstance(found, HttpResponse):
        return found
    domain.reference_open(rater=found)
    return redirect("references:rate", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    found = _rater_or_problem(request, token)
    if isinstance(found, HttpResponse):
        return found
    rating = Rating.objects.filter(rater=found).select_related("question_set").first()
    # A started rating is answered in the wording it stored when the rater opened it.
    questions = (
        parse_questions(rating.question_set.data)
        if rating
        else load_questions(found.questions or request_questions(rater_owner(found)).version)
    )
    form = RatingForm(
        request.POST or None, questions=questions, initial=RatingForm.initial_from(rating)
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        answers = {
            "rater": found,
            "answers": form.answers(),
            "known_years": form.cleaned_data["known_years"],
            "recommendation": form.cleaned_data["recommendation"],
            "comments": form.cleaned_data["comments"],
        }
        try:
            domain.rating_save(**answers, submit=submit)
        except domain.RatingIncomplete as error:  # what was answered is kept as a draft
            form.show_missing(error.missing)
        except domain.RequestError as error:
            form.add_error(None, str(error))
        else:
            if submit:
                return redirect("references:landing", token=token)
            messages.success(
                request,
                "Your answers are saved. Come back through the same link to finish before "
                f"{timezone.localtime(found.expires_at):%-d %B %Y}.",
            )
            return redirect("references:rate", token=token)
    context = _context(found, token) | {"form": form, "questions": questions}
    return render(request, "references/rate.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, token: str) -> HttpResponse:
    found = _rater_or_problem(request, token)
    if isinstance(found, HttpResponse):
        return found
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.reference_decline(rater=found, reason=form.cleaned_data["reason"])
        except domain.RequestError as error:
            form.add_error(None, str(error))
        else:
            return redirect("references:landing", token=token)
    context = _context(found, token) | {"form": form}
    return render(request, "references/decline.html", context, status=400 if form.errors else 200)


# The applicant's actions on their own requests.


def _get_own_rater(request: HttpRequest, pk: int, rater_pk: int) -> Rater:
    """A rater of the signed-in applicant's own application; 404 for anyone else's."""
    return get_object_or_404(
        Rater.objects.select_related("application__applicant"),
        pk=rater_pk,
        application__pk=pk,
        application__applicant=signed_in_person(request),
        withdrawn_at__isnull=True,
    )


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("applications:workspace", kwargs={"pk": pk}) + "#section-references")


def _act(
    request: HttpRequest, pk: int, rater_pk: int, action: Any, done: str, refused: str
) -> HttpResponse:
    """Run one request action of the applicant's and say what happened, back in the workspace."""
    rater = _get_own_rater(request, pk, rater_pk)
    try:
        action(rater=rater, actor=signed_in_person(request))
    except TransitionError as error:
        messages.error(request, f"{refused}: {error}")
    else:
        messages.success(request, done.format(name=rater.name))
    return _back(pk)


@login_required
@require_POST
def request_send(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        rater_pk,
        domain.reference_request_send,
        "The request is on its way to {name}.",
        "Not sent",
    )


@login_required
@require_POST
def request_nudge(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        rater_pk,
        domain.reference_nudge,
        "A reminder is on its way to {name}.",
        "No reminder sent",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_replace(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    rater = _get_own_rater(request, pk, rater_pk)
    application = rater.application
    if request_state(rater, now=timezone.now()) in {RequestState.COMPLETED, RequestState.NOT_SENT}:
        return _back(pk)
    form = RaterForm(
        request.POST or None,
        instance=Rater(application=application),
        application=application,
        initial={"role": rater.role},
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.reference_replace(
                rater=rater, replacement=form.save(commit=False), actor=signed_in_person(request)
            )
        except TransitionError as error:
            # Shown on the form, so what was typed is kept for later.
            form.add_error(None, f"Not replaced: {error}")
        else:
            messages.success(
                request, f"{rater.name}'s request is withdrawn and a new request is on its way."
            )
            return _back(pk)
    context = {"application": application, "rater": rater, "form": form}
    return render(request, "references/replace.html", context, status=400 if form.errors else 200)
