"""Exam pages: sittings and candidates for the coordinator; blind Part 2 marking for exam
reviewers, who see a candidate code and never a name."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from endorse.accounts.access import signed_in_person, staff_required
from endorse.accounts.roles import Role
from endorse.applications.domain import DocumentError, TransitionError

from . import domain
from .forms import MarkForm, Part1Form, Part2ResponseForm, RegisterForm, SittingForm
from .models import ExamCandidate, ExamSitting, Part2Response
from .queries import exam_policy, marks_needed, part_results

coordinator_only = staff_required(Role.COORDINATOR)
exam_reviewer_only = staff_required(Role.EXAM_REVIEWER)


@coordinator_only
def sittings(request: HttpRequest) -> HttpResponse:
    form = SittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sitting = domain.sitting_create(actor=signed_in_person(request), **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("exams:sitting", pk=sitting.pk)
    listed = ExamSitting.objects.annotate(n=Count("candidates")).order_by("-held_on")
    return render(
        request,
        "exams/sittings.html",
        {"sittings": listed, "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_only
def sitting(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(ExamSitting, pk=pk)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.candidate_register(
                application=form.cleaned_data["application"],
                sitting=chosen,
                actor=signed_in_person(request),
            )
        except TransitionError as error:
            form.add_error("application", str(error))
        else:
            messages.success(request, "Registered.")
            return redirect("exams:sitting", pk=pk)
    return _sitting_page(request, chosen, form)


def _sitting_page(
    request: HttpRequest,
    chosen: ExamSitting,
    form: RegisterForm,
    part1: tuple[ExamCandidate, Part1Form] | None = None,
) -> HttpResponse:
    """The sitting's page; `part1` is a candidate's refused Part 1 score, shown beside it."""
    candidates = (
        chosen.candidates.select_related("application__applicant", "part2_response")
        .prefetch_related("marks")
        .order_by("code")
    )
    rows = [
        (c, part_results(c), marks_needed(c), exam_policy(c).part1_questions) for c in candidates
    ]
    context = {
        "sitting": chosen,
        "rows": rows,
        "form": form,
        "part1_pk": part1[0].pk if part1 else None,
        "part1_form": part1[1] if part1 else None,
    }
    refused = form.errors or part1
    return render(request, "exams/sitting.html", context, status=400 if refused else 200)


def _candidate_action(request: HttpRequest, pk: int, action: object, done: str) -> HttpResponse:
    candidate = get_object_or_404(ExamCandidate, pk=pk)
    try:
        action(candidate)  # type: ignore[operator]
    except (TransitionError, DocumentError) as error:
        messages.error(request, f"Not done: {error}.")
    else:
        messages.success(request, done)
    return redirect("exams:sitting", pk=candidate.sitting_id)


@coordinator_only
@require_POST
def part1(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(ExamCandidate.objects.select_related("application"), pk=pk)
    form = Part1Form(
        request.POST,
        questions=exam_policy(candidate).part1_questions,
        auto_id=f"part1-{candidate.pk}-%s",
    )
    if not form.is_valid():
        return _sitting_page(request, candidate.sitting, RegisterForm(), (candidate, form))
    return _candidate_action(
        request,
        pk,
        lambda c: domain.part1_record(
            candidate=c, score=form.cleaned_data["score"], actor=signed_in_person(request)
        ),
        "Part 1 score recorded.",
    )


@coordinator_only
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    return _candidate_action(
        request,
        pk,
        lambda c: domain.result_finalize(candidate=c, actor=signed_in_person(request)),
        "The result is final. Its letter waits for release under Needs action.",
    )


@exam_reviewer_only
def marking(request: HttpRequest) -> HttpResponse:
    """Candidates whose Part 2 still needs a mark, by code; never a name."""
    person = signed_in_person(request)
    waiting = (
        ExamCandidate.objects.filter(part2=True, finalized_at__isnull=True)
        .exclude(marks__marker=person)
        .exclude(application__assignments__reviewer=person)  # not blind to their own reviewee
        .annotate(n=Count("marks"))
        .filter(Q(n__lt=3))
        .select_related("sitting")
        .prefetch_related("marks")
        .order_by("sitting__held_on", "code")
    )
    rows = [c for c in waiting if marks_needed(c)]
    return render(request, "exams/marking.html", {"candidates": rows})


@exam_reviewer_only
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        ExamCandidate.objects.select_related("sitting", "application"), pk=pk, part2=True
    )
    form = MarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.part2_mark(
                candidate=candidate,
                passed=form.cleaned_data["passed"],
                feedback=form.cleaned_data["feedback"],
                actor=signed_in_person(request),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your mark for {candidate.code} is recorded.")
            return redirect("exams:marking")
    response = Part2Response.objects.filter(candidate=candidate).first()
    context = {"candidate": candidate, "form": form, "response": response}
    return render(request, "exams/mark.html", context, status=400 if form.errors else 200)


@coordinator_only
@require_POST
def part2_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator uploads a candidate's written Part 2 responses for the markers."""
    form = Part2ResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        candidate = get_object_or_404(ExamCandidate, pk=pk)
        messages.error(request, f"Not uploaded: {form.errors.as_text()}")
        return redirect("exams:sitting", pk=candidate.sitting_id)
    return _candidate_action(
        request,
        pk,
        lambda c: domain.part2_response_upload(
            candidate=c, upload=form.cleaned_data["file"], actor=signed_in_person(request)
        ),
        "The Part 2 responses are uploaded; the markers read them under the candidate's code.",
    )


@exam_reviewer_only
def part2_response(request: HttpRequest, pk: int) -> FileResponse:
    """The responses for a marker, named by the candidate's code only: never to a marker who
    reviewed the application (they would know whose they are), never after the result is final."""
    response = get_object_or_404(
        Part2Response.objects.select_related("candidate__application"),
        candidate__pk=pk,
        candidate__part2=True,
        candidate__finalized_at__isnull=True,
    )
    person = signed_in_person(request)
    if response.candidate.application.assignments.filter(reviewer=person).exists():
        raise Http404
    return FileResponse(
        response.file.open("rb"),
        as_attachment=True,
        filename=f"part2-{response.candidate.code}.pdf",
        content_type="application/pdf",
    )
