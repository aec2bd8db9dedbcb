"""Writes: every change to an application goes through one of these functions.

Each takes keyword arguments, validates before writing, runs in one transaction and records an
`ApplicationEvent` in that same transaction.
"""

from __future__ import annotations

import hashlib
import os
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from time import perf_counter
from typing import Any

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import Membership, User
from endorse.accounts.residency import residency_refusal
from endorse.associations.models import current_association
from endorse.eligibility import (
    PortfolioError,
    Problem,
    evaluate,
    known_categories,
    load_policy,
    load_portfolio,
    policy_names,
    portfolio_to_data,
)
from endorse.eligibility import portfolio as p
from endorse.eligibility.policy import default_policy_for
from endorse.notifications.domain import message_queue
from endorse.uploads import pdf_filename

from .bulk import Verdict, verdicts
from .enums import CLOSED, EDITABLE, TRANSITIONS, Category, EventKind, Status
from .evidence import EVIDENCE, TRANSCRIPT_VERIFIED, Judgement
from .evidence import section_of as evidence_section_of
from .models import (
    Application,
    ApplicationEvent,
    Degree,
    Document,
    EthicsSignature,
    Rater,
    Submission,
    SupervisionEntry,
)
from .queries import (
    applications_with_evidence,
    entry_id,
    entry_saved_with,
    portfolio_for,
    submission_blockers,
)


class TransitionError(ValueError):
    """A status change the lifecycle does not allow."""


class AlreadySaved(ValueError):
    """An add form saved a second time (its one-time token was used): nothing more is written."""

    def __init__(self, section: str, pk: int) -> None:
        super().__init__("this form was already saved")
        self.section, self.pk = section, pk


class PartlyDone(TransitionError):
    """The change is saved, but what was to follow it was refused: the message says what was
    not done and why, in words for the person who tried."""


def record_event(
    *, application: Application, actor: User | None, kind: EventKind, **data: Any
) -> ApplicationEvent:
    """Append an event to `application`'s log, in the caller's transaction. `kind` must be an
    `EventKind` (a bare string, even a known one, is refused), so no kind goes unlabelled."""
    if not isinstance(kind, EventKind):
        raise TypeError(f"an event kind must be an EventKind, not {kind!r}")
    return ApplicationEvent.objects.create(
        application=application, actor=actor, kind=kind, data=data
    )


def current_policy_for(category: str) -> str:
    """The policy a new application of `category` follows: the most recent version (by its
    effective date) that offers the category."""
    offering = [
        load_policy(name) for name in policy_names() if category in load_policy(name).categories
    ]
    newest = max(offering, key=lambda policy: policy.effective_on or date.min)
    return newest.name


def _association_policy(category: str) -> str:
    """The association's version for new applications (`Association.default_policy`) when it
    chose one that offers `category`; empty otherwise."""
    association = current_association()
    chosen = association.default_policy if association else ""
    if chosen in policy_names() and category in load_policy(chosen).categories:
        return chosen
    return ""


def policy_for_new(category: str) -> str:
    """The policy a new application of `category` follows here: the association's version,
    else the current one for the category."""
    return _association_policy(category) or current_policy_for(category)


def _file_default(category: str) -> str:
    """A new application's policy when its file names none: the association's version, else
    the category's default (choice K1)."""
    return _association_policy(category) or default_policy_for(category)


def not_offered(category: str) -> str:
    """Why `category` cannot be applied for here (empty when it can): the association does not
    offer it (`Association.categories`)."""
    association = current_association()
    if association is None or association.offers(category):
        return ""
    return f"{association.name} does not offer {Category(category).label} endorsement"


def application_start(*, applicant: User, category: str, policy: str | None = None) -> Application:
    """Start an application of `category`, under `policy` (by default the association's version
    for the category). An applicant may hold several applications, but one open per category."""
    if category not in Category.values:
        raise ValueError(f"unknown category {category!r}")
    if problem := not_offered(category):
        raise TransitionError(problem)
    policy = policy or policy_for_new(category)
    if policy not in policy_names():
        raise ValueError(f"unknown policy {policy!r}")
    _check_residency(applicant)
    with transaction.atomic():
        if problem := _second_open(applicant, category):
            raise TransitionError(problem)
        application = Application.objects.create(
            applicant=applicant, category=category, policy=policy
        )
        record_event(
            application=application,
            actor=applicant,
            kind=EventKind.STARTED,
            category=category,
            policy=policy,
        )
    return application


def _check_residency(applicant: User) -> None:
    """Raise `accounts.residency.ResidencyError` when the residency rule keeps `applicant` from applying to the
    association whose scope is active (it does not serve where they live, and no exception is
    recorded for them)."""
    association = current_association()
    if association is None:
        return  # no scope: the row cannot be saved anyway
    refusal = residency_refusal(person=applicant, association=association)
    if refusal is not None:
        raise refusal


def _second_open(applicant: User, category: str) -> str:
    """Why the applicant cannot start another application of `category` (empty when they
    can): they already have one open. Locks the applicant's row, so two starts at once cannot
    both pass the check; call it inside the transaction that creates the application."""
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    if (
        Application.objects.filter(applicant=applicant, category=category)
        .exclude(status__in=CLOSED)
        .exists()
    ):
        return (
            f"you already have an open application for {Category(category).label}; "
            "continue that one, or withdraw it first"
        )
    return ""


def application_transition(
    *,
    application: Application,
    to: Status,
    actor: User | None,
    reason: str = "",
    declaration: str = "",
) -> Application:
    """Move `application` to status `to`, if the lifecycle allows it; records the move.

    The move is a conditional update (only while the stored status is still the one `application`
    holds): when someone else moved it in the meantime, nothing is written and `TransitionError`
    names the status it now has, so two moves at once give one winner and a plain refusal.
    """
    current = Status(application.status)
    if to not in TRANSITIONS[current]:
        raise TransitionError(f"an application cannot go from {current.label} to {to.label}")
    with transaction.atomic():
        now = timezone.now()
        changes: dict[str, Any] = {"status": to, "updated_at": now}
        if to == Status.SUBMITTED:
            changes["submitted_at"] = now
        if not Application.objects.filter(pk=application.pk, status=current).update(**changes):
            stored = (
                Application.objects.filter(pk=application.pk)
                .values_list("status", flat=True)
                .first()
            )
            now_is = Status(stored).label.lower() if stored else "deleted"
            raise TransitionError(
                f"the application was changed by someone else: it is now {now_is}"
            )
        for name, value in changes.items():
            setattr(application, name, value)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.STATUS,
            to=to.value,
            frm=current.value,
            reason=reason,
            **({"declaration": declaration} if declaration else {}),
        )
    return application


def application_import(
    *,
    applicant: User,
    text: str | bytes,
    application: Application | None = None,
    trusted: bool = False,
    actor: User | None = None,
) -> Application:
    """Create an application from a portfolio file, or replace a draft's evidence with the file's.

    Raises `PortfolioError` naming every problem; nothing is written unless the whole file is
    valid. Unless `trusted` (staff importing verified records), what only staff may judge is not
    taken from the file: transcripts start missing, acceptances and approvals unjudged, raters
    unverified and their ratings not yet requested, no review; a signature must be made in the
    application itself.

    Replacing a draft's evidence never touches a rater who was sent a request (nor, so, a rating):
    those are kept as they are, and a rater of the file with the email of a kept one is not
    added again. Only raters never asked are replaced by the file's.
    """
    portfolio = load_portfolio(text, known_categories=known_categories())
    if application is not None:
        if application.category != portfolio.category:
            raise PortfolioError(
                [
                    Problem(
                        "category",
                        f"this application is for {application.category}; the file is for {portfolio.category}",
                    )
                ]
            )
        if application.status != Status.DRAFT:
            raise PortfolioError(
                [Problem("", "only a draft can be replaced from a file; edit the sections instead")]
            )
    elif problem := not_offered(portfolio.category):
        raise PortfolioError([Problem("category", problem)])
    rater_problems = _rater_email_problems(applicant, portfolio)
    if rater_problems:
        raise PortfolioError(rater_problems)
    if application is None and not trusted:
        _check_residency(applicant)  # staff carrying records over (trusted) are not refused
    # A file naming no policy is evaluated under the association's version when it chose one,
    # else under the category's default (choice K1).
    policy = portfolio.policy or (
        application.policy if application else _file_default(portfolio.category)
    )
    if policy not in policy_names():
        raise PortfolioError(
            [
                Problem(
                    "policy",
                    f"unknown policy {policy!r}; expected one of {', '.join(policy_names())}",
                )
            ]
        )
    with transaction.atomic():
        kept: list[Any] = []
        if application is None:
            if problem := _second_open(applicant, portfolio.category):
                raise PortfolioError([Problem("category", problem)])
            application = Application.objects.create(
                applicant=applicant, category=portfolio.category, policy=policy
            )
        else:
            for section in EVIDENCE:
                rows = section.model._default_manager.filter(application=application)
                if section.kept_on_import is not None:
                    kept += list(rows.filter(section.kept_on_import))
                    rows = rows.exclude(pk__in=[row.pk for row in kept])
                rows.delete()
            application.policy = policy
        if trusted and portfolio.exam is not None:
            application.exam_result = portfolio.exam.result
            application.exam_taken_on = portfolio.exam.taken_on
            application.exam_age_band = portfolio.exam.age_band or ""
        if trusted and portfolio.review is not None:
            application.review_competencies = portfolio.review.competencies or ""
            application.review_reason = portfolio.review.reason or ""
        application.save()
        taken = {r.email.casefold() for r in kept if r.withdrawn_at is None and r.email}
        not_added = [
            f"references.{index}"
            for index, r in enumerate(portfolio.references)
            if r.email and r.email.casefold() in taken
        ]
        _create_evidence(
            application,
            replace(
                portfolio,
                references=tuple(
                    r for r in portfolio.references if not (r.email and r.email.casefold() in taken)
                ),
            ),
            trusted=trusted,
        )
        if portfolio.membership is not None:
            _keep_membership(applicant, portfolio.membership)
        if trusted and portfolio.ethics is not None:
            signed_at = timezone.make_aware(datetime.combine(portfolio.ethics.signed_on, time(12)))
            EthicsSignature.objects.create(
                application=application,
                signed_name=applicant.name or applicant.email,
                signed_at=signed_at,
                version=portfolio.ethics.version or "",
            )
        record_event(
            application=application,
            actor=actor or applicant,
            kind=EventKind.IMPORTED,
            trusted=trusted,
            kept_raters=[r.pk for r in kept],
            not_added=not_added,
        )
    return application


def _rater_email_problems(applicant: User, portfolio: p.Portfolio) -> list[Problem]:
    """The file's raters whose email is the applicant's, or an earlier rater's of the file."""
    own = applicant.email.strip().casefold()
    first: dict[str, int] = {}
    problems = []
    for index, rater in enumerate(portfolio.references):
        folded = (rater.email or "").strip().casefold()
        if not folded:
            continue
        path = f"references.{index}.email"
        if folded == own:
            problems.append(
                Problem(path, "the applicant's own email address; a rater must be someone else")
            )
        elif folded in first:
            problems.append(
                Problem(
                    path,
                    f"the same email address as references.{first[folded]}; "
                    "each rater needs their own",
                )
            )
        else:
            first[folded] = index
    return problems


def _create_evidence(application: Application, portfolio: p.Portfolio, *, trusted: bool) -> None:
    for section in EVIDENCE:
        model = section.model
        # A rater keeps its association on the row (`Rater.association`).
        owner = {"association_id": application.association_id} if model is Rater else {}
        model._default_manager.bulk_create(
            model(application=application, **owner, **section.to_row(entry, trusted=trusted))
            for entry in getattr(portfolio, section.key)
        )


def _keep_membership(person: User, membership: p.Membership) -> None:
    """Record the file's membership for the person unless the same one is already recorded. A
    membership without an expiry date (choice K50) is recorded as one that does not expire."""
    Membership.objects.get_or_create(
        person=person,
        association=membership.association or "MI-AIMH",
        member_id=membership.member_id or "",
        expires_on=membership.expires_on,
        defaults={"kind": membership.kind or "individual"},
    )


def require_editable(application: Application, section: str | None = None) -> None:
    """Refuse changes unless the application is a draft, or changes were requested and
    `section` (an evidence section's slug, or "ethics") is one of those reopened."""
    if application.status not in EDITABLE:
        raise TransitionError("this application can no longer be changed")
    if application.status == Status.CHANGES_REQUESTED and (
        section is None or section not in application.reopened_sections
    ):
        raise TransitionError("only the sections the coordinator reopened can be changed")


def section_of(entry: Any) -> str:
    """The workspace key of the section an evidence row belongs to (as `require_editable` and a
    decision's reopened sections name it)."""
    return evidence_section_of(entry).slug


def _judgements_on_save(entry: Any) -> list[tuple[Judgement, list[str]]]:
    """Put the stored staff judgements on `entry` (a form instance may hold values loaded before
    staff judged), resetting each whose grounds the applicant changed. Returns the resets with
    the fields that caused them. Locks the stored row."""
    judgements = evidence_section_of(entry).judgements
    if entry.pk is None or not judgements:
        return []
    stored = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    resets = []
    for judgement in judgements:
        value = getattr(stored, judgement.column)
        changed = sorted(
            name for name in judgement.rests_on if getattr(stored, name) != getattr(entry, name)
        )
        if changed and value in judgement.judged:
            value = judgement.reset_to
            resets.append((judgement, changed))
        setattr(entry, judgement.column, value)
    return resets


def _record_reset(
    application: Application, actor: User, entry: Any, judgement: Judgement, fields: list[str]
) -> None:
    record_event(
        application=application,
        actor=actor,
        kind=EventKind.JUDGEMENT_RESET,
        section=type(entry).__name__,
        entry=entry.pk,
        judgement=judgement.label,
        fields=fields,
    )


def evidence_save(*, application: Application, entry: Any, actor: User, token: str = "") -> Any:
    """Save a new or changed evidence entry (a validated, unsaved form instance) of a draft.

    `token` is an add form's one-time token: it is recorded with the new entry, and a form saved
    again with it (Back, then Save) raises `AlreadySaved` naming the entry it created.

    A staff judgement on the entry (`evidence.EVIDENCE`) survives a change of anything else, but a
    change of a field it rests on resets it, with a `judgement_reset` event: what staff judged
    is no longer what the entry says.
    """
    require_editable(application, section_of(entry))
    creating = entry.pk is None
    with transaction.atomic():
        if creating and token:
            # The application's row is locked so two saves of one form at once add one entry.
            Application.objects.select_for_update().filter(pk=application.pk).first()
            earlier = entry_saved_with(application, token)
            if earlier is not None:
                raise AlreadySaved(*earlier)
        entry.application = application
        resets = _judgements_on_save(entry)
        entry.save()
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.EVIDENCE_ADDED if creating else EventKind.EVIDENCE_CHANGED,
            section=type(entry).__name__,
            entry=entry.pk,
            **({"token": token} if creating and token else {}),
        )
        for judgement, fields in resets:
            _record_reset(application, actor, entry, judgement, fields)
    return entry


# A run of monthly entries covers at most three years: anything longer is a typing slip.
MOST_MONTHS = 36


def months_between(start: date, until: date) -> list[tuple[date, date]]:
    """Each calendar month from `start`'s to `until`'s as (first day, last day), the first from
    `start` and the last to `until`."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (until.year, until.month):
        first = start if (year, month) == (start.year, start.month) else date(year, month, 1)
        months.append((first, min(date(year, month, monthrange(year, month)[1]), until)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def supervision_add_monthly(
    *, application: Application, entry: SupervisionEntry, until: date, actor: User, token: str = ""
) -> list[SupervisionEntry]:
    """Add a run of monthly RS/C sessions at once: `entry` (a validated, unsaved form instance:
    provider, format, hours per session) once for each month from its start date's to `until`'s,
    each entry covering its month. All are added or none, each through `evidence_save` (the
    first with the form's one-time `token`, which so guards the whole run)."""
    months = months_between(entry.start_on, until)
    if not months:
        raise ValueError("the last month is before the first")
    if len(months) > MOST_MONTHS:
        raise ValueError(f"a run covers at most {MOST_MONTHS} months")
    fields = {
        f.attname: getattr(entry, f.attname)
        for f in entry._meta.concrete_fields
        if not f.primary_key
    }
    with transaction.atomic():
        return [
            evidence_save(
                application=application,
                entry=SupervisionEntry(**{**fields, "start_on": first, "end_on": last}),
                actor=actor,
                token=token if index == 0 else "",
            )
            for index, (first, last) in enumerate(months)
        ]


def evidence_delete(*, application: Application, entry: Any, actor: User) -> None:
    """Delete an entry of an editable application. A rater who was sent a request is refused:
    such a request is withdrawn (`references.domain.rater_remove`), and its rating kept."""
    require_editable(application, section_of(entry))
    if isinstance(entry, Rater) and (
        entry.sent_at is not None
        or Rater.objects.filter(pk=entry.pk, rating__isnull=False).exists()
    ):
        raise TransitionError("a rater who was sent a request is withdrawn, not deleted")
    with transaction.atomic():
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.EVIDENCE_DELETED,
            section=type(entry).__name__,
            entry=entry.pk,
        )
        entry.delete()


def ethics_sign(
    *, application: Application, signed_name: str, version: str, actor: User
) -> EthicsSignature:
    """Record a typed-name signature, with the moment and the agreement version signed."""
    require_editable(application, "ethics")
    if not signed_name.strip():
        raise ValueError("a signature needs a name")
    with transaction.atomic():
        signature = EthicsSignature.objects.create(
            application=application,
            signed_name=signed_name.strip(),
            signed_at=timezone.now(),
            version=version,
        )
        record_event(
            application=application, actor=actor, kind=EventKind.ETHICS_SIGNED, version=version
        )
    return signature


class NotReadyError(ValueError):
    """The application still misses something the applicant must supply."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("still missing: " + ", ".join(missing))
        self.missing = missing


def application_submit(
    *, application: Application, actor: User, declaration: str = ""
) -> Submission:
    """Submit a draft (or resubmit after changes were requested).

    `declaration` is the wording the applicant declared true on submitting (the check-your-
    answers page requires it); it is recorded with the move to submitted.

    Refused while a requirement the applicant must meet is not met (`NotReadyError`). Freezes a
    `Submission` (portfolio file and verdict), moves the status and queues the confirmation email
    to be sent once the transaction has committed.
    """
    today = timezone.localdate()
    with transaction.atomic():
        locked = applications_with_evidence().select_for_update(of=("self",)).get(pk=application.pk)
        current = Status(locked.status)
        if Status.SUBMITTED not in TRANSITIONS[current]:
            raise TransitionError(
                f"an application cannot go from {current.label} to {Status.SUBMITTED.label}"
            )
        missing = submission_blockers(locked, today=today)
        if missing:
            raise NotReadyError(missing)
        portfolio = portfolio_for(locked, as_of=today)
        submission = Submission.objects.create(
            application=locked,
            number=locked.submissions.count() + 1,
            submitted_at=timezone.now(),
            portfolio=portfolio_to_data(portfolio),
            verdict=evaluate(portfolio).to_data(),
            documents=[
                {
                    "id": d.pk,
                    "degree": entry_id("degrees", d.degree_id) if d.degree_id else None,
                    "name": d.original_name,
                    "sha256": d.sha256,
                    "size": d.size,
                }
                for d in locked.documents.all()  # prefetched without the removed ones
            ],
        )
        application_transition(
            application=locked, to=Status.SUBMITTED, actor=actor, declaration=declaration
        )
        if locked.reopened_sections:
            locked.reopened_sections = []
            locked.save(update_fields=["reopened_sections"])
        message_queue(
            recipient=locked.applicant.email,
            template="applications/email/submitted",
            context={
                "person_name": locked.applicant.name or locked.applicant.email,
                "category": locked.get_category_display(),
                "submitted_on": timezone.localtime(submission.submitted_at).strftime("%-d %B %Y"),
            },
            idempotency_key=f"application-submitted:{submission.pk}",
            application=locked,
        )
    application.refresh_from_db()
    return submission


class DocumentError(ValueError):
    """An upload that is refused: what is wrong with it, in plain words."""


PDF_SNIFF_BYTES = 4096


def pdf_digest(upload: UploadedFile[bytes], *, what: str) -> Any:
    """The SHA-256 of an upload checked to be a PDF (by its content, not its name) within the
    size limit; `DocumentError` says what is wrong, naming `what` was to be uploaded."""
    limit = settings.ENDORSE_DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise DocumentError(f"The file is larger than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(PDF_SNIFF_BYTES)
    upload.seek(0)
    try:
        kind = puremagic.from_string(head, mime=True) if head else ""
    except puremagic.PureError:
        kind = ""
    if kind != "application/pdf" or not head.startswith(b"%PDF-"):
        raise DocumentError(f"The file is not a PDF. Save or scan {what} as a PDF and upload that.")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest


def document_upload(
    *,
    application: Application,
    degree: Degree,
    upload: UploadedFile[bytes],
    actor: User,
    by_staff: bool = False,
) -> Document:
    """Store a transcript PDF for `degree`. Checked before anything is written: the application is
    editable (unless staff upload an official transcript on the applicant's behalf), the file is
    within the size limit, its content (not its name) is a PDF, and the application holds fewer
    than `ENDORSE_DOCUMENT_MAX_PER_APPLICATION` documents (removed ones count: their files are
    kept). It is stored and named as a PDF whatever the uploaded name said. A missing transcript
    becomes "received"; staff verify it."""
    if not by_staff:
        require_editable(application, "degrees")
    if degree.application_id != application.pk:
        raise DocumentError("that degree belongs to another application")
    digest = pdf_digest(upload, what="the transcript")
    with transaction.atomic():
        # The application's row is locked so two uploads at once cannot both take the last place.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        most = settings.ENDORSE_DOCUMENT_MAX_PER_APPLICATION
        if Document.objects.filter(application=application).count() >= most:
            raise DocumentError(
                f"This application already holds {most} documents, the most it may hold "
                "(removed ones are kept on record). Ask the association if another is needed."
            )
        document = Document(
            application=application,
            degree=degree,
            original_name=pdf_filename(upload.name),
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        document.file.save("transcript.pdf", upload, save=False)  # named by _document_path
        document.save()
        # A transcript verified from the documents staff saw is verified again once the
        # applicant adds another.
        verified = degree.transcript == "verified" and not by_staff
        if degree.transcript == "missing" or verified:
            degree.transcript = "received"
            degree.save(update_fields=["transcript", "updated_at"])
        if verified:
            _record_reset(application, actor, degree, TRANSCRIPT_VERIFIED, ["documents"])
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.DOCUMENT_UPLOADED,
            document=document.pk,
            degree=degree.pk,
        )
    return document


def document_remove(*, document: Document, actor: User) -> None:
    """Hide a document from the application; its file is kept for any submission that refers to it."""
    require_editable(document.application, "degrees")
    with transaction.atomic():
        document.removed_at = timezone.now()
        document.save(update_fields=["removed_at"])
        record_event(
            application=document.application,
            actor=actor,
            kind=EventKind.DOCUMENT_REMOVED,
            document=document.pk,
        )


@dataclass
class Reevaluation:
    """What evaluating every application again found: how many stand at each overall verdict,
    how many miss each requirement, and how many open applications moved policy."""

    policy: str | None
    applications: int = 0
    overall: Counter[str] = field(default_factory=Counter)
    not_met: Counter[str] = field(default_factory=Counter)
    moved: int = 0
    seconds: float = 0.0
    # Processor time of this process and its workers: on a shared machine, the steadier figure.
    cpu_seconds: float = 0.0


def applications_reevaluate(
    *,
    policy: str | None = None,
    apply: bool = False,
    actor: User | None = None,
    today: date | None = None,
    jobs: int = 1,
    chunk: int = 500,
) -> Reevaluation:
    """Evaluate every application again: under its own policy, or under `policy` to see what
    adopting it would do. With `apply`, open applications (draft, changes requested) move to
    `policy`, each with an event naming both policies and the new verdict; submitted and
    decided applications keep the policy they were submitted under (docs/interpretations.md).
    Moves are written 500 at a time, each batch in one transaction. With `jobs` > 1, worker
    processes read and evaluate chunks of `chunk` applications; the report and the writes are
    the same as with one (`bulk.verdicts`)."""
    if policy is not None and policy not in policy_names():
        raise ValueError(f"unknown policy {policy!r}")
    if apply and policy is None:
        raise ValueError("name the policy to move open applications to")
    if policy is not None:
        # A policy that does not offer a category held cannot judge those applications.
        offered = load_policy(policy).categories
        held = set(Application.objects.order_by().values_list("category", flat=True).distinct())
        if missing := sorted(held - offered.keys()):
            raise ValueError(
                f"policy {policy!r} does not offer {', '.join(missing)}, which applications "
                f"hold; it offers {', '.join(offered)}"
            )
    today = today or timezone.localdate()
    report = Reevaluation(policy=policy)
    started, cpu_started = perf_counter(), _cpu_seconds()
    moved: list[Verdict] = []

    def move() -> None:
        with transaction.atomic():
            Application.objects.filter(pk__in=[v.pk for v in moved], status__in=EDITABLE).update(
                policy=policy, updated_at=timezone.now()
            )
            ApplicationEvent.objects.bulk_create(
                ApplicationEvent(
                    application_id=v.pk,
                    actor=actor,
                    kind=EventKind.POLICY_CHANGED,
                    data={"frm": v.policy, "to": policy, "result": v.overall},
                )
                for v in moved
            )
        report.moved += len(moved)
        moved.clear()

    # The caller's scope chooses the applications (the command disables it: every association's).
    ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    for verdict in verdicts(ids, policy=policy, today=today, jobs=jobs, chunk=chunk):
        report.applications += 1
        report.overall[verdict.overall] += 1
        for requirement_id in verdict.not_met:
            report.not_met[requirement_id] += 1
        if apply and verdict.status in EDITABLE and verdict.policy != policy:
            moved.append(verdict)
            if len(moved) >= 500:
                move()
    if moved:
        move()
    report.seconds = perf_counter() - started
    report.cpu_seconds = _cpu_seconds() - cpu_started
    return report


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished child processes."""
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system
