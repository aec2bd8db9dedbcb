"""What an export holds, written into a zip: an association's archive and a person's own data.

The association's archive (`endorse-archive/1`, docs/import.md "Exporting"):

- `people.csv`, `endorsements.csv`, `members.csv`, `applications.csv`: the import templates'
  columns exactly (`imports.columns.TEMPLATES`), so the archive imports back unchanged;
- `portfolio-EA-000012.json`: each application as its portfolio file (`imh-portfolio/1`, the
  workspace's download), named in `applications.csv` and beside it, as the import wants;
- `documents/…`: every stored document (transcripts, exam Part 2 responses) read through the
  storage API (a bucket too), listed in `documents.csv`;
- `ratings.json`: the submitted ratings whose rater did not waive the applicant's right to see
  them, each marked visible to the applicant (a waived rating is never in an export);
- `renewals.csv`: the renewals submitted;
- `manifest.json`: format, association, moment, the rows of each file and every file's SHA-256.

Reads only: call it in the association's scope.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.files.storage import default_storage
from django.utils import timezone

from endorse.accounts.models import Membership, User
from endorse.applications.models import Application, Document
from endorse.applications.queries import applications_with_evidence, portfolio_for
from endorse.associations.models import Association
from endorse.eligibility import portfolio_to_data
from endorse.exams.models import Part2Response
from endorse.imports.columns import TEMPLATES, Kind
from endorse.notifications.delivery import build_email
from endorse.notifications.models import SECRET_CONTEXT_KEYS, OutboxMessage
from endorse.references.models import Rating
from endorse.registry.models import Endorsement
from endorse.renewals.models import Renewal

FORMAT = "endorse-archive/1"
PERSON_FORMAT = "endorse-my-data/1"
BATCH = 500
RENEWAL_COLUMNS = (
    "email",
    "endorsements",
    "period_start",
    "period_end",
    "state",
    "submitted_at",
    "fee_status",
    "fee_paid_on",
    "fee_paid_amount",
)
DOCUMENT_COLUMNS = (
    "file",
    "application",
    "kind",
    "original_name",
    "size",
    "sha256",
    "uploaded_at",
    "removed_at",
)


class _Zip:
    """A zip being written, counting each file's rows and keeping its SHA-256."""

    def __init__(self, out: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self.files: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def write(self, name: str, data: bytes, *, rows: int | None = None) -> None:
        if name in self.files:
            return  # one stored file that several records name is written once
        self.zip.writestr(name, data)
        self.files[name] = hashlib.sha256(data).hexdigest()
        if rows is not None:
            self.counts[name] = rows

    def csv(self, name: str, columns: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
            count += 1
        self.write(name, out.getvalue().encode(), rows=count)

    def json(self, name: str, data: Any, *, rows: int | None = None) -> None:
        self.write(
            name, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), rows=rows
        )

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        manifest = {**manifest, "counts": self.counts, "files": self.files}
        self.zip.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        self.zip.close()
        return manifest


def _columns(kind: Kind) -> list[str]:
    return [column.name for column in TEMPLATES[kind]]


def _day(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _moment(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value is not None else ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def portfolio_name(application: Application) -> str:
    return f"portfolio-{application.reference}.json"


def _portfolio(application: Application) -> bytes:
    data = portfolio_to_data(portfolio_for(application))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _people(association: Association) -> list[User]:
    """Everyone with a record in the association's records: an application, an endorsement, a
    membership or a renewal (staff without one of these are not records)."""
    ids = set(Application.objects.values_list("applicant_id", flat=True))
    ids |= set(Endorsement.objects.exclude(person=None).values_list("person_id", flat=True))
    ids |= set(Membership.objects.values_list("person_id", flat=True))
    ids |= set(Renewal.objects.values_list("person_id", flat=True))
    return list(User.objects.filter(pk__in=ids).order_by("email"))


def _endorsement_row(endorsement: Endorsement) -> list[object]:
    # `standing` is left empty: it is computed from the dates, and the import checks a given one
    # against the day it is imported, which may not be the day it was exported.
    return [
        endorsement.name,
        endorsement.person.email if endorsement.person else "",
        endorsement.category,
        endorsement.number,
        _day(endorsement.issued_on),
        _day(endorsement.renewed_through),
        _day(timezone.localdate(endorsement.revoked_at) if endorsement.revoked_at else None),
        "",
        _yes(endorsement.listed),
    ]


def _membership_row(membership: Membership) -> list[object]:
    return [
        membership.person.email,
        membership.association,
        membership.member_id,
        membership.kind,
        _day(membership.expires_on),
    ]


def _renewal_rows(renewals: Iterable[Renewal]) -> Iterator[list[object]]:
    for renewal in renewals:
        yield [
            renewal.person.email,
            " ".join(e.number for e in renewal.endorsements.all()),
            _day(renewal.period_start),
            _day(renewal.period_end),
            renewal.state,
            _moment(renewal.submitted_at),
            renewal.fee_status,
            _day(renewal.fee_paid_on),
            "" if renewal.fee_paid_amount is None else renewal.fee_paid_amount,
        ]


def _rating(rating: Rating) -> dict[str, Any]:
    rater = rating.rater
    owner: dict[str, Any]
    if rater.application is not None:
        owner = {
            "application": rater.application.reference,
            "applicant": rater.application.applicant.email,
        }
    else:  # a rater has exactly one owner (the `rater_has_one_owner` constraint)
        reinstatement = rater.reinstatement
        assert reinstatement is not None
        owner = {
            "reinstatement_of": [e.number for e in reinstatement.endorsements.all()],
            "applicant": reinstatement.person.email,
        }
    return {
        **owner,
        "rater": {"name": rater.name, "email": rater.email, "role": rater.role},
        "visible_to_applicant": True,
        "questions_version": rating.questions_version,
        "questions": rating.question_set.data,
        "answers": rating.answers,
        "known_years": None if rating.known_years is None else str(rating.known_years),
        "recommendation": rating.recommendation,
        "comments": rating.comments,
        "submitted_at": _moment(rating.submitted_at),
    }


def visible_ratings(applications: Iterable[Application] | None = None) -> list[Rating]:
    """Submitted ratings whose rater did not waive the applicant's right to see them (of
    `applications`, or of every application in scope)."""
    ratings = Rating.objects.filter(submitted_at__isnull=False, rater__waived=False)
    if applications is not None:
        ratings = ratings.filter(rater__application__in=list(applications))
    return list(
        ratings.select_related(
            "rater__application__applicant", "rater__reinstatement__person", "question_set"
        )
        .prefetch_related("rater__reinstatement__endorsements")
        .order_by("rater__application_id", "rater_id")
    )


def _stored(name: str | None) -> bytes:
    assert name, "a stored document has a name"
    with default_storage.open(name, "rb") as stored:
        data: bytes = stored.read()
    return data


def archive_write(association: Association, out: IO[bytes]) -> dict[str, Any]:
    """Write the association's archive to `out`; returns its manifest. Call it in its scope."""
    archive = _Zip(out)
    people = _people(association)
    archive.csv(
        "people.csv",
        _columns(Kind.PEOPLE),
        ([p.name, p.email, p.phone, p.residence] for p in people),
    )
    endorsements = Endorsement.objects.select_related("person").order_by("number")
    archive.csv(
        "endorsements.csv", _columns(Kind.ENDORSEMENTS), map(_endorsement_row, endorsements)
    )
    members = Membership.objects.select_related("person").order_by("person__email", "pk")
    archive.csv("members.csv", _columns(Kind.MEMBERS), map(_membership_row, members))
    # Applications a batch at a time, each with its evidence: memory stays flat however many.
    keys = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    named: list[list[object]] = []
    for start in range(0, len(keys), BATCH):
        batch = applications_with_evidence().filter(pk__in=keys[start : start + BATCH])
        for application in batch.order_by("pk"):
            archive.write(portfolio_name(application), _portfolio(application))
            named.append(
                [
                    application.applicant.email,
                    application.applicant.name,
                    portfolio_name(application),
                ]
            )
    archive.csv("applications.csv", _columns(Kind.APPLICATIONS), named)
    renewals = Renewal.objects.select_related("person").prefetch_related("endorsements")
    archive.csv("renewals.csv", RENEWAL_COLUMNS, _renewal_rows(renewals.order_by("pk")))
    ratings = visible_ratings()
    archive.json("ratings.json", [_rating(r) for r in ratings], rows=len(ratings))
    documents: list[list[object]] = []
    for document in Document.objects.select_related("application").order_by("pk"):
        if f"documents/{document.file.name}" not in archive.files:
            archive.write(f"documents/{document.file.name}", _stored(document.file.name))
        documents.append(
            [
                document.file.name,
                document.application.reference,
                document.kind,
                document.original_name,
                document.size,
                document.sha256,
                _moment(document.uploaded_at),
                _moment(document.removed_at),
            ]
        )
    responses = Part2Response.objects.select_related("candidate__application").order_by("pk")
    for response in responses:
        if f"documents/{response.file.name}" not in archive.files:
            archive.write(f"documents/{response.file.name}", _stored(response.file.name))
        documents.append(
            [
                response.file.name,
                response.candidate.application.reference,
                "exam_part2_response",
                "",
                response.size,
                response.sha256,
                _moment(response.uploaded_at),
                "",
            ]
        )
    archive.csv("documents.csv", DOCUMENT_COLUMNS, documents)
    return archive.finish(
        {
            "format": FORMAT,
            "association": {"slug": association.slug, "name": association.name},
            "created_at": timezone.now().isoformat(),
        }
    )


def person_data_write(person: User, out: IO[bytes]) -> dict[str, Any]:
    """Write `person`'s own data to `out` ("Download my data"): their profile, each of their
    applications as a portfolio file, their endorsements and renewals, the ratings of their
    applications they may see, and the emails sent to them. Every association's records that
    are theirs (the scopes are disabled by the caller, on purpose); nobody else's."""
    archive = _Zip(out)
    archive.json(
        "profile.json",
        {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "residence": person.residence,
            "joined": _moment(person.date_joined),
            "memberships": [
                {
                    "association": m.association,
                    "member_id": m.member_id,
                    "kind": m.kind,
                    "expires_on": _day(m.expires_on),
                }
                for m in Membership.objects.filter(person=person).order_by("pk")
            ],
        },
    )
    applications = list(applications_with_evidence().filter(applicant=person).order_by("pk"))
    for application in applications:
        archive.write(f"applications/{portfolio_name(application)}", _portfolio(application))
    endorsements = Endorsement.objects.filter(person=person).order_by("number")
    archive.csv(
        "endorsements.csv",
        _columns(Kind.ENDORSEMENTS),
        (_endorsement_row(e) for e in endorsements.select_related("person")),
    )
    renewals = Renewal.objects.filter(person=person).select_related("person")
    archive.csv(
        "renewals.csv",
        RENEWAL_COLUMNS,
        _renewal_rows(renewals.prefetch_related("endorsements").order_by("pk")),
    )
    ratings = visible_ratings(applications) if applications else []
    archive.json("ratings.json", [_rating(r) for r in ratings], rows=len(ratings))
    emails = list(
        OutboxMessage.objects.filter(recipient__iexact=person.email, sent_at__isnull=False)
        .select_related("association")
        .order_by("created_at", "pk")
    )
    archive.json("emails.json", [_email(m) for m in emails], rows=len(emails))
    return archive.finish(
        {"format": PERSON_FORMAT, "person": person.email, "created_at": timezone.now().isoformat()}
    )


LEFT_OUT = "(left out of the export: it held a sign-in key or a link)"


def _email(message: OutboxMessage) -> dict[str, Any]:
    """An email as it was sent, but for what carries a secret (an account email's sign-in key,
    a signed link): those are left out, a download being easier to lose than a mailbox."""
    if not message.template:
        subject, text = message.context.get("subject", ""), LEFT_OUT
    else:
        safe = dict(message.context)
        for key in SECRET_CONTEXT_KEYS & set(safe):
            safe[key] = LEFT_OUT
        shown = OutboxMessage(
            template=message.template,
            context=safe,
            recipient=message.recipient,
            association=message.association,
            idempotency_key=message.idempotency_key,
        )
        built = build_email(shown)
        subject, text = str(built.subject), str(built.body)
    return {
        "to": message.recipient,
        "subject": subject,
        "text": text,
        "sent_at": _moment(message.sent_at),
    }
