"""Conversation pages: the applicant's (their threads, a question on a section, their history, a
question to the association) and staff's (behind `staff_required`: the inbox, a thread, a new
question, request or note, forwarding a reviewer's request, resolving).

Every page fetches through an access getter: 404 for a thread or application the person may not
read (an applicant never reaches a staff note, a reviewer only their assigned files).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from endorse.accounts.access import acting_as_staff, signed_in_person, staff_required
from endorse.accounts.roles import Role, has_role
from endorse.applications.models import Application

from . import domain
from .forms import MessageForm, QuestionForm, StaffThreadForm, SupportForm
from .models import Message, Thread
from .queries import (
    applicant_inbox,
    applicant_may_read,
    can_post,
    conversation_for,
    is_assigned,
    section_label,
    staff_inbox,
    staff_may_read,
)

reviewing_staff = staff_required(Role.COORDINATOR, Role.REVIEWER)
coordinator_only = staff_required(Role.COORDINATOR)


def _own_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application, pk=pk, applicant=signed_in_person(request))


def _own_thread(request: HttpRequest, pk: int) -> Thread:
    """A thread on the person's own side; 404 for anything else (a staff note included)."""
    thread = get_object_or_404(Thread.objects.select_related("application", "started_by"), pk=pk)
    if not applicant_may_read(thread, signed_in_person(request)):
        raise Http404("no such conversation")
    return thread


def _staff_thread(request: HttpRequest, pk: int) -> Thread:
    """For the coordinator any thread; for a reviewer one on an application assigned to them."""
    thread = get_object_or_404(
        Thread.objects.select_related("application__applicant", "started_by"), pk=pk
    )
    if not staff_may_read(thread, signed_in_person(request)):
        raise Http404("no such conversation")
    return thread


def _staff_application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=pk)
    person = signed_in_person(request)
    if has_role(person, Role.COORDINATOR) or is_assigned(application, person):
        return application
    raise Http404("no such application")


def _target(request: HttpRequest) -> dict[str, str]:
    return {"section": request.GET.get("section", ""), "entry": request.GET.get("entry", "")}


def _thread_context(
    thread: Thread, person: Any, form: MessageForm, *, staff: bool
) -> dict[str, Any]:
    found = (
        conversation_for(thread.application, staff=staff, today=timezone.localdate())
        if (thread.application is not None)
        else None
    )
    view = next((t for t in found.threads if t.thread.pk == thread.pk), None) if found else None
    shown = view.messages if view else list(thread.messages.select_related("author"))
    now = timezone.now()
    return {
        "thread": thread,
        "about": section_label(thread),
        "state": view.state if view else None,
        "messages_shown": [
            (m, m.author_id == person.pk and now <= domain.grace_ends(m)) for m in shown
        ],
        "form": form if can_post(thread, person) else None,
        "staff": staff,
    }


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    context = {
        "threads": [(t, section_label(t)) for t in applicant_inbox(person)],
        "is_staff": has_role(person, Role.COORDINATOR, Role.REVIEWER),
    }
    return render(request, "conversations/inbox.html", context)


@login_required
def thread_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the thread (and marks it read); POST adds a message."""
    return _thread_answer(request, _own_thread(request, pk), staff=False)


def _thread_answer(request: HttpRequest, thread: Thread, *, staff: bool) -> HttpResponse:
    """A thread's page for the applicant's side or the staff's: GET shows it and marks it read,
    POST adds a message."""
    person = signed_in_person(request)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.message_post(thread=thread, body=form.cleaned_data["body"], actor=person)
        except domain.ConversationError as error:
            form.add_error("body", f"Not sent: {error}.")
        else:
            messages.success(request, "The message is sent." if staff else "Your message is sent.")
            name = "conversations:staff_thread" if staff else "conversations:thread"
            return redirect(name, pk=thread.pk)
    else:
        domain.notices_read(person=person, thread=thread)
    context = _thread_context(thread, person, form, staff=staff)
    if staff:
        context["is_coordinator"] = has_role(person, Role.COORDINATOR)
    return render(request, "conversations/thread.html", context, status=400 if form.errors else 200)


@login_required
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = QuestionForm(request.POST or None, initial=_target(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = domain.thread_start(
                application=application,
                kind="question",
                section=form.cleaned_data["section"],
                entry_pk=form.cleaned_data["entry"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=signed_in_person(request),
            )
        except domain.ConversationError as error:
            form.add_error(None, f"Not sent: {error}.")
        else:
            messages.success(request, "Your question is sent to the association.")
            return redirect("conversations:thread", pk=thread.pk)
    context = {"application": application, "form": form, "staff": False}
    return render(request, "conversations/new.html", context, status=400 if form.errors else 200)


@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    """A question to the association, from any page (`?from=` names it)."""
    form = SupportForm(request.POST or None, initial={"page": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        try:
            thread = domain.support_ask(person=signed_in_person(request), **form.cleaned_data)
        except domain.ConversationError as error:
            form.add_error(None, f"Not sent: {error}.")
        else:
            messages.success(request, "Your question is sent. The association answers here.")
            return redirect("conversations:thread", pk=thread.pk)
    return render(
        request, "conversations/help.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def message_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The author corrects their message within the grace period; staff in a staff session."""
    person = signed_in_person(request)
    message = get_object_or_404(Message.objects.select_related("thread"), pk=pk, author=person)
    own_side = applicant_may_read(message.thread, person)
    if not own_side and not (
        acting_as_staff(request, Role.COORDINATOR, Role.REVIEWER)
        and staff_may_read(message.thread, person)
    ):
        raise Http404("no such message")
    form = MessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            domain.message_correct(message=message, body=form.cleaned_data["body"], actor=person)
        except domain.ConversationError as error:
            form.add_error("body", f"Not corrected: {error}.")
        else:
            messages.success(request, "Your message is corrected.")
            name = "conversations:thread" if own_side else "conversations:staff_thread"
            return redirect(name, pk=message.thread_id)
    context = {"message": message, "form": form}
    return render(
        request, "conversations/correct.html", context, status=400 if form.errors else 200
    )


@reviewing_staff
def staff_inbox_page(request: HttpRequest) -> HttpResponse:
    threads = [(t, section_label(t)) for t in staff_inbox(signed_in_person(request))[:200]]
    return render(request, "conversations/staff_inbox.html", {"threads": threads})


@reviewing_staff
def staff_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread_answer(request, _staff_thread(request, pk), staff=True)


@reviewing_staff
def staff_thread_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _staff_application(request, pk)
    form = StaffThreadForm(request.POST or None, initial=_target(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = domain.thread_start(
                application=application,
                kind=data["kind"],
                section=data["section"],
                entry_pk=data["entry"],
                subject=data["subject"],
                body=data["body"],
                due_on=data["due_on"],
                actor=signed_in_person(request),
            )
        except domain.ConversationError as error:
            form.add_error(None, f"Not sent: {error}.")
        else:
            messages.success(request, "Saved.")
            return redirect("conversations:staff_thread", pk=thread.pk)
    context = {"application": application, "form": form, "staff": True}
    return render(request, "conversations/new.html", context, status=400 if form.errors else 200)


@coordinator_only
@require_POST
def request_forward(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _staff_thread(request, pk)
    try:
        domain.request_forward(thread=thread, actor=signed_in_person(request))
    except domain.ConversationError as error:
        messages.error(request, f"Not forwarded: {error}.")
    else:
        messages.success(request, "The request is forwarded to the applicant.")
    return redirect("conversations:staff_thread", pk=thread.pk)


@reviewing_staff
@require_POST
def thread_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _staff_thread(request, pk)
    try:
        domain.thread_resolve(thread=thread, actor=signed_in_person(request))
    except domain.ConversationError as error:
        messages.error(request, f"Not resolved: {error}.")
    else:
        messages.success(request, "Marked resolved.")
    return redirect("conversations:staff_thread", pk=thread.pk)
