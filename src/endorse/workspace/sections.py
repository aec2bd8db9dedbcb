"""The evidence sections of the workspace: how each is shown and edited (title, form, the line
that describes an entry, how an entry is saved and removed). What a section *is* (its model,
related name, requirement) comes from the evidence table, `applications.evidence`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from endorse.applications import domain
from endorse.applications import forms as f
from endorse.applications.evidence import BY_SLUG, EvidenceSection
from endorse.applications.queries import CategoryNeeds
from endorse.references import domain as references


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    noun: str
    form: type[f.ApplicationForm]
    describe: Callable[[Any], str]
    # How an entry is saved and removed: plain evidence by default; a rater's request is sent on
    # saving, and withdrawn (kept, no longer counted) rather than deleted once sent.
    save: Callable[..., Any] = domain.evidence_save
    remove: Callable[..., Any] = domain.evidence_delete
    # How a run of monthly entries is added at once (RS/C sessions), where a section allows it.
    repeat: Callable[..., Any] | None = None
    save_label: str = "Save"
    saved_message: str = ""
    # The fields whose values, all equal to an existing entry's, make an entry most likely the
    # same one entered twice: adding it then asks first.
    same_as: tuple[str, ...] = ()
    # Not needed when another section meets the requirement (a certificate beside a degree).
    optional: bool = False
    # What staff still have to judge about an entry, when that is all that keeps it uncounted.
    waiting: str = "Waiting for staff to check this entry"
    # Whether the application's category asks for this section at all.
    shown: Callable[[CategoryNeeds], bool] = lambda needs: True

    @property
    def evidence(self) -> EvidenceSection:
        return BY_SLUG[self.key]

    @property
    def model(self) -> type[models.Model]:
        return self.evidence.model

    @property
    def requirement(self) -> str:
        return self.evidence.requirement

    @property
    def related_name(self) -> str:
        return self.evidence.key


def _dates(entry: Any) -> str:
    end = entry.end_on.isoformat() if entry.end_on else "ongoing"
    return f"{entry.start_on.isoformat()} to {end}"


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section(
            "degrees",
            "Degrees",
            "degree",
            f.DegreeForm,
            lambda e: (
                f"{e.get_type_display()}{', ' + e.field if e.field else ''} · {e.conferred_on.isoformat()} · transcript {e.transcript}"
            ),
            same_as=("type", "field", "conferred_on"),
            waiting="Waiting for staff to verify the transcript",
        ),
        Section(
            "certificates",
            "Certificates and specializations",
            "certificate",
            f.CertificateForm,
            lambda e: f"{e.title or e.get_kind_display()} · {e.completed_on.isoformat()}",
            same_as=("kind", "title", "completed_on"),
            optional=True,
            waiting="Waiting for staff to accept this certificate",
        ),
        Section(
            "licenses",
            "Licences",
            "licence",
            f.LicenseForm,
            lambda e: (
                f"{e.get_kind_display()} licence{' ' + e.number if e.number else ''} · issued {e.issued_on.isoformat()}"
                f" · {'expires ' + e.expires_on.isoformat() if e.expires_on else 'no expiry'}"
            ),
            shown=lambda needs: needs.licenses,
        ),
        Section(
            "trainings",
            "In-service training",
            "training",
            f.TrainingForm,
            lambda e: (
                f"{e.title} · {e.hours.normalize():f} hours · {_dates(e) if e.end_on else e.start_on.isoformat()}"
            ),
            same_as=("title", "start_on", "end_on", "hours"),
        ),
        Section(
            "work-experience",
            "Specialized work experience",
            "work entry",
            f.WorkForm,
            lambda e: f"{e.position}, {e.employer} · {_dates(e)}",
            same_as=("employer", "position", "start_on", "end_on"),
        ),
        Section(
            "leadership",
            "Leadership activities",
            "leadership activity",
            f.LeadershipForm,
            lambda e: f"{e.activity[:80]} · {e.get_level_display().lower()} level",
            same_as=("activity", "start_on", "end_on"),
            shown=lambda needs: needs.leadership,
        ),
        Section(
            "rsc",
            "Reflective supervision/consultation received",
            "RS/C entry",
            f.SupervisionForm,
            lambda e: f"{e.provider_name} · {e.hours.normalize():f} hours · {_dates(e)}",
            same_as=("provider_name", "start_on", "end_on", "hours"),
            waiting="Waiting for the coordinator to approve this provider",
            repeat=domain.supervision_add_monthly,
            shown=lambda needs: needs.rsc,
        ),
        Section(
            "references",
            "Reference raters",
            "reference rater",
            f.RaterForm,
            lambda e: f"{e.name} · {e.get_role_display()} · {e.email}",
            save=references.rater_save_and_send,
            remove=references.rater_remove,
            save_label="Save and send the request",
            saved_message="Saved. The request is on its way to the rater by email.",
            waiting="Waiting for staff to verify this rater's endorsement",
        ),
    )
}

# A model's name (as evidence events record it) → its section's key.
BY_MODEL_NAME: dict[str, str] = {s.model.__name__: s.key for s in SECTIONS.values()}
