"""The endorsee's renewal page: standing and deadline, progress against what the period owes,
hours logged through the year, and the re-signing with the submission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from endorse.accounts.access import signed_in_person
from endorse.accounts.models import User

from . import domain
from .forms import (
    InactiveForm,
    LogHoursForm,
    ReactivationForm,
    ReinstatementForm,
    ReinstatementRaterForm,
    SubmitForm,
)
from .inactive import inactive_asked, inactive_overview, may_step_back
from .queries import renewal_overview
from .reinstatement import reinstatement_overview
from .reminders import reminders_sent


def _page(
    request: HttpRequest,
    person: User,
    *,
    hours_form: LogHoursForm | None = None,
    submit_form: SubmitForm | None = None,
    reasons: list[str] | None = None,
    status: int = 200,
    **extra: object,
) -> HttpResponse:
    today = timezone.localdate()
    overview = renewal_overview(person=person, today=today)
    if overview is None:
        # Not an endorsee of this association: as if the page did not exist.
        raise Http404("no endorsement here")
    context = {
        "overview": overview,
        "hours_form": hours_form or LogHoursForm(),
        "submit_form": submit_form or SubmitForm(),
        "reasons": reasons or [],
        "reminders": reminders_sent(person=person),
        "may_step_back": bool(may_step_back(overview.held)),
        "inactive_asked": inactive_asked(person=person),
        "inactive": inactive_overview(person=person, held=overview.held, today=today),
        "inactive_form": InactiveForm(),
        "reactivation_form": ReactivationForm(),
        "reactivation_reasons": [],
        "reinstating": reinstatement_overview(held=overview.held, today=today),
        "reinstatement_form": ReinstatementForm(),
        "reinstatement_reasons": [],
        "rater_form": ReinstatementRaterForm(),
    } | extra
    return render(request, "renewals/page.html", context, status=status)


@login_required
@require_GET
def renewal_page(request: HttpRequest) -> HttpResponse:
    return _page(request, signed_in_person(request))


@login_required
@require_POST
def hours_log(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = LogHoursForm(request.POST)
    if form.is_valid() and renewal_overview(person=person, today=timezone.localdate()):
        data = form.cleaned_data
        try:
            domain.renewal_log_hours(person=person, today=timezone.localdate(), **data)
        except domain.HoursRefused as error:
            field, _, message = str(error).partition(": ")
            form.add_error(field if field in form.fields else None, message.capitalize() + ".")
        else:
            messages.success(request, f"{data['hours']} hours logged.")
            return redirect("renewals:page")
    return _page(request, person, hours_form=form, status=400)


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _page(request, person, submit_form=form, status=400)
    try:
        domain.renewal_submit(
            person=person,
            signed=domain.Signed(**form.cleaned_data),
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except domain.RenewalRefused as refused:
        return _page(request, person, submit_form=form, reasons=refused.reasons, status=400)
    messages.success(request, "Your renewal is submitted. The association checks it next.")
    return redirect("renewals:page")
