"""The coordinator's import page: upload a file, read the dry run's report (or download it as
CSV), then apply the same file (`imports.domain`, docs/import.md)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from endorse.accounts.access import signed_in_person
from endorse.associations.models import Association
from endorse.imports.bundle import read_bundle
from endorse.imports.columns import Kind
from endorse.imports.core import report_from_json
from endorse.imports.domain import Report, import_apply, import_check, report_csv
from endorse.imports.invitations import (
    invitation_counts,
    invitation_send,
    unclaimed_imported,
)
from endorse.imports.jobs import import_job_start, import_job_status, in_background
from endorse.imports.models import ImportJob, JobState
from endorse.imports.reader import ImportFileError

from .forms import ImportForm, InvitationForm
from .views import coordinator_only


@coordinator_only
def imports(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: `action` check (the dry run's report), report (the same as a CSV
    file) or apply (writes the file when no row has a problem)."""
    association: Association = request.association  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None, request.FILES or None)
    report: Report | None = None
    action = request.POST.get("action", "check")
    if request.method == "POST" and form.is_valid():
        kind = Kind(form.cleaned_data["kind"])
        upload = form.cleaned_data["file"]
        beside = [(f.name, f.read()) for f in form.cleaned_data["portfolios"]]
        try:
            bundle = read_bundle(kind, upload.name, upload.read(), beside)
        except ImportFileError as error:
            form.add_error("file", f"{str(error)[:1].upper()}{str(error)[1:]}.")
        else:
            table, portfolios = bundle.table, bundle.portfolio
            if action in ("check", "apply") and in_background(table):
                upload.seek(0)
                job = import_job_start(
                    association=association,
                    actor=signed_in_person(request),
                    kind=kind,
                    apply=action == "apply",
                    filename=upload.name,
                    data=upload.read(),
                    beside=beside,
                    rows=len(table.rows),
                )
                return redirect("staff:import_job", pk=job.pk)
            if action == "apply":
                report = import_apply(
                    kind=kind,
                    table=table,
                    association=association,
                    actor=signed_in_person(request),
                    portfolios=portfolios,
                )
                if report.ok:
                    messages.success(request, report.summary())
                    return redirect("staff:imports")
            else:
                report = import_check(
                    kind=kind, table=table, association=association, portfolios=portfolios
                )
                if action == "report":
                    response = HttpResponse(report_csv(report), content_type="text/csv")
                    response["Content-Disposition"] = (
                        f'attachment; filename="{kind}-import-problems.csv"'
                    )
                    return response
    status = 400 if form.errors or (report is not None and not report.ok) else 200
    context = {"form": form, "report": report, "association": association}
    return render(request, "review/import.html", context, status=status)


@coordinator_only
def invitations(request: HttpRequest) -> HttpResponse:
    """GET: the imported people who have not claimed their account, with counts. POST: queue
    the next batch of invitations (`action` send), or send again to those invited who have not
    claimed (`action` resend)."""
    association: Association = request.association  # type: ignore[attr-defined]
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resend = request.POST.get("action") == "resend"
        sent = invitation_send(
            association=association,
            actor=signed_in_person(request),
            batch=form.cleaned_data["batch"],
            resend=resend,
        )
        again = " again" if resend else ""
        messages.success(request, f"{len(sent)} invitations queued{again}.")
        return redirect("staff:import_invitations")
    context = {
        "form": form,
        "counts": invitation_counts(),
        "waiting": list(unclaimed_imported()[:SHOWN]),
        "invited": list(unclaimed_imported(resend=True)[:SHOWN]),
        "shown": SHOWN,
    }
    return render(
        request, "review/import_invitations.html", context, status=400 if form.errors else 200
    )


# The people listed on the invitations page (the counts say how many there are in all).
SHOWN = 50


@coordinator_only
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A large file's check or apply in the worker: its progress (polled by
    `import-progress.js` from `import_job_status`) until done, then its report."""
    job = get_object_or_404(ImportJob, pk=pk)
    report = report_from_json(job.report) if job.report is not None else None
    context = {"job": job, "report": report, "finished": job.state in FINISHED}
    status = 400 if report is not None and not report.ok else 200
    return render(request, "review/import_job.html", context, status=status)


@coordinator_only
def import_job_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's progress as JSON: state, step, rows done and in all."""
    job = get_object_or_404(ImportJob, pk=pk)
    response = JsonResponse(import_job_status(job))
    response["Cache-Control"] = "no-store"
    return response


FINISHED = (JobState.DONE, JobState.FAILED)
