"""The coordinator's renewal queue under /staff/renewals/: the association's endorsements by
standing (renewal due, submitted, overdue, lapsed) with counts, search and CSV; a renewal's page
(the engine's evaluation, the fee, the RS/C received with its providers to approve, accept, send
back, record a payment); the bulk acceptance of the season's straightforward renewals, previewed
before it is confirmed.

Every view is the coordinator's (`staff_required`: anyone else gets a 404, as on the
application queue; two-factor sign-in). A renewal of another association is a 404 (scoped)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from endorse.accounts.access import signed_in_person, staff_required
from endorse.accounts.roles import Role
from endorse.applications.models import Rater
from endorse.references.domain import RequestError, rater_endorsement_verify, rater_vet

from . import domain_staff
from .enums import EntryKind, RenewalKind
from .forms_staff import AcceptForm, PaymentForm, RaterCallForm, RenewalFilterForm, SendBackForm
from .models import LoggedHours, Renewal
from .queries_staff import (
    TABS,
    bulk_candidates,
    fee_due,
    queue_counts,
    queue_rows,
    renewal_events,
    renewal_file,
    renewal_queue,
    renewal_queue_page,
    renewals_with_endorsements,
)
from .reinstatement import reinstatement_file

coordinator_only = staff_required(Role.COORDINATOR)


@coordinator_only
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    form = RenewalFilterForm(request.GET or None)
    chosen = form.chosen()
    queue = queue_rows(today=timezone.localdate())
    counts, shown = queue_counts(queue, chosen)
    page = renewal_queue_page(queue, chosen, request.GET.get("cursor", ""), count=shown)
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)  # from a bookmark of the numbered pages
    context = {
        "form": form,
        "page": page,
        "tab_counts": [(value, label, counts[value]) for value, label in TABS],
        "chosen": chosen,
        "query": query.urlencode(),
    }
    return render(request, "renewals/staff_queue.html", context)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a name may start with "=")."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


@coordinator_only
@require_GET
def queue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The renewal queue as filtered, as CSV."""
    chosen = RenewalFilterForm(request.GET or None).chosen()
    rows = renewal_queue(queue_rows(today=timezone.localdate()), chosen)
    writer = csv.writer(_Echo())
    labels = dict(TABS)
    header = [
        "endorsement",
        "name",
        "email",
        "category",
        "queue",
        "standing",
        "deadline",
        "grace ends",
        "renewal submitted",
        "fee",
    ]

    def lines() -> Any:
        yield writer.writerow(header)
        for row in rows:
            renewal = row.renewal
            yield writer.writerow(
                _cell(value)
                for value in [
                    row.endorsement.number,
                    row.holder_name,
                    row.email,
                    row.endorsement.category,
                    labels[row.tab],
                    row.standing.word,
                    row.standing.dates.deadline.isoformat(),
                    row.standing.dates.grace_ends_on.isoformat(),
                    timezone.localtime(renewal.submitted_at).isoformat() if renewal else "",
                    renewal.get_fee_status_display() if renewal else "",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="renewals-{timezone.localdate()}.csv"'
    return response


def _renewal(pk: int) -> Renewal:
    return get_object_or_404(renewals_with_endorsements(), pk=pk)


def _page(
    request: HttpRequest,
    renewal: Renewal,
    *,
    payment_form: PaymentForm | None = None,
    accept_form: AcceptForm | None = None,
    send_back_form: SendBackForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "payment_form": payment_form or PaymentForm(),
        "accept_form": accept_form or AcceptForm(),
        "send_back_form": send_back_form or SendBackForm(),
        "error": error,
    }
    if renewal.kind == RenewalKind.REINSTATEMENT:
        context |= {
            "renewal": renewal,
            "fee": fee_due(renewal),
            "file": reinstatement_file(renewal, today=timezone.localdate()),
            "events": renewal_events(renewal),
            "rater_form": RaterCallForm(),
        }
        return render(request, "renewals/staff_reinstatement.html", context, status=status)
    context["file"] = renewal_file(renewal)
    return render(request, "renewals/staff_renewal.html", context, status=status)


@coordinator_only
@require_GET
def renewal_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _renewal(pk))


@coordinator_only
@require_POST
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _renewal(pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _page(request, renewal, payment_form=form, status=400)
    try:
        domain_staff.renewal_record_payment(
            renewal=renewal,
            payment=domain_staff.Payment(**form.cleaned_data),
            actor=signed_in_person(request),
            today=timezone.localdate(),
        )
    except domain_staff.DecisionRefused as refused:
        return _page(request, renewal, payment_form=form, error=str(refused), status=400)
    messages.success(request, "Payment recorded.")
    return redirect("staff_renewals:renewal", pk=pk)


@coordinator_only
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _renewal(pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _page(request, renewal, accept_form=form, status=400)
    data = form.cleaned_data
    paid_now = (
        domain_staff.Payment(method=data["method"], note=data["note"])
        if data["record_payment"]
        else None
    )
    try:
        accepted = domain_staff.renewal_accept(
            renewal=renewal,
            actor=signed_in_person(request),
            today=timezone.localdate(),
            now=timezone.now(),
            payment=paid_now,
        )
    except domain_staff.DecisionRefused as refused:
        return _page(request, renewal, accept_form=form, error=str(refused), status=400)
    messages.success(request, f"Accepted: renewed through {accepted.period_end:%-d %B %Y}.")
    return redirect("staff_renewals:renewal", pk=pk)


@coordinator_only
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _renewal(pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _page(request, renewal, send_back_form=form, status=400)
    try:
        domain_staff.renewal_send_back(
            renewal=renewal,
            reason=form.cleaned_data["reason"],
            actor=signed_in_person(request),
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except domain_staff.DecisionRefused as refused:
        return _page(request, renewal, send_back_form=form, error=str(refused), status=400)
    messages.success(request, "Sent back; the endorsee is emailed the reason.")
    return redirect("staff_renewals:renewal", pk=pk)


@coordinator_only
@require_POST
def approve_provider(request: HttpRequest, pk: int, hours_pk: int) -> HttpResponse:
    """Approve the RS/C provider of one of the renewal's endorsee's entries (a 404 for an entry
    of someone else, or of another association)."""
    renewal = _renewal(pk)
    hours = get_object_or_404(
        LoggedHours, pk=hours_pk, person_id=renewal.person_id, kind=EntryKind.RSC
    )
    try:
        changed = domain_staff.logged_hours_provider_approve(
            hours=hours, actor=signed_in_person(request), today=timezone.localdate()
        )
    except domain_staff.DecisionRefused as refused:
        return _page(request, renewal, error=str(refused), status=400)
    if changed:
        messages.success(
            request,
            f"Provider approved: {changed} entr{'y' if changed == 1 else 'ies'} of RS/C received.",
        )
    else:
        messages.info(request, "This provider was already approved.")
    return redirect(f"{reverse('staff_renewals:renewal', args=[pk])}#rsc")


@coordinator_only
@require_POST
def bulk_accept(request: HttpRequest) -> HttpResponse:
    """POST the ticked renewals: without `confirm`, the preview of what happens to each (the
    straightforward ones are accepted, the others left for their page, saying why); with it,
    the acceptances, each through `renewal_accept`, all in one transaction."""
    pks = [int(v) for v in request.POST.getlist("renewal") if v.isdigit()]
    files = bulk_candidates(pks)
    if not files:
        messages.error(request, "Nothing was ticked: tick the submitted renewals to accept.")
        return redirect(f"{_queue_url()}?tab=submitted")
    if request.POST.get("confirm") != "yes":
        context = {
            "files": files,
            "will": [f for f in files if f.straightforward],
            "confirm_error": request.POST.get("step") == "apply",
        }
        return render(request, "renewals/staff_bulk_preview.html", context)
    actor = signed_in_person(request)
    done = 0
    try:
        with transaction.atomic():
            for found in files:
                if found.straightforward:
                    domain_staff.renewal_accept(
                        renewal=found.renewal,
                        actor=actor,
                        today=timezone.localdate(),
                        now=timezone.now(),
                    )
                    done += 1
    except domain_staff.DecisionRefused as refused:
        # Changed since the preview (another coordinator decided one): none is accepted.
        messages.error(request, f"Nothing was accepted: {refused}. Preview again.")
        return redirect(f"{_queue_url()}?tab=submitted")
    messages.success(request, f"Done: {done} renewal{'s' if done != 1 else ''} accepted.")
    return redirect(f"{_queue_url()}?tab=submitted")


@coordinator_only
@require_POST
def rater_call(request: HttpRequest, pk: int, rater_pk: int) -> HttpResponse:
    """The coordinator verifies a reinstatement rater's claimed endorsement or vets a rater
    without one, through the references domain, as on an application's file."""
    renewal = _renewal(pk)
    rater = get_object_or_404(Rater, pk=rater_pk, reinstatement=renewal)
    form = RaterCallForm(request.POST)
    if not form.is_valid():
        return _page(request, renewal, error="choose your call on the rater", status=400)
    call, note, actor = (
        form.cleaned_data["call"],
        form.cleaned_data["note"],
        signed_in_person(request),
    )
    try:
        if call == "verified":
            rater_endorsement_verify(rater=rater, actor=actor, note=note)
        else:
            rater_vet(rater=rater, vetted=call == "vetted", actor=actor, note=note)
    except RequestError as refused:
        return _page(request, renewal, error=str(refused).rstrip("."), status=400)
    messages.success(request, f"Your call on {rater.name} is recorded.")
    return redirect("staff_renewals:renewal", pk=pk)


def _queue_url() -> str:
    return reverse("staff_renewals:queue")
